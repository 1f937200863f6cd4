"""Convolution's functional form, for nn.functional.conv1d and conv2d (the primitive and its rule:
primitives/conv.py)."""
from ..primitives.conv import Convolution


def convolution(input, weight, bias, stride, dilation, pads, groups):
    """W ⋆ x + b as one node, for `input` (N, C_in, *size) padded with zeros by pads ((before, after) per spatial
    axis), weight (C_out, C_in/groups, *k) and bias (C_out) or None."""
    params = dict(kernel=tuple(weight.shape[2:]), stride=stride, dilation=dilation, pads=pads, groups=groups)
    inputs = (input, weight) if bias is None else (input, weight, bias)
    return Convolution.apply(*inputs, **params)
