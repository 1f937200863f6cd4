"""torch.testing under install_as_torch(): assert_close, PyTorch's way of checking that two results agree.

assert_close(actual, expected) passes when both are tensors (or numbers, or lists, tuples and dicts of them,
compared item by item) of one shape and dtype whose elements satisfy |actual − expected| ≤ atol + rtol·|expected|,
with PyTorch's default tolerances for the dtype (float32: rtol 1.3e-6, atol 1e-5; float64: 1e-7, 1e-7;
float16: 1e-3, 1e-5; integers and bools: exactly equal). NaNs are equal only with equal_nan=True. Otherwise it
raises AssertionError saying what differs (the attribute, or how many elements, the greatest differences and
where), as PyTorch's does.
"""
import numbers

import numpy as np

import autograd

TOLERANCES = {np.dtype(np.float16): (1e-3, 1e-5), np.dtype(np.float32): (1.3e-6, 1e-5),
              np.dtype(np.float64): (1e-7, 1e-7), np.dtype(np.complex64): (1.3e-6, 1e-5),
              np.dtype(np.complex128): (1e-7, 1e-7)}

__all__ = ["assert_close"]


def assert_close(actual, expected, *, allow_subclasses=True, rtol=None, atol=None, equal_nan=False,
                 check_device=True, check_dtype=True, check_layout=True, check_stride=False, msg=None):
    """Raise AssertionError unless actual and expected are close (see the module's docstring)."""
    if (rtol is None) != (atol is None):
        raise ValueError(f"Both 'rtol' and 'atol' must be either specified or omitted, but got no "
                         f"{'atol' if atol is None else 'rtol'}.")
    problem = _problem(actual, expected, (rtol, atol, equal_nan, check_dtype), "")
    if problem is not None:
        text, path = problem
        text += f"\n\nThe failure occurred for item {path}" if path else ""
        raise AssertionError(msg if isinstance(msg, str) else msg(text) if callable(msg) else text)


def _problem(actual, expected, options, path):
    """(what differs, the item's path) for the first difference, or None."""
    if isinstance(actual, autograd.Tensor) and isinstance(expected, autograd.Tensor):
        text = _tensor_problem(actual, expected, *options, scalars=False)
        return None if text is None else (text, path)
    if isinstance(actual, numbers.Number) and isinstance(expected, numbers.Number):
        if options[3] and type(actual) is not type(expected):
            return f"The (d)types do not match: {type(actual)} != {type(expected)}.", path
        text = _tensor_problem(_as_tensor(actual), _as_tensor(expected), *options[:3], False, scalars=True)
        return None if text is None else (text, path)
    if isinstance(actual, (list, tuple)) and isinstance(expected, (list, tuple)):
        if len(actual) != len(expected):
            return f"The length of the sequences mismatch: {len(actual)} != {len(expected)}", path
        pairs = [(f"[{i}]", a, b) for i, (a, b) in enumerate(zip(actual, expected, strict=True))]
    elif isinstance(actual, dict) and isinstance(expected, dict):
        if set(actual) != set(expected):
            return (f"The keys of the mappings do not match: {sorted(map(repr, actual))} != "
                    f"{sorted(map(repr, expected))}"), path
        pairs = [(f"[{key!r}]", actual[key], expected[key]) for key in expected]
    else:
        raise TypeError(f"No comparison pair was able to handle inputs of type {type(actual)} and {type(expected)}.")
    for step, a, b in pairs:
        problem = _problem(a, b, options, path + step)
        if problem is not None:
            return problem
    return None


def _as_tensor(number):
    """A Python number as PyTorch compares it: a bool, int64, float64 or complex128 0-d tensor."""
    dtype = {bool: np.bool_, int: np.int64, float: np.float64}.get(type(number), np.complex128)
    return autograd.tensor(np.asarray(number, dtype=dtype))


def _tensor_problem(actual, expected, rtol, atol, equal_nan, check_dtype, scalars):
    if tuple(actual.shape) != tuple(expected.shape):
        return f"The values for attribute 'shape' do not match: {_size(actual.shape)} != {_size(expected.shape)}."
    if check_dtype and actual.dtype != expected.dtype:
        return f"The values for attribute 'dtype' do not match: {actual.dtype} != {expected.dtype}."
    a, b = actual.detach().numpy(), expected.detach().numpy()
    if rtol is None:
        rtol, atol = max((TOLERANCES.get(d, (0.0, 0.0)) for d in (a.dtype, b.dtype)), key=lambda pair: pair[0])
    dtype = np.promote_types(a.dtype, b.dtype)
    computed = dtype if dtype.kind in "fc" else np.dtype(np.float32)  # (PyTorch's, for integers too)
    a, b = a.astype(computed), b.astype(computed)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        difference = np.abs(a - b)
        close = (a == b) | (difference <= atol + rtol * np.abs(b))
        if equal_nan:
            close |= np.isnan(a) & np.isnan(b)
        if close.all():
            return None
        relative = np.where(~close, difference / np.abs(b), 0)
    exact, show = rtol == 0 and atol == 0, (lambda x: str(float(x))) if dtype.kind in "fc" else (lambda x: str(int(x)))
    allowed = ("", "") if exact else (f" (up to {atol} allowed)", f" (up to {rtol} allowed)")
    if scalars or a.ndim == 0:
        with np.errstate(divide="ignore", invalid="ignore"):  # (in float64, as PyTorch)
            relative_64 = float(np.float64(difference.item()) / np.abs(np.float64(b.item())))
        return (f"Scalars are not {'equal' if exact else 'close'}!\n\nExpected {show(b.item())} but got "
                f"{show(a.item())}.\nAbsolute difference: {show(difference.item())}{allowed[0]}\n"
                f"Relative difference: {relative_64}{allowed[1]}")
    mismatched = int((~close).sum())
    worst, worst_relative = _where_greatest(np.where(~close, difference, 0)), _where_greatest(relative)
    return "\n".join([f"Tensor-likes are not {'equal' if exact else 'close'}!", "",
                      f"Mismatched elements: {mismatched} / {close.size} ({100 * mismatched / close.size:.1f}%)",
                      f"Greatest absolute difference: {show(difference[worst])} at index {worst}{allowed[0]}",
                      f"Greatest relative difference: {float(relative[worst_relative])} at index {worst_relative}"
                      f"{allowed[1]}"])


def _size(shape):
    return f"{'torch.' if autograd.Size.as_torch else ''}Size({list(shape)})"


def _where_greatest(values):
    """The index of the greatest value (a NaN counts as the greatest), as a tuple."""
    flat = np.where(np.isnan(values), np.inf, values).reshape(-1)
    return tuple(int(i) for i in np.unravel_index(int(np.argmax(flat)), values.shape))
