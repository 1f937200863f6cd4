"""`torch.Tensor` and `torch.FloatTensor`-style names under install_as_torch(): PyTorch's legacy constructors.

Inside glassgrad, `autograd.Tensor(array)` wraps an array as it is (its dtype kept). PyTorch's `torch.Tensor(...)`
is another thing, the legacy constructor, which `torch.Tensor` here gives:

- `torch.Tensor()`: an empty float32 tensor; `torch.Tensor(2, 3)` or `torch.Tensor(torch.Size([2, 3]))`: a float32
  tensor of that shape, uninitialised in PyTorch (zeros here);
- `torch.Tensor(data)`, data a (nested) sequence or a NumPy array: its values as float32 (a float32 array's memory
  is shared, as PyTorch's); a complex number in a list is a TypeError, and so is a bare number
  (`torch.Tensor(3.5)`: "data must be a sequence");
- `torch.Tensor(t)`, t a tensor: an alias of t (the same memory and dtype; a gradient flows to t);
- only `device=` as a keyword (the CPU).

`torch.FloatTensor`, `torch.LongTensor`, ... do the same with their dtype (an alias must have that dtype),
`isinstance(t, torch.FloatTensor)` says whether t is a float32 tensor and `t.type(torch.LongTensor)` converts t
to int64. As in PyTorch, such a class is not a dtype: `dtype=torch.LongTensor` and `t.to(torch.LongTensor)` are
TypeErrors (NumPy reads a dtype from a class's `dtype` attribute, which raises it).

Every glassgrad tensor (Parameters included) is an instance of `torch.Tensor`, and every Tensor class a subclass
of it, so `isinstance`, `issubclass`, annotations and `functools.singledispatch` work. What these constructors
return is an ordinary glassgrad tensor, whose type is `autograd.Tensor`: a deliberate difference, `type(t) is
torch.Tensor` is False. An attribute set on `torch.Tensor` (`torch.Tensor.double_it = ...`) or deleted from it
is so on every glassgrad tensor. A subclass (`class MyTensor(torch.Tensor)`) is constructed as the legacy
constructor does (`MyTensor([1, 2])` is a float32 MyTensor); operations on it return glassgrad tensors, not
MyTensors.
"""
import numbers

import numpy as np

import autograd
from autograd.pytorch.devices import check_device
from autograd.pytorch.type_names import tensor_type_name

LEGACY_DTYPES = ("float32", "float64", "float16", "int64", "int32", "int16", "int8", "uint8", "bool")


def _is_size(args):
    """Whether the arguments are a shape: integers (`Tensor(2, 3)`) or one torch.Size."""
    if len(args) == 1 and isinstance(args[0], autograd.Size):
        return True
    return all(isinstance(arg, numbers.Integral) and not isinstance(arg, bool) for arg in args)


def legacy_new(dtype, args, device=None, alias_any_dtype=False):
    """What `torch.Tensor(*args, device=device)` (dtype float32) or `torch.LongTensor(...)` returns."""
    if len(args) == 1 and isinstance(args[0], autograd.Tensor):
        other = args[0]
        if other.dtype != dtype and not alias_any_dtype:
            raise TypeError(f"expected a tensor of dtype {np.dtype(dtype).name} (got {other.dtype})")
        check_device(device)
        return other.view_as(other)
    if _is_size(args):
        sizes = args[0] if len(args) == 1 and isinstance(args[0], autograd.Size) else args or (0,)
        return autograd.zeros(*sizes, dtype=dtype, device=device)
    if len(args) != 1:
        raise TypeError(f"new(): expected a shape (integers), one sequence of data or one tensor, got the arguments "
                        f"({', '.join(type(arg).__name__ for arg in args)})")
    data = args[0]
    if isinstance(data, (numbers.Number, str)) or data is None:
        raise TypeError(f"new(): data must be a sequence (got {type(data).__name__})")
    if not isinstance(data, np.ndarray) and autograd.tensor(data).dtype.kind == "c":
        raise TypeError("must be real number, not complex")
    return autograd.as_tensor(data, dtype=dtype, device=device)


def _only_device(keywords):
    """The legacy constructors' only keyword argument, device=, as PyTorch's (dtype= and others are TypeErrors)."""
    if set(keywords) - {"device"}:
        raise TypeError(f"new() received an invalid combination of arguments: got {', '.join(keywords)}=..., "
                        "but the legacy constructor takes only device= (use torch.tensor(data, dtype=...))")
    return keywords


class _LegacyType(type):
    """The type of torch.Tensor and of torch.FloatTensor-style classes: what isinstance, issubclass, calling the
    class and setting an attribute on it mean."""

    legacy_dtype = None  # set on torch.FloatTensor-style classes

    def __instancecheck__(cls, obj):
        if cls is Tensor:
            return isinstance(obj, autograd.Tensor)
        if cls.legacy_dtype is not None:
            return isinstance(obj, autograd.Tensor) and obj.dtype == cls.legacy_dtype
        return type.__instancecheck__(cls, obj)

    def __subclasscheck__(cls, subclass):
        if cls is Tensor:
            return issubclass(subclass, autograd.Tensor)
        return type.__subclasscheck__(cls, subclass)

    def __call__(cls, *args, **kwargs):
        if cls is Tensor:
            return legacy_new(np.dtype("float32"), args, alias_any_dtype=True, **_only_device(kwargs))
        if cls.legacy_dtype is not None:
            return legacy_new(cls.legacy_dtype, args, **_only_device(kwargs))
        return type.__call__(cls, *args, **kwargs)  # a user's subclass of torch.Tensor

    @property
    def dtype(cls):
        """A legacy class given where a dtype is asked for: refused, as PyTorch does (NumPy reads this)."""
        if cls.legacy_dtype is None:  # torch.Tensor.dtype: the tensors' dtype property itself
            return next(klass.__dict__["dtype"] for klass in cls.__mro__ if "dtype" in klass.__dict__)
        raise TypeError(f"argument 'dtype' must be torch.dtype, not the legacy tensor class torch.{cls.__name__} "
                        f"(use torch.{cls.legacy_dtype.name}; x.type(torch.{cls.__name__}) converts x)")

    def __setattr__(cls, name, value):
        type.__setattr__(autograd.Tensor if cls is Tensor else cls, name, value)

    def __delattr__(cls, name):
        type.__delattr__(autograd.Tensor if cls is Tensor else cls, name)


class Tensor(autograd.Tensor, metaclass=_LegacyType):
    """torch.Tensor under install_as_torch(): see this module's docstring."""

    __module__ = "torch"
    __slots__ = ()

    def __init__(self, *args, device=None):
        """A user's subclass: this object made as the legacy constructor makes a float32 tensor."""
        data = legacy_new(np.dtype("float32"), args, device=device)
        super().__init__(data.detach().numpy())


def _legacy_class(dtype_name):
    dtype = np.dtype(dtype_name)
    name = tensor_type_name(dtype).rpartition(".")[2]
    doc = f"torch.{name} under install_as_torch(): the legacy constructor of {dtype_name} tensors."
    return _LegacyType(name, (), {"legacy_dtype": dtype, "__module__": "torch", "__doc__": doc})


LEGACY_CLASSES = {cls.__name__: cls for cls in map(_legacy_class, LEGACY_DTYPES)}
