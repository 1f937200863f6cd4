"""Functions that rearrange tensors: reshape and friends, indexing, joining and splitting,
padding, sliding windows, and the matrix product."""
import numpy as np

from ..primitives import BroadcastTo, Cat, GetItem, MatMul, Pad, Permute, Reshape, Stack, Windows
from ..tensor import Tensor
from .arithmetic import operands, where


def _shape_args(shape):
    """Accept both f(x, 2, 3) and f(x, (2, 3))."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = shape[0]
    return tuple(map(int, shape))


def reshape(x, *shape):
    """The same elements in a new shape (one entry may be −1: inferred)."""
    shape = _shape_args(shape)
    if shape == x.shape:
        return x
    return Reshape.apply(x, shape=shape)


def flatten(x, start_dim=0, end_dim=-1):
    """Merge dims start_dim..end_dim into one."""
    if x.ndim == 0:
        return reshape(x, 1)
    start, end = start_dim % x.ndim, end_dim % x.ndim
    return reshape(x, x.shape[:start] + (-1,) + x.shape[end + 1 :])


def permute(x, *dims):
    """Reorder the axes: out.shape[i] = x.shape[dims[i]]."""
    dims = tuple(d % x.ndim for d in _shape_args(dims)) if x.ndim else ()
    if dims == tuple(range(x.ndim)):
        return x
    return Permute.apply(x, dims=dims)


def transpose(x, dim0, dim1):
    """Swap two axes."""
    dims = list(range(x.ndim))
    dims[dim0], dims[dim1] = dims[dim1], dims[dim0]
    return permute(x, *dims)


def squeeze(x, dim=None):
    """Remove size-1 axes (all of them, or only `dim` if it has size 1)."""
    if dim is None:
        return reshape(x, tuple(n for n in x.shape if n != 1))
    dims = {d % x.ndim for d in ((dim,) if isinstance(dim, int) else dim)} if x.ndim else set()
    return reshape(x, tuple(n for i, n in enumerate(x.shape) if not (i in dims and n == 1)))


def unsqueeze(x, dim):
    """Insert a size-1 axis at position `dim`."""
    dim = dim % (x.ndim + 1)
    return reshape(x, x.shape[:dim] + (1,) + x.shape[dim:])


def broadcast_to(x, shape):
    """x repeated (without copying) to `shape`, by NumPy's broadcasting rules."""
    shape = _shape_args((shape,))
    if shape == x.shape:
        return x
    return BroadcastTo.apply(x, shape=shape)


def expand(x, *sizes):
    """broadcast_to where −1 keeps that axis's size."""
    sizes = _shape_args(sizes)
    lead = len(sizes) - x.ndim
    shape = tuple(x.shape[i - lead] if n == -1 else n for i, n in enumerate(sizes))
    return broadcast_to(x, shape)


def repeat(x, *repeats):
    """Tile x: out.shape[i] = x.shape[i] * repeats[i] (PyTorch's Tensor.repeat)."""
    repeats = _shape_args(repeats)
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
    dim = dim % x.ndim
    grids = np.indices(index.shape, sparse=True)
    full = tuple(index if axis == dim else grids[axis] for axis in range(x.ndim))
    return GetItem.apply(x, index=full)


def cat(tensors, dim=0):
    """Join tensors along an existing axis."""
    tensors = list(tensors)
    if not tensors:
        raise ValueError("cat: expected a non-empty list of tensors")
    return Cat.apply(*tensors, axis=dim % tensors[0].ndim)


def stack(tensors, dim=0):
    """Join tensors of equal shape along a new axis."""
    tensors = list(tensors)
    if not tensors:
        raise ValueError("stack: expected a non-empty list of tensors")
    shapes = {t.shape for t in tensors}
    if len(shapes) > 1:
        raise ValueError(f"stack: all tensors must have the same shape, got {sorted(shapes)}")
    return Stack.apply(*tensors, axis=dim % (tensors[0].ndim + 1))


def split(x, split_size, dim=0):
    """Split into pieces of `split_size` along dim (or of the sizes in a list)."""
    size = x.shape[dim]
    if isinstance(split_size, int):
        sizes = [split_size] * (size // split_size) + ([size % split_size] if size % split_size else [])
    else:
        sizes = list(split_size)
    pieces, start = [], 0
    for n in sizes:
        index = (slice(None),) * (dim % x.ndim) + (slice(start, start + n),)
        pieces.append(getitem(x, index))
        start += n
    return tuple(pieces)


def chunk(x, chunks, dim=0):
    """Split into `chunks` nearly equal pieces along dim."""
    return split(x, -(-x.shape[dim] // chunks), dim)


def unbind(x, dim=0):
    """The slices along dim, as a tuple of tensors with that axis removed."""
    return tuple(getitem(x, (slice(None),) * (dim % x.ndim) + (i,)) for i in range(x.shape[dim]))


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
    if b.ndim == 1:
        out = squeeze(out, -1)
    if a.ndim == 1:
        out = squeeze(out, -2)
    return out


def bmm(a, b):
    """Batch matrix product: (B, n, k) @ (B, k, m) -> (B, n, m), each batch item multiplied alone."""
    if a.ndim != 3 or b.ndim != 3 or a.shape[0] != b.shape[0]:
        raise ValueError(f"bmm: expected (B, n, k) and (B, k, m) tensors, got shapes {a.shape} and {b.shape}")
    return MatMul.apply(a, b)
