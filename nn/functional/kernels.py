"""Nadaraya–Watson kernel regression: attention pooling before attention had a name.

The prediction at a query x is a weighted average of the training targets yᵢ, weighted by how
close x is to each training input (key) xᵢ:

    f(x) = Σᵢ α(x, xᵢ) yᵢ,    α(x, xᵢ) = K(uᵢ) / Σⱼ K(uⱼ),    uᵢ = ‖x − xᵢ‖ / h

with bandwidth h and a kernel K (normalising constants cancel in α):
    gaussian       K(u) = exp(−u²/2)
    boxcar         K(u) = 1 if |u| ≤ 1, else 0
    epanechnikov   K(u) = ¾ (1 − u²) if |u| ≤ 1, else 0
(Dive into Deep Learning's code calls max(0, 1 − |u|) "epanechikov"; that is the triangular kernel.)
The Gaussian weights are softmax(−u²/2) over the keys, which stays finite far from every key.
"""
import numpy as np

import autograd
from autograd import Tensor

KERNELS = ("gaussian", "boxcar", "epanechnikov")


def _as_points(x):
    """(n,) scalars or (n, d) vectors as (n, d)."""
    return x.unsqueeze(-1) if x.ndim == 1 else x


def kernel_weights(queries, keys, kernel="gaussian", bandwidth=1.0):
    """The (queries, keys) matrix of weights α(x, xᵢ): each row sums to 1.

    queries (m,) or (m, d), keys (n,) or (n, d); `bandwidth` h may be a tensor that requires grad
    (a learned bandwidth, as in the course's parametric attention pooling)."""
    if kernel not in KERNELS:
        raise ValueError(f"kernel must be one of {KERNELS}, got {kernel!r}")
    queries, keys = _as_points(queries), _as_points(keys)
    if queries.shape[-1] != keys.shape[-1]:
        raise ValueError(f"queries {queries.shape} and keys {keys.shape} must have the same number of features")
    differences = queries.unsqueeze(1) - keys.unsqueeze(0)  # (m, n, d)
    squared_u = (differences * differences).sum(dim=-1) / (bandwidth * bandwidth)  # u² = ‖x − xᵢ‖² / h²
    if kernel == "gaussian":
        return autograd.softmax(-0.5 * squared_u, dim=-1)
    if kernel == "boxcar":
        k = Tensor((squared_u.detach().numpy() <= 1).astype(squared_u.dtype))
    else:
        k = 0.75 * autograd.relu(1 - squared_u)
    totals = k.sum(dim=-1, keepdim=True)
    empty = np.flatnonzero(totals.detach().numpy() == 0)
    if empty.size:
        raise ValueError(
            f"{kernel} kernel: no key lies within the bandwidth {float(np.asarray(bandwidth)):g} of queries "
            f"{empty.tolist()[:10]}; use a larger bandwidth"
        )
    return k / totals


def nadaraya_watson(queries, keys, values, kernel="gaussian", bandwidth=1.0):
    """f(x) = Σᵢ α(x, xᵢ) yᵢ for each query x: values (n,) or (n, dᵥ) → predictions (m,) or (m, dᵥ)."""
    if values.shape[0] != _as_points(keys).shape[0]:
        raise ValueError(f"keys {keys.shape} and values {values.shape} must have the same length")
    return kernel_weights(queries, keys, kernel, bandwidth) @ values
