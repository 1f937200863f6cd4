"""What a backward rule computes with: NumPy arrays, or Tensors while the backward pass is recorded.

A rule receives one of these two namespaces as `ops` and writes
    a, b = ops.inputs(self)            the values it saved (arrays, or Tensors in the graph)
    ops(Exp, a)                        a primitive run on them: its forward on arrays, or recorded
and Python's operators (g * b, g @ b.T, -g) for the rest. An ordinary backward pass (ARRAYS) costs the
NumPy calls and nothing else; with create_graph=True (TENSORS) every step of the rule is recorded, so
gradients of gradients flow through the same rule text.
"""
import numpy as np

from .tensor import Tensor


class ArrayOps:
    """Rules on NumPy arrays: an ordinary backward pass."""

    records = False

    def __call__(self, primitive, *arrays, **params):
        return primitive(**params).forward(*arrays)

    def inputs(self, node):
        return node.inputs

    def output(self, node):
        return node.output

    def array(self, x):
        """x's values as a NumPy array (rules compute masks and indices from them)."""
        return x


class TensorOps:
    """Rules on Tensors, every step recorded: the backward pass of create_graph=True."""

    records = True

    def __call__(self, primitive, *args, **params):
        tensors = []
        for a in args:  # a number (a rule's 0 or 1) becomes a constant of the tensors' dtype
            if not isinstance(a, Tensor):
                a = Tensor(np.asarray(a, dtype=next(t for t in args if isinstance(t, Tensor))._data.dtype))
            tensors.append(a)
        return primitive.apply(*tensors, **params)

    def inputs(self, node):
        """The saved inputs as Tensors whose history is the inputs' own (so the gradient of a
        gradient reaches them): a leaf that requires grad is itself, another input is rebuilt from
        its array with the node that made it."""
        tensors, counters = [], node.counters if node.reads_inputs else [None] * len(node.inputs)
        for array, edge, counter in zip(node.inputs, node.edges, counters, strict=True):
            if isinstance(edge, Tensor):
                tensors.append(edge)
            else:
                tensors.append(_in_graph(array, edge, counter))
        return tuple(tensors)

    def output(self, node):
        return _in_graph(node.output, node, node.output_counter)

    def array(self, x):
        return x._data


def _in_graph(array, node, counter):
    """A Tensor holding `array` whose history is `node` (None: a constant), and the version counter of the tensor it
    was saved from: a node recorded on it refuses to run after an in-place write to that tensor, as PyTorch's."""
    tensor = Tensor(array)
    tensor._counter = counter
    if node is not None:
        tensor._ctx, tensor._requires_grad = node, True
    return tensor


ARRAYS = ArrayOps()
TENSORS = TensorOps()
