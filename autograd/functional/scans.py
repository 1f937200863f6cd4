"""Cumulative sums and products along a dimension (PyTorch's cumsum and cumprod).

    cumsum(x, 0) = [x₀, x₀ + x₁, x₀ + x₁ + x₂, ...]      cumprod(x, 0) = [x₀, x₀x₁, x₀x₁x₂, ...]

Bool and integer inputs are accumulated as int64 and `dtype` converts the input first, as in
PyTorch. The gradients are the primitives' (cumprod's is right with zeros in the input).
"""

import numpy as np

from ..primitives import Cumprod, Cumsum
from .arithmetic import dtype_argument, to
from ..pytorch.checks import canonical_dim
from .saved import composed, one_node
from .shapes import reshape
from .arithmetic import require_tensor


def _scan(op, x, dim, dtype, name):
    axis = canonical_dim(dim, x.ndim, name)
    if dtype is not None:
        if np.dtype(dtype_argument(dtype)) == np.bool_:  # (PyTorch has no bool scan kernel: only a bool input, which gives int64)
            raise NotImplementedError(f"\"{name}_out_cpu\" not implemented for 'Bool'")
        converted = to(x, dtype)
        if converted is not x:  # (a hook on it would see x converted: refused)
            return composed(_scan(op, converted, dim, dtype, name), f"{name} with a dtype", x)
    elif x.dtype.kind in "biu":
        x = to(x, np.int64)
    if op is Cumprod and (x.ndim == 0 or x.shape[axis] == 1):  # each product is its one factor: PyTorch's
        return one_node(to(x, x.dtype, copy=True), "CumprodBackward0", x)  # gradient g (1 at ±inf and NaN too)
    if x.ndim == 0:  # a 0-d tensor is scanned as its one-element vector
        return reshape(op.apply(reshape(x, 1), axis=0), ())
    return op.apply(x, axis=axis)


def required_dim(dim, axis, name):
    """dim, or its NumPy alias axis; one of them must be given, as in PyTorch."""
    dim = axis if dim is None else dim
    if dim is None:
        raise TypeError(f'{name}() missing 1 required positional arguments: "dim"')
    return dim


def cumsum(input, dim=None, *, dtype=None, axis=None):
    """out_i = Σ_{j ≤ i} x_j along dim;  the gradient of x_j is Σ_{i ≥ j} g_i."""
    require_tensor(input, "cumsum")
    return _scan(Cumsum, input, required_dim(dim, axis, "cumsum"), dtype, "cumsum")


def cumprod(input, dim=None, *, dtype=None, axis=None):
    """out_i = Π_{j ≤ i} x_j along dim;  the gradient of x_k is Σ_{i ≥ k} g_i Π_{j ≤ i, j ≠ k} x_j."""
    require_tensor(input, "cumprod")
    return _scan(Cumprod, input, required_dim(dim, axis, "cumprod"), dtype, "cumprod")
