"""More elementwise primitives of PyTorch's surface: erf, tan, the inverse trigonometric functions,
2ˣ, the base-2 and base-10 logarithms, the rounding functions, floor division and the remainders, rsqrt and
the powers ½ and 0 as PyTorch computes them.

Each has its own primitive (not a composition) where a composition would round differently
from PyTorch: log2(8) must be exactly 3, atan2 must give the right quadrant, erf has no
elementary form. float16 and float32 inputs of erf, log2 and log10 are computed in float64 and
rounded once.
"""

import math

import numpy as np

from ..function import Function
from .elementwise import Exp, Pow, Sqrt, Where

_ERF_STEP, _ERF_END, _ERF_TERMS = 1 / 128, 6.0, 7  # erf(x) = ±1 in float64 beyond |x| = 6 (erfc(6) < 10⁻¹⁶)


def _erf_taylor_table():
    """Row m, column k: the m-th Taylor coefficient of erf at the grid point x₀ = k · step, erf⁽ᵐ⁾(x₀) / m!.
    erf's derivatives are Hermite polynomials times a Gaussian: erf⁽ᵐ⁾(x) = (2/√π) (−1)ᵐ⁻¹ Hₘ₋₁(x) e^(−x²),
    with H₀ = 1, H₁ = 2x, Hₙ₊₁ = 2x Hₙ − 2n Hₙ₋₁; the values erf(x₀) themselves are the C library's."""
    nodes = np.arange(0, _ERF_END + _ERF_STEP / 2, _ERF_STEP)
    gaussian = 2 / math.sqrt(math.pi) * np.exp(-nodes * nodes)
    table = np.empty((_ERF_TERMS, len(nodes)))
    table[0] = [math.erf(x) for x in nodes]
    previous, hermite, factorial = np.zeros_like(nodes), np.ones_like(nodes), 1
    for m in range(1, _ERF_TERMS):
        factorial *= m
        table[m] = (-1) ** (m - 1) * hermite * gaussian / factorial
        previous, hermite = hermite, 2 * nodes * hermite - 2 * (m - 1) * previous
    return table


_ERF_TABLE = _erf_taylor_table()


def erf_float64(x):
    """erf of a float64 array, within 2 units in the last place: the Taylor series around the nearest grid
    point x₀ (|x − x₀| ≤ 1/256, so seven terms leave an error below 10⁻¹⁸), by Horner's rule; erf(−x) = −erf(x)."""
    magnitude = np.nan_to_num(np.minimum(np.abs(x), _ERF_END))
    nearest = np.rint(magnitude * (1 / _ERF_STEP)).astype(np.intp)
    offset = magnitude - nearest * _ERF_STEP
    coefficients = _ERF_TABLE[:, nearest]
    out = np.positive(coefficients[-1], out=np.empty_like(offset))  # laid out as x (as offset is), as PyTorch's erf
    for m in range(_ERF_TERMS - 2, -1, -1):
        out *= offset
        out += coefficients[m]
    out = np.where(np.abs(x) >= _ERF_END, 1.0, out)
    return np.where(np.isnan(x), x, np.copysign(out, x))


def _wide(a):
    """a in float64 when it is a narrower float (cast by a ufunc: astype scatters an expanded array's strides): computed
    there and rounded once, exact wherever the true value is representable (NumPy's float32 log10(1000): 2.9999998)."""
    return np.positive(a, dtype=np.float64) if a.dtype in (np.float16, np.float32) else a


class Erf(Function):
    """out = erf a = (2/√π) ∫₀ᵃ e^(−t²) dt;  da = g (2/√π) e^(−a²)"""

    def forward(self, a):
        return erf_float64(_wide(a)).astype(a.dtype, copy=False)

    def backward(self, ops, g):
        a, = ops.inputs(self)
        return (g * (2 / math.sqrt(math.pi)) * ops(Exp, -(a * a)),)


def _one_step_wider(a):
    """a in the next wider float (float16 in float32, float32 in float64): tan and 2ˣ computed there and
    rounded once are correctly rounded nearly always. PyTorch's vectorised kernels (SLEEF, within 1 unit in the
    last place) are not, so float32 and float64 values may differ from PyTorch's by that unit; float16 ones,
    which PyTorch computes in float32 too, are equal (2ˣ at every float16; tan at all but 2 of them, by a unit).
    A value beyond the dtype's range rounds to ±inf, as PyTorch's. (Cast by a ufunc, as _wide.)"""
    return np.positive(a, dtype={np.float16: np.float32, np.float32: np.float64}.get(a.dtype.type, a.dtype))


class Tan(Function):
    """out = tan a;  da = g (1 + out²), from the output it saves, as PyTorch's TanBackward0"""

    reads_inputs = False
    saves_output = True

    def forward(self, a):
        with np.errstate(invalid="ignore", over="ignore"):  # tan(±inf) is NaN
            return np.tan(_one_step_wider(a)).astype(a.dtype)

    def backward(self, ops, g):
        out = ops.output(self)
        return (g * (1 + out * out),)


class Exp2(Function):
    """out = 2ᵃ;  da = g · out · ln 2, from the output it saves, as PyTorch's Exp2Backward0"""

    reads_inputs = False
    saves_output = True

    def forward(self, a):
        with np.errstate(over="ignore"):
            return np.exp2(_one_step_wider(a)).astype(a.dtype)

    def backward(self, ops, g):
        out = ops.output(self)
        return (g * out * math.log(2),)


class Acos(Function):
    """out = arccos a;  da = −g / √(1 − a²)  (−∞ at a = ±1 and NaN for |a| > 1, as in PyTorch)"""

    def forward(self, a):
        with np.errstate(invalid="ignore"):
            return np.arccos(a)

    def backward(self, ops, g):
        a, = ops.inputs(self)
        with np.errstate(divide="ignore", invalid="ignore"):
            return (-g / ops(Sqrt, 1 - a * a),)


class Asin(Function):
    """out = arcsin a;  da = g / √(1 − a²)  (+∞ at a = ±1 and NaN for |a| > 1, as in PyTorch)"""

    def forward(self, a):
        with np.errstate(invalid="ignore"):
            return np.arcsin(a)

    def backward(self, ops, g):
        a, = ops.inputs(self)
        with np.errstate(divide="ignore", invalid="ignore"):
            return (g / ops(Sqrt, 1 - a * a),)


class Atan(Function):
    """out = arctan a;  da = g / (1 + a²)"""

    def forward(self, a):
        return np.arctan(a)

    def backward(self, ops, g):
        a, = ops.inputs(self)
        return (g / (1 + a * a),)


class Atan2(Function):
    """out = atan2(a, b), the angle of the point (b, a) in (−π, π];  da = g b / (a² + b²),  db = −g a / (a² + b²)

    At a = b = 0 both gradients are 0 (PyTorch's choice), not 0/0 = NaN."""

    def forward(self, a, b):
        return np.arctan2(a, b)

    def backward(self, ops, g):
        a, b = ops.inputs(self)
        squared_radius = a * a + b * b
        at_origin = ops.array(squared_radius) == 0
        inverse = ops(Where, 0, 1 / ops(Where, 1, squared_radius, condition=at_origin), condition=at_origin)
        return g * b * inverse, -g * a * inverse


class Extremum(Function):
    """out = max(a, b) (min(a, b) when `smaller`): b where b wins or is NaN, else a (a on ties, so
    max(−0, 0) = −0 as in PyTorch);  da = g where a wins, g/2 where a = b, g where either is NaN, else 0
    (db likewise): PyTorch's maximum/minimum rule. Picked, not computed, so nothing overflows."""

    __slots__ = ("smaller",)  # the parameters, kept without a per-node dict

    def __init__(self, smaller=False):
        self.smaller = smaller

    def forward(self, a, b):
        return np.where(self._wins(b, a) | np.isnan(b), b, a)

    def _wins(self, a, b):
        return np.less(a, b) if self.smaller else np.greater(a, b)

    def backward(self, ops, g):
        a, b = self.inputs
        nan, tie = np.isnan(a) | np.isnan(b), a == b
        share_a = np.where(self._wins(a, b) | nan, 1.0, np.where(tie, 0.5, 0.0)).astype(g.dtype)
        share_b = np.where(self._wins(b, a) | nan, 1.0, np.where(tie, 0.5, 0.0)).astype(g.dtype)
        return tuple(ops(Where, 0, g * share, condition=share == 0) if self.needs_grad(i) else None  # losers: 0 even
                     for i, share in enumerate((share_a, share_b)))  # where g is inf or NaN, as PyTorch's masks

    def pytorch_name(self):
        return "Minimum" if self.smaller else "Maximum"

    def label(self):
        return "minimum" if self.smaller else "maximum"


class Log2(Function):
    """out = log₂ a;  da = g / (a ln 2)"""

    def forward(self, a):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log2(_wide(a)).astype(a.dtype)

    def backward(self, ops, g):
        a, = ops.inputs(self)
        return (g / (a * math.log(2)),)


class Log10(Function):
    """out = log₁₀ a;  da = g / (a ln 10)"""

    def forward(self, a):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log10(_wide(a)).astype(a.dtype)

    def backward(self, ops, g):
        a, = ops.inputs(self)
        return (g / (a * math.log(10)),)


class _PiecewiseConstant(Function):
    """The rounding functions: their derivative is 0 wherever it exists, and PyTorch passes 0 back
    everywhere (also at the jumps), as a constant: under create_graph too it has no history."""

    reads_inputs = False

    def backward(self, ops, g):
        return (ops(Where, 0, g, condition=True).detach() if ops.records else np.zeros_like(g),)  # (g inf or NaN too)


class ComparedInPlace(Function):
    """out = `value`, a comparison's 1s and 0s in self's dtype (x.eq_(w), computed by autograd.eq, lt, ...);
    d self = 0, d other = 0, constants: PyTorch's EqBackward1 (EqBackward0 for a number), LtBackward1, ... keeps
    both in the graph, so w.grad becomes zeros after backward, not None, and grad(.., w) gives zeros."""

    reads_inputs = False

    __slots__ = ("value", "node_name")  # the parameters, kept without a per-node dict

    def __init__(self, value, node_name):
        self.value, self.node_name = value, node_name

    def forward(self, *inputs):
        return self.value

    def backward(self, ops, g):
        zeros = ops(Where, 0, g, condition=True).detach() if ops.records else np.zeros_like(g)  # (a constant)
        return (zeros,) * len(self.inputs)

    def __repr__(self):
        return f"<{self.node_name}>"

    def label(self):
        return self.node_name[:2].lower() + "_"


class PowHalf(Function):
    """out = a ** 0.5, computed as √a, as PyTorch computes it;  da = g / (2√a), from the input it saves, as
    PyTorch's PowBackward0 (so a change to the output in place after it does not stop backward: `std += eps`)

    (Pow's rule, g·0.5·a^(−0.5), gives +∞ at a = −0.0; PyTorch's gives −∞, since √−0.0 = −0.0.)"""

    def forward(self, a):
        return np.sqrt(a)

    def backward(self, ops, g):
        a, = ops.inputs(self)
        return (g / (2 * ops(Sqrt, a)),)

    def pytorch_name(self):
        return "Pow"

    def label(self):
        return "pow"


class PowZero(_PiecewiseConstant):
    """out = a ** 0 = 1 (NaN and ±inf included);  da = 0, as PyTorch's rule for a scalar exponent 0 (Pow's,
    0 · a^(−1), is NaN at a subnormal a, whose reciprocal overflows)."""

    def forward(self, a):
        return np.ones_like(a)

    def pytorch_name(self):
        return "Pow"

    def label(self):
        return "pow"


class PowMinusHalf(Pow):
    """out = a ** −½, computed as 1 / √a, as PyTorch computes it (−inf at −0.0, where a^(−½) is +inf);
    da = Pow's rule, g · (−½) · a^(−3/2)."""

    def forward(self, a, b):
        return np.reciprocal(np.sqrt(a))

    def pytorch_name(self):
        return "Pow"

    def label(self):
        return "pow"


class PowOfTensors(Pow):
    """out = a ** b with b a tensor, as PyTorch's pow(Tensor, Tensor) computes it: C's pow everywhere, so
    (−0.0) ** ½ = +0 and (−inf) ** ½ = +inf, where NumPy takes √ (−0.0, NaN) for an exponent ½ that broadcasts
    from one value; da, db: Pow's rules."""

    def forward(self, a, b):
        out = super().forward(a, b)
        negative_zero_or_inf = (b == 0.5) & np.signbit(a) & ((a == 0) | np.isinf(a))
        return np.where(negative_zero_or_inf, np.abs(a), out) if negative_zero_or_inf.any() else out

    def pytorch_name(self):
        return "Pow"

    def label(self):
        return "pow"


class Reciprocal(Function):
    """out = 1 / a;  da = −g out²  (PyTorch's rule, from the output it saves: `number / x` is reciprocal(x) · number,
    and a change to x in place after it does not stop backward, as in PyTorch)"""

    reads_inputs = False
    saves_output = True

    def forward(self, a):
        return 1 / a  # (NumPy's complex division, as PyTorch's reciprocal: 1 / 0j is inf + NaN j, not NaN)

    def backward(self, ops, g):
        out = ops.output(self)
        return (-g * (out * out),)


class Logit(Function):
    """out = log(a / (1 − a)), computed so in a's dtype, as PyTorch (∓inf at 0 and 1, NaN outside [0, 1]);
    da = g / (a (1 − a) + 0), each step rounded in a's dtype (float16's too), as PyTorch's LogitBackward0: + 0
    makes −0.0 into +0.0, so the slope at 0 and 1 is g · (+inf), PyTorch's. (Its NaN slope outside [0, 1] when no
    eps is given is added by functional/special_functions.logit.)"""

    def forward(self, a):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(a / (1 - a))

    def backward(self, ops, g):
        a, = ops.inputs(self)
        return (g / (a * (1 - a) + 0.0),)


class XTimesLog(Function):
    """out = xlogy(a, y) = a · ln y, but 0 where a = 0 and y is not NaN;  da = xlogy(g, y), 0 where a = 0 and
    y ≤ 0;  dy = g · a / y, per element (NaN where a = y = 0), before a broadcast y's sum: PyTorch's rules, in
    PyTorch's order. da is this same product of g, so it stays linear in g: its own gradient with respect to g is
    ln y where g = 0 too (jvp's zero upstream, a weight that is 0); dy's is a / y, NaN at a = y = 0 as PyTorch's."""

    def forward(self, a, y):
        with np.errstate(divide="ignore", invalid="ignore"):  # (ln 0, ln of a negative; 0 · ±inf, replaced by the 0)
            return np.where((a == 0) & ~np.isnan(y), 0, a * np.log(y))

    def backward(self, ops, g):
        a, y = ops.inputs(self)
        da = ops(Where, 0, ops(XTimesLog, g, y), condition=(self.inputs[0] == 0) & (self.inputs[1] <= 0))
        return (da if self.needs_grad(0) else None), (g * a / y if self.needs_grad(1) else None)


class Rsqrt(Function):
    """out = 1 / √a, computed so, as PyTorch (NaN at −inf, −inf at −0.0);  da = −½ g out³"""

    reads_inputs = False
    saves_output = True

    def forward(self, a):
        return np.reciprocal(np.sqrt(a))

    def backward(self, ops, g):
        out = ops.output(self)
        return (-0.5 * g * out * out * out,)


class Floor(_PiecewiseConstant):
    """out = ⌊a⌋, the largest integer ≤ a;  da = 0"""

    def forward(self, a):
        return np.floor(a)


class FloorDivide(Function):
    """out = ⌊a / b⌋, Python's // (NumPy's floor_divide, as PyTorch's);  no gradient: backward refuses, as PyTorch's

    (PyTorch has no derivative for floor_divide: it records the op and refuses in backward, and so does this.)"""

    reads_inputs = False

    def forward(self, a, b):
        return np.floor_divide(a, b)

    def backward(self, ops, g):
        raise RuntimeError("derivative for aten::floor_divide is not implemented (floor_divide, //, has no gradient "
                           "in PyTorch either: use floor(a / b), whose gradient is 0, or detach() first)")


class RoundedDivide(Function):
    """out = trunc(a / b) or ⌊a / b⌋ (div's rounding_mode);  da = 0, db = 0

    PyTorch's rule: zeros, also where b = 0 (not 0 · ∞)."""

    reads_inputs = False

    __slots__ = ("rounding",)  # "trunc" or "floor"

    def __init__(self, rounding):
        self.rounding = rounding

    def forward(self, a, b):
        with np.errstate(divide="ignore", invalid="ignore"):  # ±inf and NaN for floats, as PyTorch's
            if self.rounding == "floor":
                return np.floor_divide(a, b)
            if a.dtype.kind in "iu":  # C's integer division: toward 0
                quotient = np.floor_divide(a, b)
                return np.where((quotient < 0) & (quotient * b != a), quotient + 1, quotient).astype(quotient.dtype)
            return np.trunc(a / b)

    def backward(self, ops, g):
        zeros = ops(Where, 0, g, condition=True).detach() if ops.records else np.zeros_like(g)  # (a constant)
        return zeros, zeros

    def pytorch_name(self):
        return "Div"

    def __repr__(self):
        return "<DivBackward2>"  # PyTorch's overload with a rounding mode

    def label(self):
        return f"div(rounding_mode={self.rounding!r})"


class Modulo(Function):
    """out = a − b·q, q = ⌊a / b⌋ (remainder, Python's %: the sign of b) or trunc(a / b) (fmod: the sign of a);
    da = g, db = −g·q

    (q is piecewise constant: the rule reads it from the saved inputs, as PyTorch's does.)"""

    __slots__ = ("rounding", "overload")  # "floor" (remainder) or "trunc" (fmod); 0 for b a number, else 1

    def __init__(self, rounding, overload=1):
        self.rounding, self.overload = rounding, overload

    def forward(self, a, b):
        out = np.fmod(a, b)
        if self.rounding == "floor":  # fmod moved into b's sign; a zero keeps fmod's sign (PyTorch's, not NumPy's)
            out = np.where((out != 0) & ((out < 0) != (b < 0)), out + b, out).astype(out.dtype)
        return out

    def reads_input(self, i):
        return self.edges[1] is not None  # only b's gradient reads the quotient (PyTorch saves a and b only then)

    def backward(self, ops, g):
        a, b = self.inputs
        quotient = np.floor_divide(a, b) if self.rounding == "floor" else np.trunc(a / b)
        return (g if self.needs_grad(0) else None), (-g * quotient if self.needs_grad(1) else None)

    def pytorch_name(self):
        return "Remainder" if self.rounding == "floor" else "Fmod"

    def __repr__(self):
        return f"<{self.pytorch_name()}Backward{self.overload}>"  # PyTorch's two overloads: b a number, b a tensor

    def label(self):
        return "remainder" if self.rounding == "floor" else "fmod"


class Ceil(_PiecewiseConstant):
    """out = ⌈a⌉, the smallest integer ≥ a;  da = 0"""

    def forward(self, a):
        return np.ceil(a)


class Trunc(_PiecewiseConstant):
    """out = a with its fractional part dropped (rounded toward 0);  da = 0"""

    def forward(self, a):
        return np.trunc(a)


class Round(_PiecewiseConstant):
    """out = a rounded to `decimals` decimal places, halves to even (PyTorch's nearbyint);  da = 0

    With decimals ≠ 0, PyTorch's formula: nearbyint(a · 10ᵈ) / 10ᵈ, or nearbyint(a / 10⁻ᵈ) · 10⁻ᵈ for d < 0."""

    __slots__ = ("decimals",)  # the parameters, kept without a per-node dict

    def __init__(self, decimals=0):
        self.decimals = decimals

    def forward(self, a):
        if self.decimals == 0:
            return np.round(a)
        wide = a.astype(np.float32) if a.dtype == np.float16 else a  # (float16 in float32, rounded once: PyTorch's)
        with np.errstate(over="ignore", invalid="ignore"):  # (10⁴⁰⁰ is inf: NaN, as PyTorch's)
            scale = wide.dtype.type(np.power(10.0, abs(self.decimals)))
            out = np.round(wide * scale) / scale if self.decimals > 0 else np.round(wide / scale) * scale
        return out.astype(a.dtype, copy=False)

    def label(self):
        return "round" if self.decimals == 0 else f"round(decimals={self.decimals})"
