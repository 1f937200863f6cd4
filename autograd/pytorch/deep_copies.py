"""copy.deepcopy, copy.copy and pickle of a Tensor, as PyTorch's. deepcopy: a new leaf with copies of the values,
requires_grad and .grad; copy: a new leaf sharing the memory, with requires_grad and the Python attributes (no .grad, no history); pickle: a
new leaf with a copy of the values, requires_grad and the tensor's Python attributes (no .grad, no history, and no
memory shared with other tensors pickled beside it, as PyTorch's pickles: each tensor's storage is its own). A
tensor whose elements overlap (an expanded one, unfold's windows) is pickled with the memory block it shows and
keeps its overlap, as PyTorch's keeps its storage and strides. (A copied or pickled view's storage_offset() is 0:
it is not a view in autograd's sense, and glassgrad keeps no storage object beside the array.)

Tensors that share memory keep sharing it within one deepcopy (one `memo`), as PyTorch's storages do: the memory
block behind a tensor (the NumPy array at the end of its chain of .base) is copied once, and each tensor is made
again at its place in the copy (`[w, w[1:], w.detach()]` gives three tensors whose writes reach each other). The
copies are not views in autograd's sense (`_base` is None, as PyTorch's). A non-leaf is refused, as PyTorch."""
import copy

import numpy as np

from ..inplace import overlaps
from ..tensor import Tensor


def deepcopy(self, memo):
    if id(self) in memo:
        return memo[id(self)]
    if self.grad_fn is not None:
        raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) support the deepcopy protocol "
                           "at the moment; detach() it first, or deepcopy the leaves it was made from")
    copied = _new_leaf(type(self), _copied_array(self._data, memo), self._requires_grad)
    memo[id(self)] = copied  # (first: an attribute may lead back to this tensor, x.me = x)
    copied.__dict__.update(copy.deepcopy(_user_attributes(self), memo))
    if self._grad is not None:
        copied._grad = copy.deepcopy(self._grad, memo)
    return copied


def _copied_array(array, memo):
    """array's values, in the copy of the memory block it shows (copied once per memo), at the same place."""
    owner = _memory_block(array)
    if owner is None:
        return array.copy()  # (memory NumPy does not own, or not one block: a copy of its own)
    if id(owner) not in memo:
        memo[id(owner)] = owner.copy(order="K")
        memo.setdefault(id(memo), []).append(owner)  # (kept alive while the memo lives, as deepcopy's own rule)
    offset = array.__array_interface__["data"][0] - owner.__array_interface__["data"][0]
    return np.ndarray(array.shape, array.dtype, buffer=memo[id(owner)], offset=offset, strides=array.strides)


def _memory_block(array):
    """The ndarray laid out in one block whose memory `array` shows (the end of its chain of .base), or None."""
    owner = array
    while getattr(owner, "base", None) is not None:  # (ndarrays, and as_strided's helper object)
        owner = owner.base
    if not isinstance(owner, np.ndarray) or not (owner.flags.c_contiguous or owner.flags.f_contiguous):
        return None
    return owner


def _user_attributes(t):
    """The Python attributes a user gave t (`t.tag = ...`, `t._no_decay = True`), not the engine's own state
    (`_base`, `_name`, `_hooks`, ...: every name of it has a default on the Tensor class)."""
    return {k: v for k, v in t.__dict__.items() if not hasattr(Tensor, k)}


def _new_leaf(cls, array, requires_grad):
    """A new leaf of class `cls` (a Parameter stays one) holding `array`, made without cls's own __init__."""
    tensor = cls.__new__(cls)
    Tensor.__init__(tensor, array)
    tensor._requires_grad = requires_grad
    return tensor


def shallow_copy(self):
    copied = _new_leaf(type(self), self._data, self._requires_grad)
    copied.__dict__.update(_user_attributes(self))
    return copied


def reduce_for_pickle(self, protocol):
    # (the attributes as pickle's state, set once the tensor exists: one may lead back to it, x.me = x)
    return _unpickled, (type(self), *_memory_and_place(self._data), self._requires_grad), _user_attributes(self)


def _memory_and_place(array):
    """What to pickle of `array`: the array itself (pickled as a copy of its elements), or, when its elements
    overlap, the 1-D memory block it shows and its place there (offset, shape and strides, in bytes)."""
    block = _memory_block(array)
    if not overlaps(array) or block is None or block.dtype != array.dtype:
        return array.view(), None  # (a new object: pickle's memo would join tensors that wrap one array, x and x.data)
    offset = array.__array_interface__["data"][0] - block.__array_interface__["data"][0]
    return block.reshape(-1, order="A").view(), (offset, array.shape, array.strides)


def _unpickled(cls, memory, place, requires_grad):
    if place is not None:
        offset, shape, strides = place
        memory = np.ndarray(shape, memory.dtype, buffer=memory, offset=offset, strides=strides)
    return _new_leaf(cls, memory, requires_grad)


def bind():
    Tensor.__deepcopy__, Tensor.__copy__, Tensor.__reduce_ex__ = deepcopy, shallow_copy, reduce_for_pickle


bind()
