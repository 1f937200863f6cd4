"""Convolution's functional form, for nn.functional.conv1d and conv2d (the primitive and its rule: primitives/conv.py)."""
from ..primitives.conv import Convolution


def convolution(input, weight, bias, stride, dilation, pads, groups):
    """W ⋆ x + b as one node, for `input` (N, C_in, *size) padded with zeros by pads ((before, after) per spatial
    axis), weight (C_out, C_in/groups, *k) and bias (C_out) or None."""
    params = dict(kernel=tuple(weight.shape[2:]), stride=stride, dilation=dilation, pads=pads, groups=groups)
    return Convolution.apply(input, weight, **params) if bias is None else Convolution.apply(input, weight, bias, **params)
