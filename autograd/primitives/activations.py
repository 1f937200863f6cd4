"""Activations whose derivatives PyTorch defines piecewise, where no composition of other primitives gives
the same numbers: ELU (its derivative at NaN and its second derivative at 0) and hardtanh (its gradient is
in x's graph under create_graph, with second derivative 0).

Each has a primitive for its derivative (EluGrad, HardtanhGrad: PyTorch's elu_backward and
hardtanh_backward), so a recorded backward pass (create_graph) differentiates PyTorch's formulas again.
"""
import numpy as np

from ..function import Function
from .elementwise import Where


class Elu(Function):
    """out = s·x where x > 0 (or NaN), else s·α(e^(c·x) − 1)  (α = alpha, s = scale, c = input_scale:
    PyTorch's elu; selu and celu are the same with other constants);  da = EluGrad(g, a)"""

    __slots__ = ("alpha", "scale", "input_scale")  # the parameters, kept without a per-node dict

    def __init__(self, alpha=1.0, scale=1.0, input_scale=1.0):
        self.alpha, self.scale, self.input_scale = alpha, scale, input_scale

    def forward(self, a):
        negative = np.expm1(np.where(a > 0, 0, a) * self.input_scale) * (self.alpha * self.scale)  # no e^x overflow
        return np.where(a <= 0, negative, a * self.scale if self.scale != 1 else a).astype(a.dtype, copy=False)

    def backward(self, ops, g):
        a, = ops.inputs(self)
        return (ops(EluGrad, g, a, alpha=self.alpha, scale=self.scale, input_scale=self.input_scale),)


class EluInPlace(Elu):
    """elu_ (in place): Elu's value; its rule reads the output y, as PyTorch's EluBackward1: da = EluGrad(g, y)
    from y (refused for α < 0, where y no longer tells the two branches apart, as in PyTorch)"""

    reads_inputs = False
    saves_output = True

    def backward(self, ops, g):
        if self.alpha < 0:
            raise RuntimeError("In-place elu backward calculation is triggered with a negative slope which is not "
                               "supported. This is caused by calling in-place forward function with a negative slope, "
                               "please call out-of-place version instead.")
        return (ops(EluGrad, g, ops.output(self), alpha=self.alpha, scale=self.scale, input_scale=self.input_scale,
                    is_result=True),)

    def __repr__(self):
        return "<EluBackward1>"


class EluGrad(Elu):
    """PyTorch's elu_backward: out = g·c·s·α·e^(c·x) where x ≤ 0, else g·s (so g·s at NaN);
    dg = EluGrad(ġ, x),  dx = EluGrad(ġ·g·c, x) where x < 0, else 0 (PyTorch's elu_double_backward: 0 at x = 0,
    where the first derivative is the left one). With is_result, x is the output y (elu_): out = g·c·(y + s·α)
    where y ≤ 0, else g·s;  dy = ġ·g·c where y < 0, else 0."""

    __slots__ = ("is_result",)

    def __init__(self, alpha=1.0, scale=1.0, input_scale=1.0, is_result=False):
        super().__init__(alpha, scale, input_scale)
        self.is_result = is_result

    def forward(self, g, x):
        if self.is_result:
            slope = (x + self.alpha * self.scale) * self.input_scale
        else:
            slope = np.exp(np.minimum(x, 0) * self.input_scale) * (self.input_scale * self.alpha * self.scale)
        return g * np.where(x <= 0, slope, self.scale).astype(x.dtype, copy=False)

    def backward(self, ops, grad):
        g, x = ops.inputs(self)
        params = {"alpha": self.alpha, "scale": self.scale, "input_scale": self.input_scale,
                  "is_result": self.is_result}
        grad_g = ops(EluGrad, grad, x, **params) if self.needs_grad(0) else None
        grad_x = None
        if self.needs_grad(1):
            scaled = grad * g * self.input_scale if self.input_scale != 1 else grad * g
            slope = scaled if self.is_result else ops(EluGrad, scaled, x, **params)
            grad_x = ops(Where, slope, 0, condition=self.inputs[1] < 0)
        return grad_g, grad_x

    def pytorch_name(self):
        return "EluBackward"


class Hardtanh(Function):
    """out = lo where x < lo, hi where x > hi, else x (PyTorch's clamp: NaN and −0.0 kept);  da = HardtanhGrad(g, a)"""

    __slots__ = ("low", "high")  # the parameters, kept without a per-node dict

    def __init__(self, low, high):
        self.low, self.high = low, high

    def forward(self, a):
        return np.where(a > self.high, self.high, np.where(a < self.low, self.low, a)).astype(a.dtype, copy=False)

    def backward(self, ops, g):
        a, = ops.inputs(self)
        return (ops(HardtanhGrad, g, a, low=self.low, high=self.high),)


class HardtanhGrad(Hardtanh):
    """PyTorch's hardtanh_backward: out = 0 where x ≤ lo or x ≥ hi, else g (so g at NaN);
    dg = HardtanhGrad(ġ, x),  dx = 0 (it is piecewise constant in x). Recorded, it takes x as an input, so a
    create_graph gradient is in x's graph, as PyTorch's."""

    def forward(self, g, x):
        return np.where((x <= np.asarray(self.low, x.dtype)) | (x >= np.asarray(self.high, x.dtype)), 0, g).astype(
            g.dtype, copy=False)

    def backward(self, ops, grad):
        grad_g = ops(HardtanhGrad, grad, ops.inputs(self)[1], low=self.low, high=self.high)
        return grad_g, ops(Where, 0, grad, condition=True)

    def pytorch_name(self):
        return "HardtanhBackward"
