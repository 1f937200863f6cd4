"""More of PyTorch's Tensor methods, bound onto Tensor when autograd is imported: prod, median, nansum,
count_nonzero, as_strided, unfold, unflatten, select, maximum / minimum / where as methods, expm1(_), rsqrt(_), half(),
nelement(), element_size(), storage_offset(), and PyTorch's extra arguments of numpy(force=), clone(memory_format=) and
copy_(non_blocking=). Each is a thin call into autograd.functional (where the operation is documented).
"""
import numpy as np

from .. import functional as F
from ..tensor import Tensor
from .checks import numpy_names
from .tensor_operators import _in_place


class memory_format(str):  # noqa: N801  (PyTorch's name)
    """A memory layout clone() accepts: contiguous_format (row-major) or preserve_format (the input's)."""

    def __repr__(self):
        return f"torch.{str(self)}"


contiguous_format, preserve_format = memory_format("contiguous_format"), memory_format("preserve_format")
MEMORY_FORMATS = (contiguous_format, preserve_format)


@numpy_names
def prod(self, dim=None, keepdim=False, *, dtype=None):
    return F.prod(self, dim, keepdim, dtype=dtype)


@numpy_names
def median(self, dim=None, keepdim=False):
    return F.median(self, dim, keepdim)


@numpy_names
def nansum(self, dim=None, keepdim=False, *, dtype=None):
    return F.nansum(self, dim, keepdim, dtype=dtype)


@numpy_names
def count_nonzero(self, *dims, dim=None):  # (dims one by one too, as PyTorch's x.count_nonzero(0, 1))
    return F.count_nonzero(self, dims if len(dims) > 1 else dims[0] if dims else dim)


def as_strided(self, size, stride, storage_offset=None):
    return F.as_strided(self, size, stride, storage_offset)


def unfold(self, dimension, size, step):
    return F.unfold(self, dimension, size, step)


def unflatten(self, dim, sizes):
    return F.unflatten(self, dim, sizes)


def select(self, dim, index):
    return F.select(self, dim, index)


def maximum(self, other):
    return F.maximum(self, other)


def minimum(self, other):
    return F.minimum(self, other)


def where(self, condition, other):
    """self where condition is true, else other (autograd.where(condition, self, other))."""
    return F.where(condition, self, other)


def half(self, memory_format=None):
    return F.to(self, np.float16)


def nelement(self):
    """The number of elements (numel())."""
    return self.numel()


def element_size(self):
    """The size of one element in bytes (4 for float32)."""
    return self.dtype.itemsize


def storage_offset(self):
    """How many elements into its storage (its base's memory, for a view) this tensor's first element lies."""
    if self._base is None or not np.may_share_memory(self._data, self._base._data):  # (a pickled view: its own memory)
        return 0
    start = self._data.__array_interface__["data"][0] - self._base._data.__array_interface__["data"][0]
    return start // self.dtype.itemsize


def clone(input, *, memory_format=preserve_format):
    """torch.clone(x): x.clone(), a copy that stays in the graph."""
    if not isinstance(input, Tensor):
        raise TypeError(f"clone(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    return input.clone(memory_format=memory_format)


def _check_memory_format(memory_format):
    if memory_format is not None and memory_format not in MEMORY_FORMATS:
        raise TypeError(f"memory_format {memory_format!r} is not supported by glassgrad: use "
                           "torch.contiguous_format or torch.preserve_format")


def bind():
    for method in (prod, median, nansum, count_nonzero, as_strided, unfold, unflatten, select, maximum, minimum,
                   where, half, nelement, element_size, storage_offset):
        setattr(Tensor, method.__name__, method)
    Tensor.expm1, Tensor.rsqrt = F.expm1, F.rsqrt
    Tensor.expm1_, Tensor.rsqrt_ = _in_place(F.expm1, "expm1_"), _in_place(F.rsqrt, "rsqrt_")
    numpy, clone, copy_ = Tensor.numpy, Tensor.clone, Tensor.copy_

    def numpy_(self, *, force=False):
        """The array behind this tensor (shared memory); force=True detaches first, as PyTorch's."""
        if not isinstance(force, bool):
            raise TypeError(f"numpy(): argument 'force' must be bool, not {type(force).__name__}")
        return numpy(self.detach() if force else self)

    def clone_(self, *, memory_format=preserve_format):
        _check_memory_format(memory_format)
        result = clone(self)
        return F.contiguous(result) if memory_format == contiguous_format else result

    def copy_in(self, src, non_blocking=False):
        """self's elements overwritten by src's (broadcast), in place; non_blocking is accepted (CPU: no effect)."""
        return copy_(self, src)

    for method, name, original in ((numpy_, "numpy", numpy), (clone_, "clone", clone), (copy_in, "copy_", copy_)):
        method.__name__, method.__qualname__ = name, f"Tensor.{name}"
        method.__doc__ = method.__doc__ or original.__doc__
        setattr(Tensor, name, method)


bind()
