"""prelu(x, weight) = x where x > 0, else weight[c]·x: a leaky ReLU whose slope is learned, one per channel
(dim 1) or one for all, as PyTorch's. Composed as where(x > 0, x, w·where(x > 0, 0, x)), so the gradient is the
pieces': ∂/∂x = 1 where x > 0 else w (w at x = 0, as PyTorch's), ∂/∂w = x where x ≤ 0 (summed over the channel).
The weight meets only the inputs it scales, so a slope of ∞ or NaN leaves the positive inputs' gradient 1."""
import autograd
from autograd.functional.special_functions import TORCH_DTYPE_NAMES

from ._inputs import check_tensor
from autograd.functional.saved import composite


def _slope(input, weight):
    """weight shaped to broadcast against input: along dim 1 when it has one number per channel (a 1-D or
    0-d input has one channel); PyTorch's errors otherwise."""
    if weight.ndim > 1:
        raise RuntimeError(f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = {weight.ndim}")
    if weight.numel() == 1:
        return weight.reshape(())
    if input.ndim == 0:
        raise RuntimeError("Not allow zero-dim input tensor.")
    channels = input.shape[1] if input.ndim >= 2 else 1
    if weight.numel() != channels:
        raise RuntimeError(f"Mismatch of parameter numbers and input channel size. Found parameter numbers = "
                           f"{weight.numel()} and channel size = {channels}.")
    return weight.reshape((channels,) + (1,) * (input.ndim - 2))


@composite("prelu")
def prelu(input, weight):
    """x where x > 0, else weight·x, weight per channel on dim 1 (or a single number); input and weight must be
    float tensors of one dtype (PyTorch does not promote here)."""
    check_tensor("prelu", input)
    check_tensor("prelu", weight, "weight", 2)
    if weight.dtype != input.dtype:  # (checked first, as PyTorch: nn.PReLU's float weight on int64 input says this)
        raise RuntimeError(f"prelu: Type promoting not supported. Got {TORCH_DTYPE_NAMES[input.dtype.name]} and "
                           f"{TORCH_DTYPE_NAMES[weight.dtype.name]}")
    if input.dtype.kind != "f":
        raise NotImplementedError(f"\"prelu_cpu\" not implemented for '{TORCH_DTYPE_NAMES[input.dtype.name]}'")
    positive = input > 0
    return autograd.where(positive, input, _slope(input, weight) * autograd.where(positive, 0.0, input))
