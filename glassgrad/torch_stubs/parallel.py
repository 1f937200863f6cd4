"""torch.nn.parallel: `DistributedDataParallel` refuses (glassgrad trains in one process); `DataParallel`
is, as in PyTorch without a GPU, a wrapper that calls the module it holds."""
from nn import Module

from .distributed import _NOT_STARTED

__all__ = ["DataParallel", "DistributedDataParallel"]


class DistributedDataParallel(Module):
    """Refuses to wrap: there is no process group (torch.distributed.init_process_group raises here)."""

    def __init__(self, module, *args, **kwargs):
        raise ValueError(f"DistributedDataParallel: {_NOT_STARTED} glassgrad trains in a single process on the CPU; "
                         "use the module itself")


class DataParallel(Module):
    """On a machine without GPUs, as in PyTorch, `DataParallel(m)(x)` is `m(x)`; `.module` is `m`."""

    def __init__(self, module, device_ids=None, output_device=None, dim=0):
        super().__init__()
        self.module = module
        self.device_ids = []
        self.dim = dim

    def forward(self, *inputs, **kwargs):
        return self.module(*inputs, **kwargs)
