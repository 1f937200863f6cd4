"""Writes at indexed places, as new tensors: scatter, scatter_add, scatter_reduce, index_add, index_copy,
index_fill, masked_scatter (the in-place forms, scatter_ and so on, write these into self: pytorch/tensor_more.py).

Each is composed from a few primitives: IndexPut (out = a with out[index] = b; da = g with g[index] = 0,
db = g[index]), ScatterAdd (a with b added at index, one after the other as PyTorch adds them; da = g,
db = g[index]) and GetItem, so their gradients are PyTorch's: for scatter, d self = g with the written places
zeroed and d src = g.gather(dim, index). scatter_reduce's amax/amin share the gradient evenly among ties
(primitives/scatter.py), and its prod has PyTorch's per-place rule (ScatterProd). Where several values are
written to one place, scatter and index_copy keep the last (PyTorch does not promise which).
"""
import numpy as np

from ..primitives.scatter import ScatterAdd, ScatterExtremum, ScatterLegacyReduce, ScatterProd
from ..primitives.writes import IndexPut
from ..pytorch.checks import canonical_dim
from ..pytorch.conversion import check_fits
from ..tensor import Tensor
from .arithmetic import mul, promote
from .shapes import getitem, reshape
from .saved import composite

REDUCTIONS = ("sum", "prod", "mean", "amax", "amin")


def _index(index, op, dtypes=(np.int64, np.int32)):
    """The index tensor's values as an integer array (a copy: a later write to the index changes nothing here)."""
    if not isinstance(index, Tensor):
        raise TypeError(f"{op}(): argument 'index' must be Tensor, not {type(index).__name__}")
    array = np.array(index.numpy())
    if array.dtype not in dtypes:
        raise RuntimeError(f"{op}(): Expected dtype int32/int64 for index")
    return array


def _same_dtype(self, src, op):
    if not isinstance(src, Tensor):
        raise TypeError(f"{op}(): argument 'src' must be Tensor, not {type(src).__name__}")
    if src.dtype != self.dtype:
        raise RuntimeError(f"{op}(): Expected self.dtype to be equal to src.dtype ({self.dtype} and {src.dtype})")


def _scatter_places(self, dim, index, src, op):
    """(dim, the NumPy index of the places written in _flat(self), src's part that is written there) for
    scatter's family: out[index[i][j]][j] = src[i][j] for dim = 0. None for an empty index (nothing is written)."""
    index = _index(index, op)
    ndim = max(self.ndim, 1)
    dim = canonical_dim(dim, self.ndim, op)
    if index.size == 0:
        return dim, None, None
    if index.ndim == 0:
        index = index.reshape((1,) * ndim)
    if index.ndim != ndim:
        raise RuntimeError(f"{op}(): Index tensor must have the same number of dimensions as self tensor "
                           f"(index {tuple(index.shape)}, self {tuple(self.shape)})")
    shape = self.shape or (1,)
    src_shape = (src.shape or (1,)) if isinstance(src, Tensor) else None
    if src_shape is not None and len(src_shape) != ndim:
        raise RuntimeError(f"{op}(): Index tensor must have the same number of dimensions as src tensor (index "
                           f"{tuple(index.shape)}, src {tuple(src.shape)}; one value for every place is a number)")
    if any(n > shape[d] for d, n in enumerate(index.shape) if d != dim) or (
            src_shape is not None and any(map(int.__gt__, index.shape, src_shape))):
        raise RuntimeError(f"{op}(): Expected index {list(index.shape)} to be no larger than self {list(self.shape)} "
                           f"apart from dimension {dim} and to be no larger size than src "
                           f"{list(src.shape) if isinstance(src, Tensor) else []}")
    if index.min() < 0 or index.max() >= shape[dim]:  # (negative positions are refused, as PyTorch's)
        bad = index.min() if index.min() < 0 else index.max()
        raise RuntimeError(f"{op}(): index {bad} is out of bounds for dimension {dim} with size {shape[dim]}")
    grids = np.indices(index.shape, sparse=True)
    places = tuple(index if d == dim else grids[d] for d in range(ndim))
    if isinstance(src, Tensor):
        src = getitem(_shaped(src, src_shape), tuple(slice(0, n) for n in index.shape))
    return dim, places, src


def _fill_value(value, dtype):
    """A number (or index_fill's 0-d tensor) as a tensor of dtype, which it must fit: 300 into int8, NaN or inf
    into an integer dtype, 1e20 into float16 are refused, as PyTorch's checked conversion (conversion.check_fits)."""
    check_fits(value.item() if isinstance(value, Tensor) else value, dtype)
    return value.to(dtype) if isinstance(value, Tensor) else promote(value, dtype=dtype)[0]


def _unchanged(input, src):
    """input's copy, for an empty index; a src tensor joins the graph through an empty write, so that its gradient
    is zeros (PyTorch's: src was used), not missing. d input = g."""
    if not isinstance(src, Tensor):
        return input.clone()
    flat = _flat(input)
    nowhere = tuple(np.zeros(0, dtype=np.intp) for _ in range(flat.ndim))
    nothing = getitem(reshape(src, (-1,)), slice(0, 0))
    return _shaped(ScatterAdd.apply(flat, nothing, index=nowhere), input.shape)


def _flat(self):
    """self as a vector when it is 0-d (scatter treats a 0-d tensor as one of one element), else self."""
    return reshape(self, (1,)) if self.ndim == 0 else self


def _shaped(x, shape):
    """x with the given shape (x itself when it has it already: no reshape node in the graph)."""
    return x if x.shape == tuple(shape) else reshape(x, shape)


def scatter(input, dim, index, src=None, *, value=None, reduce=None):
    """out = input with out[index[i][j]][j] = src[i][j] (dim = 0; likewise for the other dims), src a tensor of
    input's dtype or a number (value=); reduce='add' / 'multiply' add or multiply instead (PyTorch's legacy
    form, which has no gradient). d input = g with the written places zeroed, d src = g.gather(dim, index)."""
    if isinstance(value, Tensor):  # (value= is a number: a 0-d tensor that needs no gradient is read as its own)
        if value.ndim or value.requires_grad:
            raise TypeError("scatter(): argument 'value' must be a Number, not a Tensor with dims or one that "
                            "requires grad (give a tensor of values as src)")
        value = value.item()
    src = value if src is None else src
    if src is None:
        raise TypeError("scatter() missing the values to write: give src (a tensor) or value (a number)")
    if reduce not in (None, "add", "multiply"):
        raise RuntimeError("reduce argument must be either add or multiply.")
    if isinstance(src, Tensor):
        _same_dtype(input, src, "scatter")
    dim, places, part = _scatter_places(input, dim, index, src, "scatter")
    if places is None:
        return _unchanged(input, src)
    flat = _flat(input)
    part = part if isinstance(part, Tensor) else _fill_value(src, input.dtype)
    if reduce is not None:
        out = ScatterLegacyReduce.apply(flat, part, index=places, reduce=reduce)
    else:
        out = IndexPut.apply(flat, part, index=places)
    return _shaped(out, input.shape)


def scatter_add(input, dim, index, src):
    """out = input with src[i][j] added at out[index[i][j]][j] (dim = 0), repeated places accumulating;
    d input = g, d src = g.gather(dim, index)."""
    _same_dtype(input, src, "scatter_add")
    dim, places, part = _scatter_places(input, dim, index, src, "scatter_add")
    if places is None:
        return _unchanged(input, src)
    flat = _flat(input)
    return _shaped(ScatterAdd.apply(flat, part, index=places, widen=True), input.shape)


def scatter_reduce(input, dim, index, src, reduce, *, include_self=True):
    """out = input with each place that index names reduced ('sum', 'prod', 'mean', 'amax' or 'amin') over the
    src values sent there, and input's own value when include_self (places nothing is sent to keep input's).
    'mean' of integers rounds down, as PyTorch's. 'max' and 'min' are taken as 'amax' and 'amin', as PyTorch's
    forward takes them (its backward then refuses them; glassgrad's gives amax's and amin's gradient)."""
    reduce = {"max": "amax", "min": "amin"}.get(reduce, reduce)
    if reduce not in REDUCTIONS:
        raise RuntimeError(f"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}")
    _same_dtype(input, src, "scatter_reduce")
    if reduce == "mean" and input.dtype == np.bool_:
        raise NotImplementedError('"scatter_gather_tensor_cpu_reduce_mean" not implemented for \'Bool\'')
    dim, places, part = _scatter_places(input, dim, index, src, "scatter_reduce")
    if places is None:
        return _unchanged(input, src)
    flat = _flat(input)
    if reduce in ("amax", "amin"):
        out = ScatterExtremum.apply(flat, part, index=places, smaller=reduce == "amin", include_self=include_self)
    elif reduce == "prod":
        out = ScatterProd.apply(flat, part, index=places, include_self=include_self)
    else:
        base = flat if include_self else IndexPut.apply(flat, promote(0, dtype=flat.dtype)[0], index=places)
        out = ScatterAdd.apply(base, part, index=places, widen=True)
        if reduce == "mean":
            out = _mean(out, places, include_self)
    return _shaped(out, input.shape)


def _mean(total, places, include_self):
    """total / the number of values summed at each place (1 where none were sent: input's value is kept)."""
    count = np.full(total.shape, 1 if include_self else 0, dtype=np.int64)
    np.add.at(count, places, 1)
    count = np.maximum(count, 1)
    if total.dtype.kind in "fc":
        return total / Tensor(count.astype(total.dtype))
    return Tensor(np.floor_divide(total.numpy(), count).astype(total.dtype))


def _vector_index(input, index, op):
    """index_add's, index_copy's and index_fill's index: a vector (or a 0-d tensor); for a 0-d input, one element
    (index_fill fills it however often the index names it, as PyTorch's)."""
    index = _index(index, op)
    if index.ndim > 1:
        raise IndexError(f"{op}(): Index is supposed to be a vector, but got dim: {index.ndim} with size: "
                         f"{list(index.shape)}")
    if input.ndim == 0 and index.size != 1 and op != "index_fill":
        raise IndexError(f"{op}(): When self is a 0-d tensor, index should have one element (got {index.size})")
    return index.reshape(-1)


def _along(input, dim, index, op, error=RuntimeError, negative=False):
    """The NumPy index of the places index names along dim (negative positions, counted from the end, only where
    `negative`: index_fill takes them, index_add and index_copy refuse them, as PyTorch's). Out of range is an
    `error`, or along an empty dim the other type (PyTorch's: IndexError for index_add, else RuntimeError)."""
    size = input.shape[dim] if input.ndim else 1
    low = -size if negative else 0
    if index.size and (index.min() < low or index.max() >= size):
        bad = index.min() if index.min() < low else index.max()
        error = error if size else ({RuntimeError: IndexError, IndexError: RuntimeError}[error])
        raise error(f"{op}(): index {bad} is out of bounds for dimension {dim} with size {size}")
    return (slice(None),) * dim + (index % size if size else index,)


def _check_source(input, dim, index, source, op):
    """source must have input's dtype and shape, but index.size along dim (a 0-d input: a 0-d source)."""
    if not isinstance(source, Tensor):
        raise TypeError(f"{op}(): argument 'source' must be Tensor, not {type(source).__name__}")
    if source.dtype != input.dtype:
        raise RuntimeError(f"{op}(): self ({input.dtype}) and source ({source.dtype}) must have the same scalar type")
    if op == "index_copy" and source.ndim == 0 and input.ndim <= 1:  # one value for one place, as PyTorch's
        if index.size != 1:
            raise IndexError(f"index_copy_(): When source is scalar, index should have one element (got {index.size})")
        return
    if op == "index_copy" and source.ndim and input.ndim and source.ndim != input.ndim:
        raise IndexError(f"index_copy_(): When source and destination are not scalars, their dimensionality must "
                         f"match. Source dimensionality ({source.ndim}), destination dimensionality ({input.ndim})")
    expected = input.shape[:dim] + (index.size,) + input.shape[dim + 1:] if input.ndim else ()
    if source.shape != expected:
        count = source.shape[dim] if source.ndim > dim else 1
        if input.ndim and count != index.size:
            raise (IndexError if op == "index_copy" else RuntimeError)(
                f"{op}(): Number of indices ({index.size}) should be equal to source.size(dim) ({count}), "
                f"for dim: {dim}")
        raise RuntimeError(f"{op}(): source tensor shape must match self tensor shape, excluding the specified "
                           f"dimension. Got self.shape = {list(input.shape)} source.shape = {list(source.shape)}")


@composite("index_add")
def index_add(input, dim, index, source, *, alpha=1):
    """out = input with alpha · source[…, i, …] added at out[…, index[i], …] along dim (repeats accumulate, in
    index's order); d input = g, d source = alpha · g.index_select(dim, index). alpha · source is rounded before
    it is added, where PyTorch's vectorised loop may fuse the two (a difference in the last bit at most)."""
    index = _vector_index(input, index, "index_add")
    dim = canonical_dim(dim, input.ndim, "index_add")
    _check_source(input, dim, index, source, "index_add")
    flat = _flat(input)
    places = _along(flat, dim, index, "index_add", IndexError if input.ndim <= 1 and flat.shape[dim] else RuntimeError)
    source = _shaped(source, flat.shape[:dim] + (index.size,) + flat.shape[dim + 1:])
    if alpha != 1:
        source = mul(source, alpha) if source.dtype.kind in "fc" else source * _alpha_as(alpha, source.dtype)
    return _shaped(ScatterAdd.apply(flat, source, index=places), input.shape)


def _alpha_as(alpha, dtype):
    """alpha as an integer or bool tensor's index_add takes it, as PyTorch's checked conversion: refused unless
    it fits the dtype (a float must lie in its range; a negative int wraps into uint8), then truncated (0.5 is
    0), or for bool any non-zero number is True (0.25, −1, NaN)."""
    check_fits(alpha, dtype)
    return bool(alpha) if dtype == np.bool_ else int(alpha)


def index_copy(input, dim, index, source):
    """out = input with out[…, index[i], …] = source[…, i, …] along dim;
    d input = g with those places zeroed, d source = g.index_select(dim, index). A 0-d input is copied into
    as its one-element vector, as PyTorch's (a 0-d source, or one value per index: the last one stays)."""
    if input.ndim == 0:
        canonical_dim(dim, 0, "index_copy")
        vector = isinstance(source, Tensor) and source.ndim > 0
        return reshape(index_copy(reshape(input, (1,)), 0, index, reshape(source, (-1,)) if vector else source), ())
    index = _vector_index(input, index, "index_copy")
    dim = canonical_dim(dim, input.ndim, "index_copy")
    _check_source(input, dim, index, source, "index_copy")
    flat = _flat(input)
    places = _along(flat, dim, index, "index_copy", IndexError)
    source = _shaped(source, flat.shape[:dim] + (index.size,) + flat.shape[dim + 1:])
    return _shaped(IndexPut.apply(flat, source, index=places), input.shape)


def index_fill(input, dim, index, value):
    """out = input with every element at positions `index` (int64 only, as PyTorch's) along dim set to value (a
    number or a 0-d tensor, which then gets the sum of the gradient at those places);  d input = g with those
    places zeroed."""
    if isinstance(index, Tensor) and index.dtype != np.int64:
        raise IndexError("index_fill_(): Expected dtype int64 for index.")
    index = _vector_index(input, index, "index_fill")
    dim = canonical_dim(dim, input.ndim, "index_fill")
    if isinstance(value, Tensor) and value.ndim:
        raise RuntimeError(f"index_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                           f"{value.ndim} dimension(s).")
    flat = _flat(input)
    places = _along(flat, dim, index, "index_fill", IndexError, negative=True)
    places = places[:-1] + (np.unique(places[-1]),)  # each place once: value's gradient counts it once, as PyTorch's
    value = _fill_value(value, input.dtype)
    return _shaped(IndexPut.apply(flat, value, index=places), input.shape)


def masked_scatter(input, mask, source):
    """out = input with the places where the bool mask (broadcast to input's shape) is true filled, in row-major
    order, by source's first elements;  d input = g where the mask is false, d source = g[mask] (0 beyond)."""
    if not isinstance(mask, Tensor):
        raise TypeError(f"masked_scatter(): argument 'mask' must be Tensor, not {type(mask).__name__}")
    if mask.dtype != np.bool_:
        raise RuntimeError(f"masked_scatter_ only supports boolean masks, but got mask with dtype {mask.dtype}")
    if not isinstance(source, Tensor):
        raise TypeError(f"masked_scatter(): argument 'source' must be Tensor, not {type(source).__name__}")
    if source.dtype != input.dtype:
        raise RuntimeError(f"masked_scatter: expected self and source to have same dtypes but got {input.dtype} and "
                           f"{getattr(source, 'dtype', type(source).__name__)}")
    try:
        shape = np.broadcast_shapes(mask.shape, input.shape)
    except ValueError:
        raise RuntimeError(f"masked_scatter: the mask's shape {tuple(mask.shape)} does not broadcast with the "
                           f"tensor's shape {tuple(input.shape)}") from None
    places = np.broadcast_to(mask.numpy(), shape)
    count = int(places.sum())
    if count > source.numel():
        raise RuntimeError(f"masked_scatter: Number of elements of source ({source.numel()}) < number of ones in "
                           f"mask ({count})")
    base = input.expand(shape) if shape != input.shape else input
    values = getitem(reshape(source, (-1,)), slice(0, count))
    return IndexPut.apply(base, values, index=(np.array(places),))
