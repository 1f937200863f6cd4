"""Products and diagonals PyTorch names, composed from matmul, mul, where and views (so their gradients are
those of the pieces): outer (ger), inner, tensordot, kron, trace, diag, diag_embed."""
import math

import numpy as np

from ..pytorch.checks import canonical_dim, integer
from ..tensor import Tensor
from .arithmetic import mul, require_tensor, where
from .linalg import matmul
from .reductions import sum
from .shapes import pad, permute, reshape
from .strided_views import diagonal as diagonal_view, movedim
from .saved import composite


def _check_ndim(x, ndim, name, argument="self"):
    if not isinstance(x, Tensor):
        raise TypeError(f"{name}(): argument '{argument}' must be Tensor, not {type(x).__name__}")
    if x.ndim != ndim:
        raise RuntimeError(f"{name}: expected a {ndim}-D argument {argument}, but got a {x.ndim}-D one")


@composite("outer")
def outer(input, vec2):
    """outerᵢⱼ = aᵢ bⱼ of two 1-D tensors (promoted as a product)."""
    _check_ndim(input, 1, "outer")
    _check_ndim(vec2, 1, "outer", "vec2")
    return mul(reshape(input, (-1, 1)), vec2)


ger = outer


@composite("inner")
def inner(input, other):
    """Σₖ a[..., k] b[..., k] over the last dim of both: shape a.shape[:-1] + b.shape[:-1] (a·b when either
    is 0-d)."""
    require_tensor(input, "inner")
    require_tensor(other, "inner", "other", 2)
    if input.ndim == 0 or other.ndim == 0:
        return mul(input, other)
    if input.ndim == other.ndim == 1 and input.dtype == other.dtype == np.bool_:
        raise NotImplementedError("\"dot\" not implemented for 'Bool'")  # (even empty: PyTorch's dot)
    if input.shape[-1] != other.shape[-1]:
        raise RuntimeError(f"inner() the last dimension must match on both input tensors but got shapes "
                           f"{tuple(input.shape)} and {tuple(other.shape)}")
    return tensordot(input, other, ([-1], [-1]))


@composite("tensordot")
def tensordot(a, b, dims=2):
    """Σ over the dims dims_a of a paired with dims_b of b: out = a's other dims + b's other dims.
    dims=n pairs a's last n dims with b's first n; dims=([..], [..]) names them."""
    require_tensor(a, "tensordot", "a", 1)
    require_tensor(b, "tensordot", "b", 2)
    if isinstance(dims, Tensor) and dims.numel() == 1:  # (PyTorch takes a one-element tensor for a count, truncated)
        dims = int(dims.item())
    elif isinstance(dims, Tensor):  # and a tensor of two rows for the two lists, as PyTorch's
        if dims.ndim != 2 or dims.shape[0] != 2:  # (PyTorch: a TypeError for 1-D, an AssertionError for other rows)
            raise TypeError(f"tensordot(): a dims tensor must have two rows (a's dims, b's dims), got shape "
                            f"{tuple(dims.shape)}")
        dims = (dims[0].tolist(), dims[1].tolist())
    if isinstance(dims, (int, np.integer)):  # (True counts 1, as in PyTorch)
        if not 0 <= dims <= min(a.ndim, b.ndim):
            raise RuntimeError(f"tensordot expects dims between 0 and {min(a.ndim, b.ndim)}, got {dims}")
        dims_a, dims_b = list(range(a.ndim - dims, a.ndim)), list(range(dims))
    elif not isinstance(dims, (list, tuple)):
        raise RuntimeError(f"tensordot expects dims to be int or tuple[list[int], list[int]] or list[list[int]] "
                           f"containing two lists, but got dims={dims!r}")
    else:
        dims_a, dims_b = ([integer(d, "tensordot", "dims")] if not isinstance(d, (list, tuple)) else list(d)
                          for d in dims)
    if len(dims_a) != len(dims_b):
        raise RuntimeError(f"both dimension lists should have same length, got {dims_a} and {dims_b}")
    dims_a = [canonical_dim(d, a.ndim, "tensordot") for d in dims_a]
    dims_b = [canonical_dim(d, b.ndim, "tensordot") for d in dims_b]
    for da, db in zip(dims_a, dims_b, strict=True):
        if a.shape[da] != b.shape[db]:
            raise RuntimeError(f"contracted dimensions need to match, but first has size {a.shape[da]} in dim {da} "
                               f"and second has size {b.shape[db]} in dim {db}")
    kept_a = [d for d in range(a.ndim) if d not in dims_a]
    kept_b = [d for d in range(b.ndim) if d not in dims_b]
    size = math.prod(a.shape[d] for d in dims_a)  # (sizes spelled out: a contracted size 0 gives zeros)
    left = reshape(permute(a, *kept_a, *dims_a), (math.prod(a.shape[d] for d in kept_a), size))
    right = reshape(permute(b, *dims_b, *kept_b), (size, math.prod(b.shape[d] for d in kept_b)))
    shape = tuple(a.shape[d] for d in kept_a) + tuple(b.shape[d] for d in kept_b)
    if left.dtype == np.bool_ and right.dtype == np.bool_:
        return _bool_product(left, right, shape)
    return reshape(matmul(left, right), shape)


def _bool_product(left, right, shape):
    """PyTorch has no kernel for a bool matrix product (dot for a 1×1 result, addmm otherwise), yet answers
    where there is nothing to sum or nothing to compute: all False."""
    if left.shape[1] and left.shape[0] * right.shape[1]:
        kernel = "dot" if left.shape[0] == right.shape[1] == 1 else "addmm_impl_cpu_"
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")
    return Tensor(np.zeros(shape, dtype=np.bool_))


def kron(input, other):
    """The Kronecker product: out[i·B + j] = a[i]·b[j] along every dim (the shorter shape padded with 1s in
    front), as a broadcast product of a spread over (a₀, 1, a₁, 1, ...) and b over (1, b₀, 1, b₁, ...)."""
    require_tensor(input, "kron")
    require_tensor(other, "kron", "other", 2)
    ndim = max(input.ndim, other.ndim)
    shape_a = (1,) * (ndim - input.ndim) + tuple(input.shape)
    shape_b = (1,) * (ndim - other.ndim) + tuple(other.shape)
    spread_a = reshape(input, tuple(n for size in shape_a for n in (size, 1)))
    spread_b = reshape(other, tuple(n for size in shape_b for n in (1, size)))
    return reshape(mul(spread_a, spread_b), tuple(m * n for m, n in zip(shape_a, shape_b, strict=True)))


@composite("trace")
def trace(input):
    """Σᵢ Aᵢᵢ of a 2-D tensor (integers summed as int64, as sum does)."""
    _check_ndim(input, 2, "trace")
    return sum(diagonal_view(input))


@composite("diag")
def diag(input, diagonal=0):
    """A 1-D input as the diagonal `diagonal` of a square matrix (0 elsewhere); of a 2-D input, that
    diagonal, as a new tensor."""
    if require_tensor(input, "diag").ndim == 1:
        return diag_embed(input, diagonal)
    if input.ndim != 2:
        raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {input.ndim}D")
    return diagonal_view(input, diagonal).clone()


@composite("diag_embed")
def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    """A tensor with one more dim whose 2-D planes across (dim1, dim2) hold input's last dim on their
    diagonal `offset` (0 elsewhere): a `where` over a square of side n + |offset|, so the gradient is the
    output gradient's diagonal. (A 0-d input is refused by the dim checks: its result would have one dim.)"""
    require_tensor(input, "diag_embed")
    offset = integer(offset, "diag_embed", "offset")
    if canonical_dim(dim1, input.ndim + 1, "diag_embed", "dim1") == canonical_dim(dim2, input.ndim + 1, "diag_embed",
                                                                                 "dim2"):
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    dim1, dim2 = (canonical_dim(d, input.ndim + 1) for d in (dim1, dim2))
    n = input.shape[-1]
    side = n + abs(offset)
    column = pad(reshape(input, tuple(input.shape[:-1]) + (1, n)), (max(offset, 0), max(-offset, 0)))
    planes = where(np.eye(side, side, offset, dtype=bool), column, Tensor(np.zeros((), input.dtype)))
    return movedim(planes, (-2, -1), (dim1, dim2))
