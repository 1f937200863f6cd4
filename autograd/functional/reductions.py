"""Reductions and the functions built on them: mean, var, std, max/min, logsumexp,
softmax, log_softmax and norms. `dim`/`keepdim` are PyTorch's names; NumPy's
`axis`/`keepdims` are accepted too."""
import numpy as np

from ..primitives import Max, Sum
from ..primitives.sizes_only import Mean
from ..primitives.statistics import CountNonzero, Var
from ..tensor import Tensor
from .arithmetic import abs, contiguous, dtype_argument, exp, log, maximum, minimum, sqrt, to, where
from .complex_parts import imag, real
from ..pytorch import return_types
from ..pytorch.checks import canonical_dim, canonical_dims, refuse_complex
from ..pytorch.conversion import python_number
from ..pytorch.promotion import promote_types
from ..scope import module_scope, name_output
from .opmath import in_float32  # float16 in float32, rounded once (a float16 Σ overflows past 65504)
from .saved import composed, one_node
from .shapes import gather
from .arithmetic import number_argument, require_tensor


def normalize_dims(dim, ndim):
    """dim (None, an int or a sequence) as None or a sorted tuple of non-negative axes (checks.canonical_dims)."""
    return canonical_dims(dim, ndim)


def _floating_only(x, op):
    """PyTorch computes mean, var, std, norm, softmax of float (or complex) tensors only (it has no softmax
    kernel for integers: a NotImplementedError there, a RuntimeError for the others)."""
    if x.dtype.kind not in "fc":
        raise (NotImplementedError if "softmax" in op else RuntimeError)(
            f"{op}(): expected a floating point or complex tensor as input, got {x.dtype}")


def _nonempty_reduction(x, dims, op):
    """max and friends have no value over no elements: refuse, with PyTorch's error type (a RuntimeError for
    max/min over all elements and for the inf norm, an IndexError for a named dim and for argmax/argmin)."""
    if 0 in (x.shape if dims is None else [x.shape[d] for d in dims]):
        raise (RuntimeError if dims is None and op in ("max", "min", "amax", "amin") or op == "norm" else IndexError)(
            f"{op}(): cannot reduce over an empty dimension of a tensor of shape {x.shape} (no identity)")


def _dim_args(dim, keepdim, axis, keepdims):
    """Merge PyTorch's dim/keepdim with NumPy's axis/keepdims aliases."""
    return (axis if dim is None else dim), bool(keepdims if keepdims is not None else keepdim)


def sum(x, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None):
    """Σ x over `dim` (all elements when dim is None); bools and integers are summed as int64, and
    `dtype` converts x first, as in PyTorch."""
    require_tensor(x, "sum")
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    given = x
    if dtype is not None or x.dtype.kind in "biu":
        x = to(x, np.int64 if dtype is None else dtype)
    total = Sum.apply(x, axis=normalize_dims(dim, x.ndim), keepdims=keepdim)
    total = total if total.dtype == x.dtype else to(total, x.dtype)  # NumPy sums int32 (and int8, ...) as int64
    return total if x is given else composed(total, "sum with a dtype", given)  # (a hook would see x converted)


def mean(x, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None):
    """(1/n) Σ x over `dim` (of x converted to `dtype` first, if given): one node that saves nothing, as
    PyTorch's MeanBackward0/1."""
    require_tensor(x, "mean")
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    converted = x if dtype is None else to(x, dtype)
    if converted is not x:  # (a hook on it would see x converted: refused)
        return composed(mean(converted, dim, keepdim), "mean with a dtype", x)
    _floating_only(x, "mean")
    if x.dtype == np.float16:
        return in_float32(mean)(x, dim, keepdim)
    return Mean.apply(x, axis=normalize_dims(dim, x.ndim), keepdims=keepdim)


def var(x, dim=None, unbiased=None, keepdim=False, *, correction=1, axis=None, keepdims=None):
    """Σ (x − mean)² / (n − correction); correction=1 (unbiased, PyTorch's default), 0 for the
    population variance (`unbiased=False` means correction=0; PyTorch's var(dim, unbiased, keepdim)).
    One primitive with PyTorch's rule, g·2(x − mean)/(n − correction): an infinite x spoils only its own
    gradient, not its line's (primitives/statistics.py)."""
    require_tensor(x, "var")
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    if isinstance(dim, bool):  # PyTorch's older signature var(unbiased)
        dim, unbiased = None, dim
    if unbiased is not None:
        correction = 1 if unbiased else 0
    correction = 1 if correction is None else python_number(correction.item() if isinstance(correction, Tensor)
                                                            else correction)  # (the number PyTorch reads: no dtype)
    _floating_only(x, "var")
    if x.dtype.kind == "c":  # Σ |x − mean|² is real: the variances of the two parts, added
        return var(real(x), dim, keepdim=keepdim, correction=correction) + var(imag(x), dim, keepdim=keepdim,
                                                                               correction=correction)
    if x.dtype == np.float16:  # (saving x itself, not its float32 copy, for PyTorch's in-place refusal)
        return one_node(in_float32(var)(x, dim, keepdim=keepdim, correction=correction), "VarBackward0", x)
    return Var.apply(x, axis=normalize_dims(dim, x.ndim), keepdims=keepdim, correction=correction)


def _sqrt_with_zero_subgradient(t, p=2):
    """ᵖ√t (√t by default) whose gradient at t = 0 is 0 (as PyTorch's norm and std), not ∞·0 = NaN:
    the inner `where` keeps the derivative of the root away from 0, the outer one picks the value."""
    zero = t._data == 0
    safe = where(zero, 1.0, t)
    return where(zero, 0.0, sqrt(safe) if p == 2 else safe ** (1.0 / p))


def std(x, dim=None, unbiased=None, keepdim=False, *, correction=1, axis=None, keepdims=None):
    """√var(x) (with gradient 0 where the variance is 0)."""
    require_tensor(x, "std")
    if isinstance(dim, bool):  # PyTorch's older signature std(unbiased)
        dim, unbiased = None, dim
    if x.dtype == np.float16:  # the square root too, before rounding: var can overflow where std does not
        out = in_float32(std)(x, dim, unbiased, keepdim, correction=correction, axis=axis, keepdims=keepdims)
    else:
        out = _std(x, *_dim_args(dim, keepdim, axis, keepdims), unbiased, correction)
    return one_node(out, "StdBackward0", x, output=True)  # PyTorch's saves x and std


def _std(x, dim, keepdim, unbiased, correction):
    """√var(x); in float32 s·√var(x/s), s a power of two near max |x| (an exact division): PyTorch accumulates
    in float64, so its std of [1e20, -1e20, 0] is 1e20 where the float32 variance overflows (and of
    [1e-30, -1e-30, 0] 1e-30 where it underflows)."""
    if x.dtype != np.float32:
        return _sqrt_with_zero_subgradient(var(x, dim, unbiased, keepdim, correction=correction))
    peak = np.max(np.abs(x._data), axis=normalize_dims(dim, x.ndim), keepdims=True, initial=0)
    exponent = np.where((peak > 0) & np.isfinite(peak), np.frexp(peak)[1] - 1, 0)  # (x/s in [1, 2): 2^128 is inf)
    scale = Tensor(np.ldexp(1.0, exponent).astype(np.float32))
    out = _sqrt_with_zero_subgradient(var(x / scale, dim, unbiased, True, correction=correction)) * scale
    return out if keepdim else _drop_dims(out, dim)


def amax(x, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """max of x over `dim`; the gradient is shared equally among tied maxima (NaN for a maximum
    that is NaN, as in PyTorch)."""
    require_tensor(x, "amax")
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    return _amax(x, dim, keepdim, others=None, op="amax")


def amin(x, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """min of x over `dim` = −max(−x) for floats (exact; tied minima share the gradient); integers and
    bools directly, since −x wraps (the smallest int8, unsigned ints) or is refused (bools)."""
    require_tensor(x, "amin")
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    if x.dtype.kind not in "fc":
        return _exact_min(x, dim, keepdim, "amin")
    return one_node(-_amax(-x, dim, keepdim, others=None, op="amin"), "AminBackward0", x, output=True)


def _exact_min(x, dim, keepdim, op):
    """The minimum of an integer or bool tensor (no gradient): NumPy's, with the reduction's checks (naming op)."""
    dims = normalize_dims(dim, x.ndim)
    _nonempty_reduction(x, dims, op)
    return Tensor(np.min(x._data, axis=dims, keepdims=keepdim))


def _amax(x, dim, keepdim, others, op):
    """The maximum over dim by the Max primitive, refused over no elements or for complex x (naming op)."""
    refuse_complex(x, op)
    dims = normalize_dims(dim, x.ndim)
    _nonempty_reduction(x, dims, op)
    return Max.apply(x, axis=dims, keepdims=keepdim, others=others)


def argmax(x, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """Index of the maximum (of the flattened tensor when dim is None); int64, no gradient."""
    require_tensor(x, "argmax")
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    dim = None if dim is None else canonical_dim(dim, x.ndim, "argmax")
    refuse_complex(x, "argmax", RuntimeError)
    if x.dtype == np.bool_:
        raise RuntimeError("argmax(): does not support bool input")
    _nonempty_reduction(x, None if dim is None or not x.ndim else (dim,), "argmax")
    return Tensor(np.argmax(x._data, axis=dim if x.ndim else None, keepdims=keepdim).astype(np.int64))


def argmin(x, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """Index of the minimum; int64, no gradient."""
    require_tensor(x, "argmin")
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    dim = None if dim is None else canonical_dim(dim, x.ndim, "argmin")
    refuse_complex(x, "argmin", RuntimeError)
    if x.dtype == np.bool_:
        raise RuntimeError("argmin(): does not support bool input")
    _nonempty_reduction(x, None if dim is None or not x.ndim else (dim,), "argmin")
    return Tensor(np.argmin(x._data, axis=dim if x.ndim else None, keepdims=keepdim).astype(np.int64))


def max(x, dim_or_other=None, /, keepdim=None, *, dim=None, other=None, axis=None, keepdims=None):
    """With no dim: the largest element. With dim: (values, indices) along it, as in PyTorch
    (the gradient goes to the one element each index names). With a tensor: maximum(x, other)."""
    require_tensor(x, "max")
    if _is_other(dim_or_other, keepdim, other):
        return maximum(x, dim_or_other if other is None else other)
    dim, keepdim = _dim_args(dim_or_other if dim is None else dim, keepdim, axis, keepdims)
    if dim is None:
        return _amax(x, None, False, others=0.0, op="max")  # PyTorch's max(): NaN elements share the gradient
    refuse_complex(x, "max", RuntimeError)
    _nonempty_reduction(x, (canonical_dim(dim, x.ndim, "max"),) if x.ndim else None, "max")
    return _selected(x, argmax, dim, keepdim, return_types.max)


def min(x, dim_or_other=None, /, keepdim=None, *, dim=None, other=None, axis=None, keepdims=None):
    """With no dim: the smallest element. With dim: (values, indices) along it. With a tensor: minimum."""
    require_tensor(x, "min")
    if _is_other(dim_or_other, keepdim, other):
        return minimum(x, dim_or_other if other is None else other)
    dim, keepdim = _dim_args(dim_or_other if dim is None else dim, keepdim, axis, keepdims)
    if dim is None and x.dtype.kind not in "fc":
        return _exact_min(x, None, False, "min")
    if dim is None:
        return one_node(-_amax(-x, None, False, others=-0.0, op="min"), "MinBackward1", x, output=True)
    refuse_complex(x, "min", RuntimeError)
    _nonempty_reduction(x, (canonical_dim(dim, x.ndim, "min"),) if x.ndim else None, "min")
    return _selected(x, argmin, dim, keepdim, return_types.min)


def _is_other(dim_or_other, keepdim, other):
    """PyTorch's choice of overload: max(x, y) and max(x, other=y) are elementwise; a 0-d integer tensor given as
    dim=, or followed by keepdim, is a dim (max(x, torch.tensor(1), True))."""
    return other is not None or isinstance(dim_or_other, Tensor) and keepdim is None


def _selected(x, pick, dim, keepdim, result):
    """(values, indices), as the named tuple `result`, of the elements that `pick` (argmax or argmin) chooses
    along dim."""
    if x.ndim == 0:
        return result(x.clone(), Tensor(np.zeros((), dtype=np.int64)))
    indices = pick(to(x, np.uint8) if x.dtype == np.bool_ else x, dim, keepdim=True)  # (argmax refuses bools)
    values = gather(x, dim, indices)
    if not keepdim:
        values, indices = composed(_drop_dims(values, dim), result.__name__, x), _drop_dims(indices, dim)
    return result(values, indices)


def _finite_shift(x, dim):
    """The largest finite element over dim, as a constant (0 where there is none, and for an empty tensor), so
    that x − shift stays defined and exp(x − shift) overflows nowhere but at +inf itself."""
    finite = np.where(np.isfinite(x._data), x._data, -np.inf)
    shift = np.max(finite, axis=normalize_dims(dim, x.ndim), keepdims=True, initial=-np.inf)
    return Tensor(np.where(np.isfinite(shift), shift, 0).astype(x.dtype, copy=False))


def logsumexp(x, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """ln Σ exp(x) computed as m + ln Σ exp(x − m) with m = max x, so nothing overflows. Its gradient is
    PyTorch's rule exp(x − out), with the rounded result out (so two tied maxima of 1e8 in float32, where out rounds
    to 1e8, get 1 each, as in PyTorch, not the softmax's 0.5); its second derivative is the exact one."""
    require_tensor(x, "logsumexp")
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    if dim is None:
        raise TypeError("logsumexp(): argument 'dim' must be an int or a tuple of ints, not None")
    floats = x if x.dtype.kind in "fc" else to(x, np.float32)
    if floats.numel() == 0:  # −inf (a sum of no terms: log 0) or nothing: an empty gradient, its derivative 0 (in
        out = sum(floats * floats, dim, keepdim=True) - np.inf  # x too, an empty tensor, as PyTorch's: x · x reads x)
    else:
        shift = _finite_shift(floats, dim)
        out = log(sum(exp(floats - shift), dim, keepdim=True)) + shift
        if out.requires_grad:
            out = _with_pytorch_gradient(floats, out, dim)
    return one_node(out if keepdim else _drop_dims(out, dim), "LogsumexpBackward0", x, output=True)


def _with_pytorch_gradient(x, out, dim):
    """out (= logsumexp(x), kept dims) unchanged, its gradient made PyTorch's exp(x − out): with s = Σ exp(x − out)
    and a bar for a constant (detached) copy,

        out̄ + (s − s̄) + s̄·(out − out̄)     has the value out̄ and the gradient exp(x − out) − s·∇out + s̄·∇out,

    exactly exp(x − out) (s = s̄), while its derivative stays out's true second derivative. Rows whose out is
    ±inf or NaN keep out's own gradient (NaN or 0 where PyTorch's is), their x replaced by 0 in the rule."""
    finite = np.isfinite(out.detach().numpy())
    x, out_in_rule = where(finite, x, 0.0), where(finite, out, 0.0)
    total = sum(exp(x - out_in_rule), dim, keepdim=True)
    constant, total_constant = out_in_rule.detach(), total.detach()
    rule = constant + (total - total_constant) + total_constant * (out_in_rule - constant)
    return where(finite, rule, out)


def _drop_dims(x, dim):
    dims = normalize_dims(dim, x.ndim)
    shape = () if dims is None else tuple(n for i, n in enumerate(x.shape) if i not in dims)
    return x.reshape(shape)


def softmax(x, dim=-1, dtype=None, *, axis=None):
    """softmax(x)ᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m), m = max x (the shift leaves the value unchanged);
    x is converted to `dtype` first, if given."""
    require_tensor(x, "softmax")
    dim = canonical_dim(dim if axis is None else axis, x.ndim, "softmax")
    x = contiguous(x if dtype is None else to(x, dtype))  # (row-major, so the result is, as PyTorch's)
    _floating_only(x, "softmax")
    if x.dtype == np.float16:  # (saving the float16 result, as PyTorch's, for its in-place refusal)
        return one_node(in_float32(softmax)(x, dim), "SoftmaxBackward0", output=True)
    shift = np.max(x._data, axis=dim if x.ndim else None, keepdims=True, initial=-np.inf)  # an inf or NaN gives NaN, as in PyTorch
    shift = Tensor(shift.astype(x.dtype, copy=False))
    shift.name = shift_name(dim)  # the explorer shows the constant by this name
    with module_scope("softmax"):  # drawn as one box that opens on its ops, each named (autograd/scope.py)
        e = name_output(exp(name_output(x - shift, SHIFTED)), EXPONENTIALS)
        return composed(e / name_output(sum(e, dim, keepdim=True), TOTAL), "softmax", x)


def log_softmax(x, dim=-1, dtype=None, *, axis=None):
    """log softmax(x) = x − logsumexp(x): finite even for logits of ±1e5 (x converted to `dtype` first, if given)."""
    require_tensor(x, "log_softmax")
    dim = canonical_dim(dim if axis is None else axis, x.ndim, "log_softmax")
    x = contiguous(x if dtype is None else to(x, dtype))  # (row-major, so the result is, as PyTorch's)
    _floating_only(x, "log_softmax")
    out = in_float32(_log_softmax)(x, dim, x.dtype == np.float16 and dim == x.ndim - 1)
    if x.dtype == np.float16:  # (saving the float16 result, as PyTorch's, for its in-place refusal)
        return one_node(out, "LogSoftmaxBackward0", output=True)
    return out


def _log_softmax(x, dim, half_total):
    """x − m − ln Σ exp(x − m); with half_total, Σ and its log rounded to float16, as PyTorch's float16 kernel over
    the last dim keeps them (in float32 otherwise, rounding only the result)."""
    shift = np.max(x._data, axis=dim if x.ndim else None, keepdims=True, initial=-np.inf)
    shift = np.where(shift == -np.inf, 0, shift).astype(x.dtype, copy=False)  # +inf or NaN: all NaN, as in PyTorch
    shift = Tensor(shift)
    shift.name = shift_name(dim)  # the explorer shows the constant by this name (autograd/viz/row_check.py)
    with module_scope("log_softmax"):  # drawn as one box that opens on its ops, each named (autograd/scope.py)
        shifted = name_output(x - shift, SHIFTED)  # x − m − ln Σ exp(x − m): the shift m cancels
        total = name_output(_half(sum(name_output(exp(shifted), EXPONENTIALS), dim, keepdim=True), half_total), TOTAL)
        return composed(shifted - name_output(_half(log(total), half_total), "ln " + TOTAL), "log_softmax", x)


def _half(t, rounded):
    """t rounded to float16 (and back to its dtype) when `rounded`, else t itself."""
    return to(to(t, np.float16), t.dtype) if rounded else t


# What the explorer calls the pieces of softmax and log_softmax (m, the max, is shift_name's constant).
SHIFTED, EXPONENTIALS, TOTAL = "x − max", "exp(x − max)", "Σ exp(x − max)"


def shift_name(dim):
    """The name of log_softmax's constant shift m, the max of x along `dim`: 'max over dim 1'."""
    return f"max over dim {dim}"


def norm(x, p="fro", dim=None, keepdim=False, dtype=None, *, axis=None, keepdims=None):
    """‖x‖_p = (Σ |x|ᵖ)^(1/p); p=2 (or 'fro', the default) is the Euclidean norm, p=inf the max |x|, p=-inf the
    min |x|, p=0 the number of non-zero elements, p='nuc' the nuclear norm of a matrix (Σ of its singular
    values). x is converted to `dtype` first, if given (a float or complex dtype x converts to without
    narrowing); the norm of a complex x is the norm of |x|, real. For p < 1 the gradient at an x of 0 is 0
    (p|x|^(p−1) is ∞ there), as PyTorch's. One node that saves x and the norm, as PyTorch's. The 2-norm's
    gradient at x = 0 is 0, as PyTorch's; its second derivative there (create_graph) is 0 here and NaN in
    PyTorch, whose masked formula divides by the zero norm (the Hessian is unbounded at 0: a known difference).

    The 2-norm is computed as s·√Σ (x/s)² with s = max |x|, which cannot overflow or underflow: where PyTorch's
    float32 norm of [1e30, 1e30] overflows to inf, this one gives 1.4142e30, and where PyTorch's norm of
    [1e-30, 1e-30] underflows to 0, this one gives 1.4142e-30 (a deliberate difference)."""
    require_tensor(x, "norm")
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    p = python_number(number_argument(p, "norm", "p"))  # (a 0-d tensor that does not require grad, or a NumPy
    # scalar, is its number, as PyTorch's)
    _floating_only(x, "norm")
    if dtype is not None:
        x = to(x, _norm_dtype(x, dtype))
    if x.dtype.kind == "c":
        return norm(abs(x), p, dim, keepdim)
    return one_node(_norm(x, p, dim, keepdim), "LinalgVectorNormBackward0", x, output=True)


def _norm(x, p, dim, keepdim):
    if x.dtype == np.float16:
        return in_float32(_norm)(x, p, dim, keepdim)
    if p == "nuc":
        return _nuclear_norm(x, dim, keepdim)
    if p == "fro":
        p = 2
    if not isinstance(p, (int, float)) or isinstance(p, bool):
        raise RuntimeError(f"norm: p must be a number, 'fro' or 'nuc', got {p!r}")
    if p in (float("inf"), -float("inf")):
        return _norm_inf(x, dim, keepdim, largest=p > 0)
    if p == 0:  # requires grad, but passes no gradient back, as PyTorch's
        return CountNonzero.apply(x, axis=normalize_dims(dim, x.ndim), keepdims=keepdim)
    if p == 1:
        return sum(abs(x), dim, keepdim)
    if p == 2:
        scale = np.max(np.abs(x._data), axis=normalize_dims(dim, x.ndim), keepdims=True, initial=0)
        scale = Tensor(np.where((scale > 0) & np.isfinite(scale), scale, 1).astype(x.dtype, copy=False))
        scaled = x / scale
        out = _sqrt_with_zero_subgradient(sum(scaled * scaled, dim, keepdim=True)) * scale
        return out if keepdim else _drop_dims(out, dim)
    if p < 0:
        _nonempty_reduction(x, normalize_dims(dim, x.ndim), "norm")  # Σ |x|ᵖ over nothing has no inverse
    return _sqrt_with_zero_subgradient(sum(_power_of_magnitude(x, p), dim, keepdim), p)


def _norm_dtype(x, dtype):
    """dtype= of norm: a float or complex dtype that x's converts to without narrowing (PyTorch's check)."""
    dtype = np.dtype(dtype_argument(dtype))
    if dtype.kind not in "fc":
        raise RuntimeError(f"linalg.vector_norm: dtype should be floating point or complex, but got {dtype}")
    if (dtype.kind == "c") != (x.dtype.kind == "c"):
        raise RuntimeError(f"linalg.vector_norm: dtype should be {'complex' if x.dtype.kind == 'c' else 'real'} for "
                           f"{'complex' if x.dtype.kind == 'c' else 'real'} inputs, but got {dtype}")
    if promote_types(x.dtype, dtype) != dtype:
        raise RuntimeError(f"linalg.vector_norm: the dtype of the input ({x.dtype}) should be convertible "
                           f"without narrowing to the specified dtype ({dtype})")
    return dtype


def _power_of_magnitude(x, p):
    """|x|ᵖ, with gradient 0 where x = 0 for p < 1 (where p|x|^(p−1) would be ∞, and ∞·0 NaN): the inner
    `where` keeps the power's derivative away from 0, the outer one puts back 0ᵖ (0, or ∞ for p < 0)."""
    magnitude = abs(x)
    if p >= 1:
        return magnitude ** p
    zero = magnitude._data == 0
    return where(zero, 0.0 if p > 0 else np.inf, where(zero, 1.0, magnitude) ** p)


def _nuclear_norm(x, dim, keepdim):
    """Σ σᵢ, the singular values of the matrices over `dim` (two dims; the last two when dim is None, which
    needs a 2-D x, as PyTorch's): σᵢ = √λᵢ, λ the eigenvalues of AᵀA (eigvalsh), with gradient 0 at σ = 0.
    So at a rank-deficient matrix the gradient is Σ over the non-zero σᵢ of uᵢvᵢᵀ, one subgradient; PyTorch's
    U Vᵀ adds terms for the zero σᵢ, with the singular vectors its SVD happens to pick."""
    from .decompositions import eigvalsh
    if dim is None and x.ndim != 2 or dim is not None and len(normalize_dims(dim, x.ndim) or ()) != 2:
        raise RuntimeError(f"linalg.matrix_norm: the nuclear norm needs a 2-D input or two dims, got an input of "
                           f"{x.ndim} dimension(s) and dim={dim}")
    rows, cols = (0, 1) if dim is None else [canonical_dim(d, x.ndim, "norm") for d in dim]
    matrices = x.movedim((rows, cols), (-2, -1))
    gram = matrices.transpose(-2, -1) @ matrices if x.shape[cols] <= x.shape[rows] else (
        matrices @ matrices.transpose(-2, -1))
    eigenvalues = eigvalsh(gram)
    singular = _sqrt_with_zero_subgradient(where(eigenvalues._data < 0, 0.0, eigenvalues))
    out = sum(singular, -1)
    if keepdim:
        for d in sorted((rows % x.ndim, cols % x.ndim)):
            out = out.unsqueeze(d)
    return out


def _norm_inf(x, dim, keepdim, largest):
    """max |x| (p=inf) or min |x| (p=-inf) over `dim`, NaN on a line that holds a NaN. The gradient is
    PyTorch's: g·sign(x) shared among the positions that hold the extreme, and 0 on a line with a NaN
    (amax's rule would make it all NaN): the NaNs are set aside before the max, and put back after it."""
    dims = normalize_dims(dim, x.ndim)
    _nonempty_reduction(x, dims, "norm")
    nan = np.isnan(x._data)
    magnitude = abs(where(nan, 0.0 if largest else np.inf, x))
    extreme = amax(magnitude, dim, keepdim) if largest else amin(magnitude, dim, keepdim)
    return where(np.any(nan, axis=dims, keepdims=keepdim), np.nan, extreme)


def all(x, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """Whether every element (along `dim`) is nonzero, as a bool tensor (no gradient); uint8 for a uint8 x,
    and dim=() reduces nothing (each element's truth), as in PyTorch (sum and the others reduce all)."""
    require_tensor(x, "all")
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    axis = () if isinstance(dim, (tuple, list)) and not dim else normalize_dims(dim, x.ndim)  # dim=(): none
    result = np.asarray(np.all(x._data, axis=axis, keepdims=keepdim), order="C")  # (row-major, as PyTorch's)
    return Tensor(result.astype(np.uint8) if x.dtype == np.uint8 else result)


def any(x, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """Whether some element (along `dim`) is nonzero, as a bool tensor (no gradient); uint8 for a uint8 x,
    and dim=() reduces nothing, as in PyTorch."""
    require_tensor(x, "any")
    dim, keepdim = _dim_args(dim, keepdim, axis, keepdims)
    axis = () if isinstance(dim, (tuple, list)) and not dim else normalize_dims(dim, x.ndim)  # dim=(): none
    result = np.asarray(np.any(x._data, axis=axis, keepdims=keepdim), order="C")  # (row-major, as PyTorch's)
    return Tensor(result.astype(np.uint8) if x.dtype == np.uint8 else result)


def equal(a, b):
    """True when a and b have the same shape and the same values (PyTorch's torch.equal; NaN is unequal)."""
    require_tensor(a, "equal")
    require_tensor(b, "equal", "other", 2)
    return a.shape == b.shape and bool(np.array_equal(a._data, b._data))
