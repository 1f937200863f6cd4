"""Counting and searching (PyTorch's unique, unique_consecutive, bincount, histc, searchsorted, bucketize).

Their results are counts, positions or a set of values: none has a gradient in PyTorch. As there, unique's values
and bincount's weighted counts made from a tensor that requires grad require grad too, and backward through them
is refused (a NoDerivative node); the rest are tensors outside the graph. unique always sorts, which
PyTorch's sorted=False allows (its CPU kernel sorts too); each NaN is a value of its own, as in PyTorch.
"""
import numpy as np

nan = float("nan")

from ..grad_mode import is_grad_enabled
from ..primitives.scatter import NoDerivative
from ..pytorch.checks import canonical_dim, integer
from ..tensor import Tensor


def _array(input, op, name="input"):
    if not isinstance(input, Tensor):
        raise TypeError(f"{op}(): argument '{name}' must be Tensor, not {type(input).__name__}")
    return input.detach().numpy()


def _refusing(result, source, op, error=RuntimeError):
    """result as a Tensor; one whose backward refuses (PyTorch's rule) when made from `source` requiring grad."""
    result = np.ascontiguousarray(result)
    if is_grad_enabled() and source.requires_grad:
        return NoDerivative.apply(source, result=result, op=op, error=error)
    return Tensor(result)


def _results(values, inverse, counts, return_inverse, return_counts):
    out = [values]
    if return_inverse:
        out.append(Tensor(np.array(inverse, dtype=np.int64)))  # (0-d for a 0-d input, as PyTorch's)
    if return_counts:
        out.append(Tensor(np.ascontiguousarray(counts, dtype=np.int64)))
    return out[0] if len(out) == 1 else tuple(out)


def _check_empty_dims(array, axis, op):
    """PyTorch's refusals of unique along a dim of a 0-d tensor, or of an empty tensor: only the chosen dim may
    have size 0."""
    if array.ndim == 0:
        raise IndexError(f"{op}(): Dimension specified as {axis} but tensor has no dimensions")
    empty = [d for d, n in enumerate(array.shape) if n == 0]
    if len(empty) > 1:
        raise RuntimeError(f"Number of zero sized dimensions is more than one, so {op} cannot be applied")
    if empty and empty[0] != axis:
        raise RuntimeError(f"There are 0 sized dimensions, and they aren't selected, so {op} cannot be applied")


def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """The distinct values of input, sorted (of all elements, or the distinct slices along dim); with
    return_inverse each element's (slice's) position among them, with return_counts how often each occurs."""
    array = _array(input, "unique")
    if dim is None:
        values, inverse, counts = np.unique(array.reshape(-1), return_inverse=True, return_counts=True,
                                            equal_nan=False)
        return _results(_refusing(values, input, "_unique2", NotImplementedError), inverse.reshape(array.shape),
                        counts, return_inverse, return_counts)
    axis = canonical_dim(dim, array.ndim, "unique")
    _check_empty_dims(array, axis, "unique")
    values, inverse, counts = np.unique(array, return_inverse=True, return_counts=True, axis=axis)
    return _results(_refusing(values, input, "unique_dim", NotImplementedError), inverse.reshape(-1), counts,
                    return_inverse, return_counts)


def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """input with each run of equal consecutive values (slices along dim) kept once; with return_inverse each
    element's run number, with return_counts each run's length."""
    array = _array(input, "unique_consecutive")
    if dim is not None:
        _check_empty_dims(array, canonical_dim(dim, array.ndim, "unique_consecutive"), "unique_consecutive")
    lines = array.reshape(-1, 1) if dim is None else np.moveaxis(array, canonical_dim(dim, array.ndim,
                                                                                     "unique_consecutive"), 0)
    flat = lines.reshape(len(lines), int(np.prod(lines.shape[1:])))
    starts = np.ones(len(flat), dtype=bool)
    starts[1:] = np.any(flat[1:] != flat[:-1], axis=1)
    inverse = np.cumsum(starts) - 1
    counts = np.diff(np.append(np.flatnonzero(starts), len(flat)))
    values = array.reshape(-1)[starts] if dim is None else np.moveaxis(lines[starts], 0, canonical_dim(
        dim, array.ndim, "unique_consecutive"))
    return _results(_refusing(values, input, "unique_consecutive", NotImplementedError),
                    inverse.reshape(array.shape) if dim is None else inverse, counts, return_inverse, return_counts)


def bincount(input, weights=None, minlength=0):
    """out[k] = how many entries of input (a 1-D tensor of non-negative integers, not bools) equal k (the sum of their
    weights with weights), for k < max(max(input) + 1, minlength): int64, or with weights float32 for float32
    weights and float64 for any other (float16 and integers included), as PyTorch's; an empty input gives int64
    zeros, weights or not, as PyTorch's."""
    array = _array(input, "bincount")
    minlength = integer(minlength, "bincount", "minlength")
    if array.dtype.kind not in "iu":  # bools too, as PyTorch refuses them
        raise NotImplementedError(f"\"bincount_cpu\" not implemented for '{'Bool' if array.dtype == bool else array.dtype}'")
    if array.ndim != 1 or (array.size and array.min() < 0):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    if weights is None:
        return Tensor(np.bincount(array, minlength=minlength).astype(np.int64))
    weight = _array(weights, "bincount", "weights")
    if weight.shape != array.shape:
        raise RuntimeError("weights should be 1-d and have the same length as input")
    if not array.size:  # (PyTorch's early return: int64 zeros, whatever the weights)
        return Tensor(np.zeros(minlength, dtype=np.int64))
    dtype = np.dtype(np.float32 if weight.dtype == np.float32 else np.float64)
    counts = np.zeros(max(int(array.max()) + 1 if array.size else 0, minlength), dtype=dtype)
    np.add.at(counts, array, weight.astype(dtype))
    return _refusing(counts, weights, "aten::bincount")


def histc(input, bins=100, min=0, max=0):
    """How many entries fall into each of `bins` equal-width bins spanning [min, max] (the data's own range when
    both are 0, refused when the data hold a NaN; widened by 1 on each side when that is a single value), in
    input's float dtype. Entries outside the range and NaNs are not counted; an entry equal to max counts in the last bin."""
    array = _array(input, "histc")
    bins = integer(bins, "histc", "bins")
    if array.dtype.kind != "f":
        raise NotImplementedError(f"\"histogram_cpu\" not implemented for '{array.dtype}'")
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")
    low, high = float(min), float(max)
    finite = array[~np.isnan(array)]
    if low == high and array.size:  # the data's range: NaN when it holds a NaN, refused below as PyTorch's
        low, high = (nan, nan) if finite.size < array.size else (float(finite.min()), float(finite.max()))
    if low == high:
        low, high = low - 1, high + 1
    if low > high:
        raise RuntimeError("torch.histc: max must be larger than min")
    if not (np.isfinite(low) and np.isfinite(high)):
        raise RuntimeError(f"torch.histc: range of [{low:g}, {high:g}] is not finite")
    inside = finite[(finite >= low) & (finite <= high)]
    position = np.minimum(_bin_positions(inside, low, high, bins), bins - 1)
    return Tensor(np.bincount(position, minlength=bins).astype(array.dtype))


def _bin_positions(values, low, high, bins):
    """⌊(x − min)·bins / (max − min)⌋, PyTorch's formula in the values' dtype (so an x at a bin's edge lands where
    PyTorch puts it); where that overflows the dtype (float16 [0, 1000] with 100 bins), (x − min)/(max − min)·bins
    in float64, halved first when max − min overflows float64 too. PyTorch's own counts are wrong there (it puts
    both of float16 [0, 60000] into the first bin); these are the true bins."""
    if not all(abs(bound) <= np.finfo(values.dtype).max for bound in (low, high)):
        name = {"float16": "c10::Half", "float32": "float"}.get(values.dtype.name, values.dtype.name)
        raise RuntimeError(f"value cannot be converted to type {name} without overflow")
    with np.errstate(over="ignore", invalid="ignore"):
        position = (values - values.dtype.type(low)) * bins / (values.dtype.type(high) - values.dtype.type(low))
        overflowed = ~np.isfinite(position)
        if overflowed.any():
            half = 0.5 if np.isinf(high - low) else 1.0
            wide, position = values[overflowed].astype(np.float64), position.astype(np.float64)  # (bins past 2048 need it)
            position[overflowed] = np.minimum((wide * half - low * half) / (high * half - low * half) * bins, bins)
    return position.astype(np.int64)


def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None):
    """For each value, the index at which inserting it keeps sorted_sequence's innermost dim sorted: the first
    such place, or the last with right=True / side='right'. sorted_sequence is 1-D, or has input's leading dims
    (one sorted row per row of values); a number as input gives a 0-d result; sorter gives the order that sorts
    an unsorted sequence. NaNs are searched as PyTorch's binary search does (_binary_search)."""
    boundaries = _array(sorted_sequence, "searchsorted", "sorted_sequence")
    if boundaries.ndim == 0:
        raise RuntimeError("torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 "
                           "dimension")
    scalar = not isinstance(input, Tensor)
    values = np.asarray(input) if scalar else input.detach().numpy()
    if side is not None and side not in ("left", "right"):
        raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but got {side}")
    if side == "left" and right:
        raise RuntimeError("torch.searchsorted(): side and right can't be set to opposites, got side of left while "
                           "right was True")
    side = side or ("right" if right else "left")
    if sorter is not None:
        order = _array(sorter, "searchsorted", "sorter")
        if order.shape != boundaries.shape:
            raise RuntimeError("torch.searchsorted(): boundary and sorter must have the same size")
        boundaries = np.take_along_axis(boundaries, order.astype(np.intp), axis=-1)
    if boundaries.ndim > 1 and (scalar or values.shape[:-1] != boundaries.shape[:-1]):
        raise RuntimeError("torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 "
                           "dimensions of boundaries tensor and input value tensor must match, but we got "
                           f"boundaries tensor {list(boundaries.shape)} and input value tensor {list(values.shape)}")
    if boundaries.ndim == 1:
        rows_b, rows_v = boundaries.reshape(1, -1), values.reshape(1, -1)
    else:
        rows_b, rows_v = (a.reshape(int(np.prod(a.shape[:-1])), a.shape[-1]) for a in (boundaries, values))
    out = _binary_search(rows_b, rows_v, side == "right")
    return Tensor(out.astype(np.int32 if out_int32 else np.int64).reshape(values.shape))


def _binary_search(rows, values, right):
    """For each row of values, PyTorch's binary search in the same row of rows: move right of the middle unless
    middle ≥ value (middle > value when `right`). On sorted rows that is np.searchsorted; with NaNs it is
    PyTorch's answer too (a comparison with NaN is false, so the search moves right past it)."""
    low = np.zeros(values.shape, dtype=np.int64)
    high = np.full(values.shape, rows.shape[1], dtype=np.int64)
    while rows.shape[1] and (active := low < high).any():
        middle = (low + high) // 2
        middle_value = np.take_along_axis(rows, np.minimum(middle, rows.shape[1] - 1), axis=1)
        with np.errstate(invalid="ignore"):
            stop = middle_value > values if right else middle_value >= values
        low = np.where(active & ~stop, middle + 1, low)
        high = np.where(active & stop, middle, high)
    return low


def bucketize(input, boundaries, *, out_int32=False, right=False):
    """For each entry of input, the index of the bucket of the 1-D sorted boundaries it falls in: the first i with
    x ≤ boundaries[i] (x < boundaries[i] with right=True); a number as input gives a 0-d result."""
    if isinstance(boundaries, Tensor) and boundaries.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries.ndim})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)
