"""A tensor's repr, laid out as PyTorch prints it: `tensor([0.1000, 2.0000], requires_grad=True)`.

PyTorch's rules (default print options: 4 digits, 80 columns, more than 1000 elements summarised
with 3 items at each edge):
- the elements that decide the layout are the finite nonzero ones (of the summary, if any);
- all integral floats print as `1.`; otherwise fixed point with 4 decimals, unless the largest
  magnitude exceeds 1e8, the smallest is below 1e-4 or their ratio exceeds 1000: then
  scientific `1.0000e+05`;
- every element is right-aligned to the widest; rows wrap at 80 columns; nested rows are
  separated by one blank line per extra dimension;
- a complex element is its real part and its imaginary part, each laid out as above over all elements;
- suffixes: `size=` for an empty tensor that is not 1-D, `dtype=` unless float32, complex64, int64 or bool
  (an empty tensor shows any dtype but float32), then `grad_fn=<...>` or `requires_grad=True`.
"""
import math

import numpy as np

PRECISION = 4
THRESHOLD = 1000
EDGEITEMS = 3
LINEWIDTH = 80
_SHOWN_WITHOUT_DTYPE = (np.dtype(np.float32), np.dtype(np.complex64), np.dtype(np.int64), np.dtype(np.bool_))


def dtype_name(dtype):
    """PyTorch's name of a dtype: `torch.float64`."""
    return "torch." + np.dtype(dtype).name


class _Formatter:
    """One layout (fixed, integral or scientific; a common width) for all elements of a tensor."""

    def __init__(self, values):
        self.floating = values.dtype.kind in "fc"
        self.int_mode, self.sci_mode, self.width = True, False, 1
        if not self.floating:
            self.width = max([len(str(v)) for v in values.reshape(-1).tolist()] or [1])
            return
        flat = values.reshape(-1).astype(np.float64)
        finite = flat[np.isfinite(flat) & (flat != 0)]
        if finite.size == 0:
            return
        magnitude = np.abs(finite)
        smallest, largest = magnitude.min(), magnitude.max()
        self.int_mode = bool(np.all(finite == np.ceil(finite)))
        self.sci_mode = bool(largest / smallest > 1000.0 or largest > 1.0e8 or smallest < 1.0e-4)
        if self.sci_mode:
            texts = [f"{v:.{PRECISION}e}" for v in finite.tolist()]
        elif self.int_mode:
            texts = [f"{v:.0f}." for v in finite.tolist()]
        else:
            texts = [f"{v:.{PRECISION}f}" for v in finite.tolist()]
        self.width = max(len(text) for text in texts)

    def format(self, value):
        if not self.floating:
            text = str(value)
        elif self.sci_mode:
            text = f"{value:{self.width}.{PRECISION}e}"
        elif self.int_mode:
            text = f"{value:.0f}" + ("" if math.isinf(value) or math.isnan(value) else ".")
        else:
            text = f"{value:.{PRECISION}f}"
        return text.rjust(self.width)


class _ComplexFormatter:
    """PyTorch's layout of complex elements: the real parts laid out as one real tensor, the imaginary parts as
    another, joined as `1.5000+2.0000j` (`3.-4.j` where both are integral)."""

    def __init__(self, values):
        self.real, self.imag = _Formatter(values.real), _Formatter(values.imag)
        self.width = self.real.width + self.imag.width + 1

    def format(self, value):
        imag = (self.imag.format(value.imag) + "j").lstrip()
        return self.real.format(value.real) + ("" if imag[0] in "+-" else "+") + imag


def _formatter(values):
    return _ComplexFormatter(values) if values.dtype.kind == "c" else _Formatter(values)


def _summary(array):
    """The elements that are shown when the tensor is summarised: EDGEITEMS at each end of every axis."""
    keep = []
    for n in array.shape:
        if n > 2 * EDGEITEMS:
            keep.append(np.r_[0:EDGEITEMS, n - EDGEITEMS:n])
        else:
            keep.append(np.arange(n))
    return array[np.ix_(*keep)] if array.ndim else array


def _vector(array, indent, summarize, formatter):
    per_line = max(1, math.floor((LINEWIDTH - indent) / (formatter.width + 2)))
    if summarize and len(array) > 2 * EDGEITEMS:
        items = [formatter.format(v) for v in array[:EDGEITEMS].tolist()] + [" ..."]
        items += [formatter.format(v) for v in array[-EDGEITEMS:].tolist()]
    else:
        items = [formatter.format(v) for v in array.tolist()]
    lines = [", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _nested(array, indent, summarize, formatter):
    if array.ndim == 0:
        return formatter.format(array.item())
    if array.ndim == 1:
        return _vector(array, indent, summarize, formatter)
    rows = range(len(array))
    if summarize and len(array) > 2 * EDGEITEMS:
        rows = [*range(EDGEITEMS), None, *range(len(array) - EDGEITEMS, len(array))]
    parts = ["..." if i is None else _nested(array[i], indent + 1, summarize, formatter) for i in rows]
    return "[" + ("," + "\n" * (array.ndim - 1) + " " * (indent + 1)).join(parts) + "]"


def _with_suffixes(text, suffixes, indent):
    last_line = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        if last_line + len(suffix) + 2 > LINEWIDTH:
            text += ",\n" + " " * indent + suffix
            last_line = indent + len(suffix)
        else:
            text += ", " + suffix
            last_line += len(suffix) + 2
    return text + ")"


def tensor_repr(tensor):
    """`tensor(...)` as PyTorch prints the same values, dtype and autograd state."""
    array = tensor._data
    prefix = "tensor("
    indent = len(prefix)
    suffixes = []
    if array.size == 0:
        if array.ndim != 1:
            suffixes.append(f"size={tuple(array.shape)}")
        if array.dtype != np.float32:
            suffixes.append(f"dtype={dtype_name(array.dtype)}")
        body = "[]"
    else:
        if array.dtype not in _SHOWN_WITHOUT_DTYPE:
            suffixes.append(f"dtype={dtype_name(array.dtype)}")
        summarize = array.size > THRESHOLD
        formatter = _formatter(_summary(array) if summarize else array)
        body = _nested(array, indent, summarize, formatter)
    if tensor.grad_fn is not None:
        suffixes.append(f"grad_fn={tensor.grad_fn!r}")
    elif tensor.requires_grad:
        suffixes.append("requires_grad=True")
    return _with_suffixes(prefix + body, suffixes, indent)
