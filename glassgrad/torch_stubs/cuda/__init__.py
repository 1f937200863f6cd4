"""torch.cuda: autograd.cuda (no GPU is ever available: is_available(), device_count(), manual_seed, ...),
plus the names scripts touch on their CPU path: `torch.cuda.amp` and `is_bf16_supported()` (False, as
PyTorch answers without a GPU)."""
from autograd import cuda as _engine_cuda

from . import amp

__all__ = ["amp", "is_bf16_supported", "set_device"]


def __getattr__(name):
    """Every other name is autograd.cuda's."""
    return getattr(_engine_cuda, name)


def is_bf16_supported(including_emulation=True):
    """False: there is no GPU, so no GPU bfloat16."""
    return False


def set_device(device):
    raise RuntimeError(f"glassgrad is a CPU library: there is no CUDA device to select ({device!r}); "
                       "cuda.is_available() is False")
