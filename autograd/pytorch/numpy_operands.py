"""A NumPy array as an operator's other operand (`t - np.array(3)`), handled as PyTorch 2.13 handles it.

PyTorch's operators do not take a NumPy array: they give way (NotImplemented), and Python asks the array.
So, measured against PyTorch 2.13:

- `tensor ⊕ array` (+ - * / // % ** @ & | ^ << >>) is NumPy's computation on `tensor.numpy()`, wrapped back
  into a tensor: NumPy's promotion, so `uint8 tensor - np.array(3)` is int64 [-2, -1] (it does not wrap) and
  `float32 tensor + int64 array` is float64; a bool result becomes uint8 (PyTorch's __array_wrap__ does
  so: `bool tensor + bool array` is uint8 [1, 1], not NumPy's logical or). A tensor that requires grad has no `.numpy()`: RuntimeError
  ("Can't call numpy() on Tensor that requires grad"), as PyTorch's; there is no gradient through NumPy.
- `array ⊕ tensor` is a TypeError ("unsupported operand type(s)"), but `array / tensor`, which PyTorch
  computes as `tensor.reciprocal() * array` (the reciprocal in the tensor's float dtype, the product NumPy's).
- `tensor ⊕= array` does not write into the tensor: Python falls back to `tensor = tensor ⊕ array`, a new
  tensor of NumPy's dtype (the old one is unchanged), as in PyTorch.
- `<`, `<=`, `>`, `>=` between a tensor and an array are a TypeError either way round. (`==` and `!=` compare
  elementwise: autograd/tensor_methods.py.)

A NumPy scalar (np.float64(2.0), not an array) is a number, as before: PyTorch's promotion applies to it.
Bound last, over the operators tensor_methods.py and tensor_operators.py bind.
"""
import functools
import operator

import numpy as np

from ..tensor import Tensor

BINARY = ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "and", "or", "xor", "lshift", "rshift")
COMPARISONS = ("lt", "le", "gt", "ge")


def _with_numpy(name, method):
    """Tensor.__<name>__ that hands a NumPy array to NumPy (see the module docstring)."""
    numpy_op = getattr(operator, name + "_" if name in ("and", "or") else name)

    @functools.wraps(method)
    def operator_method(self, other):
        if isinstance(other, np.ndarray):
            result = np.asarray(numpy_op(self.numpy(), other))
            return Tensor(result.astype(np.uint8) if result.dtype == np.bool_ else result)
        return method(self, other)

    return operator_method


def _giving_way(method):
    """method, returning NotImplemented for a NumPy array (Python then tries the other side, or raises
    PyTorch's TypeError)."""
    @functools.wraps(method)
    def operator_method(self, other):
        if isinstance(other, np.ndarray):
            return NotImplemented
        return method(self, other)

    return operator_method


def _reflected_division(method):
    """Tensor.__rtruediv__: array / tensor is tensor.reciprocal() * array, NumPy computing the product."""
    @functools.wraps(method)
    def rtruediv(self, other):
        if isinstance(other, np.ndarray):
            return self.reciprocal() * other
        return method(self, other)

    return rtruediv


def bind():
    for name in BINARY:
        setattr(Tensor, f"__{name}__", _with_numpy(name, getattr(Tensor, f"__{name}__")))
        if hasattr(Tensor, f"__i{name}__"):  # (there is no @=: Python falls back to @ already)
            setattr(Tensor, f"__i{name}__", _giving_way(getattr(Tensor, f"__i{name}__")))
        if name != "truediv":
            setattr(Tensor, f"__r{name}__", _giving_way(getattr(Tensor, f"__r{name}__")))
    Tensor.__rtruediv__ = _reflected_division(Tensor.__rtruediv__)
    for name in COMPARISONS:
        setattr(Tensor, f"__{name}__", _giving_way(getattr(Tensor, f"__{name}__")))


bind()
