"""Activation layers: the functions of nn.functional.activations as modules."""
from .. import functional as F
from ..module import Module


class ReLU(Module):
    """y = max(0, x); ReLU(inplace=True) overwrites its input (PyTorch's in-place rules apply)."""

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.relu(input, self.inplace)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class Sigmoid(Module):
    """y = 1 / (1 + e^(−x))"""

    def forward(self, input):
        return F.sigmoid(input)


class Tanh(Module):
    """y = tanh(x)"""

    def forward(self, input):
        return F.tanh(input)


class Softmax(Module):
    """yᵢ = e^(xᵢ) / Σⱼ e^(xⱼ) along `dim`."""

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.softmax(input, self.dim)  # dim=None: PyTorch's implicit choice, with its warning

    def extra_repr(self):
        return f"dim={self.dim}"


class LogSoftmax(Module):
    """yᵢ = xᵢ − log Σⱼ e^(xⱼ) along `dim`."""

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.log_softmax(input, self.dim)  # dim=None: PyTorch's implicit choice, with its warning

    def extra_repr(self):
        return f"dim={self.dim}"


class GELU(Module):
    """y = x Φ(x) = ½ x (1 + erf(x/√2)), or its tanh approximation with approximate='tanh'
    (see nn.functional.gelu)."""

    def __init__(self, approximate="none"):
        super().__init__()
        self.approximate = approximate

    def forward(self, input):
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self):
        return f"approximate={self.approximate!r}"
