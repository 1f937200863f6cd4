"""Tensors brought to another's shape: broadcast_tensors and reshape_as, as PyTorch's."""
import numpy as np

from ..tensor import Tensor
from .arithmetic import check_broadcast
from .shapes import broadcast_to, reshape


def broadcast_tensors(*tensors):
    """The tensors expanded to their common broadcast shape, as views of them (no copy: sizes of 1 repeat with
    stride 0, as broadcast_to); each keeps its dtype, and one already of that shape is returned itself, as PyTorch's. Shapes that do not broadcast give PyTorch's RuntimeError."""
    for i, tensor in enumerate(tensors):
        if not isinstance(tensor, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {type(tensor).__name__}")
    if not tensors:
        return ()
    check_broadcast(*tensors)
    shape = np.broadcast_shapes(*(tuple(tensor.shape) for tensor in tensors))
    return tuple(tensor if tuple(tensor.shape) == shape else broadcast_to(tensor, shape) for tensor in tensors)


def reshape_as(input, other):
    """input.reshape(other.shape): a view where the elements allow, as PyTorch's."""
    if not isinstance(other, Tensor):
        raise TypeError(f"reshape_as(): argument 'other' (position 1) must be Tensor, not {type(other).__name__}")
    return reshape(input, *other.shape)
