"""copy.deepcopy of a Tensor, as PyTorch's: a new leaf with copies of the values, requires_grad and .grad.

Tensors that share memory keep sharing it within one deepcopy (one `memo`): a view is copied as the same view of
its base's copy (`[w, w[1:]]` gives two tensors whose writes reach each other), though the copy is not a view in
autograd's sense (its `_base` is None, as PyTorch's). A tensor made by an op (a non-leaf) is refused, as PyTorch."""
import copy

from ..tensor import Tensor
from ..views import view_of_array


def deepcopy(self, memo):
    if id(self) in memo:
        return memo[id(self)]
    if self.grad_fn is not None:
        raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) support the deepcopy protocol "
                           "at the moment; detach() it first, or deepcopy the leaves it was made from")
    if self._base is not None:  # the same view of the base's copy
        data = view_of_array(copy.deepcopy(self._base, memo)._data, self._view_ops)
    else:
        data = self._data.copy()
    copied = type(self).__new__(type(self))
    Tensor.__init__(copied, data)
    copied.__dict__.update(copy.deepcopy({k: v for k, v in self.__dict__.items() if not k.startswith("_")}, memo))
    copied._requires_grad = self._requires_grad
    if self._grad is not None:
        copied._grad = copy.deepcopy(self._grad, memo)
    memo[id(self)] = copied
    return copied


def bind():
    Tensor.__deepcopy__ = deepcopy


bind()
