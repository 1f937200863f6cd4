"""PyTorch's rules for turning Python data into an array: `torch.tensor(data)`'s dtypes and refusals.

Python floats (and lists of them) become float32 (DEFAULT_FLOAT), ints int64, complex numbers
complex64; NumPy arrays, NumPy scalars and Tensors keep their dtype, also inside a list, where the
items' dtypes are promoted as PyTorch promotes them. A Tensor found inside is read through NumPy's
`__array__` protocol, so this module needs nothing from the engine.
"""
from collections.abc import Sequence

import numpy as np

from .dtype_categories import promote_types

DEFAULT_FLOAT = np.dtype(np.float32)
PYTHON_NUMBERS = (bool, int, float, complex)  # lowest kind first
PYTHON_NUMBER_DTYPES = {bool: np.dtype(np.bool_), int: np.dtype(np.int64), float: DEFAULT_FLOAT,
                        complex: np.dtype(np.complex64)}


def _is_tensor(value):
    """A Tensor (or anything else that is not a NumPy array but converts to one through __array__)."""
    return hasattr(value, "__array__") and not isinstance(value, (np.ndarray, np.generic))


def as_array(data, dtype=None):
    """Convert data to a NumPy array with PyTorch's dtype rules.

    NumPy arrays and Tensors keep their dtype; `dtype` converts explicitly. A (nested) sequence (list,
    tuple, range, deque, array.array, ...) gets the dtype PyTorch infers for it (`inferred_dtype`).
    Anything that is not a number (strings, None, dicts, sets, generators, object arrays), ints beyond
    int64 and ragged lists are refused.
    """
    if _is_tensor(data):
        data = np.asarray(data)
    if isinstance(data, np.generic) and dtype is not None:  # (a NumPy number given a dtype: checked as a Python one,
        return _numeric(_fitted(np.asarray(data), np.dtype(dtype)).astype(dtype))  # uint64 too, as PyTorch)
    if isinstance(data, (np.ndarray, np.generic)):
        return _numeric(np.asarray(_numpy_scalar(data) if isinstance(data, np.generic) else _native(data), dtype=dtype))
    if dtype is not None and np.dtype(dtype).kind in "biu" and _holds(data, _is_fractional_tensor):
        raise TypeError("only integer tensors of a single element can be converted to an index: a float tensor "
                        f"inside the list cannot become {np.dtype(dtype)} (convert it with .to() first)")
    try:
        items = _unwrap(data)
        if dtype is not None:  # an explicit dtype applies to the exact values (a single number: as a fill value)
            typed = _explicitly_typed if isinstance(items, (list, tuple)) else _fitted
            return _numeric(typed(np.asarray(items) if typed is _fitted else items, np.dtype(dtype)).astype(dtype))
        array = np.asarray(items)
    except ValueError as error:
        if "inhomogeneous" in str(error) or "sequence" in str(error):
            raise ValueError(f"expected a rectangular nested list (every row of the same length), got a ragged one: {error}") from None
        raise
    except OverflowError as error:
        raise ValueError(f"Overflow when unpacking long long: {error}") from None
    target = inferred_dtype(data)
    if target.kind in "iu" and array.size and not _fits_exactly(array, target):
        raise ValueError("Overflow when unpacking long long: an integer does not fit in int64")
    if target.kind in "iu" and _holds(data, _is_numpy_bool):
        raise TypeError("'numpy.bool' object cannot be interpreted as an integer: PyTorch refuses a NumPy bool "
                        "scalar in a list of integers (write bool(x) or int(x))")
    return _numeric(array.astype(target))


def python_number(value):
    """value as the Python number PyTorch reads it as, where an argument takes a number (a fill value, a range
    bound, a weight, a hyperparameter): a NumPy integer (uint64 too) is an int, a NumPy float (float16 too, its
    exact value) or a NumPy bool a float (np.True_ is 1.0 to PyTorch), an np.complex128 (a Python complex) a
    complex. PyTorch reads an np.complex64 as a real number, dropping its imaginary part with only NumPy's
    warning: here one with an imaginary part is refused (TypeError), one without is its real part. Anything
    else is returned as it is. (torch.tensor(np scalar) keeps the scalar's dtype instead: as_array.)"""
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (np.floating, np.bool_)):
        return float(value)
    if isinstance(value, complex):
        return complex(value)
    if isinstance(value, np.complexfloating):
        if value.imag:
            raise TypeError(f"PyTorch reads a NumPy {value.dtype} scalar as a real number, dropping its imaginary "
                            f"part ({value!r}); glassgrad refuses it: write complex(x) for a complex number")
        return float(value.real)
    return value


def held_number(value):
    """A number argument (a probability, a slope, a norm's p, an eps) as the Python number PyTorch reads it as: a
    NumPy scalar (python_number) or a 0-d tensor is the number it holds (so 1 − eps is not computed in float16)."""
    if _is_tensor(value) and value.ndim == 0:
        return value.item()
    return python_number(value)


def check_fits(value, dtype):
    """Refuse a number that does not fit `dtype`, as PyTorch's checked conversion of a fill value or a bound
    does (RuntimeError): an integer dtype's range (_fitted: a negative int wraps into an unsigned dtype, as
    in PyTorch, a negative float does not), or a finite number beyond a float dtype's largest (1e6 as
    float16); ±inf and NaN fit any float dtype. What is no number (a list, a string) is PyTorch's TypeError."""
    if isinstance(value, (list, tuple, dict, set, str, bytes)):
        raise TypeError(f"expected a number as the value, got {type(value).__name__} ({value!r:.40})")
    if isinstance(value, int) and not -2 ** 63 <= value < 2 ** 64:  # (PyTorch's error for any dtype)
        raise OverflowError(f"int too big to convert: {value} is beyond the 64-bit integers")
    with np.errstate(over="ignore"):  # (an overflow is refused below, not warned about)
        as_array(value, dtype)
    dtype = np.dtype(dtype)
    if dtype.kind == "f" and np.isfinite(value) and np.abs(value) > np.finfo(dtype).max:
        raise RuntimeError(f"value cannot be converted to type {dtype} without overflow")


def inferred_dtype(data):
    """The dtype PyTorch infers for data, as its `infer_scalar_type` does: a Python bool, int, float or
    complex is bool, int64, float32 or complex64; a NumPy scalar or array, or a Tensor, has its own dtype;
    a sequence promotes its items' dtypes in turn (int32 and float32 give float32, int8 and uint8 int16,
    float64 and complex64 complex128) until complex128; an empty one is float32."""
    if _is_tensor(data) or isinstance(data, (np.ndarray, np.generic)):
        return np.asarray(data).dtype.newbyteorder("=")  # (an array of the other byte order in a list is read)
    if isinstance(data, bool):
        return np.dtype(np.bool_)
    if isinstance(data, int):
        return np.dtype(np.int64)
    if isinstance(data, float):
        return DEFAULT_FLOAT
    if isinstance(data, complex):
        return np.dtype(np.complex64)
    kinds = set(map(type, data))  # (_unwrap has refused what is not a sequence)
    if kinds <= PYTHON_NUMBER_DTYPES.keys():  # the common case, without a call per item: the highest kind wins
        return PYTHON_NUMBER_DTYPES[max(kinds, key=PYTHON_NUMBERS.index)] if kinds else DEFAULT_FLOAT
    result = None
    for item in data:
        result = inferred_dtype(item) if result is None else _promoted(result, inferred_dtype(item))
        if result == np.complex128:  # PyTorch stops looking here: nothing promotes further
            break
    return DEFAULT_FLOAT if result is None else result


def _promoted(a, b):
    """promote_types, refusing as PyTorch does to mix uint16, uint32 or uint64 with another dtype that is
    not a float."""
    wide_unsigned = [d for d in (a, b) if d.kind == "u" and d.itemsize > 1]
    if a != b and wide_unsigned and "f" not in (a.kind, b.kind):
        raise RuntimeError(f"Promotion for uint16, uint32, uint64 types is not supported, attempted to promote {a} and {b}")
    return promote_types(a, b)


def _holds(data, found):
    """True if found(item) for an item of data at any depth that is not a Python number (a NumPy value or
    array, a Tensor)."""
    if not isinstance(data, Sequence) or isinstance(data, (str, bytes, bytearray)):
        return found(data)
    if set(map(type, data)) <= PYTHON_NUMBER_DTYPES.keys():
        return False
    return any(_holds(item, found) for item in data)


def _is_numpy_bool(item):
    """A NumPy bool scalar or bool array (PyTorch cannot store one into an integer tensor)."""
    return isinstance(item, (np.bool_, np.ndarray)) and item.dtype == np.bool_


def _is_fractional_tensor(item):
    """A float or complex Tensor (PyTorch cannot read one as an integer or a bool)."""
    return _is_tensor(item) and np.asarray(item).dtype.kind in "fc"


def _fits_exactly(array, dtype):
    """True if the integers NumPy read hold in `dtype` unchanged: not when NumPy had to make floats or
    objects of them (an int beyond int64 next to others) or wrap them."""
    return array.dtype.kind in "biu" and np.array_equal(array.astype(dtype), array)


def _explicitly_typed(data, dtype):
    """Python numbers (nested lists of them) as an array of `dtype`, as torch.tensor(data, dtype=dtype) stores
    them: for an integer dtype each item is checked in turn (`_checked_integer`), so the first bad item decides
    the error and no value goes through a float. (Complex items take _fitted's rule: their imaginary parts 0.)"""
    array = np.asarray(data)
    if dtype.kind not in "iu" or array.dtype.kind == "c":
        return _fitted(array, dtype)
    if array.dtype.kind in "bi" or (array.dtype.kind == "u" and array.dtype.itemsize < 8):  # exact int64s
        return _fitted(array.astype(np.int64), dtype)
    if array.dtype.kind == "f" and np.all((np.abs(array) < 2**53) & (array >= min(np.iinfo(dtype).min, 0))):
        return _fitted(array, dtype)  # every item exact as a float, and any int among them ≥ 0
    items = np.asarray(data, dtype=object)  # floats, or ints beyond int64, among the items: one by one
    values = [_checked_integer(item, dtype) for item in items.ravel()]
    return np.array(values, dtype=np.int64).reshape(items.shape)


def _checked_integer(item, dtype):
    """One number for an integer dtype, as PyTorch checks it: an int beyond int64 is a ValueError; an int
    outside dtype's range (for an unsigned dtype, below −max: −1 wraps to 255, −256 does not) or a float
    outside it (or NaN) a RuntimeError; a float is truncated."""
    info = np.iinfo(dtype)
    item = item[()] if isinstance(item, np.ndarray) else item  # (a NumPy scalar in the list, read as 0-d)
    if isinstance(item, (float, np.floating)):
        if not info.min <= item <= info.max:  # NaN fails too
            raise RuntimeError(f"value cannot be converted to type {dtype} without overflow")
        return int(item)
    item = int(item)
    if not -2**63 <= item < 2**63:
        raise ValueError(f"Overflow when unpacking long long: {item} does not fit in int64")
    if not (info.min if info.min < 0 else -info.max) <= item <= info.max:
        raise RuntimeError(f"value cannot be converted to type {dtype} without overflow")
    return item


def _fitted(array, dtype):
    """array, after checking that its values fit the integer dtype as PyTorch checks them: at most its
    maximum, and at least its minimum (for an unsigned type, an int down to −maximum, which then wraps: -1
    is 255, -256 is refused; and no negative float: -0.5 is refused), and that a complex value written to a real dtype has no imaginary part
    (bool takes any: its truth)."""
    if array.dtype.kind == "c" and dtype.kind in "iuf" and np.any(array.imag != 0):
        raise RuntimeError(f"value cannot be converted to type {dtype} without overflow")  # not dropped silently
    if dtype.kind in "iu" and array.dtype.kind in "iuf" and array.size:
        info = np.iinfo(dtype)
        low = info.min if info.min < 0 or array.dtype.kind == "f" else -info.max
        if not np.all((array >= low) & (array <= info.max)):  # NaN fails too
            raise RuntimeError(f"value cannot be converted to type {dtype} without overflow")
    return array


def _numpy_scalar(value):
    """A NumPy scalar as a 0-d array, refused where PyTorch refuses it."""
    if isinstance(value, np.uint64):
        raise TypeError("an integer is required: PyTorch does not make a tensor of a NumPy uint64 scalar without a "
                        "dtype (write int(x), or give dtype=)")
    return _numeric(np.asarray(value))


def _native(array):
    """array itself if its bytes are in the machine's order; else PyTorch's ValueError (a big-endian array, as
    np.frombuffer(..., ">i4") reads an IDX file, would give a tensor whose dtype is not torch.int32's)."""
    if not array.dtype.isnative:
        order = {">": "big-endian", "<": "little-endian"}[array.dtype.byteorder]
        raise ValueError(f"given numpy array has byte order different from the native byte order ({array.dtype.str}, "
                         f"{order}). Conversion between byte orders is currently not supported: convert it first "
                         "with arr.astype(arr.dtype.newbyteorder('='))")
    return array


def _numeric(array):
    """array itself if its dtype is bool, an integer, a float or a complex that PyTorch has (not
    long double), in the machine's byte order (_native); else a TypeError."""
    _native(array)
    kind = array.dtype.kind
    if kind not in "biufc" or array.dtype.itemsize > {"f": 8, "c": 16}.get(kind, 8):
        raise TypeError(
            f"can't convert an array of type {array.dtype} to a tensor: the supported types are bool, "
            f"integers, floats and complex numbers"
        )
    return array


def _unwrap(data):
    """Check that data is a number or a (nested) sequence of them, as lists, replacing Tensors nested
    inside by their arrays (one-element Tensors inside a list by their value, as PyTorch does)."""
    if _is_tensor(data):
        return np.asarray(data)
    if isinstance(data, (list, tuple)) and set(map(type, data)) <= PYTHON_NUMBER_DTYPES.keys():
        return data  # numbers only: nothing to check or replace (the common case, kept fast)
    if isinstance(data, Sequence) and not isinstance(data, (str, bytes, bytearray)):
        return [_element(item) for item in data]
    if isinstance(data, np.generic):
        return _numpy_scalar(data)
    if isinstance(data, (bool, int, float, complex)):
        return data
    if isinstance(data, (str, bytes, bytearray)):
        raise TypeError(f"new(): invalid data type '{type(data).__name__}': expected a number or a (nested) list of numbers")
    raise RuntimeError(f"Could not infer dtype of {type(data).__name__}: expected a number or a (nested) sequence "
                       f"of numbers (a list, tuple, range, deque, array.array...; make a list of a generator first)")


def _element(item):
    if _is_tensor(item):
        item = np.asarray(item)
        if item.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return item.reshape(())[()]  # its value, keeping its dtype
    if isinstance(item, np.ndarray):
        if not item.ndim:
            raise TypeError("len() of unsized object: PyTorch refuses a 0-d NumPy array inside a list "
                            "(take its .item(), or np.stack the arrays first)")
        return _numeric(item.astype(item.dtype.newbyteorder("="), copy=False))  # (read item by item, as PyTorch)
    return _unwrap(item)
