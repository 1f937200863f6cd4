"""Elementwise functions: arithmetic, activations, comparisons, where and clamp.

Types are promoted as in PyTorch (autograd/pytorch/promotion.py); a Python number is then converted
to the result's dtype (so uint8 arithmetic wraps: 250 + 10 is 4), except in float16 `x * 2.7` and
`x / 2.7`, which PyTorch computes in float32 (_scalar_second). True division and the
transcendental functions of integers give float32.
"""
import functools
import warnings

import numpy as np

from ..primitives.sizes_only import ScaledAdd
from ..primitives.special import Extremum, PowHalf, PowMinusHalf, PowOfTensors, PowZero, RoundedDivide
from ..primitives import (
    Abs, Add, Cos, Div, Exp, Floor, Log, Log1p, Mul, Neg, Pow, Relu, Sigmoid, Sin, Sqrt, Sub, Tanh, ToDtype, Where,
)
from ..pytorch.checks import refuse_complex
from ..pytorch.conversion import DEFAULT_FLOAT, as_array, check_fits, python_number
from ..pytorch.promotion import is_number, result_type
from ..tensor import Tensor
from .saved import composed, number_inputs, one_node


def _as_operand(value):
    """A Tensor, or a number as is (an np.complex64 as PyTorch reads it: python_number); lists and arrays become
    Tensors; anything else is a TypeError."""
    if isinstance(value, np.complex64):
        return python_number(value)
    if isinstance(value, Tensor) or is_number(value):
        return value
    if isinstance(value, np.ndarray) and value.dtype.kind not in "biufc":  # (a string or object array: no number)
        raise TypeError(f"unsupported operand: a NumPy array of dtype {value.dtype}, which holds no numbers")
    if isinstance(value, (list, tuple, np.ndarray)):
        return Tensor(value)
    raise TypeError(f"unsupported operand type: expected a Tensor or a number, got {type(value).__name__}")


def promote(*values, dtype=None):
    """The values as Tensors of one dtype (`dtype`, or their result_type); numbers are converted to it
    with wrap-around, as PyTorch does (300 as uint8 is 44)."""
    values = [_as_operand(v) for v in values]
    dtype = np.dtype(dtype) if dtype is not None else result_type(*values)
    return [to(v, dtype) if isinstance(v, Tensor) else Tensor(np.asarray(v).astype(dtype)) for v in values]


def operands(a, b):
    """Both arguments as Tensors of PyTorch's result dtype."""
    return _common_case(a, b) or promote(a, b)


def _common_case(a, b):
    """The two common cases, two tensors of one dtype and a float32 or float64 tensor with a Python number, as
    a pair of Tensors; None for any other case. Settled before the promotion table: half the cost of a small op."""
    if isinstance(a, Tensor):
        if isinstance(b, Tensor) and a._data.dtype == b._data.dtype:
            return a, b
        if type(b) in (int, float) and a._data.dtype.char in "fd":
            return a, Tensor(np.asarray(b, dtype=a._data.dtype))
    elif isinstance(b, Tensor) and type(a) in (int, float) and b._data.dtype.char in "fd":
        return Tensor(np.asarray(a, dtype=b._data.dtype)), b
    return None


class MulRoundedOnce(Mul):
    """out = a * b, a float16 and b a float32 number, computed in float32 and rounded once (PyTorch's);
    da = g * b, db = g * a: Mul's rule, and PyTorch's node name, MulBackward0."""

    def forward(self, a, b):
        return super().forward(a.astype(np.float32), b).astype(np.float16)

    def label(self):
        return "mul"

    def pytorch_name(self):
        return "Mul"


class DivRoundedOnce(Div):
    """out = a / b, a float16 and b a float32 number, computed in float32 and rounded once (PyTorch's);
    da = g / b, db = -g * out / b: Div's rule, and PyTorch's node name, DivBackward0."""

    def forward(self, a, b):
        return super().forward(a.astype(np.float32), b).astype(np.float16)

    def label(self):
        return "div"

    def pytorch_name(self):
        return "Div"


def _scalar_second(cls, a, b):
    """a * b or a / b promoted as in PyTorch. A float16 result with b a number or a 0-d tensor of another dtype
    is computed as PyTorch computes it: a as float16, b unrounded (float32), the result rounded once (float16
    1.5 * 2.7 is 4.0508, where rounding 2.7 to float16 first gives 4.0469). PyTorch does this for * and / only,
    with the number second (`2.7 * x` is x.__rmul__(2.7), x * 2.7; `torch.mul(2.7, x)`, `2.7 / x` and `x + 2.7`
    round 2.7 first). (For /, a 0-d
    float32 b that requires grad gets a gradient computed from the float32 b, where PyTorch computes it in
    float16: the last bits can differ, and PyTorch's overflows to inf or nan sooner.)"""
    a, b = _as_operand(a), _as_operand(b)
    dtype = result_type(a, b)
    if dtype == np.float16 and (not isinstance(b, Tensor) or (b.ndim == 0 and b.dtype != np.float16)):
        (a,), (b,) = promote(a, dtype=np.float16), promote(b, dtype=np.float32)
        return (MulRoundedOnce if cls is Mul else DivRoundedOnce).apply(a, b)
    return cls.apply(*promote(a, b, dtype=dtype))


def require_tensor(x, name, argument="input", position=1):
    """x itself; a Python number, a list or a NumPy scalar where a tensor is required is refused with PyTorch's
    TypeError ("exp(): argument 'input' (position 1) must be Tensor, not float")."""
    if not isinstance(x, Tensor):
        raise TypeError(f"{name}(): argument '{argument}' (position {position}) must be Tensor, not {type(x).__name__}")
    return x


def number_argument(value, name, argument):
    """A number argument (alpha, value) given as a 0-d tensor that does not require grad: its number, as PyTorch
    takes it; any other tensor is refused with PyTorch's TypeError."""
    if isinstance(value, Tensor):
        if value.ndim or value.requires_grad:
            raise TypeError(f"{name}(): argument '{argument}' must be Number, not Tensor")
        return value.item()
    return value


def floating(x, name):
    """x itself if it is a float or complex tensor, else x as float32 (what exp, sqrt, / … of integers give).
    Anything but a tensor: require_tensor's TypeError, naming the function `name` (exp, sqrt, ...)."""
    require_tensor(x, name)
    return x if x._data.dtype.kind in "fc" else to(x, DEFAULT_FLOAT)


def _refuse_bool(x, what):
    if x.dtype == np.bool_:
        raise RuntimeError(f"{what} is not supported for bool tensors")


def _is_bool(value):
    return isinstance(value, bool) or (isinstance(value, Tensor) and value._data.dtype == np.bool_)  # (np.True_: a float)


def add(a, b, alpha=1):
    """a + alpha·b (broadcasting)"""
    if type(alpha) is not int or alpha != 1:  # (1.0 and True are checked against the dtype)
        return _scaled(a, b, alpha, subtract=False)
    return Add.apply(*operands(a, b))


def _scaled(a, b, alpha, subtract):
    """a + alpha·b or a − alpha·b, alpha converted to the result's dtype as PyTorch converts it (a float alpha
    is refused for integers, a bool alpha for anything but bools, a value that does not fit its dtype too),
    and multiplied in that dtype (for float16 the product is rounded, as PyTorch's loop over a small tensor
    does; its vectorised loop over a long one keeps it in float32 and can differ by an ulp). One node that saves
    nothing, as PyTorch's AddBackward0 (primitives/sizes_only.py)."""
    a, b = operands(a, b)
    alpha = number_argument(alpha, "sub" if subtract else "add", "alpha")
    if isinstance(alpha, bool) and a.dtype != np.bool_:  # (an int alpha of bools is its truth)
        raise RuntimeError("Boolean alpha only supported for Boolean results.")
    if a.dtype.kind in "biu" and not isinstance(alpha, (int, np.integer)):
        raise RuntimeError("For integral input tensors, argument alpha must not be a floating point number.")
    return ScaledAdd.apply(a, b, alpha=as_array(alpha, a.dtype), subtract=subtract)  # (300 does not fit uint8: refused)


def sub(a, b, alpha=1):
    """a - alpha·b"""
    if _is_bool(a) or _is_bool(b):
        raise RuntimeError(
            "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a "
            "mask, use the `~` or `logical_not()` operator instead."
        )
    if type(alpha) is not int or alpha != 1:  # (1.0 and True are checked against the dtype)
        return _scaled(a, b, alpha, subtract=True)
    return Sub.apply(*operands(a, b))


def mul(a, b):
    """a * b (broadcasting)"""
    pair = _common_case(a, b)
    if pair is not None:
        return Mul.apply(*pair)
    return _scalar_second(Mul, a, b)


def div(input, other, *, rounding_mode=None):
    """input / other (true division: integers give float32); rounding_mode='trunc' rounds the quotient toward 0,
    'floor' toward −∞ (Python's //), both in the promoted dtype (integers stay integers) with gradient 0."""
    a, b = input, other
    if rounding_mode is not None:
        return _rounded_div(a, b, rounding_mode)
    pair = _common_case(a, b)
    if pair and pair[0]._data.dtype.kind == "f":
        return Div.apply(*pair)
    dtype = result_type(_as_operand(a), _as_operand(b))
    if dtype.kind not in "fc":
        return Div.apply(*promote(a, b, dtype=DEFAULT_FLOAT))
    return _scalar_second(Div, a, b)


def _rounded_div(a, b, rounding_mode):
    if rounding_mode not in ("trunc", "floor"):
        raise RuntimeError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
                           f"{rounding_mode!r}")
    other = b
    a, b = operands(a, b)
    if a.dtype == np.bool_:
        raise NotImplementedError(f"\"div_{rounding_mode}_cpu\" not implemented for 'Bool'")
    if a.dtype.kind in "iu" and a._data.size and not np.all(b._data):  # (an empty result divides nothing)
        raise RuntimeError("ZeroDivisionError")
    if a.dtype == np.float16 and (is_number(other) or (isinstance(other, Tensor) and other.ndim == 0
                                                       and other.dtype != np.float16)):
        # PyTorch divides a float16 tensor by a number in float32 and rounds once (as floor_divide does)
        divisor = to(other, np.float32) if isinstance(other, Tensor) else Tensor(np.float32(other))
        return to(RoundedDivide.apply(to(a, np.float32), divisor, rounding=rounding_mode), np.float16)
    return RoundedDivide.apply(a, b, rounding=rounding_mode)


def true_divide(input, other):
    """input / other (div without a rounding mode)."""
    return div(input, other)


def neg(a):
    require_tensor(a, "neg")
    if a.dtype == np.bool_:
        raise RuntimeError(
            "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, "
            "use the `~` or `logical_not()` operator instead."
        )
    return Neg.apply(a)


def pow(input=None, exponent=None, *, self=None):
    """input ** exponent, either of which may be a tensor (bool ** bool counts as int64), by PyTorch's keywords too:
    pow(input=x, exponent=2), and pow(self=2, exponent=x) for a number base; a Python-number exponent
    ±½ of float32/float64 is computed as √a and 1/√a (−0.0 and NaN at −0.0 and −inf), as PyTorch does; float16 and
    a tensor exponent take C's pow, as PyTorch's (+0 and +inf there). With a number a (2 ** x) the result is
    row-major, as PyTorch's; otherwise laid out as the tensor operands are (PyTorch's elementwise rule). A float32
    tensor with a float64 one: the gradients are computed in float64, where PyTorch's takes a float32 exponent's
    exponent − 1 in float32 (they agree to about 1e-7)."""
    a = _base(input, self)
    if exponent is None:
        raise TypeError("pow() missing 1 required argument: 'exponent'")
    dtype, number_base = result_type(_as_operand(a), _as_operand(exponent)), is_number(a)
    if is_number(a) and isinstance(exponent, Tensor) and dtype.kind in "fc" and not exponent._data.flags.c_contiguous:
        a = Tensor(np.full(exponent.shape, a, dtype=dtype))  # a row-major base: NumPy writes the power row-major too
    if dtype.kind in "biu" and is_number(exponent):
        if exponent < 0:
            raise RuntimeError("Integers to negative integer powers are not allowed.")
        if np.asarray(exponent).astype(dtype) != exponent:
            raise RuntimeError(f"pow: the exponent {exponent} cannot be converted to {dtype} without overflow")
    if dtype == np.bool_ and isinstance(exponent, Tensor):  # (PyTorch's bool pow takes only a number exponent)
        raise NotImplementedError("\"pow\" not implemented for 'Bool'")
    if dtype == np.bool_:  # bool ** bool is bool; NumPy has no bool power, so compute it in int64
        return to(Pow.apply(*promote(a, exponent, dtype=np.int64)), np.bool_)
    square_roots = dtype.kind == "f" and dtype != np.float16 and is_number(exponent)  # (float16's pow is C's)
    if square_roots and exponent == 0.5:  # √a, as PyTorch computes it
        return PowHalf.apply(to(a, dtype))
    if dtype.kind in "fc" and is_number(exponent) and exponent == 0:  # ones, with PyTorch's zero gradient
        return PowZero.apply(to(a, dtype))
    if square_roots and exponent == -0.5:  # 1/√a, as PyTorch computes it
        return number_inputs(PowMinusHalf.apply(*promote(a, exponent, dtype=dtype)), 1)
    if dtype.kind in "iu":  # no gradient; NumPy refuses a negative integer exponent that PyTorch accepts
        return Tensor(_integer_power(*[t._data for t in promote(a, exponent, dtype=dtype)]))
    if dtype.kind == "f" and isinstance(exponent, Tensor):  # C's pow, 0-d exponent ½ too: (−0.0) ** ½ = +0
        result = PowOfTensors.apply(*promote(a, exponent, dtype=dtype))
        return number_inputs(result, 0) if number_base else result  # (2 ** x: PyTorch's PowBackward1 has one input)
    result = Pow.apply(*promote(a, exponent, dtype=dtype))  # (PyTorch's node for a number's power has one input)
    return number_inputs(result, 1) if is_number(exponent) else number_inputs(result, 0) if number_base else result


def _base(input, self):
    """pow's base, given as input (or positionally) or, as PyTorch's number-base overload names it, as self."""
    if (input is None) == (self is None):
        raise TypeError("pow() takes its base once, as input (a tensor) or self (a number)")
    return input if self is None else self


def _integer_power(a, b):
    """aᵇ of two integer arrays as PyTorch computes it: wrapping around on overflow, and for b < 0 the
    reciprocal 1/aᵇ truncated to an integer (1 for a = 1, ±1 for a = −1, else 0, 0 included)."""
    out = a ** np.where(b < 0, 0, b).astype(b.dtype)
    reciprocal = np.where(a == 1, 1, np.where(a == -1, 1 - 2 * (b % 2), 0))
    return np.where(b < 0, reciprocal, out).astype(out.dtype)


def exp(x):
    return Exp.apply(floating(x, "exp"))


def log(x):
    """Natural logarithm."""
    return Log.apply(floating(x, "log"))


def log1p(x):
    """ln(1 + x), accurate when x is tiny."""
    return Log1p.apply(floating(x, "log1p"))


def sqrt(x):
    return Sqrt.apply(floating(x, "sqrt"))


def abs(x):
    require_tensor(x, "abs")
    if x.dtype == np.bool_:
        raise NotImplementedError("\"abs_cpu\" not implemented for 'Bool'")
    return Abs.apply(x)


def sin(x):
    return Sin.apply(floating(x, "sin"))


def cos(x):
    return Cos.apply(floating(x, "cos"))


def tanh(x):
    """tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ), in (−1, 1)."""
    return Tanh.apply(floating(x, "tanh"))


def sigmoid(x):
    """σ(x) = 1 / (1 + e⁻ˣ): never NaN, exactly 0 or 1 far out (as in PyTorch)."""
    return Sigmoid.apply(floating(x, "sigmoid"))


def relu(x):
    """max(x, 0)."""
    require_tensor(x, "relu")
    _refuse_bool(x, "relu")
    refuse_complex(x, "relu")
    return Relu.apply(x)


class Sign(Floor):
    """out = −1, 0 or 1, the sign of a (0 for NaN, as PyTorch's);  da = 0 (Floor's rule: it is piecewise constant)"""

    def forward(self, a):
        signs = np.sign(a)
        return np.where(np.isnan(signs), 0, signs).astype(signs.dtype)

    def label(self):
        return "sign"

    def pytorch_name(self):
        return "Sign"


def sign(x):
    """−1, 0 or 1 elementwise, with gradient 0 (it is piecewise constant, and PyTorch's SignBackward0 gives 0);
    sign(NaN) = 0 and a bool x is its own sign, as in PyTorch. A complex x is refused (sgn is its sign)."""
    require_tensor(x, "sign")
    if x.dtype.kind == "c":
        raise NotImplementedError("Unlike NumPy, torch.sign is not intended to support complex numbers. Please use "
                                  "torch.sgn instead.")
    if x.dtype == np.bool_:
        return Tensor(x._data.copy())
    if x.dtype.kind != "f":
        return Tensor(np.sign(x._data))
    return Sign.apply(x)


def sgn(x):
    """sign(x), and z/|z| for a complex z (0 at 0), as PyTorch's sgn (complex tensors have no gradient here).
    z is first divided by max(|Re z|, |Im z|), so |z| neither overflows nor underflows: sgn(3e38+3e38j) is
    0.707+0.707j and sgn(1e-45) is 1, the true values (PyTorch gives 0 and inf+nanj there); an infinite z
    gives the limit along its infinite parts (sgn(inf+1j) = 1, sgn(inf+infj) = 0.707+0.707j; PyTorch gives NaN)."""
    require_tensor(x, "sgn")
    if x.dtype.kind != "c":
        return sign(x)
    z = x._data
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.maximum(np.abs(z.real), np.abs(z.imag))
        limit = np.where(np.isinf(z.real), np.sign(z.real), 0) + 1j * np.where(np.isinf(z.imag), np.sign(z.imag), 0)
        divisor = np.where(scale == 0, 1, scale)  # (each part on its own: NumPy's complex ÷ loses subnormals)
        scaled = np.where(np.isinf(scale), limit, z.real / divisor + 1j * (z.imag / divisor))
        return Tensor((scaled / np.where(scale == 0, 1, np.abs(scaled))).astype(z.dtype))


def to(x, dtype, copy=False):
    """x converted to `dtype`; gradients are converted back. Without `copy`, x itself when it
    already has that dtype (as PyTorch's `to`). The copy is laid out as x is, or row-major where x's elements
    overlap (an expanded tensor), as PyTorch's: x.expand(3, 4).double() can be viewed."""
    if np.dtype(dtype_argument(dtype)) == x.dtype and not copy:
        return x
    return ToDtype.apply(x, dtype=dtype, order=copy_order(x._data))


def dtype_argument(dtype):
    """`dtype` as given; a Tensor, which is no dtype (NumPy would read its .dtype), or a list, tuple or dict (NumPy
    would make a structured dtype of it, or none at all of an empty one) is a TypeError naming the argument, as
    PyTorch's."""
    if isinstance(dtype, Tensor):
        raise TypeError("argument 'dtype' must be torch.dtype, not Tensor (to take another tensor's dtype, "
                        "give other.dtype, or x.to(other))")
    if isinstance(dtype, (list, tuple, dict)):
        raise TypeError(f"argument 'dtype' must be torch.dtype, not {type(dtype).__name__}")
    return dtype


def dtype_checked(function):
    """function (a creation function), its dtype= keyword checked by dtype_argument first."""
    @functools.wraps(function)
    def checked(*args, dtype=None, **kwargs):
        return function(*args, dtype=dtype_argument(dtype), **kwargs)

    return checked


def copy_order(array):
    """The order= that copies `array` as PyTorch copies a tensor: "K" (its layout), or "C" (row-major) where its
    elements overlap (a stride 0 over a dim of 2 or more: NumPy's "K" would keep that stride's place)."""
    overlapping = array.size and any(step == 0 and n > 1 for step, n in zip(array.strides, array.shape, strict=True))
    return "C" if overlapping else "K"


def contiguous(x):
    """x itself if its elements lie in row-major order in memory, else a row-major copy (in the graph)."""
    if x._data.flags.c_contiguous:
        return x
    return ToDtype.apply(x, dtype=x.dtype, order="C")


def _bool_mask(mask, op):
    """A mask as a bool array; masks of any other dtype are refused, as in PyTorch. A tensor's mask is copied: the
    rule must use the mask the forward used, though the tensor may be written in place before backward."""
    array = as_array(mask)
    if array.dtype != np.bool_:
        raise RuntimeError(f"{op} expected a boolean mask (condition), but got a tensor with dtype {array.dtype}")
    return array.copy(order="K") if isinstance(mask, Tensor) else array  # ("K": its layout, which the result follows)


def where(condition, a, b):
    """a where condition is true, else b (all three broadcast together; condition must be bool, or uint8 with
    PyTorch's deprecation warning). A number must fit an integer result's dtype (300 does not fit int8)."""
    tensors = operands(a, b)
    if tensors[0].dtype.kind in "iu":
        for value in (a, b):
            if is_number(value):
                as_array(value, tensors[0].dtype)  # (raises when it does not fit; -1 wraps into uint8, as PyTorch)
    return Where.apply(*tensors, condition=_where_condition(condition))


def _where_condition(condition):
    if isinstance(condition, Tensor) and condition.dtype == np.uint8:
        warnings.warn("where received a uint8 condition tensor. This behavior is deprecated and will be removed "
                      "in a future version of PyTorch. Use a boolean condition instead.", UserWarning, stacklevel=3)
        return condition._data.astype(bool)
    return _bool_mask(condition, "where")


def _extremum(a, b, smaller):
    """max or min of a and b, picked (not computed: nothing overflows); where a == b the gradient is split
    half and half, and where either is NaN the result is NaN and both get the whole gradient (PyTorch's rules)."""
    a, b = operands(a, b)
    refuse_complex(a, "minimum" if smaller else "maximum", RuntimeError)
    check_broadcast(a, b)
    if a.dtype.kind not in "fc":  # integers and bools: no gradient, no NaN
        return Tensor((np.minimum if smaller else np.maximum)(a._data, b._data))
    return Extremum.apply(a, b, smaller=smaller)


def check_broadcast(*tensors):
    """PyTorch's RuntimeError unless the tensors' shapes broadcast together: from the last dim back, sizes must
    match or be 1 ("The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0",
    the dim counted in the broadcast result; a is what the tensors before b broadcast to)."""
    shape = tuple(tensors[0].shape)
    for other in tensors[1:]:
        other = tuple(other.shape)
        ndim = max(len(shape), len(other))
        a, b = (1,) * (ndim - len(shape)) + shape, (1,) * (ndim - len(other)) + other
        for dim in reversed(range(ndim)):
            if a[dim] != b[dim] and 1 not in (a[dim], b[dim]):
                raise RuntimeError(f"The size of tensor a ({a[dim]}) must match the size of tensor b ({b[dim]}) at "
                                   f"non-singleton dimension {dim}")
        shape = tuple(max(m, n) if 0 not in (m, n) else 0 for m, n in zip(a, b, strict=True))


def maximum(input, other):
    """Elementwise max(input, other), propagating NaN; tied values share the gradient half and half."""
    return _extremum(input, other, smaller=False)


def minimum(input, other):
    """Elementwise min(input, other), propagating NaN; tied values share the gradient half and half."""
    return _extremum(input, other, smaller=True)


def clamp(x, min=None, max=None):
    """min(max(x, min), max): x limited to [min, max] (all `max` where min > max; NaN where x or a bound
    is NaN). The gradient is 1 where min ≤ x ≤ max, else 0 (0 at NaN too), as in PyTorch; min gets it where
    x < min < max, max where x > max or max < min (none where x < min = max: PyTorch's rule)."""
    if min is None and max is None:
        raise RuntimeError("clamp: at least one of min and max must be given")
    given = [v for v in (min, max) if v is not None]
    x, *bounds = promote(x, *given)
    refuse_complex(x, "clamp")
    check_broadcast(x, *bounds)
    for bound in given:
        if is_number(bound):
            check_fits(bound, x.dtype)  # (1000 does not fit int8, nor 1e6 float16: refused, as PyTorch)
    low, high = (bounds if len(bounds) == 2 else (bounds[0], None) if min is not None else (None, bounds[0]))
    out = x
    if low is not None:
        out = where(out._data < low._data, low, out)
    if high is not None:
        out = where(out._data > high._data, high, out)
    if low is not None and high is not None:  # x < min == max: the value min, but no gradient to x, min or max
        tie = (x._data < low._data) & (low._data == high._data)  # (PyTorch's rule: min's needs min < max)
        if tie.any():
            out = where(tie, low.detach(), out)
    if x.dtype.kind in "fc":
        undefined = np.isnan(x._data)
        for bound in bounds:  # (bounds of different shapes broadcast)
            undefined = undefined | np.isnan(bound._data)
        out = where(undefined, np.nan, out)
        if low is not None and high is not None:  # a NaN result still sends max its gradient where x > max or
            to_high = undefined & ((x._data > high._data) | (high._data < low._data))  # max < min (PyTorch's rule)
            if to_high.any():
                out = where(to_high, high + np.nan, out)
    return one_node(out, "ClampBackward0" if any(isinstance(v, Tensor) for v in (min, max)) else "ClampBackward1",
                    x, *bounds)  # PyTorch's node saves x (and tensor bounds): backward refuses once they changed


def masked_fill(x, mask, value):
    """x with `value` (a number or 0-d tensor, converted to x's dtype, which it must fit as in PyTorch:
    256 does not fit uint8) wherever the bool mask is true; x and the mask broadcast (a 0-d x with a mask of
    shape (3,) gives shape (3,), as PyTorch's out-of-place masked_fill; masked_fill_ keeps x's shape)."""
    mask = _bool_mask(mask, "masked_fill")
    check_broadcast(mask, x)
    if isinstance(value, Tensor) and value.ndim:
        raise RuntimeError(
            f"masked_fill only supports a 0-dimensional value tensor, but got tensor with {value.ndim} dimension(s)"
        )
    check_fits(value.item() if isinstance(value, Tensor) else value, x.dtype)
    value, = promote(value, dtype=x.dtype)
    return composed(contiguous(Where.apply(value, x, condition=mask)), "masked_fill", x)  # (row-major, as PyTorch's)


def _compare(numpy_op, name=None):
    """Elementwise comparison `name` (lt, ...: complex numbers have no order, refused as PyTorch does)."""
    def compare(input, other):  # (PyTorch's names: x.lt(other=0.5), torch.lt(input=x, other=0.5))
        a, b = operands(input, other)
        if name:
            refuse_complex(a, name)
        check_broadcast(a, b)
        return Tensor(numpy_op(a._data, b._data))

    compare.__doc__ = f"Elementwise {numpy_op.__name__} as a bool tensor (no gradient)."
    return compare


lt = _compare(np.less, "lt")
le = _compare(np.less_equal, "le")
gt = _compare(np.greater, "gt")
ge = _compare(np.greater_equal, "ge")
eq = _compare(np.equal)
ne = _compare(np.not_equal)
logical_and = _compare(np.logical_and)
logical_or = _compare(np.logical_or)
logical_xor = _compare(np.logical_xor)


def logical_not(x):
    require_tensor(x, "logical_not")
    return Tensor(np.logical_not(x._data))


def isnan(x):
    require_tensor(x, "isnan")
    return Tensor(np.isnan(x._data))


def isfinite(x):
    require_tensor(x, "isfinite")
    return Tensor(np.isfinite(x._data))
