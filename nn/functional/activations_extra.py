"""Further activation functions of PyTorch's torch.nn.functional, composed of autograd operations:

    mish(x) = x tanh(softplus(x))                 softsign(x) = x / (1 + |x|)
    hardswish(x) = x · relu6(x + 3) / 6           hardsigmoid(x) = relu6(x + 3) / 6
    celu(x) = x if x > 0 else α (e^(x/α) − 1)     selu(x) = scale · (x if x > 0 else α (eˣ − 1))
    tanhshrink(x) = x − tanh(x)                   threshold(x) = value if x ≤ threshold else x
    glu(x) = a σ(b), with a, b the two halves of x along `dim`

Where a piece ends, the gradient is PyTorch's: hardswish's is (2x + 3) / 6 on (−3, 3), 0 at −3 and 1 from 3; hardsigmoid's is 1/6 strictly inside (−3, 3), else 0;
at NaN each gives what PyTorch's kernels give. celu and selu are elu's primitive (PyTorch's elu with a scale and an
input scale), so their second derivative is 0 at ±0, as PyTorch's. inplace=True writes the result into `input`.
float16 is computed in float32 and rounded once, as PyTorch's kernels compute it (autograd/functional/opmath.py);
softsign and tanhshrink, two kernels in PyTorch, round twice, as PyTorch's.
"""
import autograd
from autograd.functional.activations import elu as elu_primitive
from autograd.functional.activations import elu_ as elu_in_place
from autograd.functional.activations import hardtanh as hardtanh_primitive

from autograd.functional.opmath import in_float32
from autograd.pytorch.conversion import held_number

from ._shapes import require_floating
from .activations import stable_softplus
from .activations_more import _maybe_in_place
from autograd.functional.saved import composite

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


@composite("mish")
def mish(input, inplace=False):
    """x tanh(softplus(x))."""
    require_floating("mish", input)
    return _maybe_in_place(_mish, input, inplace)


@in_float32
def _mish(x):
    return x * autograd.tanh(stable_softplus(x))


@in_float32
def _hardswish(x):
    """0 for x ≤ −3 (a constant: any upstream gradient gives exactly 0 there, as PyTorch's backward selects),
    x (x + 3) / 6 inside, x from 3 on. Inside, the value is x (x + 3) / 6 and the gradient that of (x + 1.5)² / 6:
    the same derivative, x/3 + 0.5, as one product with the upstream, as PyTorch's (the product rule's two terms
    would turn an inf upstream into inf − inf = NaN)."""
    inside = autograd.where((x > -3) & (x < 3), x, 0.0)  # (the quadratic's unused gradient stays finite at NaN)
    square = (inside + 1.5) ** 2 / 6
    value = inside.detach()
    quadratic = value * (value + 3) / 6 - (square.detach() - square)  # (− +0 keeps a −0 value)
    flat = x.detach() * 0  # (-inf·0: NaN, as PyTorch's)
    return autograd.where(x <= -3, flat, autograd.where(x < 3, quadratic, x))


@composite("hardswish")
def hardswish(input, inplace=False):
    """x · min(max(x + 3, 0), 6) / 6."""
    require_floating("hardswish", input)
    return _maybe_in_place(_hardswish, input, inplace)


@in_float32
def _hardsigmoid(x):
    ends = autograd.where(autograd.isnan(x), x.detach(), (x > -3).to(x.dtype))  # 0 or 1 in x's dtype (NaN: gradient 0)
    return autograd.where((x > -3) & (x < 3), x / 6 + 0.5, ends)


def _exponential_linear(input, inplace, alpha, scale=1.0, input_scale=1.0):
    """scale · (x where x > 0 (or NaN), else α (e^(input_scale · x) − 1)): PyTorch's elu kernel, as elu's one
    primitive (its second derivative is 0 at ±0, as PyTorch's); float16 through in_float32 (elu's primitive would
    round α (e^(input_scale · x) − 1) before scaling it)."""
    if input.dtype == autograd.float16:
        return _maybe_in_place(in_float32(elu_primitive), input, inplace, alpha, scale, input_scale)
    elu = elu_in_place if inplace else elu_primitive
    return elu(input, alpha, scale, input_scale)


@composite("hardsigmoid")
def hardsigmoid(input, inplace=False):
    """min(max(x + 3, 0), 6) / 6."""
    require_floating("hardsigmoid", input)
    return _maybe_in_place(_hardsigmoid, input, inplace)


def celu(input, alpha=1.0, inplace=False):
    """x where x > 0, else α (e^(x/α) − 1)."""
    require_floating("celu", input)
    alpha = held_number(alpha)
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: celu's alpha must not be 0 (it divides x)")
    return _exponential_linear(input, inplace, alpha, input_scale=1 / alpha)


def selu(input, inplace=False):
    """scale · elu(x, α) with PyTorch's constants α ≈ 1.6733, scale ≈ 1.0507."""
    require_floating("selu", input)
    return _exponential_linear(input, inplace, SELU_ALPHA, SELU_SCALE)


def softsign(input):
    """x / (1 + |x|) (an integer x: in float32, as PyTorch's)."""
    input = _as_floating(input)
    require_floating("softsign", input)
    return input / (1 + autograd.abs(input))


def tanhshrink(input):
    """x − tanh(x) (an integer x: in float32, as PyTorch's)."""
    input = _as_floating(input)
    require_floating("tanhshrink", input)
    return input - autograd.tanh(input)


def _as_floating(input):
    return input.float() if isinstance(input, autograd.Tensor) and input.dtype.kind in "iu" else input


def _threshold(x, threshold, value):
    """The kept branch is x through hardtanh(x, −∞, ∞), whose gradient reads x, so that a create_graph gradient is in
    x's graph (zeros), as PyTorch's; ±∞ itself is kept as x (hardtanh's gradient is 0 there, threshold's 1)."""
    if x.dtype.kind != "f":  # integers: threshold and value converted to x's dtype, as PyTorch's
        return autograd.where(x <= int(threshold), int(value), x).to(x.dtype)
    kept = autograd.where(autograd.isinf(x), x, hardtanh_primitive(x, float("-inf"), float("inf")))
    return autograd.where(x <= threshold, value, kept)


@composite("threshold")
def threshold(input, threshold, value, inplace=False):
    """value where x ≤ threshold, else x (a NaN stays NaN); gradient 1 where x > threshold, else 0."""
    if input.dtype == autograd.bool:
        raise NotImplementedError('"threshold_cpu" not implemented for bool tensors (as PyTorch)')
    return _maybe_in_place(_threshold, input, inplace, threshold, value)


@composite("glu")
def glu(input, dim=-1):
    """a σ(b), where a and b are the first and second halves of input along `dim` (of even size)."""
    require_floating("glu", input)
    if input.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    size = input.shape[dim]
    if size % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {dim % input.ndim} is size {size}")
    half = size // 2  # (narrow, not split: split(0) of an empty dim gives one piece, not two)
    return _glu(input.narrow(dim, 0, half), input.narrow(dim, half, half))


@in_float32
def _glu(a, b):
    return a * autograd.sigmoid(b)
