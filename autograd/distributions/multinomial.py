"""The multinomial distribution, PyTorch's torch.distributions.Multinomial: the counts of each of K categories
in `total_count` independent draws from Categorical(probs or logits). An event is a count vector of K entries.

    log p(x) = log n! − Σ_k log x_k! + Σ_k x_k log p_k          (n = Σ_k x_k)
    mean = n p, variance = n p (1 − p)
    entropy = n·H(Categorical) − log n! + Σ_k Σ_{j=1..n} Binomial(n, p_k)(j) · log j!
log x! = lgamma(x + 1) of the counts is a constant here (counts are data, not parameters): log_prob is
differentiable in probs/logits, and refuses a value that requires grad instead of returning a wrong gradient."""
import math

import numpy as np

from ..creation import tensor
from ..random import default_generator
from . import constraints
from .binomial import Binomial
from .categorical import Categorical
from .distribution import Distribution, broadcast_all, values_of
from .utils import log_factorial

class Multinomial(Distribution):
    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}

    def __init__(self, total_count=1, probs=None, logits=None, validate_args=None):
        if isinstance(total_count, bool) or not isinstance(total_count, int):
            raise NotImplementedError("inhomogeneous total_count is not supported")
        self.total_count = total_count
        self._categorical = Categorical(probs=probs, logits=logits, validate_args=validate_args)
        batch_shape, event_shape = self._categorical.batch_shape, self._categorical.param_shape[-1:]
        super().__init__(batch_shape, event_shape, validate_args=validate_args)

    @property
    def probs(self):
        return self._categorical.probs

    @property
    def logits(self):
        return self._categorical.logits

    @property
    def param_shape(self):
        return self._categorical.param_shape

    @property
    def support(self):
        return constraints.multinomial(self.total_count)

    @property
    def mean(self):
        return self.probs * self.total_count

    @property
    def variance(self):
        return self.total_count * self.probs * (1 - self.probs)

    def sample(self, sample_shape=()):
        """Counts of total_count draws per row: shape sample_shape + batch_shape + (K,), in probs' dtype."""
        probs = values_of(self.probs).astype(np.float64)
        shape = tuple(sample_shape) + probs.shape[:-1]
        counts = default_generator().multinomial(self.total_count, probs / probs.sum(-1, keepdims=True), size=shape)
        return tensor(counts, dtype=self.probs.dtype)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        if value.requires_grad:
            raise NotImplementedError("Multinomial.log_prob: the log-factorials of the counts are computed as "
                                      "constants; pass counts that do not require grad")
        logits, value = broadcast_all(self.logits, value)
        counts = values_of(value)
        # x log p with 0 · log 0 = 0: a −inf logit where the count is 0 contributes nothing
        logits = logits.masked_fill(tensor((counts == 0) & (values_of(logits) == -np.inf)), 0.0)
        constant = log_factorial(counts.sum(-1)) - log_factorial(counts).sum(-1)
        return tensor(constant, dtype=logits.dtype) + (logits * value).sum(-1)

    def entropy(self):
        """n·H(Categorical) − log n! + Σ_k Σ_{j=1..n} Binomial(n, p_k)(j) · log j! (each count's marginal).

        The last two terms nearly cancel (both about log n!), so the sum is taken in float64 and rounded once:
        in float32 it lost four digits (0.39542 for 0.39537), where PyTorch's loses two."""
        n, dtype = self.total_count, self.probs.dtype
        successes = np.arange(1, n + 1, dtype=np.float64).reshape((n,) + (1,) * len(self.param_shape))
        successes = np.broadcast_to(successes, (n, *self.param_shape))
        marginals = Binomial(n, probs=self.probs.double(), validate_args=False)
        weights = marginals.log_prob(tensor(successes)).exp() * tensor(log_factorial(successes))
        return (n * self._categorical.entropy().double() - math.lgamma(n + 1) + weights.sum(0).sum(-1)).to(dtype)
