"""Elementwise functions: arithmetic, activations, comparisons, where and clamp.

Python numbers take the dtype of the tensor they meet (a float32 tensor times 0.5 stays float32).
"""
import numpy as np

from ..primitives import Abs, Add, Cos, Div, Exp, Log, Log1p, Mul, Neg, Pow, Relu, Sigmoid, Sin, Sqrt, Sub, Tanh, ToDtype, Where
from ..tensor import Tensor, as_array


def _constant(value, like):
    """A Python or NumPy number (or array) as a Tensor; numbers adopt the dtype of a float `like`."""
    if isinstance(value, (float, int, np.generic)) and like.dtype.kind in "fc":
        return Tensor(np.asarray(value, dtype=like.dtype))
    return Tensor(value)


def operands(a, b):
    """Both arguments as Tensors, following PyTorch's type rules for numbers."""
    if isinstance(b, Tensor) and isinstance(a, Tensor):
        return a, b
    if not isinstance(a, Tensor):
        a = _constant(a, b)
    elif not isinstance(b, Tensor):
        if a.dtype.kind in "biu" and isinstance(b, float):
            a = to(a, np.float32)  # int tensor and a float number: float32, as PyTorch
        b = _constant(b, a)
    return a, b


def add(a, b):
    """a + b (broadcasting)"""
    return Add.apply(*operands(a, b))


def sub(a, b):
    """a - b"""
    return Sub.apply(*operands(a, b))


def mul(a, b):
    """a * b (broadcasting)"""
    return Mul.apply(*operands(a, b))


def div(a, b):
    """a / b (true division)"""
    return Div.apply(*operands(a, b))


def neg(a):
    return Neg.apply(a)


def pow(a, exponent):
    """a ** exponent, either of which may be a tensor"""
    return Pow.apply(*operands(a, exponent))


def exp(x):
    return Exp.apply(x)


def log(x):
    """Natural logarithm."""
    return Log.apply(x)


def log1p(x):
    """ln(1 + x), accurate when x is tiny."""
    return Log1p.apply(x)


def sqrt(x):
    return Sqrt.apply(x)


def abs(x):
    return Abs.apply(x)


def sin(x):
    return Sin.apply(x)


def cos(x):
    return Cos.apply(x)


def tanh(x):
    """tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ), in (−1, 1)."""
    return Tanh.apply(x)


def sigmoid(x):
    """σ(x) = 1 / (1 + e⁻ˣ), stable for any x."""
    return Sigmoid.apply(x)


def relu(x):
    """max(x, 0)."""
    return Relu.apply(x)


def sign(x):
    """−1, 0 or 1 elementwise (no gradient: it is piecewise constant)."""
    return Tensor(np.sign(x._data))


def to(x, dtype, copy=False):
    """x converted to `dtype`; gradients are converted back."""
    if np.dtype(dtype) == x.dtype and not copy:
        return x
    return ToDtype.apply(x, dtype=dtype)


def where(condition, a, b):
    """a where condition is true, else b (all three broadcast together)."""
    a, b = operands(a, b)
    return Where.apply(a, b, condition=as_array(condition).astype(bool, copy=False))


def maximum(a, b):
    """Elementwise max(a, b). Where a == b the gradient is split half and half, as in PyTorch:
    max = (where(a > b, a, b) + where(a >= b, a, b)) / 2."""
    a, b = operands(a, b)
    return (where(a._data > b._data, a, b) + where(a._data >= b._data, a, b)) * 0.5


def minimum(a, b):
    """Elementwise min(a, b) = −max(−a, −b)."""
    a, b = operands(a, b)
    return -maximum(-a, -b)


def clamp(x, min=None, max=None):
    """x limited to [min, max]; the gradient is 1 where min ≤ x ≤ max, else 0."""
    if min is None and max is None:
        raise ValueError("clamp: at least one of min and max must be given")
    out = x
    if min is not None:
        out = where(x._data < as_array(min), min, out)
    if max is not None:
        out = where(x._data > as_array(max), max, out)
    return out


def masked_fill(x, mask, value):
    """x with `value` wherever mask is true."""
    return where(mask, value, x)


def _compare(numpy_op):
    def compare(a, b):
        a, b = operands(a, b)
        return Tensor(numpy_op(a._data, b._data))

    compare.__doc__ = f"Elementwise {numpy_op.__name__} as a bool tensor (no gradient)."
    return compare


lt = _compare(np.less)
le = _compare(np.less_equal)
gt = _compare(np.greater)
ge = _compare(np.greater_equal)
eq = _compare(np.equal)
ne = _compare(np.not_equal)
logical_and = _compare(np.logical_and)
logical_or = _compare(np.logical_or)


def logical_not(x):
    return Tensor(np.logical_not(x._data))


def isnan(x):
    return Tensor(np.isnan(x._data))


def isfinite(x):
    return Tensor(np.isfinite(x._data))
