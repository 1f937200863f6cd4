"""Inverted dropout."""
import numpy as np

from autograd.random import default_generator
from autograd.tensor import Tensor
from ._inputs import check_tensor


def dropout(input, p=0.5, training=True, inplace=False, generator=None):
    """Zero each element with probability p and scale the survivors by 1/(1 − p), so E[out] = input;
    the identity when not training. The mask comes from the default generator (or `generator`).
    With inplace=True the result is written into `input` (PyTorch's in-place rules) and returned."""
    check_tensor("dropout", input)
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
