"""The real and imaginary parts of a tensor (what eig's complex results are read with).

As PyTorch's (and NumPy's z.real), each is a view: it shares z's memory and version counter, so a write through
z.real reaches z and a write into z is seen through z.real. glassgrad does not differentiate complex tensors, so
these carry no gradient; the real part of a real tensor is the tensor itself, as in PyTorch."""

from ..function import Function
from .arithmetic import require_tensor


class ComplexPart(Function):
    """out = Re a or Im a, a view of a's memory (NumPy's a.real, a.imag); never recorded: a complex tensor does
    not require grad in glassgrad, so no gradient rule is needed"""

    is_view = True

    __slots__ = ("part",)  # the parameters, kept without a per-node dict

    def __init__(self, part):
        self.part = part  # "real" or "imag"

    def forward(self, a):
        return getattr(a, self.part)


def real(input):
    """Re x: a float tensor (float32 for complex64) viewing x's memory, or x itself when x is real."""
    if require_tensor(input, "real").dtype.kind != "c":
        return input
    return ComplexPart.apply(input, part="real")


def imag(input):
    """Im x of a complex tensor, a view of x's memory; a real tensor has none (an error, as in PyTorch)."""
    require_tensor(input, "imag")
    if input.dtype.kind != "c":
        raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")
    return ComplexPart.apply(input, part="imag")
