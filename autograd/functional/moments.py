"""var_mean and std_mean: the variance (or standard deviation) and the mean in one call, as PyTorch's."""
import numpy as np

from ..pytorch.checks import canonical_dims
from ..tensor import Tensor
from .arithmetic import add, to
from .saved import composed, one_node
from .reductions import mean, std, var
from .arithmetic import require_tensor


def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=1):
    """(var(input), mean(input)) over `dim` (see var for `unbiased` and `correction`; the mean is Welford's,
    see _welford_mean)."""
    require_tensor(input, "var_mean")
    spread = one_node(_spread(var, input, dim, unbiased, keepdim, correction), "VarMeanBackward0", input)
    return (spread, composed(_welford_mean(input, dim, keepdim), "var_mean", input))  # (PyTorch: one node for both)


def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=1):
    """(std(input), mean(input)) over `dim` (see var for `unbiased` and `correction`; the mean is Welford's,
    see _welford_mean)."""
    require_tensor(input, "std_mean")
    spread = one_node(_spread(std, input, dim, unbiased, keepdim, correction), "StdMeanBackward0", input)
    return (spread, composed(_welford_mean(input, dim, keepdim), "std_mean", input))  # (PyTorch: one node for both)


def _spread(statistic, input, dim, unbiased, keepdim, correction):
    """var or std as PyTorch's one Welford pass gives them: float16 and float32 computed in float64 and rounded
    once (equal values give 0); where float64 overflows, of input − m instead (m the Welford mean, held constant:
    the same value and gradient), as Welford never squares a huge mean: [1e308, 1e308] gives 0. (The callers'
    node saves the input itself, not these copies, for PyTorch's in-place refusal.)"""
    if input.dtype in (np.float16, np.float32):
        return to(_spread(statistic, to(input, np.float64), dim, unbiased, keepdim, correction), input.dtype)
    out = statistic(input, dim, unbiased, keepdim, correction=correction)
    if input.dtype != np.float64 or np.isfinite(out.detach().numpy()).all() or not np.isfinite(input._data).all():
        return out  # (an infinite or NaN input: var's own value and gradient, as PyTorch's)
    centre = _welford_mean(input, dim, True).detach()
    return statistic(input - centre, dim, unbiased, keepdim, correction=correction)


def _welford_mean(input, dim, keepdim):
    """The mean as PyTorch's one Welford pass gives it: accumulated in float64 (float32 [3e38, 3e38] gives
    3e38, where mean's float32 Σ overflows; float64 is rescaled where its Σ overflows), and NaN in a slice where an infinity comes before the slice's last
    element (the running mean m + (x − m)/k then meets ∞ − ∞: [1, inf, 2] gives NaN, [1, 2, inf] gives inf).
    The gradient is mean's."""
    dim = None if isinstance(dim, bool) else dim  # (dim=True is the old var_mean(unbiased))
    if input.dtype.kind != "f":
        return mean(input, dim, keepdim)  # (refused there, with mean's message, or complex)
    result = to(mean(input, dim, keepdim, dtype=np.float64), input.dtype)
    values = input.detach().numpy()
    if input.dtype == np.float64 and np.isinf(result.detach().numpy()).any():  # (an overflow, or an infinity)
        result = _scaled_mean(input, dim, keepdim, input.numel() // max(result.numel(), 1))
    axes = canonical_dims(dim, input.ndim) or tuple(range(input.ndim))
    kept = [d for d in range(input.ndim) if d not in axes]
    length = int(np.prod([values.shape[d] for d in axes]))  # (not -1: another dim may have size 0)
    slices = np.transpose(values, kept + list(axes)).reshape([values.shape[d] for d in kept] + [length])
    spoiled = np.isinf(slices[..., :-1]).any(axis=-1)
    if keepdim:
        spoiled = np.expand_dims(spoiled, axes)
    return add(result, Tensor(np.where(spoiled, np.nan, 0).astype(input.dtype)))


def _scaled_mean(input, dim, keepdim, count):
    """mean of a float64 x whose Σ overflows (Welford's running mean never does): Σ(x·s)/n/s with s = 2^−⌈log₂ n⌉,
    a power of two, so that n·max|x|·s stays finite and the scaling itself rounds nothing (n = count)."""
    scale = 2.0 ** -int(np.ceil(np.log2(max(count, 1))))
    return mean(input * scale, dim, keepdim) / scale
