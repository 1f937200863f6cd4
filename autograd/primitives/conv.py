"""Convolution as one primitive (PyTorch's ConvolutionBackward0): im2col and one matrix product.

For x (N, C_in, *size), weight W (C_out, C_in/G, *k), bias b (C_out), zero padding (before, after) per
spatial axis, stride s, dilation d and G groups:
    out[n, o, i...] = b[o] + Σ_c Σ_q W[o, c, q...] · x_padded[n, c_g + c, i·s + q·d ...]
    out_size = ⌊(size + before + after − d·(k − 1) − 1) / s⌋ + 1     (per spatial axis)
(cross-correlation; c_g is the first input channel of o's group). The padded input's windows, laid out
channels outer as columns (C_in·∏k, N·∏out) — im2col, a copy that reads whole rows of the input — times
the weight as a matrix (C_out, C_in/G·∏k), block by block per group, give the output as (C_out, N·∏out):
one large product per group (which BLAS can thread), returned as an (N, C_out, *out) view. Backward:
    ∂W = g · columnsᵀ          ConvolutionWeightGrad
    ∂x = col2im(Wᵀ · g)         ConvolutionInputGrad (col2im adds each column back where im2col read it)
    ∂b = Σ g over N and the output positions
Both backward primitives are linear in each of their two inputs, and each one's gradient is a
convolution or the other one, so a recorded backward (create_graph=True) is differentiable again.
The node keeps x and W, and the columns (∏k times x's size) only up to KEEP_COLUMNS bytes: larger ones ∂W
recomputes from x. Measured on the bench (each in one process against PyTorch): keeping every layer's columns
saves about 6% of the small conv net's step and 4% of the VGG-style step, whose peak memory it nearly doubles
(313 → 585 MiB; PyTorch's: 460–500). A node drops its columns with its other arrays after backward.
"""
import itertools
import math

import numpy as np

from ..function import Function
from .reductions import Sum

KEEP_COLUMNS = 16 * 2**20  # bytes: columns up to this size are kept for ∂W, larger ones recomputed


class Geometry:
    """Kernel, stride, dilation, zero padding ((before, after) per spatial axis) and groups of one convolution."""

    def __init__(self, kernel, stride, dilation, pads, groups):
        self.kernel, self.stride, self.dilation, self.pads, self.groups = kernel, stride, dilation, pads, groups

    def out_size(self, size):
        """⌊(size + before + after − d·(k − 1) − 1) / s⌋ + 1 per spatial axis."""
        axes = zip(size, self.kernel, self.stride, self.dilation, self.pads, strict=True)
        return tuple((n + b + a - d * (k - 1) - 1) // s + 1 for n, k, s, d, (b, a) in axes)

    def offset_slices(self, offset, out_size):
        """The strided slices of the padded spatial axes that hold kernel offset `offset` of every window."""
        return tuple(slice(q * d, q * d + s * (m - 1) + 1, s)
                     for q, d, s, m in zip(offset, self.dilation, self.stride, out_size, strict=True))


def padded(x, pads):
    """x (*, *spatial) with zeros added (before, after) along its len(pads) trailing axes."""
    if not any(b or a for b, a in pads):
        return x
    lead = x.shape[: x.ndim - len(pads)]
    out = np.zeros(lead + tuple(n + b + a for n, (b, a) in zip(x.shape[len(lead):], pads, strict=True)), x.dtype)
    out[(Ellipsis,) + tuple(slice(b, b + n) for n, (b, _) in zip(x.shape[len(lead):], pads, strict=True))] = x
    return out


def columns(x, geometry):
    """im2col, channels outer: (G, C_in/G·∏k, N·∏out), row (c, q...) holding x_padded[n, c, i·s + q·d ...]
    at column (n, i...)."""
    x_pad = padded(x, geometry.pads)
    n = len(geometry.kernel)
    out_size = geometry.out_size(x.shape[2:])
    spans = tuple(d * (k - 1) + 1 for k, d in zip(geometry.kernel, geometry.dilation, strict=True))
    windows = np.lib.stride_tricks.sliding_window_view(x_pad, spans, axis=tuple(range(2, 2 + n)))
    windows = windows[(slice(None), slice(None)) + tuple(slice(None, None, s) for s in geometry.stride)
                      + tuple(slice(None, None, d) for d in geometry.dilation)]  # (N, C_in, *out, *k)
    by_channel = windows.transpose(1, *range(2 + n, 2 + 2 * n), 0, *range(2, 2 + n))  # (C_in, *k, N, *out)
    rows = x.shape[1] // geometry.groups * math.prod(geometry.kernel)
    return np.ascontiguousarray(by_channel).reshape(geometry.groups, rows, x.shape[0] * math.prod(out_size))


def grouped(g, groups):
    """g (N, C_out, *out) as (G, C_out/G, N·∏out), channels outer (a copy unless g is laid out so already)."""
    by_channel = g.transpose(1, 0, *range(2, g.ndim))
    return by_channel.reshape(groups, g.shape[1] // groups, g.shape[0] * math.prod(g.shape[2:]))


def col2im(cols, geometry, shape):
    """The adjoint of im2col: zeros of x's `shape` (N, C_in, *size), every column entry added back where
    im2col read it (one whole-array add per kernel offset), for cols (C_in, *k, N, *out)."""
    batch, channels, size = shape[0], shape[1], shape[2:]
    padded_size = tuple(n + b + a for n, (b, a) in zip(size, geometry.pads, strict=True))
    out = np.zeros((channels, batch) + padded_size, dtype=cols.dtype)  # channels outer, as cols
    out_size = cols.shape[2 + len(size):]
    for offset in itertools.product(*(range(k) for k in geometry.kernel)):
        out[(slice(None), slice(None)) + geometry.offset_slices(offset, out_size)] += cols[(slice(None),) + offset]
    inside = tuple(slice(b, b + n) for n, (b, _) in zip(size, geometry.pads, strict=True))
    return out[(slice(None), slice(None)) + inside].transpose(1, 0, *range(2, 2 + len(size)))


def correlate(x, weight, geometry, cols):
    """out (N, C_out, *out) = W ⋆ x: the weight as (G, C_out/G, C_in/G·∏k) times x's columns, a product per group."""
    c_out, groups = weight.shape[0], geometry.groups
    out = np.matmul(weight.reshape(groups, c_out // groups, -1), cols)  # (G, C_out/G, N·∏out)
    out_size = geometry.out_size(x.shape[2:])
    out = out.reshape((c_out, x.shape[0]) + out_size).transpose(1, 0, *range(2, 2 + len(out_size)))
    return np.ascontiguousarray(out)  # row-major, as PyTorch's (y.view(N, -1) works; costs ~5% of a conv step)


class Convolution(Function):
    """out = a ⋆ b + c: the input a = x (N, C_in, *size) correlated with the weight b = W (C_out, C_in/G, *k),
    plus the bias c (C_out) or none;  da = col2im(bᵀ · g),  db = g · im2col(a)ᵀ,  dc = Σ g over all axes but
    the channels. The letters are the explorer's: its inputs in order."""

    columns = None  # im2col(x), when kept for backward (KEEP_COLUMNS)

    def __init__(self, kernel, stride, dilation, pads, groups):
        self.geometry = Geometry(kernel, stride, dilation, pads, groups)

    def forward(self, x, weight, bias=None):
        cols = columns(x, self.geometry)
        if cols.nbytes <= KEEP_COLUMNS:
            self.columns = cols
        out = correlate(x, weight, self.geometry, cols)
        if bias is None:
            return out
        bias = bias.reshape((-1,) + (1,) * len(self.geometry.kernel))
        if bias.dtype == out.dtype:
            out += bias  # in place: out is new, and as W ⋆ x + b it has out's shape
            return out
        return out + bias  # a bias of another dtype promotes the result (as `+` does)

    def reads_input(self, i):
        return i < 2 and self.edges[1 - i] is not None  # x is read only for W's gradient, and W for x's

    def backward(self, ops, g):
        x, weight = ops.inputs(self)[:2]
        geometry = self.geometry
        grad_w = ops(ConvolutionWeightGrad, x, g, geometry=geometry, cols=self.columns) if self.needs_grad(1) else None
        grad_x = ops(ConvolutionInputGrad, g, weight, geometry=geometry, shape=x.shape) if self.needs_grad(0) else None
        if len(self.edges) == 2:
            return grad_x, grad_w
        grad_b = ops(Sum, g, axis=(0, *range(2, g.ndim))) if self.needs_grad(2) else None
        return grad_x, grad_w, grad_b

    def free(self):
        super().free()
        self.columns = None

    def label(self):
        """'conv2d', with the options F.conv2d was given that are not its defaults: 'conv2d(padding=2)'."""
        geometry = self.geometry
        options = (("stride", _one_if_equal(geometry.stride), 1), ("padding", _padding(geometry.pads), 0),
                   ("dilation", _one_if_equal(geometry.dilation), 1), ("groups", geometry.groups, 1))
        given = ", ".join(f"{name}={value}" for name, value, default in options if value != default)
        return f"conv{len(geometry.kernel)}d" + (f"({given})" if given else "")


def _one_if_equal(values):
    """(2, 2) as 2, as PyTorch's arguments accept it; (1, 2) as it is."""
    return values[0] if len(set(values)) == 1 else tuple(values)


def _padding(pads):
    """The padding as F.conv2d takes it: 2 for ((2, 2), (2, 2)), (1, 2) for ((1, 1), (2, 2)); the (before, after)
    pairs where some axis pads unevenly (padding='same' with an even kernel)."""
    if all(before == after for before, after in pads):
        return _one_if_equal(tuple(before for before, _ in pads))
    return tuple(pads)


class ConvolutionWeightGrad(Function):
    """out = b · im2col(a)ᵀ, the weight's gradient of a ⋆ W, for the input a = x and b = the gradient of the
    convolution's output;  da = ConvolutionInputGrad(b, g) = col2im(gᵀ · b),  db = a ⋆ g  (g: weight-shaped)"""

    def __init__(self, geometry, cols=None):
        self.geometry, self.cols = geometry, cols  # cols: im2col(x) when the convolution kept it

    def forward(self, x, g):
        groups = self.geometry.groups
        cols = columns(x, self.geometry) if self.cols is None else self.cols  # (G, C_in/G·∏k, N·∏out)
        grad = np.matmul(grouped(g, groups), cols.transpose(0, 2, 1))  # (G, C_out/G, C_in/G·∏k)
        return grad.reshape((g.shape[1], x.shape[1] // groups) + tuple(self.geometry.kernel))

    def backward(self, ops, g):  # g: the weight's shape
        x, grad_out = ops.inputs(self)
        geometry, needs_x = self.geometry, self.needs_grad(0)
        grad_x = ops(ConvolutionInputGrad, grad_out, g, geometry=geometry, shape=x.shape) if needs_x else None
        grad_g = ops(Convolution, x, g, **vars(geometry)) if self.needs_grad(1) else None
        return grad_x, grad_g

    def pytorch_name(self):
        return "ConvolutionBackward"

    def label(self):
        return f"conv{len(self.geometry.kernel)}d_weight_grad"


class ConvolutionInputGrad(Function):
    """out = col2im(bᵀ · a), the input's gradient of x ⋆ b, for a = the gradient of the convolution's output and
    the weight b = W;  da = g ⋆ b (a convolution),  db = ConvolutionWeightGrad(g, a) = a · im2col(g)ᵀ  (g: x-shaped)"""

    def __init__(self, geometry, shape):
        self.geometry, self.shape = geometry, tuple(shape)

    def forward(self, g, weight):
        groups, kernel = self.geometry.groups, self.geometry.kernel
        w = weight.reshape(groups, weight.shape[0] // groups, -1)
        cols = np.matmul(w.transpose(0, 2, 1), grouped(g, groups))  # (G, C_in/G·∏k, N·∏out)
        return col2im(cols.reshape((self.shape[1],) + tuple(kernel) + (g.shape[0],) + g.shape[2:]), self.geometry,
                      self.shape)

    def backward(self, ops, g):  # g: the input's shape
        grad_out, weight = ops.inputs(self)
        grad_g = ops(Convolution, g, weight, **vars(self.geometry)) if self.needs_grad(0) else None
        grad_w = ops(ConvolutionWeightGrad, g, grad_out, geometry=self.geometry) if self.needs_grad(1) else None
        return grad_g, grad_w

    def pytorch_name(self):
        return "ConvolutionBackward"

    def label(self):
        return f"conv{len(self.geometry.kernel)}d_input_grad"
