"""`torch.cuda` for a CPU-only library: no GPU is ever available.

Code written for PyTorch asks `cuda.is_available()` or `cuda.device_count()` and falls back to
the CPU; that is all it can do here. Anything that would put work on a GPU raises instead.
"""


def is_available():
    """False: glassgrad computes on the CPU only."""
    return False


def device_count():
    """0: no GPU is ever visible to glassgrad."""
    return 0


def is_initialized():
    return False


def manual_seed(seed):
    """Accepted and ignored, as PyTorch ignores it without a GPU (seed the CPU with autograd.manual_seed)."""


manual_seed_all = manual_seed


def empty_cache():
    """Nothing to free: there is no GPU memory."""


def synchronize(device=None):
    raise RuntimeError("glassgrad is a CPU library: there is no CUDA device to synchronize (cuda.is_available() is False)")


def current_device():
    raise RuntimeError("glassgrad is a CPU library: there is no current CUDA device (cuda.is_available() is False)")


def get_device_name(device=None):
    raise RuntimeError("glassgrad is a CPU library: there is no CUDA device to name (cuda.is_available() is False)")
