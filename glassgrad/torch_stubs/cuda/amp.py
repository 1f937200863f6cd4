"""torch.cuda.amp: PyTorch's deprecated spellings of torch.amp's autocast('cuda') and GradScaler('cuda').

Without a GPU both disable themselves with PyTorch's warnings (see glassgrad.torch_stubs.amp)."""
import warnings

from .. import amp


class autocast(amp.autocast):  # noqa: N801  (PyTorch's name)
    """`torch.cuda.amp.autocast(args...)` is `torch.amp.autocast('cuda', args...)`: disabled without a GPU."""

    def __init__(self, enabled=True, dtype=None, cache_enabled=True):
        warnings.warn("`torch.cuda.amp.autocast(args...)` is deprecated. Please use "
                      "`torch.amp.autocast('cuda', args...)` instead.", FutureWarning, stacklevel=2)
        super().__init__("cuda", dtype=dtype, enabled=enabled, cache_enabled=cache_enabled)


class GradScaler(amp.GradScaler):
    """`torch.cuda.amp.GradScaler(args...)` is `torch.amp.GradScaler('cuda', args...)`: disabled without a GPU."""

    def __init__(self, init_scale=2.0**16, growth_factor=2.0, backoff_factor=0.5, growth_interval=2000,
                 enabled=True):
        warnings.warn("`torch.cuda.amp.GradScaler(args...)` is deprecated. Please use "
                      "`torch.amp.GradScaler('cuda', args...)` instead.", FutureWarning, stacklevel=2)
        super().__init__("cuda", init_scale=init_scale, growth_factor=growth_factor, backoff_factor=backoff_factor,
                         growth_interval=growth_interval, enabled=enabled)
