"""Convolution's functional form, for nn.functional.conv1d and conv2d (the primitive and its rule:
primitives/conv.py)."""
from ..primitives.conv import Convolution
from .saved import composed


def convolution(input, weight, bias, stride, dilation, pads, groups):
    """W ⋆ x + b as one node, for `input` (N, C_in, *size) padded with zeros by pads ((before, after) per spatial
    axis), weight (C_out, C_in/groups, *k) and bias (C_out) or None."""
    params = dict(kernel=tuple(weight.shape[2:]), stride=stride, dilation=dilation, pads=pads, groups=groups)
    if bias is None:  # (PyTorch's node has a third input, the missing bias: a hook there would see three gradients)
        return composed(Convolution.apply(input, weight, **params), "a convolution without a bias", input, weight)
    return Convolution.apply(input, weight, bias, **params)
