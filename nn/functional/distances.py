"""Normalising and comparing vectors along a dim, as PyTorch's torch.nn.functional:

    normalize(x, p, dim) = x / max(‖x‖ₚ, eps)
    cosine_similarity(x₁, x₂, dim) = Σ (x₁ / max(‖x₁‖, eps)) (x₂ / max(‖x₂‖, eps))

cosine_similarity clamps the norms as PyTorch does, outside the graph: the gradient flows through ‖x‖ as if
unclamped (the clamped value enters as ‖x‖ + max(eps − ‖x‖, 0), the second term detached).

The norms are autograd.norm's, which does not overflow: where PyTorch's float32 squared norm overflows (x of
[1e20, 1e20]), its cosine_similarity(x, x) is 0 and normalize(x) zeros; here they are the exact 1 and
[0.7071, 0.7071] (a deliberate difference). A norm beyond the dtype's range (float16 [6e4, 6e4]) is inf in both,
giving 0 and zeros.
"""
import numpy as np

import autograd
from ._inputs import check_tensor


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """input divided by its p-norm along dim, the norm at least eps (so a zero vector stays zero).

    out: a tensor of the result's shape that the result is written into and that is returned, as PyTorch's, which
    refuses it while a gradient is recorded (RuntimeError); unlike PyTorch's, it is not resized to another shape."""
    if out is not None and autograd.is_grad_enabled() and (input.requires_grad or out.requires_grad):
        raise RuntimeError("normalize(): functions with out=... arguments don't support automatic differentiation, "
                           "but one of the arguments requires grad.")
    norm = autograd.norm(input, p, dim, keepdim=True)
    result = input / autograd.clamp(norm, min=eps).expand_as(input)
    return result if out is None else _written_into(out, result)


def _written_into(out, result):
    """out, with result's values copied into it (its shape, and a dtype that result casts to: float into float)."""
    if out.shape != result.shape:
        raise RuntimeError(f"normalize(): out= has shape {tuple(out.shape)}, the result {tuple(result.shape)} "
                           "(glassgrad does not resize it)")
    if not np.can_cast(result.dtype, out.dtype, "same_kind"):
        raise RuntimeError(f"result type {result.dtype} can't be cast to the desired output type {out.dtype}")
    with autograd.no_grad():
        out.copy_(result)
    return out


def _clamped_norm(x, dim, eps):
    """max(‖x‖, eps), its gradient that of ‖x‖ (the detached max(eps − ‖x‖, 0) is 0, not ∞ − ∞, for an infinite norm)."""
    norm = autograd.norm(x, 2, dim, keepdim=True)
    return norm + autograd.clamp(eps - norm.detach(), min=0)


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """The cosine of the angle between x1 and x2 along dim (the two broadcast together), in [−1, 1]."""
    check_tensor("cosine_similarity", x1, "x1", 1)
    check_tensor("cosine_similarity", x2, "x2", 2)
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
