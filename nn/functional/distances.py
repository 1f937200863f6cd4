"""Normalising and comparing vectors along a dim, as PyTorch's torch.nn.functional:

    normalize(x, p, dim) = x / max(‖x‖ₚ, eps)
    cosine_similarity(x₁, x₂, dim) = Σ (x₁ / max(‖x₁‖, eps)) (x₂ / max(‖x₂‖, eps))

cosine_similarity clamps the norms as PyTorch does, outside the graph: the gradient flows through ‖x‖ as if
unclamped (the clamped value enters as ‖x‖ + (max(‖x‖, eps) − ‖x‖) with the bracket detached).
"""
import numpy as np

import autograd


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """input divided by its p-norm along dim, the norm at least eps (so a zero vector stays zero)."""
    if out is not None:
        raise TypeError("normalize(): out= is not supported by glassgrad; assign the result instead")
    norm = autograd.norm(input, p, dim, keepdim=True)
    return input / autograd.clamp(norm, min=eps).expand_as(input)


def _clamped_norm(x, dim, eps):
    norm = autograd.norm(x, 2, dim, keepdim=True)
    return norm + (autograd.clamp(norm, min=eps) - norm).detach()


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """The cosine of the angle between x1 and x2 along dim (the two broadcast together), in [−1, 1]."""
    if x1.dtype.kind not in "fc" and x2.dtype.kind not in "fc":
        raise RuntimeError(f"expected common dtype to be floating point, yet common dtype is {x1.dtype}: pass "
                           "floating point tensors")
    if x1.dtype.kind not in "fc":
        x1 = x1.to(x2.dtype)  # an integer input takes the other's floating dtype, as PyTorch promotes
    if x2.dtype.kind not in "fc":
        x2 = x2.to(x1.dtype)
    try:
        shape = np.broadcast_shapes(x1.shape, x2.shape)
    except ValueError:
        raise RuntimeError(f"cosine_similarity: the shapes {tuple(x1.shape)} and {tuple(x2.shape)} do not "
                           "broadcast together") from None
    x1, x2 = x1.expand(*shape), x2.expand(*shape)
    return ((x1 / _clamped_norm(x1, dim, eps)) * (x2 / _clamped_norm(x2, dim, eps))).sum(dim)
