"""Activation functions, as functions of tensors:
    relu(x) = max(0, x),   sigmoid(x) = 1 / (1 + e^(−x)),   tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)),
    softmax(x)ᵢ = e^(xᵢ) / Σⱼ e^(xⱼ),   log_softmax(x)ᵢ = xᵢ − log Σⱼ e^(xⱼ)   (along `dim`),
    softplus(x) = (1/β) ln(1 + e^(βx)),   gelu(x) = x Φ(x) = ½ x (1 + erf(x/√2)).
Each is one of autograd's numerically stable operations; float16 is computed in float32 and rounded once, as
PyTorch's CPU kernels compute it (autograd/functional/opmath.py)."""
import math
import warnings

import autograd
from autograd.functional.opmath import in_float32
from autograd.functional.saved import one_node

from ._shapes import require_floating
from ._inputs import check_tensor


def relu(input, inplace=False):
    """max(0, x); with inplace=True, written into `input` (PyTorch's in-place rules) and returned."""
    check_tensor("relu", input)
    return input.relu_() if inplace else autograd.relu(input)


def sigmoid(input):
    check_tensor("sigmoid", input)
    return autograd.sigmoid(input)


def tanh(input):
    check_tensor("tanh", input)
    return autograd.tanh(input)


def implicit_softmax_dim(name, ndim):
    """PyTorch's (deprecated) choice when softmax is called without `dim`: axis 0 for 0-, 1- and 3-D
    input, else axis 1 (an image batch's channels). It warns, as PyTorch does: pass `dim`."""
    dim = 0 if ndim in (0, 1, 3) else 1
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call to include "
                  f"dim={dim} as an argument.", UserWarning, stacklevel=3)
    return dim


def softmax(input, dim=None, _stacklevel=3, dtype=None):  # (_stacklevel: PyTorch's, unused)
    check_tensor("softmax", input)
    if dim is None:
        dim = implicit_softmax_dim("softmax", input.ndim)
    return autograd.softmax(input, dim, dtype=dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):  # (_stacklevel: PyTorch's, unused)
    check_tensor("log_softmax", input)
    if dim is None:
        dim = implicit_softmax_dim("log_softmax", input.ndim)
    return autograd.log_softmax(input, dim, dtype=dtype)


def stable_softplus(x):
    """softplus(x) = ln(1 + eˣ), stable for any x (what the logistic losses use):

        x > 0:  x + ln(1 + e⁻ˣ)        x ≤ 0:  ln(1 + eˣ)

    written as relu(x) + log1p(exp(−|x|)) with −|x| spelled where(x > 0, −x, x), so that the
    exponent is never positive and the gradient at x = 0 is σ(0) = ½ (abs and relu would give 0)."""
    return autograd.relu(x) + autograd.log1p(autograd.exp(autograd.where(x > 0, -x, x)))


def softplus(input, beta=1.0, threshold=20.0):
    """PyTorch's softplus: (1/β) ln(1 + e^(βx)), and x itself where βx > threshold (stable_softplus inside)."""
    check_tensor("softplus", input)
    require_floating("softplus", input)
    return one_node(_softplus(input, beta, threshold), "SoftplusBackward0", input)  # saves x, as PyTorch's


@in_float32
def _softplus(input, beta, threshold):
    scaled = input * beta if beta != 1 else input
    if beta == 0:  # (1/β) ln 2 = ±∞ for every finite x, and PyTorch's gradient σ(βx) = ½, not the chain's ∞·0 = NaN
        soft = math.copysign(math.inf, beta) + 0.5 * (input - input.detach())
    else:
        soft = stable_softplus(scaled)
        soft = soft / beta if beta != 1 else soft
    # at βx == threshold, PyTorch's first derivative is σ(βx) but its second is 0 (it masks βx < threshold): the tangent
    at = autograd.where(scaled == threshold, input, 0.0)  # (0 elsewhere: no ∞ − ∞ in the unused branch)
    tangent = soft.detach() + autograd.sigmoid(scaled).detach() * (at - at.detach())
    return autograd.where(scaled > threshold, input, autograd.where(scaled == threshold, tangent, soft))


def gelu(input, approximate="none"):
    """The Gaussian error linear unit, x weighted by the probability Φ(x) that a standard normal is below it:

        approximate='none':  gelu(x) = x Φ(x) = ½ x (1 + erf(x / √2))
        approximate='tanh':  gelu(x) ≈ ½ x (1 + tanh(√(2/π) (x + 0.044715 x³)))

    composed of erf (or tanh), so its gradient is theirs: Φ(x) + x φ(x) for the exact form."""
    check_tensor("gelu", input)
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    if input.dtype.kind != "f":
        raise NotImplementedError(f"gelu is not implemented for {input.dtype} tensors (it needs a floating point one)")
    return one_node(_gelu(input, approximate), "GeluBackward0", input)  # saves x, as PyTorch's


@in_float32
def _gelu(x, approximate):
    if approximate == "tanh":
        return 0.5 * x * (1 + autograd.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x * x * x)))
    return x * 0.5 * (1 + autograd.erf(x * math.sqrt(0.5)))
