"""ELU and hardtanh as one primitive each (their rules: primitives/activations.py), for nn.functional."""
from .. import inplace
from ..primitives.activations import Elu, EluInPlace, Hardtanh


def elu(input, alpha=1.0, scale=1.0, input_scale=1.0):
    """scale · x where x > 0, else scale · α (e^(input_scale · x) − 1): PyTorch's elu (a floating input)."""
    return Elu.apply(input, alpha=float(alpha), scale=float(scale), input_scale=float(input_scale))


def elu_(input, alpha=1.0, scale=1.0, input_scale=1.0):
    """elu written into `input` (PyTorch's in-place rules); its gradient is computed from the output, as PyTorch's
    elu_ (which refuses a negative alpha in backward)."""
    params = {"alpha": float(alpha), "scale": float(scale), "input_scale": float(input_scale)}
    return inplace.apply_op(input, lambda x: EluInPlace.apply(x, **params))


def hardtanh(input, min_val, max_val):
    """x clipped to [min_val, max_val] (a floating input); the gradient is 1 strictly inside, else 0."""
    return Hardtanh.apply(input, low=float(min_val), high=float(max_val))
