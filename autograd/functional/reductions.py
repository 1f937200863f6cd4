"""Reductions and the functions built on them: mean, var, std, max/min, logsumexp,
softmax, log_softmax and norms. `dim`/`keepdim` are PyTorch's names; NumPy's
`axis`/`keepdims` are accepted too."""
import collections

import numpy as np

from ..primitives import Max, Sum
from ..tensor import Tensor
from .arithmetic import abs, exp, log, maximum, minimum, sqrt, to, where
from .shapes import gather

MaxResult = collections.namedtuple("MaxResult", ["values", "indices"])


def normalize_dims(dim, ndim):
    """dim (None, an int or a sequence) as None or a sorted tuple of non-negative axes."""
    if dim is None:
        return None
    dims = (dim,) if isinstance(dim, (int, np.integer)) else tuple(dim)
    rank = ndim or 1  # a 0-d tensor accepts dim 0 and -1, as in PyTorch
    result = []
    for d in dims:
        if not -rank <= d < rank:
            raise IndexError(f"dimension {d} is out of range for a tensor with {ndim} dimensions")
        result.append(int(d) % rank)
    return tuple(sorted(set(result))) if ndim else None


def _dim_args(dim, keepdim, axis, keepdims):
    """Merge PyTorch's dim/keepdim with NumPy's axis/keepdims aliases."""
    return (axis if dim is None else dim), bool(keepdims if keepdims is not None else keepdim)


def sum(x, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """Σ x over `dim` (all elements when dim is None)."""
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    return Sum.apply(x, axis=normalize_dims(dim, x.ndim), keepdims=keepdim)


def _count(x, dims):
    return x._data.size if dims is None else int(np.prod([x.shape[d] for d in dims]))


def mean(x, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """(1/n) Σ x over `dim`."""
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    if x.dtype.kind != "f":
        x = to(x, np.float32)
    return sum(x, dim, keepdim) / _count(x, normalize_dims(dim, x.ndim))


def var(x, dim=None, *, correction=1, keepdim=False, unbiased=None, axis=None, keepdims=None):
    """Σ (x − mean)² / (n − correction); correction=1 (unbiased, PyTorch's default), 0 for the
    population variance (`unbiased=False` means correction=0)."""
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    if unbiased is not None:
        correction = 1 if unbiased else 0
    deviation = x - mean(x, dim, keepdim=True)
    n = _count(x, normalize_dims(dim, x.ndim))
    return sum(deviation * deviation, dim, keepdim) / (n - correction if n > correction else 0)


def _sqrt_with_zero_subgradient(t):
    """√t whose gradient at t = 0 is 0 (as PyTorch's norm and std), not ∞·0 = NaN:
    the inner `where` keeps the derivative of √ away from 0, the outer one picks the value."""
    zero = t._data == 0
    return where(zero, 0.0, sqrt(where(zero, 1.0, t)))


def std(x, dim=None, *, correction=1, keepdim=False, unbiased=None, axis=None, keepdims=None):
    """√var(x) (with gradient 0 where the variance is 0)."""
    return _sqrt_with_zero_subgradient(var(x, dim, correction=correction, keepdim=keepdim, unbiased=unbiased, axis=axis, keepdims=keepdims))


def amax(x, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """max of x over `dim`; the gradient is shared equally among tied maxima."""
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    return Max.apply(x, axis=normalize_dims(dim, x.ndim), keepdims=keepdim)


def amin(x, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """min of x over `dim` = −max(−x)."""
    return -amax(-x, dim, keepdim, axis=axis, keepdims=keepdims)


def argmax(x, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """Index of the maximum (of the flattened tensor when dim is None); int64, no gradient."""
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    return Tensor(np.argmax(x._data, axis=dim, keepdims=keepdim).astype(np.int64))


def argmin(x, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """Index of the minimum; int64, no gradient."""
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    return Tensor(np.argmin(x._data, axis=dim, keepdims=keepdim).astype(np.int64))


def max(x, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """With no dim: the largest element. With dim: (values, indices) along it, as in PyTorch
    (the gradient goes to the one element each index names). With a tensor: maximum(x, other)."""
    if isinstance(dim, Tensor):
        return maximum(x, dim)
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    if dim is None:
        return amax(x)
    return _selected(x, argmax, dim, keepdim)


def min(x, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """With no dim: the smallest element. With dim: (values, indices) along it. With a tensor: minimum."""
    if isinstance(dim, Tensor):
        return minimum(x, dim)
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    if dim is None:
        return amin(x)
    return _selected(x, argmin, dim, keepdim)


def _selected(x, pick, dim, keepdim):
    """(values, indices) of the elements that `pick` (argmax or argmin) chooses along dim."""
    if x.ndim == 0:
        normalize_dims(dim, 0)
        return MaxResult(x.clone(), Tensor(np.zeros((), dtype=np.int64)))
    indices = pick(x, dim, keepdim=True)
    values = gather(x, dim, indices)
    if not keepdim:
        values, indices = _drop_dims(values, dim), _drop_dims(indices, dim)
    return MaxResult(values, indices)


def _finite_shift(x, dim):
    """max over dim as a constant, with ±inf and NaN replaced by 0 so that x − shift stays defined."""
    shift = np.max(x._data, axis=normalize_dims(dim, x.ndim), keepdims=True)
    return Tensor(np.where(np.isfinite(shift), shift, 0).astype(x.dtype, copy=False))


def logsumexp(x, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """ln Σ exp(x) computed as m + ln Σ exp(x − m) with m = max x, so nothing overflows."""
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    shift = _finite_shift(x, dim)
    out = log(sum(exp(x - shift), dim, keepdim=True)) + shift
    return out if keepdim else _drop_dims(out, dim)


def _drop_dims(x, dim):
    dims = normalize_dims(dim, x.ndim)
    shape = () if dims is None else tuple(n for i, n in enumerate(x.shape) if i not in dims)
    return x.reshape(shape)


def softmax(x, dim=-1, *, axis=None):
    """softmax(x)ᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m), m = max x (the shift leaves the value unchanged)."""
    dim = dim if axis is None else axis
    e = exp(x - _finite_shift(x, dim))
    return e / sum(e, dim, keepdim=True)


def log_softmax(x, dim=-1, *, axis=None):
    """log softmax(x) = x − logsumexp(x): finite even for logits of ±1e5."""
    dim = dim if axis is None else axis
    shifted = x - _finite_shift(x, dim)  # x − m − ln Σ exp(x − m): the shift m cancels
    return shifted - log(sum(exp(shifted), dim, keepdim=True))


def norm(x, p=2, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """‖x‖_p = (Σ |x|ᵖ)^(1/p); p=2 (or 'fro') is the Euclidean norm, p=inf the max |x|.

    The 2-norm is computed as s·√Σ (x/s)² with s = max |x|, which cannot overflow."""
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    if p == "fro":
        p = 2
    if p == float("inf"):
        return amax(abs(x), dim, keepdim)
    if p == 1:
        return sum(abs(x), dim, keepdim)
    if p == 2:
        scale = np.max(np.abs(x._data), axis=normalize_dims(dim, x.ndim), keepdims=True)
        scale = Tensor(np.where(scale > 0, scale, 1).astype(x.dtype, copy=False))
        scaled = x / scale
        out = _sqrt_with_zero_subgradient(sum(scaled * scaled, dim, keepdim=True)) * scale
        return out if keepdim else _drop_dims(out, dim)
    return sum(abs(x) ** p, dim, keepdim) ** (1.0 / p)

