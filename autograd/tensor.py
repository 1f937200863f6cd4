"""Tensor: an n-dimensional array that remembers how it was made.

A Tensor holds its values (a NumPy array, `_data`; `.numpy()` is the way out), `requires_grad`, `grad` and, when an operation made it
while grad mode was on, the node that made it (`grad_fn`). Calling `backward()` walks those
nodes in reverse topological order and fills `.grad` of the leaves (the chain rule).

This file holds a tensor's state only. Its operators and methods (`x * y`, `x.sum()`,
`x.backward()`) are bound onto the class last, by autograd/tensor_methods.py; the primitives with
their derivatives live in `autograd.primitives`.
"""
import itertools

import numpy as np

from .pytorch.conversion import as_array
from .pytorch.dtypes import shown as shown_dtype
from .pytorch.printing import tensor_repr
from .pytorch.size import Size

class _Versions:
    """The number of the latest in-place write to any tensor. A node remembers it when recorded: if it
    is the same at backward, none of the values the node saved can have changed (no check needed)."""

    last_write = 0


VERSIONS = _Versions()
# Each write draws a new number; next() is atomic, so writes in two threads never store the same one.
_WRITE_NUMBERS = itertools.count(1)
new_counter = np.zeros((), np.int64).copy  # a version counter at 0 (copying one: half the cost of np.zeros)


def version_counter(tensor):
    """How many times tensor's values have been changed in place, as a counter shared with its views
    (and with detached tensors of the same memory), made on first need.

    The counter is a 0-d NumPy integer array: shared by reference like any object, and invisible to
    Python's garbage collector (a node saves one per input, and a graph may have millions of nodes)."""
    if tensor._counter is None:
        tensor._counter = new_counter()
    return tensor._counter


def bump_version(tensor):
    """Count an in-place change of tensor's values (seen by every tensor that shares its memory)."""
    version_counter(tensor)[...] += 1
    VERSIONS.last_write = next(_WRITE_NUMBERS)


class RemovableHook:
    """What register_hook returns: `handle.remove()` takes the hook off again."""

    def __init__(self, owner, hook, attribute=None):
        self.owner, self.hook = owner, hook
        self.attribute = attribute or ("_hooks" if isinstance(owner, Tensor) else "hooks")

    def remove(self):
        attribute = self.attribute
        hooks = list(getattr(self.owner, attribute))
        if self.hook in hooks:
            hooks.remove(self.hook)
            setattr(self.owner, attribute, tuple(hooks))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


class Tensor:
    # Slots for what every tensor sets; the rare rest (a name, hooks, retain_grad, what a view
    # remembers of its base) lives in the instance dict, which Python makes only when one is set.
    __slots__ = ("_data", "_grad", "_requires_grad", "_ctx", "_counter", "__dict__", "__weakref__")
    __array_ufunc__ = None  # NumPy defers to us: `array * tensor` calls Tensor.__rmul__
    _name = None  # a name for drawings (autograd.viz): see the `name` property
    _hooks = ()  # functions registered with register_hook (on a leaf; a non-leaf's are on its node)
    _retains_grad = False
    _base = None  # for a view (reshape, permute, basic indexing...): the tensor whose memory it shows
    _view_ops = _view_base_ctx = _view_version = None  # set on views, with _base (autograd/views.py)
    _made_without_grad = False  # a view made under no_grad (or before) of a base that requires grad: passes nothing
    leaf_hooks_seen = False  # set once a leaf gets a hook: backward then times leaves as PyTorch (engine.leaf_turns)

    def __init__(self, data, requires_grad=False, dtype=None):
        if type(data) is not np.ndarray or dtype is not None or not data.dtype.isnative:
            data = as_array(data, dtype)
        self._data = data
        self._grad, self._requires_grad, self._ctx = None, False, None
        self._counter = None  # made on first need (version_counter)
        if requires_grad:
            self.requires_grad_(requires_grad)

    @property
    def _version(self):
        """How many times this tensor's memory was written in place (PyTorch's `t._version`)."""
        return 0 if self._counter is None else self._counter.item()

    @property
    def name(self):
        """A name for drawings and the explorer (autograd.viz). Naming a tensor an op made also tells
        its node, so that a drawing of the graph shows this tensor (the graph keeps arrays, not tensors)."""
        return self._name

    @name.setter
    def name(self, value):
        self._name = value
        if self._ctx is not None:
            self._ctx.named_output = self

    @property
    def data(self):
        """The same values as a Tensor outside the graph, as PyTorch's `.data`: it shares this
        tensor's array (writing into it changes this tensor) but autograd does not see the change."""
        return Tensor(self._data)

    @data.setter
    def data(self, value):
        if not isinstance(value, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(value).__name__}")
        if self._requires_grad and value._data.dtype.kind not in "fc":
            raise RuntimeError("data set to a tensor that requires gradients must be floating point or complex dtype")
        if self._base is not None and value._data.shape != self._data.shape:  # (PyTorch's gradient then follows from
            raise RuntimeError("a view's .data can only be set to a tensor of its own shape")  # neither shape)
        if self._counter is not None:  # counted as an in-place change: a node that saved the old values
            bump_version(self)  # refuses backward (a deliberate difference: PyTorch's would read the new data)
        self._data = value._data

    # ----- autograd state -----
    @property
    def grad(self):
        """d(output)/d(self), filled by backward() for leaves (and for tensors that retain_grad())."""
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of type {type(value).__name__}")
            if value.shape != self.shape:
                raise RuntimeError(f"assigned grad has data of a different size: the tensor has shape "
                                   f"{list(self.shape)}, the grad {list(value.shape)}")
            if value.dtype != self.dtype:
                raise RuntimeError(f"assigned grad has data of a different type: the tensor is {self.dtype}, "
                                   f"the grad {value.dtype}")
            if value is self:
                raise RuntimeError("can't assign Variable as its own grad")
        self._grad = value

    # The `requires_grad` and `grad_fn` properties are bound in tensor_methods.py: a view first catches up
    # with its base's history there (views.refresh). Setting requires_grad checks what PyTorch checks:

    def _set_requires_grad(self, flag):
        """Let gradients flow to this leaf tensor (flag True) or not; only leaves of a floating dtype may."""
        if self._ctx is not None and not flag:
            raise RuntimeError("you can only change requires_grad flags of leaf tensors; use detach() to get a "
                               "tensor that does not require grad")
        if flag and self._data.dtype.kind == "c":
            raise RuntimeError(f"glassgrad does not differentiate complex tensors ({self._data.dtype}); PyTorch does "
                               "(Wirtinger calculus). Use the real and imaginary parts as two real tensors.")
        if flag and self._data.dtype.kind != "f":
            raise RuntimeError(f"only tensors of floating point dtype can require gradients, got {self._data.dtype}")
        if flag and self._made_without_grad:  # a view made under no_grad, made a leaf by hand: a view no longer,
            self._base = None  # so that no write to its memory records it again from its base (PyTorch's leaf)
        self._requires_grad, self._made_without_grad = bool(flag), False

    def requires_grad_(self, requires_grad=True):
        if type(requires_grad) is not bool:  # (as PyTorch's: 1 or np.True_ is refused)
            raise TypeError(f"requires_grad_(): argument 'requires_grad' must be bool, not {type(requires_grad).__name__}")
        self._set_requires_grad(requires_grad)
        return self

    @property
    def is_leaf(self):
        return self.grad_fn is None  # (a view first catches up with its base: views.refresh)

    def retain_grad(self):
        """Keep .grad of this non-leaf tensor after backward (leaves always keep theirs)."""
        if not self.requires_grad:  # (the property, as is_leaf's grad_fn: a view first catches up with its base)
            raise RuntimeError("can't retain_grad on a tensor that has requires_grad=False")
        if self._ctx is not None:
            self._retains_grad = True
            self._ctx.retained = self
        return self

    @property
    def retains_grad(self):
        return self._retains_grad

    def register_hook(self, hook):
        """Call hook(grad) whenever the gradient with respect to this tensor is computed; a hook may
        return a replacement gradient. Returns a handle whose remove() unregisters it (PyTorch's API)."""
        if not self.requires_grad:  # (the property: a view first gets its up-to-date node, views.refresh)
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self._ctx is not None:  # a non-leaf's hooks are its node's (the graph keeps nodes, not tensors)
            self._ctx.hooks += (hook,)
            return RemovableHook(self._ctx, hook)
        self._hooks += (hook,)
        Tensor.leaf_hooks_seen = True
        return RemovableHook(self, hook)

    def detach(self):
        """The same data, cut from the graph (no grad, no history). It shares memory and the version
        counter with self, as in PyTorch: an in-place change of either is seen by backward."""
        detached = Tensor(self._data)
        detached._counter = version_counter(self)
        return detached

    def detach_(self):
        """Cut this tensor from the graph in place (a view cannot be: use detach()). A leaf detached
        this way gets no gradient from a graph recorded before, as in PyTorch."""
        if self._base is not None:
            raise RuntimeError("Can't detach views in-place. Use detach() instead: a view shares its base's history, "
                               "which detach_() would change for the base too")
        self._ctx = None
        self._requires_grad = False
        return self

    # ----- properties and conversions -----
    @property
    def shape(self):
        return tuple.__new__(Size, self._data.shape)

    @property
    def ndim(self):
        return self._data.ndim

    @property
    def dtype(self):
        return shown_dtype(self._data.dtype)  # the NumPy dtype (printed as PyTorch's under install_as_torch)

    def dim(self):
        return self._data.ndim

    def numel(self):
        return self._data.size

    def item(self):
        if self._data.size != 1:
            raise RuntimeError(f"item(): only a tensor with one element can be converted to a Python number, "
                               f"this one has shape {self.shape}")
        return self._data.item()

    def numpy(self):
        if self._requires_grad:
            raise RuntimeError("can't call numpy() on a tensor that requires grad; use tensor.detach().numpy()")
        return self._data

    def tolist(self):
        return self._data.tolist()

    def __array__(self, dtype=None, copy=None):  # (np.asarray(t) shares t's memory, np.array(t) copies: PyTorch's)
        array = self._data if dtype is None else self._data.astype(dtype, copy=False)
        return array.copy() if copy and array is self._data else array

    def __repr__(self):
        return tensor_repr(self)
