"""Order statistics along a dimension: kthvalue (the k-th smallest) and mode (the most frequent value), each
(values, indices) as PyTorch's; the values are gathered from the input at the indices, so the gradient flows
back to those places (gather's rule). NaN sorts as the largest value, and is never equal to itself."""
import numpy as np

from ..pytorch import return_types
from ..pytorch.checks import canonical_dim, integer, refuse_complex
from ..tensor import Tensor
from .shapes import gather, squeeze, unsqueeze
from .sorting import argsort

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
    return result(values, indices)


def kthvalue(input, k, dim=-1, keepdim=False):
    """(values, indices): the k-th smallest element along dim (k from 1). Among equal values the index is the
    stable sort's; PyTorch's selection may give the index of another element of the same value (the values
    agree; the gradient then goes to that other place)."""
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
    """(value position, as the last index of the most frequent value, the smallest on a tie) of one 1-D line."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])  # (NaN ≠ NaN: each NaN its own run)
    lengths = np.diff(np.r_[starts, len(values)])
    run = int(np.argmax(lengths))  # the first of the longest runs: the smallest value
    return int(order[starts[run]:starts[run] + lengths[run]].max())


def mode(input, dim=-1, keepdim=False):
    """(values, indices): the most frequent value along dim (the smallest of equally frequent ones) and the
    index of its last occurrence, as PyTorch's. A line holding NaN differs: here NaN is never equal to itself, so
    the mode is that of the other values (of [2, 2, 1, 1, nan, 2]: 2), where PyTorch's kernel sorts with `<`,
    which NaN leaves unordered, and may return any value (1 there)."""
    line, axis = _line_dim(input, dim, "mode")
    if line.shape[axis] == 0:
        raise IndexError(f"mode(): Expected reduction dim {axis} to have non-zero size.")
    values = np.moveaxis(line.detach().numpy(), axis, -1)
    positions = np.array([_mode_of_line(row) for row in values.reshape(-1, values.shape[-1])], dtype=np.int64)
    indices = np.expand_dims(positions.reshape(values.shape[:-1]), axis)
    return _picked(input, line, axis, Tensor(indices), keepdim, return_types.mode)
