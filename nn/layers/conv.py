"""Conv1d and Conv2d: learnable filters slid over the input (see nn.functional.conv for the formula),
and their lazy forms LazyConv1d and LazyConv2d (in_channels read from the first input).

    out_size = ⌊(size + 2·padding − dilation·(kernel_size − 1) − 1) / stride⌋ + 1
The weight has shape (out_channels, in_channels / groups, *kernel_size). PyTorch's initialisation, with
fan_in = (in_channels / groups) · ∏kernel_size:
W ~ U(−1/√fan_in, 1/√fan_in) (kaiming_uniform_ with a = √5), b ~ U(−1/√fan_in, 1/√fan_in)."""
import math

import autograd

from .. import init
from ..functional._shapes import as_int, ntuple
from ..functional.conv import convolution
from ..functional.conv_transpose import conv_transpose, output_size as output_size_of
from ..lazy import LazyModuleMixin, materialize, UninitializedParameter
from ..module import Module, Parameter


class _ConvNd(Module):
    spatial_dims = None  # 1 for Conv1d, 2 for Conv2d

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 padding_mode="zeros", device=None, dtype=None):
        super().__init__()
        self._set_options(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, padding_mode)
        dtype = dtype or autograd.float32
        self.weight = Parameter(autograd.zeros(out_channels, in_channels // groups, *self.kernel_size, device=device, dtype=dtype))
        self.bias = Parameter(autograd.zeros(out_channels, device=device, dtype=dtype)) if bias else None
        self.reset_parameters()

    def _set_options(self, in_channels, out_channels, kernel_size, stride, padding, dilation, groups, padding_mode):
        n, name, groups = self.spatial_dims, type(self).__name__, as_int(groups)
        in_channels, out_channels = as_int(in_channels), as_int(out_channels)  # (np.int8(64) · 25 would wrap)
        if isinstance(groups, bool) or not isinstance(groups, int) or groups < 1:
            raise ValueError(f"{name}: groups must be a positive integer, got {groups}")
        if in_channels % groups:
            raise ValueError(f"{name}: in_channels must be divisible by groups (in_channels={in_channels}, groups={groups})")
        if out_channels % groups:
            raise ValueError(f"{name}: out_channels must be divisible by groups (out_channels={out_channels}, groups={groups})")
        if padding_mode != "zeros":
            raise NotImplementedError(f"{name}: only padding_mode='zeros' is implemented, got {padding_mode!r}")
        self.in_channels, self.out_channels, self.groups = in_channels, out_channels, groups
        self.kernel_size, self.stride = ntuple(kernel_size, n, "kernel_size"), ntuple(stride, n, "stride")
        self.dilation = ntuple(dilation, n, "dilation")
        self.padding, self.padding_mode = (padding if isinstance(padding, str) else ntuple(padding, n, "padding")), padding_mode
        if isinstance(padding, str) and padding not in ("same", "valid"):
            raise ValueError(f"Invalid padding string {padding!r}, should be one of {{'same', 'valid'}}")
        if padding == "same" and self.stride != (1,) * n:
            raise ValueError(f"{name}: padding='same' needs stride 1, got stride {self.stride}")

    def reset_parameters(self):
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.in_channels // self.groups * math.prod(self.kernel_size)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def _conv_forward(self, input, weight, bias):
        """The layer's convolution with a given weight and bias (PyTorch's hook for, e.g., weight standardisation:
        a subclass's forward passes a transformed self.weight)."""
        return convolution(input, weight, bias, self.stride, self.padding, self.dilation, self.groups,
                           type(self).__name__)

    def forward(self, input):
        return self._conv_forward(input, self.weight, self.bias)

    def extra_repr(self):
        n = self.spatial_dims
        text = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        if self.padding != (0,) * n:
            text += f", padding={self.padding}"
        if self.dilation != (1,) * n:
            text += f", dilation={self.dilation}"
        if getattr(self, "output_padding", (0,) * n) != (0,) * n:  # transposed convolutions only
            text += f", output_padding={self.output_padding}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if self.bias is None:
            text += ", bias=False"
        return text


class Conv1d(_ConvNd):
    """Input (N, C_in, L) or (C_in, L), weight (C_out, C_in/groups, k), output (N, C_out, L_out)."""

    spatial_dims = 1


class Conv2d(_ConvNd):
    """Input (N, C_in, H, W) or (C_in, H, W), weight (C_out, C_in/groups, kh, kw), output (N, C_out, H_out, W_out)."""

    spatial_dims = 2


class _LazyConvNd(LazyModuleMixin, _ConvNd):
    """in_channels is 0 until the first input, whose channel axis (1, or 0 when unbatched) sets it."""

    def __init__(self, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 padding_mode="zeros", device=None, dtype=None):
        Module.__init__(self)
        self._register_initialize_hook()
        self._set_options(0, out_channels, kernel_size, stride, padding, dilation, groups, padding_mode)
        self.weight = UninitializedParameter(device=device, dtype=dtype)
        self.bias = UninitializedParameter(device=device, dtype=dtype) if bias else None

    def initialize_parameters(self, input, *args, **kwargs):
        unbatched = input.ndim == self.spatial_dims + 1
        self.in_channels = input.shape[0 if unbatched else 1]
        if self.in_channels % self.groups:
            raise ValueError(
                f"{type(self).__name__}: in_channels must be divisible by groups "
                f"(in_channels={self.in_channels}, groups={self.groups})"
            )
        materialize(self.weight, (self.out_channels, self.in_channels // self.groups, *self.kernel_size))
        if self.bias is not None:
            materialize(self.bias, (self.out_channels,))


class LazyConv1d(_LazyConvNd, Conv1d):
    cls_to_become = Conv1d


class LazyConv2d(_LazyConvNd, Conv2d):
    cls_to_become = Conv2d


class _ConvTransposeNd(_ConvNd):
    """The transposed convolution (see nn.functional.conv_transpose for the formula):
        out_size = (size − 1)·stride − 2·padding + dilation·(kernel_size − 1) + output_padding + 1
    The weight has shape (in_channels, out_channels / groups, *kernel_size), and PyTorch's initialisation reads
    fan_in from it as for any weight: fan_in = (out_channels / groups) · ∏kernel_size."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
                 bias=True, dilation=1, padding_mode="zeros", device=None, dtype=None):
        Module.__init__(self)
        name = type(self).__name__
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {name}, got {padding_mode!r}')
        if isinstance(padding, str):
            raise TypeError(f"{name}: padding must be an int or a tuple of ints, got {padding!r}")
        self._set_options(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, padding_mode)
        self.output_padding = ntuple(output_padding, self.spatial_dims, "output_padding")
        dtype = dtype or autograd.float32
        self.weight = Parameter(autograd.zeros(in_channels, out_channels // groups, *self.kernel_size, device=device, dtype=dtype))
        self.bias = Parameter(autograd.zeros(out_channels, device=device, dtype=dtype)) if bias else None
        self.reset_parameters()

    def reset_parameters(self):
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.out_channels // self.groups * math.prod(self.kernel_size)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def _output_padding(self, input, output_size, stride, padding, kernel_size, num_spatial_dims, dilation=None):
        """The output_padding that gives the requested output_size (its last num_spatial_dims entries), which must
        lie between the smallest output size (output_padding 0) and that plus stride − 1, as in PyTorch (whose
        signature this is: forward passes the layer's options)."""
        n = num_spatial_dims
        if output_size is None:
            return self.output_padding
        requested = tuple(int(s) for s in output_size)[-n:] if len(output_size) in (n, n + 2) else None
        if requested is None:
            raise ValueError(f"{type(self).__name__}: output_size must have {n} or {n + 2} elements, "
                             f"got {list(output_size)}")
        dilation = (1,) * n if dilation is None else dilation
        smallest = output_size_of(input.shape[-n:], kernel_size, stride, padding, (0,) * n, dilation)
        largest = tuple(m + s - 1 for m, s in zip(smallest, stride, strict=True))
        if any(not lo <= r <= hi for r, lo, hi in zip(requested, smallest, largest, strict=True)):
            raise ValueError(f"requested an output size of {list(requested)}, but valid sizes range from "
                             f"{list(smallest)} to {list(largest)} (for an input of {tuple(input.shape[-n:])})")
        return tuple(r - m for r, m in zip(requested, smallest, strict=True))

    def forward(self, input, output_size=None):
        output_padding = self._output_padding(input, output_size, self.stride, self.padding, self.kernel_size,
                                              self.spatial_dims, self.dilation)
        return conv_transpose(input, self.weight, self.bias, self.stride, self.padding, output_padding, self.groups,
                              self.dilation, self.spatial_dims, type(self).__name__)


class ConvTranspose1d(_ConvTransposeNd):
    """Input (N, C_in, L) or (C_in, L), weight (C_in, C_out/groups, k), output (N, C_out, L_out)."""

    spatial_dims = 1


class ConvTranspose2d(_ConvTransposeNd):
    """Input (N, C_in, H, W) or (C_in, H, W), weight (C_in, C_out/groups, kh, kw), output (N, C_out, H_out, W_out)."""

    spatial_dims = 2
