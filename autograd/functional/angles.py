"""Angles: deg2rad, rad2deg and angle, as PyTorch's.

deg2rad and rad2deg multiply by the constant π/180 or 180/π rounded to the tensor's dtype (float16 computed
in float32 and rounded once, as PyTorch's kernel), so the values are PyTorch's bit for bit; integers and bools
give float32. angle is the argument of a number: for a real x, 0 for x ≥ 0 (−0.0 included), π for x < 0, NaN
for NaN, with gradient 0 everywhere (PyTorch's AngleBackward0 for real inputs); for a complex z, atan2(Im z,
Re z) (np.angle), without gradient since glassgrad does not differentiate complex tensors."""
import math

import numpy as np

from ..primitives.special import Trunc
from ..pytorch.conversion import DEFAULT_FLOAT
from ..tensor import Tensor
from .arithmetic import to
from .saved import composite

DEGREES_TO_RADIANS = math.pi / 180  # 0.017453292519943295, the double nearest π/180 (PyTorch's M_PI_180)
RADIANS_TO_DEGREES = 180 / math.pi  # 57.29577951308232, the double nearest 180/π (PyTorch's M_180_PI)


def _check_tensor(input, name):
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")


def _scaled(input, factor, name):
    """input · factor, the factor rounded to the dtype computed in (float32 for float16, as PyTorch's)."""
    _check_tensor(input, name)
    if input.dtype.kind == "c":
        raise RuntimeError(f"{name} is not supported for complex tensors.")
    if input.dtype.kind != "f":
        input = to(input, DEFAULT_FLOAT)
    if input.dtype == np.float16:
        return to(to(input, np.float32) * np.float32(factor), np.float16)
    return input * input.dtype.type(factor)


@composite("deg2rad")
def deg2rad(input):
    """x · π/180, degrees to radians;  d/dx = π/180."""
    return _scaled(input, DEGREES_TO_RADIANS, "deg2rad")


@composite("rad2deg")
def rad2deg(input):
    """x · 180/π, radians to degrees;  d/dx = 180/π."""
    return _scaled(input, RADIANS_TO_DEGREES, "rad2deg")


class RealAngle(Trunc):
    """out = 0 for a ≥ 0, π for a < 0, a for NaN;  da = 0 (Trunc's rule: the angle is piecewise constant, and
    PyTorch's AngleBackward0 gives 0 for real inputs, also where g is inf)"""

    def forward(self, a):
        return np.where(np.isnan(a), a, np.where(a < 0, a.dtype.type(math.pi), 0)).astype(a.dtype)

    def pytorch_name(self):
        return "Angle"

    def label(self):
        return "angle"


def angle(input):
    """The argument of each element: atan2(Im z, Re z) for complex z (a float tensor of its precision);
    0, π or NaN for a real x, integers and bools giving float32 (see the module's note)."""
    _check_tensor(input, "angle")
    if input.dtype.kind == "c":
        return Tensor(np.angle(input._data))
    if input.dtype.kind != "f":
        input = to(input, DEFAULT_FLOAT)
    return RealAngle.apply(input)
