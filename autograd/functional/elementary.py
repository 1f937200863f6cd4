"""More elementwise functions of PyTorch's surface: erf, tan, the inverse trigonometric functions
(with NumPy's arc- names as aliases, as PyTorch has them), exp2, log2 and log10.

Integer and bool inputs give float32, as in PyTorch; the derivatives are the primitives' rules.
"""

from ..primitives import Acos, Asin, Atan, Atan2, Erf, Log2, Log10
from ..primitives.special import Exp2, Tan
from ..tensor import Tensor
from ..pytorch.conversion import DEFAULT_FLOAT
from ..pytorch.promotion import result_type
from .arithmetic import promote, require_tensor, to


def _floating(x, name):
    """x itself if it is a float tensor, else x as float32 (as PyTorch computes these functions of integers);
    complex tensors are refused (glassgrad computes these on real numbers only), and anything but a tensor."""
    require_tensor(x, name)
    if x.dtype.kind == "c":
        raise NotImplementedError(f"{name} is not implemented for complex tensors in glassgrad (got {x.dtype})")
    return x if x.dtype.kind == "f" else to(x, DEFAULT_FLOAT)


def erf(input):
    """erf x = (2/√π) ∫₀ˣ e^(−t²) dt, in (−1, 1);  d/dx = (2/√π) e^(−x²)."""
    return Erf.apply(_floating(input, "erf"))


def tan(input):
    """tan x = sin x / cos x;  d/dx = 1 + tan² x (from the output, as PyTorch's)."""
    return Tan.apply(_floating(input, "tan"))


def exp2(input):
    """2ˣ;  d/dx = 2ˣ ln 2 (from the output, as PyTorch's)."""
    return Exp2.apply(_floating(input, "exp2"))


def acos(input):
    """arccos x in [0, π] for x in [−1, 1] (NaN outside);  d/dx = −1/√(1 − x²)."""
    return Acos.apply(_floating(input, "acos"))


def asin(input):
    """arcsin x in [−π/2, π/2] for x in [−1, 1] (NaN outside);  d/dx = 1/√(1 − x²)."""
    return Asin.apply(_floating(input, "asin"))


def atan(input):
    """arctan x in (−π/2, π/2);  d/dx = 1/(1 + x²)."""
    return Atan.apply(_floating(input, "atan"))


def atan2(input, other):
    """The angle of the point (other, input) = (x, y) in (−π, π], with the quadrant from both signs
    (atan(y/x) alone cannot tell (1, 1) from (−1, −1));  ∂/∂y = x/(x² + y²),  ∂/∂x = −y/(x² + y²).

    Both arguments must be tensors (as in PyTorch); they broadcast and promote, integers give float32. With one
    float32 and one float64 argument the gradients are computed in float64, where PyTorch's squares the float32
    one in float32 (they agree to about 1e-7)."""
    for position, (name, value) in enumerate((("input", input), ("other", other)), 1):
        if not isinstance(value, Tensor):
            raise TypeError(
                f"atan2(): argument '{name}' (position {position}) must be Tensor, not {type(value).__name__}"
            )
    dtype = result_type(input, other)
    if dtype.kind == "c":
        raise NotImplementedError(f"atan2 is not implemented for complex tensors (got {dtype})")
    return Atan2.apply(*promote(input, other, dtype=dtype if dtype.kind == "f" else DEFAULT_FLOAT))


def log2(input):
    """log₂ x (exact at powers of 2);  d/dx = 1/(x ln 2)."""
    return Log2.apply(_floating(input, "log2"))


def log10(input):
    """log₁₀ x (exact at powers of 10);  d/dx = 1/(x ln 10)."""
    return Log10.apply(_floating(input, "log10"))


arccos, arcsin, arctan, arctan2 = acos, asin, atan, atan2
