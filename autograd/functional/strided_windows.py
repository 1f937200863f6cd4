"""Views PyTorch names that take elements by strides or by one position: as_strided, unfold (sliding windows along
one dim), select (one position of a dim) and unflatten (a dim split into several).

as_strided and unfold are indexing (GetItem's gradient: g added back at the positions read, repeats accumulating),
with a forward that takes the same elements as a strided view of the input instead of NumPy's copy, so that they
share its memory as PyTorch's do:

    unfold(x, d, size, step)[..., w, ..., k] = x[..., w·step + k, ...]
    as_strided(x, size, stride, offset)[i₀, i₁, ...] = storage[offset + Σ iₖ strideₖ]

where storage is the memory x views (its base's, for a view) and offset is x's own storage offset by default.
"""
import numpy as np

from ..primitives import GetItem
from ..pytorch.checks import canonical_dim, int_tuple, integer
from .shapes import getitem, reshape


class AsStridedGetItem(GetItem):
    """out = the elements of a contiguous a at `index` (GetItem), taken as a strided view: `shape` and element
    `strides` from a's element number `offset`;  da = zeros like a with g added at `index` (GetItem's rule)."""

    __slots__ = ("shape", "strides", "offset")

    def __init__(self, index, shape, strides, offset):
        super().__init__(index)
        self.shape, self.strides, self.offset = shape, strides, offset

    def forward(self, a):
        # The strides count a's elements in row-major order: a gradient replayed through this view (a broadcast
        # of stride 0, say) is first laid out that way, or the view would read memory outside it.
        a = a if a.flags.c_contiguous else np.ascontiguousarray(a)
        start = a.reshape(-1)[self.offset:] if self.offset else a
        strides = tuple(s * a.itemsize for s in self.strides)
        return np.lib.stride_tricks.as_strided(start, self.shape, strides, writeable=a.flags.writeable)

    def pytorch_name(self):
        return "AsStrided"

    def label(self):
        return "as_strided"


class UnfoldGetItem(GetItem):
    """out = the windows of `size` along axis `dim` of a, every `step`, as a strided view of a (whatever a's layout);
    da = zeros like a with g added at `index`, the same elements (GetItem's rule)."""

    __slots__ = ("dim", "size", "step")

    def __init__(self, index, dim, size, step):
        super().__init__(index)
        self.dim, self.size, self.step = dim, size, step

    def forward(self, a):
        dim, strides = self.dim, a.strides
        shape = a.shape[:dim] + ((a.shape[dim] - self.size) // self.step + 1,) + a.shape[dim + 1:] + (self.size,)
        strides = strides[:dim] + (strides[dim] * self.step,) + strides[dim + 1:] + (strides[dim],)
        return np.lib.stride_tricks.as_strided(a, shape, strides, writeable=a.flags.writeable)

    def pytorch_name(self):
        return "Unfold"

    def label(self):
        return "unfold"


def as_strided(input, size, stride, storage_offset=None):
    """The elements storage[storage_offset + Σ iₖ strideₖ] as a tensor of shape `size`, a view of input
    (storage_offset: input.storage_offset() by default). input must be contiguous and the view must stay inside
    its elements (PyTorch reads the whole storage; glassgrad refuses what would read outside the tensor)."""
    size, stride = int_tuple((size,), "as_strided", "size"), int_tuple((stride,), "as_strided", "stride")
    start = input.storage_offset()
    offset = start if storage_offset is None else integer(storage_offset, "as_strided", "storage_offset")
    if len(size) != len(stride):
        raise RuntimeError("mismatch in length of strides and shape")
    if offset < 0:
        raise RuntimeError(f"Tensor: invalid storage offset {offset}")
    if any(n < 0 for n in size) or any(s < 0 for s in stride):
        raise RuntimeError(f"as_strided: negative sizes or strides are not supported, got size {list(size)} "
                           f"and stride {list(stride)}")
    if not input.is_contiguous():
        raise RuntimeError("as_strided: glassgrad takes strides over a contiguous tensor only; call .contiguous() "
                           "first")
    if offset < start:
        raise RuntimeError(f"as_strided: storage offset {offset} is before the tensor's first element (at {start}): "
                           "glassgrad reads only inside the tensor")
    offset -= start  # from here on, counted from the tensor's first element
    last = offset + sum((n - 1) * s for n, s in zip(size, stride, strict=True)) if all(size) else offset - 1
    if last >= input.numel():
        raise RuntimeError(f"as_strided: size {list(size)}, stride {list(stride)} and storage offset {offset} read "
                           f"element {last}, outside the tensor's {input.numel()} elements")
    positions = offset + sum((grid * s for grid, s in zip(np.indices(size, sparse=True), stride, strict=True)),
                             np.zeros((), np.int64))
    index = np.unravel_index(np.broadcast_to(positions, size), input.shape) if input.ndim else ()
    return AsStridedGetItem.apply(input, index=index, shape=size, strides=stride, offset=offset)


def unfold(input, dimension, size, step):
    """The windows of `size` entries along `dimension`, every `step`: that dim becomes the window count
    (len − size) // step + 1 and a new last dim of length `size` runs along each window. A view."""
    size, step = integer(size, "unfold", "size"), integer(step, "unfold", "step")
    dim = canonical_dim(dimension, input.ndim, "unfold")
    if input.ndim == 0:  # PyTorch's: a 0-d tensor unfolds as its one-element vector, into shape (size,)
        return unfold(reshape(input, 1), 0, size, step)[0]
    if size > input.shape[dim]:
        raise RuntimeError(f"maximum size for tensor at dimension {dim} is {input.shape[dim]} but size is {size}")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    if size < 0:
        raise RuntimeError(f"size is {size} but must be >= 0")
    shape = input.shape[:dim] + ((input.shape[dim] - size) // step + 1,) + input.shape[dim + 1:] + (size,)
    grids = list(np.indices(shape, sparse=True))
    grids[dim] = grids[dim] * step + grids[-1]
    index = tuple(np.broadcast_to(grid, shape) for grid in grids[:-1])
    return UnfoldGetItem.apply(input, index=index, dim=dim, size=size, step=step)


def select(input, dim, index):
    """input at position `index` of `dim`, that dim removed: a view (x.select(0, i) is x[i])."""
    integer(dim, "select", "dim")  # (a dim of the wrong type is refused first, as PyTorch's, also for a 0-d input)
    if input.ndim == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    dim = canonical_dim(dim, input.ndim, "select")
    index = integer(index, "select", "index")
    if not -input.shape[dim] <= index < input.shape[dim]:
        raise IndexError(f"select(): index {index} out of range for tensor of size {list(input.shape)} at "
                         f"dimension {dim}")
    return getitem(input, (slice(None),) * dim + (index,))


def unflatten(input, dim, sizes):
    """input with `dim` split into dims of `sizes` (one may be −1: inferred), as reshape (a view when it can be)."""
    sizes = int_tuple((sizes,), "unflatten", "sizes")
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    dim = canonical_dim(dim, input.ndim, "unflatten")
    if input.ndim == 0:
        raise RuntimeError(f"unflatten: Dimension specified as {dim} but tensor has no dimensions")
    if sizes.count(-1) > 1:
        raise RuntimeError("only one dimension can be inferred")
    known = int(np.prod([n for n in sizes if n != -1]))
    length = input.shape[dim]
    if (-1 not in sizes and known != length) or (-1 in sizes and (known == 0 or length % known)):
        raise RuntimeError(f"unflatten: Provided sizes {list(sizes)} don't multiply up to the size of dim {dim} "
                           f"({length}) in the input tensor")
    sizes = tuple(length // known if n == -1 else n for n in sizes)
    return reshape(input, *(input.shape[:dim] + sizes + input.shape[dim + 1:]))
