"""The Poisson distribution of rate λ ≥ 0, PyTorch's torch.distributions.Poisson (no entropy, as in PyTorch).

    log p(k) = k log λ − λ − log k!        (k log λ = 0 at k = 0, even for λ = 0)
    mean = variance = λ
log k! is a constant (counts are data): log_prob is differentiable in λ."""
from .. import functional as ops
from ..creation import ones_like, tensor
from ..random import default_generator
from . import constraints
from .distribution import Distribution, broadcast_all, values_of
from .utils import log_factorial


class Poisson(Distribution):
    arg_constraints = {"rate": constraints.nonnegative}
    support = constraints.nonnegative_integer

    def __init__(self, rate, validate_args=None):
        (self.rate,) = broadcast_all(rate)
        super().__init__(batch_shape=self.rate.shape, validate_args=validate_args)

    @property
    def mean(self):
        return self.rate

    @property
    def mode(self):
        return self.rate.floor()

    @property
    def variance(self):
        return self.rate

    def sample(self, sample_shape=()):
        shape = tuple(self._extended_shape(sample_shape))
        return tensor(default_generator().poisson(values_of(self.rate).astype("float64"), size=shape),
                      dtype=self.rate.dtype)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        if value.requires_grad:
            raise NotImplementedError("Poisson.log_prob: log k! of the counts is computed as a constant; pass "
                                      "counts that do not require grad")
        rate, value = broadcast_all(self.rate, value)
        zero = value == 0
        safe_rate = ops.where(zero, ones_like(rate), rate)  # log 1 = 0 where k = 0: no 0 · log 0, no NaN gradient
        log_factorials = tensor(log_factorial(values_of(value)), dtype=rate.dtype)
        return value * safe_rate.log() - rate - log_factorials
