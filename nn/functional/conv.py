"""Convolution: the argument handling of conv1d and conv2d around one primitive, autograd's Convolution
(autograd/primitives/conv.py: im2col, channels outer, and one matrix product per group; one node,
PyTorch's ConvolutionBackward0).

For input x (N, C_in, *size), weight W (C_out, C_in, *k), padding p, stride s, dilation d:
    out[n, o, i...] = b[o] + Σ_c Σ_q W[o, c, q...] · x_padded[n, c, i·s + q·d ...]
    out_size = ⌊(size + 2p − d·(k − 1) − 1) / s⌋ + 1     (per spatial axis)
(cross-correlation, as in every deep-learning library). With groups=G the channels split into G blocks
and the sum over c runs over the input block of o's group only. padding='same' pads d·(k − 1) in all,
the odd element after.
"""
import autograd
from autograd.functional.conv import convolution as convolve

from ._shapes import as_int, check_input, ntuple
from ._inputs import check_tensor


def padding_pairs(padding, kernel, dilation):
    """(before, after) per spatial axis for padding = int, tuple, 'valid' or 'same' (stride 1:
    the output keeps the input's size; an odd total d·(k − 1) puts the extra element after)."""
    n = len(kernel)
    if padding == "valid":
        return ((0, 0),) * n
    if padding == "same":
        totals = [d * (k - 1) for k, d in zip(kernel, dilation, strict=True)]
        return tuple((t // 2, t - t // 2) for t in totals)
    if isinstance(padding, str):
        raise ValueError(f"Invalid padding string {padding!r}, should be one of {{'same', 'valid'}}")
    pairs = tuple((p, p) for p in ntuple(padding, n, "padding"))
    if any(p < 0 for p, _ in pairs):
        raise RuntimeError(f"negative padding is not supported, got padding={padding}")
    return pairs


def pad_spatial(input, pairs, value=0.0):
    """Pad the trailing len(pairs) axes by (before, after) each."""
    if not any(before or after for before, after in pairs):
        return input
    flat = [width for before, after in reversed(pairs) for width in (before, after)]
    return autograd.pad(input, flat, value)


def convolution(input, weight, bias, stride, padding, dilation, groups, name):
    """The n-d convolution behind conv1d and conv2d (n = weight.ndim − 2), in `groups` independent groups:
    the channels split into G blocks, output block g sees only input block g (weight (C_out, C_in/G, *k))."""
    check_tensor(name.lower(), input)
    n, groups = weight.ndim - 2, as_int(groups)
    if isinstance(groups, bool) or not isinstance(groups, int) or groups < 1 or weight.shape[0] % groups:
        raise ValueError(f"{name}: groups must be a positive integer dividing out_channels {weight.shape[0]}, got {groups}")
    check_input(name, input, n, weight.shape[1] * groups)
    if input.ndim == n + 1:
        return convolution(input.unsqueeze(0), weight, bias, stride, padding, dilation, groups, name).squeeze(0)
    kernel, stride, dilation = tuple(weight.shape[2:]), ntuple(stride, n, "stride"), ntuple(dilation, n, "dilation")
    for option, values in (("kernel_size", kernel), ("stride", stride), ("dilation", dilation)):
        if any(v <= 0 for v in values):
            raise RuntimeError(f"{name}: non-positive {option} is not supported, got {values}")
    if padding == "same" and stride != (1,) * n:
        raise ValueError(f"{name}: padding='same' needs stride 1, got stride {stride}")
    _check_dtypes_and_bias(name, input, weight, bias)
    pads = padding_pairs(padding, kernel, dilation)
    _check_kernel_fits(name, input.shape[2:], pads, kernel, dilation)
    return convolve(input, weight, bias, stride, dilation, pads, groups)


def _check_kernel_fits(name, size, pads, kernel, dilation):
    """PyTorch's error where the dilated kernel d·(k − 1) + 1 is larger than the padded input along an axis."""
    sizes = [(s + b + a, d * (k - 1) + 1) for s, (b, a), k, d in zip(size, pads, kernel, dilation, strict=True)]
    if any(padded < span for padded, span in sizes):
        padded, spans = (" x ".join(str(size[i]) for size in sizes) for i in (0, 1))
        raise RuntimeError(f"{name}: calculated padded input size per channel: ({padded}). Kernel size: ({spans}). "
                           "Kernel size can't be greater than actual input size")


def _check_dtypes_and_bias(name, input, weight, bias):
    """PyTorch's errors: one dtype for input, weight and bias; a bias of C_out elements."""
    if input.dtype != weight.dtype:
        raise RuntimeError(f"{name}: expected both operands to have the same dtype, but got {weight.dtype} (weight) "
                           f"and {input.dtype} (input)")
    if bias is None:
        return
    if bias.dtype != input.dtype:
        raise RuntimeError(f"{name}: input type ({input.dtype}) and bias type ({bias.dtype}) should be the same")
    if tuple(bias.shape) != (weight.shape[0],):
        raise RuntimeError(f"Given weight of size {list(weight.shape)}, expected bias to be 1-dimensional with "
                           f"{weight.shape[0]} elements, but got bias of size {list(bias.shape)} instead")


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-d convolution of input (N, C_in, L) with weight (C_out, C_in/groups, k): output (N, C_out, L_out)."""
    check_tensor("conv1d", input)
    check_tensor("conv1d", weight, "weight", 2)
    _check_weight("conv1d", weight, 3)
    return convolution(input, weight, bias, stride, padding, dilation, groups, "conv1d")


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """2-d convolution of input (N, C_in, H, W) with weight (C_out, C_in/groups, kh, kw):
    output (N, C_out, H_out, W_out)."""
    check_tensor("conv2d", input)
    check_tensor("conv2d", weight, "weight", 2)
    _check_weight("conv2d", weight, 4)
    return convolution(input, weight, bias, stride, padding, dilation, groups, "conv2d")


def _check_weight(name, weight, ndim):
    """A weight of the wrong rank would be taken for the other convolution's (a 3-D weight makes conv2d a conv1d)."""
    if weight.ndim != ndim:
        raise RuntimeError(f"{name}: expected a {ndim}-D weight (C_out, C_in/groups, {', '.join(['k'] * (ndim - 2))}), "
                           f"got shape {tuple(weight.shape)}")
