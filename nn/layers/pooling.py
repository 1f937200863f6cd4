"""MaxPool2d, AvgPool2d and AdaptiveAvgPool2d: the max or mean of each window (see nn.functional.pooling).

    out_size = ⌊(size + 2·padding − dilation·(kernel_size − 1) − 1) / stride⌋ + 1   (⌈…⌉ with ceil_mode),
stride defaults to kernel_size."""
from ..functional import adaptive_avg_pool2d, avg_pool2d, max_pool2d
from ..module import Module


class _MaxPoolNd(Module):
    """What MaxPool1d and MaxPool2d share: their options (PyTorch's _MaxPoolNd)."""

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False):
        super().__init__()
        self.kernel_size, self.padding, self.dilation = kernel_size, padding, dilation
        self.stride = kernel_size if stride is None else stride
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def extra_repr(self):
        return (
            f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
            f"dilation={self.dilation}, ceil_mode={self.ceil_mode}"
        )


class MaxPool2d(_MaxPoolNd):
    def forward(self, input):
        return max_pool2d(
            input, self.kernel_size, self.stride, self.padding, self.dilation, self.ceil_mode, self.return_indices
        )


class _AvgPoolNd(Module):
    """What AvgPool1d and AvgPool2d share (PyTorch's _AvgPoolNd): their repr."""

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool2d(_AvgPoolNd):
    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
                 divisor_override=None):
        super().__init__()
        self.kernel_size, self.padding = kernel_size, padding
        self.stride = kernel_size if stride is None else stride
        self.ceil_mode, self.count_include_pad, self.divisor_override = ceil_mode, count_include_pad, divisor_override

    def forward(self, input):
        return avg_pool2d(
            input, self.kernel_size, self.stride, self.padding, self.ceil_mode, self.count_include_pad,
            self.divisor_override,
        )


class _AdaptiveAvgPoolNd(Module):
    """What the adaptive average pools share (PyTorch's _AdaptiveAvgPoolNd): output_size."""

    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size

    def extra_repr(self):
        return f"output_size={self.output_size}"


class AdaptiveAvgPool2d(_AdaptiveAvgPoolNd):
    """Average pooling to a fixed output_size (H_out, W_out), whatever the input size: ResNet's global
    average pooling is AdaptiveAvgPool2d((1, 1))."""

    def forward(self, input):
        return adaptive_avg_pool2d(input, self.output_size)
