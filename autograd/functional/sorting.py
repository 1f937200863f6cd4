"""Sorting along a dimension: sort (values and indices) and argsort.

The values are gathered from the input by the indices, so gradients flow back to the places
the values came from. Ties keep their original order (a stable sort) and NaN sorts as the
largest value, as PyTorch does.
"""

import numpy as np

from ..tensor import Tensor
from ..pytorch import return_types
from ..pytorch.checks import canonical_dim, numpy_names, refuse_complex
from .arithmetic import copy_order
from .shapes import gather
from .arithmetic import require_tensor


def argsort(x, dim=-1, descending=False, stable=False):
    """The indices that sort x along dim (ascending, or descending), as an int64 tensor; always a
    stable sort (see sort)."""
    require_tensor(x, "argsort")
    dim = canonical_dim(dim, x.ndim, "sort")
    refuse_complex(x, "sort", RuntimeError)
    if x.ndim == 0:
        return Tensor(np.zeros((), dtype=np.int64))
    data = x._data
    if descending:  # a stable ascending sort of the reversed input, reversed back, keeps ties in order
        n = data.shape[dim]
        order = np.argsort(np.flip(data, dim), axis=dim, kind="stable")
        order = (n - 1) - np.flip(order, dim)
    else:
        order = np.argsort(data, axis=dim, kind="stable")
    indices = np.empty_like(data, dtype=np.int64, order=copy_order(data))  # laid out as x, as PyTorch's sort
    indices[...] = order
    return Tensor(indices)


@numpy_names
def sort(x, dim=-1, descending=False, stable=False):
    """(values, indices): x sorted along dim and where each value came from, both laid out as x is.

    The sort is always stable, so `stable=False` gives one of the orders PyTorch allows (for ties,
    PyTorch's unstable sort may give another)."""
    require_tensor(x, "sort")
    indices = argsort(x, dim, descending)
    if x.ndim == 0:
        return return_types.sort(x.clone(), indices)
    return return_types.sort(gather(x, dim, indices), indices)
