"""Tensor methods real programs reach for, bound onto Tensor when autograd is imported: logit, xlogy, hypot,
erfinv, conj, conj_physical, resolve_conj, is_conj, tensor_split, with the in-place forms PyTorch has (logit_,
xlogy_, hypot_, erfinv_, conj_physical_). Each is a thin call into autograd.functional, where the operation is
documented."""
from .. import functional as F
from ..tensor import Tensor
from .tensor_common import _in_place

SAME_AS_FUNCTION = ("logit", "xlogy", "hypot", "erfinv", "conj", "conj_physical", "resolve_conj", "is_conj",
                    "tensor_split")
IN_PLACE = ("logit", "xlogy", "hypot", "erfinv", "conj_physical")


def bind():
    for name in SAME_AS_FUNCTION:
        setattr(Tensor, name, getattr(F, name))
    for name in IN_PLACE:
        setattr(Tensor, name + "_", _in_place(getattr(F, name), name + "_"))


bind()
