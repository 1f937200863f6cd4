"""topk: the k largest (or smallest) elements along a dimension, and where they are.

The values are gathered from the input by the indices, so the gradient flows back to the k
places they came from (0 elsewhere). NaN counts as the largest value, as in PyTorch. Among equal
values the first ones are taken (a stable sort); PyTorch does not promise which of several equal
values it takes, so with ties its indices may differ while the values are the same (PyTorch 2.13's CPU kernel,
a partial selection, often takes later ones: topk([1., 1., 1., 0.], 2) has the indices [1, 2] there, [0, 1] here),
and the gradient then goes to those other places.
"""


import numpy as np

from ..tensor import Tensor
from ..pytorch import return_types
from ..pytorch.checks import canonical_dim, integer
from .shapes import gather
from .sorting import argsort
from .arithmetic import require_tensor


def topk(input, k, dim=-1, largest=True, sorted=True, *, axis=None):
    """(values, indices) of the k largest elements along dim (the k smallest with largest=False),
    largest first (smallest first). sorted=False is accepted; the result is sorted anyway, which
    PyTorch allows."""
    require_tensor(input, "topk")
    k = integer(k, "topk", "k")
    axis = canonical_dim(dim if axis is None else axis, input.ndim, "topk")
    if input.dtype.kind == "b":
        raise RuntimeError("topk does not support bool dtypes on CPU")
    if not 0 <= k <= (input.shape[axis] if input.ndim else 1):
        raise RuntimeError("selected index k out of range")
    if input.ndim == 0:
        return return_types.topk(input.clone(), Tensor(np.zeros((), dtype=np.int64)))
    order = argsort(input, axis, descending=largest).numpy()
    indices = Tensor(np.ascontiguousarray(np.take(order, np.arange(k), axis=axis)))
    return return_types.topk(gather(input, axis, indices), indices)
