"""The affine map of a fully connected layer."""
import autograd


def linear(input, weight, bias=None):
    """y = x Wᵀ + b for x of shape (*, in_features), W (out_features, in_features), b (out_features)."""
    out = autograd.matmul(input, weight.mT)
    return out if bias is None else out + bias
