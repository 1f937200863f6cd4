"""Functions that make new tensors: from data, constant, ranges and random.

Each takes PyTorch's keywords: `dtype`, `requires_grad`, and `device`, which must be the CPU
(see autograd.device); a shape is given as `zeros(2, 3)`, `zeros((2, 3))` or `zeros(size=(2, 3))`.
"""
import math

import numpy as np

from .pytorch.devices import check_device
from .pytorch.checks import count, integer, size_tuple
from .random import default_generator
from .pytorch.conversion import DEFAULT_FLOAT, as_array, check_fits, python_number
from .functional.arithmetic import dtype_checked, require_tensor
from .tensor import Tensor


def _size(size, size_keyword=None, name="zeros"):
    """The shape from zeros(2, 3), zeros((2, 3)) or zeros(size=(2, 3)) as a tuple of ints; bool, float
    and negative sizes are refused (checks.size_tuple). `size_keyword`: the keyword arguments left over,
    where only `size` may be."""
    for key in size_keyword or {}:
        if key != "size":
            raise TypeError(f"{name}() got an unexpected keyword argument {key!r}")
    if size_keyword:
        if size:
            raise TypeError(f"{name}(): give the size either as positional arguments or as size=, not both")
        size = (size_keyword["size"],)
    if not size:  # zeros() (a 0-d tensor is zeros(()) or zeros([]))
        raise TypeError(f'{name}() missing 1 required positional arguments: "size"')
    return size_tuple(size, name)


def _number(value, op, name):
    """A fill value or range bound: a number (or a one-element tensor), nothing else; a NumPy scalar is read
    as the Python number it holds (python_number), as PyTorch reads it: full((2,), np.int8(100)) is int64."""
    if isinstance(value, Tensor):
        value = value.item()
    if not isinstance(value, (int, float, complex, np.number, np.bool_)):
        raise TypeError(f"{op}(): argument '{name}' must be a number, not {type(value).__name__}")
    return python_number(value)


def _new(array, dtype, device, requires_grad):
    check_device(device)
    return Tensor(array if dtype is None else array.astype(dtype, copy=False), requires_grad=requires_grad)


@dtype_checked
def tensor(data, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """A new leaf tensor from a number, a (nested) list or a NumPy array (copied). glassgrad does not
    differentiate complex tensors: a complex one that requires grad is refused (Tensor._set_requires_grad)."""
    check_device(device)
    if dtype is not None and isinstance(data, (int, float, complex)):  # stored as a list's item is (an int beyond
        return Tensor(as_array([data], dtype).reshape(()), requires_grad=requires_grad)  # int64: ValueError)
    return Tensor(np.array(as_array(data, dtype)), requires_grad=requires_grad)


@dtype_checked
def as_tensor(data, dtype=None, device=None):
    """`data` as a tensor, sharing memory where it can: a Tensor of the same dtype is returned
    itself, a NumPy array of the same dtype is wrapped without a copy; anything else is converted."""
    check_device(device)
    if isinstance(data, Tensor):
        return data if dtype is None or np.dtype(dtype) == data.dtype else data.to(dtype)
    return Tensor(as_array(data, dtype))


@dtype_checked
def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=None):
    """`obj` as a tensor, as PyTorch's asarray: a Tensor or NumPy array shares its memory unless `copy=True`
    or a conversion to `dtype` is needed (a Tensor is returned itself); `copy=False` where sharing is
    impossible (another dtype, a list, a number) is a ValueError. Anything else is read as torch.tensor reads
    it (a list of floats gives float32). requires_grad=None, PyTorch 2.13's default, keeps a tensor's own
    (and is False otherwise); True or False sets it, on the tensor itself when that is returned (a
    non-leaf's alias is detached instead, as PyTorch's). PyTorch also warns when a tensor that requires grad
    is given without requires_grad; glassgrad does not."""
    check_device(device)
    if isinstance(obj, Tensor):
        return _tensor_as_array(obj, dtype, copy, requires_grad)
    if isinstance(obj, np.ndarray):
        wanted = obj.dtype if dtype is None else np.dtype(dtype)
        if copy is False and wanted != obj.dtype:
            raise _cannot_alias(obj.dtype, wanted)
        array = as_array(obj, None if wanted == obj.dtype else wanted)
        result = Tensor(array.copy() if copy and array is obj else array)
    else:
        if copy is False and isinstance(obj, np.generic):
            raise RuntimeError("can't alias NumPy scalars. Either remove copy=False or transform it in a ndarray. ")
        if copy is False:
            raise ValueError("can't alias arbitrary sequence into a tensor.")
        result = tensor(obj, dtype=dtype)
    return result.requires_grad_(True) if requires_grad else result


def _cannot_alias(have, wanted):
    from .functional.special_functions import TORCH_DTYPE_NAMES
    return ValueError(f"can't alias tensor with dtype '{TORCH_DTYPE_NAMES[have.name]}' into dtype "
                      f"'{TORCH_DTYPE_NAMES[np.dtype(wanted).name]}'.")


def _tensor_as_array(obj, dtype, copy, requires_grad):
    """asarray of a Tensor: itself (requires_grad set on it), or a recorded copy or conversion."""
    if dtype is not None and np.dtype(dtype) != obj.dtype:
        if copy is False:
            raise _cannot_alias(obj.dtype, dtype)
        result = obj.to(dtype)
    elif copy:
        result = obj.clone()
    elif requires_grad is None or requires_grad == obj.requires_grad:
        return obj
    elif requires_grad or obj.is_leaf:
        return obj.requires_grad_(requires_grad)
    else:
        return obj.detach()
    if requires_grad is False:
        return result.detach()
    return result.requires_grad_(True) if requires_grad and not result.requires_grad else result


def from_numpy(array):
    """A tensor sharing `array`'s memory (writing into one changes the other), keeping its dtype."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(array).__name__})")
    return Tensor(array)


@dtype_checked
def zeros(*size, dtype=None, device=None, requires_grad=False, **size_keyword):
    return _new(np.zeros(_size(size, size_keyword, "zeros"), dtype or DEFAULT_FLOAT), None, device,
                requires_grad)


@dtype_checked
def ones(*size, dtype=None, device=None, requires_grad=False, **size_keyword):
    return _new(np.ones(_size(size, size_keyword, "ones"), dtype or DEFAULT_FLOAT), None, device, requires_grad)


@dtype_checked
def empty(*size, dtype=None, device=None, requires_grad=False, memory_format=None, **size_keyword):
    """A tensor of `size` whose values are to be overwritten: PyTorch leaves them uninitialised, glassgrad zeros."""
    return zeros(*size, dtype=dtype, device=device, requires_grad=requires_grad, **size_keyword)


@dtype_checked
def full(size, fill_value, *, dtype=None, device=None, requires_grad=False):
    """A tensor of `size` (a tuple or list) filled with fill_value (dtype from fill_value: int64, float32 or bool)."""
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"full(): argument 'size' must be a tuple of ints, not {type(size).__name__}")
    fill_value = _number(fill_value, "full", "fill_value")  # (a NumPy bool is a float to PyTorch: float32 ones)
    if dtype is None and type(fill_value) is int and not -2**63 <= fill_value < 2**63:
        raise RuntimeError("value cannot be converted to type int64 without overflow")  # PyTorch's error
    value = as_array(fill_value, dtype)  # a value that does not fit dtype (256 in uint8) is refused, as in PyTorch
    return _new(np.full(_size((size,), name="full"), value, dtype=value.dtype), dtype, device, requires_grad)


@dtype_checked
def zeros_like(x, *, dtype=None, device=None, requires_grad=False):
    require_tensor(x, "zeros_like")
    return _new(np.zeros(x.shape, dtype=x.dtype), dtype, device, requires_grad)


@dtype_checked
def empty_like(x, *, dtype=None, device=None, requires_grad=False, memory_format=None):
    """empty() of x's shape and (unless `dtype` is given) dtype: zeros here."""
    require_tensor(x, "empty_like")
    return zeros_like(x, dtype=dtype, device=device, requires_grad=requires_grad)


@dtype_checked
def ones_like(x, *, dtype=None, device=None, requires_grad=False):
    require_tensor(x, "ones_like")
    return _new(np.ones(x.shape, dtype=x.dtype), dtype, device, requires_grad)


@dtype_checked
def full_like(x, fill_value, *, dtype=None, device=None, requires_grad=False):
    """A tensor of x's shape filled with fill_value, which must fit the dtype (x's unless given), as full's."""
    require_tensor(x, "full_like")
    value = as_array(_number(fill_value, "full_like", "fill_value"), x.dtype if dtype is None else dtype)
    return _new(np.full(x.shape, value, dtype=value.dtype), None, device, requires_grad)


@dtype_checked
def eye(n, m=None, *, dtype=None, device=None, requires_grad=False):
    n = count(n, "eye", "n")
    m = n if m is None else count(m, "eye", "m")
    return _new(np.eye(n, m, dtype=dtype or DEFAULT_FLOAT), None, device, requires_grad)


def _range_dtype(dtype, name):
    """arange and linspace make no bool tensor (and arange no complex one), as PyTorch."""
    if dtype is not None and np.dtype(dtype).kind in ("b" if name == "linspace" else "bc"):
        raise NotImplementedError(f'"{name}_cpu" not implemented for {np.dtype(dtype).name}')
    return dtype


@dtype_checked
def arange(start=None, end=None, step=1, *, dtype=None, device=None, requires_grad=False):
    """Values from start (0 by default) up to, not including, end: int64 for integer arguments, float32
    otherwise; ceil((end − start)/step) of them, the end truncated first for int64 only (arange(5.5) in
    int64 has 5 values, in int32 6), as PyTorch's. Integers are exact (2**62 + 1 too) and wrap into a
    narrow dtype, as PyTorch's; float values
    are start + i * step computed in float64 and rounded to the dtype once (float16's own arithmetic
    drifts: 0.2998 for 0.3). PyTorch's kernel fuses the multiply-add, so its values can differ by a unit in the
    last place, and near 0 by a unit of step's: arange(-1, 3, 0.1)[10] is 0 here, 5.6e-17 in float64 there."""
    if end is None:
        start, end = 0, start
    elif start is None:  # arange(end=3)
        start = 0
    start, end, step = (_number(v, "arange", name) for v, name in ((start, "start"), (end, "end"), (step, "step")))
    for value in (start, end, step):
        if isinstance(value, (complex, np.complexfloating)):
            raise RuntimeError(f"arange(): start, end and step must be real numbers, got {value}")
        if isinstance(value, int) and not -2**63 <= value < 2**63:
            raise OverflowError(f"arange(): {value} is too big to convert to int64")
    if not all(np.isfinite([start, end])):
        raise RuntimeError(f"arange(): unsupported range: {start} -> {end}")
    if step == 0 or np.isnan(step):
        raise RuntimeError("arange(): step must be nonzero")
    if _range_dtype(dtype, "arange") is None:  # (refuses bool before the bounds are checked, as PyTorch)
        is_int = all(isinstance(v, (int, np.integer)) for v in (start, end, step))
        dtype = np.int64 if is_int else DEFAULT_FLOAT
    if (end - start) * step < 0:
        raise RuntimeError(f"arange(): upper bound and lower bound inconsistent with step sign (start={start}, end={end}, step={step})")
    if np.dtype(dtype).kind in "iu" and abs(step) < 1:  # (PyTorch's error type: its step truncates to 0)
        raise ValueError(f"arange(): step must be nonzero, and step={step} truncates to 0 for dtype {np.dtype(dtype)}")
    try:
        values = _arange_values(start, end, step, np.dtype(dtype))
    except (MemoryError, ValueError) as error:  # (NumPy's refusal of a length beyond memory: PyTorch's error type)
        raise RuntimeError(f"arange(): cannot allocate the values from {start} to {end} by {step}: {error}") from None
    return _new(values, None, device, requires_grad)


def _arange_values(start, end, step, dtype):
    """arange's values as a NumPy array of `dtype` (see arange)."""
    if dtype.kind in "iu":
        if np.isinf(step):
            raise RuntimeError(f"value cannot be converted to type {dtype.name} without overflow")
        if start != int(start) or step != int(step):
            raise RuntimeError(f"arange(): start={start} and step={step} must be whole numbers for dtype "
                               f"{dtype.name} (PyTorch truncates them to integers)")
        if dtype == np.int64:
            end = int(end)  # PyTorch truncates a fractional end for int64 only; narrower dtypes count as floats
        exact = all(isinstance(v, (int, np.integer)) for v in (start, end, step))
        count = max(0, int(-((start - end) // step) if exact else np.ceil((end - start) / step)))
        values = int(start) + np.arange(count, dtype=np.int64) * int(step)
    else:  # (an infinite step gives ceil((end − start) / ±inf) = 0 values, as PyTorch; NumPy gives start)
        count = max(0, int(np.ceil((end - start) / step))) if np.isfinite(step) else 0
        values = start + np.arange(count, dtype=np.float64) * step  # (NumPy's arange steps by (start + step) − start)
    return values.astype(dtype)


@dtype_checked
def linspace(start, end, steps, *, dtype=None, device=None, requires_grad=False):
    """`steps` values evenly spaced from start to end, both included, as PyTorch computes them (see _spaced):
    complex and integer values in float64 (complex128), then converted to the dtype.
    The bounds must fit the dtype; for an integer dtype they are truncated to integers first, as PyTorch."""
    steps = count(steps, "linspace", "steps")
    start, end = _number(start, "linspace", "start"), _number(end, "linspace", "end")
    is_complex = any(isinstance(v, (complex, np.complexfloating)) for v in (start, end))
    dtype = np.dtype(_range_dtype(dtype, "linspace") or (np.complex64 if is_complex else DEFAULT_FLOAT))
    for value in (start, end)[:steps]:  # (PyTorch checks only the bounds it uses: none for 0 values, start for 1)
        check_fits(value, dtype)
    if steps <= 1:
        return _new(np.full(steps, start).astype(dtype), None, device, requires_grad)
    if dtype.kind in "iu":
        start, end = int(start), int(end)
    if not np.isfinite([start, end]).all():  # (PyTorch's step is then NaN, and every value but a lone start)
        return _new(np.full(steps, start if steps == 1 else np.nan, dtype), None, device, requires_grad)
    values = _spaced(start, end, steps, dtype) if dtype.kind == "f" else np.linspace(start, end, steps).astype(dtype)
    return _new(values, None, device, requires_grad)


def _spaced(start, end, steps, dtype):
    """PyTorch's linspace to the last bit, in the dtype's arithmetic: step = (end − start)/(steps − 1), the first
    half start + i·step and the rest end − (steps − 1 − i)·step, each one fused multiply-add (done in a wider
    type and rounded once; float16 rounds every operation, as PyTorch's Half). (float64's fused step is done in
    NumPy's longdouble, not wide enough to be exact: one value in a thousand may differ in the last place.)"""
    start, end = dtype.type(start), dtype.type(end)
    if steps == 1:
        return np.array([start])
    step = (end - start) / dtype.type(steps - 1)
    i = np.arange(steps)
    wide = dtype.type if dtype == np.float16 else np.longdouble if dtype == np.float64 else np.float64
    from_start = wide(start) + wide(step) * i.astype(wide)
    from_end = wide(end) - wide(step) * (steps - 1 - i).astype(wide)
    return np.where(i < steps // 2, from_start, from_end).astype(dtype)


@dtype_checked
def logspace(start, end, steps, base=10.0, *, dtype=None, device=None, requires_grad=False):
    """base ** v for `steps` exponents v evenly spaced from start to end, both included, as PyTorch's kernel
    computes them: the bounds rounded to the dtype, their difference taken in the dtype, the step and the
    exponents (start + i·step for the first half, end − (steps − 1 − i)·step for the rest) and the power in
    float64, then rounded to the dtype (truncated for an integer dtype, whose bounds are truncated first;
    float16 through float32, as PyTorch's Half). steps = 1 gives base ** start, start as given (the power must
    fit an integer dtype, the bounds need not); steps = 0 checks nothing. Float32 by default; complex and bool
    dtypes are not supported."""
    steps = count(steps, "logspace", "steps")
    start, end = _number(start, "logspace", "start"), _number(end, "logspace", "end")
    base = float(_number(base, "logspace", "base"))
    dtype = np.dtype(dtype or DEFAULT_FLOAT)
    if dtype.kind in "bc" or any(isinstance(v, (complex, np.complexfloating)) for v in (start, end)):
        raise NotImplementedError(f"logspace of dtype {dtype.name} (or of complex bounds) is not supported by "
                                  "glassgrad")
    for value in (start, end)[:0 if steps < 2 else 2]:
        check_fits(value, dtype)
    if steps <= 1:  # (PyTorch fills base ** start, start not rounded, the power checked: 10 ** 2.5 is no int8)
        exponents = np.full(steps, float(start))
        if steps and dtype.kind in "iu":  # (a float dtype takes the power as it rounds: 1e6 is float16's inf)
            check_fits(_c_pow(base, float(start)), dtype)
    else:
        first, last = (dtype.type(start), dtype.type(end)) if dtype.kind == "f" else (int(start), int(end))
        with np.errstate(all="ignore"):
            step = float(last - first) / (steps - 1)
            i = np.arange(steps)
            exponents = np.where(i < steps // 2, float(first) + step * i, float(last) - step * (steps - 1 - i))
    powers = np.array([_c_pow(base, exponent) for exponent in exponents], dtype=np.float64)
    if dtype.kind in "iu":
        powers = np.trunc(powers)
    elif dtype == np.float16:  # (PyTorch's Half is made from a float: rounded to float32 first)
        powers = powers.astype(np.float32)
    return _new(powers.astype(dtype), None, device, requires_grad)


def _c_pow(base, exponent):
    """base ** exponent as C's pow gives it (PyTorch's; NumPy's float64 power differs in the last bit now and
    then): Python's math.pow, with C's inf or NaN where math.pow raises instead."""
    try:
        return math.pow(base, exponent)
    except (OverflowError, ValueError):
        with np.errstate(all="ignore"):
            return np.power(base, exponent)


def _random_dtype(dtype, name):
    """The dtype of rand/randn's values: a float one (an integer or bool dtype is PyTorch's NotImplementedError)."""
    dtype = np.dtype(dtype or DEFAULT_FLOAT)
    if dtype.kind in "iub":
        raise NotImplementedError(f"{name}(): not implemented for dtype {dtype.name} (use a floating point dtype, "
                                  "or randint for integers)")
    return dtype


@dtype_checked
def rand(*size, generator=None, dtype=None, device=None, requires_grad=False, **size_keyword):
    """Uniform on [0, 1)."""
    rng = generator or default_generator()
    array = rng.random(_size(size, size_keyword, "rand")).astype(_random_dtype(dtype, "rand"))
    return _new(array, None, device, requires_grad)


@dtype_checked
def randn(*size, generator=None, dtype=None, device=None, requires_grad=False, **size_keyword):
    """Standard normal N(0, 1)."""
    rng = generator or default_generator()
    array = rng.standard_normal(_size(size, size_keyword, "randn")).astype(_random_dtype(dtype, "randn"))
    return _new(array, None, device, requires_grad)


@dtype_checked
def randint(low, high=None, size=None, *, generator=None, dtype=None, device=None, requires_grad=False):
    """Integers uniform on [low, high): randint(high, size) or randint(low, high, size), int64."""
    if size is None and isinstance(high, (tuple, list)):
        low, high, size = 0, low, high
    if high is None or size is None:
        raise TypeError("randint() needs high and size: randint(high, size) or randint(low, high, size)")
    low, high = integer(low, "randint", "low"), integer(high, "randint", "high")
    if low >= high:
        raise RuntimeError(f"randint(): expects 'low' to be less than 'high', but got low={low} >= high={high}")
    rng = generator or default_generator()
    return _new(rng.integers(low, high, size=_size((size,), name="randint"), dtype=np.int64), dtype, device,
                requires_grad)


@dtype_checked
def randperm(n, *, generator=None, dtype=None, device=None, requires_grad=False):
    """A random permutation of 0..n-1 (int64)."""
    n = count(n, "randperm", "n")
    rng = generator or default_generator()
    return _new(rng.permutation(n).astype(np.int64), dtype, device, requires_grad)


@dtype_checked
def rand_like(x, *, generator=None, dtype=None, device=None, requires_grad=False):
    require_tensor(x, "rand_like")
    return rand(x.shape, generator=generator, dtype=dtype or x.dtype, device=device, requires_grad=requires_grad)


@dtype_checked
def randn_like(x, *, generator=None, dtype=None, device=None, requires_grad=False):
    require_tensor(x, "randn_like")
    return randn(x.shape, generator=generator, dtype=dtype or x.dtype, device=device, requires_grad=requires_grad)


@dtype_checked
def normal(mean=0.0, std=1.0, size=None, *, generator=None, dtype=None, device=None, requires_grad=False):
    """Samples of N(mean, std²), in PyTorch's call forms:

    normal(mean, std, size)          numbers mean and std, a tensor of `size` (float32)
    normal(mean_tensor, std_tensor)  one sample per element of the broadcast shape
    normal(mean_tensor, std=1.0)     or normal(mean=0.0, std=std_tensor)

    Computed as mean + std · N(0, 1); a std below zero is an error, as in PyTorch."""
    tensors = [t for t in (mean, std) if isinstance(t, Tensor)]
    if tensors and size is not None:
        raise TypeError("normal(): size= goes with a number mean and std; with tensors the shape is theirs")
    if not tensors and size is None:
        raise TypeError("normal(): with a number mean and std, give size= (e.g. normal(0, 1, size=(2, 3)))")
    if np.any(as_array(std) < 0):
        raise RuntimeError(f"normal expects std >= 0.0, but found std {np.min(as_array(std))}")
    if tensors:
        shape = np.broadcast_shapes(*(as_array(t).shape for t in (mean, std)))
        dtype = dtype or np.result_type(*(t.dtype for t in tensors))
    else:
        shape = _size((size,), name="normal")
    rng = generator or default_generator()
    array = as_array(mean) + as_array(std) * rng.standard_normal(shape)
    return _new(np.asarray(array).astype(dtype or DEFAULT_FLOAT), None, device, requires_grad)
