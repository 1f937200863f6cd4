"""Tensor's operator and method surface: `x + y`, `x.exp()`, `x.sum(dim=1)`, `x.add_(1)`, ...

Bound onto Tensor last, when `autograd` is imported: autograd/tensor.py holds a tensor's state,
and each method here is a thin call into `autograd.functional` (where every operation is
documented), `autograd.inplace` (in-place writes) or the engine (`backward`).
"""
import warnings

import numpy as np

from . import functional as F
from . import inplace, views
from .engine import backward as run_backward
from .pytorch import devices as device_module
from .pytorch.checks import canonical_dim, numpy_names, positive_steps, sequence_argument
from .pytorch.type_names import dtype_of_type_name, tensor_type_name
from .random import default_generator, uniform_bounds
from .pytorch.conversion import as_array
from .functional.arithmetic import dtype_argument, floating, require_tensor
from .functional.saved import composed, number_inputs
from .pytorch.promotion import is_number
from .primitives.special import Reciprocal
from .tensor import Tensor


COMPARABLE = (Tensor, np.ndarray, np.generic, int, float, complex)  # what == compares elementwise

class TensorMethods:
    """The methods bound onto Tensor (see bind)."""

    @property
    def requires_grad(self):
        """Whether gradients flow to this tensor; a view first catches up with its base's history, so a
        view taken before its base came to require grad requires it too (views.refresh)."""
        if self._base is not None:
            views.refresh(self)
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, flag):
        """`t.requires_grad = flag`, PyTorch's attribute: a bool, on a leaf only (requires_grad_(True) of a
        tensor that already requires grad is allowed anywhere; this is not)."""
        if type(flag) is not bool:
            raise RuntimeError("requires_grad must be a bool")
        if self._ctx is not None:
            raise RuntimeError("you can only change requires_grad flags of leaf variables.")
        self._set_requires_grad(flag)

    @property
    def grad_fn(self):
        """The node that made this tensor (None for a leaf); a view's is brought up to date first."""
        if self._base is not None:
            views.refresh(self)
        return self._ctx

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Backpropagate from this tensor: accumulate d(self)/d(leaf) into each leaf's .grad."""
        run_backward(self, gradient, retain_graph, create_graph, inputs)

    def contiguous(self, memory_format=None):
        return F.contiguous(self)

    def clone(self):
        """A copy of the data that stays in the graph (gradients flow back to self), laid out as self is, or
        row-major where self's elements overlap (an expanded tensor), as PyTorch's clone: x.expand(3, 4).clone()
        can be viewed (functional.to's rule)."""
        return F.to(self, self.dtype, copy=True)

    def size(self, dim=None):
        """The shape, or the length of axis `dim` (checked as every dim is: functional.checks)."""
        if dim is None:
            return self.shape
        dim = canonical_dim(dim, self.ndim, "size")
        if self.ndim == 0:
            raise IndexError("Dimension specified as 0 but tensor has no dimensions")
        return self._data.shape[dim]

    def to(self, *args, dtype=None, device=None, non_blocking=False, copy=False):
        """PyTorch's forms: to(dtype), to(device), to(device, dtype), to(other_tensor), with
        dtype=/device=/copy= keywords. The device must be the CPU (autograd.device)."""
        if args and isinstance(args[0], bool):  # (PyTorch reads a leading True or False as the dtype bool)
            args = (np.bool_,) + args[1:]
        flags = [arg for arg in args if isinstance(arg, bool)]  # to(dtype, non_blocking, copy) positionally
        if len(flags) == 2:
            copy = flags[1]
        if isinstance(dtype, Tensor):  # (a tensor's dtype is taken from it given positionally only: x.to(other))
            dtype_argument(dtype)  # (its TypeError)
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
        return F.to(self, require_tensor(other, "type_as", "other", 1).dtype)

    def copy_(self, source):
        return inplace.write(self, source if isinstance(source, Tensor) else Tensor(as_array(source, self.dtype)))

    def fill_(self, value):
        """Every element set to value: a number, or a 0-d tensor (recorded: a value that requires grad gets
        its gradient, the sum of the filled elements' gradients). An integer or bool tensor filled from a float
        value that requires grad does not require grad (integers carry no gradient), where PyTorch's result has
        requires_grad=True and a grad_fn (a known difference)."""
        if not isinstance(value, Tensor):
            return inplace.write(self, Tensor(as_array(value, self.dtype)), node="FillBackward2")
        if value.ndim:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor with {value.ndim} "
                               "dimensions.")
        return inplace.write(self, F.to(value, self.dtype), node="FillBackward3")

    def normal_(self, mean=0.0, std=1.0, generator=None):
        self._check_floating("normal_")
        generator = generator or default_generator()
        return self.copy_(generator.normal(mean, std, self.shape).astype(self.dtype))

    def uniform_(self, a=0.0, b=1.0, generator=None):
        self._check_floating("uniform_")
        a, b = uniform_bounds(a, b, self.dtype)
        generator = generator or default_generator()
        return self.copy_(generator.uniform(a, b, self.shape).astype(self.dtype))

    def __setitem__(self, index, value):
        positive_steps(index)
        if index is False:
            return  # PyTorch's x[False] = v: nothing selected, nothing written (no version bump, no graph)
        if type(value) is int and not -2**63 <= value < 2**63:  # refused whatever t's dtype, as PyTorch
            raise ValueError(f"Overflow when unpacking long long: {value} does not fit in int64")
        inplace.setitem(self, index, value)

    def add_(self, other, alpha=1):
        return inplace.apply_op(self, F.add, other, alpha)

    def sub_(self, other, alpha=1):
        return inplace.apply_op(self, F.sub, other, alpha)

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
        mask_shape = mask.shape if isinstance(mask, Tensor) else np.shape(mask)
        try:  # (shapes that do not broadcast: masked_fill's error; out of place, a larger mask widens the result)
            shape = np.broadcast_shapes(mask_shape, self.shape)
        except ValueError:
            shape = self.shape
        if shape != self.shape:
            raise RuntimeError(f"output with shape {list(self.shape)} doesn't match the broadcast shape {list(shape)}")
        return inplace.masked_fill(self, mask, value)

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

    def _repr_mimebundle_(self, include=None, exclude=None):
        """Jupyter shows the tensor's repr and, for a tensor an op made, its graph (autograd.viz)."""
        from .viz import tensor_bundle  # viz stands on the engine: imported only when Jupyter asks

        return tensor_bundle(self)

    # Operators and one-argument methods are the functional forms themselves (x * y calls F.mul(x, y)):
    # one Python call fewer per operation.

    __add__ = F.add

    def __radd__(self, other):  # (self first, as PyTorch's: its node's inputs are (self, other))
        return F.add(self, other)

    __sub__ = F.sub

    def __rsub__(self, other):  # (PyTorch's node, RsubBackward1, has one input, self: the number is left out)
        result = F.sub(other, self)
        return number_inputs(result, 0) if is_number(other) else composed(result, "rsub", self)

    __mul__ = F.mul

    def __rmul__(self, other):  # (self first, as PyTorch's: its node's inputs are (self, other))
        return F.mul(self, other)

    __truediv__ = F.div

    def __rtruediv__(self, other):
        """other / self as PyTorch computes it: (1 / self) * other, each step rounded (it differs from one
        division in the last bit of about a quarter of the values, in every float dtype)."""
        return F.mul(Reciprocal.apply(floating(self, "div")), other)

    __pow__ = F.pow

    def __rpow__(self, base):
        return F.pow(base, self)

    __matmul__ = F.matmul

    def __rmatmul__(self, other):
        return F.matmul(other, self)

    __neg__ = F.neg

    __abs__ = F.abs

    def __getitem__(self, index):
        positive_steps(index)
        return F.getitem(self, index)

    __lt__ = F.lt

    __le__ = F.le

    __gt__ = F.gt

    __ge__ = F.ge

    def __eq__(self, other):
        """self == other elementwise with a Tensor, an array or a number; with anything else (None, a string, a
        list) PyTorch's answer: not comparable, so Python's `==` is False (and `!=` True)."""
        return F.eq(self, other) if isinstance(other, COMPARABLE) else NotImplemented

    def __ne__(self, other):
        """self != other, elementwise wherever == is: also with a NumPy array, where PyTorch 2.13's != alone
        gives the bare Python True (a deliberate difference: `t != array` is `~(t == array)` here)."""
        return F.ne(self, other) if isinstance(other, COMPARABLE) else NotImplemented

    def __contains__(self, element):
        """`element in self`: whether some element equals it (a Tensor or a number), as PyTorch's."""
        if isinstance(element, np.ndarray) or not isinstance(element, COMPARABLE):
            raise RuntimeError(f"Tensor.__contains__ only supports Tensor or scalar, but you passed in a "
                               f"{type(element)}.")
        return bool(F.eq(self, element).any())

    __and__ = bitwise_and = F.bitwise_and

    __or__ = bitwise_or = F.bitwise_or

    __xor__ = bitwise_xor = F.bitwise_xor

    bitwise_not = F.bitwise_not

    logical_and, logical_or, logical_xor, logical_not = F.logical_and, F.logical_or, F.logical_xor, F.logical_not

    def __rand__(self, other):
        return F.bitwise_and(other, self)

    def __ror__(self, other):
        return F.bitwise_or(other, self)

    def __rxor__(self, other):
        return F.bitwise_xor(other, self)

    def __invert__(self):
        if self.dtype.kind not in "biu":  # (PyTorch's TypeError; bitwise_not's NotImplementedError otherwise)
            raise TypeError(f"~ (operator.invert) is only implemented on integer and Boolean-type tensors, not "
                            f"{self.dtype}")
        return F.bitwise_not(self)

    def bitwise_and_(self, other):
        return inplace.apply_op(self, F.bitwise_and, other)

    def bitwise_or_(self, other):
        return inplace.apply_op(self, F.bitwise_or, other)

    def bitwise_xor_(self, other):
        return inplace.apply_op(self, F.bitwise_xor, other)

    def bitwise_not_(self):
        return inplace.apply_op(self, F.bitwise_not)

    __iand__, __ior__, __ixor__ = bitwise_and_, bitwise_or_, bitwise_xor_

    def add(self, other, alpha=1):
        return F.add(self, other, alpha)

    def sub(self, other, alpha=1):
        return F.sub(self, other, alpha)

    def mul(self, other):
        return F.mul(self, other)

    def div(self, other):
        return F.div(self, other)

    def pow(self, exponent):
        return F.pow(self, exponent)

    def matmul(self, other):
        return F.matmul(self, other)

    exp = F.exp

    log = F.log

    log1p = F.log1p

    sqrt = F.sqrt

    abs = F.abs

    sign = F.sign

    sin = F.sin

    cos = F.cos

    tanh = F.tanh

    sigmoid = F.sigmoid

    relu = F.relu

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

    def reshape(self, *shape, **by_name):
        return F.reshape(self, *sequence_argument(shape, by_name, "reshape", "shape"))

    def view(self, *shape, dtype=None, **by_name):
        if dtype is not None:
            return F.view(self, dtype, *shape)
        return F.view(self, *sequence_argument(shape, by_name, "view", "size"))

    def flatten(self, start_dim=0, end_dim=-1):
        return F.flatten(self, start_dim, end_dim)

    def transpose(self, dim0, dim1):
        return F.transpose(self, dim0, dim1)

    def permute(self, *dims, **by_name):
        return F.permute(self, *sequence_argument(dims, by_name, "permute", "dims"))

    @property
    def T(self):
        return F.permute(self, *reversed(range(self._data.ndim)))

    @property
    def mT(self):
        """The matrix transpose: the last two axes swapped (a 0-d tensor: itself, with PyTorch's warning)."""
        if self._data.ndim == 0:
            warnings.warn("Tensor.mT is deprecated on 0-D tensors. This function is the identity in these cases.",
                          UserWarning, stacklevel=2)
            return self
        if self._data.ndim < 2:
            raise RuntimeError(f"tensor.mT is only supported on matrices or batches of matrices. Got {self._data.ndim}-D tensor.")
        return F.transpose(self, -2, -1)

    @numpy_names
    def squeeze(self, *dims, dim=None):  # (dims one by one too, as PyTorch's x.squeeze(0, 1))
        return F.squeeze(self, dims if len(dims) > 1 else dims[0] if dims else dim)

    @numpy_names
    def unsqueeze(self, dim):
        return F.unsqueeze(self, dim)

    def expand(self, *sizes, **by_name):
        return F.expand(self, *sequence_argument(sizes, by_name, "expand", "size"))

    def broadcast_to(self, shape):
        return F.broadcast_to(self, shape)

    def expand_as(self, other):
        return F.broadcast_to(self, require_tensor(other, "expand_as", "other", 1).shape)

    def repeat(self, *repeats, **by_name):
        return F.repeat(self, *sequence_argument(repeats, by_name, "repeat", "repeats"))

    def split(self, split_size, dim=0):
        return F.split(self, split_size, dim)

    def chunk(self, chunks, dim=0):
        return F.chunk(self, chunks, dim)

    def unbind(self, dim=0):
        return F.unbind(self, dim)

    def type(self, dtype=None, non_blocking=False):
        """With no argument: PyTorch's type name ('torch.FloatTensor'); with a dtype (or such a
        name, or the class torch.FloatTensor): this tensor converted to it."""
        if dtype is None:
            return tensor_type_name(self.dtype)
        if isinstance(dtype, type) and dtype.__module__ == "torch":  # a legacy tensor class: torch.LongTensor
            dtype = f"{dtype.__module__}.{dtype.__name__}"
        if isinstance(dtype, str):
            dtype = dtype_of_type_name(dtype)
        return F.to(self, dtype)

    def swapaxes(self, axis0, axis1):
        return F.swapaxes(self, axis0, axis1)

    def swapdims(self, dim0, dim1):
        return F.swapaxes(self, dim0, dim1)

    t = F.t

    @numpy_names
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

    sinh = F.sinh

    cosh = F.cosh

    square = F.square

    def repeat_interleave(self, repeats, dim=None, *, output_size=None):
        return F.repeat_interleave(self, repeats, dim, output_size=output_size)


    # ----- more of PyTorch's surface: special functions, rounding, scans, triangles, selection -----
    erf = F.erf

    acos = F.acos

    asin = F.asin

    atan = F.atan

    def atan2(self, other):
        return F.atan2(self, other)

    arccos, arcsin, arctan, arctan2 = acos, asin, atan, atan2

    log2 = F.log2

    log10 = F.log10

    floor = F.floor

    ceil = F.ceil

    def round(self, *, decimals=0):
        return F.round(self, decimals=decimals)

    trunc = F.trunc

    def cumsum(self, dim=None, *, dtype=None, axis=None):
        return F.cumsum(self, dim, dtype=dtype, axis=axis)

    def cumprod(self, dim=None, *, dtype=None, axis=None):
        return F.cumprod(self, dim, dtype=dtype, axis=axis)

    def roll(self, shifts, dims=None):
        return F.roll(self, shifts, dims)

    def tril(self, diagonal=0):
        return F.tril(self, diagonal)

    def triu(self, diagonal=0):
        return F.triu(self, diagonal)

    def topk(self, k, dim=-1, largest=True, sorted=True, *, axis=None):
        return F.topk(self, k, dim, largest, sorted, axis=axis)

    def multinomial(self, num_samples, replacement=False, *, generator=None):
        return F.multinomial(self, num_samples, replacement, generator=generator)

    det = F.det

    @numpy_names
    def all(self, dim=None, keepdim=False):
        return F.all(self, dim, keepdim)

    @numpy_names
    def any(self, dim=None, keepdim=False):
        return F.any(self, dim, keepdim)

    def equal(self, other):
        return F.equal(self, other)

    def view_as(self, other):
        return F.view(self, *require_tensor(other, "view_as", "other", 1).shape)

    def ravel(self):
        return F.reshape(self, -1)

    @property
    def real(self):
        """The real part (the tensor itself when it is real)."""
        return F.real(self)

    @property
    def imag(self):
        """The imaginary part of a complex tensor."""
        return F.imag(self)

    # ----- Python's protocols and PyTorch's device surface -----
    def is_contiguous(self, memory_format=None):
        """Whether the elements lie in row-major order in memory (a transpose or a strided slice does not)."""
        return bool(self._data.flags.c_contiguous)

    def zero_(self):
        return inplace.write(self, Tensor(as_array(0, self.dtype)), node="ZeroBackward0")

    def _check_floating(self, op):
        if self.dtype.kind != "f":
            raise RuntimeError(f'"{op}" not implemented for {self.dtype} tensors: random fills need a float tensor')

    # ----- Python protocol -----
    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):  # (as PyTorch's: the pieces of unbind(0), which refuse recorded in-place writes)
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    def __bool__(self):
        if self._data.size != 1:
            raise RuntimeError(f"Boolean value of Tensor with {'no' if self._data.size == 0 else 'more than one'} "
                               "value is ambiguous")
        return bool(self.item())

    def __float__(self):
        return float(self._one_number())

    def __int__(self):
        return int(self._one_number())

    def _one_number(self):
        """float(t) and int(t)'s number: a tensor of several elements is PyTorch's ValueError (item()'s is a
        RuntimeError)."""
        if self._data.size != 1:
            raise ValueError(f"only one element tensors can be converted to Python scalars (this one has shape "
                             f"{tuple(self.shape)})")
        return self.item()

    def __index__(self):
        if self._data.dtype.kind not in "biu" or self._data.size != 1:  # (a bool is 0 or 1, as PyTorch's)
            raise TypeError("only integer tensors of a single element can be used as an index")
        return int(self.item())

    def __pos__(self):
        return self

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

    def __format__(self, spec):
        """A 0-d tensor formats as its number (f"{loss:.3f}"); other tensors only with an empty spec."""
        if self._data.ndim == 0:
            return format(self._data.item(), spec)
        if spec:
            raise TypeError("unsupported format string passed to Tensor.__format__")
        return str(self)

def bind(cls):
    """Copy TensorMethods' methods and properties onto `cls` (Tensor). (Defining __eq__ gave
    TensorMethods __hash__ = None: Tensor keeps hashing by identity.)"""
    for name, value in vars(TensorMethods).items():
        if name not in ("__module__", "__qualname__", "__doc__", "__dict__", "__weakref__", "__hash__"):
            setattr(cls, name, value)


bind(Tensor)
