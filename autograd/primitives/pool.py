"""Max pooling by pairwise maxima over strided views, keeping which kernel offset won.

For x (N, C, H, W), padded with −∞ by `pads` ((top, bottom), (left, right)), kernel (kh, kw), stride s,
dilation d:
    out[n, c, i, j] = max over offsets (p, q) of x_pad[n, c, i·s₀ + p·d₀, j·s₁ + q·d₁]
One kernel offset k = (p, q) at a time, the strided slice x_pad[..., p·d₀ :: s₀, q·d₁ :: s₁] (one element
of every window) is compared with the running maximum, and `winner` keeps the offset where it was larger:
kh·kw whole-array steps, no copy of the windows. PyTorch's rules: of equal maxima the first in window
order wins; a NaN is the maximum, and of several NaNs the last wins; padding never wins (a window whose
elements are all −∞ takes its first element inside the input). Integer inputs are padded with their
smallest value. The gradient goes to the winner only:
for each offset k, g is added where k won into the strided slice k of the input's gradient.
"""
import itertools

import numpy as np

from ..function import Function


def output_size(size, kernel, stride, dilation, before, after):
    """Windows along one axis of the padded input: ⌊(size + pads − d·(k − 1) − 1) / s⌋ + 1."""
    return (size + before + after - dilation * (kernel - 1) - 1) // stride + 1


def offset_slices(offset, stride, dilation, out_hw):
    """The strided slice of the padded input that holds kernel offset `offset` of every window."""
    return (Ellipsis,) + tuple(slice(q * d, q * d + s * (n - 1) + 1, s)
                               for q, d, s, n in zip(offset, dilation, stride, out_hw, strict=True))


def first_inside(out, stride, dilation, before):
    """For each window along one axis, its first kernel offset that falls inside the input (not padding):
    the smallest q ≥ 0 with i·s + q·d ≥ before."""
    start = np.arange(out) * stride
    return np.maximum(0, -((start - before) // dilation))


class Geometry:
    """Kernel, stride, dilation and padding of one pooling, and the windows' offsets in window order."""

    def __init__(self, kernel, stride, dilation, pads):
        self.kernel, self.stride, self.dilation, self.pads = kernel, stride, dilation, pads
        self.offsets = list(itertools.product(*(range(k) for k in kernel)))
        # windows that do not overlap (stride ≥ span on both axes): every input element is in one slice at most
        self.disjoint = all(s >= d * (k - 1) + 1 for k, s, d in zip(kernel, stride, dilation, strict=True))

    def out_hw(self, in_hw):
        return tuple(output_size(n, k, s, d, *p) for n, k, s, d, p in
                     zip(in_hw, self.kernel, self.stride, self.dilation, self.pads, strict=True))

    def padded(self, x, value):
        if not any(before or after for before, after in self.pads):
            return x
        return np.pad(x, ((0, 0),) * (x.ndim - 2) + tuple(self.pads), constant_values=value)

    def slices(self, k, out_hw):
        return offset_slices(self.offsets[k], self.stride, self.dilation, out_hw)

    def crop(self, x_pad):
        """The input's part of a padded array."""
        return x_pad[(Ellipsis,) + tuple(slice(b, n - a) for (b, a), n in zip(self.pads, x_pad.shape[-2:], strict=True))]


def lowest(dtype):
    """The padding value of max pooling: −∞, or the smallest integer (padding never wins either way)."""
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min if dtype.kind in "iu" else False


def max_and_winner(x, geometry):
    """(the maximum of every window, the index in window order of the offset that holds it)."""
    out_hw = geometry.out_hw(x.shape[-2:])
    x_pad = geometry.padded(x, lowest(x.dtype))
    rows, cols = (first_inside(n, s, d, before) for n, s, d, (before, _) in
                  zip(out_hw, geometry.stride, geometry.dilation, geometry.pads, strict=True))
    dtype = np.uint8 if len(geometry.offsets) <= 256 else np.intp
    start = (rows[:, None] * geometry.kernel[1] + cols).astype(dtype)  # 0 where offset 0 is inside the input
    winner = np.broadcast_to(start, x.shape[:-2] + out_hw).copy()  # C order (np.array would keep the 0 strides)
    best = x_pad[geometry.slices(0, out_hw)].copy()  # offset 0 is −∞ (padding) wherever it is not the start
    for k in range(1, len(geometry.offsets)):
        candidate = x_pad[geometry.slices(k, out_hw)]
        larger = np.greater(candidate, best).view(np.uint8)
        np.maximum(winner, larger * dtype(k), out=winner)  # = k where larger: every earlier winner is < k
        np.maximum(best, candidate, out=best)  # NaN propagates
    if best.dtype.kind == "f" and np.isnan(best).any():  # `val > max or isnan(val)`: the last NaN wins
        for k in range(len(geometry.offsets)):
            np.copyto(winner, k, where=np.isnan(x_pad[geometry.slices(k, out_hw)]))
    return best, winner


def scatter_to_winners(g, winner, geometry, shape):
    """zeros(shape) with every window's g added at its winner (for each offset, into its strided slice)."""
    pad_shape = shape[:-2] + tuple(n + b + a for n, (b, a) in zip(shape[-2:], geometry.pads, strict=True))
    out = np.zeros(pad_shape, dtype=g.dtype)
    finite = np.isfinite(g).all()  # else g·0 would be NaN for g = ±∞: np.where instead
    for k in range(len(geometry.offsets)):
        target = out[geometry.slices(k, g.shape[-2:])]
        won = winner == k
        if finite and geometry.disjoint:
            np.multiply(g, won, out=target)  # nothing else is written there
        else:
            np.add(target, np.multiply(g, won) if finite else np.where(won, g, 0), out=target)
    return geometry.crop(out)


def gather_at_winners(a, winner, geometry):
    """out[n, c, i, j] = a at the winner of window (i, j)."""
    a_pad = geometry.padded(a, 0)
    out = np.empty(winner.shape, dtype=a.dtype)
    for k in range(len(geometry.offsets)):
        np.copyto(out, a_pad[geometry.slices(k, winner.shape[-2:])], where=winner == k)
    return out


class MaxPool2d(Function):
    """out = the maximum of each window (pairwise maxima over strided views);  da = g added at each window's winner"""

    reads_inputs = False

    def __init__(self, kernel, stride, dilation, pads):
        self.geometry = Geometry(kernel, stride, dilation, pads)

    def forward(self, x):
        self.shape = x.shape
        out, self.winner = max_and_winner(x, self.geometry)
        return out

    def backward(self, ops, g):
        return (ops(MaxPoolScatter, g, winner=self.winner, geometry=self.geometry, shape=self.shape),)

    def label(self):
        return f"max_pool2d(k={self.geometry.kernel}, s={self.geometry.stride})"


class MaxPoolScatter(Function):
    """out = zeros(shape) with each window's a added at its winner (max pooling's backward);
    da = g gathered at the winners"""

    reads_inputs = False

    def __init__(self, winner, geometry, shape):
        self.winner, self.geometry, self.shape = winner, geometry, shape

    def forward(self, a):
        return scatter_to_winners(a, self.winner, self.geometry, self.shape)

    def backward(self, ops, g):
        return (ops(MaxPoolGather, g, winner=self.winner, geometry=self.geometry),)


class MaxPoolGather(Function):
    """out = a at each window's winner;  da = g added at the winners (the adjoint of MaxPoolScatter)"""

    reads_inputs = False

    def __init__(self, winner, geometry):
        self.winner, self.geometry = winner, geometry

    def forward(self, a):
        self.shape = a.shape
        return gather_at_winners(a, self.winner, self.geometry)

    def backward(self, ops, g):
        return (ops(MaxPoolScatter, g, winner=self.winner, geometry=self.geometry, shape=self.shape),)
