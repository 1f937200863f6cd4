"""Functions that rearrange tensors: reshape and friends, indexing, joining and splitting,
padding, sliding windows, and the matrix product."""
import numpy as np

from ..primitives import BroadcastTo, Cat, GetItem, MatMul, Pad, Permute, Reshape, Windows
from ..tensor import Tensor
from .arithmetic import operands, promote, where
from .checks import canonical_dim, canonical_dims, int_tuple, reshape_size, size_tuple, split_sizes


def reshape(x, *shape):
    """The same elements in a new shape (one entry may be −1: inferred)."""
    shape = reshape_size(shape, x._data.size)
    if shape == x.shape:
        return x
    return Reshape.apply(x, shape=shape)


def flatten(x, start_dim=0, end_dim=-1):
    """Merge dims start_dim..end_dim into one."""
    start, end = canonical_dim(start_dim, x.ndim, "flatten", "start_dim"), canonical_dim(end_dim, x.ndim, "flatten", "end_dim")
    if start > end:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if x.ndim == 0:
        return reshape(x, 1)
    return reshape(x, x.shape[:start] + (-1,) + x.shape[end + 1 :])


def permute(x, *dims):
    """Reorder the axes: out.shape[i] = x.shape[dims[i]]."""
    dims = tuple(canonical_dim(d, x.ndim, "permute") for d in int_tuple(dims, "permute", "dims"))
    if len(dims) != x.ndim:
        raise RuntimeError(
            f"permute(): number of dims don't match in permute: the tensor has {x.ndim} dimensions, "
            f"but {len(dims)} were given"
        )
    if len(set(dims)) != len(dims):
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    if dims == tuple(range(x.ndim)):
        return x
    return Permute.apply(x, dims=dims)


def transpose(x, dim0, dim1):
    """Swap two axes."""
    dim0, dim1 = canonical_dim(dim0, x.ndim, "transpose", "dim0"), canonical_dim(dim1, x.ndim, "transpose", "dim1")
    if x.ndim == 0:
        return x
    dims = list(range(x.ndim))
    dims[dim0], dims[dim1] = dims[dim1], dims[dim0]
    return permute(x, *dims)


def squeeze(x, dim=None):
    """Remove size-1 axes (all of them, or only `dim` if it has size 1)."""
    if dim is None:
        return reshape(x, tuple(n for n in x.shape if n != 1))
    dims = canonical_dims(dim, x.ndim, "squeeze") or ()
    return reshape(x, tuple(n for i, n in enumerate(x.shape) if not (i in dims and n == 1)))


def unsqueeze(x, dim):
    """Insert a size-1 axis at position `dim`."""
    dim = canonical_dim(dim, x.ndim + 1, "unsqueeze")
    return reshape(x, x.shape[:dim] + (1,) + x.shape[dim:])


def broadcast_to(x, shape):
    """x repeated (without copying) to `shape`, by NumPy's broadcasting rules."""
    shape = size_tuple((shape,), "broadcast_to")
    if shape == x.shape:
        return x
    return BroadcastTo.apply(x, shape=shape)


def expand(x, *sizes):
    """broadcast_to where −1 keeps that axis's size."""
    sizes = int_tuple(sizes, "expand")
    lead = len(sizes) - x.ndim
    if lead < 0:
        raise RuntimeError(
            f"expand: the number of sizes provided ({len(sizes)}) must be greater or equal to the number of "
            f"dimensions in the tensor ({x.ndim})"
        )
    for i, n in enumerate(sizes):
        if n < 0 and (n != -1 or i < lead):
            where = "in a leading, non-existing dimension" if i < lead else "at dimension"
            raise RuntimeError(f"expand: the expanded size {n} isn't allowed {where} {i} (sizes {list(sizes)})")
    shape = tuple(x.shape[i - lead] if n == -1 else n for i, n in enumerate(sizes))
    return broadcast_to(x, shape)


def repeat(x, *repeats):
    """Tile x: out.shape[i] = x.shape[i] * repeats[i] (PyTorch's Tensor.repeat)."""
    repeats = size_tuple(repeats, "repeat", "repeats")
    if len(repeats) < x.ndim:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor")
    shape = (1,) * (len(repeats) - x.ndim) + x.shape
    interleaved = tuple(v for n in shape for v in (1, n))
    tiled = tuple(v for r, n in zip(repeats, shape) for v in (r, n))
    return reshape(broadcast_to(reshape(x, interleaved), tiled), tuple(r * n for r, n in zip(repeats, shape)))


def normalize_index(index):
    """An index as a tuple NumPy understands: Tensors become arrays, bool masks their nonzero()."""
    parts = []
    for item in index if isinstance(index, tuple) else (index,):
        if isinstance(item, Tensor):
            item = item._data
        elif isinstance(item, list):
            item = np.asarray(item)
        if isinstance(item, np.ndarray) and item.ndim == 0 and item.dtype.kind in "iu":
            item = int(item)
        if isinstance(item, np.integer):
            item = int(item)
        if isinstance(item, np.ndarray):
            if item.dtype == np.bool_:
                parts.extend(np.nonzero(item))
                continue
            if item.dtype.kind not in "iu":
                raise IndexError(f"tensors used as indices must be integer or bool, got {item.dtype}")
        parts.append(item)
    return tuple(parts)


def getitem(x, index):
    """x[index] with ints, slices, None, ..., integer arrays (repeats accumulate in the
    gradient) and bool masks."""
    return GetItem.apply(x, index=normalize_index(index))


def gather(x, dim, index):
    """out[i][j][k] = x[i][index[i][j][k]][k] for dim=1 (PyTorch's gather)."""
    index = index._data if isinstance(index, Tensor) else np.asarray(index)
    dim = canonical_dim(dim, x.ndim, "gather")
    if index.dtype.kind not in "iu":
        raise RuntimeError(f"gather(): Expected dtype int32/int64 for index, got {index.dtype}")
    if index.ndim != max(x.ndim, 1):
        raise RuntimeError(
            f"gather(): Index tensor must have the same number of dimensions as input tensor "
            f"(index {index.shape}, input {x.shape})"
        )
    if index.size and (index.min() < 0 or index.max() >= (x.shape[dim] if x.ndim else 1)):
        bad = index.min() if index.min() < 0 else index.max()
        raise RuntimeError(f"gather(): index {bad} is out of bounds for dimension {dim} with size {x.shape[dim]}")
    if any(n > x.shape[d] for d, n in enumerate(index.shape) if d != dim):
        raise RuntimeError(f"gather(): index of shape {index.shape} does not fit input of shape {x.shape} outside dim {dim}")
    grids = np.indices(index.shape, sparse=True)
    full = tuple(index if axis == dim else grids[axis] for axis in range(x.ndim))
    return GetItem.apply(x, index=full)


def cat(tensors, dim=0):
    """Join tensors along an existing axis."""
    if isinstance(tensors, Tensor):
        raise TypeError("cat(): argument 'tensors' must be a tuple or list of Tensors, not Tensor")
    tensors = list(tensors)
    if not tensors:
        raise ValueError("cat: expected a non-empty list of tensors")
    if any(t.ndim == 0 for t in tensors):
        raise RuntimeError("zero-dimensional tensor cannot be concatenated")
    axis = canonical_dim(dim, tensors[0].ndim, "cat")
    return Cat.apply(*promote(*tensors), axis=axis)


def stack(tensors, dim=0):
    """Join tensors of equal shape along a new axis."""
    if isinstance(tensors, Tensor):
        raise TypeError("stack(): argument 'tensors' must be a tuple or list of Tensors, not Tensor")
    tensors = list(tensors)
    if not tensors:
        raise ValueError("stack: expected a non-empty list of tensors")
    shapes = {t.shape for t in tensors}
    if len(shapes) > 1:
        raise ValueError(f"stack: all tensors must have the same shape, got {sorted(shapes)}")
    dim = canonical_dim(dim, tensors[0].ndim + 1, "stack")
    return cat([unsqueeze(t, dim) for t in tensors], dim)


def split(x, split_size, dim=0):
    """Split into pieces of `split_size` along dim (or of the sizes in a list)."""
    if x.ndim == 0:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    dim = canonical_dim(dim, x.ndim, "split")
    pieces, start = [], 0
    for n in split_sizes(split_size, x.shape[dim]):
        index = (slice(None),) * dim + (slice(start, start + n),)
        pieces.append(getitem(x, index))
        start += n
    return tuple(pieces)


def chunk(x, chunks, dim=0):
    """Split into `chunks` nearly equal pieces along dim."""
    if isinstance(chunks, (bool, float)) or not hasattr(type(chunks), "__index__"):
        raise TypeError(f"chunk(): argument 'chunks' must be int, not {type(chunks).__name__}")
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    if x.ndim == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    return split(x, max(-(-x.shape[canonical_dim(dim, x.ndim, "chunk")] // chunks), 1), dim)


def unbind(x, dim=0):
    """The slices along dim, as a tuple of tensors with that axis removed."""
    if x.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    dim = canonical_dim(dim, x.ndim, "unbind")
    return tuple(getitem(x, (slice(None),) * dim + (i,)) for i in range(x.shape[dim]))


def pad(x, pad, value=0.0):
    """Constant padding with PyTorch's order: (left, right) of the last axis, then the one before…"""
    if len(pad) % 2 or len(pad) // 2 > x.ndim:
        raise ValueError(f"pad: expected pairs for at most {x.ndim} axes, got {pad}")
    pairs = [(0, 0)] * x.ndim
    for i in range(len(pad) // 2):
        pairs[x.ndim - 1 - i] = (pad[2 * i], pad[2 * i + 1])
    padded = Pad.apply(x, widths=tuple(pairs))
    if value == 0:
        return padded
    is_padding = np.pad(np.zeros(x.shape, dtype=bool), pairs, constant_values=True)
    return where(is_padding, value, padded)


def _tuple(value, n):
    return tuple(value) if isinstance(value, (tuple, list)) else (value,) * n


def sliding_windows(x, kernel_size, stride=1, dilation=1):
    """The (N, C, *out, *kernel) windows of x (N, C, *spatial): im2col as a strided view."""
    n = x.ndim - 2
    kernel, stride, dilation = _tuple(kernel_size, n), _tuple(stride, n), _tuple(dilation, n)
    return Windows.apply(x, kernel=kernel, stride=stride, dilation=dilation)


def matmul(a, b):
    """Matrix product with NumPy's rules: 1-D operands are promoted to a row (left) or a
    column (right) and the added axis removed again; batch axes broadcast."""
    a, b = operands(a, b)
    if a._data.ndim >= 2 and b._data.ndim >= 2:
        return MatMul.apply(a, b)
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError(f"matmul: both arguments need at least 1 dimension, got shapes {a.shape} and {b.shape}")
    out = MatMul.apply(unsqueeze(a, 0) if a.ndim == 1 else a, unsqueeze(b, -1) if b.ndim == 1 else b)
    if a.ndim == 1:
        out = squeeze(out, -2)
    if b.ndim == 1:
        out = squeeze(out, -1)
    return out


def bmm(a, b):
    """Batch matrix product: (B, n, k) @ (B, k, m) -> (B, n, m), each batch item multiplied alone."""
    if a.ndim != 3 or b.ndim != 3 or a.shape[0] != b.shape[0]:
        raise ValueError(f"bmm: expected (B, n, k) and (B, k, m) tensors, got shapes {a.shape} and {b.shape}")
    return MatMul.apply(a, b)
