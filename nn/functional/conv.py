"""Convolution as im2col + one matrix product, built on autograd.sliding_windows.

For input x (N, C_in, *size), weight W (C_out, C_in, *k), padding p, stride s, dilation d:
    out[n, o, i...] = b[o] + Σ_c Σ_q W[o, c, q...] · x_padded[n, c, i·s + q·d ...]
    out_size = ⌊(size + 2p − d·(k − 1) − 1) / s⌋ + 1     (per spatial axis)
(cross-correlation, as in every deep-learning library). With groups=G the channels split into G blocks
and the sum over c runs over the input block of o's group only. The windows view of the padded input,
permuted to (C_in, *k, N, *out) and reshaped to one matrix (C_in·∏k, N·∏out) — im2col, channels outer,
so that the copy reads whole rows of the input — are multiplied by the weight reshaped to (C_out, C_in·∏k):
one large matrix product (which BLAS can thread) gives every output as (C_out, N·∏out), returned as an
(N, C_out, *out) view. Its backward is two large products as well: ∂W = g · columnsᵀ and
∂columns = Wᵀ · g, then col2im (the windows' adjoint) — all the engine's primitives.
"""
import math

import autograd

from ._shapes import check_input, ntuple


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
    n = weight.ndim - 2
    if isinstance(groups, bool) or not isinstance(groups, int) or groups < 1 or weight.shape[0] % groups:
        raise ValueError(f"{name}: groups must be a positive integer dividing out_channels {weight.shape[0]}, got {groups}")
    check_input(name, input, n, weight.shape[1] * groups)
    if input.ndim == n + 1:
        return convolution(input.unsqueeze(0), weight, bias, stride, padding, dilation, groups, name).squeeze(0)
    kernel, stride, dilation = weight.shape[2:], ntuple(stride, n, "stride"), ntuple(dilation, n, "dilation")
    if padding == "same" and stride != (1,) * n:
        raise ValueError(f"{name}: padding='same' needs stride 1, got stride {stride}")
    padded = pad_spatial(input, padding_pairs(padding, kernel, dilation))
    windows = autograd.sliding_windows(padded, kernel, stride, dilation)  # (N, C_in, *out, *k)
    batch, out_size, c_out = input.shape[0], windows.shape[2 : 2 + n], weight.shape[0]
    columns = windows.permute(1, *range(2 + n, 2 + 2 * n), 0, *range(2, 2 + n))  # (C_in, *k, N, *out)
    group_size = weight.shape[1] * math.prod(kernel)  # C_in/G·∏k (spelled out: an empty batch leaves no -1 to infer)
    columns = columns.reshape(groups, group_size, batch * math.prod(out_size))  # the copy that im2col makes
    # (G, C_out/G, C_in/G·∏k) @ (G, C_in/G·∏k, N·∏out): one large product per group (one in all when G = 1)
    out = (weight.reshape(groups, c_out // groups, group_size) @ columns).reshape(c_out, batch, *out_size)
    if bias is not None:
        out = out + bias.reshape(c_out, *(1,) * (n + 1))
    return out.permute(1, 0, *range(2, 2 + n))  # (N, C_out, *out), a view of the (C_out, N, *out) array


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-d convolution of input (N, C_in, L) with weight (C_out, C_in/groups, k): output (N, C_out, L_out)."""
    _check_weight("conv1d", weight, 3)
    return convolution(input, weight, bias, stride, padding, dilation, groups, "conv1d")


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """2-d convolution of input (N, C_in, H, W) with weight (C_out, C_in/groups, kh, kw):
    output (N, C_out, H_out, W_out)."""
    _check_weight("conv2d", weight, 4)
    return convolution(input, weight, bias, stride, padding, dilation, groups, "conv2d")


def _check_weight(name, weight, ndim):
    """A weight of the wrong rank would be taken for the other convolution's (a 3-D weight makes conv2d a conv1d)."""
    if weight.ndim != ndim:
        raise RuntimeError(f"{name}: expected a {ndim}-D weight (C_out, C_in/groups, {', '.join(['k'] * (ndim - 2))}), "
                           f"got shape {tuple(weight.shape)}")
