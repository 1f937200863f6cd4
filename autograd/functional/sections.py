"""tensor_split: a tensor cut along one dim into views, by a number of sections or at given indices (NumPy's
array_split), as PyTorch's. Each piece is a slice of the input, so it shares its memory and its gradient is
the slice's."""
import numpy as np

from ..pytorch.checks import canonical_dim, integer
from ..tensor import Tensor
from .shapes import getitem
from .arithmetic import require_tensor


def _piece(input, dim, start, stop):
    """input[..., start:stop, ...] along dim, with Python's slice rules (negative bounds count from the end,
    bounds past either end are clamped, start ≥ stop gives an empty piece)."""
    return getitem(input, (slice(None),) * dim + (slice(start, stop),))


def _from_tensor(indices_or_sections):
    """A tensor argument as an int (0-d: sections) or a list of ints (1-d: indices); it must hold int64."""
    if indices_or_sections.dtype != np.int64:
        from .special_functions import TORCH_DTYPE_NAMES
        raise RuntimeError("tensor_split expected tensor_indices_or_sections to have dtype of long, but got "
                           f"{TORCH_DTYPE_NAMES[indices_or_sections.dtype.name]}")
    if indices_or_sections.ndim > 1:
        raise RuntimeError("tensor_split expected tensor_indices_or_sections to be a zero-dimensional or "
                           f"one-dimensional tensor, but got a tensor with {indices_or_sections.ndim} dims")
    values = indices_or_sections.numpy()
    return int(values) if indices_or_sections.ndim == 0 else [int(v) for v in values]


MOST_SECTIONS = 2 ** 24


def _section_bounds(length, sections):
    """Where `sections` pieces of a dim of `length` begin: length // sections each, the first length % sections
    of them one longer."""
    size, extra = divmod(length, sections)
    return [i * size + min(i, extra) for i in range(sections)] + [length]


def tensor_split(input, indices_or_sections=None, dim=0, *, sections=None, indices=None,
                 tensor_indices_or_sections=None):
    """A tuple of views of input along dim: with an int n, n pieces (sizes as PyTorch's: the first
    length % n one longer; pieces past the end are empty); with a list of indices [i₀, i₁, …], the pieces
    [:i₀], [i₀:i₁], …, [iₖ:] (Python's slice rules); a 0-d int64 tensor counts as sections, a 1-d one as
    indices. (`sections=`, `indices=` and `tensor_indices_or_sections=` are PyTorch's keyword forms.)"""
    require_tensor(input, "tensor_split")
    given = [v for v in (indices_or_sections, sections, indices, tensor_indices_or_sections) if v is not None]
    if len(given) != 1:
        raise TypeError("tensor_split() expects exactly one of indices_or_sections, sections, indices and "
                        "tensor_indices_or_sections")
    split = given[0]
    integer(dim, "tensor_split", "dim")  # (a dim of the wrong type is refused first, as PyTorch's)
    if input.ndim == 0:
        raise RuntimeError("tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims")
    if isinstance(split, Tensor):
        split = _from_tensor(split)
    if isinstance(split, (list, tuple)):
        dim = canonical_dim(dim, input.ndim, "tensor_split")
        bounds = [0] + [integer(i, "tensor_split", "indices") for i in split] + [None]
    else:
        split = integer(split, "tensor_split", "indices_or_sections")
        if split <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {split}")
        if split > MOST_SECTIONS:  # (each piece is a Tensor: 2**40 of them would run for days, PyTorch's bad_alloc)
            raise RuntimeError(f"tensor_split into {split} sections: glassgrad makes at most {MOST_SECTIONS} pieces")
        dim = canonical_dim(dim, input.ndim, "tensor_split")
        bounds = _section_bounds(input.shape[dim], split)
    return tuple(_piece(input, dim, start, stop) for start, stop in zip(bounds, bounds[1:], strict=False))
