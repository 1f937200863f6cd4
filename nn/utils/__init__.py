"""Gradient utilities: clipping (against exploding gradients, e.g. in RNNs) and flat parameter vectors;
nn.utils.rnn pads a batch of sequences of different lengths.

Clipping changes the gradients in place and records nothing: it runs between backward() and step().
"""
import math
import types
import warnings

import numpy as np

import autograd
from autograd import Tensor

from . import rnn  # noqa: F401  (nn.utils.rnn.pad_sequence, as torch.nn.utils.rnn)


def _as_list(tensors):
    """A single tensor or an iterable of tensors (such as model.parameters()) as a list."""
    return [tensors] if isinstance(tensors, Tensor) else list(tensors)


def get_total_norm(tensors, norm_type=2.0, error_if_nonfinite=False, foreach=None):  # foreach: ignored
    r"""The norm of the tensors seen as one vector, computed as PyTorch's: the norm of their norms,

        ‖g‖ = ‖(‖g_1‖_q, …, ‖g_k‖_q)‖_q      (q = ∞: max |g|; q = −∞: min |g|)

    each ‖g_i‖ in its tensor's dtype, then stacked with type promotion (float32 and float64 tensors give a
    float64 norm, whatever their order; the norms grouped by dtype, as PyTorch's). No tensors: tensor(0.).
    error_if_nonfinite: raise RuntimeError when the norm is NaN or ±inf.
    """
    arrays = [tensor.detach().numpy() for tensor in _as_list(tensors)]
    norm_type = float(norm_type)
    if not arrays:
        return autograd.tensor(0.0)
    for array in arrays:
        if array.dtype.kind not in "fc":
            raise RuntimeError(f"linalg.vector_norm: Expected a floating point or complex tensor as input. "
                               f"Got {array.dtype.name}")
    dtypes = list(dict.fromkeys(array.dtype for array in arrays))  # the dtype groups, in order of appearance
    norms = [_vector_norm(array, norm_type) for dtype in dtypes for array in arrays if array.dtype == dtype]
    total_norm = _vector_norm(np.array(norms, dtype=np.result_type(*dtypes)), norm_type)
    if error_if_nonfinite and not np.isfinite(total_norm):
        raise RuntimeError(
            f"The total norm of order {norm_type} for gradients from `parameters` is non-finite, so it cannot be "
            "clipped. To disable this error and scale the gradients by the non-finite norm anyway, set "
            "`error_if_nonfinite=False`"
        )
    return Tensor(total_norm)


def _vector_norm(array, norm_type):
    """‖x‖_q = (Σ |xᵢ|^q)^(1/q) of all the array's elements (q = ±∞: max/min |xᵢ|, q = 0: the count of nonzero
    ones), summed in the dtype (float16 in float32), as PyTorch's vector_norm; a 0-d array of the (real) dtype."""
    if array.size == 0 and math.isinf(norm_type):
        raise RuntimeError(f"linalg.vector_norm cannot compute the {norm_type} norm on an empty tensor because "
                           "the operation does not have an identity")
    magnitudes = np.abs(array.ravel())
    dtype = magnitudes.dtype
    magnitudes = magnitudes.astype(np.float32) if dtype == np.float16 else magnitudes
    if norm_type == math.inf:
        norm = magnitudes.max()
    elif norm_type == -math.inf:
        norm = magnitudes.min()
    elif norm_type == 0:
        norm = np.count_nonzero(magnitudes)
    elif norm_type == 1:
        norm = magnitudes.sum()
    elif norm_type == 2:
        norm = np.sqrt(np.square(magnitudes).sum())
    else:
        norm = (magnitudes ** magnitudes.dtype.type(norm_type)).sum() ** magnitudes.dtype.type(1 / norm_type)
    return np.asarray(norm, dtype=dtype)


def clip_grads_with_norm_(parameters, max_norm, total_norm, foreach=None):  # foreach: ignored
    r"""Scale the gradients in place by min(1, max_norm / (total_norm + 10⁻⁶)), the coefficient rounded to
    each gradient's dtype first (PyTorch's in-place multiply by a 0-d tensor). NaN when the norm is."""
    grads = [param.grad for param in _as_list(parameters) if param.grad is not None]
    total_norm = total_norm.detach().numpy() if isinstance(total_norm, Tensor) else np.asarray(total_norm)
    with np.errstate(over="ignore", divide="ignore"):  # (a float16 norm of 0: 1/1e-6 is inf, clamped to 1)
        clip_coefficient = np.minimum(max_norm / (total_norm + 1e-6), 1.0)
    for grad in grads:
        array = grad.detach().numpy()
        array *= clip_coefficient.astype(array.dtype)


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    r"""Scale all gradients together so that their joint norm is at most max_norm:

        ‖g‖ = get_total_norm(gradients, norm_type)      (the norm of all gradients seen as one vector)
        g_p ← g_p · min(1, max_norm / (‖g‖ + 10⁻⁶))

    Returns the total norm ‖g‖ before clipping, as a Tensor. Parameters without a gradient are ignored.
    """
    is_generator = isinstance(parameters, types.GeneratorType)
    parameters = _as_list(parameters)
    if is_generator and not parameters:
        warnings.warn("`parameters` is an empty generator, no gradient clipping will occur.", stacklevel=2)
    grads = [param.grad for param in parameters if param.grad is not None]
    total_norm = get_total_norm(grads, norm_type, error_if_nonfinite)
    clip_grads_with_norm_(parameters, float(max_norm), total_norm)
    return total_norm


def clip_grad_value_(parameters, clip_value, foreach=None):  # foreach: ignored
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
    """Make the parameters consecutive slices of the vector `vec` (the inverse of parameters_to_vector), as PyTorch's
    does: each parameter's .data becomes a view of its slice, so it shares vec's memory and takes its dtype."""
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected Tensor, but got: {type(vec).__name__}")
    params = _as_list(parameters)
    total = sum(param.numel() for param in params)
    if vec.numel() != total:  # (PyTorch's RuntimeError for a short one; it ignores the extra elements of a long one)
        raise RuntimeError(f"vector has {vec.numel()} elements, but the parameters have {total} in all")
    offset = 0
    for param in params:
        param.data = vec[offset:offset + param.numel()].view_as(param).data
        offset += param.numel()
