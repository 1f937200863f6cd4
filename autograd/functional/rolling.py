"""roll: shift elements along dimensions, those that fall off one end coming back at the other.

    roll([0, 1, 2, 3, 4], 2) = [3, 4, 0, 1, 2]

Composed of two slices and a cat per dimension, so the gradient is rolled back the other way; without dims, of
one gather from the flattened tensor (a new tensor, as PyTorch's, not a view of a rolled copy)."""
import numpy as np

from ..pytorch.checks import canonical_dim, integer
from .saved import composite
from .shapes import cat, flatten, getitem


def _as_list(value):
    return list(value) if isinstance(value, (tuple, list)) else [value]


@composite("roll")
def roll(input, shifts, dims=None):
    """out[(i + shift) mod n] = x[i] along each dim in `dims` (one shift per dim); with dims=None
    x is flattened, rolled and given its shape back, as in PyTorch."""
    shifts = [integer(s, "roll", "shifts") for s in _as_list(shifts)]
    dims = [] if dims is None else _as_list(dims)
    if not shifts:
        raise RuntimeError("`shifts` required")
    if not dims:
        if len(shifts) != 1:
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:0")
        if input.ndim == 0:
            return input.clone()
        count = int(np.prod(input.shape))
        return getitem(flatten(input), ((np.arange(count) - shifts[0]) % max(count, 1)).reshape(input.shape))
    if len(shifts) != len(dims):
        raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:{len(dims)}")
    if input.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    out = input
    for shift, dim in zip(shifts, dims, strict=True):
        dim = canonical_dim(dim, input.ndim, "roll")
        length = input.shape[dim]
        cut = length - shift % length if length else 0
        if 0 < cut < length:
            before = (slice(None),) * dim
            out = cat([getitem(out, before + (slice(cut, None),)), getitem(out, before + (slice(0, cut),))], dim)
    return out.clone() if out is input else out
