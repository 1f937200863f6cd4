"""The real and imaginary parts of a tensor (what eig's complex results are read with).

glassgrad does not differentiate complex tensors, so these carry no gradient; the real part of a
real tensor is the tensor itself, as in PyTorch."""

import numpy as np

from ..tensor import Tensor


def real(input):
    """Re x: a float tensor (float32 for complex64), or x itself when x is real."""
    if input.dtype.kind != "c":
        return input
    return Tensor(np.ascontiguousarray(input.numpy().real))


def imag(input):
    """Im x of a complex tensor; a real tensor has none (an error, as in PyTorch)."""
    if input.dtype.kind != "c":
        raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")
    return Tensor(np.ascontiguousarray(input.numpy().imag))
