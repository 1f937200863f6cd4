"""`torch.finfo(dtype)` and `torch.iinfo(dtype)`: the limits of a dtype, as PyTorch gives them.

Every limit is a Python number, as in PyTorch (NumPy's finfo gives NumPy scalars of the dtype itself, so that
`finfo(float16).max + 1000` would overflow to inf where PyTorch's gives 66504.0):

- finfo: `bits`, `eps` (the gap between 1 and the next float), `max`, `min` (= -max), `tiny` = `smallest_normal`
  (the smallest positive normal number), `resolution` (10 ** -precision, precision the decimal digits), and
  `dtype`, the dtype's name ('float32');
- iinfo: `bits`, `max`, `min` and `dtype`.

A dtype of the other kind is a TypeError, as in PyTorch; so is torch.bfloat16, which NumPy does not have.
"""
import numpy as np


def _numpy_dtype(dtype, name):
    """dtype as NumPy's, or a TypeError naming the problem (torch.bfloat16 raises it when asked)."""
    try:
        return np.dtype(dtype)
    except TypeError as error:
        raise TypeError(f"torch.{name}({dtype}): {error}") from None


class finfo:  # noqa: N801  (PyTorch's name)
    """The limits of a floating point dtype (float32 by default)."""

    def __init__(self, type=np.float32):  # noqa: A002  (PyTorch's name)
        dtype = _numpy_dtype(type, "finfo")
        if dtype.kind != "f":
            raise TypeError(f"torch.finfo() requires a floating point input type (got {dtype.name}); "
                            "use torch.iinfo for an integer one")
        info = np.finfo(dtype)
        self.bits, self.dtype = int(info.bits), dtype.name
        self.eps, self.max, self.min = float(info.eps), float(info.max), float(info.min)
        self.tiny = self.smallest_normal = float(info.smallest_normal)
        self.resolution = 10.0 ** -int(info.precision)

    def __repr__(self):
        return (f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, eps={self.eps:g}, "
                f"smallest_normal={self.smallest_normal:g}, tiny={self.tiny:g}, dtype={self.dtype})")


class iinfo:  # noqa: N801
    """The limits of an integer dtype."""

    def __init__(self, type):  # noqa: A002
        dtype = _numpy_dtype(type, "iinfo")
        if dtype.kind not in "iu":
            raise TypeError(f"torch.iinfo() requires an integer input type (got {dtype.name}); "
                            "use torch.finfo for a floating point one")
        info = np.iinfo(dtype)
        self.bits, self.max, self.min, self.dtype = int(info.bits), int(info.max), int(info.min), dtype.name

    def __repr__(self):
        return f"iinfo(min={self.min:g}, max={self.max:g}, dtype={self.dtype})"  # :g, as PyTorch prints them
