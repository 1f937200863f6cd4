"""Primitives that move values around without arithmetic: reshape, permute, indexing and its
scatter-add adjoint, concatenation and zero padding. (Broadcasting, the adjoint of a sum, is in
reductions.py.)"""
import numpy as np

from ..function import Function


class Reshape(Function):
    """out = a viewed with a new shape;  da = g reshaped back"""

    reads_inputs = False
    is_view = True

    __slots__ = ("shape",)  # the parameters, kept without a per-node dict

    def __init__(self, shape):
        self.shape = shape

    def forward(self, a):
        return a.reshape(self.shape)

    def pytorch_name(self):
        return "View"

    def backward(self, ops, g):
        return (ops(Reshape, g, shape=self.inputs[0].shape),)

    def label(self):
        return f"reshape{self.shape}"


class Permute(Function):
    """out = a with its axes reordered;  da = g with the inverse order"""

    reads_inputs = False
    is_view = True

    __slots__ = ("dims",)  # the parameters, kept without a per-node dict

    def __init__(self, dims):
        self.dims = dims

    def forward(self, a):
        return a.transpose(self.dims)

    def backward(self, ops, g):
        return (ops(Permute, g, dims=tuple(np.argsort(self.dims).tolist())),)

    def label(self):
        return f"permute{self.dims}"


def matrix_transpose(ops, x):
    """x with its last two axes swapped, a view (for Tensor.mT and matmul's rule): `ops` runs Permute on
    an array or records it on a Tensor (autograd/rules.py)."""
    dims = list(range(len(x.shape)))
    dims[-2], dims[-1] = dims[-1], dims[-2]
    return ops(Permute, x, dims=tuple(dims))


def is_basic_index(index):
    """True for ints, slices, None and Ellipsis only (NumPy 'basic' indexing: a view)."""
    return all(isinstance(i, (int, slice, type(None), type(Ellipsis))) for i in index)


def scatter_add(target, index, values):
    """target[index] += values in place, where repeated indices accumulate (NumPy's `+=` with
    an integer array index would keep only one of them)."""
    if is_basic_index(index):
        target[index] += values
    else:
        np.add.at(target, index, values)


class GetItem(Function):
    """out = a[index];  da = zeros like a with g added at the indexed positions"""

    reads_inputs = False
    is_view = True

    __slots__ = ("index",)  # the parameters, kept without a per-node dict

    def __init__(self, index):
        self.index = index  # a tuple, normalised by functional.normalize_index

    def forward(self, a):  # an integer array or a mask copies: row-major, as PyTorch's result
        return a[self.index] if is_basic_index(self.index) else np.asarray(a[self.index], order="C")

    def pytorch_name(self):
        """x[0]: Select; x[1:]: Slice; an integer array or a mask: Index (PyTorch's names)."""
        if not is_basic_index(self.index):
            return "Index"
        return "Select" if any(type(i) is int for i in self.index) else "Slice"

    def backward(self, ops, g):
        return (ops(IndexAdd, g, index=self.index, shape=self.inputs[0].shape),)

    def add_into(self, buffer, grad):
        """The sparse form of backward, used by the engine when no graph of the backward pass is
        needed: add g into the input's gradient `buffer` at the indexed positions, in place.
        Slicing L pieces from one tensor then costs O(L) in backward, not L full-size arrays."""
        scatter_add(buffer, self.index, grad)

    def label(self):
        return "getitem"


class IndexAdd(Function):
    """out = zeros(shape) with `a` added at `index` (repeated indices accumulate);
    da = g[index].  The adjoint of GetItem."""

    reads_inputs = False

    __slots__ = ("index", "shape")  # the parameters, kept without a per-node dict

    def __init__(self, index, shape):
        self.index = index
        self.shape = shape

    def forward(self, a):
        out = np.zeros(self.shape, dtype=a.dtype)
        scatter_add(out, self.index, a)
        return out

    def backward(self, ops, g):
        return (ops(GetItem, g, index=self.index),)


class TakeAlongDim(Function):
    """out[…, 0, …] = a[…, index[…, 0, …], …] along `axis`;  da = g put at the taken places, 0 elsewhere

    One element is taken from each line along the axis (index has size 1 there: the maximum argmax
    found, say), so no place is taken twice and the backward puts (PutAlongDim) without np.add.at."""

    reads_inputs = False

    __slots__ = ("index", "axis")  # the parameters, kept without a per-node dict

    def __init__(self, index, axis):
        self.index, self.axis = index, axis

    def forward(self, a):
        return np.take_along_axis(a, self.index, self.axis)

    def backward(self, ops, g):
        return (ops(PutAlongDim, g, index=self.index, axis=self.axis, shape=self.inputs[0].shape),)

    def label(self):
        return f"take_along_dim(dim={self.axis})"


class PutAlongDim(Function):
    """out = zeros(shape), then out[…, index[…, 0, …], …] = a[…, 0, …] along `axis`;  da = g taken at those places

    The adjoint of TakeAlongDim (np.put_along_axis with an index of size 1 along the axis)."""

    reads_inputs = False

    __slots__ = ("index", "axis", "shape")  # the parameters, kept without a per-node dict

    def __init__(self, index, axis, shape):
        self.index, self.axis, self.shape = index, axis, shape

    def forward(self, a):
        out = np.zeros(self.shape, dtype=a.dtype)
        np.put_along_axis(out, self.index, a, self.axis)
        return out

    def backward(self, ops, g):
        return (ops(TakeAlongDim, g, index=self.index, axis=self.axis),)


class Cat(Function):
    """out = the inputs joined along `axis`, row-major unless `channels_last`;  each input's gradient: its slice of g"""

    reads_inputs = False

    __slots__ = ("axis", "channels_last")  # the parameters, kept without a per-node dict

    def __init__(self, axis, channels_last=False):
        self.axis, self.channels_last = axis, channels_last

    def forward(self, *arrays):
        return (np.asarray if self.channels_last else np.ascontiguousarray)(np.concatenate(arrays, axis=self.axis))

    def backward(self, ops, g):
        grads, start = [], 0
        for array in self.inputs:
            stop = start + array.shape[self.axis]
            index = (slice(None),) * self.axis + (slice(start, stop),)
            grads.append(ops(GetItem, g, index=index))
            start = stop
        return tuple(grads)

    def label(self):
        return f"cat(dim={self.axis})"


class Stack(Function):
    """out = the inputs (of one shape) stacked on a new axis `axis`, row-major unless channels_last;  input i: g[..., i]
    (one op, where an unsqueeze of every input and a cat would record n + 1)"""

    reads_inputs = False

    __slots__ = ("axis", "channels_last")  # the parameters, kept without a per-node dict

    def __init__(self, axis, channels_last=False):
        self.axis, self.channels_last = axis, channels_last

    def forward(self, *arrays):
        return (np.asarray if self.channels_last else np.ascontiguousarray)(np.stack(arrays, axis=self.axis))

    def backward(self, ops, g):
        before = (slice(None),) * self.axis
        return tuple(ops(GetItem, g, index=before + (i,)) for i in range(len(self.inputs)))

    def label(self):
        return f"stack(dim={self.axis})"


class Pad(Function):
    """out = a with zeros added before and after each axis (`widths` = ((before, after), ...));
    da = the middle part of g"""

    reads_inputs = False

    __slots__ = ("widths",)  # the parameters, kept without a per-node dict

    def __init__(self, widths):
        self.widths = widths

    def forward(self, a):  # row-major, as PyTorch's (NumPy pads a column-major array column-major)
        return np.asarray(np.pad(a, self.widths), order="C")

    def backward(self, ops, g):
        index = tuple(slice(before, n - after) for (before, after), n in zip(self.widths, g.shape, strict=True))
        return (ops(GetItem, g, index=index),)

    def label(self):
        return "pad"

