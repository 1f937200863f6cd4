"""cdist: the p-norm distance between each row of x1 and each row of x2, batched, as PyTorch's, composed from
differences, powers and sums (so its gradient is theirs), arranged so that the gradient is PyTorch's where a
distance or a difference is 0 (a naive √(Σd²) has an infinite slope there, and 0 · inf is NaN)."""
import math

import numpy as np

from ..pytorch.conversion import held_number
from ..pytorch.promotion import is_number
from ..tensor import Tensor
from .arithmetic import abs, add, check_broadcast, mul, pow, sqrt, sub, where
from .reductions import sum
from .shapes import unsqueeze
from .special_functions import TORCH_DTYPE_NAMES
from .saved import composite

COMPUTE_MODES = (None, "use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist", "donot_use_mm_for_euclid_dist")


def _check(x1, x2, p, compute_mode):
    """PyTorch's errors for cdist's arguments."""
    if compute_mode not in COMPUTE_MODES:
        raise ValueError(f"{compute_mode} is not a valid value for compute_mode")
    for name, x in (("x1", x1), ("x2", x2)):
        if not isinstance(x, Tensor):
            raise TypeError(f"cdist(): argument '{name}' must be Tensor, not {type(x).__name__}")
    if not is_number(p) or isinstance(p, complex):
        raise TypeError(f"cdist(): argument 'p' must be float, not {type(p).__name__}")
    for name, x in (("X1", x1), ("X2", x2)):
        if x.dtype.kind != "f":
            raise RuntimeError(f"cdist only supports floating-point dtypes, {name} got: "
                               f"{TORCH_DTYPE_NAMES[x.dtype.name]}")
    for name, x in (("X1", x1), ("X2", x2)):
        if x.ndim < 2:
            raise RuntimeError(f"cdist only supports at least 2D tensors, {name} got: {x.ndim}D")
    if x1.shape[-1] != x2.shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: {x1.shape[-1]} X2: "
                           f"{x2.shape[-1]}")
    if not p >= 0:
        raise RuntimeError("cdist only supports non-negative p values")
    if x1.dtype == np.float16:
        raise NotImplementedError("\"cdist\" not implemented for 'Half'")
    if x1.dtype != x2.dtype:
        raise RuntimeError(f"expected scalar type {TORCH_DTYPE_NAMES[x1.dtype.name]} but found "
                           f"{TORCH_DTYPE_NAMES[x2.dtype.name]}")
    check_broadcast(Tensor(np.empty(x1.shape[:-2] + (0,))), Tensor(np.empty(x2.shape[:-2] + (0,))))


def _power_sum(size, p):
    """(Σ sizeᵖ)^(1/p), with gradient 0 where a size is 0 (PyTorch's for p < 1, where the slope p·0^(p−1) is
    infinite) and where the whole sum is 0 (its root's slope is infinite there)."""
    zero = size.detach().numpy() == 0
    powered = where(zero, 0.0, pow(where(zero, 1.0, size), p))
    total = sum(powered, dim=-1)
    empty = total.detach().numpy() == 0
    return where(empty, 0.0, pow(where(empty, 1.0, total), 1.0 / p))


def _euclidean(difference):
    """√(Σd²), with gradient d/dist, and 0 where the distance is 0 (PyTorch's)."""
    squares = sum(mul(difference, difference), dim=-1)
    zero = squares.detach().numpy() == 0
    return where(zero, 0.0, sqrt(where(zero, 1.0, squares)))


def _chebyshev(size):
    """max |d| as m + Σ over the sizes equal to m of (|d| − m), whose value is m and whose gradient reaches every
    size equal to the maximum whole, as PyTorch's (amax would share it among them). NaN sizes are skipped, as
    PyTorch's kernel skips them (its running maximum starts at 0)."""
    values = size.detach().numpy()
    largest = np.fmax.reduce(values, axis=-1, initial=0.0)
    ties = (values == largest[..., None]) & np.isfinite(largest)[..., None]
    excess = where(ties, sub(size, Tensor(largest[..., None].astype(size.dtype))), 0.0)
    return add(Tensor(largest.astype(size.dtype)), sum(excess, dim=-1))


def _count(difference):
    """The number of nonzero differences (NaN where one is NaN, as PyTorch's min(⌈|d|⌉, 1)), with gradient 0."""
    values = difference.detach().numpy()
    count = np.minimum(np.ceil(np.abs(values)), 1).sum(axis=-1).astype(difference.dtype)
    return where(np.ones(count.shape, bool), Tensor(count), sum(difference, dim=-1))


@composite("cdist")
def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """dist[..., i, j] = ‖x1[..., i, :] − x2[..., j, :]‖ₚ = (Σₖ |x1ᵢₖ − x2ⱼₖ|ᵖ)^(1/p), for x1 (..., P, M) and
    x2 (..., R, M) with batch dims that broadcast: a (..., P, R) tensor. p = 0 counts the nonzero differences
    (gradient 0), p = 1 sums |d| (gradient sign d), p = inf takes the largest |d| (gradient sign d to every
    difference as large as the largest); any other p ≥ 0 is the formula above, with gradient 0 where a distance
    is 0 (and, for p < 1, where a difference is 0), as PyTorch's.

    compute_mode is checked but changes nothing: glassgrad always subtracts, where PyTorch computes p = 2 for more
    than 25 rows through ‖a‖² + ‖b‖² − 2a·b (its values then differ from the exact ones by cancellation: a
    distance of 0 can come out as 1e-8, with a gradient that is not 0). The differences take P·R·M numbers of
    memory."""
    p = held_number(p)  # (np.float16(1.5) or a 0-d tensor: the number it holds, as PyTorch reads it)
    _check(x1, x2, p, compute_mode)
    difference = sub(unsqueeze(x1, -2), unsqueeze(x2, -3))
    if p == 0:
        return _count(difference)
    if p == 2:
        return _euclidean(difference)
    size = abs(difference)
    if p == 1:
        return sum(size, dim=-1)
    if p == math.inf:
        return _chebyshev(size)
    return _power_sum(size, p)
