"""Tensor methods real programs reach for, bound onto Tensor when autograd is imported: logit, xlogy, hypot,
erfinv, conj, conj_physical, resolve_conj, is_conj, tensor_split, tan, exp2, frac, deg2rad, rad2deg, signbit,
positive, angle, reshape_as, with the in-place forms PyTorch has (logit_, xlogy_, hypot_, erfinv_,
conj_physical_, tan_, exp2_, frac_, deg2rad_, rad2deg_); the conjugate transposes H, mH and adjoint(); layout
and data_ptr(). Each is a thin call into autograd.functional, where the operation is documented."""
import warnings

from .. import functional as F
from ..tensor import Tensor
from .layouts import strided
from .tensor_common import _in_place

SAME_AS_FUNCTION = ("logit", "xlogy", "hypot", "erfinv", "conj", "conj_physical", "resolve_conj", "is_conj",
                    "tensor_split", "tan", "exp2", "frac", "deg2rad", "rad2deg", "signbit", "positive", "angle",
                    "reshape_as")
IN_PLACE = ("logit", "xlogy", "hypot", "erfinv", "conj_physical", "tan", "exp2", "frac", "deg2rad", "rad2deg")


def conjugate_transpose(self):
    """x.H: the conjugate transpose of a matrix, x.mT.conj() (for a real x, the transpose: a view). A 0-d
    tensor gives x.conj() with PyTorch's deprecation warning; other sizes are refused, as PyTorch's.
    (A complex result is a copy: glassgrad's conj copies, see functional/conjugation.py.)"""
    if self.ndim == 0:
        warnings.warn("Tensor.H is deprecated on 0-D tensors. Consider using x.conj().", UserWarning, stacklevel=2)
        return F.conj(self)
    if self.ndim != 2:
        batches = " For batches of matrices, consider using tensor.mH" if self.ndim > 2 else ""
        raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got {self.ndim}-D tensor.{batches}")
    return F.conj(self.mT)


def _matrix_adjoint(name, deprecated):
    def adjoint(self):
        if self.ndim == 0:
            warnings.warn(f"{deprecated} is deprecated on 0-D tensors. Consider using x.conj().", UserWarning,
                          stacklevel=2)
            return F.conj(self)
        if self.ndim < 2:
            raise RuntimeError(f"tensor.{name} is only supported on matrices or batches of matrices. "
                               f"Got {self.ndim}-D tensor.")
        return F.conj(self.mT)

    adjoint.__name__ = name.rstrip("()")
    adjoint.__doc__ = (f"x.{name}: x.mT.conj(), each matrix's conjugate transpose (for a real x, mT: a view; "
                       "a complex result is a copy, as glassgrad's conj). A 0-d x gives x.conj() with PyTorch's "
                       "deprecation warning; a 1-d one is refused, as PyTorch's.")
    return adjoint


def data_ptr(self):
    """The address of the first element in memory, as an int (0 for a tensor with no elements, as PyTorch's):
    equal for a tensor and a view of it that starts at the same element, different for a copy."""
    array = self._data
    return array.__array_interface__["data"][0] if array.size else 0


def bind():
    for name in SAME_AS_FUNCTION:
        setattr(Tensor, name, getattr(F, name))
    for name in IN_PLACE:
        setattr(Tensor, name + "_", _in_place(getattr(F, name), name + "_"))
    Tensor.H = property(conjugate_transpose)
    Tensor.mH = property(_matrix_adjoint("mH", "Tensor.mH"))
    Tensor.adjoint = _matrix_adjoint("adjoint()", "adjoint()")
    Tensor.layout = property(lambda self: strided, doc="The memory layout: always torch.strided in glassgrad.")
    Tensor.data_ptr = data_ptr


bind()
