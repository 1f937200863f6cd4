"""Probability distributions with PyTorch's torch.distributions API: parameters and values are Tensors,
log_prob / entropy / mean / variance are compositions of autograd's operations (differentiable in the
parameters), samples come from glassgrad's generator (autograd.manual_seed makes them repeatable; they are not
PyTorch's numbers).

    distribution.py   the Distribution base: batch_shape, event_shape, validation (validate_args)
    constraints.py    the sets parameters and values must lie in
    normal.py         Normal(loc, scale), with rsample
    bernoulli.py      Bernoulli(probs= or logits=)
    categorical.py    Categorical(probs= or logits=)
    multinomial.py    Multinomial(total_count, probs= or logits=)
    binomial.py       Binomial(total_count, probs= or logits=)
    poisson.py        Poisson(rate)
    utils.py          probs ↔ logits, softplus, log-factorials
"""
from . import constraints
from .bernoulli import Bernoulli
from .binomial import Binomial
from .categorical import Categorical
from .distribution import Distribution
from .multinomial import Multinomial
from .normal import Normal
from .poisson import Poisson

__all__ = ["Bernoulli", "Binomial", "Categorical", "Distribution", "Multinomial", "Normal", "Poisson", "constraints"]
