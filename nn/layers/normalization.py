"""BatchNorm1d, BatchNorm2d (and their lazy forms) and LayerNorm (equations in nn.functional.normalization).

weight γ starts at 1 and bias β at 0; running_mean at 0 and running_var at 1. With momentum=None the
running statistics are the cumulative average over all batches seen (factor 1 / num_batches_tracked)."""
import autograd

from .. import init
from ..functional import batch_norm, layer_norm
from ..lazy import LazyModuleMixin, materialize, UninitializedBuffer, UninitializedParameter
from ..module import Module, Parameter
from ..functional._inputs import check_tensor
from ..functional._shapes import as_int


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
        self.reset_parameters()  # (a subclass's override included, as in PyTorch)

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

    def _check_input_dim(self, input):
        """Refuse an input of the wrong rank (each subclass defines it, as in PyTorch)."""
        raise NotImplementedError

    def extra_repr(self):
        return (
            f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
            f"bias={self.bias is not None}, track_running_stats={self.track_running_stats}"
        )


class _BatchNorm(_NormBase):
    """A subclass defines _check_input_dim(input), PyTorch's protocol (BatchNorm1d: rank 2 or 3), and may name
    the shapes it accepts in `_shapes` for the error messages."""

    _shapes = "(N, {C}, ...)"

    def _shape_error(self, error, input):
        """`error` (a ValueError or RuntimeError) naming the shapes accepted (C: num_features) and the input's."""
        channels = self.num_features or "C"  # (a lazy norm's is unknown before its first input)
        return error(f"{type(self).__name__}: expected input of shape {self._shapes.format(C=channels)}, "
                     f"got {tuple(input.shape)}")

    def forward(self, input):
        """PyTorch's rule, read at each call: batch statistics when training or when there are no running
        statistics (buffers None); the running statistics are updated (and batches counted) only when training
        with track_running_stats, and used in evaluation whenever they exist."""
        check_tensor("batch_norm", input)
        self._check_input_dim(input)
        if input.ndim < 2:  # (a subclass's _check_input_dim let it through)
            raise self._shape_error(ValueError, input)
        per_channel = (self.weight, self.bias, self.running_mean, self.running_var)
        if input.shape[1] != self.num_features and any(t is not None for t in per_channel):
            raise self._shape_error(RuntimeError, input)  # (PyTorch's type; with nothing per channel any count goes)
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

    _shapes = "(N, {C}) or (N, {C}, L)"

    def _check_input_dim(self, input):
        if input.ndim not in (2, 3):
            raise self._shape_error(ValueError, input)


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of (N, C, H, W) input, per channel C."""

    _shapes = "(N, {C}, H, W)"

    def _check_input_dim(self, input):
        if input.ndim != 4:
            raise self._shape_error(ValueError, input)


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

    def reset_parameters(self):
        """Nothing until the first input gives num_features (PyTorch's rule), then _NormBase's."""
        if self.num_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input, *args, **kwargs):
        if input.ndim < 2:  # (the rank is checked by the eager class's forward, as in PyTorch)
            raise self._shape_error(ValueError, input)
        self.num_features = input.shape[1]
        for tensor in (self.weight, self.bias, self.running_mean, self.running_var):
            if tensor is not None:
                materialize(tensor, (self.num_features,))


class LazyBatchNorm1d(_LazyNormBase, _BatchNorm):
    _shapes, _check_input_dim = BatchNorm1d._shapes, BatchNorm1d._check_input_dim
    cls_to_become = BatchNorm1d


class LazyBatchNorm2d(_LazyNormBase, _BatchNorm):
    _shapes, _check_input_dim = BatchNorm2d._shapes, BatchNorm2d._check_input_dim
    cls_to_become = BatchNorm2d


def reset_affine(module):
    """A norm layer's γ to 1 and β to 0 (each where the layer has it)."""
    if module.weight is not None:
        init.ones_(module.weight)
    if module.bias is not None:
        init.zeros_(module.bias)


class LayerNorm(Module):
    """Normalise each sample over its trailing normalized_shape axes, then y = γ · x̂ + β
    (γ starts at 1, β at 0, both of shape normalized_shape)."""

    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, bias=True, device=None, dtype=None):
        super().__init__()
        normalized_shape = as_int(normalized_shape)  # (np.prod(x.shape[1:]), an np.int64, too)
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(map(as_int, normalized_shape))
        self.normalized_shape, self.eps, self.elementwise_affine = shape, eps, elementwise_affine
        dtype = dtype or autograd.float32
        self.weight = Parameter(autograd.ones(*shape, device=device, dtype=dtype)) if elementwise_affine else None
        self.bias = Parameter(autograd.zeros(*shape, device=device, dtype=dtype)) if elementwise_affine and bias else None
        self.reset_parameters()

    def reset_parameters(self):
        reset_affine(self)

    def forward(self, input):
        return layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return (
            f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}, "
            f"bias={self.bias is not None}"
        )
