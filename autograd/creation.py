"""Functions that make new tensors: from data, constant, ranges and random."""
import numpy as np

from .functional.checks import count, integer, size_tuple
from .random import default_generator
from .functional.arithmetic import COMPLEX_GRAD
from .tensor import DEFAULT_FLOAT, Tensor, as_array


def _size(size, op="size"):
    """Accept both zeros(2, 3) and zeros((2, 3)); refuse bool, float and negative sizes (checks.size_tuple)."""
    return size_tuple(size, op)


def _number(value, op, name):
    """A fill value or range bound: a number (or a one-element tensor), nothing else."""
    if isinstance(value, Tensor):
        value = value.item()
    if not isinstance(value, (int, float, complex, np.number, np.bool_)):
        raise TypeError(f"{op}(): argument '{name}' must be a number, not {type(value).__name__}")
    return value


def tensor(data, dtype=None, requires_grad=False):
    """A new leaf tensor from a number, a (nested) list or a NumPy array (copied). glassgrad does not
    differentiate complex tensors: a complex one that requires grad is refused."""
    if requires_grad and as_array(data, dtype).dtype.kind == "c":
        raise RuntimeError(COMPLEX_GRAD)
    return Tensor(np.array(as_array(data, dtype)), requires_grad=requires_grad)


def zeros(*size, dtype=DEFAULT_FLOAT, requires_grad=False):
    return Tensor(np.zeros(_size(size, "zeros"), dtype=dtype), requires_grad=requires_grad)


def ones(*size, dtype=DEFAULT_FLOAT, requires_grad=False):
    return Tensor(np.ones(_size(size, "ones"), dtype=dtype), requires_grad=requires_grad)


def full(size, fill_value, dtype=None, requires_grad=False):
    """A tensor of `size` (a tuple or list) filled with fill_value; its dtype follows the value's (bool,
    int64 or float32)."""
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"full(): argument 'size' must be a tuple of ints, not {type(size).__name__}")
    fill_value = _number(fill_value, "full", "fill_value")
    dtype = dtype or as_array(fill_value).dtype
    return Tensor(np.full(_size((size,), "full"), fill_value, dtype=dtype), requires_grad=requires_grad)


def _check_tensor(x, op):
    if not isinstance(x, Tensor):
        raise TypeError(f"{op}(): argument 'input' must be Tensor, not {type(x).__name__}")


def zeros_like(x, dtype=None, requires_grad=False):
    _check_tensor(x, "zeros_like")
    return Tensor(np.zeros(x.shape, dtype=dtype or x.dtype), requires_grad=requires_grad)


def ones_like(x, dtype=None, requires_grad=False):
    _check_tensor(x, "ones_like")
    return Tensor(np.ones(x.shape, dtype=dtype or x.dtype), requires_grad=requires_grad)


def full_like(x, fill_value, dtype=None, requires_grad=False):
    _check_tensor(x, "full_like")
    return Tensor(np.full(x.shape, fill_value, dtype=dtype or x.dtype), requires_grad=requires_grad)


def eye(n, m=None, dtype=DEFAULT_FLOAT, requires_grad=False):
    n = count(n, "eye", "n")
    m = n if m is None else count(m, "eye", "m")
    return Tensor(np.eye(n, m, dtype=dtype), requires_grad=requires_grad)


def arange(start, end=None, step=1, dtype=None, requires_grad=False):
    """Values from start (0 by default) up to, not including, end: int64 for integer
    arguments, float32 otherwise."""
    if end is None:
        start, end = 0, start
    start, end, step = (_number(v, "arange", name) for v, name in ((start, "start"), (end, "end"), (step, "step")))
    if not all(np.isfinite([start, end])):
        raise RuntimeError(f"arange(): unsupported range: {start} -> {end}")
    if step == 0:
        raise RuntimeError("arange(): step must be nonzero")
    if (end - start) * step < 0:
        raise RuntimeError(f"arange(): upper bound and lower bound inconsistent with step sign (start={start}, end={end}, step={step})")
    if dtype is None:
        is_int = all(isinstance(v, (int, np.integer)) for v in (start, end, step))
        dtype = np.int64 if is_int else DEFAULT_FLOAT
    return Tensor(np.arange(start, end, step, dtype=dtype), requires_grad=requires_grad)


def linspace(start, end, steps, dtype=DEFAULT_FLOAT, requires_grad=False):
    steps = count(steps, "linspace", "steps")
    return Tensor(np.linspace(start, end, steps, dtype=dtype), requires_grad=requires_grad)


def rand(*size, dtype=DEFAULT_FLOAT, requires_grad=False, generator=None):
    """Uniform on [0, 1)."""
    rng = generator or default_generator()
    return Tensor(rng.random(_size(size, "rand")).astype(dtype), requires_grad=requires_grad)


def randn(*size, dtype=DEFAULT_FLOAT, requires_grad=False, generator=None):
    """Standard normal N(0, 1)."""
    rng = generator or default_generator()
    return Tensor(rng.standard_normal(_size(size, "randn")).astype(dtype), requires_grad=requires_grad)


def randint(low, high=None, size=(), dtype=np.int64, generator=None):
    """Integers uniform on [low, high) (on [0, low) when high is omitted)."""
    if isinstance(high, (tuple, list)):  # PyTorch's randint(high, size)
        low, high, size = 0, low, high
    if high is None:
        low, high = 0, low
    low, high = integer(low, "randint", "low"), integer(high, "randint", "high")
    if low >= high:
        raise RuntimeError(f"randint(): expects 'low' to be less than 'high', but got low={low} >= high={high}")
    rng = generator or default_generator()
    return Tensor(rng.integers(low, high, size=_size((size,), "randint"), dtype=np.int64).astype(dtype))


def randperm(n, generator=None):
    """A random permutation of 0..n-1 (int64)."""
    n = count(n, "randperm", "n")
    rng = generator or default_generator()
    return Tensor(rng.permutation(n).astype(np.int64))


def rand_like(x, generator=None):
    return rand(x.shape, dtype=x.dtype, generator=generator)


def randn_like(x, generator=None):
    return randn(x.shape, dtype=x.dtype, generator=generator)
