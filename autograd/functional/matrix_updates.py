"""addmm, baddbmm and addbmm: β·input + α·(a matrix product), composed from matmul, sum, mul and add (so their
gradients are those of the pieces), with PyTorch's checks."""
import numpy as np

from ..pytorch.conversion import check_fits
from ..pytorch.promotion import is_number
from ..tensor import Tensor
from .arithmetic import add, mul, where
from .linalg import matmul
from .opmath import in_float32
from .reductions import sum
from .shapes import broadcast_to
from .saved import composite


def _checked(input, first, second, ranks, names):
    for name, t, rank in zip(names, (first, second), ranks, strict=True):
        if not isinstance(t, Tensor):
            raise TypeError(f"argument '{name}' must be Tensor, not {type(t).__name__}")
        if t.ndim != rank:
            raise RuntimeError(f"{name} must be a {'matrix' if rank == 2 else '3D tensor'}, got {t.ndim}-D tensor")
    for t in (input, first):
        if t.dtype != second.dtype:
            raise RuntimeError(f"self and {names[1]} must have the same dtype, but got {t.dtype} and {second.dtype}")
    if second.dtype == np.bool_:
        raise NotImplementedError("\"addmm_impl_cpu_\" not implemented for 'Bool'")
    if ranks[0] == 3 and first.shape[0] != second.shape[0]:
        raise RuntimeError(f"batch1 and batch2 must have same number of batches, got {first.shape[0]} and "
                           f"{second.shape[0]}")
    if first.shape[-1] != second.shape[-2]:
        raise RuntimeError(f"{names[0]} and {names[1]} shapes cannot be multiplied ({'x'.join(map(str, first.shape))} "
                           f"and {'x'.join(map(str, second.shape))})")


def _integer(value, dtype):
    """A scale as an integer product takes it: truncated (2.5 is 2), and refused unless it fits `dtype`
    (inf, NaN, 2**40 into int32, -1.0 into uint8; the int -1 wraps into uint8), as PyTorch's."""
    if not (np.isfinite(value) and -(2**63) <= value < 2**63):
        raise RuntimeError(f"value cannot be converted to type {dtype} without overflow")
    check_fits(value, dtype)
    return int(value)


def _scales(beta, alpha, dtype, empty, zero_alpha_ignores):
    """β and α checked as PyTorch checks them against the result's dtype (1e300 does not fit float32: refused;
    float16's are checked as float32, its kernels' type), and whether the product is ignored: α = 0 (in addmm and
    addbmm, not baddbmm, nor any float16 kernel) or an `empty` contraction (k = 0) ignores it, NaNs too, as PyTorch. Integer tensors truncate α and β, which must fit;
    where the contraction is empty PyTorch computes β·input alone, so α is unchecked and a float β ≠ 0 refused."""
    for name, value in (("beta", beta), ("alpha", alpha)):
        if not is_number(value):
            raise TypeError(f"argument '{name}' must be Number, not {type(value).__name__}")
        if isinstance(value, complex) and dtype.kind != "c":
            raise RuntimeError(f"value cannot be converted to type {dtype} without overflow")
        if dtype.kind == "f":
            check_fits(value, np.float32 if dtype == np.float16 else dtype)
    ignore_product = empty or (zero_alpha_ignores and alpha == 0 and dtype != np.float16)
    if dtype.kind in "iu":
        if empty and isinstance(beta, float) and beta != 0:
            raise RuntimeError(f"result type Float can't be cast to the desired output type {dtype}")
        beta = int(beta) if empty else _integer(beta, dtype)
        alpha = 0 if ignore_product else _integer(alpha, dtype)
    return beta, alpha, ignore_product


def _update(input, first, second, multiply, beta, alpha, *, empty, zero_alpha_ignores=True):
    """β·input + α·multiply(first, second), input broadcast to the product's shape (see _scales for what is
    ignored). float16 is computed in float32 and rounded once, as PyTorch's kernel (the float16 product rounded
    before α scaled it was up to 155 ulps off)."""
    beta, alpha, ignore_product = _scales(beta, alpha, np.dtype(second.dtype), empty, zero_alpha_ignores)
    return in_float32(_combined)(input, first, second, multiply, beta, alpha, ignore_product)


def _combined(input, first, second, multiply, beta, alpha, ignore_product):
    """β·input + α·multiply(first, second); β = 0 ignores input and `ignore_product` the product (with a zero
    gradient)."""
    product = multiply(first, second)
    try:
        input = broadcast_to(input, tuple(product.shape))
    except RuntimeError:
        raise RuntimeError(f"The expanded size of the tensor must match the existing size: target sizes "
                           f"{list(product.shape)}, tensor sizes {list(input.shape)}") from None
    everywhere = np.ones(product.shape, dtype=bool)
    scaled = product if alpha == 1 else mul(alpha, product)
    if beta == 0:
        return where(everywhere, where(~everywhere, scaled, 0) if ignore_product else scaled, input)
    scaled_input = input if beta == 1 else mul(beta, input)
    return where(everywhere, scaled_input, scaled) if ignore_product else add(scaled_input, scaled)


@composite("addmm")
def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    """β·input + α·(mat1 @ mat2) for 2-D mat1 (n×k) and mat2 (k×m); input broadcasts to n×m."""
    _checked(input, mat1, mat2, (2, 2), ("mat1", "mat2"))
    return _update(input, mat1, mat2, matmul, beta, alpha, empty=mat1.shape[1] == 0)


@composite("baddbmm")
def baddbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """β·input + α·(batch1 @ batch2) for 3-D batches (b×n×k, b×k×m); input broadcasts to b×n×m. Unlike
    addmm's, α = 0 does not ignore the product's NaNs, as PyTorch's."""
    _checked(input, batch1, batch2, (3, 3), ("batch1", "batch2"))
    return _update(input, batch1, batch2, matmul, beta, alpha, empty=batch1.shape[2] == 0, zero_alpha_ignores=False)


@composite("addbmm")
def addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """β·input + α·Σ_b batch1[b] @ batch2[b] (the batch products summed, in the batches' dtype: integers
    wrap); input broadcasts to n×m. float16 as PyTorch's kernel: β·input rounded, then each batch's α·product
    added to it in turn, each sum rounded."""
    _checked(input, batch1, batch2, (3, 3), ("batch1", "batch2"))
    empty = 0 in (batch1.shape[0], batch1.shape[2])
    if batch2.dtype != np.float16:
        return _update(input, batch1, batch2, _summed_products, beta, alpha, empty=empty)
    result = _update(input, batch1[:0], batch2[:0], _summed_products, beta, alpha, empty=True)
    for index in range(0 if empty else batch1.shape[0]):
        result = _update(result, batch1[index], batch2[index], matmul, 1, alpha, empty=False)
    return result


def _summed_products(batch1, batch2):
    return sum(matmul(batch1, batch2), 0, dtype=batch1.dtype)
