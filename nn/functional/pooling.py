"""Pooling: the sliding windows of the input, reduced by max or mean.

    max_pool2d: out[n, c, i, j] = max_{q} x[n, c, i·s + q·d]     avg_pool2d: the mean of the same window
    out_size = ⌊(size + 2p − d·(k − 1) − 1) / s⌋ + 1,   stride s defaults to the kernel size.
Where several elements of a window share the maximum, max_pool2d splits the gradient among them
equally (PyTorch gives it all to one of them)."""
import numpy as np

import autograd

from ._shapes import check_input, ntuple
from .conv import pad_spatial


def _windows(input, kernel_size, stride, padding, dilation, name, pad_value):
    """The (N, C, H_out, W_out, kh, kw) windows of the padded input."""
    kernel = ntuple(kernel_size, 2)
    stride = kernel if stride is None else ntuple(stride, 2)
    pairs = tuple((p, p) for p in ntuple(padding, 2))
    if any(p > k // 2 for (p, _), k in zip(pairs, kernel)):
        raise ValueError(
            f"{name}: padding should be at most half of the kernel size, got padding {padding} and kernel {kernel}"
        )
    padded = pad_spatial(input, pairs, pad_value)
    return autograd.sliding_windows(padded, kernel, stride, ntuple(dilation, 2))


def _pool(input, kernel_size, stride, padding, dilation, name, pad_value, reduce):
    check_input(name, input, 2)
    if input.ndim == 3:
        return _pool(input.unsqueeze(0), kernel_size, stride, padding, dilation, name, pad_value, reduce).squeeze(0)
    windows = _windows(input, kernel_size, stride, padding, dilation, name, pad_value)
    batch, channels, height, width, kh, kw = windows.shape
    # Kernel axes first: NumPy reduces over a leading axis many times faster than over small trailing ones.
    stacked = windows.permute(4, 5, 0, 1, 2, 3).reshape(kh * kw, batch, channels, height, width)
    return reduce(stacked, dim=0)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1):
    """The maximum of each kernel_size window (padding counts as −∞)."""
    return _pool(input, kernel_size, stride, padding, dilation, "max_pool2d", -np.inf, autograd.amax)


def avg_pool2d(input, kernel_size, stride=None, padding=0):
    """The mean of each kernel_size window (padding counts as 0 and is included in the count)."""
    return _pool(input, kernel_size, stride, padding, 1, "avg_pool2d", 0, autograd.mean)
