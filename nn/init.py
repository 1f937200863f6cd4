"""Weight initialisers (PyTorch's nn.init): each fills a tensor in place, without recording, and returns it.

Random ones draw from autograd.random.default_generator() (or `generator`), so autograd.manual_seed
makes them reproducible. For a weight of shape (out, in, *kernel):
    fan_in = in · ∏kernel,   fan_out = out · ∏kernel
    xavier:  std = gain · √(2 / (fan_in + fan_out))        (Glorot & Bengio, 2010)
    kaiming: std = gain / √fan                              (He et al., 2015)
and a uniform initialiser with standard deviation std uses the bound √3 · std.
"""
import math
import warnings

import numpy as np

from autograd.grad_mode import no_grad
from autograd.random import default_generator, uniform_bounds


def calculate_gain(nonlinearity, param=None):
    """The factor that keeps the variance of activations steady through `nonlinearity`:
    1 (linear, conv, sigmoid), 5/3 (tanh), √2 (relu), √(2 / (1 + a²)) (leaky_relu, slope a = 0.01), 3/4 (selu)."""
    if nonlinearity in ("linear", "identity", "sigmoid") or nonlinearity.startswith("conv"):
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else param
        if isinstance(slope, bool) or not isinstance(slope, (int, float)):  # (True is no slope, as PyTorch says)
            raise ValueError(f"negative_slope {slope} not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"calculate_gain: unsupported nonlinearity {nonlinearity!r}")


def _calculate_fan_in_and_fan_out(tensor):
    """(fan_in, fan_out) of a weight of shape (out, in, *kernel)."""
    if tensor.ndim < 2:
        raise ValueError(f"fan in and fan out need a tensor with at least 2 dimensions, got shape {tensor.shape}")
    receptive_field = math.prod(tensor.shape[2:])
    return tensor.shape[1] * receptive_field, tensor.shape[0] * receptive_field


def _fan(tensor, mode):
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"mode must be 'fan_in' or 'fan_out', got {mode!r}")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def _fill(tensor, values):
    with no_grad():
        tensor.copy_(values)
    return tensor


def _check_floating(tensor, name):
    """Random draws go only into floating tensors, as in PyTorch (an integer or bool tensor would keep
    truncated draws: mostly 0, or all True)."""
    if np.dtype(tensor.dtype).kind not in "fc":
        raise NotImplementedError(f"nn.init.{name} fills floating-point tensors, got a tensor of dtype {tensor.dtype}")


def uniform_(tensor, a=0.0, b=1.0, generator=None):
    """Fill with draws from U(a, b)."""
    _check_floating(tensor, "uniform_")
    a, b = uniform_bounds(a, b, tensor.dtype)
    rng = generator or default_generator()
    return _fill(tensor, rng.uniform(a, b, size=tensor.shape))


def normal_(tensor, mean=0.0, std=1.0, generator=None):
    """Fill with draws from N(mean, std²)."""
    _check_floating(tensor, "normal_")
    rng = generator or default_generator()
    return _fill(tensor, rng.normal(mean, std, size=tensor.shape))


def constant_(tensor, val):
    return _fill(tensor, val)


def zeros_(tensor):
    return _fill(tensor, 0)


def ones_(tensor):
    return _fill(tensor, 1)


def eye_(tensor):
    """Fill a 2-D tensor with the identity matrix."""
    if tensor.ndim != 2:
        raise ValueError(f"eye_ needs a 2-D tensor, got shape {tensor.shape}")
    return _fill(tensor, np.eye(*tensor.shape))


def xavier_uniform_(tensor, gain=1.0, generator=None):
    """U(−b, b) with b = gain · √(6 / (fan_in + fan_out))."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    bound = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return uniform_(tensor, -bound, bound, generator)


def xavier_normal_(tensor, gain=1.0, generator=None):
    """N(0, std²) with std = gain · √(2 / (fan_in + fan_out))."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / (fan_in + fan_out)), generator)


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """U(−b, b) with b = gain · √(3 / fan), gain = calculate_gain(nonlinearity, a).

    PyTorch's default for Linear and Conv weights is a = √5, which gives b = 1/√fan_in.
    A tensor with no elements is left as it is (PyTorch's no-op), not divided by a fan of 0."""
    if tensor.numel() == 0:
        return tensor
    bound = calculate_gain(nonlinearity, a) * math.sqrt(3.0 / _fan(tensor, mode))
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """N(0, std²) with std = gain / √fan (a tensor with no elements is left as it is, as in PyTorch)."""
    if tensor.numel() == 0:
        return tensor
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    return normal_(tensor, 0.0, std, generator)


def trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None):
    """Fill with draws from N(mean, std²) truncated to [a, b]: draws outside are drawn again (rejection sampling, so
    the values follow the truncated normal exactly; PyTorch inverts its CDF instead: other draws, same law)."""
    _check_floating(tensor, "trunc_normal_")
    if not a < b:
        raise ValueError(f"trunc_normal_: the bounds must satisfy a < b, got a={a}, b={b}")
    if mean < a - 2 * std or mean > b + 2 * std:
        warnings.warn("mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values may "
                      "be incorrect.", stacklevel=2)
    inside = 0.5 * (math.erf((b - mean) / (std * math.sqrt(2))) - math.erf((a - mean) / (std * math.sqrt(2))))
    if inside < 1e-6:
        raise ValueError(f"trunc_normal_: [a, b] = [{a}, {b}] holds a probability of {inside:.2g} of N({mean}, "
                         f"{std}²): too little to sample by rejection")
    rng = generator or default_generator()
    values = rng.normal(mean, std, size=tensor.shape)
    outside = (values < a) | (values > b)
    while outside.any():
        values[outside] = rng.normal(mean, std, size=int(outside.sum()))
        outside = (values < a) | (values > b)
    return _fill(tensor, values)


def orthogonal_(tensor, gain=1, generator=None):
    """Fill with a (semi-)orthogonal matrix Q of the tensor viewed as (rows, numel / rows), times gain: Q from the QR
    decomposition of a matrix of N(0, 1) draws, its columns' signs fixed by R's diagonal (Saxe et al., 2013), so
    Q Qᵀ = I (rows ≤ columns) or Qᵀ Q = I (rows ≥ columns)."""
    if tensor.ndim < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    _check_floating(tensor, "orthogonal_")
    if tensor.numel() == 0:
        return tensor
    rows = tensor.shape[0]
    columns = tensor.numel() // rows
    draws = (generator or default_generator()).normal(0.0, 1.0, size=(rows, columns))
    if rows < columns:
        draws = draws.T
    q, r = np.linalg.qr(draws)
    q = q * np.sign(np.diag(r))
    if rows < columns:
        q = q.T
    return _fill(tensor, (gain * q).reshape(tensor.shape))
