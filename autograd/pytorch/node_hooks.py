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
result's node with `composed` (functional/saved.py). A Python number an op was given counts as an input of
its node here (`1 - x`, `x ** 2`, `x.fmod(1.5)`): a hook there gets a None for it that PyTorch's node (an
overload taking a number) does not have; the gradient for the tensor is PyTorch's."""
from ..function import Function
from ..primitives.linear import Linear
from ..primitives.saved import Saved

register_post_hook = Function.register_hook  # the engine's own: hook(grad_inputs, grad_outputs) after the rule


def register_hook(node, hook):
    """PyTorch's Node.register_hook, refused on the node of a composed op (see the module's docstring)."""
    name = getattr(node, "composed_op", None)
    if name is not None:
        raise NotImplementedError(
            f"{node!r}.register_hook(): glassgrad computes {name} as several primitives and this node is the last "
            f"of them, so its hook would not see the gradients with respect to {name}'s inputs that PyTorch's node "
            f"gives. Register a hook on a tensor instead: input.register_hook(hook) for the gradient with respect to "
            f"an input of {name}, or output.register_hook(hook) for the gradient with respect to its output.")
    return register_post_hook(node, hook)


def bind():
    Saved.composed_op = property(lambda node: node.label())
    Linear.composed_op = "linear"
    Function.register_hook = register_hook


bind()
