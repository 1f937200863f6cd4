"""PyTorch's type promotion: the dtype of an operation on tensors and Python numbers.

The categories are bool < integer < float < complex. Tensors with dimensions decide the dtype; a
0-d tensor or a Python number counts only when its category is higher (a float32 tensor times 0.5,
or times a float64 0-d tensor, stays float32; an int64 tensor times 0.5 is float32).
"""
import functools
import numbers

import numpy as np

from ..tensor import Tensor
from .conversion import DEFAULT_FLOAT
from .dtype_categories import CATEGORY, promote_types


def is_number(value):
    return isinstance(value, (numbers.Number, np.generic)) and not isinstance(value, np.ndarray)


def _number_dtype(value):
    """The dtype PyTorch gives a Python (or NumPy) number: bool, int64, float32 or complex64. A NumPy bool
    (np.True_) is not a Python bool to PyTorch, but a float: tensor([1, 2]) * np.True_ is float32 [1., 2.]."""
    if isinstance(value, bool):
        return np.dtype(np.bool_)
    if isinstance(value, np.bool_):
        return DEFAULT_FLOAT
    if isinstance(value, numbers.Integral):
        return np.dtype(np.int64)
    if isinstance(value, numbers.Real):
        return DEFAULT_FLOAT
    if isinstance(value, numbers.Complex):
        return np.dtype(np.complex64)
    raise TypeError(f"expected a number, got {type(value).__name__}")


def can_cast(source, target):
    """PyTorch's rule for writing a result of dtype `source` into a tensor of dtype `target` (x += y):
    never to a lower category (a float into an integer tensor, anything but bool into a bool tensor);
    within a category any width goes (an int32 result into a uint8 tensor wraps, as in PyTorch)."""
    return CATEGORY[np.dtype(source).kind] <= CATEGORY[np.dtype(target).kind]


def result_type(*values):
    """The dtype of an operation on `values` (Tensors and numbers), by PyTorch's three-tier rule: tensors
    with dimensions first, then 0-d tensors, then Python numbers; a later tier counts only when its
    category is higher than the result so far."""
    tiers = (
        [v.dtype for v in values if isinstance(v, Tensor) and v.ndim],
        [v.dtype for v in values if isinstance(v, Tensor) and not v.ndim],
        [_number_dtype(v) for v in values if not isinstance(v, Tensor)],
    )
    result = None
    for dtypes in tiers:
        if dtypes:
            tier = functools.reduce(promote_types, dtypes)
            if result is None:
                result = tier
            elif CATEGORY[tier.kind] > CATEGORY[result.kind]:
                _refuse_complex32(result, tier)
                result = promote_types(result, tier)
    return result


def _refuse_complex32(result, tier):
    """PyTorch gives complex32 (ComplexHalf) for a float16 tensor with a complex number or 0-d tensor; glassgrad
    (NumPy) has no complex32, and giving complex64 instead would differ silently: refuse, clearly."""
    if result == np.float16 and tier.kind == "c":
        raise NotImplementedError(
            "a float16 tensor with a complex number (or 0-d complex tensor) gives complex32 (ComplexHalf) in "
            "PyTorch, which glassgrad does not have: convert the float16 tensor to float32 first (complex64)")
