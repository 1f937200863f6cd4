"""The binomial distribution, PyTorch's torch.distributions.Binomial: the number of successes in total_count
independent trials of probability p, given either `probs` or `logits` (log-odds); total_count (an int or a tensor)
broadcasts with it.

    log p(k) = log C(n, k) + k·logit − n·log(1 + e^logit)        (= k log p + (n − k) log(1 − p))
    mean = n p, variance = n p (1 − p), entropy = −Σ_k p(k) log p(k) (one n for the whole batch, as PyTorch)
The log-factorials in log C(n, k) are constants (counts are data): log_prob is differentiable in probs/logits."""

import numpy as np

from ..creation import arange, tensor
from ..random import default_generator
from . import constraints
from .bernoulli import BinaryParameters, exactly_one
from .distribution import Distribution, broadcast_all, values_of
from .utils import log_factorial, softplus


class Binomial(BinaryParameters, Distribution):
    arg_constraints = {"total_count": constraints.nonnegative_integer, "probs": constraints.unit_interval,
                       "logits": constraints.real}

    def __init__(self, total_count=1, probs=None, logits=None, validate_args=None):
        exactly_one(probs, logits)
        if probs is not None:
            self.total_count, self.probs = broadcast_all(total_count, probs)
            parameter = self.probs
        else:
            self.total_count, self.logits = broadcast_all(total_count, logits)
            parameter = self.logits
        self.total_count = self.total_count.to(parameter.dtype)
        super().__init__(batch_shape=parameter.shape, validate_args=validate_args)

    @property
    def support(self):
        return constraints.Constraint(f"IntegerInterval(lower_bound=0, upper_bound={self.total_count})",
                                      lambda x: (x % 1 == 0) & (x >= 0) & (x <= values_of(self.total_count)))

    @property
    def mean(self):
        return self.total_count * self.probs

    @property
    def variance(self):
        return self.total_count * self.probs * (1 - self.probs)

    def sample(self, sample_shape=()):
        shape = tuple(self._extended_shape(sample_shape))
        n = np.broadcast_to(values_of(self.total_count).astype(np.int64), shape)
        p = np.broadcast_to(values_of(self.probs).astype(np.float64), shape)
        return tensor(default_generator().binomial(n, p), dtype=self.probs.dtype)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        if value.requires_grad:
            raise NotImplementedError("Binomial.log_prob: the log-factorials of the counts are computed as "
                                      "constants; pass counts that do not require grad")
        total_count, logits, value = broadcast_all(self.total_count, self.logits, value)
        n, k = values_of(total_count), values_of(value)
        log_choose = tensor(log_factorial(n) - log_factorial(k) - log_factorial(n - k), dtype=logits.dtype)
        return log_choose + value * logits - total_count * softplus(logits)

    def entropy(self):
        n = values_of(self.total_count)
        if n.size and n.min() != n.max():
            raise NotImplementedError("Inhomogeneous total count not supported by `entropy`.")
        successes = arange(int(n.max()) + 1 if n.size else 1, dtype=self.probs.dtype)
        successes = successes.reshape(-1, *(1,) * len(self.batch_shape)).expand(-1, *self.batch_shape)
        was, self._validate_args = self._validate_args, False  # every k from 0 to n lies in the support
        log_pmf = self.log_prob(successes)
        self._validate_args = was
        return -(log_pmf.exp() * log_pmf).sum(0)
