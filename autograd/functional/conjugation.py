"""Complex conjugation: conj, conj_physical, resolve_conj and is_conj.

A real tensor's conjugate is the tensor itself (PyTorch returns it too). A complex one's is a new tensor of the
conjugated values (a − bi for a + bi). PyTorch's conj instead returns a lazy view with a "conjugate bit" set,
sharing the input's memory (a write through it reaches the input, conjugated), which resolve_conj or
conj_physical materialises; glassgrad copies at once, so its conj never shares memory, is_conj is always False
and resolve_conj has nothing to resolve. Complex tensors carry no gradient in glassgrad, so no rule is needed."""
import numpy as np

from ..tensor import Tensor


def _check_tensor(input, name):
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")


def conj(input):
    """x̄: the tensor itself when real, else a copy with the imaginary parts negated (see the module's note)."""
    _check_tensor(input, "conj")
    if input.dtype.kind != "c":
        return input
    return Tensor(np.conj(input.numpy()))


def conj_physical(input):
    """x̄ computed into new memory, as PyTorch's conj_physical (the tensor itself when real, as PyTorch's)."""
    _check_tensor(input, "conj_physical")
    return conj(input)


def resolve_conj(input):
    """The tensor itself: glassgrad's conj copies at once, so no tensor has a conjugate bit to resolve."""
    _check_tensor(input, "resolve_conj")
    return input


def is_conj(input):
    """False: glassgrad never sets PyTorch's lazy conjugate bit (its conj copies the values)."""
    _check_tensor(input, "is_conj")
    return False
