"""Taking and putting elements by position (PyTorch's take, take_along_dim, put, index_put):

    take(x, index)              = x.flatten()[index]             (negative positions count from the end)
    take_along_dim(x, i, dim)   = gather(x, dim, i), x and i broadcast to each other outside dim
    put(x, index, source)       = x with x.flatten()[index] = source (accumulate: += , repeats adding up)
    index_put(x, indices, v)    = x with x[indices] = v (accumulate: +=, repeats adding up)

Each is composed from GetItem, IndexPut and ScatterAdd, so gradients are PyTorch's: a taken element's gradient
flows back to where it was taken (repeats adding up); a put's source gets g at the places written.
"""
import numpy as np

from ..primitives.scatter import ScatterAdd
from ..primitives.writes import IndexPut
from ..pytorch.checks import broadcasts_to, canonical_dim
from ..tensor import Tensor
from .shapes import broadcast_to, gather, getitem, normalize_index, reshape
from .saved import composite


def _long_index(index, op):
    """index's values (a copy), refused unless index is a Tensor of int64."""
    if not isinstance(index, Tensor):
        raise TypeError(f"{op}(): argument 'index' must be Tensor, not {type(index).__name__}")
    positions = np.array(index.numpy())
    if positions.dtype != np.int64:
        raise RuntimeError(f"{op}(): Expected a long tensor for index, but got {positions.dtype}")
    return positions


def _positions(input, index, op):
    """index (a Tensor of int64) as flat positions into input, negative ones counted from the end."""
    positions = _long_index(index, op)
    size = input.numel()
    if positions.size and (positions.min() < -size or positions.max() >= size):
        bad = positions.min() if positions.min() < -size else positions.max()
        raise IndexError(f"out of range: tried to access index {bad} on a tensor of {size} elements.")
    return positions % size if size else positions


@composite("take")
def take(input, index):
    """input's elements at flat positions `index` (in row-major order), shaped as index."""
    positions = _positions(input, index, "take")
    return getitem(reshape(input, (-1,)), positions)


def take_along_dim(input, indices, dim=None):
    """gather(input, dim, indices) with input and indices broadcast to each other outside dim (negative indices
    count from the end); with dim None, the flattened input at the flattened indices."""
    if not isinstance(indices, Tensor):
        raise TypeError(f"take_along_dim(): argument 'indices' must be Tensor, not {type(indices).__name__}")
    if indices.dtype != np.int64:
        raise RuntimeError(f"torch.take_along_dim(): dtype of indices should be int64 but got {indices.dtype}")
    if dim is None:  # (PyTorch's gather of the flattened input: there a negative index is out of bounds)
        if indices.numel() and indices.numpy().min() < 0:
            raise RuntimeError(f"take_along_dim(): index {indices.numpy().min()} is out of bounds for dimension 0 "
                               f"with size {input.numel()}")
        return take_along_dim(reshape(input, (-1,)), reshape(indices, (-1,)), 0)
    axis = canonical_dim(dim, input.ndim, "take_along_dim")
    if input.ndim != indices.ndim:
        raise RuntimeError(f"torch.take_along_dim(): input and indices should have the same number of dimensions, but "
                           f"got {input.ndim} dimensions for input, and {indices.ndim} dimensions for indices")
    size = input.shape[axis]
    raw = indices.numpy()
    if raw.size and (raw.min() < -size or raw.max() >= size):
        bad = raw.min() if raw.min() < -size else raw.max()
        raise RuntimeError(f"take_along_dim(): index {bad} is out of bounds for dimension {axis} with size {size}")
    try:
        outer = np.broadcast_shapes(input.shape[:axis] + (1,) + input.shape[axis + 1:],
                                    indices.shape[:axis] + (1,) + indices.shape[axis + 1:])
    except ValueError:
        raise RuntimeError(f"take_along_dim(): input of shape {tuple(input.shape)} and indices of shape "
                           f"{tuple(indices.shape)} do not broadcast outside dim {axis}") from None
    input = broadcast_to(input, outer[:axis] + (size,) + outer[axis + 1:])
    positions = Tensor(np.ascontiguousarray(np.broadcast_to(raw % size if size else raw,
                                                            outer[:axis] + (raw.shape[axis],) + outer[axis + 1:])))
    return gather(input, axis, positions)


def _checked_values(input, values, region, op):
    if not isinstance(values, Tensor):
        raise TypeError(f"{op}(): argument 'values' (position 2) must be Tensor, not {type(values).__name__}")
    if not broadcasts_to(values.shape, region):
        raise RuntimeError(f"shape mismatch: value tensor of shape {list(values.shape)} cannot be broadcast to "
                           f"indexing result of shape {list(region)}")
    if values.dtype != input.dtype:
        raise RuntimeError(f"Index put requires the source and destination dtypes match, got {input.dtype} for the "
                           f"destination and {values.dtype} for the source.")
    return values


def index_put(input, indices, values, accumulate=False):
    """input with input[indices] = values (values broadcast to the indexed part); with accumulate, values added
    there instead, a place named several times getting each of them."""
    if not isinstance(indices, (tuple, list)):
        raise TypeError(f"index_put(): argument 'indices' (position 1) must be tuple of Tensors, not "
                        f"{type(indices).__name__}")
    index = normalize_index(tuple(indices), input.shape, writing=True)
    region = np.broadcast_to(np.False_, input.shape)[index].shape
    values = _checked_values(input, values, region, "index_put")
    if accumulate:
        return ScatterAdd.apply(input, broadcast_to(values, region), index=index)
    return IndexPut.apply(input, values, index=index)


@composite("put")
def put(input, index, source, accumulate=False):
    """input with its elements at flat positions `index` (row-major, negative ones from the end) set to source's
    (added, with accumulate); index and source have the same number of elements."""
    index_size = _long_index(index, "put").size  # (PyTorch's order: index dtype, source dtype, sizes, bounds)
    if not isinstance(source, Tensor):
        raise TypeError(f"put(): argument 'source' must be Tensor, not {type(source).__name__}")
    if source.dtype != input.dtype:
        raise RuntimeError(f"put(): self ({input.dtype}) and source ({source.dtype}) must have the same scalar type")
    if source.numel() != index_size:
        raise IndexError(f"put(): Expected source and index to have the same number of elements, but got source."
                           f"numel() = {source.numel()}, index.numel() = {index_size}")
    positions = _positions(input, index, "put").reshape(-1)
    flat, values = reshape(input, (-1,)), reshape(source, (-1,))
    out = (ScatterAdd if accumulate else IndexPut).apply(flat, values, index=(positions,))
    return reshape(out, input.shape)
