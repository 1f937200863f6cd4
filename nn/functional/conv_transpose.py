"""Transposed convolution (sometimes called deconvolution): the adjoint of convolution with respect to its input,
built from autograd's differentiable operations only.

For input x (N, C_in, *size), weight W (C_in, C_out/G, *k), stride s, padding p, output_padding a, dilation d:
    out[n, o, j...] = b[o] + Σ_c Σ_{i, q : i·s + q·d − p = j} x[n, c, i...] · W[c, o, q...]
    out_size = (size − 1)·s − 2p + d·(k − 1) + a + 1     (per spatial axis)
Each input element scatters a copy of the kernel, scaled by it, onto the output at stride s. Computed by phases
(sub-pixel convolution), per spatial axis: the kernel, dilated (d − 1 zeros between taps, span e = d·(k − 1) + 1)
and padded with zeros to K·s taps (K = ⌈(e + a) / s⌉), splits its tap q = m·s + r into s phases r of K taps m.
Output position j + p = t·s + r receives Σ_m x[t − m] · W[m·s + r]: for every phase at once, a stride-1 transposed
convolution with C_out·s output channels — the correlation of x, padded by K − 1 on both sides, with those
kernels flipped (their channel axes swapped within each group) — whose phases are then interleaved (t, r) → t·s + r
and cropped to [p, p + out_size). The work is about that of the scatter itself (only the padding taps are zeros;
spreading x apart by s − 1 zeros instead would multiply s^n times as many, and need as much more memory),
and the gradients come from those operations' own backward rules.
"""
from math import prod

import autograd

from ._shapes import as_int, ntuple
from .conv import convolution, pad_spatial
from ._inputs import check_tensor
from autograd.functional.saved import composite


def spread(input, stride):
    """x with s − 1 zeros between neighbours along each trailing spatial axis (size → (size − 1)·s + 1): per axis,
    a new axis of length 1 after it is padded to s (s − 1 zeros after every element), merged, the last zeros dropped."""
    n = len(stride)
    for i, s in enumerate(stride):
        axis = input.ndim - n + i
        size = input.shape[axis]
        if s == 1 or size == 0:
            continue
        gapped = autograd.pad(input.unsqueeze(axis + 1), [0, 0] * (input.ndim - axis - 1) + [0, s - 1])
        merged = gapped.reshape(*input.shape[:axis], size * s, *input.shape[axis + 1 :])
        input = merged[(slice(None),) * axis + (slice(0, (size - 1) * s + 1),)]
    return input


def flipped_transposed(weight, groups):
    """The convolution weight (C_out, C_in/G, *k) equivalent to the transposed one (C_in, C_out/G, *k): channel
    axes swapped within each group, every spatial axis reversed."""
    c_in, c_out_per_group, *kernel = weight.shape
    per_group = weight.reshape(groups, c_in // groups, c_out_per_group, *kernel).transpose(1, 2)
    out = per_group.reshape(groups * c_out_per_group, c_in // groups, *kernel)
    for i, k in enumerate(kernel):
        out = out[(slice(None),) * (2 + i) + (list(range(k - 1, -1, -1)),)]
    return out


def _check(name, input, weight, n, groups, options):
    """PyTorch's argument errors (RuntimeError) for the transposed convolution."""
    stride, padding, output_padding, dilation = options
    if input.ndim not in (n + 1, n + 2):
        raise RuntimeError(f"Expected {n + 1}D (unbatched) or {n + 2}D (batched) input to {name}, "
                           f"but got input of size: {list(input.shape)}")
    if weight.ndim != n + 2:
        raise RuntimeError(f"{name}: expected a weight of {n + 2} dimensions, got size {list(weight.shape)}")
    if isinstance(groups, bool) or not isinstance(groups, int) or groups < 1:
        raise RuntimeError(f"{name}: non-positive groups is not supported, got groups={groups}")
    if weight.shape[0] % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, "
                           f"but got weight of size {list(weight.shape)} instead")
    channels = input.shape[0 if input.ndim == n + 1 else 1]
    if channels != weight.shape[0]:
        raise RuntimeError(f"Given transposed=1, weight of size {list(weight.shape)}, expected input"
                           f"{list(input.shape)} to have {weight.shape[0]} channels, but got {channels} channels "
                           "instead")
    if any(s < 1 for s in stride):
        raise RuntimeError(f"{name}: non-positive stride is not supported, got stride={stride}")
    if any(p < 0 for p in padding + output_padding):
        raise RuntimeError(f"{name}: negative padding is not supported, got padding={padding}, "
                           f"output_padding={output_padding}")
    if any(d < 1 for d in dilation):
        raise RuntimeError(f"{name}: dilation should be greater than zero, got dilation={dilation}")
    if any(a >= s and a >= d for a, s, d in zip(output_padding, stride, dilation, strict=True)):
        raise RuntimeError(f"{name}: output padding must be smaller than either stride or dilation, but got "
                           f"output_padding={output_padding}, stride={stride}, dilation={dilation}")


def output_size(size, kernel, stride, padding, output_padding, dilation):
    """(size − 1)·s − 2p + d·(k − 1) + a + 1 per spatial axis."""
    return tuple((i - 1) * s - 2 * p + d * (k - 1) + a + 1
                 for i, k, s, p, a, d in zip(size, kernel, stride, padding, output_padding, dilation, strict=True))


def conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation, n, name):
    """The n-d transposed convolution behind conv_transpose1d (n = 1) and conv_transpose2d (n = 2)."""
    check_tensor(name.lower().replace("convtranspose", "conv_transpose"), input)
    for value in (padding, output_padding):
        if isinstance(value, str):
            raise TypeError(f"{name}: padding must be an int or a tuple of ints, got {value!r}")
    options = tuple(ntuple(value, n, what) for value, what in
                    ((stride, "stride"), (padding, "padding"), (output_padding, "output_padding"), (dilation, "dilation")))
    groups = as_int(groups)
    _check(name, input, weight, n, groups, options)
    if input.ndim == n + 1:
        return conv_transpose(input.unsqueeze(0), weight, bias, stride, padding, output_padding, groups, dilation,
                              n, name).squeeze(0)
    stride, padding, output_padding, dilation = options
    kernel = weight.shape[2:]
    size = output_size(input.shape[2:], kernel, stride, padding, output_padding, dilation)
    if any(s <= 0 for s in size):
        raise RuntimeError(f"{name}: given input size per channel {tuple(input.shape[2:])}, the calculated output "
                           f"size per channel {size} is too small")
    phases = phase_kernels(weight, stride, output_padding, dilation)  # (C_in, C_out/G·∏s, *K)
    taps = phases.shape[2:]
    full_pad = tuple((k - 1, k - 1) for k in taps)
    full = convolution(pad_spatial(input, full_pad), flipped_transposed(phases, groups), None, 1, 0, 1, groups, name)
    out = interleave(full, weight.shape[1] * groups, stride)  # (N, C_out, *((size + K − 1)·s))
    crop = tuple((-p, -(m - p - o)) for p, o, m in zip(padding, size, out.shape[2:], strict=True))
    out = pad_spatial(out, crop)
    return out if bias is None else out + bias.reshape(-1, *(1,) * n)


def phase_kernels(weight, stride, output_padding, dilation):
    """The weight (C_in, C_out/G, *k) as the kernels of the stride phases, (C_in, C_out/G·∏s, *K): dilated,
    zero-padded to K·s taps per axis (K = ⌈(d·(k − 1) + 1 + a) / s⌉), tap m·s + r moved to phase r, tap m."""
    n = len(stride)
    dilated = spread(weight, dilation)
    spans = dilated.shape[2:]
    taps = [-(-(e + a) // s) for e, a, s in zip(spans, output_padding, stride, strict=True)]
    padded = pad_spatial(dilated, tuple((0, k * s - e) for k, s, e in zip(taps, stride, spans, strict=True)))
    c_in, c_out_per_group = weight.shape[:2]
    split = padded.reshape(c_in, c_out_per_group, *(d for k, s in zip(taps, stride, strict=True) for d in (k, s)))
    # (C_in, C_out/G, K1, s1, K2, s2, ...) → (C_in, C_out/G, s1, s2, ..., K1, K2, ...)
    order = (0, 1, *range(3, 2 + 2 * n, 2), *range(2, 2 + 2 * n, 2))
    return split.permute(*order).reshape(c_in, c_out_per_group * prod(stride), *taps)


def interleave(full, c_out, stride):
    """(N, C_out·∏s, *T) with phase channels (o, r1, r2, ...) → (N, C_out, *(T·s)), position t·s + r per axis."""
    n = len(stride)
    batch, sizes = full.shape[0], full.shape[2:]
    phased = full.reshape(batch, c_out, *stride, *sizes)
    # (N, C_out, s1, s2, ..., T1, T2, ...) → (N, C_out, T1, s1, T2, s2, ...)
    order = (0, 1, *(axis for i in range(n) for axis in (2 + n + i, 2 + i)))
    return phased.permute(*order).reshape(batch, c_out, *(t * s for t, s in zip(sizes, stride, strict=True)))


@composite("conv_transpose1d")
def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """1-d transposed convolution of input (N, C_in, L) with weight (C_in, C_out/groups, k): output (N, C_out, L_out),
    L_out = (L − 1)·stride − 2·padding + dilation·(k − 1) + output_padding + 1."""
    return conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation, 1, "conv_transpose1d")


@composite("conv_transpose2d")
def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """2-d transposed convolution of input (N, C_in, H, W) with weight (C_in, C_out/groups, kh, kw):
    output (N, C_out, H_out, W_out), each size (size − 1)·stride − 2·padding + dilation·(k − 1) + output_padding + 1."""
    return conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation, 2, "conv_transpose2d")
