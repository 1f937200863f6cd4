"""multinomial: draw category indices with probabilities proportional to given weights.

With replacement each draw is independent: the index of the first cumulative weight above
u · Σw, u uniform on [0, 1). Without replacement the k indices are those of the k earliest
arrivals of independent exponential clocks with rates w (E_i / w_i smallest), which picks
them with the same probabilities as drawing one at a time and removing it (categories of
weight 0 come last, as in PyTorch; here in index order, where PyTorch's order among them is its own:
weights [0, 1, 0, 2, 0] give [.., .., 4, 0, 2] there, [.., .., 0, 2, 4] here). Draws come from
glassgrad's generator or `generator`.
"""

import numpy as np

from ..random import default_generator
from ..tensor import Tensor
from ..pytorch.checks import integer
from .arithmetic import require_tensor

MAX_CATEGORIES = 2**24


def multinomial(input, num_samples, replacement=False, *, generator=None):
    """int64 indices of shape (num_samples,) for 1-D weights, (rows, num_samples) for 2-D, each row
    of weights a distribution (non-negative, finite, with a positive sum; it need not sum to 1)."""
    require_tensor(input, "multinomial")
    num_samples = integer(num_samples, "multinomial", "num_samples")
    if input.ndim not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if input.dtype.kind != "f":
        raise RuntimeError(f"multinomial only supports floating-point dtypes for input, got: {input.dtype}")
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    categories = input.shape[-1]
    if not replacement and num_samples > categories:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    if categories > MAX_CATEGORIES:
        raise RuntimeError("number of categories cannot exceed 2^24")
    weights = input.detach().numpy().astype(np.float64).reshape(-1, categories)
    if not np.all(np.isfinite(weights) & (weights >= 0)):
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    if np.any(weights.sum(axis=1) <= 0):
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    if generator is None:
        generator = default_generator()
    if not isinstance(generator, np.random.Generator):
        raise TypeError(
            f"multinomial(): generator must be a numpy.random.Generator (see autograd.random), "
            f"got {type(generator).__name__}"
        )
    draw = _with_replacement if replacement else _without_replacement
    samples = draw(weights, num_samples, generator)
    return Tensor(samples.reshape(input.shape[:-1] + (num_samples,)).astype(np.int64))


def _with_replacement(weights, count, generator):
    cumulative = np.cumsum(weights, axis=1)
    targets = generator.random((len(weights), count)) * cumulative[:, -1:]
    last_positive = weights.shape[1] - 1 - np.argmax(weights[:, ::-1] > 0, axis=1)
    picks = [np.searchsorted(row, target, side="right") for row, target in zip(cumulative, targets, strict=True)]
    return np.minimum(np.array(picks).reshape(len(weights), count), last_positive[:, None])  # u·Σw rounded up to Σw


def _without_replacement(weights, count, generator):
    with np.errstate(divide="ignore"):
        arrivals = generator.standard_exponential(weights.shape) / weights  # weight 0: never (inf)
    return np.argsort(arrivals, axis=1, kind="stable")[:, :count]
