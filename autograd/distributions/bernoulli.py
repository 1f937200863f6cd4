"""The Bernoulli distribution over {0, 1}, PyTorch's torch.distributions.Bernoulli, given either `probs`
(p = P(1)) or `logits` (log p − log(1 − p)); the other is computed from it when first read.

    log p(x) = x log p + (1 − x) log(1 − p) = −BCEWithLogits(logit, x)      entropy = BCEWithLogits(logit, p)
    mean = p, variance = p (1 − p)
Probabilities are clamped to [ε, 1 − ε] before taking logarithms (as PyTorch does)."""
from functools import cached_property

import numpy as np

from ..creation import tensor
from ..random import default_generator
from . import constraints
from .distribution import Distribution, as_parameter, broadcast_all, values_of
from .utils import binary_cross_entropy_with_logits, probs_to_logits


def exactly_one(probs, logits):
    if (probs is None) == (logits is None):
        raise ValueError("Either `probs` or `logits` must be specified, but not both.")


class BinaryParameters:
    """probs and logits of a distribution given either one (the other made on first use): p = σ(logit)."""

    @cached_property
    def probs(self):
        return self.logits.sigmoid()

    @cached_property
    def logits(self):
        return probs_to_logits(self.probs, binary=True)


class Bernoulli(BinaryParameters, Distribution):
    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.boolean

    def __init__(self, probs=None, logits=None, validate_args=None):
        exactly_one(probs, logits)
        if probs is not None:
            self.probs = as_parameter(probs)
            parameter = self.probs
        else:
            self.logits = as_parameter(logits)
            parameter = self.logits
        super().__init__(batch_shape=parameter.shape, validate_args=validate_args)

    @property
    def mean(self):
        return self.probs

    @property
    def mode(self):
        mode = (self.probs >= 0.5).to(self.probs.dtype)
        return mode.masked_fill(self.probs == 0.5, float("nan"))

    @property
    def variance(self):
        return self.probs * (1 - self.probs)

    def sample(self, sample_shape=()):
        shape = tuple(self._extended_shape(sample_shape))
        probs = np.broadcast_to(values_of(self.probs), shape)
        return tensor(default_generator().random(shape) < probs, dtype=self.probs.dtype)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        return -binary_cross_entropy_with_logits(logits, value)

    def entropy(self):
        return binary_cross_entropy_with_logits(self.logits, self.probs)
