"""Matrix products: matmul (NumPy's rules, batch axes broadcast) and bmm, and PyTorch's strict
forms dot (vector · vector), mv (matrix @ vector), mm (matrix @ matrix).

The strict forms accept only the ranks their names say, and both operands must share a dtype
(PyTorch's rule); each is then one matmul, so the gradients are matmul's.
"""
import numpy as np

from ..primitives import MatMul
from ..tensor import Tensor
from .arithmetic import operands
from .shapes import squeeze, unsqueeze
from .arithmetic import require_tensor
from .saved import composed


def matmul(a, b):
    """Matrix product with NumPy's rules: 1-D operands are promoted to a row (left) or a
    column (right) and the added axis removed again; batch axes broadcast."""
    if isinstance(a, Tensor) and isinstance(b, Tensor) and a.dtype != b.dtype:
        raise RuntimeError(f"matmul: expected both operands to have the same dtype, but got {a.dtype} and {b.dtype}")
    a, b = operands(a, b)
    if a.dtype == np.bool_ and a.numel() and b.numel():  # (empty ones give PyTorch's empty or False result)
        raise NotImplementedError("\"matmul\" not implemented for 'Bool'")
    if a._data.ndim >= 2 and b._data.ndim >= 2:  # (PyTorch's node of a batched product is a view of it: not this one)
        return MatMul.apply(a, b) if a.ndim == b.ndim == 2 else composed(MatMul.apply(a, b), "matmul", a, b)
    if a.ndim == 0 or b.ndim == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {a.ndim}D and {b.ndim}D")
    out = MatMul.apply(unsqueeze(a, 0) if a.ndim == 1 else a, unsqueeze(b, -1) if b.ndim == 1 else b)
    if a.ndim == 1:
        out = squeeze(out, -2)
    if b.ndim == 1:
        out = squeeze(out, -1)
    return composed(out, "matmul", a, b)  # (a vector's product ends in a squeeze: not PyTorch's node for a hook)


def bmm(a, b):
    """Batch matrix product: (B, n, k) @ (B, k, m) -> (B, n, m), each batch item multiplied alone."""
    require_tensor(a, "bmm")
    require_tensor(b, "bmm", "mat2", 2)
    if a.ndim != 3 or b.ndim != 3 or a.shape[0] != b.shape[0]:
        raise RuntimeError(f"bmm: expected (B, n, k) and (B, k, m) tensors, got shapes {a.shape} and {b.shape}")
    return MatMul.apply(a, b)


def _check(name, a, b, ranks):
    for t in (a, b):
        if not isinstance(t, Tensor):
            raise TypeError(f"{name}(): expected Tensors, got {type(t).__name__}")
    if (a.ndim, b.ndim) != ranks:
        error = IndexError if name == "mv" and a.ndim == 0 else RuntimeError  # (PyTorch's mv reads a.size(0))
        raise error(f"{name}(): expected {ranks[0]}-D and {ranks[1]}-D tensors, but got {a.ndim}-D and "
                    f"{b.ndim}-D (shapes {tuple(a.shape)} and {tuple(b.shape)})")
    if a.dtype != b.dtype:
        raise RuntimeError(f"{name}(): expected both tensors to have the same dtype, but found {a.dtype} and {b.dtype}")
    if a.shape[-1] != b.shape[0]:
        raise RuntimeError(f"{name}(): shapes {tuple(a.shape)} and {tuple(b.shape)} cannot be multiplied "
                           f"({a.shape[-1]} != {b.shape[0]})")


def dot(a, b):
    """a · b = Σᵢ aᵢ bᵢ for two 1-D tensors of the same length."""
    _check("dot", a, b, (1, 1))
    if a.dtype == np.bool_:  # (empty ones too, as PyTorch's)
        raise NotImplementedError("\"dot\" not implemented for 'Bool'")
    return matmul(a, b)


def mv(matrix, vector):
    """(A x)ᵢ = Σⱼ Aᵢⱼ xⱼ for a 2-D A and a 1-D x."""
    _check("mv", matrix, vector, (2, 1))
    return matmul(matrix, vector)


def mm(a, b):
    """(A B)ᵢⱼ = Σₖ Aᵢₖ Bₖⱼ for two 2-D tensors."""
    _check("mm", a, b, (2, 2))
    return matmul(a, b)
