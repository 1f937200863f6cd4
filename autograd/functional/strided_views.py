"""Views PyTorch names that the shape functions lack: narrow, diagonal and movedim (moveaxis), and
index_select (a copy, as in PyTorch). Each is made from the view primitives, so a view shares its
base's memory and version counter, and its gradient comes from theirs.

`diagonal` is indexing: the diagonal of the last two axes is x[..., rows, cols] with
rows = [i...], cols = [i + offset...] (or the other way round for a negative offset), whose
gradient is that of indexing (g added back at those places). NumPy's x[..., rows, cols] would copy;
DiagonalIndex takes the same elements as a strided view (stride = the sum of the two axes' strides),
so that writing through the diagonal writes into x, as PyTorch's does.
"""
import numpy as np

from ..primitives import GetItem
from ..tensor import Tensor
from ..pytorch.checks import canonical_dim, int_tuple, integer
from .named_views import NamedGetItem
from .shapes import getitem, permute
from .arithmetic import require_tensor
from .saved import composed


def narrow(input, dim, start, length):
    """input's elements start ≤ i < start + length along dim, as a view (x.narrow(0, 1, 2) is x[1:3])."""
    integer(dim, "narrow", "dim")  # (a dim of the wrong type is refused first, as PyTorch's, also for a 0-d input)
    if input.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    start, length = integer(start, "narrow", "start"), integer(length, "narrow", "length")
    if length < 0:  # checked first, as PyTorch does
        raise RuntimeError("narrow(): length must be non-negative.")
    dim = canonical_dim(dim, input.ndim, "narrow")
    size = input.shape[dim]
    if not -size <= start <= size:
        raise IndexError(f"start out of range (expected to be in range of [{-size}, {size}], but got {start})")
    if start < 0:
        start += size
    if start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    return getitem(input, (slice(None),) * dim + (slice(start, start + length),))


class DiagonalIndex(GetItem):
    """out = the diagonal a[..., rows, cols] of the last two axes, as a view;  da = zeros like a with g added on it

    The gradient is GetItem's (indexing with rows, cols); only the forward differs: it takes the elements as
    a writable strided view of a (stride = the sum of the two axes' strides) instead of NumPy's copy."""

    __slots__ = ()

    def forward(self, a):
        rows, cols = self.index[-2:]
        shape = a.shape[:-2] + (len(rows),)
        start = a[..., rows[0]:, cols[0]:] if len(rows) else a  # the diagonal's first element, a's strides on
        strides = a.strides[:-2] + (a.strides[-2] + a.strides[-1],)
        return np.lib.stride_tricks.as_strided(start, shape, strides, writeable=a.flags.writeable)

    def pytorch_name(self):
        return "Diagonal"

    def label(self):
        return "diagonal"


def diagonal(input, offset=0, dim1=0, dim2=1):
    """The diagonal of the 2-D slices across dim1 and dim2, as a view: out[..., i] = input[..i.., i + offset]
    along (dim1, dim2), the other axes first, in order, and the diagonal last (PyTorch's layout).
    offset > 0 is above the main diagonal, < 0 below; past the edge the result is empty."""
    require_tensor(input, "diagonal")
    offset = integer(offset, "diagonal", "offset")
    dim1 = canonical_dim(dim1, input.ndim, "diagonal", "dim1")
    dim2 = canonical_dim(dim2, input.ndim, "diagonal", "dim2")
    if dim1 == dim2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    order = [d for d in range(input.ndim) if d not in (dim1, dim2)] + [dim1, dim2]
    moved = input if order == list(range(input.ndim)) else permute(input, *order)
    n, m = moved.shape[-2:]
    length = max(min(n, m - offset) if offset >= 0 else min(n + offset, m), 0)
    first_row, first_col = (0, offset) if offset >= 0 else (-offset, 0)
    rows = np.arange(first_row, first_row + length)
    cols = np.arange(first_col, first_col + length)
    diagonal = DiagonalIndex.apply(moved, index=(Ellipsis, rows, cols))
    return diagonal if moved is input else composed(diagonal, "diagonal", input)  # (a permute, then the diagonal)


def movedim(input, source, destination):
    """input with the dims in `source` moved to the places in `destination` (ints or sequences of ints);
    the other dims keep their order. A view (a permute)."""
    if isinstance(source, (tuple, list)) != isinstance(destination, (tuple, list)):
        raise TypeError(f"movedim(): source and destination must both be ints or both sequences of ints, got "
                        f"{type(source).__name__} and {type(destination).__name__}")
    source = int_tuple((source,) if not isinstance(source, (tuple, list)) else (tuple(source),), "movedim", "source")
    destination = int_tuple((destination,) if not isinstance(destination, (tuple, list)) else (tuple(destination),),
                            "movedim", "destination")
    if len(source) != len(destination):
        raise RuntimeError(
            f"movedim: Invalid source or destination dims: source ({list(source)} dims) should contain the same "
            f"number of dims as destination ({list(destination)} dims)"
        )
    source = [canonical_dim(d, input.ndim, "movedim", "source") for d in source]
    destination = [canonical_dim(d, input.ndim, "movedim", "destination") for d in destination]
    for name, dims in (("source", source), ("destination", destination)):
        if len(set(dims)) != len(dims):
            raise RuntimeError(f"movedim: repeated dim in `{name}` ({dims})")
    if input.ndim == 0:  # (dim 0 or -1 of a 0-d tensor: nothing to move; still a view, as PyTorch's)
        return permute(input)
    order = [None] * input.ndim
    for s, d in zip(source, destination, strict=True):
        order[d] = s
    others = iter(d for d in range(input.ndim) if d not in source)
    return permute(input, *[d if d is not None else next(others) for d in order])


moveaxis = movedim


def index_select(input, dim, index):
    """The entries of input at the positions `index` (a 1-D or 0-D int64/int32 tensor) along dim: a new
    tensor, not a view (PyTorch's too). Repeated positions add up in the gradient."""
    if not isinstance(index, Tensor):
        raise TypeError(f"index_select(): argument 'index' (position 2) must be Tensor, not {type(index).__name__}")
    positions = index.numpy()
    if positions.dtype not in (np.int32, np.int64):
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    if positions.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    dim = canonical_dim(dim, input.ndim, "index_select")
    size = input.shape[dim] if input.ndim else 1
    if positions.size and (positions.min() < 0 or positions.max() >= size):
        raise IndexError(f"index out of range in self: index_select's index holds "
                         f"{positions.min() if positions.min() < 0 else positions.max()}, dim {dim} has size {size}")
    if input.ndim == 0:  # PyTorch's: a 0-d input gives a 0-d result
        if positions.size != 1:
            raise RuntimeError(f"index_select(): Index to scalar can have only 1 value, got {positions.size} value(s)")
        return NamedGetItem.apply(input, index=(), op="IndexSelect")
    index = (slice(None),) * dim + (np.array(positions).reshape(-1),)  # (a copy: a later write to `index` is harmless)
    return NamedGetItem.apply(input, index=index, op="IndexSelect")
