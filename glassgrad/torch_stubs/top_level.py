"""Names at PyTorch's top level that autograd does not have, for code written for PyTorch.

- `compile(model)` returns `model` itself (and `@compile` leaves a function as it is): glassgrad runs
  every operation eagerly, step by step, which is what the explorer shows; there is nothing to compile.
  PyTorch returns a wrapper (OptimizedModule) that computes the same values.
- `set_float32_matmul_precision(p)` / `get_float32_matmul_precision()`: remembered, with no effect — NumPy's
  float32 matrix products always use full float32 ("highest").
- `bfloat16`: a dtype name, so that `{'bfloat16': torch.bfloat16, ...}` tables work. NumPy has no bfloat16:
  making a tensor with it raises TypeError (use float32, or float16).
- `float`, `int`, `short`, `cfloat`, `cdouble`: PyTorch's aliases of float32, int32, int16, complex64, complex128.
- `pi`, `e`, `inf`, `nan`: Python floats, as in PyTorch.
- `use_deterministic_algorithms(mode)` / `are_deterministic_algorithms_enabled()`: remembered, with no effect —
  every glassgrad operation is deterministic already (the reproducibility snippets people paste run as they are).
- `is_floating_point(t)`: whether the tensor's dtype is a floating point one.
- `get_default_dtype()`: float32, glassgrad's only default; `set_default_dtype(float32)` is accepted and any other
  dtype refused (NotImplementedError): pass dtype= where float64 is wanted.
- `numel(t)`: t.numel().
- `finfo(dtype)` / `iinfo(dtype)`: PyTorch's limits of a dtype, as Python numbers (type_info.py).
"""
import math
import warnings

import numpy as np

from autograd import Tensor
from autograd.pytorch import dtypes
from glassgrad.torch_stubs.type_info import finfo, iinfo

__all__ = ["float", "int", "short", "cfloat", "cdouble", "pi", "e", "inf", "nan", "bfloat16", "is_tensor", "compile",
           "set_float32_matmul_precision", "get_float32_matmul_precision", "use_deterministic_algorithms",
           "are_deterministic_algorithms_enabled", "is_floating_point", "finfo", "iinfo",
           "get_default_dtype", "set_default_dtype", "numel"]

float = np.dtype(np.float32)  # noqa: A001  (PyTorch's names)
int = np.dtype(np.int32)  # noqa: A001
short = np.dtype(np.int16)
cfloat = np.dtype(np.complex64)
cdouble = np.dtype(np.complex128)
pi, e, inf, nan = math.pi, math.e, math.inf, math.nan


class _NoNumPyDtype:
    """A PyTorch dtype NumPy lacks: it can be named and compared; NumPy asks for `.dtype` when a tensor is
    made with it, and that raises TypeError naming the problem."""

    is_floating_point = True
    is_complex = False

    def __init__(self, name, advice):
        self._name, self._advice = name, advice

    def __repr__(self):
        return f"torch.{self._name}"

    @property
    def dtype(self):
        raise TypeError(f"torch.{self._name}: glassgrad computes with NumPy, which has no {self._name}; "
                        f"{self._advice}")

    @property
    def itemsize(self):
        return 2


dtypes.dtype.register(_NoNumPyDtype)  # isinstance(torch.bfloat16, torch.dtype), as PyTorch's
bfloat16 = _NoNumPyDtype("bfloat16", "use torch.float32 (or torch.float16)")


def is_tensor(obj):
    """True if obj is a glassgrad Tensor."""
    return isinstance(obj, Tensor)


def compile(model=None, *, fullgraph=False, dynamic=None, backend="inductor", mode=None, options=None,  # noqa: A001
            disable=False):
    """`model` itself: glassgrad runs eagerly and has nothing to compile (see the module docstring).

    Called without a model (`@torch.compile(mode="max-autotune")`), it returns a decorator that does the same."""
    if model is None:
        return lambda function: function
    if not callable(model):
        raise RuntimeError(f"torch.compile: expected a callable (a module or a function), got {type(model).__name__}")
    return model


_MATMUL_PRECISIONS = ("highest", "high", "medium")
_matmul_precision = ["highest"]


def set_float32_matmul_precision(precision):
    """Remembered, with no effect: NumPy computes float32 products in full float32 whatever is asked."""
    if precision not in _MATMUL_PRECISIONS:  # PyTorch warns and changes nothing
        warnings.warn(f"{precision} is not one of 'highest', 'high', or 'medium'; the current "
                      "setFloat32MatmulPrecision call has no effect.", stacklevel=2)
        return
    _matmul_precision[0] = precision


def get_float32_matmul_precision():
    return _matmul_precision[0]


_deterministic = [False]


def use_deterministic_algorithms(mode, *, warn_only=False):
    """Remembered, with no effect: glassgrad's operations are deterministic whatever is asked."""
    if not isinstance(mode, bool):
        raise TypeError(f"use_deterministic_algorithms(): argument 'mode' must be bool, not {type(mode).__name__}")
    _deterministic[0] = mode


def are_deterministic_algorithms_enabled():
    return _deterministic[0]


def is_floating_point(input):
    """True if the tensor's dtype is float16, float32 or float64."""
    if not isinstance(input, Tensor):
        raise TypeError(f"is_floating_point(): argument 'input' must be Tensor, not {type(input).__name__}")
    return input.dtype.kind == "f"


def get_default_dtype():
    """float32: the dtype Python floats become."""
    return dtypes.shown(float)


def set_default_dtype(d):
    """Accepted for float32 (nothing changes); any other default is refused, not silently ignored."""
    if np.dtype(d) != float:
        raise NotImplementedError(f"set_default_dtype({d}): glassgrad's default dtype is always float32; "
                                  "pass dtype= to the functions that make tensors instead")


def numel(input):
    """The number of elements of the tensor."""
    if not isinstance(input, Tensor):
        raise TypeError(f"numel(): argument 'input' must be Tensor, not {type(input).__name__}")
    return input.numel()
