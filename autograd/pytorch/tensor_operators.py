"""More of PyTorch's Tensor methods, bound onto Tensor when autograd is imported: flip / fliplr / flipud, the
operators // % << >> (with their reflected and in-place forms), remainder and fmod, sgn, new_tensor / new_zeros /
new_ones / new_full / new_empty, and the in-place form of every elementwise method that PyTorch has one for
(sin_, floor_, logical_and_, ...; a scan of dir(torch.Tensor) found them).

An in-place method computes the function and writes the result back into the tensor's memory
(autograd/inplace.py): a result of another dtype that cannot be cast back is refused, with PyTorch's message
(an integer tensor's sin_(), say). Shape-changing in-place methods (t_, transpose_, squeeze_, unsqueeze_) are
not here: glassgrad's tensors cannot change shape in place.
"""
import functools

from .. import creation, inplace
from .. import functional as F
from ..functional.saved import one_node
from ..tensor import Tensor
from .promotion import can_cast, is_number, result_type


def flip(self, *dims, **by_name):
    """x.flip(0, 1), x.flip([0, 1]) or x.flip(dims=(0, 1)): autograd.flip."""
    if by_name and (dims or set(by_name) != {"dims"}):
        raise TypeError(f"flip() got an unexpected keyword argument {next(iter(set(by_name) - {'dims'}), 'dims')!r}")
    dims = by_name["dims"] if by_name else dims[0] if len(dims) == 1 and isinstance(dims[0], (tuple, list)) else dims
    return F.flip(self, dims)


def new_tensor(self, data, dtype=None, device=None, requires_grad=False):
    """A new tensor of `data` (copied, outside any graph), with this tensor's dtype unless `dtype` is given."""
    data = data.detach().numpy() if isinstance(data, Tensor) else data
    return creation.tensor(data, dtype=self.dtype if dtype is None else dtype, device=device,
                           requires_grad=requires_grad)


def _new(make, name):
    def method(self, *args, dtype=None, device=None, requires_grad=False, **size_keyword):
        return make(*args, dtype=self.dtype if dtype is None else dtype, device=device, requires_grad=requires_grad,
                    **size_keyword)

    method.__name__ = name
    method.__doc__ = f"autograd.{make.__name__}(...) with this tensor's dtype unless `dtype` is given."
    return method


def new_full(self, size, fill_value, dtype=None, device=None, requires_grad=False):
    """autograd.full(size, fill_value) with this tensor's dtype unless `dtype` is given."""
    return creation.full(size, fill_value, dtype=self.dtype if dtype is None else dtype, device=device,
                         requires_grad=requires_grad)


def _in_place(function, name):
    def method(self, *args, **by_name):
        operand = not name.startswith(("logical_", "tril", "triu"))  # (a bool result any dtype takes; a diagonal)
        if args and (isinstance(args[0], Tensor) or is_number(args[0])) and operand:  # PyTorch checks the cast first
            dtype = result_type(self, args[0])
            if not can_cast(dtype, self.dtype):
                raise RuntimeError(f"result type {dtype} can't be cast to the desired output type {self.dtype}")
        return inplace.apply_op(self, functools.partial(function, **by_name) if by_name else function, *args)

    method.__name__ = name
    method.__doc__ = f"self.{name[:-1]}(...) written into self's memory (autograd.{function.__name__})."
    return method


def _reflected(function, name):
    def method(self, other):
        return function(other, self)

    method.__name__ = name
    return method


def _scan_in_place(function, name):
    """self.cumsum_(dim, dtype=None) / cumprod_: the scan in self's own dtype, written into self; another dtype is
    PyTorch's "Bad in-place call" error."""
    def method(self, dim, *, dtype=None):
        if dtype is not None and dtype != self.dtype:
            raise RuntimeError(f"Bad in-place call: input tensor dtype {self.dtype} and output tensor dtype {dtype} "
                               "should match")
        return inplace.apply_op(self, lambda x: function(x, dim, dtype=self.dtype))

    method.__name__ = name
    method.__doc__ = f"self.{name[:-1]}(dim) written into self's memory (autograd.{function.__name__})."
    return method


def round_(self, *, decimals=0):
    return inplace.apply_op(self, lambda x: F.round(x, decimals=decimals))


def sgn(self):
    """sign(x) for a real x, z/|z| for a complex z, as PyTorch's sgn, whose node saves x and the result
    (SgnBackward0: backward refuses once either was changed in place)."""
    return one_node(F.sgn(self), "SgnBackward0", self, output=True)


IN_PLACE = {
    "acos_": F.acos, "arccos_": F.acos, "asin_": F.asin, "arcsin_": F.asin, "atan_": F.atan, "arctan_": F.atan,
    "atan2_": F.atan2, "arctan2_": F.atan2, "ceil_": F.ceil, "floor_": F.floor, "trunc_": F.trunc, "fix_": F.trunc,
    "cos_": F.cos, "sin_": F.sin, "cosh_": F.cosh, "sinh_": F.sinh, "erf_": F.erf, "log10_": F.log10,
    "log1p_": F.log1p, "log2_": F.log2, "square_": F.square, "sign_": F.sign, "sgn_": sgn,
    "logical_and_": F.logical_and, "logical_or_": F.logical_or, "logical_xor_": F.logical_xor,
    "logical_not_": F.logical_not, "tril_": F.tril, "triu_": F.triu,
    "floor_divide_": F.floor_divide, "remainder_": F.remainder, "fmod_": F.fmod,
    "bitwise_left_shift_": F.bitwise_left_shift,
    "bitwise_right_shift_": F.bitwise_right_shift,
}


def bind():
    for name, function in IN_PLACE.items():
        setattr(Tensor, name, _in_place(function, name))
    Tensor.round_ = round_
    Tensor.cumsum_, Tensor.cumprod_ = _scan_in_place(F.cumsum, "cumsum_"), _scan_in_place(F.cumprod, "cumprod_")
    Tensor.new_tensor, Tensor.new_full = new_tensor, new_full
    Tensor.new_zeros, Tensor.new_ones = _new(creation.zeros, "new_zeros"), _new(creation.ones, "new_ones")
    Tensor.new_empty = _new(creation.zeros, "new_empty")  # (glassgrad's empty memory is zeros)
    Tensor.flip = flip
    Tensor.fliplr, Tensor.flipud, Tensor.sgn = F.fliplr, F.flipud, sgn
    Tensor.floor_divide = Tensor.__floordiv__ = F.floor_divide
    Tensor.bitwise_left_shift = Tensor.__lshift__ = F.bitwise_left_shift
    Tensor.bitwise_right_shift = Tensor.__rshift__ = F.bitwise_right_shift
    Tensor.remainder = Tensor.__mod__ = F.remainder
    Tensor.fmod = F.fmod
    Tensor.__rmod__ = _reflected(F.remainder, "__rmod__")
    Tensor.__imod__ = Tensor.remainder_
    Tensor.__rfloordiv__ = _reflected(F.floor_divide, "__rfloordiv__")
    Tensor.__rlshift__ = _reflected(F.bitwise_left_shift, "__rlshift__")
    Tensor.__rrshift__ = _reflected(F.bitwise_right_shift, "__rrshift__")
    Tensor.__ifloordiv__ = Tensor.floor_divide_
    Tensor.__ilshift__ = Tensor.bitwise_left_shift_
    Tensor.__irshift__ = Tensor.bitwise_right_shift_


bind()
