"""Activation functions, as functions of tensors:
    relu(x) = max(0, x),   sigmoid(x) = 1 / (1 + e^(−x)),   tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)),
    softmax(x)ᵢ = e^(xᵢ) / Σⱼ e^(xⱼ),   log_softmax(x)ᵢ = xᵢ − log Σⱼ e^(xⱼ)   (along `dim`),
    softplus(x) = ln(1 + eˣ).
Each is one of autograd's numerically stable operations."""
import autograd


def relu(input, inplace=False):
    """max(0, x); with inplace=True, written into `input` (PyTorch's in-place rules) and returned."""
    return input.relu_() if inplace else autograd.relu(input)


def sigmoid(input):
    return autograd.sigmoid(input)


def tanh(input):
    return autograd.tanh(input)


def softmax(input, dim=-1, dtype=None):
    return autograd.softmax(input, dim, dtype=dtype)


def log_softmax(input, dim=-1, dtype=None):
    return autograd.log_softmax(input, dim, dtype=dtype)


def softplus(x):
    """softplus(x) = ln(1 + eˣ), stable for any x:

        x > 0:  x + ln(1 + e⁻ˣ)        x ≤ 0:  ln(1 + eˣ)

    written as relu(x) + log1p(exp(−|x|)) with −|x| spelled where(x > 0, −x, x), so that the
    exponent is never positive and the gradient at x = 0 is σ(0) = ½ (abs and relu would give 0)."""
    return autograd.relu(x) + autograd.log1p(autograd.exp(autograd.where(x > 0, -x, x)))
