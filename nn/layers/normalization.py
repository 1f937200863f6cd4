"""BatchNorm1d, BatchNorm2d (and their lazy forms) and LayerNorm (equations in nn.functional.normalization).

weight γ starts at 1 and bias β at 0; running_mean at 0 and running_var at 1. With momentum=None the
running statistics are the cumulative average over all batches seen (factor 1 / num_batches_tracked)."""
import autograd

from .. import init
from ..functional import batch_norm, layer_norm
from ..lazy import LazyModuleMixin, materialize, UninitializedBuffer, UninitializedParameter
from ..module import Module, Parameter
from ..functional._inputs import check_tensor


class _NormBase(Module):
    """What batch and instance normalisation share (PyTorch's _NormBase): the per-channel γ, β and the running
    statistics, their initialisation and repr."""

    # a checkpoint without it (written before PyTorch 0.4.1 had it) loads, keeping the module's own count
    _optional_state = ("num_batches_tracked",)

    def __init__(
        self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None, *,
        bias=True
    ):
        super().__init__()
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        dtype = dtype or autograd.float32
        self.weight = Parameter(autograd.ones(num_features, device=device, dtype=dtype)) if affine else None
        self.bias = Parameter(autograd.zeros(num_features, device=device, dtype=dtype)) if affine and bias else None
        if track_running_stats:
            self.register_buffer("running_mean", autograd.zeros(num_features, device=device, dtype=dtype))
            self.register_buffer("running_var", autograd.ones(num_features, device=device, dtype=dtype))
            self.register_buffer("num_batches_tracked", autograd.tensor(0, dtype=autograd.int64))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)

    def reset_running_stats(self):
        if self.track_running_stats:
            self.running_mean.zero_()
            self.running_var.fill_(1)
            self.num_batches_tracked.zero_()

    def reset_parameters(self):
        """Running statistics back to mean 0, variance 1; γ to 1 and β to 0."""
        self.reset_running_stats()
        if self.weight is not None:
            init.ones_(self.weight)
        if self.bias is not None:
            init.zeros_(self.bias)

    def extra_repr(self):
        return (
            f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
            f"bias={self.bias is not None}, track_running_stats={self.track_running_stats}"
        )


class _BatchNorm(_NormBase):
    accepted_ndims = None  # the input ranks a subclass accepts
    shape_text = None  # how its error message writes them

    def forward(self, input):
        """PyTorch's rule, read at each call: batch statistics when training or when there are no running
        statistics (buffers None); the running statistics are updated (and batches counted) only when training
        with track_running_stats, and used in evaluation whenever they exist."""
        check_tensor("batch_norm", input)
        message = f"{type(self).__name__}: expected input of shape {self.shape_text.format(C=self.num_features)}, " \
                  f"got {tuple(input.shape)}"
        if input.ndim not in self.accepted_ndims:
            raise ValueError(message)
        per_channel = (self.weight, self.bias, self.running_mean, self.running_var)
        if input.shape[1] != self.num_features and any(t is not None for t in per_channel):
            raise RuntimeError(message)  # (PyTorch's type; with nothing per channel any count goes, as there)
        momentum = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats and self.num_batches_tracked is not None:
            self.num_batches_tracked.add_(1)
            if self.momentum is None:
                momentum = 1.0 / int(self.num_batches_tracked)
        use_batch_stats = self.training or (self.running_mean is None and self.running_var is None)
        use_running = not self.training or self.track_running_stats
        return batch_norm(
            input, self.running_mean if use_running else None, self.running_var if use_running else None,
            self.weight, self.bias, use_batch_stats, momentum, self.eps,
        )


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of (N, C) or (N, C, L) input, per channel C."""

    accepted_ndims = (2, 3)
    shape_text = "(N, {C}) or (N, {C}, L)"


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of (N, C, H, W) input, per channel C."""

    accepted_ndims = (4,)
    shape_text = "(N, {C}, H, W)"


class _LazyNormBase(LazyModuleMixin, _NormBase):
    """num_features is 0 until the first input, whose axis 1 sets it. (PyTorch leaves it at 0 when affine=False
    and track_running_stats=False; either way later inputs may then have any number of channels.) As PyTorch's,
    a lazy batch norm is not an instance of its eager class until its first forward makes it one."""

    def __init__(self, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None, *,
                 bias=True):
        super().__init__(0, eps, momentum, affine, track_running_stats, device, dtype, bias=bias)
        if affine:
            self.weight = UninitializedParameter(device=device, dtype=dtype)
            self.bias = UninitializedParameter(device=device, dtype=dtype) if bias else None
        if track_running_stats:
            self.running_mean = UninitializedBuffer(device=device, dtype=dtype)
            self.running_var = UninitializedBuffer(device=device, dtype=dtype)

    def initialize_parameters(self, input, *args, **kwargs):
        if input.ndim not in self.accepted_ndims:
            expected = self.shape_text.format(C="C")
            raise ValueError(f"{type(self).__name__}: expected input of shape {expected}, got {tuple(input.shape)}")
        self.num_features = input.shape[1]
        for tensor in (self.weight, self.bias, self.running_mean, self.running_var):
            if tensor is not None:
                materialize(tensor, (self.num_features,))


class LazyBatchNorm1d(_LazyNormBase, _BatchNorm):
    accepted_ndims, shape_text = BatchNorm1d.accepted_ndims, BatchNorm1d.shape_text
    cls_to_become = BatchNorm1d


class LazyBatchNorm2d(_LazyNormBase, _BatchNorm):
    accepted_ndims, shape_text = BatchNorm2d.accepted_ndims, BatchNorm2d.shape_text
    cls_to_become = BatchNorm2d


class LayerNorm(Module):
    """Normalise each sample over its trailing normalized_shape axes, then y = γ · x̂ + β
    (γ starts at 1, β at 0, both of shape normalized_shape)."""

    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, bias=True, device=None, dtype=None):
        super().__init__()
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        self.normalized_shape, self.eps, self.elementwise_affine = shape, eps, elementwise_affine
        dtype = dtype or autograd.float32
        self.weight = Parameter(autograd.ones(*shape, device=device, dtype=dtype)) if elementwise_affine else None
        self.bias = Parameter(autograd.zeros(*shape, device=device, dtype=dtype)) if elementwise_affine and bias else None

    def forward(self, input):
        return layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return (
            f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}, "
            f"bias={self.bias is not None}"
        )
