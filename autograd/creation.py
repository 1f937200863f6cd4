"""Functions that make new tensors: from data, constant, ranges and random."""
import numpy as np

from .random import default_generator
from .tensor import DEFAULT_FLOAT, Tensor, as_array


def _size(size):
    """Accept both zeros(2, 3) and zeros((2, 3))."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = size[0]
    return tuple(int(n) for n in size)


def tensor(data, dtype=None, requires_grad=False):
    """A new leaf tensor from a number, a (nested) list or a NumPy array (copied)."""
    return Tensor(np.array(as_array(data, dtype)), requires_grad=requires_grad)


def zeros(*size, dtype=DEFAULT_FLOAT, requires_grad=False):
    return Tensor(np.zeros(_size(size), dtype=dtype), requires_grad=requires_grad)


def ones(*size, dtype=DEFAULT_FLOAT, requires_grad=False):
    return Tensor(np.ones(_size(size), dtype=dtype), requires_grad=requires_grad)


def full(size, fill_value, dtype=None, requires_grad=False):
    dtype = dtype or as_array(fill_value).dtype
    return Tensor(np.full(_size((size,)), fill_value, dtype=dtype), requires_grad=requires_grad)


def zeros_like(x, dtype=None, requires_grad=False):
    return Tensor(np.zeros(x.shape, dtype=dtype or x.dtype), requires_grad=requires_grad)


def ones_like(x, dtype=None, requires_grad=False):
    return Tensor(np.ones(x.shape, dtype=dtype or x.dtype), requires_grad=requires_grad)


def full_like(x, fill_value, dtype=None, requires_grad=False):
    return Tensor(np.full(x.shape, fill_value, dtype=dtype or x.dtype), requires_grad=requires_grad)


def eye(n, m=None, dtype=DEFAULT_FLOAT, requires_grad=False):
    return Tensor(np.eye(n, m, dtype=dtype), requires_grad=requires_grad)


def arange(start, end=None, step=1, dtype=None, requires_grad=False):
    """Values from start (0 by default) up to, not including, end: int64 for integer
    arguments, float32 otherwise."""
    if end is None:
        start, end = 0, start
    if dtype is None:
        is_int = all(isinstance(v, (int, np.integer)) for v in (start, end, step))
        dtype = np.int64 if is_int else DEFAULT_FLOAT
    return Tensor(np.arange(start, end, step, dtype=dtype), requires_grad=requires_grad)


def linspace(start, end, steps, dtype=DEFAULT_FLOAT, requires_grad=False):
    return Tensor(np.linspace(start, end, steps, dtype=dtype), requires_grad=requires_grad)


def rand(*size, dtype=DEFAULT_FLOAT, requires_grad=False, generator=None):
    """Uniform on [0, 1)."""
    rng = generator or default_generator()
    return Tensor(rng.random(_size(size)).astype(dtype), requires_grad=requires_grad)


def randn(*size, dtype=DEFAULT_FLOAT, requires_grad=False, generator=None):
    """Standard normal N(0, 1)."""
    rng = generator or default_generator()
    return Tensor(rng.standard_normal(_size(size)).astype(dtype), requires_grad=requires_grad)


def randint(low, high=None, size=(), dtype=np.int64, generator=None):
    """Integers uniform on [low, high) (on [0, low) when high is omitted)."""
    if high is None:
        low, high = 0, low
    rng = generator or default_generator()
    return Tensor(rng.integers(low, high, size=_size((size,)), dtype=dtype))


def randperm(n, generator=None):
    """A random permutation of 0..n-1 (int64)."""
    rng = generator or default_generator()
    return Tensor(rng.permutation(n).astype(np.int64))


def rand_like(x, generator=None):
    return rand(x.shape, dtype=x.dtype, generator=generator)


def randn_like(x, generator=None):
    return randn(x.shape, dtype=x.dtype, generator=generator)
