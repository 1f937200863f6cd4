"""Inverted dropout."""
import warnings

import numpy as np

from autograd.pytorch.conversion import held_number
from autograd.random import default_generator
from autograd.tensor import Tensor

from ._inputs import check_tensor


def dropout(input, p=0.5, training=True, inplace=False, generator=None):
    """Zero each element with probability p and scale the survivors by 1/(1 − p), so E[out] = input;
    the identity when not training. The mask comes from the default generator (or `generator`).
    With inplace=True the result is written into `input` (PyTorch's in-place rules) and returned."""
    check_tensor("dropout", input)
    p = held_number(p)
    if not 0 <= p <= 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0:
        return input
    if p == 1:
        scale = Tensor(np.zeros((), dtype=input.dtype))
    elif input.dtype.kind not in "fc":  # the scale 1/(1 − p) would be truncated: [1, 1, 1] became [2, 0, 0]
        raise RuntimeError(f"dropout: result type Float can't be cast to the desired output type {input.dtype} "
                           f"(dropout with 0 < p < 1 needs a floating point input)")
    else:
        keep = (generator or default_generator()).random(input.shape) >= p
        scale = Tensor((keep / (1 - p)).astype(input.dtype))
    return input.mul_(scale) if inplace else input * scale


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Channel dropout: zero each whole channel of an (N, C, H, W) or (C, H, W) input with probability p and scale
    the others by 1/(1 − p). A 3-D input is taken as (N, C, L), with PyTorch's warning."""
    check_tensor("dropout2d", input)
    p = held_number(p)
    if not 0 <= p <= 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if input.ndim < 2:
        raise RuntimeError(f"Feature dropout requires at least 2 dimensions in the input, got {input.ndim}")
    if input.ndim not in (3, 4):
        warnings.warn(f"dropout2d: Received a {input.ndim}-D input to dropout2d, which is deprecated and will result "
                      "in an error in a future release. To retain the behavior and silence this warning, please use "
                      "dropout instead. Note that dropout2d exists to provide channel-wise dropout on inputs with 2 "
                      "spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 3D or 4D "
                      "inputs).", UserWarning, stacklevel=2)
    if input.ndim == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior "
                      "is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior "
                      "will change in a future release to interpret the input as one without a batch dimension, i.e. "
                      "shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using "
                      "dropout1d instead.", UserWarning, stacklevel=2)
    if not training or p == 0:
        return input
    channels = input.shape[:2] + (1,) * (input.ndim - 2)
    if input.dtype.kind not in "fc" and p != 1:
        raise RuntimeError(f"dropout2d: result type Float can't be cast to the desired output type {input.dtype}")
    keep = default_generator().random(channels) >= p
    scale = Tensor((keep / (1 - p) if p < 1 else keep * 0.0).astype(input.dtype))
    return input.mul_(scale) if inplace else input * scale
