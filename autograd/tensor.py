"""Tensor: an n-dimensional array that remembers how it was made.

A Tensor holds its values (a NumPy array, `_data`; `.numpy()` is the way out), `requires_grad`, `grad` and, when an operation made it
while grad mode was on, the node that made it (`grad_fn`). Calling `backward()` walks those
nodes in reverse topological order and fills `.grad` of the leaves (the chain rule).

Every method here is a thin call into `autograd.functional`, where each operation is
documented; the primitives with their derivatives live in `autograd.primitives`.
"""
import itertools

import numpy as np

from . import devices as device_module
from .printing import tensor_repr
from .size import Size

DEFAULT_FLOAT = np.dtype(np.float32)


def as_array(data, dtype=None):
    """Convert data to a NumPy array with PyTorch's dtype rules.

    Python floats (and lists of them) become float32, Python ints int64, bools bool, complex numbers
    complex64; NumPy arrays keep their dtype; `dtype` converts explicitly. Anything that is not a number
    (strings, None, dicts, sets, object arrays), ints beyond int64 and ragged lists are refused.
    """
    if isinstance(data, Tensor):
        data = data._data
    if isinstance(data, (np.ndarray, np.generic)):
        return _numeric(np.asarray(data, dtype=dtype))
    try:
        array = np.asarray(_unwrap(data))
        if dtype is not None:  # an explicit dtype applies to the exact values
            array = _fitted(array, np.dtype(dtype)).astype(dtype)
    except ValueError as error:
        if "inhomogeneous" in str(error) or "sequence" in str(error):
            raise ValueError(f"expected a rectangular nested list (every row of the same length), got a ragged one: {error}") from None
        raise
    except OverflowError as error:
        raise RuntimeError(f"Overflow when unpacking long: {error}") from None
    if dtype is None and array.dtype == np.float64:
        array = array.astype(DEFAULT_FLOAT)
    elif dtype is None and array.dtype == np.complex128:
        array = array.astype(np.complex64)
    elif dtype is None and array.dtype.kind == "i":
        array = array.astype(np.int64)
    elif dtype is None and array.dtype.kind in "uO" and array.size:
        raise RuntimeError("Overflow when unpacking long: an integer does not fit in int64")
    return _numeric(array)


def _fitted(array, dtype):
    """array, after checking that its values fit the integer dtype as PyTorch checks them: at most its
    maximum, and at least its minimum (any int64 for an unsigned type, which then wraps: -1 is 255)."""
    if dtype.kind in "iu" and array.dtype.kind in "iuf" and array.size:
        info = np.iinfo(dtype)
        low = info.min if info.min < 0 else np.iinfo(np.int64).min
        if not np.all((array >= low) & (array <= info.max)):  # NaN fails too
            raise RuntimeError(f"value cannot be converted to type {dtype} without overflow")
    return array


def _numeric(array):
    """array itself if its dtype is bool, an integer, a float or a complex; else a TypeError."""
    if array.dtype.kind not in "biufc":
        raise TypeError(
            f"can't convert an array of type {array.dtype} to a tensor: the supported types are bool, "
            f"integers, floats and complex numbers"
        )
    return array


def _unwrap(data):
    """Check that data is a number or a (nested) list or tuple of them, replacing Tensors nested inside
    by their arrays (one-element Tensors inside a list by their value, as PyTorch does)."""
    if isinstance(data, Tensor):
        return data._data
    if isinstance(data, (list, tuple, range)):
        return [_element(item) for item in data]
    if isinstance(data, (bool, int, float, complex, np.generic)):
        return data
    raise TypeError(f"new(): invalid data type '{type(data).__name__}': expected a number or a (nested) list of numbers")


def _element(item):
    if isinstance(item, Tensor):
        if item._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return item._data.item()
    if isinstance(item, np.ndarray):
        return _numeric(item)
    return _unwrap(item)


class VersionCounter:
    """How many times a tensor's values have been changed in place. A view shares the counter of
    the tensor whose memory it shows; a node that saved a tensor for backward remembers the count
    and refuses to run if it changed."""

    value = 0  # read from the class until the first in-place write (no __init__ to run for every tensor)
    last_write = 0  # (on the class) a number of the latest in-place write to any tensor: if it is the same as when
    #                 a node was recorded, none of the tensors the node saved can have changed


# Each write draws a new number; next() is atomic, so writes in two threads never store the same one
# (`+= 1` could let a stale value overwrite a newer one, and a node's snapshot match again).
_WRITE_NUMBERS = itertools.count(1)
NEVER_WRITTEN = VersionCounter()  # every tensor's counter until it needs one of its own (one object less per op)


def version_counter(tensor):
    """tensor's own version counter, made on first need: before a write, or before sharing it with a view."""
    if tensor._version is NEVER_WRITTEN:
        tensor._version = VersionCounter()
    return tensor._version


def bump_version(tensor):
    """Count an in-place change of tensor's values (seen by every tensor that shares its memory)."""
    version_counter(tensor).value += 1
    VersionCounter.last_write = next(_WRITE_NUMBERS)


class Tensor:
    __slots__ = (
        "_data", "_grad", "_requires_grad", "_ctx", "_retains_grad", "name", "_version", "_base",
        "_view_ops", "_view_base_ctx",  # set only on views, with _base (autograd/views.py)
        "__weakref__",
    )
    __array_ufunc__ = None  # NumPy defers to us: `array * tensor` calls Tensor.__rmul__

    def __init__(self, data, requires_grad=False, dtype=None):
        if type(data) is not np.ndarray or dtype is not None:
            data = as_array(data, dtype)
        self._data = data
        self._grad = None
        self._requires_grad = False
        self._ctx = None
        self._retains_grad = False
        self.name = None
        self._version = NEVER_WRITTEN
        self._base = None  # for a view (reshape, permute, basic indexing...): the tensor whose memory it shows
        if requires_grad:
            self.requires_grad = True

    @property
    def data(self):
        """The same values as a Tensor outside the graph, as PyTorch's `.data`: it shares this
        tensor's array (writing into it changes this tensor) but autograd does not see the change."""
        return Tensor(self._data)

    @data.setter
    def data(self, value):
        if not isinstance(value, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(value).__name__}")
        self._data = value._data

    # ----- autograd state -----
    @property
    def grad(self):
        """d(output)/d(self), filled by backward() for leaves (and for tensors that retain_grad())."""
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of type {type(value).__name__}")
            if value.shape != self.shape:
                raise RuntimeError(
                    f"assigned grad has data of a different size: the tensor has shape {list(self.shape)}, "
                    f"the grad {list(value.shape)}"
                )
            if value.dtype != self.dtype:
                raise RuntimeError(
                    f"assigned grad has data of a different type: the tensor is {self.dtype}, the grad {value.dtype}"
                )
        self._grad = value

    @property
    def requires_grad(self):
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, flag):
        if self._ctx is not None and not flag:
            raise RuntimeError(
                "you can only change requires_grad flags of leaf tensors; use detach() "
                "to get a tensor that does not require grad"
            )
        if flag and self._data.dtype.kind == "c":
            raise RuntimeError(
                f"glassgrad does not differentiate complex tensors ({self._data.dtype}); PyTorch does (Wirtinger "
                "calculus). Use the real and imaginary parts as two real tensors."
            )
        if flag and self._data.dtype.kind != "f":
            raise RuntimeError(
                f"only tensors of floating point dtype can require gradients, got {self._data.dtype}"
            )
        self._requires_grad = bool(flag)

    def requires_grad_(self, requires_grad=True):
        self.requires_grad = requires_grad
        return self

    @property
    def is_leaf(self):
        return self._ctx is None

    @property
    def grad_fn(self):
        return self._ctx

    def retain_grad(self):
        """Keep .grad of this non-leaf tensor after backward (leaves always keep theirs)."""
        if not self._requires_grad:
            raise RuntimeError("can't retain_grad on a tensor that has requires_grad=False")
        if self._ctx is not None:
            self._retains_grad = True
            self._ctx.retained = self
        return self

    @property
    def retains_grad(self):
        return self._retains_grad

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Backpropagate from this tensor: accumulate d(self)/d(leaf) into each leaf's .grad."""
        from .engine import backward

        backward(self, gradient, retain_graph, create_graph, inputs)

    def detach(self):
        """The same data, cut from the graph (no grad, no history). It shares memory and the version
        counter with self, as in PyTorch: an in-place change of either is seen by backward."""
        detached = Tensor(self._data)
        detached._version = version_counter(self)
        return detached

    def detach_(self):
        self._ctx = None
        self._requires_grad = False
        return self

    def clone(self):
        """A copy of the data that stays in the graph (gradients flow back to self)."""
        return F.to(self, self.dtype, copy=True)

    # ----- properties and conversions -----
    @property
    def shape(self):
        return tuple.__new__(Size, self._data.shape)

    @property
    def ndim(self):
        return self._data.ndim

    @property
    def dtype(self):
        return self._data.dtype

    def size(self, dim=None):
        """The shape, or the length of axis `dim` (checked as every dim is: functional.checks)."""
        if dim is None:
            return self.shape
        dim = F.checks.canonical_dim(dim, self.ndim, "size")
        if self.ndim == 0:
            raise IndexError("Dimension specified as 0 but tensor has no dimensions")
        return self._data.shape[dim]

    def dim(self):
        return self._data.ndim

    def numel(self):
        return self._data.size

    def item(self):
        if self._data.size != 1:
            raise ValueError(
                f"item(): only a tensor with one element can be converted to a Python number, "
                f"this one has shape {self.shape}"
            )
        return self._data.item()

    def numpy(self):
        if self._requires_grad:
            raise RuntimeError(
                "can't call numpy() on a tensor that requires grad; use tensor.detach().numpy()"
            )
        return self._data

    def tolist(self):
        return self._data.tolist()

    def __array__(self, dtype=None, copy=None):
        return self._data if dtype is None else self._data.astype(dtype)

    def to(self, *args, dtype=None, device=None, non_blocking=False, copy=False):
        """PyTorch's forms: to(dtype), to(device), to(device, dtype), to(other_tensor), with
        dtype=/device=/copy= keywords. The device must be the CPU (autograd.device)."""
        flags = [arg for arg in args if isinstance(arg, bool)]  # to(dtype, non_blocking, copy) positionally
        if len(flags) == 2:
            copy = flags[1]
        for arg in args:
            if isinstance(arg, Tensor):
                dtype = arg.dtype
            elif isinstance(arg, (str, device_module.device, int)) and not isinstance(arg, bool):
                device = arg
            elif not isinstance(arg, bool):
                dtype = arg
        device_module.check_device(device)
        return F.to(self, self.dtype if dtype is None else dtype, copy)

    def float(self):
        return F.to(self, np.float32)

    def double(self):
        return F.to(self, np.float64)

    def long(self):
        return F.to(self, np.int64)

    def int(self):
        return F.to(self, np.int32)

    def bool(self):
        return F.to(self, np.bool_)

    def type_as(self, other):
        return F.to(self, other.dtype)

    def contiguous(self):
        return self

    # ----- in-place operations (PyTorch's semantics: see autograd/inplace.py) -----
    def copy_(self, source):
        return inplace.write(self, source if isinstance(source, Tensor) else Tensor(as_array(source, self.dtype)))

    def fill_(self, value):
        return inplace.write(self, Tensor(as_array(value, self.dtype)))

    def zero_(self):
        return self.fill_(0)

    def _check_floating(self, op):
        if self.dtype.kind != "f":
            raise RuntimeError(f'"{op}" not implemented for {self.dtype} tensors: random fills need a float tensor')

    def normal_(self, mean=0.0, std=1.0, generator=None):
        self._check_floating("normal_")
        generator = generator or default_generator()
        return self.copy_(generator.normal(mean, std, self.shape).astype(self.dtype))

    def uniform_(self, a=0.0, b=1.0, generator=None):
        self._check_floating("uniform_")
        generator = generator or default_generator()
        return self.copy_(generator.uniform(a, b, self.shape).astype(self.dtype))

    def __setitem__(self, index, value):
        inplace.setitem(self, index, value)

    def add_(self, other, alpha=1):
        return inplace.apply_op(self, F.add, other if alpha == 1 else other * alpha)

    def sub_(self, other, alpha=1):
        return inplace.apply_op(self, F.sub, other if alpha == 1 else other * alpha)

    def mul_(self, other):
        return inplace.apply_op(self, F.mul, other)

    def div_(self, other):
        return inplace.apply_op(self, F.div, other)

    def pow_(self, exponent):
        return inplace.apply_op(self, F.pow, exponent)

    def clamp_(self, min=None, max=None):
        return inplace.apply_op(self, F.clamp, min, max)

    clip_ = clamp_

    def masked_fill_(self, mask, value):
        return inplace.apply_op(self, F.masked_fill, mask, value)

    def neg_(self):
        return inplace.apply_op(self, F.neg)

    def exp_(self):
        return inplace.apply_op(self, F.exp)

    def log_(self):
        return inplace.apply_op(self, F.log)

    def sqrt_(self):
        return inplace.apply_op(self, F.sqrt)

    def abs_(self):
        return inplace.apply_op(self, F.abs)

    def tanh_(self):
        return inplace.apply_op(self, F.tanh)

    def sigmoid_(self):
        return inplace.apply_op(self, F.sigmoid)

    def relu_(self):
        return inplace.apply_op(self, F.relu)

    __iadd__ = add_
    __isub__ = sub_
    __imul__ = mul_
    __itruediv__ = div_
    __ipow__ = pow_

    # ----- Python protocol -----
    def __repr__(self):
        return tensor_repr(self)

    def _repr_mimebundle_(self, include=None, exclude=None):
        """Jupyter shows the tensor's repr and, for a tensor an op made, its graph (autograd.viz)."""
        from .viz import tensor_bundle

        return tensor_bundle(self)

    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __bool__(self):
        return bool(self.item())

    def __float__(self):
        return float(self.item())

    def __int__(self):
        return int(self.item())

    def __index__(self):
        if self._data.dtype.kind not in "iu" or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be used as an index")
        return int(self.item())

    __hash__ = object.__hash__

    # ----- operators -----
    def __add__(self, other):
        return F.add(self, other)

    def __radd__(self, other):
        return F.add(other, self)

    def __sub__(self, other):
        return F.sub(self, other)

    def __rsub__(self, other):
        return F.sub(other, self)

    def __mul__(self, other):
        return F.mul(self, other)

    def __rmul__(self, other):
        return F.mul(other, self)

    def __truediv__(self, other):
        return F.div(self, other)

    def __rtruediv__(self, other):
        return F.div(other, self)

    def __pow__(self, exponent):
        return F.pow(self, exponent)

    def __rpow__(self, base):
        return F.pow(base, self)

    def __matmul__(self, other):
        return F.matmul(self, other)

    def __rmatmul__(self, other):
        return F.matmul(other, self)

    def __neg__(self):
        return F.neg(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return F.abs(self)

    def __getitem__(self, index):
        return F.getitem(self, index)

    def __lt__(self, other):
        return F.lt(self, other)

    def __le__(self, other):
        return F.le(self, other)

    def __gt__(self, other):
        return F.gt(self, other)

    def __ge__(self, other):
        return F.ge(self, other)

    def __eq__(self, other):
        return F.eq(self, other)

    def __ne__(self, other):
        return F.ne(self, other)

    def __and__(self, other):
        return F.logical_and(self, other)

    def __or__(self, other):
        return F.logical_or(self, other)

    def __invert__(self):
        return F.logical_not(self)

    # ----- methods (documented in autograd.functional) -----
    def add(self, other):
        return F.add(self, other)

    def sub(self, other):
        return F.sub(self, other)

    def mul(self, other):
        return F.mul(self, other)

    def div(self, other):
        return F.div(self, other)

    def pow(self, exponent):
        return F.pow(self, exponent)

    def matmul(self, other):
        return F.matmul(self, other)

    def exp(self):
        return F.exp(self)

    def log(self):
        return F.log(self)

    def log1p(self):
        return F.log1p(self)

    def sqrt(self):
        return F.sqrt(self)

    def abs(self):
        return F.abs(self)

    def sign(self):
        return F.sign(self)

    def sin(self):
        return F.sin(self)

    def cos(self):
        return F.cos(self)

    def tanh(self):
        return F.tanh(self)

    def sigmoid(self):
        return F.sigmoid(self)

    def relu(self):
        return F.relu(self)

    def clamp(self, min=None, max=None):
        return F.clamp(self, min, max)

    clip = clamp

    def masked_fill(self, mask, value):
        return F.masked_fill(self, mask, value)

    def sum(self, *args, **kwargs):
        return F.sum(self, *args, **kwargs)

    def mean(self, *args, **kwargs):
        return F.mean(self, *args, **kwargs)

    def var(self, *args, **kwargs):
        return F.var(self, *args, **kwargs)

    def std(self, *args, **kwargs):
        return F.std(self, *args, **kwargs)

    def max(self, *args, **kwargs):
        return F.max(self, *args, **kwargs)

    def min(self, *args, **kwargs):
        return F.min(self, *args, **kwargs)

    def amax(self, *args, **kwargs):
        return F.amax(self, *args, **kwargs)

    def amin(self, *args, **kwargs):
        return F.amin(self, *args, **kwargs)

    def argmax(self, *args, **kwargs):
        return F.argmax(self, *args, **kwargs)

    def argmin(self, *args, **kwargs):
        return F.argmin(self, *args, **kwargs)

    def logsumexp(self, *args, **kwargs):
        return F.logsumexp(self, *args, **kwargs)

    def softmax(self, *args, **kwargs):
        return F.softmax(self, *args, **kwargs)

    def log_softmax(self, *args, **kwargs):
        return F.log_softmax(self, *args, **kwargs)

    def norm(self, *args, **kwargs):
        return F.norm(self, *args, **kwargs)

    def reshape(self, *shape):
        return F.reshape(self, *shape)

    def view(self, *shape):
        return F.reshape(self, *shape)

    def flatten(self, start_dim=0, end_dim=-1):
        return F.flatten(self, start_dim, end_dim)

    def transpose(self, dim0, dim1):
        return F.transpose(self, dim0, dim1)

    def permute(self, *dims):
        return F.permute(self, *dims)

    @property
    def T(self):
        return F.permute(self, *reversed(range(self._data.ndim)))

    @property
    def mT(self):
        """The matrix transpose: the last two axes swapped."""
        if self._data.ndim < 2:
            raise RuntimeError(f"tensor.mT is only supported on matrices or batches of matrices. Got {self._data.ndim}-D tensor.")
        return matrix_transpose(self)

    def squeeze(self, dim=None):
        return F.squeeze(self, dim)

    def unsqueeze(self, dim):
        return F.unsqueeze(self, dim)

    def expand(self, *sizes):
        return F.expand(self, *sizes)

    def broadcast_to(self, shape):
        return F.broadcast_to(self, shape)

    def expand_as(self, other):
        return F.broadcast_to(self, other.shape)

    def repeat(self, *repeats):
        return F.repeat(self, *repeats)

    def split(self, split_size, dim=0):
        return F.split(self, split_size, dim)

    def chunk(self, chunks, dim=0):
        return F.chunk(self, chunks, dim)

    def unbind(self, dim=0):
        return F.unbind(self, dim)

    # ----- more of PyTorch's surface: devices, type names, formatting, sorting, products -----
    @property
    def device(self):
        """Always the CPU: glassgrad computes with NumPy."""
        return device_module.CPU

    @property
    def is_cuda(self):
        return False

    def cpu(self):
        return self

    def cuda(self, device=None, non_blocking=False):
        raise RuntimeError("glassgrad is a CPU library: tensors cannot move to CUDA (cuda.is_available() is False)")

    def type(self, dtype=None, non_blocking=False):
        """With no argument: PyTorch's type name ('torch.FloatTensor'); with a dtype (or such a
        name): this tensor converted to it."""
        if dtype is None:
            return tensor_type_name(self.dtype)
        if isinstance(dtype, str):
            dtype = dtype_of_type_name(dtype)
        return F.to(self, dtype)

    def __format__(self, spec):
        """A 0-d tensor formats as its number (f"{loss:.3f}"); other tensors only with an empty spec."""
        if self._data.ndim == 0:
            return format(self._data.item(), spec)
        if spec:
            raise TypeError("unsupported format string passed to Tensor.__format__")
        return str(self)

    def swapaxes(self, axis0, axis1):
        return F.swapaxes(self, axis0, axis1)

    def swapdims(self, dim0, dim1):
        return F.swapaxes(self, dim0, dim1)

    def t(self):
        return F.t(self)

    def sort(self, dim=-1, descending=False, stable=False):
        return F.sort(self, dim, descending, stable)

    def argsort(self, dim=-1, descending=False, stable=False):
        return F.argsort(self, dim, descending, stable)

    def gather(self, dim, index):
        return F.gather(self, dim, index)

    def dot(self, other):
        return F.dot(self, other)

    def mv(self, vector):
        return F.mv(self, vector)

    def mm(self, other):
        return F.mm(self, other)

    def sinh(self):
        return F.sinh(self)

    def cosh(self):
        return F.cosh(self)

    def square(self):
        return F.square(self)

    def repeat_interleave(self, repeats, dim=None, *, output_size=None):
        return F.repeat_interleave(self, repeats, dim, output_size=output_size)

    # ----- ops added for PyTorch programs (issue 22) -----
    def erf(self): return F.erf(self)  # noqa: E704
    def acos(self): return F.acos(self)  # noqa: E704
    def asin(self): return F.asin(self)  # noqa: E704
    def atan(self): return F.atan(self)  # noqa: E704
    def atan2(self, other): return F.atan2(self, other)  # noqa: E704
    def arccos(self): return F.acos(self)  # noqa: E704
    def arcsin(self): return F.asin(self)  # noqa: E704
    def arctan(self): return F.atan(self)  # noqa: E704
    def arctan2(self, other): return F.atan2(self, other)  # noqa: E704
    def log2(self): return F.log2(self)  # noqa: E704
    def log10(self): return F.log10(self)  # noqa: E704
    def floor(self): return F.floor(self)  # noqa: E704
    def ceil(self): return F.ceil(self)  # noqa: E704
    def round(self, *, decimals=0): return F.round(self, decimals=decimals)  # noqa: E704
    def trunc(self): return F.trunc(self)  # noqa: E704
    def cumsum(self, dim=None, *, dtype=None, axis=None): return F.cumsum(self, dim, dtype=dtype, axis=axis)  # noqa: E704
    def cumprod(self, dim=None, *, dtype=None, axis=None): return F.cumprod(self, dim, dtype=dtype, axis=axis)  # noqa: E704
    def roll(self, shifts, dims=None): return F.roll(self, shifts, dims)  # noqa: E704
    def tril(self, diagonal=0): return F.tril(self, diagonal)  # noqa: E704
    def triu(self, diagonal=0): return F.triu(self, diagonal)  # noqa: E704
    def topk(self, k, dim=-1, largest=True, sorted=True, *, axis=None): return F.topk(self, k, dim, largest, sorted, axis=axis)  # noqa: E704,E501
    def multinomial(self, num_samples, replacement=False, *, generator=None): return F.multinomial(self, num_samples, replacement, generator=generator)  # noqa: E704,E501
    def det(self): return F.det(self)  # noqa: E704
    real = property(lambda self: F.real(self), doc="The real part (the tensor itself when it is real).")
    imag = property(lambda self: F.imag(self), doc="The imaginary part of a complex tensor.")


_TYPE_NAMES = {
    "float32": "torch.FloatTensor", "float64": "torch.DoubleTensor", "float16": "torch.HalfTensor",
    "int64": "torch.LongTensor", "int32": "torch.IntTensor", "int16": "torch.ShortTensor",
    "int8": "torch.CharTensor", "uint8": "torch.ByteTensor", "bool": "torch.BoolTensor",
}


def tensor_type_name(dtype):
    """PyTorch's legacy type name of a dtype: float32 -> 'torch.FloatTensor'."""
    return _TYPE_NAMES[np.dtype(dtype).name]


def dtype_of_type_name(name):
    """The dtype of a legacy type name: 'torch.FloatTensor' (or 'FloatTensor') -> float32."""
    for dtype, type_name in _TYPE_NAMES.items():
        if name in (type_name, type_name[len("torch."):]):
            return np.dtype(dtype)
    raise ValueError(f"invalid type: {name!r} (expected a name such as 'torch.FloatTensor')")


from . import functional as F  # noqa: E402  (functional needs Tensor defined first)
from . import inplace  # noqa: E402
from .random import default_generator  # noqa: E402
from .primitives.shape import matrix_transpose  # noqa: E402
