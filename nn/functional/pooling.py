"""Pooling: max pooling (autograd's MaxPool2d primitive: pairwise maxima over strided views), average
pooling (the sliding windows of the input, averaged), and adaptive average pooling.

    max_pool2d: out[n, c, i, j] = max_q x[n, c, i·s − p + q·d]      avg_pool2d: the mean of the same window
    out_size = ⌊(size + 2p − d·(k − 1) − 1) / s⌋ + 1   (⌈…⌉ with ceil_mode, as long as the last window
               starts inside the input or its left padding),   stride s defaults to the kernel size.

Where several elements of a window share the maximum, max_pool2d gives the whole gradient to the first
of them in window order (row by row), as PyTorch does; a NaN in a window is its maximum (of several NaNs,
the last gets the gradient, as in PyTorch). (amax, by contrast, splits the gradient equally among tied
maxima, as torch.amax does.)
"""
import math
import numbers

import numpy as np

import autograd
from autograd import Tensor
from autograd.functional.opmath import in_float32
from autograd.functional.pool import max_pool2d_padded, max_pool2d_winners
from autograd.functional.saved import composed, composite
from autograd.pytorch.conversion import python_number

from ._shapes import check_input, ntuple, require_floating, row_major_unless_channels_last
from .conv import pad_spatial
from ._inputs import check_tensor


def _axis_geometry(size, kernel, stride, padding, dilation, ceil_mode):
    """(output size, extra padding after the input that ceil_mode's last window needs) along one axis."""
    span = dilation * (kernel - 1) + 1
    room = size + 2 * padding - span
    out = (-(-room // stride) if ceil_mode else room // stride) + 1
    if ceil_mode and (out - 1) * stride >= size + padding:
        out -= 1  # PyTorch drops a last window that would start in the right padding
    return out, max(0, (out - 1) * stride + span - (size + 2 * padding))


def _require_bools(name, **flags):
    """PyTorch's TypeError for a flag that is not a bool (ceil_mode="no" would otherwise count as True)."""
    for flag, value in flags.items():
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{name}(): argument '{flag}' must be bool, not {type(value).__name__}")


def _pool_args(name, input, kernel_size, stride, padding, dilation):
    """kernel, stride, padding and dilation as pairs, checked as PyTorch checks them, but a padding over half
    the kernel (here) and an empty output (_pads) are ValueErrors, where PyTorch raises RuntimeError (the 1-D
    pools convert them)."""
    kernel = ntuple(kernel_size, 2, "kernel_size")
    no_stride = stride is None or (isinstance(stride, (list, tuple)) and len(stride) == 0)  # PyTorch's default: []
    stride = kernel if no_stride else ntuple(stride, 2, "stride")
    padding, dilation = ntuple(padding, 2, "padding"), ntuple(dilation, 2, "dilation")
    bad = [what for what, values in (("kernel_size", kernel), ("stride", stride), ("dilation", dilation))
           if min(values) < 1] + (["padding"] if min(padding) < 0 else [])
    if bad:
        raise RuntimeError(  # PyTorch raises RuntimeError here too
            f"{name}: non-positive {bad[0]}: kernel_size, stride and dilation must be positive and padding "
            f"non-negative, got kernel_size={kernel}, stride={stride}, padding={padding}, dilation={dilation}"
        )
    if any(p > k // 2 for p, k in zip(padding, kernel, strict=True)):
        raise RuntimeError(
            f"{name}: pad should be smaller than or equal to half of kernel size, but got padding={padding} "
            f"and kernel_size={kernel}"
        )
    return kernel, stride, padding, dilation


def _pads(name, input, kernel, stride, padding, dilation, ceil_mode):
    """((top, bottom), (left, right)): the padding, plus what ceil_mode's last windows need after the input."""
    sizes = [_axis_geometry(n, *args, ceil_mode) for n, *args in
             zip(input.shape[2:], kernel, stride, padding, dilation, strict=True)]
    if any(out < 1 for out, _ in sizes):
        raise RuntimeError(
            f"{name}: the output would be empty: input {tuple(input.shape)} is too small for kernel_size={kernel}, "
            f"padding={padding}, dilation={dilation}"
        )
    return tuple((p, p + extra) for p, (_, extra) in zip(padding, sizes, strict=True))


def _stacked_windows(input, kernel, stride, padding, ceil_mode, name):
    """The windows of the zero-padded input with the kernel axes first and flattened: (kh·kw, N, C, H_out, W_out)."""
    pairs = _pads(name, input, kernel, stride, padding, (1, 1), ceil_mode)
    windows = autograd.sliding_windows(pad_spatial(input, pairs), kernel, stride, (1, 1))
    batch, channels, height, width, kh, kw = windows.shape
    # Kernel axes first: NumPy reduces over a leading axis many times faster than over small trailing ones.
    return windows.permute(4, 5, 0, 1, 2, 3).reshape(kh * kw, batch, channels, height, width)


def _unbatched(pool, input, *args):
    """Run `pool` on a (C, H, W) input as a batch of one."""
    out = pool(input.unsqueeze(0), *args)
    if isinstance(out, tuple):
        return (composed(out[0].squeeze(0), pool.__name__, input),) + tuple(t.squeeze(0) for t in out[1:])
    return composed(out.squeeze(0), pool.__name__, input)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """The maximum of each kernel_size window (padding counts as −∞). With return_indices=True, also the
    position of each maximum in its (H, W) plane, flattened (h·W + w, int64), as PyTorch returns it."""
    check_tensor("max_pool2d", input)
    check_input("max_pool2d", input, 2)
    _require_bools("max_pool2d", ceil_mode=ceil_mode, return_indices=return_indices)
    if input.dtype == np.bool_:
        raise NotImplementedError('"max_pool2d" not implemented for bool tensors: pass x.float() (or x.to(torch.uint8))')
    if input.ndim == 3:
        return _unbatched(max_pool2d, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)
    kernel, stride, padding, dilation = _pool_args("max_pool2d", input, kernel_size, stride, padding, dilation)
    pads = _pads("max_pool2d", input, kernel, stride, padding, dilation, ceil_mode)
    out = max_pool2d_padded(input, kernel, stride, dilation, pads)
    if not return_indices:
        return out
    winner = max_pool2d_winners(input.detach().numpy(), kernel, stride, dilation, pads)
    rows = np.arange(out.shape[2])[:, None] * stride[0] - padding[0] + winner // kernel[1] * dilation[0]
    cols = np.arange(out.shape[3]) * stride[1] - padding[1] + winner % kernel[1] * dilation[1]
    return out, Tensor((rows * input.shape[3] + cols).astype(np.int64))


def _window_counts(size, out, kernel, stride, padding, count_include_pad):
    """How many elements each window along one axis averages: padding counts when count_include_pad,
    the extra positions that ceil_mode adds past the padding never do."""
    start = np.arange(out) * stride - padding
    end = np.minimum(start + kernel, size + padding)
    if not count_include_pad:
        start, end = np.maximum(start, 0), np.minimum(end, size)
    return end - start


@composite("avg_pool2d")
def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """The mean of each kernel_size window: the window's sum divided by its element count, padding included
    when count_include_pad (PyTorch's default), or by divisor_override when given. An int64 input gives
    int64 means, rounded toward 0 as PyTorch's integer kernel does; other integer and bool inputs are refused."""
    check_tensor("avg_pool2d", input)
    check_input("avg_pool2d", input, 2)
    if input.dtype != np.int64:
        require_floating("avg_pool2d", input)
    _require_bools("avg_pool2d", ceil_mode=ceil_mode, count_include_pad=count_include_pad)
    if divisor_override is not None and (isinstance(divisor_override, bool)
                                         or not isinstance(divisor_override, numbers.Integral)):
        raise TypeError(f"avg_pool2d(): argument 'divisor_override' must be int, not {type(divisor_override).__name__}")
    if input.ndim == 3:
        return _unbatched(avg_pool2d, input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                          divisor_override)
    if input.dtype == np.float16:  # summed in float32 and rounded once, as PyTorch's kernel
        return in_float32(avg_pool2d)(input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                                      divisor_override)
    kernel, stride, padding, _ = _pool_args("avg_pool2d", input, kernel_size, stride, padding, 1)
    if divisor_override is not None and divisor_override == 0:
        raise ValueError("avg_pool2d: divisor_override must be non-zero")
    sums = _stacked_windows(input, kernel, stride, padding, ceil_mode, "avg_pool2d").sum(dim=0)
    if divisor_override is not None:
        means = sums / divisor_override
    else:
        counts = [
            _window_counts(n, out, k, s, p, count_include_pad)
            for n, out, k, s, p in zip(input.shape[2:], sums.shape[2:], kernel, stride, padding, strict=True)
        ]
        means = sums / Tensor(np.outer(*counts).astype(sums.dtype))
    return means if input.dtype.kind == "f" else autograd.trunc(means).to(input.dtype)


def _window_bounds(size, out):
    """The adaptive windows along an axis of `size`: window i covers ⌊i·size/out⌋ … ⌈(i+1)·size/out⌉ − 1;
    their first elements and their ends (one past the last)."""
    i = np.arange(out)
    return i * size // out, -(-(i + 1) * size // out)


def _window_sums(x, dim, out):
    """The sums of x's `out` adaptive windows along axis `dim` (−1 or −2).

    Each window is summed from its own elements only (slices, zero padding, additions: no 0·x term), so an
    inf or NaN reaches only the windows that hold it, values and gradients, as in PyTorch."""
    size = x.shape[dim]
    if out == 0:
        return x[..., :0] if dim == -1 else x[..., :0, :]
    q, r = divmod(size, out)
    if r == 0 and q > 4:  # long tiles: a reshape and a sum (28 → 2: 1.8× faster than 14 strided slices)
        return x.unflatten(dim, (out, q)).sum(dim=dim)
    if q >= max(r, 1):  # spans of q + r every q, at most twice the input (30 → 7: 6.6× faster than a gather)
        return _span_sums(x, dim, out, q, r)
    return _class_sums(x, dim, out)


def _span_sums(x, dim, out, q, r):
    """Window i lies within the span i·q … i·q + q + r − 1, so its sum is Σ_{p < q + r} (x at i·q + p if that
    is in window i). The windows holding their span's p-th element are consecutive (both ends of a window
    within its span grow with i): one strided slice takes all their p-th elements, padded with zeros for
    the windows before and after them."""
    first, end = _window_bounds(x.shape[dim], out)
    lo, hi = first - np.arange(out) * q, end - np.arange(out) * q  # window i: span offsets lo_i … hi_i − 1
    total = None
    for p in range(q + r):
        holding = np.flatnonzero((lo <= p) & (p < hi))
        a, b = int(holding[0]), int(holding[-1]) + 1
        term = _axis_slice(x, dim, slice(a * q + p, (b - 1) * q + p + 1, q))
        if (a, b) != (0, out):
            term = autograd.pad(term, [a, out - b] if dim == -1 else [0, 0, a, out - b])
        total = term if total is None else total + term
    return total


def _class_sums(x, dim, out):
    """With g = gcd(n, out), window i + out/g starts n/g after window i and has its length, so the windows
    fall into out/g classes of g evenly spaced windows, and a class's sum is Σ_j (the strided slice of its
    windows' j-th elements). (Used where spans would more than double the input: 13 → 7, or upsampling.)"""
    size = x.shape[dim]
    g = math.gcd(size, out)
    step, classes = size // g, out // g
    first, end = _window_bounds(size, out)
    sums = []
    for c in range(classes):
        parts = [_axis_slice(x, dim, slice(a, a + (g - 1) * step + 1, step)) for a in range(first[c], end[c])]
        sums.append(sum(parts[1:], parts[0]))
    axis = x.ndim + dim
    return autograd.stack(sums, dim=axis + 1).flatten(axis, axis + 1)  # window k·classes + c: class c's k-th


def _axis_slice(x, dim, part):
    """x[..., part] (dim −1) or x[..., part, :] (dim −2)."""
    return x[..., part] if dim == -1 else x[..., part, :]


@composite("adaptive_avg_pool2d")
def adaptive_avg_pool2d(input, output_size):
    """Average pooling to a fixed (H_out, W_out) (an int for both; None keeps that axis): output row i
    averages the input rows ⌊i·H/H_out⌋ to ⌈(i+1)·H/H_out⌉ − 1, and likewise for columns (PyTorch's windows).
    Computed one axis at a time, each window on its own (see _window_sums)."""
    check_tensor("adaptive_avg_pool2d", input)
    check_input("adaptive_avg_pool2d", input, 2)
    require_floating("adaptive_avg_pool2d", input)
    sizes = output_size if isinstance(output_size, (tuple, list)) else (output_size, output_size)
    if len(sizes) != 2:
        raise ValueError(f"adaptive_avg_pool2d: output_size must be an int or a pair, got {output_size}")
    height, width = input.shape[-2:]
    out_h, out_w = (n if s is None else python_number(s) for n, s in zip((height, width), sizes, strict=True))
    if not all(isinstance(s, numbers.Integral) and not isinstance(s, bool) for s in (out_h, out_w)):
        raise TypeError(f"adaptive_avg_pool2d: output_size must be an int or a pair of ints (or None), got {output_size!r}")
    if min(out_h, out_w) < 0:  # (0 gives an empty output, as in PyTorch)
        raise RuntimeError(f"adaptive_avg_pool2d: output_size must be non-negative, got {output_size}")
    if 0 in input.shape[-3:]:
        raise RuntimeError(f"adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, "
                           f"but input has sizes {list(input.shape)}")
    return _adaptive_average(input, out_h, out_w)


@in_float32
def _adaptive_average(input, out_h, out_w):
    """The window sums along H, then along W, divided by the windows' sizes (float16 in float32, rounded
    once, as PyTorch's kernel)."""
    if (out_h, out_w) == (1, 1):  # the common classifier head, in one reduction
        return input.mean(dim=(-2, -1), keepdim=True)
    sums = _window_sums(_window_sums(input, -2, out_h), -1, out_w)
    (top, bottom), (left, right) = _window_bounds(input.shape[-2], out_h), _window_bounds(input.shape[-1], out_w)
    sizes = np.outer(bottom - top, right - left).astype(sums.dtype)
    return row_major_unless_channels_last(sums / Tensor(sizes), input)
