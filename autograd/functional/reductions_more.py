"""More reductions of PyTorch's surface, each composed of primitives that already have their gradients:

    prod(x, dim)          = Π x over `dim`, one primitive (Prod: PyTorch's rounding, overflow and gradient at zeros)
    median(x, dim)        = x at the lower median's position, (n − 1) // 2 in sorted order (a NaN wins: NaN)
    median(x)             = amax of x's entries equal to that median (mean of its NaNs where it is NaN): the
                            gradient is spread evenly over the tied entries, as PyTorch's
    nansum(x, dim)        = Σ x over `dim` with the NaNs counted as 0
Where PyTorch's node saves x (median over all elements, nansum), so does one_node's: backward refuses once x
was changed in place, as PyTorch's.
    count_nonzero(x, dim) = Σ (x ≠ 0) over `dim`, as int64
"""

import numpy as np

from ..tensor import Tensor
from ..pytorch import return_types
from ..pytorch.checks import canonical_dim, canonical_dims, numpy_names
from .arithmetic import isnan, ne, to, where
from .reductions import amax, mean, sum
from .saved import composed, one_node
from ..primitives.scan import Prod
from .shapes import gather, reshape, squeeze
from .sorting import argsort
from .arithmetic import require_tensor


@numpy_names
def prod(input, dim=None, keepdim=False, *, dtype=None):
    """Π x over `dim` (all elements when dim is None); bools and integers are multiplied as int64 and `dtype`
    converts x first, as in PyTorch. Over no elements the product is 1."""
    require_tensor(input, "prod")
    converted = input if dtype is None else to(input, dtype)
    if converted is not input:  # (a hook on it would see the input converted: refused)
        return composed(prod(converted, dim, keepdim, dtype=dtype), "prod with a dtype", input)
    if dtype is None and input.dtype.kind in "biu":
        input = to(input, np.int64)
    if dim is None:
        if keepdim:
            raise TypeError("prod() received an invalid combination of arguments: keepdim needs dim")
        return Prod.apply(input)
    axis = canonical_dim(dim, input.ndim, "prod")
    return Prod.apply(input, axis=axis, keepdims=keepdim)


@numpy_names
def median(input, dim=None, keepdim=False):
    """The lower median, x's ((n − 1) // 2)-th smallest entry: of all elements (a 0-d tensor) when dim is None,
    else (values, indices) along dim, as PyTorch's. Where a NaN is present the median is NaN, at the first NaN's
    index. On ties the index is the stable sort's (as PyTorch's on the CPU). Along dim the gradient flows to the
    chosen entry (gather's rule); over all elements it is spread evenly over the entries equal to the median
    (the NaNs where it is NaN), as in PyTorch."""
    if not isinstance(input, Tensor):
        raise TypeError(f"median(): argument 'input' must be Tensor, not {type(input).__name__}")
    if input.dtype == np.bool_ or input.dtype.kind == "c":
        if dim is not None:
            canonical_dim(dim, input.ndim, "median")  # (a bad dim is PyTorch's IndexError first)
        raise NotImplementedError(f'"median" not implemented for {input.dtype} tensors')
    if dim is None:
        if keepdim:
            raise TypeError('median() missing 1 required positional arguments: "dim" (keepdim needs a dim)')
        if input.numel() == 0 and input.dtype.kind in "fc":
            return sum(input) * float("nan")  # PyTorch's NaN, with an all-zero gradient
        if input.numel() == 0:
            raise RuntimeError("median() input tensor cannot be empty")
        flat = reshape(input, -1)
        value = median(flat.detach(), 0).values.item()
        if value != value:  # NaN: each NaN entry gets an equal share (their mean is NaN)
            return one_node(mean(flat[isnan(flat.detach())]), "MedianBackward0", input, output=True)
        return one_node(amax(flat[flat.detach() == value]), "MedianBackward0", input, output=True)  # amax: shared evenly
    axis = canonical_dim(dim, input.ndim, "median")
    flat = reshape(input, 1) if input.ndim == 0 else input
    if flat.shape[axis] == 0:
        raise IndexError(f"median(): Expected reduction dim {axis} to have non-zero size.")
    order = argsort(flat.detach(), axis, stable=True)
    lower = order[(slice(None),) * axis + (slice((flat.shape[axis] - 1) // 2, (flat.shape[axis] - 1) // 2 + 1),)]
    nans = isnan(flat.detach())
    first_nan = to(nans, np.uint8).argmax(axis, keepdim=True)
    index = where(nans.any(axis, keepdim=True), first_nan, lower)
    values = gather(flat, axis, index)
    if not keepdim or input.ndim == 0:
        values, index = squeeze(values, axis), squeeze(index, axis)
    return return_types.median(composed(values, "median", input), index)


@numpy_names
def nansum(input, dim=None, keepdim=False, *, dtype=None):
    """Σ x over `dim` with NaN entries taken as 0 (their gradient is 0); integers are summed as sum does."""
    require_tensor(input, "nansum")
    if input.dtype.kind not in "fc":
        return sum(input, dim, keepdim, dtype=dtype)
    return one_node(sum(where(isnan(input), 0.0, input), dim, keepdim, dtype=dtype), "NansumBackward0", input)


@numpy_names
def count_nonzero(input, dim=None):
    """How many entries are not 0, over `dim` (an int, a tuple of ints, or all when None): an int64 tensor."""
    dims = canonical_dims(dim, require_tensor(input, "count_nonzero").ndim)
    return sum(ne(input, 0), dims)
