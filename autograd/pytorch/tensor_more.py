"""Still more of PyTorch's Tensor methods, bound onto Tensor when autograd is imported: the indexed writes
(scatter, scatter_add, scatter_reduce, index_add, index_copy, index_fill, masked_scatter, index_put, put, each
with its in-place form), take, take_along_dim, div's rounding_mode and true_divide, unique, bincount, histc,
cummax, cummin, logcumsumexp, diff, nanmean, nanmedian, clip_ (isinf, isclose, nonzero, outer, clamp_min, ... are
in tensor_common.py); the in-place shape changes t_, transpose_ (swapaxes_,
swapdims_), squeeze_, unsqueeze_ (resize_ is refused: it changes a tensor's memory, which glassgrad's Tensors do
not do); and the memory formats channels_last / channels_last_3d, accepted by contiguous(), to(), clone() and
is_contiguous(). Each is a thin call into autograd.functional, where the operation is documented.
"""
import gc

import numpy as np

from .. import functional as F
from .. import inplace
from ..functional import indexed_writes as writes
from ..tensor import Tensor, bump_version
from ..functional.arithmetic import require_tensor
from .checks import broadcasts_to
from .tensor_extras import MEMORY_FORMATS, contiguous_format, memory_format

channels_last, channels_last_3d = memory_format("channels_last"), memory_format("channels_last_3d")
CHANNELS_LAST = {channels_last: 4, channels_last_3d: 5}  # the rank each applies to


def scatter(self, dim, index, src=None, *, value=None, reduce=None):
    return writes.scatter(self, dim, index, src, value=value, reduce=reduce)


def scatter_(self, dim, index, src=None, *, value=None, reduce=None):
    return inplace.apply_op(self, lambda x, s: writes.scatter(x, dim, index, s, value=value, reduce=reduce), src)


def scatter_add(self, dim, index, src):
    return writes.scatter_add(self, dim, index, src)


def scatter_add_(self, dim, index, src):
    return inplace.apply_op(self, lambda x, s: writes.scatter_add(x, dim, index, s), src)


def scatter_reduce(self, dim, index, src, reduce, *, include_self=True):
    return writes.scatter_reduce(self, dim, index, src, reduce, include_self=include_self)


def scatter_reduce_(self, dim, index, src, reduce, *, include_self=True):
    return inplace.apply_op(
        self, lambda x, s: writes.scatter_reduce(x, dim, index, s, reduce, include_self=include_self), src)


def index_add(self, dim, index, source, *, alpha=1):
    return writes.index_add(self, dim, index, source, alpha=alpha)


def index_add_(self, dim, index, source, *, alpha=1):
    return inplace.apply_op(self, lambda x, s: writes.index_add(x, dim, index, s, alpha=alpha), source)


def index_copy(self, dim, index, source):
    return writes.index_copy(self, dim, index, source)


def index_copy_(self, dim, index, source):
    return inplace.apply_op(self, lambda x, s: writes.index_copy(x, dim, index, s), source)


def index_fill(self, dim, index, value):
    return writes.index_fill(self, dim, index, value)


def index_fill_(self, dim, index, value):
    return inplace.apply_op(self, lambda x, v: writes.index_fill(x, dim, index, v), value)


def masked_scatter(self, mask, source):
    return writes.masked_scatter(self, mask, source)


def masked_scatter_(self, mask, source):
    require_tensor(mask, "masked_scatter_", "mask", 1)
    require_tensor(source, "masked_scatter_", "source", 2)
    if not broadcasts_to(mask.shape, self.shape):
        raise RuntimeError(f"masked_scatter_: the mask's shape {tuple(mask.shape)} does not broadcast to the "
                           f"tensor's shape {tuple(self.shape)}")
    return inplace.apply_op(self, lambda x, s: writes.masked_scatter(x, mask, s), source)


def div(self, other, *, rounding_mode=None):
    return F.div(self, other, rounding_mode=rounding_mode)


def div_(self, other, *, rounding_mode=None):
    return inplace.apply_op(self, lambda x, o: F.div(x, o, rounding_mode=rounding_mode), other)


def true_divide_(self, other):
    return inplace.apply_op(self, F.div, other)


def take(self, index):
    return F.take(self, index)


def take_along_dim(self, indices, dim=None):
    return F.take_along_dim(self, indices, dim)


def index_put(self, indices, values, accumulate=False):
    return F.index_put(self, indices, values, accumulate)


def index_put_(self, indices, values, accumulate=False):
    return inplace.apply_op(self, lambda x, v: F.index_put(x, indices, v, accumulate), values)


def put(self, index, source, accumulate=False):
    return F.put(self, index, source, accumulate)


def put_(self, index, source, accumulate=False):
    return inplace.apply_op(self, lambda x, s: F.put(x, index, s, accumulate), source)


def clip_(self, min=None, max=None):
    return inplace.apply_op(self, F.clamp, min, max)


def unique(self, sorted=True, return_inverse=False, return_counts=False, dim=None):
    return F.unique(self, sorted, return_inverse, return_counts, dim)


def unique_consecutive(self, return_inverse=False, return_counts=False, dim=None):
    return F.unique_consecutive(self, return_inverse, return_counts, dim)


def bincount(self, weights=None, minlength=0):
    return F.bincount(self, weights, minlength)


def histc(self, bins=100, min=0, max=0):
    return F.histc(self, bins, min, max)


def cummax(self, dim=None, *, axis=None):
    return F.cummax(self, dim, axis=axis)


def cummin(self, dim=None, *, axis=None):
    return F.cummin(self, dim, axis=axis)


def logcumsumexp(self, dim=None, *, axis=None):
    return F.logcumsumexp(self, dim, axis=axis)


def diff(self, n=1, dim=-1, prepend=None, append=None):
    return F.diff(self, n, dim, prepend, append)


def nanmean(self, dim=None, keepdim=False, *, dtype=None):
    return F.nanmean(self, dim, keepdim, dtype=dtype)


def nanmedian(self, dim=None, keepdim=False):
    return F.nanmedian(self, dim, keepdim)


def _reshape_in_place(self, name, function, *args):
    """self's shape changed in place to function(self, *args)'s (t_, transpose_, squeeze_, unsqueeze_). glassgrad does this
    by taking the new shape's values and history into self (PyTorch changes only the strides); refused, as any
    in-place change, for a leaf that requires grad while recording, and for a view (whose base would not follow).
    A retained grad (retain_grad()) is then self's in its new shape, where PyTorch's keeps the old shape's (its
    hook stays on the old node): a deliberate difference, pinned by a test."""
    if self._base is not None:
        raise RuntimeError(f"{name}: glassgrad cannot change the shape of a view in place (its base would not "
                           f"follow); use the out-of-place {name[:-1]}() instead")
    if self._requires_grad and _has_views(self):
        raise RuntimeError(f"{name}: this tensor has views taken before (x[0], x.view(...), ...) and glassgrad "
                           "records a view from its base's shape: after the change their gradients would be wrong; "
                           f"use the out-of-place {name[:-1]}(), or take the views after the change")
    inplace.check_allowed(self)
    result = function(self, *args)
    self._data = result._data
    if result._ctx is not None:  # self is now the new node's output (and its retained grad, if asked, is)
        inplace._take_history(self, result._ctx)
    bump_version(self)  # as PyTorch's: a node that saved self refuses backward afterwards
    return self


def _has_views(t):
    """Whether a live tensor is a view of t (found through the garbage collector's referrers: slow, but only an
    in-place shape change asks). A view's `_base` lives in its __dict__, which the collector reports as the
    view itself or, once the dict exists as an object, as that dict."""
    return any(other._base is t if isinstance(other, Tensor) else isinstance(other, dict) and other.get("_base") is t
               for other in gc.get_referrers(t))


def t_(self):
    return _reshape_in_place(self, "t_", F.t)


def transpose_(self, dim0, dim1):
    return _reshape_in_place(self, "transpose_", F.transpose, dim0, dim1)


def swapaxes_(self, axis0, axis1):
    return _reshape_in_place(self, "swapaxes_", F.transpose, axis0, axis1)


def swapdims_(self, dim0, dim1):
    return _reshape_in_place(self, "swapdims_", F.transpose, dim0, dim1)


def squeeze_(self, *dims, dim=None):  # (dims one by one too, as PyTorch's x.squeeze_(0, 1))
    dim = dims if len(dims) > 1 else dims[0] if dims else dim
    return _reshape_in_place(self, "squeeze_", F.squeeze, *(() if dim is None else (dim,)))


def unsqueeze_(self, dim):
    return _reshape_in_place(self, "unsqueeze_", F.unsqueeze, dim)


def resize_(self, *sizes, memory_format=None):
    """Refused unless the size is already self's: PyTorch's resize_ reallocates memory (keeping old values in a
    new layout, leaving others uninitialised), which glassgrad does not do. Use reshape(), or a new tensor."""
    if self.requires_grad:
        raise RuntimeError("cannot resize variables that require grad")
    size = tuple(sizes[0]) if len(sizes) == 1 and not isinstance(sizes[0], int) else tuple(sizes)
    if size == tuple(self.shape):
        return self
    raise RuntimeError(f"resize_: glassgrad does not resize a tensor's memory in place (from {tuple(self.shape)} to "
                       f"{size}); use reshape()/view() for the same number of elements, or make a new tensor")


def resize_as_(self, other, memory_format=None):
    return resize_(self, other.shape)


def _channels_last(x, format):
    """x laid out with channels last in memory (N, H, W, C order for a 4-D x), its shape and values unchanged."""
    rank = CHANNELS_LAST[format]
    if x.ndim != rank:
        raise RuntimeError(f"required rank {rank} tensor to use {format} format")
    order = (0, *range(2, rank), 1)
    return F.permute(F.contiguous(F.permute(x, *order)), *np.argsort(order))


def _wrap_memory_format(original):
    """original (contiguous, to or clone) that also takes memory_format=channels_last(_3d)."""
    def method(self, *args, memory_format=None, **kwargs):
        if memory_format in CHANNELS_LAST:
            if original.__name__ == "contiguous" and is_contiguous(self, memory_format):
                return self  # (already laid out so: self itself, as PyTorch's)
            return _channels_last(original(self, *args, **kwargs), memory_format)
        if memory_format is not None and memory_format not in MEMORY_FORMATS:
            raise TypeError(f"memory_format {memory_format!r} is not supported by glassgrad: use "
                            "torch.contiguous_format, torch.preserve_format or torch.channels_last")
        if memory_format == contiguous_format and original.__name__ == "clone":
            kwargs["memory_format"] = memory_format
        return original(self, *args, **kwargs)

    method.__name__, method.__doc__ = original.__name__, original.__doc__
    return method


def is_contiguous(self, memory_format=None):
    """Whether the elements lie in memory in row-major order (memory_format=channels_last: in N, H, W, C order)."""
    if memory_format in CHANNELS_LAST:
        rank = CHANNELS_LAST[memory_format]
        return self.ndim == rank and F.permute(self, 0, *range(2, rank), 1).detach().numpy().flags.c_contiguous
    return bool(self.detach().numpy().flags.c_contiguous)


def bind():
    for method in (scatter, scatter_, scatter_add, scatter_add_, scatter_reduce, scatter_reduce_, index_add,
                   index_add_, index_copy, index_copy_, index_fill, index_fill_, masked_scatter, masked_scatter_, div,
                   div_, true_divide_, resize_, resize_as_, is_contiguous, unique, unique_consecutive, bincount, histc,
                   cummax, cummin, logcumsumexp, diff, nanmean, nanmedian, take, take_along_dim, index_put,
                   index_put_, put, put_):
        setattr(Tensor, method.__name__, method)
    Tensor.true_divide = F.true_divide
    Tensor.clip_ = clip_
    Tensor.__itruediv__ = true_divide_
    for method in (t_, transpose_, swapaxes_, swapdims_, squeeze_, unsqueeze_):
        setattr(Tensor, method.__name__, method)
    Tensor.contiguous, Tensor.to, Tensor.clone = (_wrap_memory_format(m) for m in (Tensor.contiguous, Tensor.to,
                                                                                    Tensor.clone))


bind()
