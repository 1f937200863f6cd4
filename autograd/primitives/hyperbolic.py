"""The hyperbolic sine and cosine, each the other's derivative.

They are primitives (not exp compositions) so that sinh keeps full precision near 0, where
(eˣ − e⁻ˣ)/2 cancels, and both overflow exactly where NumPy's (and PyTorch's) do.
"""
import numpy as np

from ..function import Function


class Sinh(Function):
    """out = sinh a;  da = g cosh a"""

    def forward(self, a):
        return np.sinh(a)

    def backward(self, ops, g):
        a, = ops.inputs(self)
        return (g * ops(Cosh, a),)


class Cosh(Function):
    """out = cosh a;  da = g sinh a"""

    def forward(self, a):
        return np.cosh(a)

    def backward(self, ops, g):
        a, = ops.inputs(self)
        return (g * ops(Sinh, a),)
