"""The affine map of a fully connected layer, for nn.functional.linear (the primitive and its rule:
primitives/linear.py)."""
from ..primitives import Linear
from .linalg import matmul
from ..tensor import Tensor
from .shapes import transpose


def linear(input, weight, bias=None):
    """y = x Wᵀ + b for x of shape (*, in_features), W (out_features, in_features) and b (out_features),
    as one node; any other form (W a vector, a bias of another shape or dtype) as matmul, then +."""
    for name, value in (("input", input), ("weight", weight), ("bias", bias)):
        if not isinstance(value, Tensor) and not (name == "bias" and value is None):
            raise TypeError(f"linear(): argument '{name}' must be Tensor, not {type(value).__name__}")
    x, w = input._data, weight._data  # (the arrays: their shapes and dtypes are read without building Size objects)
    if w.ndim == 2 and x.ndim >= 1 and x.dtype == w.dtype and (
            bias is None or (bias._data.shape == w.shape[:1] and bias._data.dtype == w.dtype)):
        return Linear.apply(input, weight) if bias is None else Linear.apply(input, weight, bias)
    if bias is not None and w.ndim == 1:  # PyTorch's addmm path: a vector weight takes no bias
        raise RuntimeError("mat2 must be a matrix, got 1-D tensor (linear: a 1-D weight is accepted only "
                           "without a bias)")
    out = matmul(input, transpose(weight, 0, 1) if weight.ndim > 1 else weight)
    return out if bias is None else out + bias
