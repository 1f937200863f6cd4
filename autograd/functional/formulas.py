"""Elementwise formulas PyTorch names, composed from the arithmetic primitives (so their gradients are
those of the pieces): lerp, addcmul, addcdiv, logaddexp, reciprocal, nan_to_num, clamp_min, clamp_max."""
import numpy as np

from ..primitives.special import Reciprocal
from ..pytorch.conversion import check_fits, held_number, python_number
from ..pytorch.promotion import is_number, result_type
from ..tensor import Tensor
from .arithmetic import (abs, add, check_broadcast, clamp, div, exp, floating, log1p, maximum, mul, operands, sqrt, sub,
                         to, where)
from .opmath import in_float32
from .saved import composed, one_node
from .arithmetic import number_argument, require_tensor
from .saved import composite


def lerp(input, end, weight):
    """input + weight·(end − input), computed as PyTorch computes it: from `end` backwards,
    end − (end − input)·(1 − weight), where |weight| ≥ 0.5 (exact at weight = 1). input, end and a tensor
    weight must be floats of one dtype, but a 0-d real weight, converted to input's dtype, as PyTorch's
    (float16: computed in float32 and rounded once, as PyTorch's kernel)."""
    weight = python_number(weight)  # (a NumPy uint8 weight is the number 2, not a uint8: 1 − w must not wrap)
    if isinstance(weight, Tensor) and weight.ndim == 0 and weight.dtype.kind in "biuf":
        weight = to(weight, input.dtype)
    for name, value in (("end", end), ("weight", weight)):
        if isinstance(value, Tensor) and value.dtype != input.dtype:
            raise RuntimeError(f"expected dtype {input.dtype} for `{name}` but got dtype {value.dtype}")
    if input.dtype.kind not in "fc":
        raise NotImplementedError(f'"lerp_kernel_scalar" not implemented for {input.dtype}: lerp needs floats')
    return composed(_lerp(input, end, weight), "lerp", input, end, weight)


@in_float32
def _lerp(input, end, weight):
    difference = sub(end, input)
    forwards = add(input, mul(weight, difference))
    backwards = sub(end, mul(difference, 1 - weight if is_number(weight) else sub(1, weight)))
    small = np.abs(weight.detach().numpy() if isinstance(weight, Tensor) else weight) < 0.5
    return where(small, forwards, backwards)


def _value_checked(value, tensors, name):
    """value as the result's type takes it: truncated to an int for integer tensors (0.5 is 0), which must fit
    the result's dtype first (2**40 does not fit int32, nor 127.9 int8; a negative int wraps into uint8, a
    negative float does not), as PyTorch's checked conversion; a 0-d tensor
    that does not require grad counts as its number."""
    value = number_argument(value, name, "value")
    if not is_number(value):
        raise TypeError(f"{name}(): argument 'value' must be a number, not {type(value).__name__}")
    if not all(t.dtype.kind in "biu" for t in tensors):
        return value
    if not np.isfinite(value):
        raise RuntimeError(f"{name}(): value {value} cannot be converted to type int64_t without overflow")
    check_fits(value, result_type(*tensors))
    return int(value)


def _in_result_dtype(formula, input, tensor1, tensor2, node):
    """formula(input, tensor1, tensor2) with all three promoted to the result's dtype first, as PyTorch computes
    (float16 factors into a float32 input multiply in float32; uint8 factors into an int32 input multiply in
    int32; bool factors keep an integer input's dtype). A float16 result is computed in float32 and rounded once,
    as PyTorch's half kernels (value·tensor1 would overflow or underflow in float16). Where a copy was made, the
    result sits behind a node named `node` that saves tensor1 and tensor2 themselves, as PyTorch's."""
    dtype = result_type(input, tensor1, tensor2)
    inner = np.dtype(np.float32) if dtype == np.float16 else dtype
    if all(t.dtype == inner for t in (input, tensor1, tensor2)):
        return formula(input, tensor1, tensor2)
    result = to(formula(*(to(t, inner) for t in (input, tensor1, tensor2))), dtype)
    return one_node(result, node, tensor1, tensor2)


def _require_tensors(input, tensor1, tensor2, name):
    """PyTorch's TypeError where input, tensor1 or tensor2 is not a Tensor."""
    for position, (argument, x) in enumerate((("input", input), ("tensor1", tensor1), ("tensor2", tensor2)), 1):
        require_tensor(x, name, argument, position)


def addcmul(input, tensor1, tensor2, *, value=1):
    """input + value·tensor1·tensor2 (broadcast together and promoted to the result's dtype before any
    arithmetic, as PyTorch; float16 is computed in float32 and rounded once; integers wrap; bools are refused)."""
    _require_tensors(input, tensor1, tensor2, "addcmul")
    if result_type(input, tensor1, tensor2) == np.bool_:
        raise NotImplementedError("\"addcmul_cpu_out\" not implemented for 'Bool'")
    value = _value_checked(value, (input, tensor1, tensor2), "addcmul")
    return composed(_in_result_dtype(lambda x, a, b: add(x, mul(mul(value, a), b)), input, tensor1, tensor2,
                                     "AddcmulBackward0"), "addcmul", input, tensor1, tensor2)


def addcdiv(input, tensor1, tensor2, *, value=1):
    """input + value·tensor1/tensor2 (true division, in the promoted result's dtype; integer tensor1 and tensor2
    are refused, as PyTorch refuses them; float16 is computed in float32 and rounded once)."""
    _require_tensors(input, tensor1, tensor2, "addcdiv")
    if tensor1.dtype.kind in "biu" and tensor2.dtype.kind in "biu":
        raise RuntimeError("Integer division with addcdiv is no longer supported, and in a future release addcdiv "
                           "will perform a true division of tensor1 and tensor2. Use addcmul or true division "
                           "instead.")
    value = _value_checked(value, (input, tensor1, tensor2), "addcdiv")
    return composed(_in_result_dtype(lambda x, a, b: add(x, div(mul(value, a), b)), input, tensor1, tensor2,
                                     "AddcdivBackward0"), "addcdiv", input, tensor1, tensor2)


@in_float32  # float16 in float32, rounded once, as PyTorch's kernel
@composite("logaddexp")
def logaddexp(input, other):
    """log(eˣ + eʸ) = max(x, y) + log1p(e^−|x − y|), which neither overflows nor loses the smaller term. Equal
    infinities give themselves (x − y would be NaN), with PyTorch's gradient there, NaN (its rule
    g·e^(x − out) meets ∞ − ∞): the value there is computed as ±√(x·y), whose derivative y/(2√(xy)) is ∞/∞.
    Integers are refused, as PyTorch has no kernel for them."""
    x, y = operands(input, other)
    check_broadcast(x, y)
    if x.dtype.kind == "c":
        raise NotImplementedError("logaddexp of complex tensors is not supported by glassgrad")
    if x.dtype.kind not in "fc":
        raise NotImplementedError(f'"logaddexp_cpu" not implemented for {x.dtype}: logaddexp needs floats')
    tied_infinity = np.isinf(x.detach().numpy()) & (x.detach().numpy() == y.detach().numpy())
    gap = where(tied_infinity, 0.0, sub(x, y))
    result = add(maximum(x, y), log1p(exp(-abs(gap))))
    if not tied_infinity.any():
        return result
    sign = Tensor(np.sign(np.where(tied_infinity, x.detach().numpy(), 1)).astype(x.dtype))
    tied = mul(sign, sqrt(mul(where(tied_infinity, x, 1.0), where(tied_infinity, y, 1.0))))
    return where(tied_infinity, tied, result)


def reciprocal(input):
    """1 / x (integers give float32; 1/0 is inf); its node saves the output, as PyTorch's ReciprocalBackward0 (so a
    change to x in place after it does not stop backward)."""
    return Reciprocal.apply(floating(input, "reciprocal"))


@composite("nan_to_num")
def nan_to_num(input, nan=0.0, posinf=None, neginf=None):
    """x with NaN replaced by `nan`, +inf by `posinf` and −inf by `neginf` (by default the largest and
    the lowest finite value of x's dtype); the gradient is 0 at the replaced elements (a difference: PyTorch's is
    the upstream times 0 there, so NaN under an inf or NaN upstream gradient). Integers come back as
    a copy; a complex x has its real and imaginary parts replaced each. The replacements must be real numbers."""
    require_tensor(input, "nan_to_num")
    nan, posinf, neginf = (None if value is None else held_number(value) for value in (nan, posinf, neginf))
    for name, value in (("nan", nan), ("posinf", posinf), ("neginf", neginf)):
        if value is not None and (not is_number(value) or isinstance(value, complex)):
            raise TypeError(f"nan_to_num(): argument '{name}' must be float, not {type(value).__name__}")
    if input.dtype.kind not in "fc":
        return input.clone()
    values = input.detach().numpy()
    if input.dtype.kind == "c":  # each part on its own (complex tensors have no gradient here)
        return Tensor(np.nan_to_num(values, nan=0.0 if nan is None else nan, posinf=posinf, neginf=neginf))
    largest = np.finfo(input.dtype).max
    replacement = np.where(np.isnan(values), 0.0 if nan is None else nan,
                           np.where(values > 0, largest if posinf is None else posinf,
                                    -largest if neginf is None else neginf))
    return where(np.isfinite(values), input, Tensor(replacement.astype(input.dtype)))


def clamp_min(input, min):
    """max(x, min): clamp(x, min=min)."""
    return clamp(input, min=min)


def clamp_max(input, max):
    """min(x, max): clamp(x, max=max)."""
    return clamp(input, max=max)


clip = clamp
