"""The categorical distribution over {0, …, K − 1}, PyTorch's torch.distributions.Categorical, given either
`probs` (non-negative weights along the last axis, normalised to sum to 1) or `logits` (normalised to
logits − logsumexp(logits)); the other is computed from it when first read. The last axis indexes the categories,
the others are the batch.

    log p(k) = logits[k]          entropy = −Σ_k p_k · logits_k
mean and variance are NaN (the categories are labels, not numbers), as in PyTorch. Samples are drawn by inverting
the cumulative distribution: k = #{j : cdf_j < u} for u uniform on (0, 1], so a zero-probability category is never
drawn."""
from functools import cached_property

import numpy as np

from .. import functional as ops
from ..creation import full, tensor
from ..random import default_generator
from . import constraints
from .bernoulli import exactly_one
from .distribution import Distribution, as_parameter, values_of
from .utils import probs_to_logits


def draw_categories(probs, sample_shape, generator):
    """Indices drawn from the rows of probs (..., K): an int64 array of shape sample_shape + probs.shape[:-1]."""
    weights = np.asarray(probs, dtype=np.float64)
    cdf = np.cumsum(weights, axis=-1)
    cdf = cdf / cdf[..., -1:]
    cdf[..., -1] = 1.0  # exactly one, so that no u in (0, 1] lies past the last category
    u = 1.0 - generator.random(tuple(sample_shape) + weights.shape[:-1])
    return (cdf < u[..., None]).sum(-1).astype(np.int64)


class Categorical(Distribution):
    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}

    def __init__(self, probs=None, logits=None, validate_args=None):
        exactly_one(probs, logits)
        parameter = as_parameter(probs if probs is not None else logits)
        if parameter.ndim < 1:
            raise ValueError(f"`{'probs' if probs is not None else 'logits'}` parameter must be at least "
                             "one-dimensional.")
        if probs is not None:
            with np.errstate(invalid="ignore", divide="ignore"):  # rows summing to 0 give NaN, refused by validation
                self.probs = parameter / parameter.sum(-1, keepdim=True)
        else:
            self.logits = parameter - ops.logsumexp(parameter, dim=-1, keepdim=True)
        self._num_events = parameter.shape[-1]
        super().__init__(batch_shape=parameter.shape[:-1], validate_args=validate_args)

    @cached_property
    def probs(self):
        return ops.softmax(self.logits, dim=-1)

    @cached_property
    def logits(self):
        return probs_to_logits(self.probs)

    @property
    def support(self):
        return constraints.integer_interval(0, self._num_events - 1)

    @property
    def param_shape(self):
        return self.probs.shape

    @property
    def mean(self):
        return full(tuple(self._extended_shape()), float("nan"), dtype=self.probs.dtype)

    @property
    def variance(self):
        return full(tuple(self._extended_shape()), float("nan"), dtype=self.probs.dtype)

    @property
    def mode(self):
        return self.probs.argmax(-1)

    def sample(self, sample_shape=()):
        indices = draw_categories(values_of(self.probs), tuple(sample_shape), default_generator())
        return tensor(indices, dtype=np.int64)

    def log_prob(self, value):
        """logits[..., value], with value broadcast against the batch."""
        if self._validate_args:
            self._validate_sample(value)
        value = value.long().unsqueeze(-1)
        shape = np.broadcast_shapes(tuple(value.shape), tuple(self.logits.shape))
        index = value.expand(*shape[:-1], 1)
        return self.logits.expand(*shape).gather(-1, index).squeeze(-1)

    def entropy(self):
        """−Σ p log p, with −inf logits clamped to the dtype's most negative number so that 0 · log 0 = 0."""
        logits = ops.clamp(self.logits, min=float(np.finfo(self.logits.dtype).min))
        return -(logits * self.probs).sum(-1)
