"""Batch normalisation and layer normalisation.

batch_norm, for x of shape (N, C, *) with statistics over every axis but the channel axis C:
    μ_B = mean(x),   σ²_B = mean((x − μ_B)²)            (the biased variance)
    x̂ = (x − μ_B) / √(σ²_B + ε),   y = γ · x̂ + β
  and in training the running statistics move towards the batch's:
    running_mean ← (1 − momentum) · running_mean + momentum · μ_B
    running_var  ← (1 − momentum) · running_var  + momentum · σ²_B · n / (n − 1)   (unbiased)
  In evaluation μ_B and σ²_B are replaced by the running statistics.
layer_norm: the same x̂ with statistics over the trailing `normalized_shape` axes of each sample.
As in PyTorch, a float16 input is normalised in float32 (its variance overflows float16 once |x| passes 256) and
the result is float16; its parameters may be float16 or float32, any other mix of dtypes is refused.
"""
import math

import autograd
from autograd.functional.saved import composed, one_node
from autograd.grad_mode import no_grad
from autograd.pytorch.conversion import held_number
from autograd.scope import name_output

from ._inputs import check_tensor
from ._shapes import as_int, row_major_unless_channels_last

F16, F32 = autograd.float16, autograd.float32


def _per_channel(tensor, ndim):
    """A (C,) tensor shaped (C, 1, ..., 1) to broadcast against (N, C, *) input."""
    return tensor.reshape(tensor.shape[0], *([1] * (ndim - 2)))


def _check_dtypes(name, input, *tensors):
    """PyTorch's rule: parameters and running statistics have input's dtype, or float32 with a float16 input."""
    for tensor in tensors:
        if tensor is not None and tensor.dtype != input.dtype and (input.dtype, tensor.dtype) != (F16, F32):
            raise RuntimeError(f"{name}: mixed dtype: the input is {input.dtype} but a parameter or running "
                               f"statistic is {tensor.dtype}; convert one of them (module.to(dtype), input.to(dtype))")


def _check_floating(kernel, input):
    if input.dtype.kind != "f":
        raise NotImplementedError(f'"{kernel}" not implemented for {input.dtype} tensors (pass a floating point one)')


def _in_float32(function, input, *tensors, **kwargs):
    """function(input, *tensors) computed in float32 for a float16 input, cast back to float16, behind one node
    that saves input and tensors themselves (not their float32 copies), for PyTorch's in-place refusal."""
    if input.dtype != F16:
        return function(input, *tensors, **kwargs)
    copies = [None if t is None else t.float() for t in tensors]
    node = "Native" + function.__name__.title().replace("_", "") + "Backward0"  # _batch_norm: NativeBatchNormBackward0
    return one_node(function(input.float(), *copies, **kwargs).to(F16), node, input, *tensors)


def refuse_running_stats_with_grad(running_mean, running_var):
    """PyTorch's RuntimeError for running statistics that require grad while grad mode is on (a Parameter assigned
    over a norm layer's buffer): the normalisation is not differentiable with respect to them."""
    for name, tensor in (("running_mean", running_mean), ("running_var", running_var)):
        if tensor is not None and tensor.requires_grad and autograd.is_grad_enabled():
            raise RuntimeError(f"batch_norm is not differentiable with respect to argument '{name}'. This input "
                               "cannot have requires_grad True (register it as a buffer, not a Parameter).")


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    """Normalise each channel of `input` (N, C, *) by its batch statistics when training (updating
    running_mean and running_var in place, unless they are None), else by the running statistics."""
    check_tensor("batch_norm", input)
    _check_dtypes("batch_norm", input, running_mean, running_var, weight, bias)
    refuse_running_stats_with_grad(running_mean, running_var)
    channels = input.shape[1] if input.ndim > 1 else 1
    for name, tensor in (("running_mean", running_mean), ("running_var", running_var), ("weight", weight),
                         ("bias", bias)):
        if tensor is not None and tensor.numel() != channels:
            raise RuntimeError(f"batch_norm: {name} should contain {channels} elements not {tensor.numel()}")
    if not training and (running_mean is None or running_var is None):
        missing = "running_mean" if running_mean is None else "running_var"
        raise RuntimeError(f"batch_norm: {missing} must be defined in evaluation mode (training=False)")
    half = _float16_kernel(input, running_mean, running_var, weight, bias)
    normalized = _in_float32(_batch_norm, input, weight, bias, running_mean=running_mean, running_var=running_var,
                             training=training, momentum=held_number(momentum), eps=held_number(eps), half=half)
    return composed(row_major_unless_channels_last(normalized, input), "batch_norm", input, weight, bias)


def _float16_kernel(input, *tensors):
    """Whether PyTorch's float16 batch_norm runs (float16 statistics), not its mixed one (a float32 parameter or
    running statistic: statistics in float32)."""
    return input.dtype == F16 and all(t is None or t.dtype == F16 for t in tensors)


def _batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps, half=False):
    """(x − mean) / √(var + ε), scaled and shifted; with `half` (a float16 input, computed here in float32) the
    batch's mean and 1/√(var + ε) are rounded to float16 first, as PyTorch's float16 kernel keeps them."""
    axes = (0,) + tuple(range(2, input.ndim))
    if training and input.numel() == 0:  # an empty batch: no statistics to take or update, as in PyTorch
        return _scale_and_shift(input, weight, bias)
    if training:
        count = input.numel() // input.shape[1]
        if count < 2:
            raise ValueError(
                f"batch_norm: expected more than 1 value per channel when training, got input of shape {input.shape}"
            )
        mean = input.mean(dim=axes, keepdim=True)
        centered = input - mean
        var = (centered * centered).mean(dim=axes, keepdim=True)
        if running_mean is not None:
            with no_grad():
                batch_mean = mean.detach().numpy().reshape(-1)
                unbiased_var = var.detach().numpy().reshape(-1) * (count / (count - 1))
                running_mean.copy_((1 - momentum) * running_mean.detach().numpy() + momentum * batch_mean)
                running_var.copy_((1 - momentum) * running_var.detach().numpy() + momentum * unbiased_var)
        if half:
            scale = (1 / autograd.sqrt(var + eps)).to(F16).to(F32)
            return _scale_and_shift((input - mean.to(F16).to(F32)) * scale, weight, bias)
    else:
        centered = input - _per_channel(running_mean.to(input.dtype), input.ndim)
        var = _per_channel(running_var.to(input.dtype), input.ndim)
    return _scale_and_shift(centered / autograd.sqrt(var + eps), weight, bias)


def _scale_and_shift(normalized, weight, bias):
    """normalized · weight + bias, each per channel (axis 1), where given."""
    if weight is not None:
        normalized = normalized * _per_channel(weight, normalized.ndim)
    if bias is not None:
        normalized = normalized + _per_channel(bias, normalized.ndim)
    return normalized


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalise each sample over its last len(normalized_shape) axes, then scale by weight and shift by bias
    (both of shape normalized_shape)."""
    check_tensor("layer_norm", input)
    input = input.contiguous()  # (row-major, so the result is, as PyTorch's)
    normalized_shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    if tuple(input.shape[input.ndim - len(normalized_shape) :]) != normalized_shape or input.ndim < len(
        normalized_shape
    ):
        raise RuntimeError(
            f"layer_norm: expected input of shape (*, {', '.join(map(str, normalized_shape))}), got {input.shape}"
        )
    for name, tensor in (("weight", weight), ("bias", bias)):
        if tensor is not None and tuple(tensor.shape) != normalized_shape:
            raise RuntimeError(f"layer_norm: expected {name} of shape normalized_shape = {normalized_shape}, "
                               f"got {tuple(tensor.shape)}")
    _check_floating("LayerNormKernelImpl", input)
    _check_dtypes("layer_norm", input, weight, bias)
    axes = tuple(range(input.ndim - len(normalized_shape), input.ndim))
    return composed(_in_float32(_layer_norm, input, weight, bias, axes=axes, eps=eps), "layer_norm", input, weight,
                    bias)


def _layer_norm(input, weight, bias, axes, eps):
    # each piece named as the explorer shows it (autograd/scope.py), inside nn.LayerNorm's box
    centered = name_output(input - name_output(input.mean(dim=axes, keepdim=True), "mean"), "x − mean")
    var = name_output(name_output(centered * centered, "(x − mean)²").mean(dim=axes, keepdim=True), "var")
    out = name_output(centered / name_output(autograd.sqrt(name_output(var + eps, "var + eps")), "√(var + eps)"),
                      "normalized")
    if weight is not None:
        out = name_output(out * weight, "normalized × weight")
    if bias is not None:
        out = out + bias
    return out


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Normalise each sample's channels (axis 1) in num_groups groups of C / num_groups channels, over each group's
    channels and positions: x̂ = (x − mean) / √(var + ε) per (sample, group); then y = γ · x̂ + β per channel."""
    check_tensor("group_norm", input)
    num_groups = as_int(num_groups)  # (np.int8(2): an int, or (C // G) · H · W would wrap)
    if input.ndim < 2:
        raise RuntimeError(f"group_norm: expected input of shape (N, C, *), got {input.shape}")
    channels = input.shape[1]
    if num_groups <= 0 or channels % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by num_groups, but got input of "
                           f"shape {list(input.shape)} and num_groups={num_groups}")
    for name, tensor in (("weight", weight), ("bias", bias)):
        if tensor is not None and tuple(tensor.shape) != (channels,):
            raise RuntimeError(f"group_norm: expected {name} of shape ({channels},), got {tuple(tensor.shape)}")
    _check_floating("GroupNormKernelImpl", input)
    batch_groups = [input.shape[0] * channels // num_groups, num_groups, *input.shape[2:]]
    if batch_groups[0] * math.prod(batch_groups[2:]) == 1:  # PyTorch's _verify_batch_size on (N·C/G, G, *)
        raise ValueError(f"Expected more than 1 value per channel when training, got input size {batch_groups}")
    _check_dtypes("group_norm", input, weight, bias)
    return composed(_in_float32(_group_norm, input, weight, bias, num_groups=num_groups, eps=eps), "group_norm",
                    input, weight, bias)


def _group_norm(input, weight, bias, num_groups, eps):
    per_group = input.shape[1] // num_groups * math.prod(input.shape[2:])  # (written out: -1 fails on empty input)
    groups = input.reshape(input.shape[0], num_groups, per_group)
    centered = groups - groups.mean(dim=-1, keepdim=True)
    var = (centered * centered).mean(dim=-1, keepdim=True)
    return _scale_and_shift((centered / autograd.sqrt(var + eps)).reshape(input.shape), weight, bias)
