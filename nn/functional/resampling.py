"""interpolate (resizing the spatial axes of (N, C, *spatial)), pixel_shuffle and pixel_unshuffle, as PyTorch's.

interpolate works one spatial axis at a time; along an axis of input size n and output size m, with
s = 1/scale_factor when a scale_factor is given (and not recomputed), else n/m:
    nearest:        out[j] = x[min(⌊j·s⌋, n − 1)]
    nearest-exact:  out[j] = x[min(⌊(j + ½)·s⌋, n − 1)]
    linear (bilinear, trilinear: the same along each axis), of the source position
        p = j·(n − 1)/(m − 1)            with align_corners=True
        p = max((j + ½)·s − ½, 0)        otherwise,
    out[j] = (1 − λ)·x[i] + λ·x[i + 1] with i = ⌊p⌋, λ = p − i (x[i] alone at the last element).
On uint8 images, bilinear is PyTorch's fixed-point kernel (`_bilinear_uint8`); the other linear modes and
'area' refuse integer input, as PyTorch does. Each is a lookup of input elements (indexing) and a weighted sum,
so autograd gives the gradient. (PyTorch's
1-D and 3-D nearest backward copies an axis whose size does not change, where its forward does not: glassgrad's
gradient is that of the forward it computed.)
"""
import math
import numbers

import numpy as np

import autograd
from autograd.functional.opmath import in_float32
from autograd.pytorch.conversion import python_number

from ._inputs import check_tensor
from ._shapes import as_int
from .pooling import adaptive_avg_pool2d
from autograd.functional.saved import composite

LINEAR_MODES = {"linear": 3, "bilinear": 4, "trilinear": 5}  # the input rank each needs
MODES = ("nearest", "nearest-exact", "area", *LINEAR_MODES)


@composite("interpolate")
def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None,
                antialias=False):
    """input (N, C, *spatial) resized to `size`, or to ⌊n·scale_factor⌋ along each spatial axis (see the
    module's docstring for the modes); 'area' is adaptive average pooling of a 4-D input."""
    check_tensor("interpolate", input)
    _check_mode(input, mode, align_corners, antialias)
    spatial = input.ndim - 2
    sizes, scales = _output_sizes(input, size, scale_factor, spatial, recompute_scale_factor, mode)
    if mode == "area":
        return adaptive_avg_pool2d(input, tuple(sizes))
    if 0 in input.shape[2:]:
        raise RuntimeError(f"Input and output sizes should be greater than 0, but got input sizes "
                           f"{tuple(input.shape[2:])} and output sizes {tuple(sizes)}")
    if mode == "bilinear" and input.dtype == np.uint8:
        return autograd.tensor(_bilinear_uint8(input.numpy(), sizes, scales, bool(align_corners)))
    half_weights = input.dtype == np.float16 and mode in ("linear", "trilinear")
    return _resampled(input, mode, sizes, scales, align_corners, half_weights)


@in_float32
def _resampled(input, mode, sizes, scales, align_corners, half_weights):
    """input resized along each spatial axis in turn, the last first (float16 in float32, rounded once, as
    PyTorch's kernels)."""
    source, spatial = input, input.ndim - 2
    for axis in reversed(range(spatial)):
        dim, out_size, scale = 2 + axis, sizes[axis], scales[axis]
        n = input.shape[dim]
        if out_size == n and (mode in LINEAR_MODES or mode == "nearest" and spatial == 2):
            continue  # PyTorch's kernels copy such an axis, whatever the scale factor (its 1-D and 3-D nearest do not)
        if mode.startswith("nearest"):
            input = _take(input, dim, _nearest_sources(n, out_size, scale, mode == "nearest-exact", spatial == 2))
        else:
            input = _linear_axis(input, dim, out_size, scale, align_corners, half_weights)
    return input.clone() if input is source else input  # a new tensor always, as PyTorch's


def _linear_axis(input, dim, out_size, scale, align_corners, half_weights):
    """(1 − λ) x[low] + λ x[high] along dim; with half_weights, λ and 1 − λ rounded to float16 first, as PyTorch's
    float16 linear and trilinear kernels keep them (its bilinear one keeps them in float32)."""
    low, high, weight = _linear_sources(input.shape[dim], out_size, scale, bool(align_corners), input.dtype)
    keep = 1 - weight
    if half_weights:
        weight = weight.astype(np.float16).astype(input.dtype)
        keep = (1 - weight).astype(np.float16).astype(input.dtype)
    shape = [1] * input.ndim
    shape[dim] = out_size
    keep, weight = autograd.tensor(keep.reshape(shape)), autograd.tensor(weight.reshape(shape))
    return _take(input, dim, low) * keep + _take(input, dim, high) * weight


def _check_mode(input, mode, align_corners, antialias):
    if mode not in MODES:
        raise NotImplementedError(f"interpolate: mode {mode!r} is not supported by glassgrad; the modes are {MODES}")
    if align_corners is not None and mode not in LINEAR_MODES:
        raise ValueError("align_corners option can only be set with the interpolating modes: "
                         "linear | bilinear | bicubic | trilinear")
    if antialias:
        raise NotImplementedError("interpolate: antialias=True is not supported by glassgrad")
    if input.ndim < 3 or input.ndim > 5:
        raise NotImplementedError(f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.ndim}D) for "
                                  f"the modes: nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact "
                                  f"(got {mode})")
    if mode in LINEAR_MODES and input.ndim != LINEAR_MODES[mode]:
        raise NotImplementedError(f"Got {input.ndim}D input, but {mode} mode needs {LINEAR_MODES[mode]}D input")
    if mode == "area" and input.ndim != 4:
        raise NotImplementedError("interpolate: mode 'area' is supported by glassgrad for 4-D input only")
    if (mode in LINEAR_MODES or mode == "area") and input.dtype.kind not in "fc" and (
            mode != "bilinear" or input.dtype != np.uint8):  # PyTorch's kernels: floats, and uint8 bilinear
        raise NotImplementedError(f"interpolate: mode {mode!r} is not implemented for {input.dtype} input "
                                  f"(as in PyTorch; convert it to a float dtype first)")
    if mode.startswith("nearest") and input.dtype.kind in "iub" and input.dtype != np.uint8:
        raise NotImplementedError(f"interpolate: mode {mode!r} is not implemented for {input.dtype} input "
                                  f"(PyTorch's nearest kernels take floats and uint8; convert it first)")


def _output_sizes(input, size, scale_factor, spatial, recompute_scale_factor, mode):
    """The output size of each spatial axis, and the scale factor its source positions use (None: n/m).

    ⌊n · f⌋ as PyTorch computes it: with recompute_scale_factor or mode='area' in Python, float(n) · f in f's own
    type (10 · np.float32(0.7) is 7.0 in float32), else in C++ with f read as a double (6.99999988: 6)."""
    if (size is None) == (scale_factor is None):
        raise ValueError("only one of size or scale_factor should be defined" if size is not None
                         else "either size or scale_factor should be defined")
    if size is not None:
        if recompute_scale_factor:
            raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
        sizes = [as_int(s) for s in _per_axis(size, spatial, "size")]  # (a 0-d integer tensor: its int)
        if any(isinstance(s, bool) or not isinstance(s, numbers.Integral) for s in sizes):
            raise ValueError(f"interpolate: size must hold positive integers, got {size}")
        if any(s <= 0 for s in sizes):
            raise RuntimeError(f"Input and output sizes should be greater than 0, but got output sizes {sizes}")
        return [int(s) for s in sizes], [None] * spatial
    given = _per_axis(scale_factor, spatial, "scale_factor")
    factors = [float(f) for f in given]
    in_own_type = recompute_scale_factor or mode == "area"
    sizes = [math.floor(float(float(n) * f) if in_own_type else n * float(f))
             for n, f in zip(input.shape[2:], given, strict=True)]
    if any(s <= 0 for s in sizes):
        raise RuntimeError(f"Input and output sizes should be greater than 0, but got output sizes {sizes}")
    return sizes, [None] * spatial if recompute_scale_factor else factors


def _per_axis(value, spatial, name):
    if isinstance(value, (list, tuple)):
        if len(value) != spatial:
            raise ValueError(f"Input and {name} must have the same number of spatial dimensions, but got input with "
                             f"spatial dimensions of {spatial} and {name} of {tuple(value)}. Please provide input "
                             f"tensor in (N, C, d1, d2, ...,dK) format and {name} in (o1, o2, ...,oK) format.")
        return list(value)
    return [value] * spatial


def _step(n, m, scale, precision=np.float32):
    """PyTorch's source step s: 1/scale_factor when one is given, else n/m (in the precision of its CPU
    kernels: float32, or float64 for a float64 input's linear modes)."""
    return precision(1.0 / scale if scale is not None and scale > 0 else n / m)


def _nearest_sources(n, m, scale, exact, doubling_shortcut=False):
    """Each output position's source; where m = 2n, PyTorch's 2-d nearest kernel takes j // 2, whatever the scale."""
    if doubling_shortcut and not exact and m == 2 * n:
        return np.arange(m) // 2
    positions = np.arange(m, dtype=np.float32) + np.float32(0.5 if exact else 0.0)
    return np.minimum(np.floor(positions * _step(n, m, scale)).astype(np.int64), n - 1)


def _linear_sources(n, m, scale, align_corners, dtype):
    """For each output position: the two input positions it mixes and the weight λ of the second."""
    precision = np.float64 if dtype == np.float64 else np.float32
    j = np.arange(m, dtype=precision)
    if align_corners:
        position = j * precision((n - 1) / (m - 1) if m > 1 else 0.0)
    else:
        position = np.maximum((j + precision(0.5)) * _step(n, m, scale, precision) - precision(0.5), precision(0.0))
    low = np.minimum(position.astype(np.int64), n - 1)
    high = np.minimum(low + 1, n - 1)
    return low, high, (position - low).astype(dtype)


def _take(input, dim, positions):
    return input[(slice(None),) * dim + (autograd.tensor(positions),)]


@composite("pixel_shuffle")
def pixel_shuffle(input, upscale_factor):
    """(*, C·r², H, W) → (*, C, H·r, W·r): out[..., c, h·r + i, w·r + j] = x[..., c·r² + i·r + j, h, w]."""
    check_tensor("pixel_shuffle", input)
    r = python_number(upscale_factor)  # (np.int8(2): a Python int, or NumPy's int8 arithmetic wraps)
    if input.ndim < 3:
        raise RuntimeError(f"pixel_shuffle expects input to have at least 3 dimensions, but got input with "
                           f"{input.ndim} dimension(s)")
    _check_factor("pixel_shuffle", "upscale_factor", r)
    *batch, channels, height, width = input.shape
    if channels % (r * r):
        raise RuntimeError(f"pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of "
                           f"upscale_factor, but input.size(-3)={channels} is not divisible by {r * r}")
    k = len(batch)
    x = input.reshape(*batch, channels // (r * r), r, r, height, width)
    x = x.permute(*range(k), k, k + 3, k + 1, k + 4, k + 2)
    return _copy(x.reshape(*batch, channels // (r * r), height * r, width * r), input)


@composite("pixel_unshuffle")
def pixel_unshuffle(input, downscale_factor):
    """(*, C, H·r, W·r) → (*, C·r², H, W), the inverse of pixel_shuffle."""
    check_tensor("pixel_unshuffle", input)
    r = python_number(downscale_factor)
    if input.ndim < 3:
        raise RuntimeError(f"pixel_unshuffle expects input to have at least 3 dimensions, but got input with "
                           f"{input.ndim} dimension(s)")
    _check_factor("pixel_unshuffle", "downscale_factor", r)
    *batch, channels, height, width = input.shape
    if height % r or width % r:
        which = "height" if height % r else "width"
        size = height if height % r else width
        raise RuntimeError(f"pixel_unshuffle expects {which} to be divisible by downscale_factor, but input.size("
                           f"{-2 if which == 'height' else -1})={size} is not divisible by {r}")
    k = len(batch)
    x = input.reshape(*batch, channels, height // r, r, width // r, r)
    x = x.permute(*range(k), k, k + 2, k + 4, k + 1, k + 3)
    return _copy(x.reshape(*batch, channels * r * r, height // r, width // r), input)


def _copy(output, input):
    """output, or a copy of it where it is a view of input (r = 1, 1×1 images): PyTorch's result is always new."""
    return output.clone() if np.shares_memory(output.detach().numpy(), input.detach().numpy()) else output



def _check_factor(name, argument, factor):
    """PyTorch's refusals of a factor that is not a positive int (0 would divide by zero)."""
    if isinstance(factor, bool) or not isinstance(factor, numbers.Integral):
        raise TypeError(f"{name}(): argument '{argument}' (position 2) must be int, not {type(factor).__name__}")
    if factor <= 0:
        raise RuntimeError(f"{name} expects a positive {argument}, but got {factor}")


def _bilinear_uint8(array, sizes, scales, align_corners):
    """PyTorch's uint8 bilinear kernel on a (N, C, H, W) array: the width first, then the height (an axis whose
    size does not change is copied), each pass with its weights w in fixed point, W = ⌊w·2^p + ½⌋ for the
    largest p < 22 that keeps 2·max(w)·2^p below 2^15, and rounded back to uint8:
        out[j] = clip((Σᵢ W[j, i]·x[i] + 2^(p−1)) >> p, 0, 255)."""
    for dim in (3, 2):
        n, m = array.shape[dim], sizes[dim - 2]
        if n == m:
            continue
        low, high, weight = _linear_sources(n, m, scales[dim - 2], align_corners, np.float64)
        weights = np.zeros((m, n))
        np.add.at(weights, (np.arange(m), low), 1 - weight)
        np.add.at(weights, (np.arange(m), high), weight)
        precision = 0
        while precision < 22 and int(0.5 + weights.max() * (1 << (precision + 1))) < (1 << 15):
            precision += 1
        fixed = np.floor(0.5 + weights * (1 << precision)).astype(np.int64)
        summed = np.moveaxis(np.moveaxis(array.astype(np.int64), dim, -1) @ fixed.T, -1, dim)
        array = np.clip((summed + (1 << (precision - 1))) >> precision, 0, 255).astype(np.uint8)
    return array
