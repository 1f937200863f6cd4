"""The node PyTorch records for an op that glassgrad composes of several primitives, where the op's backward
reads values it saved: it holds their version counters, so backward refuses once one was changed in place.

PyTorch's norm, median, logsumexp, softplus, mse_loss, ... save their input (and some their output) and refuse
in backward once it was changed in place. Composed here, their primitives saw masks, indices, copies or the
op's own intermediate values, not the user's tensor: backward went on, with the gradient of the old values.
"""
import re

from ..function import Function


class Saved(Function):
    """out = r, the composed op's result, unchanged (the same array);  dr = g, and nothing for the saved inputs:
    they are inputs only so that this node checks their versions (and, with `output`, the output's)."""

    __slots__ = ("node_name",)  # the parameters, kept without a per-node dict

    def __init__(self, name, output=False):
        self.node_name = name  # PyTorch's node name, e.g. "NormBackward1" (grad_fn.name() gives it)
        if output:
            self.saves_output = True

    def forward(self, result, *saved):
        return result

    def reads_input(self, i):
        return i > 0  # the composed result flows through; the op's inputs are what its backward would read

    def backward(self, ops, g):
        return (g,) + (None,) * (len(self.inputs) - 1)

    def __repr__(self):
        return f"<{self.node_name}>"

    def label(self):
        return re.sub(r"(?<!^)(?=[A-Z])", "_", re.sub(r"Backward\d+$", "", self.node_name)).lower()
