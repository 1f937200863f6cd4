"""Order statistics along a dimension: kthvalue (the k-th smallest) and mode (the most frequent value), each
(values, indices) as PyTorch's; the values are gathered from the input at the indices, so the gradient flows
back to those places (gather's rule). NaN sorts as the largest value, and is never equal to itself."""
import numpy as np

from ..pytorch import return_types
from ..pytorch.checks import canonical_dim, integer, refuse_complex
from ..tensor import Tensor
from .shapes import gather, squeeze, unsqueeze
from .sorting import argsort
from .arithmetic import require_tensor
from .saved import composed

def _line_dim(input, dim, name):
    """input with at least one dim (a 0-d input as one element) and dim checked."""
    axis = canonical_dim(dim, input.ndim, name)
    refuse_complex(input, name)
    return (input if input.ndim else unsqueeze(input, 0)), axis


def _picked(input, line, axis, indices, keepdim, result):
    """result(values, indices) gathered at `indices` (keepdim-shaped) along axis of `line`."""
    values = gather(line, axis, indices)
    if not keepdim or input.ndim == 0:
        values, indices = squeeze(values, axis), squeeze(indices, axis)
    return result(composed(values, result.__name__, input), indices)


def kthvalue(input, k, dim=-1, keepdim=False):
    """(values, indices): the k-th smallest element along dim (k from 1). Among equal values the index is the
    stable sort's; PyTorch's selection may give the index of another element of the same value (the values
    agree; the gradient then goes to that other place)."""
    require_tensor(input, "kthvalue")
    k = integer(k, "kthvalue", "k")
    line, axis = _line_dim(input, dim, "kthvalue")
    if line.shape[axis] == 0:
        raise IndexError(f"kthvalue(): Expected reduction dim {axis} to have non-zero size.")
    if not 1 <= k <= line.shape[axis]:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {axis}")
    order = argsort(line.detach(), axis).numpy()
    indices = Tensor(np.ascontiguousarray(np.take(order, [k - 1], axis=axis)))
    return _picked(input, line, axis, indices, keepdim, return_types.kthvalue)


def _mode_of_line(values):
    """(value position) of one 1-D line's mode: the first of its longest runs of equal values once sorted (the
    smallest value), at the run's last position. Without NaN a stable sort gives PyTorch's value, with the
    index of its last occurrence; a line with NaN is sorted as PyTorch's kernel sorts it (_std_sort_order)."""
    has_nan = values.dtype.kind == "f" and np.isnan(values).any()
    order = _std_sort_order(values) if has_nan else np.argsort(values, kind="stable")
    ordered = values[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])  # (NaN ≠ NaN: each NaN its own run)
    lengths = np.diff(np.r_[starts, len(values)])
    run = int(np.argmax(lengths))  # the first of the longest runs: the smallest value
    last = order[starts[run]:starts[run] + lengths[run]]
    return int(last[-1] if has_nan else last.max())


def _std_sort_order(values):
    """The order in which C++'s std::sort (libstdc++: introsort, then insertion sort; the sort PyTorch's mode
    kernel uses) leaves `values` when comparing with `<`, which a NaN leaves unordered: every comparison with
    it is false, so NaNs stay where the moves leave them and split the runs of equal values around them."""
    order = list(range(len(values)))

    def less(i, j):  # the comparison PyTorch's kernel gives std::sort
        return values[order[i]] < values[order[j]]

    def insert(i, guarded):  # move order[i] down past the larger elements before it
        item, at = order[i], i
        if guarded and less(i, 0):
            order[1:i + 1], order[0] = order[0:i], item
            return
        while at > 0 and values[item] < values[order[at - 1]]:
            order[at], at = order[at - 1], at - 1
        order[at] = item

    def introsort(first, last, depth):
        while last - first > 16:
            if depth == 0:
                raise NotImplementedError("mode(): a line with NaN that needs std::sort's heap-sort fallback")
            depth -= 1
            mid, a, c = first + (last - first) // 2, first + 1, last - 1  # the median of three moved first
            pick = (mid if less(mid, c) else c if less(a, c) else a) if less(a, mid) else \
                   (a if less(a, c) else c if less(mid, c) else mid)
            order[first], order[pick] = order[pick], order[first]
            low, high = first + 1, last
            while True:  # partition around order[first]
                while less(low, first):
                    low += 1
                high -= 1
                while less(first, high):
                    high -= 1
                if low >= high:
                    break
                order[low], order[high] = order[high], order[low]
                low += 1
            introsort(low, last, depth)
            last = low

    introsort(0, len(order), 2 * (len(order).bit_length() - 1))
    for i in range(1, len(order)):
        insert(i, guarded=i < 16)
    return np.array(order)


def mode(input, dim=-1, keepdim=False):
    """(values, indices): the most frequent value along dim (the smallest of equally frequent ones) and the
    index of its last occurrence, as PyTorch's for lines of up to 16 elements (its sort is not stable: over
    longer lines its index may name another occurrence of the same value). A line holding NaN is sorted as
    PyTorch's kernel sorts it (std::sort with `<`, which NaN leaves unordered: _std_sort_order), its runs of
    equal values then counted (NaN ≠ NaN): of [nan, nan, 1] the mode is NaN at index 0, of [2, 2, 1, 1, nan, 2]
    it is 1 at index 3, as in PyTorch."""
    require_tensor(input, "mode")
    line, axis = _line_dim(input, dim, "mode")
    if line.shape[axis] == 0:
        raise IndexError(f"mode(): Expected reduction dim {axis} to have non-zero size.")
    values = np.moveaxis(line.detach().numpy(), axis, -1)
    positions = np.array([_mode_of_line(row) for row in values.reshape(-1, values.shape[-1])], dtype=np.int64)
    indices = np.expand_dims(positions.reshape(values.shape[:-1]), axis)
    return _picked(input, line, axis, Tensor(indices), keepdim, return_types.mode)
