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


def _scalars(beta, alpha, dtype):
    """β and α, checked as PyTorch checks them against the result's dtype (1e300 does not fit float32: refused), and
    truncated to ints for integer tensors."""
    for name, value in (("beta", beta), ("alpha", alpha)):
        if not is_number(value):
            raise TypeError(f"argument '{name}' must be Number, not {type(value).__name__}")
        if isinstance(value, complex) and dtype.kind != "c":
            raise RuntimeError(f"value cannot be converted to type {dtype} without overflow")
        if dtype.kind == "f":
            check_fits(value, dtype)
    return (int(beta), int(alpha)) if dtype.kind in "iu" else (beta, alpha)


@in_float32
def _update(input, first, second, multiply, beta, alpha):
    """β·input + α·multiply(first, second), input broadcast to the product's shape; β = 0 ignores input (its NaNs
    too, as PyTorch, with a zero gradient). float16 is computed in float32 and rounded once, as PyTorch's kernel
    (the float16 product rounded before α scaled it was up to 155 ulps off)."""
    product = multiply(first, second)
    try:
        input = broadcast_to(input, tuple(product.shape))
    except RuntimeError:
        raise RuntimeError(f"The expanded size of the tensor must match the existing size: target sizes "
                           f"{list(product.shape)}, tensor sizes {list(input.shape)}") from None
    scaled = product if alpha == 1 else mul(alpha, product)
    if beta == 0:
        return where(np.ones(product.shape, dtype=bool), scaled, input)
    return add(input if beta == 1 else mul(beta, input), scaled)


def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    """β·input + α·(mat1 @ mat2) for 2-D mat1 (n×k) and mat2 (k×m); input broadcasts to n×m."""
    _checked(input, mat1, mat2, (2, 2), ("mat1", "mat2"))
    return _update(input, mat1, mat2, matmul, *_scalars(beta, alpha, mat2.dtype))


def baddbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """β·input + α·(batch1 @ batch2) for 3-D batches (b×n×k, b×k×m); input broadcasts to b×n×m."""
    _checked(input, batch1, batch2, (3, 3), ("batch1", "batch2"))
    return _update(input, batch1, batch2, matmul, *_scalars(beta, alpha, batch2.dtype))


def addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """β·input + α·Σ_b batch1[b] @ batch2[b] (the batch products summed); input broadcasts to n×m."""
    _checked(input, batch1, batch2, (3, 3), ("batch1", "batch2"))
    beta, alpha = _scalars(beta, alpha, batch2.dtype)
    if batch2.dtype != np.float16:
        return _update(input, batch1, batch2, _summed_products, beta, alpha)
    # PyTorch's float16 kernel: β·input rounded, then each batch's α·product added to it in turn, each sum rounded
    result = _update(input, batch1[:0], batch2[:0], _summed_products, beta, 0)
    for index in range(batch1.shape[0]):
        result = _update(result, batch1[index], batch2[index], matmul, 1, alpha)
    return result


def _summed_products(batch1, batch2):
    return sum(matmul(batch1, batch2), 0)
