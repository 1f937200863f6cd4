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
result's node with `composed` (functional/saved.py). So do the ops whose one primitive has other inputs than
PyTorch's node: square (x · x), masked_fill, and a Python number before the tensor (`1 - x`, `2 ** x`).

Where a hook is allowed, its grad_inputs are PyTorch's: one per input of the node, None for an input that needs no
gradient. A Python number after the tensor counts as an input (`x + 1`, `2 * x`, `x / 2` have a None for it, as
PyTorch's nodes do); for `x ** 2` and `x.fmod(1.5)` that None is one PyTorch's node does not have, so a hook there
must return two entries (one too few is refused with PyTorch's RuntimeError)."""
from ..function import Function
from ..primitives.linear import Linear
from ..primitives.saved import Saved

register_post_hook = Function.register_hook  # the engine's own: hook(grad_inputs, grad_outputs) after the rule


def register_hook(node, hook):
    """PyTorch's Node.register_hook, refused on the node of a composed op (see the module's docstring)."""
    name = getattr(node, "composed_op", None)
    if name is not None:
        raise NotImplementedError(
            f"{node!r}.register_hook(): glassgrad's node for {name} does not have the inputs PyTorch's node has (it is "
            f"the last of several primitives, or it counts a Python number as an input), so its hook would not see "
            f"the gradients with respect to {name}'s inputs that PyTorch's node gives. Register a hook on a tensor "
            f"instead: input.register_hook(hook) for the gradient with respect to an input of {name}, or "
            f"output.register_hook(hook) for the gradient with respect to its output.")
    return register_post_hook(node, hook)


def bind():
    Saved.composed_op = property(lambda node: node.label())
    Linear.composed_op = "linear"
    Function.register_hook = register_hook


bind()
