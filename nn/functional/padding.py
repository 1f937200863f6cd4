"""pad: PyTorch's torch.nn.functional.pad. mode='constant' is autograd.pad; the other modes take, for each
padded position, an element of the input (indexing, so the gradient adds back where an element was repeated):

    reflect:    … x₂ x₁ | x₀ x₁ … xₙ₋₁ | xₙ₋₂ xₙ₋₃ …     (mirrored about the edge, the edge not repeated)
    replicate:  … x₀ x₀ | x₀ x₁ … xₙ₋₁ | xₙ₋₁ xₙ₋₁ …     (the edge repeated)
    circular:   … xₙ₋₂ xₙ₋₁ | x₀ x₁ … xₙ₋₁ | x₀ x₁ …     (wrapped around)

A negative width crops that side (for 'circular' before the wrap), as PyTorch's does.
"""
import numbers

import numpy as np

import autograd

MODES = ("constant", "reflect", "replicate", "circular")


def _source_positions(mode, size, before, after):
    """For each position of the padded axis, the input position it copies."""
    positions = np.arange(-before, size + after)
    if mode == "replicate":
        return np.clip(positions, 0, size - 1)
    if mode == "circular":
        return positions % size
    period = 2 * (size - 1)  # reflect: a triangle wave over 0 … n − 1 … 0
    folded = np.abs(positions) % period if period else np.zeros_like(positions)
    return np.where(folded < size, folded, period - folded)


def _check_circular(widths, size, dim):
    """Circular padding by `widths` of a dimension of `size`: PyTorch's result is empty where the widths sum to
    -size, an error where they crop more; otherwise the wrap must find what it copies in what is left."""
    if size + sum(widths) < 0:
        raise RuntimeError(f"Negative padding value is resulting in an empty dimension (padding {widths} at "
                           f"dimension {dim} of size {size})")
    if size + sum(widths) == 0:
        return
    kept = size - sum(-width for width in widths if width < 0)  # what a negative width leaves to wrap
    if kept <= 0:  # (PyTorch's result would be uninitialised memory there)
        raise RuntimeError(f"pad: circular padding {widths} crops all of dimension {dim} (size {size}) away, "
                           "leaving nothing to wrap around")
    if max(widths) > kept:
        raise RuntimeError("Padding value causes wrapping around more than once.")


def _check(mode, input, pad):
    if len(pad) % 2 or len(pad) // 2 > input.ndim:
        raise RuntimeError(f"Padding length must be divisible by 2 and at most twice the input's dims, got {len(pad)}")
    if input.ndim not in (len(pad) // 2 + 1, len(pad) // 2 + 2) or len(pad) > 6:
        raise NotImplementedError(f"Padding size {len(pad)} is not supported for {input.ndim}D input tensor "
                                  "(non-constant padding pads the last 1, 2 or 3 dims of a (N, C, …) or (C, …) input)")
    for axis, widths in enumerate(zip(pad[::2], pad[1::2], strict=True)):
        size = input.shape[input.ndim - 1 - axis]
        if mode == "reflect" and max(widths) >= size:
            raise RuntimeError(f"Argument #4: Padding size should be less than the corresponding input dimension, "
                               f"but got: padding {widths} at dimension {input.ndim - 1 - axis} of input {input.shape}")
        if mode == "circular":
            _check_circular(widths, size, input.ndim - 1 - axis)
        elif size == 0 and max(widths) > 0:
            raise RuntimeError(f"pad: cannot {mode}-pad an empty dimension (input {input.shape})")


def pad(input, pad, mode="constant", value=None):
    """input padded by `pad` = (left, right) of the last axis, then (top, bottom) of the one before, ...
    mode='constant' fills with `value` (0 by default); 'reflect', 'replicate' and 'circular' repeat the input's
    own elements (see the module's docstring)."""
    if mode not in MODES:
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if mode == "constant":
        return autograd.pad(input, pad, 0.0 if value is None else value)
    if value is not None and value != 0:
        raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
    if any(isinstance(width, bool) or not isinstance(width, numbers.Integral) for width in pad):
        raise TypeError(f"pad(): argument 'pad' must be tuple of ints, but got {tuple(pad)}")
    pad = [int(width) for width in pad]
    _check(mode, input, pad)
    for axis, (before, after) in enumerate(zip(pad[::2], pad[1::2], strict=True)):
        dim = input.ndim - 1 - axis
        if mode == "circular" and input.shape[dim] + before + after == 0:  # cropped to nothing, as PyTorch
            input = input[(slice(None),) * dim + (slice(0, 0),)]
            continue
        if mode == "circular":  # a negative width crops first, and the wrap is of what is left
            input = input[(slice(None),) * dim + (slice(max(-before, 0), input.shape[dim] - max(-after, 0)),)]
            before, after = max(before, 0), max(after, 0)
        positions = _source_positions(mode, input.shape[dim], before, after)
        input = input[(slice(None),) * dim + (autograd.tensor(positions),)]
    return input
