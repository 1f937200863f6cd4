"""Elementwise primitives: each forward is one NumPy call, each backward the chain rule.

Binary ops broadcast like NumPy; the engine sums gradients back to each input's shape,
so these rules never deal with broadcasting.
"""
import numpy as np

from ..function import Function
from ..masks import zero_where


class Add(Function):
    """out = a + b;  da = g, db = g"""

    reads_inputs = False

    def forward(self, a, b):
        return a + b

    def backward(self, ops, g):
        return g, g


class Sub(Function):
    """out = a - b;  da = g, db = -g"""

    reads_inputs = False

    def forward(self, a, b):
        return a - b

    def backward(self, ops, g):
        return g, -g


class Mul(Function):
    """out = a * b;  da = g * b, db = g * a"""

    def forward(self, a, b):
        return a * b

    def reads_input(self, i):
        return self.edges[1 - i] is not None  # a is read only for b's gradient, and b for a's

    def backward(self, ops, g):
        a, b = ops.inputs(self)
        return (g * b if self.needs_grad(0) else None), (g * a if self.needs_grad(1) else None)


class Div(Function):
    """out = a / b;  da = g / b, db = -g * a / b², computed as -g * (a / b / b) (PyTorch's rounding)"""

    def forward(self, a, b):
        return a / b

    def reads_input(self, i):
        return i == 1 or self.edges[1] is not None  # both gradients read b; only b's reads a

    def backward(self, ops, g):
        a, b = ops.inputs(self)
        grad_a = g / b if self.needs_grad(0) else None
        grad_b = -g * (a / b / b) if self.needs_grad(1) else None
        return grad_a, grad_b


class Neg(Function):
    """out = -a;  da = -g"""

    reads_inputs = False

    def forward(self, a):
        return -a

    def backward(self, ops, g):
        return (-g,)


class Pow(Function):
    """out = a ** b;  da = g * b * a^(b-1) (0 where b = 0),  db = g * out * ln(a) (0 where a = 0 and b ≥ 0)

    The two exceptions are PyTorch's: they keep x**0 and 0**x from giving 0·∞ = NaN (da is masked only where
    a is 0, subnormal, ±inf or NaN, the only places it changes anything, so second derivatives stay exact);
    a negative base gives db = NaN (ln of a negative number), as in PyTorch."""

    saves_output = True

    def forward(self, a, b):
        return a**b

    def reads_output(self):
        return self.edges[1] is not None  # only b's gradient reads the output

    def backward(self, ops, g):
        a, b = ops.inputs(self)
        a_values, b_values = self.inputs
        grad_a = grad_b = None
        if self.needs_grad(0):
            base_singular = ~(np.abs(a_values) >= np.finfo(a_values.dtype).tiny) | np.isinf(a_values)  # 0·∞, NaN
            exponent_zero = np.broadcast_to((b_values == 0) & base_singular,
                                            np.broadcast_shapes(a_values.shape, b_values.shape))
            grad_a = ops(Where, 0, g * b * ops(Pow, a, b - 1), condition=exponent_zero)
        if self.needs_grad(1):
            base_zero = (a_values == 0) & (b_values >= 0)
            safe_a = ops(Where, 1, a, condition=base_zero)
            grad_b = ops(Where, 0, g * ops.output(self) * ops(Log, safe_a), condition=base_zero)
        return grad_a, grad_b


class Exp(Function):
    """out = e^a;  da = g * out"""

    reads_inputs = False
    saves_output = True

    def forward(self, a):
        return np.exp(a)

    def backward(self, ops, g):
        return (g * ops.output(self),)


class Log(Function):
    """out = ln a;  da = g / a"""

    def forward(self, a):
        return np.log(a)

    def backward(self, ops, g):
        a, = ops.inputs(self)
        return (g / a,)


class Log1p(Function):
    """out = ln(1 + a), accurate for tiny a;  da = g / (1 + a)"""

    def forward(self, a):
        return np.log1p(a)

    def backward(self, ops, g):
        a, = ops.inputs(self)
        return (g / (1 + a),)


class Sqrt(Function):
    """out = √a;  da = g / (2 out)"""

    reads_inputs = False
    saves_output = True

    def forward(self, a):
        return np.sqrt(a)

    def backward(self, ops, g):
        return (g / (2 * ops.output(self)),)


class Sin(Function):
    """out = sin a;  da = g cos a"""

    def forward(self, a):
        return np.sin(a)

    def backward(self, ops, g):
        a, = ops.inputs(self)
        return (g * ops(Cos, a),)


class Cos(Function):
    """out = cos a;  da = -g sin a"""

    def forward(self, a):
        return np.cos(a)

    def backward(self, ops, g):
        a, = ops.inputs(self)
        return (-g * ops(Sin, a),)


class Tanh(Function):
    """out = tanh a;  da = g (1 - out²)

    The derivative is one TanhGrad op (not three), as PyTorch's tanh_backward."""

    reads_inputs = False
    saves_output = True

    def forward(self, a):
        return np.tanh(a)

    def backward(self, ops, g):
        return (ops(TanhGrad, g, ops.output(self)),)


class TanhGrad(Function):
    """The derivative of tanh as one op (as PyTorch's tanh_backward), so that a backward pass
    runs one op where g * (1 - y * y) would run three:
    out = g (1 - y²);  dg = ġ (1 - y²),  dy = -2 ġ g y  (ġ the gradient of out)"""

    def forward(self, g, y):
        return g * (1 - y * y)

    def backward(self, ops, grad):
        g, y = ops.inputs(self)
        return ops(TanhGrad, grad, y), -2 * grad * g * y


class Sigmoid(Function):
    """out = σ(a) = 1 / (1 + e^-a);  da = g (1 - out) out

    PyTorch's formula, so its saturation: far out on the negative side e^-a overflows to inf and σ is
    exactly 0 (float32 below about −88.7), never NaN. Elsewhere the values agree with PyTorch's to a
    few units in the last place (NumPy's exp is not PyTorch's). float16 is computed in float32 and
    rounded once, as PyTorch does. The derivative is one SigmoidGrad op (not four), as PyTorch's
    sigmoid_backward."""

    reads_inputs = False
    saves_output = True

    def forward(self, a):
        if a.dtype == np.float16:
            return self.forward(a.astype(np.float32)).astype(np.float16)
        with np.errstate(over="ignore"):  # e^-a = inf gives σ = 1 / inf = 0
            return 1 / (1 + np.exp(-a))

    def backward(self, ops, g):
        return (ops(SigmoidGrad, g, ops.output(self)),)


class SigmoidGrad(Function):
    """The derivative of σ as one op (PyTorch's sigmoid_backward, in its order of rounding):
    out = g (1 - y) y;  dg = ġ (1 - y) y,  dy = ġ g (1 - 2y)"""

    def forward(self, g, y):
        return g * (1 - y) * y

    def backward(self, ops, grad):
        g, y = ops.inputs(self)
        return ops(SigmoidGrad, grad, y), grad * g * (1 - 2 * y)


class Relu(Function):
    """out = max(a, 0);  da = g where out > 0, else 0"""

    reads_inputs = False
    saves_output = True

    def forward(self, a):
        return np.maximum(a, 0) if a.dtype == np.float16 else np.maximum(0, a)  # (orders keeping −0.0, as PyTorch)

    def backward(self, ops, g):  # g where out > 0 or NaN (as PyTorch), else +0 (recorded: out − out, in x's graph)
        return (ops(Where, g, ops.output(self) - ops.output(self) if ops.records else 0, condition=~(self.output <= 0)),)


class Abs(Function):
    """out = |a|;  da = g sign(a), sign(NaN) = 0, the sign a Where of a: in a's graph with derivative 0, as PyTorch's"""

    def forward(self, a):
        return np.abs(a)

    def backward(self, ops, g):
        return (g * ops(Where, np.nan_to_num(np.sign(self.inputs[0]), nan=0.0), ops.inputs(self)[0], condition=True),)


class Where(Function):
    """out = a where condition else b;  da = g where condition, db = g elsewhere"""

    reads_inputs = False

    __slots__ = ("condition",)  # the parameters, kept without a per-node dict

    def __init__(self, condition):
        self.condition = condition

    def forward(self, a, b):
        return zero_where(self.condition, b) if type(a) is int and a == 0 else np.where(self.condition, a, b)

    def backward(self, ops, g):
        return ops(Where, g, 0, condition=self.condition), ops(Where, 0, g, condition=self.condition)


class ToDtype(Function):
    """out = a converted to `dtype` (a copy);  da = g converted back to a's dtype

    `order` is the copy's memory layout: "K" keeps a's (clone), "C" makes it row-major (contiguous)."""

    reads_inputs = False

    __slots__ = ("dtype", "order")  # the parameters, kept without a per-node dict

    def __init__(self, dtype, order="K"):
        self.dtype, self.order = np.dtype(dtype), order

    def forward(self, a):
        return a.astype(self.dtype, order=self.order)

    def pytorch_name(self):
        return "ToCopy"

    def backward(self, ops, g):
        return (ops(ToDtype, g, dtype=self.inputs[0].dtype),)

    def label(self):
        return f"to({self.dtype})"
