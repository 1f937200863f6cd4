"""Primitives of linear algebra: the determinant and the eigenvalues of a symmetric matrix, with their
first derivatives, and the eigenvectors of a symmetric matrix, which carry no gradient here.

Their rules use decompositions computed from the input's values (an SVD, the eigenvectors): those are
constants to the rule, so the rules are right to first order only. A backward pass that is itself
recorded (create_graph=True) is refused with a message rather than given a wrong second derivative.
"""

import numpy as np

from ..function import Function
from .shapes import Reshape


def _first_order_only(name, ops):
    if ops.records:
        raise RuntimeError(
            f"{name}: glassgrad has no second derivative of {name} (its rule is exact to first "
            "order only); backward with create_graph=True through it is not supported"
        )


def adjugate(a):
    """adj(A) for each square matrix A (A adj(A) = det(A) I), also for singular A: with A = U S Vᵀ (an SVD),
    adj(A) = det(U) det(V) · V diag(Π_{j ≠ i} s_j) Uᵀ, the products taken without dividing by any s_i."""
    u, s, vt = np.linalg.svd(a)
    ones = np.ones(s.shape[:-1] + (1,), dtype=s.dtype)
    before = np.cumprod(np.concatenate([ones, s[..., :-1]], axis=-1), axis=-1)  # Π_{j < i} s_j
    after = np.flip(np.cumprod(np.concatenate([ones, np.flip(s, -1)[..., :-1]], axis=-1), axis=-1), -1)  # Π_{j > i}
    signs = (np.linalg.det(u) * np.linalg.det(vt))[..., None, None]
    return signs * np.swapaxes(vt, -1, -2) @ ((before * after)[..., :, None] * np.swapaxes(u, -1, -2))


class Det(Function):
    """out = det A;  dA = g adj(A)ᵀ  (= g det(A) A⁻ᵀ for an invertible A)

    The adjugate comes from an SVD, so a singular A gets its true derivative: for rank n − 1 it is not 0.
    (PyTorch gives 0 for some singular matrices, e.g. [[1, 2], [2, 4]], whose derivative is [[4, −2], [−2, 1]].)"""

    def forward(self, a):
        return np.asarray(np.linalg.det(a)).astype(a.dtype)

    def backward(self, ops, g):
        _first_order_only("linalg.det", ops)
        a = self.inputs[0]
        g = ops(Reshape, g, shape=tuple(g.shape) + (1, 1))
        return (g * np.swapaxes(adjugate(a), -1, -2).astype(a.dtype),)


class Eigvalsh(Function):
    """out = λ, the eigenvalues of a symmetric A in ascending order (A read from its `UPLO` triangle);
    dA = V diag(g) Vᵀ with V the eigenvectors (dλᵢ = vᵢᵀ dA vᵢ)"""

    __slots__ = ("UPLO",)  # the parameters, kept without a per-node dict

    def __init__(self, UPLO):
        self.UPLO = UPLO

    def forward(self, a):
        return np.linalg.eigvalsh(a, UPLO=self.UPLO)

    def backward(self, ops, g):
        _first_order_only("linalg.eigvalsh", ops)
        vectors = np.linalg.eigh(self.inputs[0], UPLO=self.UPLO)[1]
        return ((vectors * ops(Reshape, g, shape=tuple(g.shape[:-1]) + (1, g.shape[-1]))) @ np.swapaxes(vectors, -1, -2),)


class EighVectors(Function):
    """out = the orthonormal eigenvectors of a symmetric A, as columns;  no gradient: backward through them is refused

    (Their derivative divides by the gaps between eigenvalues; glassgrad does not implement it.)"""

    reads_inputs = False

    __slots__ = ("UPLO",)  # the parameters, kept without a per-node dict

    def __init__(self, UPLO):
        self.UPLO = UPLO

    def forward(self, a):
        return np.linalg.eigh(a, UPLO=self.UPLO)[1]

    def backward(self, ops, g):
        raise RuntimeError(
            "linalg.eigh: glassgrad has no gradient for the eigenvectors (only for the eigenvalues): "
            "compute what needs them from eigenvectors.detach(), or use linalg.eigvalsh"
        )
