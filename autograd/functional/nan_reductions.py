"""Reductions that skip NaNs (PyTorch's nanmean and nanmedian), composed of nansum, sum and median's pieces:

    nanmean(x, dim)   = nansum(x, dim) / (the number of entries that are not NaN)   (0/0 = NaN where all are)
    nanmedian(x, dim) = x at the lower median's position among the entries that are not NaN, (k − 1) // 2 of
                        the k of them in sorted order (NaN where all are NaN)
"""

import numpy as np

from ..pytorch import return_types
from ..pytorch.checks import canonical_dim
from ..tensor import Tensor
from .arithmetic import isnan, logical_not
from .reductions import amax, mean, sum
from .reductions_more import nansum
from .saved import composed
from .shapes import gather, reshape, squeeze
from .sorting import argsort


def nanmean(input, dim=None, keepdim=False, *, dtype=None):
    """The mean of the entries that are not NaN, over dim (all when None); NaN where all are NaN. Floats only,
    as PyTorch's; the gradient is 1/k for each of the k entries counted and 0 for the NaNs. (Where all entries are
    NaN, glassgrad's gradient is 0 and PyTorch's NaN, its inf · 0: a deliberate difference, pinned by a test.)"""
    if not isinstance(input, Tensor):
        raise TypeError(f"nanmean(): argument 'input' must be Tensor, not {type(input).__name__}")
    if input.dtype.kind not in "fc":  # (also with a float dtype=, as PyTorch's)
        raise RuntimeError(f"nanmean(): expected input to have floating point or complex dtype but got {input.dtype}")
    if dtype is not None:
        input = input.to(dtype)
    counted = sum(logical_not(isnan(input)), dim, keepdim)
    return nansum(input, dim, keepdim) / counted.to(input.dtype)


def nanmedian(input, dim=None, keepdim=False):
    """The lower median of the entries that are not NaN: of all elements (a 0-d tensor) when dim is None, else
    (values, indices) along dim; NaN where all are NaN (at an index of a NaN: which one PyTorch does not promise).
    Along dim the gradient flows to the chosen entry; over all elements it is shared evenly by the entries equal
    to the median, as PyTorch's."""
    if not isinstance(input, Tensor):
        raise TypeError(f"nanmedian(): argument 'input' must be Tensor, not {type(input).__name__}")
    if dim is not None:
        canonical_dim(dim, input.ndim, "nanmedian")  # (a dim out of range is named before the dtype, as PyTorch)
    if input.dtype == np.bool_:
        raise NotImplementedError('"nanmedian" not implemented for \'Bool\'')
    if dim is None:
        if keepdim:
            raise TypeError('nanmedian() missing 1 required positional arguments: "dim" (keepdim needs a dim)')
        if input.numel() == 0 and input.dtype.kind in "fc":
            return sum(input) * float("nan")  # PyTorch's NaN, with an all-zero gradient
        if input.numel() == 0:
            raise RuntimeError("nanmedian() input tensor cannot be empty")
        flat = reshape(input, -1)
        value = nanmedian(flat.detach(), 0).values.item()
        if value != value:  # all NaN: each shares the gradient (their mean is NaN)
            return composed(mean(flat), "nanmedian", input)
        return composed(amax(flat[flat.detach() == value]), "nanmedian", input)
    axis = canonical_dim(dim, input.ndim, "nanmedian")
    flat = reshape(input, 1) if input.ndim == 0 else input
    if flat.shape[axis] == 0:
        raise IndexError(f"nanmedian(): Expected reduction dim {axis} to have non-zero size.")
    order = argsort(flat.detach(), axis, stable=True).numpy()  # NaNs sort last
    counted = np.sum(~np.isnan(flat.detach().numpy()), axis=axis, keepdims=True) if flat.dtype.kind == "f" else (
        np.full(order.shape[:axis] + (1,) + order.shape[axis + 1:], flat.shape[axis]))
    position = np.maximum(counted - 1, 0) // 2
    index = Tensor(np.ascontiguousarray(np.take_along_axis(order, position, axis)))
    values = gather(flat, axis, index)
    if not keepdim or input.ndim == 0:
        values, index = squeeze(values, axis), squeeze(index, axis)
    return return_types.nanmedian(composed(values, "nanmedian", input), index)
