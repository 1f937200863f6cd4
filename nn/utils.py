"""Gradient utilities: clipping (against exploding gradients, e.g. in RNNs) and flat parameter vectors.

Clipping changes the gradients in place and records nothing: it runs between backward() and step().
"""
import math

import numpy as np

import autograd
from autograd import Tensor


def _as_list(tensors):
    """A single tensor or an iterable of tensors (such as model.parameters()) as a list."""
    return [tensors] if isinstance(tensors, Tensor) else list(tensors)


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False):
    r"""Scale all gradients together so that their joint norm is at most max_norm.

        ‖g‖ = ( Σ_p ‖g_p‖^q )^(1/q)      (the norm of all gradients seen as one vector; q = ∞: max |g|)
        g_p ← g_p · min(1, max_norm / (‖g‖ + 10⁻⁶))

    Returns the total norm ‖g‖ before clipping, as a Tensor. Parameters without a gradient are ignored.
    """
    grads = [p.grad.detach().numpy() for p in _as_list(parameters) if p.grad is not None]
    if not grads:
        return autograd.tensor(0.0)
    norm_type = float(norm_type)
    if norm_type == math.inf:
        total_norm = max(np.max(np.abs(g)) if g.size else 0.0 for g in grads)
    else:
        per_grad = np.array([np.linalg.norm(g.ravel(), ord=norm_type) for g in grads])
        total_norm = np.linalg.norm(per_grad, ord=norm_type)
    total_norm = np.asarray(total_norm, dtype=grads[0].dtype)
    if error_if_nonfinite and not np.isfinite(total_norm):
        raise RuntimeError(
            f"The total norm of order {norm_type} for gradients from `parameters` is non-finite, so it cannot be "
            "clipped. To disable this error and scale the gradients by the non-finite norm anyway, set "
            "`error_if_nonfinite=False`"
        )
    clip_coefficient = np.minimum(1.0, max_norm / (total_norm + 1e-6))  # NaN when the norm is: as PyTorch
    for grad in grads:
        grad *= clip_coefficient
    return Tensor(total_norm)


def clip_grad_value_(parameters, clip_value):
    """Clip every gradient entry into [−clip_value, clip_value], in place."""
    clip_value = float(clip_value)
    for param in _as_list(parameters):
        if param.grad is not None:
            with autograd.no_grad():
                param.grad.clamp_(-clip_value, clip_value)


def parameters_to_vector(parameters):
    """All parameters flattened and concatenated into one vector (differentiable, like PyTorch's)."""
    return autograd.cat([param.reshape(-1) for param in _as_list(parameters)])


def vector_to_parameters(vec, parameters):
    """Copy consecutive slices of the vector `vec` into the parameters (the inverse of parameters_to_vector)."""
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected Tensor, but got: {type(vec).__name__}")
    params = _as_list(parameters)
    total = sum(param.numel() for param in params)
    if vec.numel() != total:
        raise ValueError(f"vector has {vec.numel()} elements, but the parameters have {total} in all")
    offset = 0
    with autograd.no_grad():
        for param in params:
            param.copy_(vec[offset:offset + param.numel()].reshape(param.shape))
            offset += param.numel()
