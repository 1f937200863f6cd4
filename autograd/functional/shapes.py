"""Functions that rearrange tensors: reshape and friends, indexing, joining and splitting,
padding and sliding windows."""
import math
import numbers
import operator
import warnings
from collections.abc import Mapping, Sequence

import numpy as np

from ..primitives import BroadcastTo, Cat, GetItem, Pad, Permute, Reshape, Stack, TakeAlongDim, Windows
from ..primitives.shapes import is_basic_index
from ..tensor import Tensor, version_counter
from .arithmetic import masked_fill, promote
from .named_views import NamedGetItem, NamedPermute
from ..pytorch.dtypes import TorchDtype
from ..pytorch.conversion import check_fits
from ..pytorch.promotion import is_number
from ..pytorch.checks import (
    canonical_dim, canonical_dims, int_tuple, integer, numpy_names, reshape_size, sequence_argument, size_tuple,
    split_sizes,
)
from .arithmetic import require_tensor
from .saved import composite


def reshape(x, *shape, **by_name):
    """The same elements in a new shape (one entry may be −1: inferred; given one by one, as one sequence, or
    as shape=)."""
    require_tensor(x, "reshape")
    shape = sequence_argument(shape, by_name, "reshape", "shape", required=False) if by_name else shape
    return Reshape.apply(x, shape=reshape_size(shape, x._data.size))  # a new view even when nothing changes, as in PyTorch


def view(x, *shape):
    """The same memory seen with a new shape, as PyTorch's view: refused where the elements are not laid
    out so that one reshape of the memory gives them (a transpose, a slice with gaps: use reshape)."""
    if len(shape) == 1 and isinstance(shape[0], (np.dtype, TorchDtype, type, str)):
        return _bit_view(x, np.dtype(shape[0]))
    size = reshape_size(shape, x._data.size)
    probe = x._data.view()
    try:
        probe.shape = size  # NumPy refuses this where reshaping would have to copy
    except AttributeError:
        raise RuntimeError(
            f"view size is not compatible with input tensor's size and stride (at least one dimension spans "
            f"across two contiguous subspaces): a tensor of shape {x.shape} cannot be viewed as {size}. "
            "Use .reshape(...) instead."
        ) from None
    return Reshape.apply(x, shape=size)


def _bit_view(x, dtype):
    """x.view(dtype): the same bytes read as `dtype`, sharing x's memory and version counter, as PyTorch's,
    and as PyTorch's not differentiable (the result never requires grad); the last axis scales by the ratio
    of the item sizes."""
    if any(stride % dtype.itemsize for stride in x._data.strides[:-1]):  # rows would start between elements
        raise RuntimeError(f"view(dtype): every stride of a tensor but the last must be a multiple of {dtype}'s size "
                           f"({dtype.itemsize} bytes) to view it as {dtype}; strides {x._data.strides} (bytes)")
    try:
        array = x._data.view(dtype)
    except ValueError as error:
        raise RuntimeError(f"view(dtype): cannot view a tensor of shape {x.shape} and type {x.dtype} as {dtype}: "
                           f"{error}") from None
    out = Tensor(array)
    out._counter = version_counter(x)
    return out


def flatten(x, start_dim=0, end_dim=-1):
    """Merge dims start_dim..end_dim into one."""
    require_tensor(x, "flatten")
    start, end = canonical_dim(start_dim, x.ndim, "flatten", "start_dim"), canonical_dim(end_dim, x.ndim, "flatten", "end_dim")
    if start > end:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if x.ndim == 0:
        return reshape(x, 1)
    if start == end:
        return x  # nothing to merge: PyTorch returns the tensor itself
    merged = math.prod(x.shape[start : end + 1])  # spelled out: -1 is ambiguous for an empty batch
    return reshape(x, x.shape[:start] + (merged,) + x.shape[end + 1 :])


def permute(x, *dims, **by_name):
    """Reorder the axes: out.shape[i] = x.shape[dims[i]] (dims one by one, as one sequence, or as dims=)."""
    require_tensor(x, "permute")
    dims = int_tuple(sequence_argument(dims, by_name, "permute", "dims", required=False), "permute", "dims")
    if len(dims) != x.ndim:  # (checked first, as PyTorch: a 0-d tensor's permute(1) is this error)
        raise RuntimeError(
            f"permute(): number of dims don't match in permute: the tensor has {x.ndim} dimensions, "
            f"but {len(dims)} were given"
        )
    dims = tuple(canonical_dim(d, x.ndim, "permute") for d in dims)
    if len(set(dims)) != len(dims):
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return Permute.apply(x, dims=dims)


def transpose(x, dim0, dim1):
    """Swap two axes (a 0-d tensor, whose dims 0 and −1 name its one place, is returned as it is, as a view)."""
    dim0, dim1 = canonical_dim(dim0, x.ndim, "transpose", "dim0"), canonical_dim(dim1, x.ndim, "transpose", "dim1")
    dims = list(range(x.ndim))
    if x.ndim:
        dims[dim0], dims[dim1] = dims[dim1], dims[dim0]
    return NamedPermute.apply(x, dims=tuple(dims), op="Transpose")


@numpy_names
def squeeze(x, dim=None):
    """Remove size-1 axes (all of them, or only `dim` if it has size 1)."""
    require_tensor(x, "squeeze")
    if dim is None:
        return reshape(x, tuple(n for n in x.shape if n != 1))
    dims = canonical_dims(dim, x.ndim, "squeeze") or ()
    return reshape(x, tuple(n for i, n in enumerate(x.shape) if not (i in dims and n == 1)))


@numpy_names
def unsqueeze(x, dim):
    """Insert a size-1 axis at position `dim`."""
    require_tensor(x, "unsqueeze")
    dim = canonical_dim(dim, x.ndim + 1, "unsqueeze")
    return reshape(x, x.shape[:dim] + (1,) + x.shape[dim:])


def broadcast_to(x, shape):
    """x repeated (without copying) to `shape`, by NumPy's broadcasting rules; −1 keeps that axis's size, as in
    expand (PyTorch's broadcast_to is expand)."""
    require_tensor(x, "broadcast_to")
    if any(n < 0 for n in int_tuple((shape,), "broadcast_to")):
        return expand(x, shape)
    return BroadcastTo.apply(x, shape=size_tuple((shape,), "broadcast_to"))


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
            place = "in a leading, non-existing dimension" if i < lead else "at dimension"
            raise RuntimeError(f"expand: the expanded size {n} isn't allowed {place} {i} (sizes {list(sizes)})")
    shape = tuple(x.shape[i - lead] if n == -1 else n for i, n in enumerate(sizes))
    for i in range(lead, len(shape)):
        if x.shape[i - lead] not in (1, shape[i]):
            raise RuntimeError(
                f"The expanded size of the tensor ({shape[i]}) must match the existing size ({x.shape[i - lead]}) at "
                f"non-singleton dimension {i}.  Target sizes: {list(sizes)}.  Tensor sizes: {list(x.shape)}"
            )
    return broadcast_to(x, shape)


@composite("repeat")
def repeat(x, *repeats):
    """Tile x: out.shape[i] = x.shape[i] * repeats[i] (PyTorch's Tensor.repeat)."""
    repeats = size_tuple(repeats, "repeat", "repeats")
    if len(repeats) < x.ndim:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor")
    shape = (1,) * (len(repeats) - x.ndim) + x.shape
    interleaved = tuple(v for n in shape for v in (1, n))
    tiled = tuple(v for r, n in zip(repeats, shape, strict=True) for v in (r, n))
    size = tuple(r * n for r, n in zip(repeats, shape, strict=True))
    tiles = reshape(broadcast_to(reshape(x, interleaved), tiled), size)  # (a copy, but where the sizes allow a view)
    return tiles.clone() if tiles._base is not None else tiles  # (a new tensor, as PyTorch's: never a view)


def _check_masks(items, shape):
    """Each bool mask must have the shape of the axes it indexes, as PyTorch requires (NumPy would
    quietly select or write the wrong elements for a shorter mask)."""
    consumed = [_dims_named(item) for item in items]
    axis = 0
    for item, n in zip(items, consumed, strict=True):
        if item is Ellipsis:
            axis += len(shape) - sum(consumed)
        elif _is_mask(item) and item.shape != tuple(shape[axis : axis + n]):
            indexed = tuple(shape[axis : axis + n]) + (None,) * n
            first = axis + next(i for i, m in enumerate(item.shape) if m != indexed[i])
            raise IndexError(
                f"The shape of the mask {list(item.shape)} at index {first - axis} does not match the shape of the "
                f"indexed tensor {list(shape)} at index {first}"
            )
        axis += n


def _is_mask(item):
    return isinstance(item, np.ndarray) and item.dtype == np.bool_


def _dims_named(item):
    """How many dims of the indexed tensor an index item names: none for None and a bool (each adds a dim) or
    ... (it stands for the rest), a mask's number of dims, one for anything else."""
    if item is None or item is Ellipsis or isinstance(item, bool):
        return 0
    return item.ndim if _is_mask(item) else 1


def _ellipses_spread(items, ndim):
    """An index with several Ellipsis as PyTorch reads it: each stands for the k = ndim − (dims indexed by the
    rest) dims, so that x[..., 0, ...] of a 3-D x is x[:, :, 0]; a later one reaches past the last dim, where
    PyTorch skips full slices (`:`) and refuses anything else (IndexError). With one Ellipsis: items."""
    if sum(item is Ellipsis for item in items) < 2:
        return items
    used = sum(map(_dims_named, items))
    items = [part for item in items for part in ([slice(None)] * max(ndim - used, 0) if item is Ellipsis else [item])]
    named = len(items) - sum(item is None for item in items)  # the dims the index names
    while named > ndim and isinstance(items[-1], slice) and items[-1] == slice(None):
        items.pop()
        named -= 1
    return items


def normalize_index(index, shape=None, writing=False):
    """An index as a tuple NumPy understands: Tensors become arrays, bool masks their nonzero(), and any other
    integer (a NumPy integer, a 0-d integer tensor, an object with __index__), also as a slice's start, stop or
    step, a Python int, so that NumPy sees a basic index and gives a view, as PyTorch does.
    With the indexed tensor's `shape`, each bool mask is checked to have the shape of the axes it indexes.
    Integer arrays are copied, so that changing the index in place after x[index] cannot change the
    gradient (a deliberate difference: PyTorch raises at backward instead). A uint8 array is a mask
    when reading (PyTorch's deprecated rule, with its warning) and refused when `writing`, as PyTorch does."""
    if _sequence(index) and len(index) < 32 and any(
        _sequence(item) or isinstance(item, (tuple, Tensor, np.ndarray, slice)) or item is None or item is Ellipsis
        for item in index
    ):  # (a sequence: a list, a range, a deque, an array.array, a user's class with __getitem__ and __len__)
        index = tuple(index)  # PyTorch's (and old NumPy's) rule: x[[rows, cols]] means x[rows, cols]
    items = [_index_item(item, writing) for item in (index if isinstance(index, tuple) else (index,))]
    if shape is not None:
        items = _ellipses_spread(items, len(shape))
        _check_masks(items, shape)
    parts = []
    for item in items:
        if isinstance(item, np.ndarray) and item.ndim == 0 and item.dtype.kind in "iu":
            item = int(item)
        if isinstance(item, np.ndarray):
            if item.dtype == np.bool_:
                parts.extend(np.nonzero(item) if item.ndim else (bool(item),))  # a 0-d mask adds an axis
                continue
            if item.dtype.kind not in "iu":
                raise IndexError(f"tensors used as indices must be integer or bool, got {item.dtype}")
            item = item.copy()  # changing the index in place later cannot change the gradient
        parts.append(item)
    return tuple(parts)


def _sequence(value):
    """A sequence that is not a tuple, a string, a tensor or an array: what PyTorch reads as an index of positions
    (or, holding sequences, slices, None or ..., as a tuple index). As PyTorch's check (Python's sequence protocol),
    any object with __getitem__ and __len__ that is not a mapping is one, whether or not it subclasses Sequence."""
    if isinstance(value, (tuple, str, bytes, Tensor, np.ndarray, Mapping, numbers.Number, slice)) or value is None:
        return False
    if isinstance(value, Sequence):
        return True
    kinds = type(value).__mro__  # (the class's own methods, not its metaclass's: an Enum class has __getitem__)
    return any("__getitem__" in vars(kind) for kind in kinds) and any("__len__" in vars(kind) for kind in kinds)


def _index_item(item, writing):
    """One entry of an index as normalize_index passes it on: a tensor or a list as an array, an integer of any
    kind (but a bool, which PyTorch reads as a mask) as an int, a slice with int bounds; a string refused."""
    if isinstance(item, Tensor):
        item = _index_array(item)
    elif _sequence(item):  # (a list, a range, a deque, an array.array, a user's Sequence)
        item = _list_array(list(item))
    elif isinstance(item, slice):
        return slice(*(_as_int(bound) for bound in (item.start, item.stop, item.step)))
    elif isinstance(item, (str, bytes)):  # PyTorch's type: it reads a string as a sequence of indices
        raise TypeError(f"a {type(item).__name__} cannot index a tensor (got {item!r}): indices are integers, "
                        "slices, ..., None, bool or integer tensors, and sequences of them")
    elif isinstance(item, np.bool_):
        raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are "
                         "valid indices (got numpy.bool)")  # PyTorch's: NumPy would read it as a mask
    elif not isinstance(item, (bool, np.ndarray)):
        return _index_integer(item)
    if isinstance(item, np.ndarray) and item.dtype.kind in "SUO":
        raise TypeError(f"an array of {item.dtype} cannot index a tensor: indices are integers or bools")
    if isinstance(item, np.ndarray) and item.dtype == np.uint8:
        item = _uint8_mask(item, writing)
    return item


def _index_integer(item):
    """An index entry with __index__ as the int it stands for; where its __index__ fails (raises, or returns no
    int), PyTorch's IndexError. Entries without __index__ (None, ..., a float: refused by NumPy) as they are."""
    if not hasattr(type(item), "__index__"):
        return item
    try:
        value = operator.index(item)
    except Exception as error:  # (whatever a user's __index__ raises: PyTorch's type, the cause kept)
        raise IndexError(f"an index of type {type(item).__name__} is not an integer: its __index__ failed "
                         f"({type(error).__name__}: {error})") from error
    if not -2 ** 63 <= value < 2 ** 63:
        raise ValueError(f"Overflow when unpacking long long: the index {value} is beyond int64")
    return value


def _as_int(value):
    """An object with __index__ (a NumPy integer, an IntEnum, a user's index type) as the int it stands for, as
    PyTorch reads it; anything else (None, a float: refused later by NumPy, as by PyTorch) as it is."""
    return operator.index(value) if hasattr(type(value), "__index__") else value


def _list_array(items):
    """A list index as an integer or bool array ([] and [[]] are empty integer indices, as in PyTorch, where
    NumPy makes them float)."""
    array = np.asarray(items)
    if array.size == 0:
        return array.astype(np.int64)
    if array.dtype.kind in "uf" and _beyond_int64(np.asarray(items, dtype=object).ravel()):  # (NumPy's uint64 or
        # float64 for an int beyond int64: it would wrap, or read as a float)
        raise ValueError("Overflow when unpacking long long: a list used as an index holds an integer beyond int64")
    if array.dtype == object:  # PyTorch's type: torch.tensor(items) cannot make it a tensor
        odd = next((item for item in array.flat if not isinstance(item, (int, float, np.generic))), None)
        if odd is None:
            raise ValueError("Overflow when unpacking long long: a list used as an index holds an integer beyond int64")
        raise RuntimeError(f"Could not infer dtype of {type(odd).__name__}: a list used as an index must hold "
                           "integers or bools")
    return array


def _beyond_int64(values):
    """Whether these are all integers and one of them lies beyond int64."""
    integers = all(isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)) for v in values)
    return integers and any(not -2 ** 63 <= int(v) < 2 ** 63 for v in values)


def _index_array(tensor):
    """A tensor index's array: long, int, byte or bool, as PyTorch's (int8 and int16 are refused, but as a 0-d
    tensor, which PyTorch reads as the integer it holds)."""
    array = tensor._data
    if array.ndim and array.dtype.kind in "iu" and array.dtype not in (np.int64, np.int32, np.uint8):
        raise IndexError(f"tensors used as indices must be long, int, byte or bool tensors, got {array.dtype}")
    return array


def _uint8_mask(item, writing):
    if writing:
        raise RuntimeError("index_put_ with a uint8 index is not supported by glassgrad: use a bool mask (uint8 "
                           "masks are deprecated in PyTorch, which takes them in z[m] = tensor and z[m] += v with a "
                           "warning, and refuses them in z[m] = number)")
    warnings.warn("indexing with dtype uint8 is now deprecated, please use a dtype bool instead", UserWarning,
                  stacklevel=5)  # the user's line: _uint8_mask < normalize_index < getitem < __getitem__
    return item.astype(bool)


def ints_first(index, ndim):
    """(the integers of `index`, the rest) when it mixes integers with integer arrays or bools, else None.

    PyTorch applies the integers first (each a select) and the rest to what is left; NumPy counts them
    as advanced indices with the arrays (and with a bool, a 0-d mask that adds a dim, as None does), which moves
    the result's axes when a slice stands between them (x[0, 1:, [0, 1]] would come out transposed, x[0, :, True]
    too). Indexing in two steps gives PyTorch's result."""
    if not (any(type(i) is int for i in index) and any(isinstance(i, (np.ndarray, bool)) for i in index)):
        return None
    consumed = sum(map(_dims_named, index))
    expanded = []
    for item in index:
        expanded.extend([slice(None)] * (ndim - consumed) if item is Ellipsis else [item])
    integers = tuple(item if type(item) is int else slice(None) for item in expanded if _dims_named(item))
    return integers, tuple(item for item in expanded if type(item) is not int)


def getitem(x, index):
    """x[index] with ints, slices, None, ..., integer arrays (repeats accumulate in the
    gradient) and bool masks. Integers are applied before the rest, as in PyTorch (ints_first)."""
    if _plain(index) or (type(index) is tuple and all(_plain(i) for i in index)):
        # Only ints and slices of ints (an LSTM's gates[:, :n]): nothing to convert or check (about 6% of an LSTM step).
        items = index if type(index) is tuple else (index,)
        try:
            return GetItem.apply(x, index=items + (Ellipsis,))
        except (IndexError, OverflowError):  # (NumPy's errors for an int beyond int64: PyTorch's ValueError)
            if any(type(i) is int and not -2 ** 63 <= i < 2 ** 63 for i in items):
                raise ValueError("Overflow when unpacking long long: an index is beyond int64") from None
            raise
    index = normalize_index(index, x.shape)
    steps = ints_first(index, x.ndim)
    if steps is not None:
        return GetItem.apply(GetItem.apply(x, index=steps[0]), index=steps[1])
    if is_basic_index(index) and Ellipsis not in index:
        index += (Ellipsis,)  # NumPy then gives x[0] of a vector as a 0-d view, not a copied number
    return GetItem.apply(x, index=index)


def _plain(item):
    """An int, or a slice of ints and Nones: an index entry NumPy takes as it is."""
    if type(item) is slice:
        return type(item.start) in PLAIN_BOUNDS and type(item.stop) in PLAIN_BOUNDS and type(item.step) in PLAIN_BOUNDS
    return type(item) is int


PLAIN_BOUNDS = (int, type(None))


def gather(x, dim, index):
    """out[i][j][k] = x[i][index[i][j][k]][k] for dim=1 (PyTorch's gather).

    The index is copied: changing it in place afterwards cannot change the gradient (a deliberate
    difference: PyTorch raises at backward instead)."""
    index = np.array(index._data if isinstance(index, Tensor) else index)
    dim = canonical_dim(dim, x.ndim, "gather")
    if index.dtype not in (np.int32, np.int64):
        raise RuntimeError(f"gather(): Expected dtype int32/int64 for index, got {index.dtype}")
    if index.ndim != x.ndim and not (x.ndim == 0 and index.ndim == 1):
        raise RuntimeError(
            f"gather(): Index tensor must have the same number of dimensions as input tensor "
            f"(index {index.shape}, input {x.shape})"
        )
    size = x.shape[dim] if x.ndim else 1
    if index.size and (index.min() < 0 or index.max() >= size):
        bad = index.min() if index.min() < 0 else index.max()
        raise RuntimeError(f"gather(): index {bad} is out of bounds for dimension {dim} with size {size}")
    if any(n > x.shape[d] for d, n in enumerate(index.shape) if d != dim):
        raise RuntimeError(f"gather(): index of shape {index.shape} does not fit input of shape {x.shape} outside dim {dim}")
    if x.ndim == 0:  # gathered as its one-element vector: the result has the index's shape
        return GetItem.apply(reshape(x, 1), index=(index,))
    if index.shape == x.shape[:dim] + (1,) + x.shape[dim + 1 :]:
        return TakeAlongDim.apply(x, index=index, axis=dim)  # one element per line (max(dim)): a put in backward
    grids = np.indices(index.shape, sparse=True)
    full = tuple(index if axis == dim else grids[axis] for axis in range(x.ndim))
    return GetItem.apply(x, index=full)


@numpy_names
def cat(tensors, dim=0):
    """Join tensors along an existing axis, into a new row-major tensor (channels-last ones keep that
    layout). Empty 1-D tensors (shape (0,)) join
    any others, as PyTorch's legacy rule: they count in the dtype and requires_grad (their gradient is empty)."""
    if isinstance(tensors, Tensor):
        raise TypeError("cat(): argument 'tensors' must be a tuple or list of Tensors, not Tensor")
    tensors = _tensor_list(tensors)
    if not tensors:
        raise ValueError("cat: expected a non-empty list of tensors")
    integer(dim, "cat", "dim")
    if any(t.ndim == 0 for t in tensors):
        raise RuntimeError("zero-dimensional tensor cannot be concatenated")
    tensors = promote(*tensors)
    shaped = [t for t in tensors if t.shape != (0,)]  # PyTorch's legacy rule: empty 1-D tensors take no part
    if not shaped:  # in the shapes (nor in the dim's range), but in the dtype and requires_grad
        return Cat.apply(*tensors, axis=0)
    axis = canonical_dim(dim, shaped[0].ndim, "cat")
    empty = shaped[0].shape[:axis] + (0,) + shaped[0].shape[axis + 1 :]
    joined = (reshape(t, empty) if t.shape == (0,) else t for t in tensors)
    return Cat.apply(*joined, axis=axis, channels_last=_channels_last(shaped))


def stack(tensors, dim=0):
    """Join tensors of equal shape along a new axis, into a new row-major tensor (channels-last ones keep
    that layout)."""
    if isinstance(tensors, Tensor):
        raise TypeError("stack(): argument 'tensors' must be a tuple or list of Tensors, not Tensor")
    tensors = _tensor_list(tensors)
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")  # (PyTorch's error types and messages)
    shapes = {t.shape for t in tensors}
    if len(shapes) > 1:
        raise RuntimeError(f"stack expects each tensor to be equal size, got {sorted(shapes)}")
    axis = canonical_dim(dim, tensors[0].ndim + 1, "stack")
    return Stack.apply(*promote(*tensors), axis=axis, channels_last=_channels_last(tensors))


def _tensor_list(tensors):
    """tensors as a list; an element that is not a Tensor is PyTorch's TypeError."""
    tensors = list(tensors)
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {type(t).__name__}")
    return tensors


def _channels_last(tensors):
    """Whether every tensor is 4-D or 5-D and laid out channels last (strides N, H, W, C), where PyTorch's
    cat and stack keep that layout; any other join is written row-major, as PyTorch's."""
    return all(t.ndim in (4, 5) and np.moveaxis(t._data, 1, -1).flags.c_contiguous for t in tensors)


def split(x, split_size, dim=0):
    """Split into pieces of `split_size` along dim (or of the sizes in a list)."""
    require_tensor(x, "split")
    integer(dim, "split", "dim")  # (a dim of the wrong type is refused first, as PyTorch's, also for a 0-d x)
    if x.ndim == 0:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    dim = canonical_dim(dim, x.ndim, "split")
    op = "SplitWithSizes" if isinstance(split_size, (list, tuple)) else "Split"  # PyTorch's node names
    pieces, start = [], 0
    for n in split_sizes(split_size, x.shape[dim]):
        index = (slice(None),) * dim + (slice(start, start + n), Ellipsis)
        pieces.append(NamedGetItem.apply(x, index=index, op=op, output_nr=len(pieces)))
        start += n
    return tuple(pieces)


def chunk(x, chunks, dim=0):
    """Split into nearly equal pieces of ceil(length / chunks) along dim (so there may be fewer than `chunks`)."""
    require_tensor(x, "chunk")
    chunks = integer(chunks, "chunk", "chunks")
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    integer(dim, "chunk", "dim")
    if x.ndim == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    length = x.shape[canonical_dim(dim, x.ndim, "chunk")]
    if length == 0:  # PyTorch gives `chunks` empty pieces
        return split(x, [0] * chunks, dim)
    return split(x, -(-length // chunks), dim)


def unbind(x, dim=0):
    """The slices along dim, as a tuple of tensors with that axis removed."""
    integer(dim, "unbind", "dim")
    if require_tensor(x, "unbind").ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    dim = canonical_dim(dim, x.ndim, "unbind")
    return tuple(NamedGetItem.apply(x, index=(slice(None),) * dim + (i, Ellipsis), op="Unbind", output_nr=i)
                 for i in range(x.shape[dim]))


def pad(x, pad, value=0.0):
    """Constant padding with PyTorch's order: (left, right) of the last axis, then the one before…
    A negative width crops that many elements instead, as in PyTorch. `value` (a float, as PyTorch's) takes
    x's dtype, which it must fit: -1 or 256 are refused for uint8 (conversion.check_fits)."""
    pad = int_tuple((tuple(pad),), "pad", "pad")
    if is_number(value) and not isinstance(value, complex):
        check_fits(float(value), x.dtype)
    if len(pad) % 2:
        raise RuntimeError(f"Padding length must be divisible by 2, got {pad}")
    if len(pad) // 2 > x.ndim:
        raise RuntimeError(f"Padding length should be less than or equal to two times the input dimension but got "
                           f"padding length {len(pad)} and input of dimension {x.ndim}")
    pairs = [(0, 0)] * x.ndim
    for i in range(len(pad) // 2):
        axis = x.ndim - 1 - i
        pairs[axis] = (pad[2 * i], pad[2 * i + 1])
        if x.shape[axis] + sum(pairs[axis]) < 0:
            raise RuntimeError(
                f"pad: the input size {x.shape[axis]}, plus negative padding {pairs[axis][0]} and {pairs[axis][1]}, "
                f"resulted in a negative output size, which is invalid"
            )
    if any(before < 0 or after < 0 for before, after in pairs):
        x = getitem(x, tuple(slice(max(-before, 0), n + min(after, 0)) for (before, after), n in zip(pairs, x.shape, strict=True)))
        pairs = [(max(before, 0), max(after, 0)) for before, after in pairs]
    padded = Pad.apply(x, widths=tuple(pairs))
    if value == 0:
        return padded
    is_padding = np.pad(np.zeros(x.shape, dtype=bool), pairs, constant_values=True)
    return masked_fill(padded, is_padding, value)


def _tuple(value, n):
    return tuple(value) if isinstance(value, (tuple, list)) else (value,) * n


def sliding_windows(x, kernel_size, stride=1, dilation=1):
    """The (N, C, *out, *kernel) windows of x (N, C, *spatial): im2col as a strided view."""
    n = x.ndim - 2
    kernel, stride, dilation = _tuple(kernel_size, n), _tuple(stride, n), _tuple(dilation, n)
    for name, values in (("kernel_size", kernel), ("stride", stride), ("dilation", dilation)):
        if any(v <= 0 for v in values):
            raise RuntimeError(f"sliding_windows: non-positive {name} is not supported, got {values}")
    return Windows.apply(x, kernel=kernel, stride=stride, dilation=dilation)
