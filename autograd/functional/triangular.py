"""The lower and upper triangles of (batches of) matrices: tril and triu.

    tril(x, k)[i, j] = x[i, j] if j − i ≤ k else 0        triu(x, k)[i, j] = x[i, j] if j − i ≥ k else 0

`diagonal` = k moves the boundary: 0 is the main diagonal, k > 0 above it, k < 0 below. The
gradient passes through the kept entries and is 0 on the zeroed ones (one primitive that saves nothing, as
PyTorch's TrilBackward0: primitives/sizes_only.py)."""

from ..primitives.sizes_only import Triangle
from ..pytorch.checks import integer
from .arithmetic import require_tensor


def _triangle(x, diagonal, upper, name):
    require_tensor(x, name)
    if x.ndim < 2:
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")
    return Triangle.apply(x, diagonal=integer(diagonal, name, "diagonal"), upper=upper)


def tril(input, diagonal=0):
    """The lower triangle: entries on and below the `diagonal`-th diagonal, zeros above."""
    return _triangle(input, diagonal, False, "tril")


def triu(input, diagonal=0):
    """The upper triangle: entries on and above the `diagonal`-th diagonal, zeros below."""
    return _triangle(input, diagonal, True, "triu")
