"""The course's extras: the binary SVM hinge loss, and the L1 / L2 weight penalties that are added to a loss.

    loss = data_loss + λ · penalty(w)
"""
import autograd
from autograd import Tensor


def hinge_loss(scores, y):
    """The soft-margin SVM loss for labels y ∈ {−1, 1}:  mean over examples of max(0, 1 − y·s)."""
    if scores.shape != y.shape:
        raise ValueError(f"hinge_loss: scores {scores.shape} and labels {y.shape} must have the same shape")
    return autograd.relu(1 - y * scores).mean()


def _tensors(weights):
    return [weights] if isinstance(weights, Tensor) else list(weights)


def l1_penalty(weights):
    """‖w‖₁ = Σ |wᵢ| (the lasso penalty), over one tensor or an iterable of them (e.g. model.parameters())."""
    return sum(autograd.abs(w).sum() for w in _tensors(weights))


def l2_penalty(weights):
    """½ ‖w‖₂² = ½ Σ wᵢ² (the course's convention: the ½ makes the gradient exactly w, so that adding
    λ · l2_penalty(w) to a loss is weight decay w ← w − η λ w), over one tensor or an iterable of them."""
    return sum((w * w).sum() for w in _tensors(weights)) * 0.5
