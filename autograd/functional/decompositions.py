"""Determinants and eigendecompositions of (batches of) square matrices: PyTorch's torch.linalg.det,
eig, eigvals, eigh and eigvalsh, computed by NumPy (LAPACK).

    det A = Π λᵢ        A vᵢ = λᵢ vᵢ  (eig: any square A, complex results)
                         eigh: a symmetric A, real λ in ascending order, orthonormal vᵢ

Gradients: det, and the eigenvalues of eigh and eigvalsh, have their first derivatives (the primitives
Det and Eigvalsh; second derivatives are refused). eig and eigvals have none: PyTorch's gradient of
eig is complex-valued and glassgrad does not differentiate complex tensors; calling them on a tensor
that requires grad, with grad mode on, is refused with a message that says so, rather than returning
a result that would silently drop that path from backward (use A.detach() or no_grad()). The
eigenvectors of eigh refuse a backward pass through them.
Eigenvectors are normalised to unit length; their signs (phases) are LAPACK's and may differ from
PyTorch's, as PyTorch warns they may between machines.
"""


import numpy as np

from .. import grad_mode
from ..primitives import Det, EighVectors, Eigvalsh
from ..pytorch import return_types
from ..tensor import Tensor
from .saved import composed


def _square_matrices(A, name, differentiable=False):
    """A's array after PyTorch's checks (a float or complex tensor of square matrices) and, unless the
    function is `differentiable`, the refusal of an input that requires grad."""
    if not isinstance(A, Tensor):
        raise TypeError(f"{name}(): argument 'A' must be Tensor, not {type(A).__name__}")
    if A.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor A must have at least 2 dimensions.")
    if A.shape[-1] != A.shape[-2]:
        raise RuntimeError(
            f"{name}: A must be batches of square matrices, but they are {A.shape[-2]} by {A.shape[-1]} matrices"
        )
    if A.dtype == np.float16:
        raise RuntimeError(
            f"{name}: not implemented for float16 (LAPACK has no half precision); convert with A.float()"
        )
    if A.dtype.kind not in "fc":
        raise RuntimeError(f"{name}: Expected a floating point or complex tensor as input. Got {A.dtype}")
    if A.requires_grad and grad_mode.is_grad_enabled() and not differentiable:
        raise RuntimeError(
            f"{name}: glassgrad computes no gradient for {name} (PyTorch's gradient of eig is "
            "complex-valued, and glassgrad does not differentiate complex tensors), and this input "
            "requires grad. Call it on A.detach() or under autograd.no_grad()."
        )
    array = A.detach().numpy()
    if not np.all(np.isfinite(array)):
        raise RuntimeError(f"{name}: the input matrix contains infs or NaNs")
    return array


def det(A):
    """det A for each square matrix A (1 for a 0 × 0 matrix);  d(det A)/dA = adj(A)ᵀ.

    At an exactly singular A the gradient is still adj(A)ᵀ, the true derivative (of [[1, 1, 2], [3, 3, 1],
    [0, 0, 5]]: [[15, −15, 0], [−5, 5, 0], [−5, 5, 0]] to rounding), where PyTorch 2.13 returns zeros (a
    deliberate difference)."""
    _square_matrices(A, "linalg.det", differentiable=True)
    return Det.apply(A)


def eig(A):
    """(eigenvalues, eigenvectors) of a square A, complex (complex64 for float32), with
    A @ eigenvectors = eigenvectors * eigenvalues; no gradient."""
    return _eig(A, "linalg.eig")


def _eig(A, name):
    array = _square_matrices(A, name)
    complex_dtype = np.result_type(array.dtype, np.complex64)
    values, vectors = np.linalg.eig(array)
    return return_types.linalg_eig(Tensor(values.astype(complex_dtype)), Tensor(vectors.astype(complex_dtype)))


def eigvals(A):
    """The eigenvalues of a square A, complex; no gradient."""
    return _eig(A, "linalg.eigvals").eigenvalues


def _uplo(UPLO):
    if UPLO not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    return UPLO


def eigh(A, UPLO="L"):
    """(eigenvalues ascending, orthonormal eigenvectors as columns) of a symmetric (Hermitian) A, read
    from its lower triangle (UPLO='L') or upper one ('U'). The eigenvalues have a gradient, the
    eigenvectors refuse one."""
    UPLO = _uplo(UPLO)
    array = _square_matrices(A, "linalg.eigh", differentiable=True)
    if A.requires_grad and grad_mode.is_grad_enabled():
        pair = (composed(op.apply(A, UPLO=UPLO), "linalg.eigh", A) for op in (Eigvalsh, EighVectors))
        return return_types.linalg_eigh(*pair)  # (PyTorch's one node for both: a hook on either is refused)
    values, vectors = np.linalg.eigh(array, UPLO=UPLO)
    return return_types.linalg_eigh(Tensor(values), Tensor(vectors))


def eigvalsh(A, UPLO="L"):
    """The eigenvalues of a symmetric A, ascending;  dλᵢ/dA = vᵢ vᵢᵀ."""
    UPLO = _uplo(UPLO)
    _square_matrices(A, "linalg.eigvalsh", differentiable=True)
    return Eigvalsh.apply(A, UPLO=UPLO)
