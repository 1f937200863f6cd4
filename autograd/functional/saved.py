"""one_node: a composed op's result recorded as PyTorch records the op, one node that saves what its backward
reads (primitives/saved.py), so that backward refuses once one of those tensors was changed in place."""
import functools

from ..grad_mode import is_grad_enabled
from ..primitives.saved import Saved
from ..tensor import Tensor


def one_node(result, name, *saved, output=False):
    """`result`, behind a node named `name` (PyTorch's, e.g. "NormBackward1") that saves the tensors in `saved`
    (the op's inputs its backward reads) and, with output=True, the result itself, as PyTorch's node does:
    backward refuses, with PyTorch's error, once one of them was changed in place after the op."""
    if not (isinstance(result, Tensor) and result.requires_grad and is_grad_enabled()):
        return result
    return Saved.apply(result, *(t for t in saved if isinstance(t, Tensor)), name=name, output=output)


def number_inputs(result, *positions):
    """`result`, its node told that its inputs at `positions` were Python numbers that PyTorch's node does not
    count (the 3 of x ** 3, the 2 of x.fmod(2)): a grad_fn hook and next_functions leave them out, as PyTorch's
    (pytorch/node_hooks.py)."""
    node = result.grad_fn if isinstance(result, Tensor) else None
    if node is not None:
        node.number_inputs = positions
    return result


def composed(result, name, *inputs):
    """`result`, made by the op `name` as several primitives, its node marked as that op's (`composed_op`), so
    that a hook registered on it is refused (pytorch/node_hooks.py) instead of seeing the last primitive's
    gradients. An input returned unchanged keeps its own node unmarked."""
    node = result.grad_fn if isinstance(result, Tensor) else None
    if node is not None and getattr(node, "composed_op", None) is None and all(
            node is not getattr(t, "grad_fn", None) for t in inputs):
        node.composed_op = name
    return result


def composite(name):
    """A decorator: the function's result is `composed` (above) from its tensor arguments, for an op glassgrad
    makes of several primitives that has no other place to say so (mish, einsum, cdist, ...)."""
    def decorate(function):
        @functools.wraps(function)
        def op(*args, **kwargs):
            return composed(function(*args, **kwargs), name, *args, *kwargs.values())
        return op
    return decorate
