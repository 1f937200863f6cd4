"""Max pooling's functional form, for nn.functional.max_pool2d (the primitive and its rule: primitives/pool.py)."""
from ..primitives.pool import Geometry, MaxPool2d, max_and_winner


def max_pool2d_padded(input, kernel, stride, dilation, pads):
    """The maximum of each (kh, kw) window of `input` (N, C, H, W) padded by pads ((top, bottom), (left, right))."""
    return MaxPool2d.apply(input, kernel=kernel, stride=stride, dilation=dilation, pads=pads)


def max_pool2d_winners(array, kernel, stride, dilation, pads):
    """For each window of the same pooling of a NumPy array, the index in window order of its maximum."""
    return max_and_winner(array, Geometry(kernel, stride, dilation, pads))[1]
