"""torch.linalg's names in glassgrad: det, eig, eigvals, eigh, eigvalsh (autograd.functional.decompositions)
and matmul."""

from .functional.decompositions import det, eig, eigh, eigvals, eigvalsh  # noqa: F401
from .functional.linalg import matmul  # noqa: F401
