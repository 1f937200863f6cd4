"""Rearranging elements: swapaxes, t, flip, rot90, meshgrid, combinations and repeat_interleave (PyTorch's forms),
each composed from indexing, reshaping and expanding, so the gradients come with them."""
import itertools
import warnings

import numpy as np

from ..tensor import Tensor
from ..pytorch.checks import canonical_dim, canonical_dims, int_tuple
from .named_views import Flip, NamedPermute
from .shapes import expand, getitem, reshape, transpose
from .arithmetic import require_tensor
from .saved import composed, composite


def swapaxes(x, axis0, axis1):
    """x with two dimensions exchanged (PyTorch's alias of transpose)."""
    return transpose(x, axis0, axis1)


def swapdims(x, dim0, dim1):
    """x with two dimensions exchanged (PyTorch's other alias of transpose, with its argument names)."""
    return transpose(x, dim0, dim1)


def t(x):
    """The transpose of a matrix; a 0-D or 1-D tensor gives a view of itself, as in PyTorch."""
    require_tensor(x, "t")
    if x.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {x.ndim}D")
    return NamedPermute.apply(x, dims=tuple(reversed(range(x.ndim))), op="T")


def flip(input, dims):
    """input reversed along each dim in dims (an int or a sequence of them; none: a copy), as a new tensor (PyTorch's
    flip copies, where NumPy's flip gives a view): out[i] = input[n - 1 - i] along those dims."""
    require_tensor(input, "flip")
    dims = int_tuple(dims if isinstance(dims, (tuple, list)) else (dims,), "flip", "dims")
    dims = (canonical_dims(list(dims), input.ndim, "flip") if dims else None) or ()  # (None: a 0-d input)
    index = tuple(slice(None, None, -1) if d in dims else slice(None) for d in range(input.ndim))
    return Flip.apply(input, index=index + (Ellipsis,))


@composite("rot90")
def rot90(input, k=1, dims=(0, 1)):
    """input turned by k quarter turns in the plane of dims, from dims[0] towards dims[1]: k = 1 flips dims[1]
    then swaps the two, k = 2 flips both, k = 3 flips dims[0] then swaps (a new tensor, as PyTorch's)."""
    require_tensor(input, "rot90")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise TypeError(f"rot90(): argument 'k' (position 2) must be int, not {type(k).__name__}")
    dims = list(dims)
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if input.ndim < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {input.ndim}")
    first, second = (canonical_dim(d, input.ndim, "rot90") for d in dims)  # (out of range: IndexError first)
    if first == second:
        raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {dims[0]} and dim1 = {dims[1]}")
    k = int(k) % 4
    if k == 1:
        return transpose(flip(input, second), first, second)
    if k == 3:
        return transpose(flip(input, first), first, second)
    return flip(input, (first, second) if k == 2 else ())


def fliplr(input):
    """input reversed left to right: along dim 1 (input must have 2 dims or more)."""
    require_tensor(input, "fliplr")
    if input.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return flip(input, 1)


def flipud(input):
    """input reversed upside down: along dim 0 (input must have 1 dim or more)."""
    require_tensor(input, "flipud")
    if input.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return flip(input, 0)


def meshgrid(*tensors, indexing=None):
    """Coordinate grids from 1-D tensors: with indexing='ij' (the default, as PyTorch, which
    warns when it is not given) out[k][i₀, i₁, ...] = tensors[k][iₖ]; 'xy' swaps the first two
    axes of the result (Cartesian indexing, as NumPy's default)."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        warnings.warn("torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument.",
                      UserWarning, stacklevel=2)
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise ValueError(f"meshgrid: indexing must be 'ij' or 'xy', got {indexing!r}")
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty list of tensors")
    for t in tensors:
        if not isinstance(t, Tensor) or t.ndim > 1:
            raise RuntimeError(f"meshgrid expects 0-D or 1-D tensors, got {getattr(t, 'shape', t)}")
    order = list(range(len(tensors)))
    if indexing == "xy" and len(tensors) >= 2:
        order[0], order[1] = 1, 0
    shape = [tensors[k].numel() for k in order]
    grids = []
    for k, t in enumerate(tensors):
        position = order.index(k)
        view = [1] * len(tensors)
        view[position] = shape[position]
        grids.append(expand(reshape(t, *view), *shape))
    return tuple(grids)


@composite("combinations")
def combinations(input, r=2, with_replacement=False):
    """The length-r combinations of a 1-D tensor's elements as the rows of a (count, r) tensor, in
    itertools.combinations' order (with_replacement: combinations_with_replacement's), as PyTorch's:
    combinations([1, 2, 3]) = [[1, 2], [1, 3], [2, 3]]. Picked by indexing, so each element's gradient is the
    sum over the places it was picked for."""
    if require_tensor(input, "combinations").ndim != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(input.shape)}")
    if isinstance(r, bool) or not isinstance(r, (int, np.integer)):
        raise TypeError(f"combinations(): argument 'r' must be int, not {type(r).__name__}")
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if r == 0:
        return Tensor(np.zeros(0, input.dtype))
    pick = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    index = np.array(list(pick(range(input.shape[0]), r)), dtype=np.int64).reshape(-1, r)
    return getitem(input, Tensor(index))


def repeat_interleave(x, repeats=None, dim=None, *, output_size=None):
    """Each element repeated `repeats` times in place: [a, b] → [a, a, b, b] for repeats=2.

    `repeats` is an int or a 1-D tensor (one count per element along dim); without dim the
    input is flattened first. `repeat_interleave(counts)` alone gives [0]*counts[0] + [1]*counts[1] + ..."""
    require_tensor(x, "repeat_interleave")
    if repeats is None:
        counts = x._data
        if counts.ndim != 1 or counts.dtype.kind not in "iu":
            raise RuntimeError("repeat_interleave(repeats): repeats must be a 1-D integer tensor")
        return Tensor(np.repeat(np.arange(len(counts)), counts).astype(np.int64))
    if dim is None:
        x, dim = reshape(x, -1), 0
    dim = canonical_dim(dim, x.ndim, "repeat_interleave")
    counts = repeats._data if isinstance(repeats, Tensor) else np.asarray(repeats)
    if counts.dtype.kind not in "iu":
        raise RuntimeError(f"repeat_interleave: repeats must be integers, got {counts.dtype}")
    if np.any(counts < 0):
        raise RuntimeError("repeat_interleave: repeats can not be negative")
    size = x.shape[dim] if x.ndim else 1
    if counts.ndim > 1 or (counts.ndim == 1 and len(counts) not in (1, size)):
        raise RuntimeError(f"repeat_interleave: repeats must have the same size as input along dim ({size}), "
                           f"but got repeats of shape {counts.shape}")
    index = np.repeat(np.arange(size), counts.reshape(-1) if counts.ndim else counts)
    if output_size is not None and output_size != len(index):
        raise RuntimeError(f"repeat_interleave: output_size={output_size} but the repeats give {len(index)}")
    if x.ndim == 0:
        x = reshape(x, 1)
    if counts.ndim == 0 and not isinstance(repeats, Tensor):  # an int: x with a new dim after `dim`, expanded
        shape = x.shape  # and merged into it, as PyTorch's (nodes that save nothing: a second backward runs)
        wide = expand(reshape(x, shape[:dim + 1] + (1,) + shape[dim + 1:]),
                      *shape[:dim + 1], int(counts), *shape[dim + 1:])
        result = reshape(wide, shape[:dim] + (len(index),) + shape[dim + 1:])
        if result._base is not None:  # (once each, or along a dim of size 1: a view of x, where PyTorch's is new)
            return composed(result.clone(), "repeat_interleave", x)
        return result
    return getitem(x, (slice(None),) * dim + (Tensor(index.astype(np.int64)),))
