"""logit, xlogy and hypot as PyTorch has them, composed from the arithmetic primitives (so their gradients are
those of the pieces); each formula is arranged so that its edge values (0, ±inf, NaN) and their gradients are
PyTorch's, which a naive composition is not (0 · log 0 is NaN, a² + b² overflows at 1e200)."""
import numpy as np

from ..pytorch.conversion import DEFAULT_FLOAT
from ..tensor import Tensor
from .arithmetic import (
    abs, add, check_broadcast, clamp, div, log, log1p, maximum, minimum, mul, neg, operands, sqrt, sub, to, where,
)

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


def logit(input, eps=None):
    """log(p / (1 − p)), the inverse of the sigmoid, computed as log p − log1p(−p);
    d/dp = 1/(p (1 − p)): ±inf at 0 and 1.

    With eps (≥ 0), p is first clamped to [eps, 1 − eps], and the gradient is 0 where p lies outside (the
    clamp's); a negative eps clamps nothing, as in PyTorch. Outside [0, 1] the value is NaN and so is the gradient
    (PyTorch's rule; log p − log1p(−p) alone would give a finite slope there: a term x · NaN, 0 inside, adds it).
    Integers give float32. The value may differ from PyTorch's log(p / (1 − p)) in the last bit; that form's
    gradient is NaN at p = 0, where PyTorch's is inf."""
    if not isinstance(input, Tensor):
        raise TypeError(f"logit(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    p = _real_floating(input, "logit")
    if eps is not None and eps >= 0:
        p = clamp(p, eps, 1 - eps)
        return sub(log(p), log1p(neg(p)))
    result = sub(log(p), log1p(neg(p)))
    outside = (_values(p) < 0) | (_values(p) > 1)
    if outside.any():
        result = add(result, mul(p, Tensor(np.where(outside, np.nan, 0).astype(p.dtype))))
    return result


def xlogy(input, other):
    """x · log y, with 0 where x = 0 (even where y is 0 or inf) unless y is NaN, as PyTorch's;
    ∂/∂x = log y (0 where x = 0 and y ≤ 0),  ∂/∂y = x / y (NaN at x = y = 0): PyTorch's rules.

    Composed as x · where(x = 0 and (y ≤ 0 or y = inf), 0, log y): the where keeps 0 · log 0 and 0 · inf from
    being NaN in the value and in ∂/∂x, while log y still receives x · g = 0 there, so ∂/∂y is 0 / y, PyTorch's.
    Where x = 0 and y = inf, √(x + 0) (value 0, slope inf) is added, for PyTorch's ∂/∂x = log inf = inf there.
    One argument may be a number; they broadcast and promote, integers give float32."""
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):
        raise TypeError(f"xlogy() received an invalid combination of arguments - got ({type(input).__name__}, "
                        f"{type(other).__name__}): one of input and other must be a Tensor")
    x, y = operands(input, other)
    check_broadcast(x, y)
    x, y = _real_floating(x, "xlogy"), _real_floating(y, "xlogy")
    x_zero, y_values = _values(x) == 0, _values(y)
    zero_times_infinite = x_zero & (y_values == np.inf)
    result = mul(x, where(x_zero & (y_values <= 0) | zero_times_infinite, 0.0, log(y)))
    if zero_times_infinite.any():
        infinite_slope = sqrt(add(where(zero_times_infinite, x, 1.0), 0.0))  # (+ 0 makes −0 into +0: slope +inf)
        result = add(result, where(zero_times_infinite, infinite_slope, 0.0))
    return result


def hypot(input, other):
    """√(a² + b²) without overflow or underflow: M · √(1 + (m/M)²), where M = max(|a|, |b|) and m the other
    (1e200 gives 1.41e200, not inf);  ∂/∂a = a / hypot, ∂/∂b = b / hypot (as M/h and m/h through max and min).

    As PyTorch's: inf where either is ±inf (even with a NaN), NaN where either is NaN otherwise, 0 at (0, 0)
    with a NaN gradient there (there a naive √(a² + b²) is computed, whose gradient that is). Both arguments
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
    larger, smaller = maximum(abs(a), abs(b)), minimum(abs(a), abs(b))
    both_zero = _values(larger) == 0
    ratio = div(smaller, where(both_zero, 1.0, larger))
    result = mul(larger, sqrt(add(1.0, mul(ratio, ratio))))
    if both_zero.any():
        a0, b0 = where(both_zero, a, 1.0), where(both_zero, b, 1.0)
        result = where(both_zero, sqrt(add(mul(a0, a0), mul(b0, b0))), result)
    infinite = np.isinf(_values(a)) | np.isinf(_values(b))
    if infinite.any():
        result = where(infinite, np.inf, result)
    return result
