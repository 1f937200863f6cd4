"""Lazy modules: layers whose input size is read from the first batch they see, as PyTorch's.

    net = nn.Sequential(nn.LazyLinear(256), nn.ReLU(), nn.LazyLinear(10))
    net(X)                    # the dry run: weights get their shapes and PyTorch's default initialisation
    net.apply(init_fn)        # each LazyLinear has become an nn.Linear (type(m) == nn.Linear holds)

Until that first call the weights are UninitializedParameters (and batch norm's running statistics
UninitializedBuffers): they are listed by parameters() and state_dict(), an optimizer may already hold
them, but asking for their shape or values is an error. The first forward gives each one its shape in
place — the same object, so an optimizer built before keeps working — runs the layer's
reset_parameters(), and turns the module into its eager class (`cls_to_become`). load_state_dict gives
them the checkpoint's shapes and values instead, as PyTorch does, and the first forward then keeps them.
"""
import numpy as np

import autograd
from autograd.tensor import Tensor

from .module import Parameter

_MESSAGE = (
    "Can't use an uninitialized parameter or buffer of a lazy module (its shape is not known yet): "
    "call the model once on a batch of inputs (a dry run) before {}"
)


class _Uninitialized:
    """What UninitializedParameter and UninitializedBuffer share: no shape until materialize()."""

    __slots__ = ()
    cls_to_become = None

    def materialize(self, shape, dtype=None):
        """Give the tensor `shape` (uninitialised values, of `dtype` or the dtype it was made with) and
        make it an ordinary Parameter / Tensor."""
        self._data = np.empty(shape, dtype=self._data.dtype if dtype is None else dtype)
        self.__class__ = self.cls_to_become

    def _refuse(self, what):
        raise RuntimeError(_MESSAGE.format(what))

    shape = property(lambda self: self._refuse("reading its shape"))
    ndim = property(lambda self: self._refuse("reading its number of dimensions"))

    def size(self, dim=None):
        self._refuse("reading its size")

    def dim(self):
        self._refuse("reading its number of dimensions")

    def numel(self):
        self._refuse("counting its elements")

    def numpy(self):
        self._refuse("reading its values")

    def __array__(self, dtype=None, copy=None):
        self._refuse("reading its values")

    def detach(self):
        """Still uninitialised (as in PyTorch, a lazy module's state_dict lists uninitialised entries)."""
        return type(self)(requires_grad=False, dtype=self._data.dtype)

    def __repr__(self):
        return f"<{type(self).__name__}>"

    def __reduce_ex__(self, protocol):
        """pickle keeps it uninitialised (so the unpickled lazy module still infers its sizes, as PyTorch's)."""
        return type(self), (self.requires_grad, None, self.dtype)

    def __deepcopy__(self, memo):
        """Another uninitialised parameter (there are no values to copy yet: the copy of a lazy module is lazy too,
        as PyTorch's); an uninitialised buffer is refused, as PyTorch refuses it."""
        if isinstance(self, Parameter):
            return memo.setdefault(id(self), type(self)(self.requires_grad, dtype=self._data.dtype))
        raise ValueError(_MESSAGE.format("copying it with copy.deepcopy"))  # (PyTorch's type here)


class UninitializedParameter(_Uninitialized, Parameter):
    """A Parameter of a lazy module before the first forward: no shape, no values yet."""

    __slots__ = ()
    cls_to_become = Parameter

    def __new__(cls, requires_grad=True, device=None, dtype=None):  # (a Parameter is made in __new__)
        return super().__new__(cls, _empty(device, dtype), requires_grad)


class UninitializedBuffer(_Uninitialized, Tensor):
    """A buffer of a lazy module (batch norm's running statistics) before the first forward."""

    __slots__ = ()
    cls_to_become = Tensor

    def __init__(self, requires_grad=False, device=None, dtype=None):
        super().__init__(_empty(device, dtype), requires_grad)


def _empty(device, dtype):
    """No values yet, of `dtype` (float32 by default), on `device` (which must be the CPU)."""
    return autograd.zeros(0, device=device, dtype=np.float32 if dtype is None else dtype).numpy()


def is_lazy(tensor):
    return isinstance(tensor, _Uninitialized)


def materialize(tensor, shape):
    """Give a lazy module's uninitialised tensor its shape at the first forward. One that has it already
    (load_state_dict gave it the checkpoint's, as PyTorch does) keeps its values; another shape is an error."""
    if is_lazy(tensor):
        tensor.materialize(shape)
    elif tuple(tensor.shape) != tuple(shape):
        raise RuntimeError(f"a lazy module's loaded tensor has shape {tuple(tensor.shape)}, but its first input "
                           f"needs {tuple(shape)}")


class LazyModuleMixin:
    """Put first among the bases of a lazy layer, which defines `cls_to_become` (its eager class) and
    `initialize_parameters(input)` (materialise every uninitialised tensor from the input's shape)."""

    cls_to_become = None

    def has_uninitialized_params(self):
        tensors = list(self._parameters.values()) + list(self._buffers.values())
        return any(is_lazy(t) for t in tensors)

    def __init__(self, *args, **kwargs):
        """The layer's own __init__, then its initialisation as a forward pre-hook, as PyTorch's: a user's pre-hook
        registered with prepend=True runs before it (and may change the input the sizes are read from)."""
        super().__init__(*args, **kwargs)
        self._register_initialize_hook()

    def _register_initialize_hook(self):
        """(For a lazy layer whose __init__ skips its eager class's: call it after Module.__init__.)"""
        self._initialize_hook = self.register_forward_pre_hook(_infer_parameters, with_kwargs=True)

    def reset_parameters(self):
        """The eager class's initialisation once every tensor has its shape (nothing for a base without one)."""
        if not self.has_uninitialized_params() and hasattr(super(), "reset_parameters"):
            super().reset_parameters()

    def _apply(self, fn, recurse=True):
        """Module._apply, except that an uninitialised buffer stays the uninitialised one, converted in place (as
        PyTorch's UninitializedBuffer converts to an uninitialised buffer): the first call still materialises it."""
        lazy = {name: buffer for name, buffer in self._buffers.items() if is_lazy(buffer)}
        super()._apply(fn, recurse)
        for name, buffer in lazy.items():
            buffer.data = self._buffers[name]
            self._buffers[name] = buffer
        return self


def _infer_parameters(module, args, kwargs):
    """The first call's pre-hook: read the sizes from the input, initialise, become the eager class (whose forward
    then runs). Tensors that already have their shape (loaded by load_state_dict) keep their values."""
    fresh = module.has_uninitialized_params()
    module.initialize_parameters(*args, **kwargs)
    if fresh:
        module.reset_parameters()
    module._initialize_hook.remove()
    del module._initialize_hook
    if module.cls_to_become is not None:
        module.__class__ = module.cls_to_become
