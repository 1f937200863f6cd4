"""What the discrete distributions share (PyTorch's torch.distributions.utils): conversions between probabilities
and logits, composed from autograd's differentiable operations, and log-factorials of counts."""
import math

import numpy as np

from .. import functional as ops
from ..creation import zeros_like


def clamp_probs(probs):
    """p clamped into [ε, 1 − ε] (ε the dtype's machine epsilon), so that its logarithms stay finite."""
    eps = float(np.finfo(probs.dtype).eps)
    return ops.clamp(probs, min=eps, max=1 - eps)


def probs_to_logits(probs, binary=False):
    """Binary: log p − log(1 − p) (the log-odds); otherwise log p; both of the clamped p."""
    clamped = clamp_probs(probs)
    return clamped.log() - ops.log1p(-clamped) if binary else clamped.log()


def softplus(x):
    """log(1 + eˣ) = logsumexp(0, x): finite for every x, with the derivative σ(x) everywhere (a max(x, 0) + … form
    would take a one-sided derivative at x = 0, where Bernoulli(probs=0.5) puts its logit)."""
    return ops.logsumexp(ops.stack([zeros_like(x), x], dim=-1), dim=-1)


def binary_cross_entropy_with_logits(logits, target):
    """Elementwise −[y log σ(x) + (1 − y) log(1 − σ(x))] = (1 − y)·x + log(1 + e^(−x))."""
    return (1 - target) * logits + softplus(-logits)


_lgamma = np.vectorize(math.lgamma, otypes=[np.float64])


def log_factorial(counts):
    """log x! = lgamma(x + 1) of a NumPy array of counts, elementwise (a constant: counts are data, not parameters)."""
    return _lgamma(np.asarray(counts, dtype=np.float64) + 1.0)
