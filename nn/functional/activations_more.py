"""More activation functions of PyTorch's torch.nn.functional, composed of autograd operations:

    silu(x) = x σ(x)                        elu(x) = x if x > 0 else α (eˣ − 1)
    leaky_relu(x) = x if x > 0 else s·x     hardtanh(x) = min(max(x, lo), hi)   (gradient 0 at lo and hi)
    relu6(x) = hardtanh(x, 0, 6)            logsigmoid(x) = ln σ(x) = −softplus(−x)

With inplace=True the result is written into `input` and returned: f(input.clone()) copied back, so that the
nodes f saved keep the old values (PyTorch's in-place rules apply: a leaf that requires grad is refused).
silu and logsigmoid compute float16 in float32 and round once, as PyTorch's kernels (autograd/functional/opmath.py).
"""
import autograd
from autograd.functional.opmath import in_float32
from autograd.functional.saved import composed, one_node
from autograd.functional.activations import elu as elu_primitive
from autograd.functional.activations import elu_ as elu_in_place
from autograd.functional.activations import hardtanh as hardtanh_primitive

from ._shapes import require_floating
from .activations import stable_softplus
from ._inputs import check_tensor


def _maybe_in_place(function, input, inplace, *args):
    if not inplace:
        return function(input, *args)
    return input.copy_(function(input.clone(), *args))


@in_float32
def _silu(x):
    return x * autograd.sigmoid(x)


def silu(input, inplace=False):
    """x σ(x);  d/dx = σ(x) (1 + x (1 − σ(x)))."""
    require_floating("silu", input)
    return composed(_maybe_in_place(_silu, input, inplace), "silu", input)


def elu(input, alpha=1.0, inplace=False):
    """x where x > 0, else α (eˣ − 1): one primitive, with PyTorch's derivatives (1 at NaN; the second
    derivative 0 at x = 0, where the first is α)."""
    require_floating("elu", input)
    return elu_in_place(input, alpha) if inplace else elu_primitive(input, alpha)


def _leaky_relu(x, negative_slope):
    """relu(x) (= x) where x > 0: relu's gradient reads x, so a create_graph gradient is in x's graph, as PyTorch's."""
    return one_node(autograd.where(x > 0, autograd.relu(x), x * negative_slope), "LeakyReluBackward0", x)  # saves x


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """x where x > 0, else negative_slope · x (the gradient at 0 is negative_slope, as PyTorch's)."""
    require_floating("leaky_relu", input)
    return _maybe_in_place(_leaky_relu, input, inplace, negative_slope)


def _hardtanh(x, min_val, max_val):
    """lo where x ≤ lo, hi where x ≥ hi, else x. A floating x: one primitive (its gradient is in x's graph under
    create_graph, as PyTorch's); integers: masked_fill (no gradient)."""
    if x.dtype.kind == "f":
        return hardtanh_primitive(x, min_val, max_val)
    return x.masked_fill(x <= min_val, min_val).masked_fill(x >= max_val, max_val)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """x clipped to [min_val, max_val]; the gradient is 1 strictly inside, 0 elsewhere (at the ends too)."""
    check_tensor("hardtanh", input)
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    if input.dtype == autograd.bool:
        raise NotImplementedError('"hardtanh" not implemented for bool tensors')
    return _maybe_in_place(_hardtanh, input, inplace, min_val, max_val)


def relu6(input, inplace=False):
    """min(max(x, 0), 6): hardtanh(x, 0, 6)."""
    check_tensor("relu6", input)
    return hardtanh(input, 0.0, 6.0, inplace)


def logsigmoid(input):
    """ln σ(x) = −ln(1 + e⁻ˣ), stable for any x;  d/dx = 1 − σ(x). Row-major whatever input's layout, as PyTorch's."""
    require_floating("log_sigmoid_forward", input)
    return one_node(_logsigmoid(input).contiguous(), "LogSigmoidBackward0", input)  # saves x, as PyTorch's


@in_float32
def _logsigmoid(x):
    return 0 - stable_softplus(-x)  # (+0 at x = +inf, as PyTorch's; the negation would give −0)
