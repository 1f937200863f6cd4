"""Linear (fully connected) and LazyLinear, Identity and Flatten."""
import math

import autograd

from .. import init
from ..functional import linear
from ..lazy import LazyModuleMixin, materialize, UninitializedParameter
from ..module import Module, Parameter
from ..functional._inputs import check_tensor


class Identity(Module):
    """y = x (a placeholder that keeps a model's structure)."""

    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):
        return input


class Linear(Module):
    """y = x Wᵀ + b with W of shape (out_features, in_features) and b (out_features).

    PyTorch's initialisation: W ~ U(−1/√in, 1/√in) (kaiming_uniform_ with a = √5) and b ~ U(−1/√in, 1/√in)."""

    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        self.in_features, self.out_features = in_features, out_features
        dtype = dtype or autograd.float32
        self.weight = Parameter(autograd.zeros(out_features, in_features, device=device, dtype=dtype))
        self.bias = Parameter(autograd.zeros(out_features, device=device, dtype=dtype)) if bias else None
        self.reset_parameters()

    def reset_parameters(self):
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            bound = 1 / math.sqrt(self.in_features) if self.in_features > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        check_tensor("linear", input)
        if input.ndim == 0 or input.shape[-1] != self.in_features:  # (PyTorch's RuntimeError: mat1 and mat2 ...)
            raise RuntimeError(
                f"Linear: expected input of shape (*, {self.in_features}), got {tuple(input.shape)}"
            )
        return linear(input, self.weight, self.bias)

    def extra_repr(self):
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"


class Flatten(Module):
    """Merge the axes start_dim..end_dim into one (by default all but the batch axis)."""

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, input):
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self):
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class LazyLinear(LazyModuleMixin, Linear):
    """Linear whose in_features is read from the last axis of the first input (0 until then); it then
    becomes an nn.Linear, initialised as one."""

    cls_to_become = Linear

    def __init__(self, out_features, bias=True, device=None, dtype=None):
        Module.__init__(self)
        self._register_initialize_hook()
        self.in_features, self.out_features = 0, out_features
        self.weight = UninitializedParameter(device=device, dtype=dtype)
        self.bias = UninitializedParameter(device=device, dtype=dtype) if bias else None

    def initialize_parameters(self, input, *args, **kwargs):
        self.in_features = input.shape[-1]
        materialize(self.weight, (self.out_features, self.in_features))
        if self.bias is not None:
            materialize(self.bias, (self.out_features,))
