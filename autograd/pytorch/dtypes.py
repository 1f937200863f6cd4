"""Dtypes that print as PyTorch's (`torch.float32`), for code run under glassgrad.install_as_torch().

glassgrad's dtypes are NumPy's, and NumPy's dtype classes cannot be subclassed, so under
install_as_torch() `torch.float32` and `tensor.dtype` are a thin `TorchDtype` around the NumPy dtype:
it prints as PyTorch's, compares and hashes equal to the NumPy dtype (`x.dtype == np.float32`, dict keys),
has its attributes (`.kind`, `.itemsize`, ...) and PyTorch's (`.is_floating_point`), and NumPy accepts it
wherever a dtype is asked for (through its `.dtype` attribute). Outside install_as_torch() nothing changes.
`dtype` (torch.dtype) is the class they all belong to, for isinstance checks and annotations.
"""
import abc

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
        if name == "dtype":  # (not set yet: an object being made by copy or pickle)
            raise AttributeError(name)
        return getattr(self.dtype, name)

    def __reduce__(self):  # pickled and copied as the one object for its dtype, as PyTorch's dtypes are
        return _wrapper, (self.dtype,)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    @property
    def is_floating_point(self):
        return self.dtype.kind == "f"

    @property
    def is_complex(self):
        return self.dtype.kind == "c"

    @property
    def is_signed(self):
        return self.dtype.kind in "ifc"


class dtype(metaclass=abc.ABCMeta):  # noqa: N801, B024  (PyTorch's name; an ABC only for register)
    """torch.dtype: the class of every dtype object glassgrad hands out, NumPy's dtypes (autograd.float32) and
    their TorchDtype wrappers (torch.float32 under install_as_torch()), so `isinstance(torch.float32,
    torch.dtype)` is True and `def f(x, dtype: torch.dtype = torch.float32)` reads as in PyTorch. As PyTorch's,
    it makes no instances of its own: a dtype is named (torch.float64), not constructed."""

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 'torch.dtype' instances")


dtype.register(np.dtype)
dtype.register(TorchDtype)

_WRAPPED = {}


def shown(dtype):
    """`dtype` as the library shows it: the NumPy dtype, or under install_as_torch() its TorchDtype."""
    return _wrapper(dtype) if mode.as_torch else dtype


def _wrapper(dtype):
    """The one TorchDtype of a NumPy dtype."""
    wrapped = _WRAPPED.get(dtype)
    if wrapped is None:
        wrapped = _WRAPPED[dtype] = TorchDtype(dtype)
    return wrapped
