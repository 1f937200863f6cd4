"""PReLU: y = x if x > 0 else a·x, with the slope a learned (formula in nn/functional/prelu.py)."""
import autograd

from ..init import constant_
from ..functional.prelu import prelu
from ..module import Module, Parameter


class PReLU(Module):
    """y = x if x > 0 else a·x, a learned: one slope for all channels (num_parameters=1) or one per channel
    (dim 1 of the input), each starting at `init` (0.25), as PyTorch's."""

    def __init__(self, num_parameters=1, init=0.25, device=None, dtype=None):
        super().__init__()
        self.num_parameters, self.init = num_parameters, init
        self.weight = Parameter(autograd.empty(num_parameters, device=device, dtype=dtype))
        self.reset_parameters()

    def reset_parameters(self):
        constant_(self.weight, self.init)

    def forward(self, input):
        return prelu(input, self.weight)

    def extra_repr(self):
        return f"num_parameters={self.num_parameters}"
