"""InstanceNorm1d / InstanceNorm2d and GroupNorm, as PyTorch's, composed from mean, subtraction and sqrt.

For x of shape (N, C, *spatial):
    instance norm: x̂[n, c] = (x[n, c] − μ[n, c]) / √(σ²[n, c] + eps), statistics over the spatial axes of
                   each sample and channel (biased variance), then y = γ[c]·x̂ + β[c] when affine;
                   with track_running_stats, the running statistics (updated in training with the mean over
                   the batch of the instances' means and unbiased variances) replace them in evaluation.
    group norm:    the same with statistics over each group of C/G channels and all spatial axes of a sample;
                   γ and β are per channel.
"""
import warnings

import numpy as np

import autograd
from autograd.pytorch.conversion import held_number

from ..functional._inputs import check_tensor
from ..functional._shapes import as_int
from ..functional.normalization import _per_channel, _scale_and_shift, group_norm, refuse_running_stats_with_grad
from ..module import Module, Parameter
from .normalization import _NormBase, reset_affine


class _InstanceNorm(_NormBase):
    """PyTorch's protocol: a subclass defines _check_input_dim(input) (refuse a wrong rank) and _get_no_batch_dim()
    (the rank of an unbatched input); forward checks the channels, then normalises through _apply_instance_norm
    (an unbatched input through _handle_no_batch_input)."""

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=False, track_running_stats=False, device=None,
                 dtype=None, *, bias=True):
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device, dtype, bias=bias)

    def _get_no_batch_dim(self):
        raise NotImplementedError

    def _handle_no_batch_input(self, input):
        return self._apply_instance_norm(input.unsqueeze(0)).squeeze(0)

    def _apply_instance_norm(self, input):
        """Row-major whatever input's layout, as PyTorch's (which batch-norms the input viewed as (1, N·C, ...))."""
        refuse_running_stats_with_grad(self.running_mean, self.running_var)
        return self._normalise(input).contiguous()

    def forward(self, input):
        check_tensor("instance_norm", input)
        self._check_input_dim(input)
        unbatched = self._get_no_batch_dim()
        feature_dim = input.ndim - unbatched
        if not 0 <= feature_dim < input.ndim:
            raise ValueError(f"{type(self).__name__}: expected input with a channel axis at dim={feature_dim} "
                             f"(unbatched inputs have {unbatched} dimensions), got shape {tuple(input.shape)}")
        channels = input.shape[feature_dim]
        if channels != self.num_features:
            if self.affine:
                raise ValueError(f"expected input's size at dim={feature_dim} to match num_features "
                                 f"({self.num_features}), but got: {channels}.")
            warnings.warn(f"input's size at dim={feature_dim} does not match num_features. You can silence "
                          "this warning by not passing in num_features, which is not used because affine=False",
                          stacklevel=2)
        if input.ndim == unbatched:
            return self._handle_no_batch_input(input)
        return self._apply_instance_norm(input)

    def _normalise(self, x):
        if x.dtype == autograd.float16:  # normalised in float32, as PyTorch's kernel does; the result float16
            return self._normalise(x.float()).to(autograd.float16)
        axes = tuple(range(2, x.ndim))
        use_input_stats = self.training or not self.track_running_stats
        if not use_input_stats:
            centered = x - _per_channel(self.running_mean, x.ndim)
            return _scale_and_shift(centered / autograd.sqrt(_per_channel(self.running_var, x.ndim) + self.eps),
                           self.weight, self.bias)
        count = int(np.prod(x.shape[2:]))
        if self.training and count <= 1:
            raise ValueError(f"Expected more than 1 spatial element when training, got input size {list(x.shape)}")
        centered = x - x.mean(dim=axes, keepdim=True)
        var = (centered * centered).mean(dim=axes, keepdim=True)
        if self.running_mean is not None and self.training:
            self._update_running_stats(x, axes, count)
        return _scale_and_shift(centered / autograd.sqrt(var + self.eps), self.weight, self.bias)

    def _update_running_stats(self, x, axes, count):
        """running ← (1 − momentum)·running + momentum·(the batch's mean of instance statistics), unbiased
        variances, outside the graph (PyTorch's InstanceNorm reads momentum None as 0)."""
        momentum = 0.0 if self.momentum is None else held_number(self.momentum)  # (np.float16(0.3): 1 − it as a float)
        values = x.detach().numpy()
        mean = values.mean(axis=axes).mean(axis=0)
        var = values.var(axis=axes, ddof=1).mean(axis=0) if count > 1 else np.full(values.shape[1], np.nan)
        with autograd.no_grad():
            self.running_mean.copy_(autograd.tensor((1 - momentum) * self.running_mean.numpy() + momentum * mean))
            self.running_var.copy_(autograd.tensor((1 - momentum) * self.running_var.numpy() + momentum * var))


class InstanceNorm1d(_InstanceNorm):
    """Input (N, C, L) or (C, L)."""

    def _get_no_batch_dim(self):
        return 2

    def _check_input_dim(self, input):
        if input.ndim not in (2, 3):
            raise ValueError(f"expected 2D or 3D input (got {input.ndim}D input)")


class InstanceNorm2d(_InstanceNorm):
    """Input (N, C, H, W) or (C, H, W)."""

    def _get_no_batch_dim(self):
        return 3

    def _check_input_dim(self, input):
        if input.ndim not in (3, 4):
            raise ValueError(f"expected 3D or 4D input (got {input.ndim}D input)")


class GroupNorm(Module):
    """Input (N, C, *): normalised over each group of C/num_groups channels (see the module's docstring)."""

    def __init__(self, num_groups, num_channels, eps=1e-5, affine=True, device=None, dtype=None, *, bias=True):
        super().__init__()
        num_groups, num_channels = as_int(num_groups), as_int(num_channels)  # (np.int8(2): ints, or sizes wrap)
        if num_channels % num_groups:
            raise ValueError("num_channels must be divisible by num_groups")
        self.num_groups, self.num_channels, self.eps, self.affine = num_groups, num_channels, eps, affine
        where = {"device": device, "dtype": dtype or autograd.float32}
        self.weight = Parameter(autograd.ones(num_channels, **where)) if affine else None
        self.bias = Parameter(autograd.zeros(num_channels, **where)) if affine and bias else None
        self.reset_parameters()

    def reset_parameters(self):
        reset_affine(self)

    def forward(self, input):
        check_tensor("group_norm", input)
        if input.ndim < 2:
            raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received {input.ndim}")
        channels = input.shape[1]
        if channels % self.num_groups:
            raise RuntimeError(f"Expected number of channels in input to be divisible by num_groups, but got input of "
                               f"shape {list(input.shape)} and num_groups={self.num_groups}")
        if self.weight is not None and channels != self.num_channels:
            raise RuntimeError(f"Expected weight to be a vector of size equal to the number of channels in input, but "
                               f"got weight of shape [{self.num_channels}] and input of shape {list(input.shape)}")
        return group_norm(input, self.num_groups, self.weight, self.bias, self.eps)  # (float16 in float32, as there)

    def extra_repr(self):
        return (f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}, "
                f"bias={self.bias is not None}")
