"""Hooks on the node of an op that glassgrad composes of several primitives are refused, clearly.

PyTorch records norm, softmax, layer_norm, gelu, mse_loss, linear, ... as one node each, and
`y.grad_fn.register_hook(hook)` hands the hook the gradients with respect to that op's inputs. glassgrad records
such an op as several primitives (or as their result behind a node that only checks the saved inputs' versions,
functional/saved.py): `y.grad_fn` is the last of them, and its hook would see that primitive's gradients (other
values, another number of them), and a gradient it returned would be used in another place. So registering a
hook there raises NotImplementedError naming the op; a hook on a tensor is the same in both libraries:
`input.register_hook(hook)` sees the gradient with respect to the op's input, `y.register_hook(hook)` the one
with respect to its output (what PyTorch hands a node's pre-hook).

A node knows it is such an op's by `composed_op`, the op's name: a Saved node is one (its label), Linear is one
(PyTorch's AddmmBackward0 takes the transposed weight, in another order), and composed functions name their
result's node with `composed` or the `composite` decorator (functional/saved.py); so do ops whose one primitive
has other inputs than PyTorch's node (square is x · x, masked_fill a where). bind() below names the rest: the
nodes of in-place writes (zero_, fill_, copy_, `t[i] = v`, a write through a view), whose inputs are in another
order than PyTorch's, the pieces of split, chunk and unbind (one node each here; PyTorch's share one, with a
gradient per piece), and an index of several parts (`x[1, 2]`, `x[1:, 1:]`: one node here, one per part in PyTorch's).

Where a hook is allowed, its grad_inputs are what the node sends (engine.run_rule): one per input, in its shape
and dtype, None for an input that needs no gradient (PyTorch's cat and stack give a tensor there, which goes
nowhere). A Python number counts as an input where PyTorch's node counts it (`x + 1`, `2 * x`, `x / 2` have a
None for it); where PyTorch's does not (`1 - x`, `2 ** x`, `x ** 3`, `x.fmod(2)`: the node's `number_inputs`), the
hook is given the tuple without it, and next_functions leave it out, as PyTorch's."""
from ..function import Function
from ..functional.named_views import NamedGetItem
from ..inplace import Overwrite
from ..primitives.linear import Linear
from ..primitives.saved import Saved
from ..primitives.shapes import GetItem
from ..primitives.writes import CopySlices, IndexPut

register_post_hook = Function.register_hook  # the engine's own: hook(grad_inputs, grad_outputs) after the rule


def register_hook(node, hook):
    """PyTorch's Node.register_hook, refused on the node of a composed op (see the module's docstring)."""
    name = getattr(node, "composed_op", None)
    if name is not None:
        raise NotImplementedError(
            f"{node!r}.register_hook(): glassgrad's node for {name} does not have the inputs PyTorch's node has (it is "
            f"the last of several primitives, or its inputs differ in number, order or meaning), so its hook would not see "
            f"the gradients with respect to the op's inputs that PyTorch's node gives. Register a hook on a tensor "
            f"instead: input.register_hook(hook) for the gradient with respect to an input of the op, or "
            f"output.register_hook(hook) for the gradient with respect to its output.")
    numbers = node.number_inputs
    return register_post_hook(node, _without_numbers(hook, numbers) if numbers else hook)


def _without_numbers(hook, numbers):
    """hook, given grad_inputs without the entries at `numbers` (Python numbers PyTorch's node does not count), its
    result given them back (as None: a number gets no gradient)."""
    def without_numbers(grad_inputs, grad_outputs):
        given = tuple(g for i, g in enumerate(grad_inputs) if i not in numbers)
        result = hook(given, grad_outputs)
        if not isinstance(result, tuple):
            return result  # (None, or what the engine refuses with PyTorch's error)
        if len(result) != len(given):
            raise RuntimeError(f"hook '{getattr(hook, '__name__', hook)}' has returned an incorrect number of values "
                               f"(got {len(result)}, but expected {len(given)})")
        result = list(result)
        for i in numbers:
            result.insert(i, None)
        return tuple(result)
    return without_numbers


def _index_op(node):
    """A GetItem node's composed op: the one a composed function named it with (_name_op), or for x[index] (not
    the ops made of a GetItem, as flip) an index of several parts."""
    several = type(node) is GetItem and _index_parts(node) > 1
    return node.__dict__.get("composed_op") or ("an index of several parts" if several else None)


def _name_op(node, name):
    node.__dict__["composed_op"] = name


def _index_parts(node):
    """How many nodes PyTorch records for the index of this GetItem node: one per int, None and slice short of its
    whole dim, and one for all the integer arrays (masks are arrays by now) together."""
    shape, dim, parts, arrays = node.inputs[0].shape, 0, 0, False
    for item in node.index:
        if item is Ellipsis:
            dim += len(shape) - sum(i is not None and i is not Ellipsis for i in node.index)
            continue
        if isinstance(item, slice):
            parts += item.indices(shape[dim]) != (0, shape[dim], 1)
        elif isinstance(item, bool):  # (a 0-d mask: PyTorch's unsqueeze, then an index)
            parts += 2
            continue
        elif item is None or isinstance(item, int):
            parts += 1
        else:
            arrays = True
        dim += item is not None
    return parts + arrays


def bind():
    Saved.composed_op = property(lambda node: node.label())
    Linear.composed_op = "linear"
    Overwrite.composed_op = property(lambda node: f"an in-place {node.node_name[:-len('Backward0')].lower()}")
    CopySlices.composed_op = IndexPut.composed_op = "an in-place write through a view or an index"
    NamedGetItem.composed_op = property(  # (PyTorch's pieces of one split share one node, with one input per piece)
        lambda node: node.op.lower() if node.op in ("Split", "SplitWithSizes", "Unbind") else None)
    GetItem.composed_op = property(_index_op, _name_op)
    Function.number_inputs = ()
    Function.register_hook = register_hook


bind()
