"""Dtypes that print as PyTorch's (`torch.float32`), for code run under glassgrad.install_as_torch().

glassgrad's dtypes are NumPy's, and NumPy's dtype classes cannot be subclassed, so under
install_as_torch() `torch.float32` and `tensor.dtype` are a thin `TorchDtype` around the NumPy dtype:
it prints as PyTorch's, compares and hashes equal to the NumPy dtype (`x.dtype == np.float32`, dict keys),
has its attributes (`.kind`, `.itemsize`, ...) and PyTorch's (`.is_floating_point`), and NumPy accepts it
wherever a dtype is asked for (through its `.dtype` attribute). Outside install_as_torch() nothing changes.
"""
import numpy as np


class _Mode:
    as_torch = False  # set by glassgrad.install_as_torch()


mode = _Mode()


class TorchDtype:
    """A NumPy dtype that prints as PyTorch's: `torch.float32`."""

    __slots__ = ("dtype",)

    def __init__(self, dtype):
        self.dtype = np.dtype(dtype)  # NumPy reads a dtype from an object's `.dtype`

    def __repr__(self):
        return "torch." + self.dtype.name

    __str__ = __repr__

    def __eq__(self, other):
        try:
            return self.dtype == np.dtype(other)
        except TypeError:
            return NotImplemented

    def __hash__(self):
        return hash(self.dtype)

    def __getattr__(self, name):
        return getattr(self.dtype, name)

    @property
    def is_floating_point(self):
        return self.dtype.kind == "f"

    @property
    def is_complex(self):
        return self.dtype.kind == "c"

    @property
    def is_signed(self):
        return self.dtype.kind in "ifc"


_WRAPPED = {}


def shown(dtype):
    """`dtype` as the library shows it: the NumPy dtype, or under install_as_torch() its TorchDtype."""
    if not mode.as_torch:
        return dtype
    wrapped = _WRAPPED.get(dtype)
    if wrapped is None:
        wrapped = _WRAPPED[dtype] = TorchDtype(dtype)
    return wrapped
