"""in_float32: float16 computed as PyTorch's CPU kernels compute it, in float32 ("opmath") and rounded once.

A function composed of several operations would otherwise round every intermediate result to float16: gelu's
½x, x/√2 and erf(x/√2) each rounded gave results up to 2,000 units in the last place from PyTorch's. Converting
the float16 inputs to float32, composing there and rounding the result once gives PyTorch's value; the two
conversions are operations of the graph, so gradients pass through them and arrive in float16, as PyTorch's."""
import functools

import numpy as np

from ..pytorch.promotion import result_type
from ..tensor import Tensor
from .arithmetic import to
from .saved import composed


def _widened(value):
    return to(value, np.float32) if isinstance(value, Tensor) and value.dtype == np.float16 else value


def _rounded(value):
    return to(value, np.float16) if isinstance(value, Tensor) and value.dtype == np.float32 else value


def in_float32(function):
    """`function`, computed in float32 and rounded once to float16 where its tensor arguments' result type is
    float16 (PyTorch's opmath); any other call runs `function` unchanged."""
    @functools.wraps(function)
    def computed_in_float32(*args, **kwargs):
        tensors = [v for v in (*args, *kwargs.values()) if isinstance(v, Tensor)]
        if not tensors or result_type(*tensors) != np.float16:
            return function(*args, **kwargs)
        result = _rounded(function(*map(_widened, args), **{k: _widened(v) for k, v in kwargs.items()}))
        return composed(result, function.__name__, *tensors)  # (its node is the rounding's: a hook there is refused)
    return computed_in_float32
