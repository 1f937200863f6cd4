"""The lower and upper triangles of (batches of) matrices: tril and triu.

    tril(x, k)[i, j] = x[i, j] if j − i ≤ k else 0        triu(x, k)[i, j] = x[i, j] if j − i ≥ k else 0

`diagonal` = k moves the boundary: 0 is the main diagonal, k > 0 above it, k < 0 below. The
gradient passes through the kept entries and is 0 on the zeroed ones (a masked_fill)."""

import numpy as np

from .arithmetic import masked_fill
from ..pytorch.checks import integer


def _triangle(x, diagonal, numpy_triangle, name):
    if x.ndim < 2:
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")
    diagonal = integer(diagonal, name, "diagonal")
    kept = numpy_triangle(np.ones(x.shape[-2:], dtype=bool), diagonal)
    return masked_fill(x, ~kept, 0)


def tril(input, diagonal=0):
    """The lower triangle: entries on and below the `diagonal`-th diagonal, zeros above."""
    return _triangle(input, diagonal, np.tril, "tril")


def triu(input, diagonal=0):
    """The upper triangle: entries on and above the `diagonal`-th diagonal, zeros below."""
    return _triangle(input, diagonal, np.triu, "triu")
