"""More elementwise functions of PyTorch's surface: the hyperbolic sine and cosine, square."""
from ..primitives import Cosh, Sinh


def sinh(x):
    """sinh x = (eˣ − e⁻ˣ) / 2;  d/dx = cosh x."""
    return Sinh.apply(x)


def cosh(x):
    """cosh x = (eˣ + e⁻ˣ) / 2;  d/dx = sinh x."""
    return Cosh.apply(x)


def square(x):
    """x² = x · x (integer tensors stay integer, as in PyTorch)."""
    return x * x
