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
    if bias is not None and w.ndim == 1:
        _check_vector_weights_bias(x.ndim, bias)
    out = matmul(input, transpose(weight, 0, 1) if weight.ndim > 1 else weight)
    return out if bias is None else out + bias


def _check_vector_weights_bias(input_ndim, bias):
    """PyTorch takes a bias with a 1-D weight only where it adds it after the product (never a 1-D bias,
    never with a 2-D input: those go to addmm), and adds it in place (a 0-d product takes no larger bias)."""
    if input_ndim == 2 or bias.ndim == 1:
        raise RuntimeError("mat2 must be a matrix, got 1-D tensor (linear: with a 1-D weight, a bias is taken "
                           "only with an input that is not 2-D, and only a 0-d one or one of 2 or more dims)")
    if input_ndim == 1 and bias.ndim > 0:
        raise RuntimeError(f"output with shape [] doesn't match the broadcast shape {list(bias.shape)} "
                           f"(linear: a 1-D input and a 1-D weight give a 0-d result)")
