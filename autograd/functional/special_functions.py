"""logit, xlogy, hypot and erfinv as PyTorch has them, composed from the arithmetic primitives (so their
gradients are those of the pieces); each formula is arranged so that its edge values (0, ±inf, NaN) and their
gradients are PyTorch's, which a naive composition is not (0 · log 0 is NaN, a² + b² overflows at 1e200)."""
import math

import numpy as np

from ..primitives.special import Logit, XTimesLog
from ..pytorch.conversion import DEFAULT_FLOAT, held_number
from ..pytorch.promotion import result_type
from ..tensor import Tensor
from .arithmetic import (
    abs, add, check_broadcast, div, exp, log, mul, neg, operands, promote, sqrt, sub, to, where,
)
from .elementary import erf
from .saved import composed
from .saved import composite

TORCH_DTYPE_NAMES = {"bool": "Bool", "uint8": "Byte", "int8": "Char", "int16": "Short", "int32": "Int",
                     "int64": "Long", "float16": "Half", "float32": "Float", "float64": "Double",
                     "complex64": "ComplexFloat", "complex128": "ComplexDouble"}


def _values(x):
    return x.detach().numpy()


def _real_floating(x, name):
    """x as a float tensor: itself, or float32 for integers and bools (as PyTorch computes these of integers);
    complex tensors are refused (glassgrad computes these on real numbers only)."""
    if x.dtype.kind == "c":
        raise NotImplementedError(f"{name} is not implemented for complex tensors in glassgrad (got {x.dtype})")
    return x if x.dtype.kind == "f" else to(x, DEFAULT_FLOAT)


def _floating_result_type(input, other, name):
    """PyTorch's result dtype of `input` and `other` (tensors or numbers), float32 where it is an integer or
    bool: the dtype both are converted to directly, so that no number wraps in an integer dtype on the way;
    complex is refused (glassgrad computes these on real numbers only)."""
    dtype = result_type(*(Tensor(v) if isinstance(v, (list, tuple, np.ndarray)) else v for v in (input, other)))
    if dtype.kind == "c":
        raise NotImplementedError(f"{name} is not implemented for complex tensors in glassgrad (got {dtype})")
    return dtype if dtype.kind == "f" else np.dtype(DEFAULT_FLOAT)


def logit(input, eps=None):
    """log(p / (1 − p)), the inverse of the sigmoid, in the input's dtype as PyTorch computes it (the same value,
    float16's too);  d/dp = 1/(p (1 − p)), rounded as PyTorch's (Logit, a primitive): +inf at 0 (−0.0 too) and 1.

    With eps (≥ 0), p is first clamped to [eps, 1 − eps] (p < eps gives eps, then p > 1 − eps gives 1 − eps),
    and the gradient is 0 where p lies outside; a negative eps clamps nothing, as in PyTorch. Outside [0, 1] the
    value is NaN, and so is the gradient when no eps is given (PyTorch's rule: a term p · NaN adds it); with
    eps = NaN PyTorch clamps nothing and its gradient is 1/(p (1 − p)) everywhere (−0.5 at p = 2). Integers
    give float32."""
    if not isinstance(input, Tensor):
        raise TypeError(f"logit(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    p = _real_floating(input, "logit")
    eps = None if eps is None else held_number(eps)  # (np.float16(0.3): 1 − eps not rounded to float16)
    if eps is not None and eps >= 0:  # (PyTorch's order of the two tests: an eps above 1/2 gives eps everywhere)
        p = where(_values(p) < eps, eps, where(_values(p) > 1 - eps, 1 - eps, p))
    result = Logit.apply(p)
    outside = (_values(p) < 0) | (_values(p) > 1)
    if (eps is None or eps < 0) and outside.any():
        return composed(add(result, mul(p, Tensor(np.where(outside, np.nan, 0).astype(p.dtype)))), "logit", input)
    return result if p is input else composed(result, "logit", input)


def xlogy(input, other):
    """x · log y, with 0 where x = 0 (even where y is 0 or inf) unless y is NaN, as PyTorch's;
    ∂/∂x = xlogy(g, y) (0 where x = 0 and y ≤ 0),  ∂/∂y = g · x / y (NaN at x = y = 0): PyTorch's rules, those
    of the primitive XTimesLog. One argument may be a number; they broadcast and promote, integers give float32:
    the result's float dtype is settled first and both converted to it (uint8 with −1 is log(−1) = NaN, not
    log 255), as PyTorch's."""
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):
        raise TypeError(f"xlogy() received an invalid combination of arguments - got ({type(input).__name__}, "
                        f"{type(other).__name__}): one of input and other must be a Tensor")
    x, y = promote(input, other, dtype=_floating_result_type(input, other, "xlogy"))
    check_broadcast(x, y)
    return composed(XTimesLog.apply(x, y), "xlogy", input, other)  # (x and y may be conversions' nodes)


def hypot(input, other):
    """√(a² + b²) without overflow or underflow;  ∂/∂a = a / hypot, ∂/∂b = b / hypot.

    float32 and float16 are computed as √(a² + b²) in float64, where their squares neither overflow nor
    underflow, and rounded to float32 (then to float16), as PyTorch's; float64 with a and b scaled by a power
    of two first (1e200 gives 1.41e200, not inf; within an ulp of PyTorch's). As PyTorch's: inf where either is
    ±inf (even with a NaN), NaN where either is NaN otherwise, 0 at (0, 0) with a NaN gradient. Both arguments
    must be float tensors (integers are PyTorch's NotImplementedError); they broadcast and promote. Where an
    argument is infinite the gradient is 0 here (PyTorch's a/h is NaN or 0 there)."""
    for position, (name, value) in enumerate((("input", input), ("other", other)), 1):
        if not isinstance(value, Tensor):
            raise TypeError(f"hypot(): argument '{name}' (position {position}) must be Tensor, not "
                            f"{type(value).__name__}")
    a, b = operands(input, other)
    check_broadcast(a, b)
    if a.dtype.kind != "f":
        raise NotImplementedError(f"\"hypot_cpu\" not implemented for '{TORCH_DTYPE_NAMES[a.dtype.name]}'")
    if a.dtype == np.float64:
        result = _scaled_hypot(a, b)
    else:
        wide_a, wide_b = to(a, np.float64), to(b, np.float64)
        result = to(to(sqrt(add(mul(wide_a, wide_a), mul(wide_b, wide_b))), np.float32), a.dtype)
    infinite = np.isinf(_values(a)) | np.isinf(_values(b))
    if infinite.any():
        result = where(infinite, np.inf, result)
    return composed(result, "hypot", input, other)


def _scaled_hypot(a, b):
    """2ᵏ · √((a/2ᵏ)² + (b/2ᵏ)²), 2ᵏ the power of two of max(|a|, |b|): dividing by it is exact, and the squares
    of the scaled values neither overflow nor lose the larger one to underflow. The gradient is the naive
    form's, a/h and b/h (NaN at a = b = 0, where k = 0: PyTorch's)."""
    _, exponent = np.frexp(np.maximum(np.abs(_values(a)), np.abs(_values(b))))
    exponent = np.clip(exponent, -1020, 1020)  # (2^±1024 and beyond are not float64s: subnormals scale less)
    down, up = Tensor(np.ldexp(1.0, -exponent)), Tensor(np.ldexp(1.0, exponent))
    scaled_a, scaled_b = mul(a, down), mul(b, down)
    return mul(sqrt(add(mul(scaled_a, scaled_a), mul(scaled_b, scaled_b))), up)


# Giles' single-precision approximation of erfinv (M. Giles, "Approximating the erfinv function", GPU Computing
# Gems, 2011): erfinv x ≈ x · p(w), w = −ln(1 − x²), a polynomial in w − 2.5 for w < 5 and in √w − 3 beyond.
GILES_CENTRAL = (2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503,
                 -0.00417768164, 0.246640727, 1.50140941)
GILES_TAIL = (-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613,
              0.00943887047, 1.00167406, 2.83297682)
CENTRAL_STEPS, TAIL_STEPS = 2, 4  # Newton squares Giles' error (~1e-7; ~1e-1 in float64's far tail) at each step
TAIL = 0.9995  # beyond, erfinv > 2.48: Newton compares erfc y with 1 − |x| (exact there); erf y − x loses it
ERFC_TERMS = 40  # the continued fraction's terms: erfc to float64's rounding for y ≥ 2.48


def _giles_start(x):
    """Giles' approximation of erfinv at x (an array with |x| < 1): the Newton steps' starting point."""
    w = -np.log1p(-x * x)
    central, tail = np.polyval(GILES_CENTRAL, w - 2.5), np.polyval(GILES_TAIL, np.sqrt(w) - 3)
    return x * np.where(w < 5, central, tail)


def _continued_fraction(y):
    """F(y) = y + (1/2)/(y + 1/(y + (3/2)/(y + …))), with erfc y = e^(−y²) / (√π F(y)) (to float64's rounding
    for y ≳ 2.5 with ERFC_TERMS terms)."""
    fraction = y
    for k in range(ERFC_TERMS, 0, -1):
        fraction = add(y, div(k / 2, fraction))
    return fraction


def _central_step(y, x):
    """Newton's step for erf y = x:  (erf y − x) / erf′(y),  erf′(y) = (2/√π) e^(−y²)."""
    return div(sub(erf(y), x), mul(2 / math.sqrt(math.pi), exp(neg(mul(y, y)))))


def _tail_step(y, size):
    """Newton's step for ln erfc y = ln(1 − |x|), nearly linear in y where erfc y is tiny (Newton on erfc y
    itself crawls from a poor start): ln erfc y = −y² − ln(√π F(y)), whose derivative is −2 F(y)."""
    fraction = _continued_fraction(y)
    log_erfc = sub(neg(mul(y, y)), log(mul(math.sqrt(math.pi), fraction)))
    return div(sub(log_erfc, log(sub(1.0, size))), mul(-2.0, fraction))


def _newton(x, step, steps):
    """`steps` Newton steps y ← y − step(y, x) from Giles' start."""
    y = Tensor(_giles_start(_values(x)))
    for _ in range(steps):
        y = sub(y, step(y, x))
    return y


@composite("erfinv")
def erfinv(input):
    """The y with erf y = x, for x in (−1, 1); ±inf at ±1, NaN beyond;  d/dx = (√π/2) · e^(y²).

    Computed in float64 (then rounded to the input's dtype): Giles' approximation y₀ (a constant start), then
    Newton steps y ← y − (erf y − x) / ((2/√π) e^(−y²)), recorded as operations, so the gradient is theirs:
    each step's derivative is 1 / erf'(y) plus a multiple of the residual erf y − x, which the steps drive to 0.
    For |x| > 0.9995 the steps solve ln erfc |y| = ln(1 − |x|) instead (erfc by its continued fraction; 1 − |x|
    is exact there), since erf y near 1 has lost the digits that tell y apart; the derivative at the solution is
    the same. At ±1 the value is x · inf (gradient inf), beyond ±1 and at NaN x · NaN (gradient NaN), as
    PyTorch's. Integers give float32. Against PyTorch: within 2e-14 (float64) and one rounding (float32).
    glassgrad has no torch.special, so there is no special.erfinv."""
    if not isinstance(input, Tensor):
        raise TypeError(f"erfinv(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    x = _real_floating(input, "erfinv")
    wide = to(x, np.float64)
    values = _values(wide)
    inside, tail = np.abs(values) < 1, (np.abs(values) > TAIL) & (np.abs(values) < 1)
    y = _newton(where(inside & ~tail, wide, 0.0), _central_step, CENTRAL_STEPS)
    if tail.any():
        size = _newton(where(tail, abs(wide), TAIL), _tail_step, TAIL_STEPS)
        y = where(tail, mul(Tensor(np.sign(values)), size), y)
    edge = np.where(inside, 0.0, np.where(np.abs(values) == 1, np.inf, np.nan))
    return to(where(inside, y, mul(wide, Tensor(edge))), x.dtype)
