"""Sliding windows: the primitive behind average pooling and sliding_windows (conv.py copies this view as im2col).

For x of shape (N, C, *spatial) and a kernel of size k (one entry per spatial axis),
Windows gives shape (N, C, *out, *k) where out[i] = (spatial[i] - dilation[i](k[i]-1) - 1) // stride[i] + 1
and  out[n, c, p..., q...] = x[n, c, p·stride + q·dilation ...].
The result is a strided view: no copy until a later reshape gathers it into a matrix.
Convolution reads the same view in its own primitive (conv.py); max pooling has its own too (pool.py).
"""
import itertools

import numpy as np

from ..function import Function


def window_view(x, kernel, stride, dilation):
    """The (N, C, *out, *kernel) read-only view of x's sliding windows."""
    spatial_axes = tuple(range(2, x.ndim))
    span = tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilation, strict=True))
    view = np.lib.stride_tricks.sliding_window_view(x, span, axis=spatial_axes)
    out_index = tuple(slice(None, None, s) for s in stride)
    kernel_index = tuple(slice(None, None, d) for d in dilation)
    return view[(slice(None), slice(None)) + out_index + kernel_index]


def output_size(size, kernel, stride, dilation):
    """Positions a window fits in along one axis: ⌊(size − dilation·(kernel−1) − 1) / stride⌋ + 1."""
    return (size - dilation * (kernel - 1) - 1) // stride + 1


class Windows(Function):
    """out = the sliding windows of a;  da = each window's gradient added back where it was read"""

    reads_inputs = False

    __slots__ = ("kernel", "stride", "dilation")  # the parameters, kept without a per-node dict

    def __init__(self, kernel, stride, dilation):
        self.kernel, self.stride, self.dilation = kernel, stride, dilation

    def forward(self, x):
        for size, k, s, d in zip(x.shape[2:], self.kernel, self.stride, self.dilation, strict=True):
            if output_size(size, k, s, d) < 1:
                raise ValueError(f"kernel {self.kernel} with dilation {self.dilation} is larger than the input")
        return window_view(x, self.kernel, self.stride, self.dilation)

    def backward(self, ops, g):
        params = dict(kernel=self.kernel, stride=self.stride, dilation=self.dilation)
        return (ops(WindowsAdd, g, shape=self.inputs[0].shape, **params),)

    def label(self):
        return f"windows(k={self.kernel}, s={self.stride})"


class WindowsAdd(Function):
    """out = zeros(shape) with every window of `a` added back at the place it was read
    (col2im, a scatter-add);  da = the sliding windows of g.  The adjoint of Windows.

    The loop runs over kernel offsets only (e.g. 9 for 3×3); each step adds a whole
    (N, C, *out) block at once."""

    reads_inputs = False

    __slots__ = ("shape", "kernel", "stride", "dilation")  # the parameters, kept without a per-node dict

    def __init__(self, shape, kernel, stride, dilation):
        self.shape, self.kernel, self.stride, self.dilation = shape, kernel, stride, dilation

    def forward(self, windows):
        out = np.zeros(self.shape, dtype=windows.dtype)
        out_sizes = windows.shape[2 : 2 + len(self.kernel)]
        for offset in itertools.product(*(range(k) for k in self.kernel)):
            target = tuple(slice(q * d, q * d + s * (n - 1) + 1, s)
                           for q, d, s, n in zip(offset, self.dilation, self.stride, out_sizes, strict=True))
            out[(slice(None), slice(None)) + target] += windows[(Ellipsis,) + offset]
        return out

    def backward(self, ops, g):
        return (ops(Windows, g, kernel=self.kernel, stride=self.stride, dilation=self.dilation),)
