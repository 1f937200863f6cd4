"""The affine map of a fully connected layer, for nn.functional.linear (the primitive and its rule:
primitives/linear.py)."""
from ..primitives import Linear
from .linalg import matmul
from .shapes import transpose


def linear(input, weight, bias=None):
    """y = x Wᵀ + b for x of shape (*, in_features), W (out_features, in_features) and b (out_features),
    as one node; any other form (W a vector, a bias of another shape or dtype) as matmul, then +."""
    if weight.ndim == 2 and input.ndim >= 1 and input.dtype == weight.dtype and (
            bias is None or (bias.shape == weight.shape[:1] and bias.dtype == weight.dtype)):
        return Linear.apply(input, weight) if bias is None else Linear.apply(input, weight, bias)
    out = matmul(input, transpose(weight, 0, 1) if weight.ndim > 1 else weight)
    return out if bias is None else out + bias
