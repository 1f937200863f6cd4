"""ELU and hardtanh as one primitive each (their rules: primitives/activations.py), for nn.functional."""
from ..primitives.activations import Elu, Hardtanh


def elu(input, alpha=1.0, scale=1.0, input_scale=1.0):
    """scale · x where x > 0, else scale · α (e^(input_scale · x) − 1): PyTorch's elu (a floating input)."""
    return Elu.apply(input, alpha=float(alpha), scale=float(scale), input_scale=float(input_scale))


def hardtanh(input, min_val, max_val):
    """x clipped to [min_val, max_val] (a floating input); the gradient is 1 strictly inside, else 0."""
    return Hardtanh.apply(input, low=float(min_val), high=float(max_val))
