"""Questions asked of a tensor's values, answered without a gradient: isinf, isposinf, isneginf, isclose, isin,
allclose, is_floating_point, is_complex, and where a tensor is non-zero (nonzero, argwhere, the one-argument
where); and masked_select, the elements a mask picks (indexing's gradient)."""
import numpy as np

from ..pytorch.promotion import is_number, result_type
from ..tensor import Tensor
from . import arithmetic
from .shapes import broadcast_to, getitem
from .arithmetic import require_tensor


def isinf(input):
    """Whether each element is +inf or −inf (never for an integer or bool tensor)."""
    require_tensor(input, "isinf")
    return Tensor(np.isinf(input.detach().numpy()))


def _real_only(input, name):
    if input.dtype.kind == "c":
        raise RuntimeError(f"{name} does not support complex inputs.")
    return input.detach().numpy()


def isposinf(input):
    """Whether each element is +inf (complex tensors are refused, as PyTorch refuses them)."""
    require_tensor(input, "isposinf")
    return Tensor(np.isposinf(_real_only(input, "isposinf")))


def isneginf(input):
    """Whether each element is −inf (complex tensors are refused, as PyTorch refuses them)."""
    require_tensor(input, "isneginf")
    return Tensor(np.isneginf(_real_only(input, "isneginf")))


def is_floating_point(input):
    """True for a float16, float32 or float64 tensor."""
    return input.dtype.kind == "f"


def is_complex(input):
    """True for a complex64 or complex128 tensor."""
    require_tensor(input, "is_complex")
    return input.dtype.kind == "c"


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """|input − other| ≤ atol + |rtol·other| elementwise, computed in the tensors' dtype, as PyTorch's (equal
    values, infinities included, are close; NaN is close to NaN only with equal_nan). Both must have one dtype."""
    require_tensor(input, "isclose")
    require_tensor(other, "isclose", "other", 2)
    if input.dtype != other.dtype:
        raise RuntimeError(f"{input.dtype} did not match {other.dtype}: isclose needs both tensors of one dtype")
    arithmetic.check_broadcast(input, other)
    if not (rtol >= 0 and atol >= 0):  # (NaN refused too)
        raise RuntimeError(f"isclose: rtol and atol must be greater than or equal to zero, got rtol={rtol}, atol={atol}")
    a, b = input.detach().numpy(), other.detach().numpy()
    close = a == b
    if equal_nan and a.dtype.kind in "fc":
        close = close | (np.isnan(a) & np.isnan(b))
    if a.dtype == np.bool_ or (rtol == 0 and atol == 0):
        return Tensor(close)
    if a.dtype.kind in "fc":  # rtol and atol in the tensors' precision
        real = np.abs(a).dtype
        allowed = np.abs(b * real.type(rtol)) + real.type(atol)
        error = np.abs(a - b)
    else:  # integers: the error exactly, the allowance in float32 (PyTorch's default float)
        allowed = np.abs(b * np.float32(rtol)) + np.float32(atol)
        error = np.abs(a.astype(np.int64) - b.astype(np.int64))
    return Tensor(close | (np.isfinite(error) & (error <= allowed)))


def isin(elements, test_elements, *, assume_unique=False, invert=False):
    """Whether each of elements (a tensor, or one number) equals one of test_elements (a tensor, or one
    number), compared in their promoted dtype (NaN is in nothing); with invert, whether it does not. Bool and
    complex are refused, as PyTorch's."""
    if not (isinstance(elements, Tensor) or isinstance(test_elements, Tensor)) or not all(
            isinstance(v, Tensor) or is_number(v) for v in (elements, test_elements)):
        raise TypeError(f"isin() received an invalid combination of arguments - got ({type(elements).__name__}, "
                        f"{type(test_elements).__name__}): it takes two tensors, or a tensor and a number")
    dtype = result_type(elements, test_elements)
    if dtype.kind in "bc":
        raise RuntimeError(f"Unsupported input type encountered for isin(): {dtype}")
    values = [np.asarray(v.detach().numpy() if isinstance(v, Tensor) else v).astype(dtype)
              for v in (elements, test_elements)]
    return Tensor(np.isin(values[0], values[1], assume_unique=assume_unique, invert=invert))


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Whether every element of input is close to other's (isclose), as a Python bool."""
    require_tensor(input, "allclose")
    require_tensor(other, "allclose", "other", 2)
    return bool(isclose(input, other, rtol, atol, equal_nan).numpy().all())


def nonzero(input, *, as_tuple=False):
    """The indices of the non-zero elements, in row-major order: an (n, ndim) int64 tensor, or with as_tuple a
    tuple of ndim 1-D tensors, one per dim (a 0-d input counts as 1-D there, as in PyTorch)."""
    values = require_tensor(input, "nonzero").detach().numpy()
    if as_tuple:
        return tuple(Tensor(index.astype(np.int64)) for index in np.nonzero(np.atleast_1d(values)))
    return Tensor(np.argwhere(values).astype(np.int64))


def where(condition, input=None, other=None):
    """input where condition is true, else other (arithmetic.where); where(condition) alone is
    nonzero(condition, as_tuple=True), as PyTorch's. A Python bool or number as condition is refused, as PyTorch
    refuses it (glassgrad's own code passes NumPy masks)."""
    if isinstance(condition, (bool, int, float, list, tuple)):
        raise TypeError(f"where(): argument 'condition' (position 1) must be Tensor, not {type(condition).__name__}")
    if input is None and other is None:
        return nonzero(condition, as_tuple=True)
    return arithmetic.where(condition, input, other)


def argwhere(input):
    """nonzero(input): the (n, ndim) indices of the non-zero elements."""
    return nonzero(input)


def masked_select(input, mask):
    """The elements of input where the bool mask is true (both broadcast together), as a 1-D tensor in
    row-major order; the gradient flows back to those places (and sums over broadcast copies)."""
    if not isinstance(mask, Tensor):
        raise TypeError(f"masked_select(): argument 'mask' must be Tensor, not {type(mask).__name__}")
    if mask.dtype != np.bool_:
        raise RuntimeError(f"masked_select: expected BoolTensor for mask, got {mask.dtype}")
    try:
        shape = np.broadcast_shapes(input.shape, mask.shape)
    except ValueError:
        raise RuntimeError(f"masked_select: the shapes of the input {tuple(input.shape)} and the mask "
                           f"{tuple(mask.shape)} do not broadcast") from None
    return getitem(broadcast_to(input, shape), Tensor(np.broadcast_to(mask.numpy(), shape)))
