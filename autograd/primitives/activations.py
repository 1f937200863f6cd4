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
        negative = np.expm1(np.minimum(a, 0) * self.input_scale) * (self.alpha * self.scale)  # no e^x overflow
        return np.where(a <= 0, negative, a * self.scale if self.scale != 1 else a).astype(a.dtype, copy=False)

    def backward(self, ops, g):
        a, = ops.inputs(self)
        return (ops(EluGrad, g, a, alpha=self.alpha, scale=self.scale, input_scale=self.input_scale),)


class EluGrad(Elu):
    """PyTorch's elu_backward: out = g·c·s·α·e^(c·x) where x ≤ 0, else g·s (so g·s at NaN);
    dg = EluGrad(ġ, x),  dx = EluGrad(ġ·g·c, x) where x < 0, else 0 (PyTorch's elu_double_backward: 0 at x = 0,
    where the first derivative is the left one)"""

    def forward(self, g, x):
        slope = np.exp(np.minimum(x, 0) * self.input_scale) * (self.input_scale * self.alpha * self.scale)
        return g * np.where(x <= 0, slope, self.scale).astype(x.dtype, copy=False)

    def backward(self, ops, grad):
        g, x = ops.inputs(self)
        params = {"alpha": self.alpha, "scale": self.scale, "input_scale": self.input_scale}
        grad_g = ops(EluGrad, grad, x, **params) if self.needs_grad(0) else None
        grad_x = None
        if self.needs_grad(1):
            scaled = grad * g * self.input_scale if self.input_scale != 1 else grad * g
            grad_x = ops(Where, ops(EluGrad, scaled, x, **params), 0, condition=self.inputs[1] < 0)
        return grad_g, grad_x

    def pytorch_name(self):
        return "EluBackward"


class Hardtanh(Function):
    """out = x clipped to [lo, hi] (NaN stays NaN);  da = HardtanhGrad(g, a): g strictly inside, else 0"""

    __slots__ = ("low", "high")  # the parameters, kept without a per-node dict

    def __init__(self, low, high):
        self.low, self.high = low, high

    def forward(self, a):
        return np.minimum(np.maximum(a, np.asarray(self.low, a.dtype)), np.asarray(self.high, a.dtype))

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
