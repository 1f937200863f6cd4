"""In-place operations with PyTorch's semantics (`t.add_(x)`, `t += x`, `t[i] = v`, `t.zero_()`, ...).

Each one computes the new value and writes it into t's memory, where t's views see it too.
- Every write bumps t's version counter (shared with its views): a node that saved the old value
  for backward then refuses to run, instead of computing a gradient from the new one.
- While grad mode is on and gradients are involved, the write is recorded. t's history becomes
  the op's, computed from a copy of t's old value and history; nodes recorded earlier keep their
  edges to the old history, so their gradients stay right. A write through a view records on
  the base too: the base becomes "the old base with this view replaced" (CopySlices).
  `t[index] = value` records "t with t[index] replaced by value" (IndexPut), so gradients reach
  value even when t itself needs none (building an output by writing into zeros(...)).
- A leaf that requires grad, or a view of one, cannot be changed in place while recording.
  Optimizers and initialisers change parameters inside `no_grad()`; `.data` is the other way out.
"""
import warnings

import numpy as np
from numpy.lib.stride_tricks import as_strided

from . import grad_mode, views
from . import functional as F
from .functional.named_views import MULTI_OUTPUT
from .primitives.elementwise import Where
from .primitives.reductions import BroadcastTo
from .primitives.shapes import is_basic_index
from .primitives.writes import CopySlices, IndexPut
from .pytorch.checks import broadcasts_to
from .pytorch.conversion import as_array
from .pytorch.promotion import can_cast
from .tensor import Tensor, bump_version


def check_allowed(t):
    """Refuse what PyTorch refuses: changing a leaf that requires grad (or a view of one) while recording."""
    if not grad_mode.per_thread.state.recording:
        return
    base = t._base
    if base is not None and t._made_without_grad:  # (checked first: such a view also looks like a leaf)
        raise RuntimeError(
            "a view was created in no_grad mode and is being modified inplace with grad mode enabled: the write "
            "cannot be recorded on its base. Make the view with grad mode on, or change a clone() of it."
        )
    if t._ctx is None and t._requires_grad:
        raise RuntimeError(
            "a leaf Variable that requires grad is being used in an in-place operation; change it inside "
            "`with autograd.no_grad():` (as optimizers do), or through `.data`"
        )
    if base is not None and base._ctx is None and (base._requires_grad or t._requires_grad):
        # (PyTorch's rule: a view that requires grad, of a leaf; the leaf may be a view made to require grad
        # itself, x = b.view(2, 3).requires_grad_(), whose own views record on b)
        raise RuntimeError(
            "a view of a leaf Variable that requires grad is being used in an in-place operation; change it "
            "inside `with autograd.no_grad():`, or change a clone()"
        )


def _involves_grad(t, others):
    """Whether a write into t must be recorded: grad mode is on and t or one of `others` requires grad. Such a
    write into a piece of split/chunk/unbind (or a view of one) is refused, as PyTorch refuses it."""
    record = grad_mode.per_thread.state.recording and (
        t._requires_grad or any(isinstance(o, Tensor) and o._requires_grad for o in others)
    )
    piece = record and t._base is not None and next((p for _, p in t._view_ops if p.get("op") in MULTI_OUTPUT), None)
    if piece:
        raise RuntimeError(f"Output {piece['output_nr']} of {piece['op']} is a view and is being modified "
                           "inplace. This view is the output of a function that returns multiple views. Such "
                           "functions do not allow the output views to be modified inplace. You should replace the "
                           "inplace operation by an out-of-place one (or clone() the piece first).")
    return record


def _history(t):
    """t, or for a view of a base that requires grad the same view made afresh from the base: a write's
    gradient then goes straight into the base's, as PyTorch's CopySlices sends it, and the hooks on the
    view's own node see only the uses made before the write. Its values are t's own (the base's memory, unless
    `.data = other` gave t, or its base, other memory since)."""
    if t._base is None or not t._base._requires_grad:
        return t
    remade = views.replay(t._base, t._view_ops)
    remade._data = t._data
    return remade


def _old_value(t):
    """A copy of t with its current value and history: what the recorded op computes from."""
    t = _history(t)
    old = Tensor(t._data.copy())
    old._ctx, old._requires_grad = t._ctx, t._requires_grad
    return old


def apply_op(t, op, *args):
    """t = op(t, *args), in place: the arithmetic in-place methods (add_, mul_, clamp_, exp_, ...)."""
    check_allowed(t)
    source = _old_value(t) if _involves_grad(t, args) else t
    value = op(source, *args)
    if not can_cast(value.dtype, t.dtype):
        raise RuntimeError(f"result type {value.dtype} can't be cast to the desired output type {t.dtype}")
    return write(t, value, fresh=value is not source and all(value is not arg for arg in args))


class Overwrite(Where):
    """A recorded overwrite (zero_, fill_, copy_): out = value broadcast to the old value's shape, by Where's rule
    with a condition true everywhere (the value gets g, summed back to its shape; the old value a zero gradient,
    PyTorch's zeros), under PyTorch's node name: ZeroBackward0, FillBackward2 (a number), FillBackward3 (a 0-d
    tensor), CopyBackwards."""

    __slots__ = ("node_name",)

    def __init__(self, condition, node_name):
        super().__init__(condition)
        self.node_name = node_name

    def __repr__(self):
        return f"<{self.node_name}>"

    def label(self):
        return {"ZeroBackward0": "zero_", "CopyBackwards": "copy_"}.get(self.node_name, "fill_")


def write(t, value, fresh=False, node="CopyBackwards"):
    """Write `value` (a Tensor that broadcasts to t's shape) into t's memory, bump t's version,
    and record the write when gradients are involved. Returns t. A `fresh` value (a new result computed
    from t's old value: apply_op's, setitem's) of t's shape and dtype gives t its node as it is: t.add_(1)'s
    grad_fn is AddBackward0, as in PyTorch; any other value is an overwrite, recorded as the Overwrite `node`.
    An unrecorded fill_ of a number, or zero_, writes one value everywhere, so it may write elements that share
    memory (an expanded tensor), as PyTorch's does (not fill_ of a tensor: PyTorch refuses that one)."""
    check_allowed(t)
    record = _involves_grad(t, (value,)) and t._data.dtype.kind in "fc"  # an integer tensor has no gradient
    memory = _writable(t, overlap_ok=not record and node in ("FillBackward2", "ZeroBackward0"))
    if value._data.shape != t._data.shape:  # (checked only then: an optimizer's copy_ runs this per parameter)
        _check_broadcasts(value, t)
    if record and not (fresh and value._ctx is not None and value.dtype == t.dtype and value.shape == t.shape):
        everywhere = np.broadcast_to(np.True_, t.shape)
        value = Overwrite.apply(F.to(value, t.dtype), _history(t), condition=everywhere, node_name=node)
    memory[...] = value._data
    bump_version(t)
    if record:
        if t._base is None:
            _take_history(t, value._ctx)
        else:
            _write_through_view(t, value)
    return t


def _writable(t, overlap_ok=False):
    """t's memory as a writable array. NumPy marks every view of a broadcast (expanded) array read-only;
    PyTorch refuses a write only where elements overlap in memory (a stride 0 along an axis longer than 1),
    so a part of an expanded tensor without overlap (x.expand(3, 4)[0], its diagonal) is written, into the base.
    `overlap_ok`: the caller writes overlapping elements as PyTorch does (fill_, an advanced-index write)."""
    array = t._data
    if not overlap_ok:
        _refuse_overlap(array)
    if array.flags.writeable:
        return array
    owner = array  # up the chain of bases (NumPy's own as_strided puts a non-array between) to the memory's
    while owner is not None and not (isinstance(owner, np.ndarray) and owner.flags.writeable):
        owner = getattr(owner, "base", None)
    if owner is None:
        raise RuntimeError("unsupported operation: the written-to tensor's memory is read-only (it was made from "
                           "a read-only NumPy array). Please clone() the tensor before performing the operation.")
    return _alias(array, owner)


def _refuse_overlap(array):
    """PyTorch's refusal of a write into elements that share memory (a copy_, an arithmetic in-place op). It
    writes overlapping windows of unfold or as_strided in an order of its own: refused here, never guessed."""
    if overlaps(array):
        raise RuntimeError(
            "unsupported operation: more than one element of the written-to tensor refers to a single memory "
            "location (an expanded view, or overlapping windows of unfold or as_strided). Please clone() the "
            "tensor before performing the operation."
        )


def _warn_overlap(op, example):
    """PyTorch's warning for an advanced-index write (or masked_fill_) into elements that share memory."""
    warnings.warn(f"Use of {op} on expanded tensors is deprecated. Please clone() the tensor before performing this "
                  f"operation. This also applies to advanced indexing e.g. {example}", UserWarning, stacklevel=4)


def overlaps(array):
    """Whether two elements of `array` can share memory: along the axes taken by growing stride, a stride shorter
    than the bytes the axes before it reach (a stride 0 on an expanded axis; unfold's windows with step < size).
    An empty array has no elements to share (NumPy gives it strides of 0)."""
    if array.size == 0:
        return False
    reach = array.itemsize
    for stride, n in sorted((abs(stride), n) for stride, n in zip(array.strides, array.shape, strict=True) if n > 1):
        if stride < reach:
            return True
        reach += stride * (n - 1)
    return False


class _Memory:
    """An object NumPy reads as an array (its __array_interface__): `array`'s elements, writable, kept alive
    by `owner`, the writable array whose memory they are."""

    def __init__(self, array, owner):
        pointer = array.__array_interface__["data"][0]
        self.__array_interface__ = dict(array.__array_interface__, data=(pointer, False))
        self.owner = owner


def _alias(array, owner):
    return np.asarray(_Memory(array, owner))


class _ExpandToWrite(BroadcastTo):
    """BroadcastTo whose result is writable: a write through a part of an expanded tensor is recorded on the
    base (CopySlices) by replaying the view on a copy of the base and writing there; _writable checked that
    the written part does not overlap itself."""

    def forward(self, a):
        out = np.broadcast_to(a, self.shape)
        return as_strided(a, out.shape, out.strides)


def _check_broadcasts(value, t):
    try:
        shape = np.broadcast_shapes(value.shape, t.shape)
    except ValueError:
        shape = None
    if shape != t.shape:
        raise RuntimeError(
            f"output with shape {list(t.shape)} doesn't match the broadcast shape "
            f"{list(shape) if shape else [list(value.shape), list(t.shape)]}"
        )


def _check_cast(t, index, value):
    """t[index] = value with a value tensor of another dtype: PyTorch casts it for a basic index (a copy) and,
    as masked_fill does, for a one-element value under a single bool mask of one or more dims besides ints,
    slices, None and `...`; it refuses any other advanced index (a 0-d bool tensor included: index_put_)."""
    items = index if type(index) is tuple else (index,)
    advanced = [item for item in items if isinstance(item, (Tensor, np.ndarray, list))]
    if len(advanced) == 1 and value.numel() == 1:
        mask = advanced[0] if isinstance(advanced[0], (Tensor, np.ndarray)) else np.asarray(advanced[0])
        if mask.dtype == np.bool_ and mask.ndim > 0 and not (type(index) is list and mask.ndim > 1):
            return
    zero_d_mask = any(isinstance(item, Tensor) and item.ndim == 0 and item.dtype == np.bool_ for item in items)
    if zero_d_mask or not is_basic_index(F.normalize_index(index, t.shape, writing=True)):
        raise RuntimeError(f"Index put requires the source and destination dtypes match, got {t.dtype} for the "
                           f"destination and {value.dtype} for the source.")


def setitem(t, index, value):
    """t[index] = value (value broadcast to the indexed part; leading size-1 axes beyond it are
    dropped, as PyTorch does: x[i] = y with y of shape (1, 1) fills a row). A value tensor of another dtype is
    cast where PyTorch casts it and refused where it refuses (_check_cast)."""
    if isinstance(value, Tensor) and value.dtype != t.dtype:
        _check_cast(t, index, value)
        value = F.to(value, t.dtype)
    index = F.normalize_index(index, t.shape, writing=True)  # bool masks checked against the axes they index
    steps = F.ints_first(index, t.ndim)
    if steps is not None:  # integers first, as PyTorch: a write into the view they select
        setitem(F.getitem(t, steps[0]), steps[1], value)
        return
    if not isinstance(value, (Tensor, bool, int, float, complex, np.integer)):  # (PyTorch's: a tensor or a number)
        raise TypeError(f"can't assign a {type(value).__name__} to a tensor (t[index] = value takes a Tensor or a "
                        "Python number; make a list or an array a tensor first)")
    if not isinstance(value, Tensor):
        value = Tensor(as_array(value, t.dtype))
    region = np.broadcast_to(np.False_, t.shape)[index].shape  # cheap: no copy of t's values
    extra = value.ndim - len(region)
    if extra > 0 and all(n == 1 for n in value.shape[:extra]):
        value = F.reshape(value, value.shape[extra:])
    if not broadcasts_to(value.shape, region):
        raise RuntimeError(f"shape mismatch: a value of size {list(value.shape)} cannot be broadcast to the indexed "
                           f"part's size {list(region)}")
    basic = is_basic_index(index)
    if _involves_grad(t, (value,)):
        if basic and overlaps(t._data):  # PyTorch's way, a copy into the view, recorded on the base (CopySlices)
            write(F.getitem(t, index), value)
        else:
            write(t, IndexPut.apply(_history(t), F.to(value, t.dtype), index=index), fresh=True)
        return
    check_allowed(t)
    if overlaps(t._data):  # an expanded tensor: PyTorch copies into the part a basic index selects, refusing
        if basic:  # where that part overlaps itself, and writes each element an advanced index names, warning
            _refuse_overlap(t._data[index if Ellipsis in index else index + (Ellipsis,)])  # (a view, even of one)
        else:
            _warn_overlap("index_put_", "tensor[indices] = tensor")
    _writable(t, overlap_ok=True)[index] = value._data
    bump_version(t)


def masked_fill(t, mask, value):
    """t.masked_fill_(mask, value). Into a tensor whose elements share memory (an expanded one) and outside
    recording, only the masked elements are written, as PyTorch does (with its deprecation warning)."""
    if _involves_grad(t, (value,)) or not overlaps(t._data):
        return apply_op(t, F.masked_fill, mask, value)
    filled = F.masked_fill(t, mask, value)  # (checks the mask and the value)
    check_allowed(t)
    _warn_overlap("masked_fill_", "tensor[mask] = scalar")
    where = np.broadcast_to(mask._data if isinstance(mask, Tensor) else np.asarray(mask), t.shape)
    _writable(t, overlap_ok=True)[where] = filled._data[where]
    bump_version(t)
    return t


def _take_history(t, node):
    """t becomes the output of `node`: the last step of a recorded write (its retain_grad moves with it)."""
    node.set_output(t)


def _write_through_view(view, value):
    """Record a write into `view` on its base, then record the view again from the new base."""
    base = view._base
    ops = tuple((_ExpandToWrite, params) if cls is BroadcastTo else (cls, params) for cls, params in view._view_ops)
    _take_history(base, CopySlices.apply(base, value, view_ops=ops)._ctx)
    _take_history(view, views.replay(base, view._view_ops)._ctx)
    view._view_base_ctx, view._view_version = base._ctx, view._counter.item()
