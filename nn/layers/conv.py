"""Conv1d and Conv2d: learnable filters slid over the input (see nn.functional.conv for the formula).

    out_size = ⌊(size + 2·padding − dilation·(kernel_size − 1) − 1) / stride⌋ + 1
PyTorch's initialisation, with fan_in = in_channels · ∏kernel_size:
W ~ U(−1/√fan_in, 1/√fan_in) (kaiming_uniform_ with a = √5), b ~ U(−1/√fan_in, 1/√fan_in)."""
import math

import autograd

from .. import init
from ..functional._shapes import ntuple
from ..functional.conv import convolution
from ..module import Module, Parameter


class _ConvNd(Module):
    spatial_dims = None  # 1 for Conv1d, 2 for Conv2d

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, bias=True, dtype=None):
        super().__init__()
        n = self.spatial_dims
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size, self.stride, self.dilation = ntuple(kernel_size, n), ntuple(stride, n), ntuple(dilation, n)
        self.padding = padding if isinstance(padding, str) else ntuple(padding, n)
        if padding == "same" and self.stride != (1,) * n:
            raise ValueError(f"{type(self).__name__}: padding='same' needs stride 1, got stride {self.stride}")
        dtype = dtype or autograd.float32
        self.weight = Parameter(autograd.zeros(out_channels, in_channels, *self.kernel_size, dtype=dtype))
        self.bias = Parameter(autograd.zeros(out_channels, dtype=dtype)) if bias else None
        self.reset_parameters()

    def reset_parameters(self):
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.in_channels * math.prod(self.kernel_size)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        return convolution(input, self.weight, self.bias, self.stride, self.padding, self.dilation, type(self).__name__)

    def extra_repr(self):
        n = self.spatial_dims
        text = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        if self.padding != (0,) * n:
            text += f", padding={self.padding}"
        if self.dilation != (1,) * n:
            text += f", dilation={self.dilation}"
        if self.bias is None:
            text += ", bias=False"
        return text


class Conv1d(_ConvNd):
    """Input (N, C_in, L) or (C_in, L), weight (C_out, C_in, k), output (N, C_out, L_out)."""

    spatial_dims = 1


class Conv2d(_ConvNd):
    """Input (N, C_in, H, W) or (C_in, H, W), weight (C_out, C_in, kh, kw), output (N, C_out, H_out, W_out)."""

    spatial_dims = 2
