"""Cumulative sums and products along an axis (PyTorch's cumsum and cumprod), and the product (prod).

The scans accumulate float16 and float32 in float64 and round each result once, as PyTorch's CPU
kernels do, so long sums agree with PyTorch's to the last bit. prod multiplies in the input's own
dtype, as PyTorch's reduction does (so it overflows where PyTorch's does).
"""

import numpy as np

from ..function import Function
from .elementwise import Where
from .reductions import Sum, kept_shape
from .shapes import Cat, GetItem, Permute, Reshape


def _accumulator(dtype):
    """The dtype to accumulate in: float64 for the narrower floats, the dtype itself otherwise."""
    return np.dtype(np.float64) if dtype in (np.float16, np.float32) else dtype


class Cumsum(Function):
    """out_i = 0 + Σ_{j ≤ i} a_j along `axis` (from the end when `reverse`; −0.0s sum to +0, as in PyTorch);
    da_j = Σ_{i ≥ j} g_i, the cumulative sum of g from the other end"""

    reads_inputs = False

    __slots__ = ("axis", "reverse")  # the parameters, kept without a per-node dict

    def __init__(self, axis, reverse=False):
        self.axis, self.reverse = axis, reverse

    def forward(self, a):
        if self.reverse:
            a = np.flip(a, self.axis)
        out = (0 + np.add.accumulate(a, axis=self.axis, dtype=_accumulator(a.dtype))).astype(a.dtype, copy=False)
        return np.asarray(np.flip(out, self.axis) if self.reverse else out, order="C")  # row-major, as PyTorch's

    def backward(self, ops, g):
        return (ops(Cumsum, g, axis=self.axis, reverse=not self.reverse),)

    def label(self):
        return f"cumsum(dim={self.axis}{', reverse' if self.reverse else ''})"


class Cumprod(Function):
    """out_i = Π_{j ≤ i} a_j along `axis`;  da_k = Σ_{i ≥ k} g_i Π_{j ≤ i, j ≠ k} a_j

    Without zeros that is (Σ_{i ≥ k} g_i out_i) / a_k. With zeros (PyTorch's care), per line with
    its first zero at z: that formula for k < z summed over i < z only (the products past z are 0, even
    where an inf or NaN follows: PyTorch's), for k = z Π_{j < z} a_j · Σ_i g_i Π_{z < j ≤ i} a_j over z ≤ i
    before the second zero z₂ (PyTorch's masks: g is 0 from z₂ on and a_j 1, so an inf between the zeros meets
    that 0 as NaN; the factor first summed, then multiplied), and 0 for k > z. When the backward pass is itself
    recorded (create_graph), the products Π_{j ≤ i, j ≠ k} a_j are formed one by one (n² of them per line):
    dividing by a_k would make the second derivative cancel catastrophically for tiny a_k, and be wrong at the
    zeros. So are they where a product of nonzero inputs underflowed to 0 or a subnormal (division loses digits)."""

    saves_output = True

    __slots__ = ("axis",)  # the parameters, kept without a per-node dict

    def __init__(self, axis):
        self.axis = axis

    def forward(self, a):
        out = np.multiply.accumulate(a, axis=self.axis, dtype=_accumulator(a.dtype)).astype(a.dtype, copy=False)
        return np.asarray(out, order="C")  # row-major, as PyTorch's

    def backward(self, ops, g):
        a, = ops.inputs(self)
        is_zero = self.inputs[0] == 0
        zero_so_far = np.logical_or.accumulate(is_zero, axis=self.axis)
        tiny = np.finfo(self.output.dtype).tiny  # a product of nonzero inputs rounded to 0 or a subnormal:
        underflow = ((np.abs(self.output) < tiny) & ~zero_so_far).any()
        if ops.records or underflow:
            return (_gradient_by_products(ops, g, a, self.axis),)
        if not is_zero.any():
            return (ops(Cumsum, g * ops.output(self), axis=self.axis, reverse=True) / a,)
        length = a.shape[self.axis]
        first_zero = np.where(is_zero.any(self.axis, keepdims=True), is_zero.argmax(self.axis, keepdims=True), length)
        position = np.arange(length).reshape([-1 if d == self.axis else 1 for d in range(a.ndim)])
        before, at = position < first_zero, position == first_zero
        from_first_zero = np.cumsum(is_zero, axis=self.axis) == 1  # [z, z₂)
        with np.errstate(divide="ignore", invalid="ignore"):  # (products past a zero are 0, inf and NaN after it too)
            summed_before = ops(Cumsum, ops(Where, g * ops.output(self), 0, condition=before), axis=self.axis,
                                reverse=True)
            grad_before = summed_before / ops(Where, a, 1, condition=before)
        product_before = ops(Cumprod, ops(Where, a, 1, condition=before), axis=self.axis)  # Π_{j < z} a_j at z
        product_after = ops(Cumprod, ops(Where, a, 1, condition=from_first_zero & ~at), axis=self.axis)
        summed_after = ops(Cumsum, ops(Where, g, 0, condition=from_first_zero) * product_after, axis=self.axis,
                           reverse=True)
        grad_at = product_before * summed_after
        return (ops(Where, grad_before, ops(Where, grad_at, 0, condition=at), condition=before),)

    def label(self):
        return f"cumprod(dim={self.axis})"


def _gradient_by_products(ops, grad, a, axis):
    """da_k = Σ_{i ≥ k} g_i C[k, i] with C[k, i] = Π_{j ≤ i} (a_j, or 1 for j = k): row k of C is the
    cumulative product of a with a_k replaced by 1. No division, so right at zeros and to any order."""
    last = a.ndim - 1
    to_last = tuple(d for d in range(a.ndim) if d != axis) + (axis,)
    back = tuple(int(d) for d in np.argsort(to_last))
    a_rows, g_rows = (ops(Permute, t, dims=to_last) if axis != last else t for t in (a, grad))
    length = a.shape[axis]
    a_rows = ops(Reshape, a_rows, shape=tuple(a_rows.shape[:-1]) + (1, length))
    products = ops(Cumprod, ops(Where, 1, a_rows, condition=np.eye(length, dtype=bool)), axis=last + 1)
    g_rows = ops(Reshape, g_rows, shape=tuple(g_rows.shape[:-1]) + (1, length))
    later = np.triu(np.ones((length, length), dtype=bool))  # [k, i]: i ≥ k
    summed = ops(Sum, ops(Where, g_rows * products, 0, condition=later), axis=(last + 1,))
    return ops(Permute, summed, dims=back) if axis != last else summed


class Prod(Function):
    """out = Π_axis a (all elements when axis is None), multiplied in a's dtype one by one, as PyTorch's prod
    (float32 1e30 · 1e30 · 1e-30 overflows to inf, float16 rounds at every step);
    da = g out / a where no a is 0, else g Π_{j ≠ k} a_j (PyTorch's prod_backward, rounding and all)

    With zeros the products without a_k are two exclusive cumulative products, Π_{j < k} a_j Π_{j > k} a_j,
    so a single zero gets the product of the others and the rest 0, and NaN or inf elsewhere in the line
    spreads as in PyTorch. Over all elements with two zeros or more PyTorch gives plain zeros (unless the
    backward pass is recorded), and so does this."""

    saves_output = True

    __slots__ = ("axis", "keepdims")  # the parameters, kept without a per-node dict

    def __init__(self, axis=None, keepdims=False):
        self.axis = axis  # None (all elements) or one non-negative int (0 for a 0-d input: PyTorch's ProdBackward1)
        self.keepdims = keepdims

    def forward(self, a):
        axis = None if a.ndim == 0 else self.axis  # (a 0-d tensor's dim 0 is the tensor itself)
        if a.dtype != np.float16 or a.size == 0:  # (in a's own dtype: int8 wraps, bool stays bool, as PyTorch's)
            return np.asarray(np.multiply.reduce(a, axis=axis, keepdims=self.keepdims, dtype=a.dtype), order="C")
        if axis is None:  # NumPy's float16 reduce rounds once, at the end; accumulate rounds every step
            out = np.multiply.accumulate(a.reshape(-1))[-1]
        else:
            out = np.take(np.multiply.accumulate(a, axis=axis), -1, axis=axis)
        return out.reshape(kept_shape(a.shape, None if axis is None else (axis,))) if self.keepdims else out

    def backward(self, ops, g):
        a, = ops.inputs(self)
        values = self.inputs[0]
        if values.ndim == 0:
            return (g,)
        kept = kept_shape(values.shape, None if self.axis is None else (self.axis,))
        g, out = (t if tuple(t.shape) == kept else ops(Reshape, t, shape=kept) for t in (g, ops.output(self)))
        zeros = values == 0
        if not zeros.any():
            return (g * (out / a),)
        if self.axis is None and not ops.records and np.count_nonzero(zeros) > 1:
            return (np.zeros_like(values),)
        if self.axis is None:
            others = ops(Reshape, _exclusive_products(ops, ops(Reshape, a, shape=(values.size,)), 0), shape=values.shape)
        else:
            others = _exclusive_products(ops, a, self.axis)
        return (g * others,)

    def __repr__(self):
        return "<ProdBackward0>" if self.axis is None else "<ProdBackward1>"  # PyTorch's two overloads

    def label(self):
        return "prod" if self.axis is None else f"prod(dim={self.axis})"


def _exclusive_products(ops, a, axis):
    """Π_{j ≠ k} a_j for every k along `axis`, without division: cumprod of [1, a_0, ..., a_{n-2}] times the
    reversed cumprod of [1, a_{n-1}, ..., a_1] (PyTorch's prod_safe_zeros_backward)."""
    n, head = a.shape[axis], (slice(None),) * axis
    ones = np.ones(kept_shape(a.shape, (axis,)), dtype=ops.array(a).dtype)
    before = ops(Cumprod, ops(Cat, ones, ops(GetItem, a, index=head + (slice(0, n - 1),)), axis=axis), axis=axis)
    reversed_tail = ops(GetItem, a, index=head + (slice(n - 1, 0, -1),))
    after = ops(Cumprod, ops(Cat, ones, reversed_tail, axis=axis), axis=axis)
    return before * ops(GetItem, after, index=head + (slice(None, None, -1),))
