"""Batch normalisation and layer normalisation.

batch_norm, for x of shape (N, C, *) with statistics over every axis but the channel axis C:
    μ_B = mean(x),   σ²_B = mean((x − μ_B)²)            (the biased variance)
    x̂ = (x − μ_B) / √(σ²_B + ε),   y = γ · x̂ + β
  and in training the running statistics move towards the batch's:
    running_mean ← (1 − momentum) · running_mean + momentum · μ_B
    running_var  ← (1 − momentum) · running_var  + momentum · σ²_B · n / (n − 1)   (unbiased)
  In evaluation μ_B and σ²_B are replaced by the running statistics.
layer_norm: the same x̂ with statistics over the trailing `normalized_shape` axes of each sample.
"""
import autograd
from autograd.functional.saved import composed
from autograd.grad_mode import no_grad
from autograd.scope import name_output

from ._inputs import check_tensor


def _per_channel(tensor, ndim):
    """A (C,) tensor shaped (C, 1, ..., 1) to broadcast against (N, C, *) input."""
    return tensor.reshape(tensor.shape[0], *([1] * (ndim - 2)))


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    """Normalise each channel of `input` (N, C, *) by its batch statistics when training (updating
    running_mean and running_var in place, unless they are None), else by the running statistics."""
    check_tensor("batch_norm", input)
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
    elif running_mean is None:
        raise ValueError("batch_norm: running_mean and running_var are needed when not training")
    else:
        centered = input - _per_channel(running_mean, input.ndim)
        var = _per_channel(running_var, input.ndim)
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
    normalized_shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    if tuple(input.shape[input.ndim - len(normalized_shape) :]) != normalized_shape:
        raise ValueError(
            f"layer_norm: expected input of shape (*, {', '.join(map(str, normalized_shape))}), got {input.shape}"
        )
    axes = tuple(range(input.ndim - len(normalized_shape), input.ndim))
    # each piece named as the explorer shows it (autograd/scope.py), inside nn.LayerNorm's box
    centered = name_output(input - name_output(input.mean(dim=axes, keepdim=True), "mean"), "x − mean")
    var = name_output(name_output(centered * centered, "(x − mean)²").mean(dim=axes, keepdim=True), "var")
    out = name_output(centered / name_output(autograd.sqrt(name_output(var + eps, "var + eps")), "√(var + eps)"),
                      "normalized")
    if weight is not None:
        out = name_output(out * weight, "normalized × weight")
    if bias is not None:
        out = out + bias
    return composed(out, "layer_norm", input, weight, bias)
