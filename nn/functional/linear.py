"""The affine map of a fully connected layer."""
import autograd


def linear(input, weight, bias=None):
    """y = x Wᵀ + b for x of shape (*, in_features), W (out_features, in_features) — or W (in_features,),
    giving y = x·W — and b (out_features)."""
    out = autograd.matmul(input, weight.mT if weight.ndim > 1 else weight)
    return out if bias is None else out + bias
