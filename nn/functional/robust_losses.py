"""The losses that are quadratic near 0 and linear beyond, of d = input − target (torch.nn.functional's):

    smooth_l1_loss:  ½ d² / β  where |d| < β,  else |d| − ½ β          (β = 0: the L1 loss |d|)
    huber_loss:      ½ d²      where |d| < δ,  else δ (|d| − ½ δ)

Both are continuous with a continuous gradient (d/β, then ±1; d, then ±δ). `reduction` as every loss.
Each is recorded behind one node that saves input and target, as PyTorch's (autograd/functional/saved.py).
"""
import warnings

import autograd
from autograd.functional.opmath import in_float32
from autograd.functional.saved import one_node

from ._shapes import require_floating
from .losses import _reduce
from ._inputs import check_tensor


def _difference(name, input, target):
    check_tensor(name, input)
    check_tensor(name, target, "target", 2)
    if input.shape != target.shape:  # PyTorch broadcasts, with this warning
        warnings.warn(f"Using a target size ({tuple(target.shape)}) that is different to the input size "
                      f"({tuple(input.shape)}). This will likely lead to incorrect results due to broadcasting. "
                      "Please ensure they have the same size.", UserWarning, stacklevel=3)
    require_floating(name, input)
    return input - target


def _half_square(difference, size):
    """½ d², with ±∞ in d set to 0 first: it is used only where |d| is below the threshold, and an infinite d
    would make its unused gradient 0 · ∞ = NaN (a NaN stays)."""
    inner = autograd.where(size == float("inf"), 0.0, difference)
    return 0.5 * inner * inner


def _piecewise(difference, threshold):
    """½ d² where |d| < threshold, else threshold (|d| − ½ threshold)."""
    size = autograd.abs(difference)
    return autograd.where(size < threshold, _half_square(difference, size), threshold * (size - 0.5 * threshold))


@in_float32
def _huber(input, target, delta):
    """Huber's elementwise loss, float16 computed in float32 and rounded once (PyTorch's kernel)."""
    return _piecewise(input - target, delta)


def _refuse_legacy(size_average, reduce):
    if size_average is not None or reduce is not None:
        raise TypeError("smooth_l1_loss: size_average and reduce (deprecated in PyTorch) are not supported; "
                        "use reduction='mean', 'sum' or 'none'")


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """The smooth L1 loss of input against target (see the module's formula). PyTorch's deprecated size_average and
    reduce are refused (not ignored): give `reduction`."""
    _refuse_legacy(size_average, reduce)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    difference = _difference("smooth_l1_loss", input, target)
    if beta == 0:
        return _reduce(autograd.abs(difference), reduction)
    return one_node(_reduce(_smooth_l1(difference, beta), reduction), "SmoothL1LossBackward0", input, target)


def _smooth_l1(difference, beta):
    """½ d²/β where |d| < β, else |d| − ½ β: PyTorch's expressions (β (|d| − ½ β)/β would overflow for β = 1e30)."""
    size = autograd.abs(difference)
    return autograd.where(size < beta, _half_square(difference, size) / beta, size - 0.5 * beta)


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """The Huber loss of input against target (see the module's formula), in input's dtype as PyTorch's (whose
    smooth_l1_loss, like mse_loss, gives the promoted one). Its gradient at d = ±∞ is ±δ (/N), as PyTorch's."""
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    if weight is not None:
        raise NotImplementedError("huber_loss: weight= is not supported by glassgrad")
    _difference("huber_loss", input, target)  # (its checks)
    loss = _reduce(_huber(input, target, delta).to(input.dtype), reduction)
    return one_node(loss, "HuberLossBackward0", input, target)  # saves them, as PyTorch's node
