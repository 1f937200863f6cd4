"""PyTorch's rules for turning Python data into an array: `torch.tensor(data)`'s dtypes and refusals.

Python floats (and lists of them) become float32 (DEFAULT_FLOAT), ints int64, complex numbers
complex64; NumPy arrays keep their dtype. A Tensor found inside is read through NumPy's
`__array__` protocol, so this module needs nothing from the engine.
"""
import numpy as np

DEFAULT_FLOAT = np.dtype(np.float32)


def _is_tensor(value):
    """A Tensor (or anything else that is not a NumPy array but converts to one through __array__)."""
    return hasattr(value, "__array__") and not isinstance(value, (np.ndarray, np.generic))


def as_array(data, dtype=None):
    """Convert data to a NumPy array with PyTorch's dtype rules.

    Python floats (and lists of them) become float32, Python ints int64, bools bool, complex numbers
    complex64; NumPy arrays keep their dtype; `dtype` converts explicitly. Anything that is not a number
    (strings, None, dicts, sets, object arrays), ints beyond int64 and ragged lists are refused.
    """
    if _is_tensor(data):
        data = np.asarray(data)
    if isinstance(data, (np.ndarray, np.generic)):
        return _numeric(np.asarray(data, dtype=dtype))
    try:
        array = np.asarray(_unwrap(data))
        if dtype is not None:  # an explicit dtype applies to the exact values
            array = _fitted(array, np.dtype(dtype)).astype(dtype)
    except ValueError as error:
        if "inhomogeneous" in str(error) or "sequence" in str(error):
            raise ValueError(f"expected a rectangular nested list (every row of the same length), got a ragged one: {error}") from None
        raise
    except OverflowError as error:
        raise ValueError(f"Overflow when unpacking long long: {error}") from None
    if dtype is None and array.dtype == np.float64 and _holds_a_huge_int(data, array):
        raise ValueError("Overflow when unpacking long long: an integer does not fit in int64")
    if dtype is None and array.dtype == np.float64:
        array = array.astype(DEFAULT_FLOAT)
    elif dtype is None and array.dtype == np.complex128:
        array = array.astype(np.complex64)
    elif dtype is None and array.dtype.kind == "i":
        array = array.astype(np.int64)
    elif dtype is None and array.dtype.kind in "uO" and array.size:
        raise ValueError("Overflow when unpacking long long: an integer does not fit in int64")
    return _numeric(array)


def check_fits(value, dtype):
    """Refuse a number that does not fit `dtype`, as PyTorch's checked conversion of a fill value or a bound
    does (RuntimeError): an integer dtype's range (_fitted: a negative int wraps into an unsigned dtype, as
    in PyTorch, a negative float does not), or a finite number beyond a float dtype's largest (1e6 as
    float16); ±inf and NaN fit any float dtype."""
    as_array(value, dtype)
    dtype = np.dtype(dtype)
    if dtype.kind == "f" and np.isfinite(value) and np.abs(value) > np.finfo(dtype).max:
        raise RuntimeError(f"value cannot be converted to type {dtype} without overflow")


def _holds_a_huge_int(data, array):
    """True if the (nested) list `data` holds only ints, one beyond int64: NumPy makes a float array of
    [2**63, 1], where PyTorch refuses (a list with a float in it is a float tensor in both)."""
    if not array.size or not np.abs(array).max() >= 2.0**63:  # (walked only when a value is that large; NaN is not)
        return False
    numbers = list(_leaves(data))
    return (all(isinstance(n, (int, np.integer)) for n in numbers)
            and any(isinstance(n, int) and not -2**63 <= n < 2**63 for n in numbers))


def _leaves(data):
    if isinstance(data, (list, tuple)):
        for item in data:
            yield from _leaves(item)
    else:
        yield data


def _fitted(array, dtype):
    """array, after checking that its values fit the integer dtype as PyTorch checks them: at most its
    maximum, and at least its minimum (for an unsigned type, any int64, which then wraps: -1 is 255; but
    no negative float: -0.5 is refused), and that a complex value written to a real dtype has no imaginary part
    (bool takes any: its truth)."""
    if array.dtype.kind == "c" and dtype.kind in "iuf" and np.any(array.imag != 0):
        raise RuntimeError(f"value cannot be converted to type {dtype} without overflow")  # not dropped silently
    if dtype.kind in "iu" and array.dtype.kind in "iuf" and array.size:
        info = np.iinfo(dtype)
        low = info.min if info.min < 0 or array.dtype.kind == "f" else np.iinfo(np.int64).min
        if not np.all((array >= low) & (array <= info.max)):  # NaN fails too
            raise RuntimeError(f"value cannot be converted to type {dtype} without overflow")
    return array


def _numeric(array):
    """array itself if its dtype is bool, an integer, a float or a complex; else a TypeError."""
    if array.dtype.kind not in "biufc":
        raise TypeError(
            f"can't convert an array of type {array.dtype} to a tensor: the supported types are bool, "
            f"integers, floats and complex numbers"
        )
    return array


def _unwrap(data):
    """Check that data is a number or a (nested) list or tuple of them, replacing Tensors nested inside
    by their arrays (one-element Tensors inside a list by their value, as PyTorch does)."""
    if _is_tensor(data):
        return np.asarray(data)
    if isinstance(data, (list, tuple, range)):
        return [_element(item) for item in data]
    if isinstance(data, (bool, int, float, complex, np.generic)):
        return data
    raise TypeError(f"new(): invalid data type '{type(data).__name__}': expected a number or a (nested) list of numbers")


def _element(item):
    if _is_tensor(item):
        item = np.asarray(item)
        if item.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return item.item()
    if isinstance(item, np.ndarray):
        return _numeric(item)
    return _unwrap(item)
