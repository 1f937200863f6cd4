"""var_mean and std_mean: the variance (or standard deviation) and the mean in one call, as PyTorch's."""
from .reductions import mean, std, var


def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=1):
    """(var(input), mean(input)) over `dim` (see var for `unbiased` and `correction`)."""
    return (var(input, dim, unbiased, keepdim, correction=correction), _mean(input, dim, keepdim))


def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=1):
    """(std(input), mean(input)) over `dim` (see var for `unbiased` and `correction`)."""
    return (std(input, dim, unbiased, keepdim, correction=correction), _mean(input, dim, keepdim))


def _mean(input, dim, keepdim):
    return mean(input, None if isinstance(dim, bool) else dim, keepdim)  # (dim=True is the old var_mean(unbiased))
