"""MaxPool1d and AvgPool1d: the max or mean of each window along L of an (N, C, L) or (C, L) input
(see nn/functional/pooling1d.py); stride defaults to kernel_size."""
from ..functional.pooling1d import avg_pool1d, max_pool1d
from .pooling import _AvgPoolNd, _MaxPoolNd


class MaxPool1d(_MaxPoolNd):
    def forward(self, input):
        return max_pool1d(input, self.kernel_size, self.stride, self.padding, self.dilation, self.ceil_mode,
                          self.return_indices)


class AvgPool1d(_AvgPoolNd):
    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
        super().__init__()
        single = lambda value: tuple(value) if isinstance(value, (tuple, list)) else (value,)  # noqa: E731
        self.kernel_size, self.padding = single(kernel_size), single(padding)  # tuples, as PyTorch's AvgPool1d
        self.stride = self.kernel_size if stride is None else single(stride)
        self.ceil_mode, self.count_include_pad = ceil_mode, count_include_pad

    def forward(self, input):
        return avg_pool1d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode, self.count_include_pad)
