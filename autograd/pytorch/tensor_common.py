"""Tensor methods programs reach for that glassgrad lacked (`pred.eq(y).sum()`, `x.isnan().any()`, ...), bound
onto Tensor when autograd is imported: the comparisons eq ne lt le gt ge (and their PyTorch aliases), isnan
isfinite isinf isposinf isneginf, neg / negative, nonzero, argwhere, masked_select, is_floating_point,
is_complex, byte char short, lerp, addcmul, addcdiv, clamp_min, clamp_max, nan_to_num, outer / ger, inner,
kron, reciprocal, isclose, allclose, kthvalue, mode, trace, diag, diag_embed, logaddexp, tile, fmax, fmin, aminmax,
rot90, addmm, baddbmm, addbmm, with the in-place forms
PyTorch has (neg_, reciprocal_, lerp_, addcmul_, addcdiv_, clamp_min_, clamp_max_, nan_to_num_, eq_, lt_, ...). Each is a thin
call into autograd.functional, where the operation is documented."""
import numpy as np

from .. import functional as F
from .. import inplace
from ..grad_mode import is_grad_enabled
from ..primitives.special import ComparedInPlace
from .checks import sequence_argument
from ..tensor import Tensor

SAME_AS_FUNCTION = (
    "eq", "ne", "lt", "le", "gt", "ge", "isnan", "isfinite", "isinf", "isposinf", "isneginf", "neg", "argwhere",
    "masked_select", "is_floating_point", "is_complex", "lerp", "addcmul", "addcdiv", "clamp_min", "clamp_max",
    "nan_to_num", "outer", "ger", "inner", "kron", "reciprocal", "isclose", "allclose", "kthvalue", "mode", "trace",
    "diag", "diag_embed", "logaddexp", "fmax", "fmin", "aminmax", "rot90", "addmm", "baddbmm", "addbmm",
)
ALIASES = {"negative": "neg", "greater": "gt", "greater_equal": "ge", "less": "lt", "less_equal": "le",
           "not_equal": "ne"}
IN_PLACE = ("neg", "reciprocal", "lerp", "addcmul", "addcdiv", "clamp_min", "clamp_max", "nan_to_num", "addmm",
            "baddbmm", "addbmm")
COMPARISONS = {"eq": "Eq", "ne": "Ne", "lt": "Lt", "le": "Le", "gt": "Gt", "ge": "Ge"}  # (PyTorch's node names)


def nonzero(self, *, as_tuple=False):
    return F.nonzero(self, as_tuple=as_tuple)


def byte(self, memory_format=None):
    """self as uint8."""
    return F.to(self, np.uint8)


def char(self, memory_format=None):
    """self as int8."""
    return F.to(self, np.int8)


def short(self, memory_format=None):
    """self as int16."""
    return F.to(self, np.int16)


def tile(self, *dims, **by_name):
    """autograd.tile, with the dims given one by one, as one sequence or by name (x.tile(2, 2), x.tile((2, 2)),
    x.tile(dims=(2, 2)))."""
    dims = sequence_argument(dims, by_name, "tile", "dims")
    return F.tile(self, dims[0] if len(dims) == 1 and isinstance(dims[0], (tuple, list)) else dims)


def _in_place(function, name):
    def method(self, *args, **kwargs):
        return inplace.apply_op(self, lambda x, *tensors: function(x, *tensors, **kwargs), *args)

    method.__name__ = name
    method.__doc__ = f"self.{name[:-1]}(...) written into self's memory (autograd.{function.__name__})."
    return method


def _compared_in_place(function, name, node):
    """self.name(other): the comparison's bool result written into self's dtype (1 or 0). Where gradients are
    involved (a float self), the result is PyTorch's node <node>Backward1 (Backward0 for a number other): self's
    old value and a tensor `other` are in its graph with zero gradients, so other.grad becomes zeros, not None."""
    def compare(x, other):
        result = function(x, other)
        tensors = [t for t in (x, other) if isinstance(t, Tensor)]
        if not (is_grad_enabled() and x.dtype.kind in "fc" and any(t.requires_grad for t in tensors)):
            return result
        overload = 1 if isinstance(other, Tensor) else 0
        return ComparedInPlace.apply(*tensors, value=F.to(result, x.dtype).numpy(), node_name=f"{node}Backward{overload}")

    def method(self, other):
        return inplace.apply_op(self, compare, other)

    method.__name__ = name
    method.__doc__ = f"self.{name[:-1]}(other) written into self's memory as 1 or 0 (autograd.{function.__name__})."
    return method


def bind():
    for name in SAME_AS_FUNCTION:
        setattr(Tensor, name, getattr(F, name))
    for alias, name in ALIASES.items():
        setattr(Tensor, alias, getattr(F, name))
        in_place = _compared_in_place(getattr(F, name), alias + "_", COMPARISONS[name]) if name in COMPARISONS else \
            _in_place(getattr(F, name), alias + "_")
        setattr(Tensor, alias + "_", in_place)
    for name in IN_PLACE:
        setattr(Tensor, name + "_", _in_place(getattr(F, name), name + "_"))
    for name, node in COMPARISONS.items():
        setattr(Tensor, name + "_", _compared_in_place(getattr(F, name), name + "_", node))
    for method in (nonzero, byte, char, short, tile):
        setattr(Tensor, method.__name__, method)


bind()
