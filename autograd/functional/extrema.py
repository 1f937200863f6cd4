"""fmax, fmin and aminmax: PyTorch's extrema that ignore NaN or come in pairs, composed from where, amin and
amax (so their gradients are those of the pieces)."""
import numpy as np

from ..pytorch import return_types
from ..pytorch.checks import canonical_dim
from ..tensor import Tensor
from .arithmetic import check_broadcast, operands, where
from .reductions import amax, amin
from .saved import composed
from .arithmetic import require_tensor


def _pick(input, other, first_wins, name):
    """input where first_wins(input, other) or other is NaN, else other (broadcast, promoted): the gradient goes
    whole to the one picked (ties to input), as PyTorch's."""
    if not isinstance(other, Tensor):
        raise TypeError(f"{name}(): argument 'other' (position 2) must be Tensor, not {type(other).__name__}")
    a, b = operands(input, other)
    if a.dtype.kind == "c":
        raise RuntimeError(f"{name} not implemented for complex tensors.")
    check_broadcast(a, b)
    x, y = a.detach().numpy(), b.detach().numpy()
    picked = first_wins(x, y) | (np.isnan(y) if y.dtype.kind == "f" else False)
    return where(picked, a, b)


def fmax(input, other):
    """max(x, y) elementwise, a NaN losing to a number (NaN only where both are NaN)."""
    return _pick(input, other, np.greater_equal, "fmax")


def fmin(input, other):
    """min(x, y) elementwise, a NaN losing to a number (NaN only where both are NaN)."""
    return _pick(input, other, np.less_equal, "fmin")


def aminmax(input, *, dim=None, keepdim=False):
    """(amin, amax) over dim (every element when None), as a named pair (min, max); NaN propagates and tied
    extremes share the gradient evenly, as amin's and amax's."""
    require_tensor(input, "aminmax")
    if dim is None and input.numel() == 0:
        raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the operation has no "
                           "identity.")
    if dim is not None and input.ndim and input.shape[canonical_dim(dim, input.ndim, "aminmax")] == 0:
        raise IndexError(f"aminmax: Expected reduction dim {dim} to have non-zero size.")
    extremes = (composed(extreme(input, dim, keepdim), "aminmax", input) for extreme in (amin, amax))
    return return_types.aminmax(*extremes)  # (PyTorch's one node for both: a hook on either is refused)
