"""Inverted dropout."""
from autograd.random import default_generator
from autograd.tensor import Tensor


def dropout(input, p=0.5, training=True, generator=None):
    """Zero each element with probability p and scale the survivors by 1/(1 − p), so E[out] = input;
    the identity when not training. The mask comes from the default generator (or `generator`)."""
    if not 0 <= p <= 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0:
        return input
    if p == 1:
        return input * 0
    rng = generator or default_generator()
    keep = rng.random(input.shape) >= p
    return input * Tensor((keep / (1 - p)).astype(input.dtype))
