"""More elementwise functions of PyTorch's surface: the hyperbolic sine and cosine, square, expm1, rsqrt."""
import numpy as np

from ..primitives import Cosh, Sinh
from ..primitives.special import Rsqrt
from .arithmetic import abs, exp, floating, to, where
from .opmath import in_float32
from .saved import composed, one_node
from .arithmetic import require_tensor


def sinh(x):
    """sinh x = (eˣ − e⁻ˣ) / 2;  d/dx = cosh x. Integers give float32, as exp does."""
    return Sinh.apply(floating(x, "sinh"))


def cosh(x):
    """cosh x = (eˣ + e⁻ˣ) / 2;  d/dx = sinh x. Integers give float32, as exp does."""
    return Cosh.apply(floating(x, "cosh"))


def square(x):
    """x² = x · x (integer tensors stay integer and a bool x gives int64, as in PyTorch)."""
    require_tensor(x, "square")
    if x.dtype == np.bool_:
        x = to(x, np.int64)
    return composed(x * x, "square", x)  # (PyTorch's node has one input, x: a hook on x · x's would see two)


def expm1(x):
    """eˣ − 1, accurate near 0 where exp(x) − 1 would lose the low digits:

        |x| < 1:  eˣ − 1 = 2 e^(x/2) sinh(x/2)     (no subtraction: sinh is accurate near 0)
        else:     eˣ − 1 = exp(x) − 1              (the subtraction loses under 3 ulp there)

    The near branch sees x only where |x| < 1 (0 elsewhere), so that neither branch's gradient, eˣ, is NaN.
    One node saves the output, as PyTorch's (backward refuses once it was changed in place).
    Integers give float32, as exp does; float16 is computed in float32 and rounded once, as PyTorch's kernel."""
    return one_node(_expm1(floating(x, "expm1")), "Expm1Backward0", output=True)


@in_float32
def _expm1(x):
    near = abs(x) < 1
    half = where(near, x, 0.0) * 0.5
    return where(near, 2 * exp(half) * Sinh.apply(half), exp(x) - 1)


def rsqrt(x):
    """1 / √x, computed so as PyTorch (inf at 0, −inf at −0, NaN below);  d/dx = −½ (1/√x)³. Integers give
    float32. float16 is computed in float32 and rounded once, as PyTorch's kernel (one node saves the rounded
    result, as PyTorch's: backward refuses once it was changed in place)."""
    x = floating(x, "rsqrt")
    if x.dtype == np.float16:
        return one_node(in_float32(Rsqrt.apply)(x), "RsqrtBackward0", output=True)
    return Rsqrt.apply(x)
