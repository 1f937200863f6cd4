"""Running extremes, the running log-sum-exp and differences along a dimension (PyTorch's cummax, cummin,
logcumsumexp and diff):

    cummax(x, 0) = ([max(x₀), max(x₀, x₁), ...], where each was found)
    diff(x) = [x₁ − x₀, x₂ − x₁, ...]
    logcumsumexp(x, 0) = [log e^x₀, log(e^x₀ + e^x₁), ...]

cummax's values are x gathered at its indices, so the gradient flows to the entry each running maximum came from
(gather's rule, as PyTorch's). On ties the later entry wins, and a NaN wins from where it appears on (its index
is the latest NaN's), as PyTorch's kernel. diff is a difference of two slices; logcumsumexp has its own primitive
(primitives/cumulative.py).
"""

import numpy as np

from ..primitives.cumulative import LogCumsumExp
from ..pytorch import return_types
from ..pytorch.checks import canonical_dim, integer
from ..tensor import Tensor
from .arithmetic import require_tensor, to
from .saved import composed, one_node
from .scans import required_dim
from .shapes import cat, gather, reshape


def _running_extreme(input, dim, smaller, name):
    axis = canonical_dim(dim, require_tensor(input, name).ndim, name)
    flat = reshape(input, 1) if input.ndim == 0 else input
    values = np.moveaxis(flat.detach().numpy(), axis, 0)
    if values.dtype.kind == "c":
        raise NotImplementedError(f"\"{name}_cpu\" not implemented for '{values.dtype}'")
    running = (np.minimum if smaller else np.maximum).accumulate(values, axis=0)  # (a NaN stays from where it is)
    wins = values == running  # a new extreme or a tie: the later entry wins
    if values.dtype.kind == "f":
        wins |= np.isnan(values)  # a NaN wins, and so does each later NaN
    positions = np.arange(len(values)).reshape((-1,) + (1,) * (values.ndim - 1))
    indices = np.maximum.accumulate(np.where(wins, positions, 0), axis=0).astype(np.int64)
    indices = Tensor(np.ascontiguousarray(np.moveaxis(indices, 0, axis)))
    result = gather(flat, axis, indices)
    if input.ndim == 0:
        return reshape(result, ()), reshape(indices, ())
    return result, indices


def cummax(input, dim=None, *, axis=None):
    """(values, indices): the running maximum along dim (or axis) and the index it was found at."""
    return return_types.cummax(*_running_extreme(input, required_dim(dim, axis, "cummax"), False, "cummax"))


def cummin(input, dim=None, *, axis=None):
    """(values, indices): the running minimum along dim (or axis) and the index it was found at."""
    return return_types.cummin(*_running_extreme(input, required_dim(dim, axis, "cummin"), True, "cummin"))


def logcumsumexp(input, dim=None, *, axis=None):
    """out_i = log Σ_{j ≤ i} exp(x_j) along dim (or axis), without overflow (floats only, as PyTorch's)."""
    require_tensor(input, "logcumsumexp")
    axis = canonical_dim(required_dim(dim, axis, "logcumsumexp"), input.ndim, "logcumsumexp")
    if input.dtype.kind not in "f":
        raise NotImplementedError(f"\"logcumsumexp_out_cpu\" not implemented for '{input.dtype}'")
    if input.ndim == 0:  # its input itself (-0.0 too), with PyTorch's gradient g (1 at ±inf and NaN too)
        return one_node(to(input, input.dtype, copy=True), "LogcumsumexpBackward0", input)
    return LogCumsumExp.apply(input, axis=axis)


def diff(input, n=1, dim=-1, prepend=None, append=None):
    """The n-th forward difference along dim, out_i = x_{i+1} − x_i applied n times, after prepend and append are
    joined to x along dim (bools give x_{i+1} ≠ x_i, as PyTorch's)."""
    n, _ = integer(n, "diff", "n"), integer(dim, "diff", "dim")
    if require_tensor(input, "diff").ndim == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    axis = canonical_dim(dim, input.ndim, "diff")
    if n == 0:  # (PyTorch's: a copy of the input, prepend and append left out)
        return composed(input.clone(), "diff", input)
    parts = []
    for extra in (prepend, input, append):
        if extra is None:
            continue
        if not isinstance(extra, Tensor):
            name = "prepend" if extra is prepend else "append"
            raise TypeError(f"diff(): argument '{name}' must be Tensor, not {type(extra).__name__}")
        if extra.ndim != input.ndim:
            raise RuntimeError("diff expects prepend or append to be the same dimension as input")
        parts.append(extra)
    x = cat(parts, axis) if len(parts) > 1 else input
    for _ in range(n):
        if x.shape[axis] == 0:
            break
        later = x[(slice(None),) * axis + (slice(1, None),)]
        earlier = x[(slice(None),) * axis + (slice(None, -1),)]
        x = later != earlier if x.dtype == np.bool_ else later - earlier
    return x  # (input itself where its dim is empty, as PyTorch's)
