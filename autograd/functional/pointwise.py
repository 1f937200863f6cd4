"""More elementwise functions of PyTorch's surface: the hyperbolic sine and cosine, square."""
import numpy as np

from ..primitives import Cosh, Sinh
from .arithmetic import floating, to


def sinh(x):
    """sinh x = (eˣ − e⁻ˣ) / 2;  d/dx = cosh x. Integers give float32, as exp does."""
    return Sinh.apply(floating(x))


def cosh(x):
    """cosh x = (eˣ + e⁻ˣ) / 2;  d/dx = sinh x. Integers give float32, as exp does."""
    return Cosh.apply(floating(x))


def square(x):
    """x² = x · x (integer tensors stay integer and a bool x gives int64, as in PyTorch)."""
    if x.dtype == np.bool_:
        x = to(x, np.int64)
    return x * x
