"""Argument handling shared by the layers' functional forms: n-tuples, integer sizes and input-shape checks."""
import numbers
import operator

import numpy as np

import autograd

from ._inputs import check_tensor


def ntuple(value, n, name="argument"):
    """(v, v, ...) of length n from an int, or the given tuple or list of n ints. Anything else — a float
    (2.5, or 2.0), a bool, a string — is refused with PyTorch's TypeError, never rounded to an int."""
    values = tuple(value) if isinstance(value, (tuple, list)) else (value,) * n
    if len(values) != n:
        raise ValueError(f"{name}: expected an int or {n} ints, got {tuple(value)}")
    for v in values:
        if isinstance(v, bool) or not isinstance(v, numbers.Integral):
            raise TypeError(f"{name} must be an int or a tuple of {n} ints, not {type(v).__name__} ({value!r})")
    return tuple(int(v) for v in values)


def as_int(value):
    """value as a Python int where it is an integer of any kind: an int, a NumPy integer (np.prod(x.shape[1:])
    is an np.int64) or a 0-d integer tensor, which PyTorch takes wherever it takes an int (operator.index); a
    bool, a float or anything else is returned unchanged, for the caller's own check to refuse it."""
    if isinstance(value, (bool, np.bool_, float, np.floating)):
        return value
    try:
        return operator.index(value)  # (an int, a NumPy integer, a 0-d integer tensor or array)
    except TypeError:
        return value


def check_input(name, input, spatial_dims, channels=None):
    """Raise a RuntimeError (PyTorch's type) naming `name`, the expected and the given shape unless input is
    (N, C, *spatial) or unbatched (C, *spatial) with C == channels (when given)."""
    expected_ndim = (spatial_dims + 2, spatial_dims + 1)
    channel = input.shape[1 if input.ndim == spatial_dims + 2 else 0] if input.ndim in expected_ndim else None
    if channel is None or (channels is not None and channel != channels):
        spatial = ("L",) if spatial_dims == 1 else ("H", "W", "D")[:spatial_dims]
        c = "C" if channels is None else str(channels)
        batched = "(" + ", ".join(("N", c) + spatial) + ")"
        unbatched = "(" + ", ".join((c,) + spatial) + ")"
        raise RuntimeError(f"{name}: expected input of shape {batched} or {unbatched}, got {tuple(input.shape)}")


def require_int(name, argument, value):
    """PyTorch's TypeError for an argument that must be an int (1.0 or True is not taken for 1)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}(): argument '{argument}' must be int, not {type(value).__name__}")


def require_floating(name, *tensors):
    """PyTorch's refusal of integer and bool tensors where it has only floating point kernels (the result would
    otherwise wrap around in uint8, or be truncated back into the integers). Anything but a tensor: PyTorch's
    TypeError."""
    for tensor in tensors:
        check_tensor(name, tensor)
        if tensor.dtype.kind not in "fc":
            raise NotImplementedError(f'"{name}" not implemented for {tensor.dtype} tensors: pass a floating point '
                                      f"tensor (x.float())")


def row_major_unless_channels_last(result, input):
    """result laid out as PyTorch lays out a norm's or a pool's: as it is where input is 4-D channels last
    (strides in N, H, W, C order), else row-major (a copy only where result is not)."""
    if result.is_contiguous() or input.ndim == 4 and input.is_contiguous(memory_format=autograd.channels_last):
        return result
    return result.contiguous()
