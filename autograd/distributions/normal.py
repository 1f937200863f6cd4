"""The normal (Gaussian) distribution N(loc, scale²), PyTorch's torch.distributions.Normal.

    log p(x) = −(x − μ)² / (2σ²) − log σ − log √(2π)        entropy = ½ + ½ log(2π) + log σ
    mean = μ, variance = σ², cdf(x) = ½ (1 + erf((x − μ) / (σ √2)))
rsample draws x = μ + σ·ε with ε ~ N(0, 1) from glassgrad's generator: differentiable in μ and σ
(the reparameterisation trick); sample draws the same without a graph."""
import math

from .. import functional as ops
from ..creation import tensor
from ..grad_mode import no_grad
from . import constraints
from ..random import default_generator
from .distribution import Distribution, broadcast_all


class Normal(Distribution):
    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    has_rsample = True

    def __init__(self, loc, scale, validate_args=None):
        self.loc, self.scale = broadcast_all(loc, scale)
        super().__init__(batch_shape=self.loc.shape, validate_args=validate_args)

    @property
    def mean(self):
        return self.loc

    @property
    def mode(self):
        return self.loc

    @property
    def stddev(self):
        return self.scale

    @property
    def variance(self):
        return self.scale.pow(2)

    def rsample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        noise = tensor(default_generator().standard_normal(tuple(shape)), dtype=self.loc.dtype)
        return self.loc + noise * self.scale

    def sample(self, sample_shape=()):
        with no_grad():
            return self.rsample(sample_shape)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return -((value - self.loc) ** 2) / (2 * self.variance) - self.scale.log() - math.log(math.sqrt(2 * math.pi))

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return 0.5 * (1 + ops.erf((value - self.loc) / (self.scale * math.sqrt(2))))

    def entropy(self):
        return 0.5 + 0.5 * math.log(2 * math.pi) + self.scale.log()
