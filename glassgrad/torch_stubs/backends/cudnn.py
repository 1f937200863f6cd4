"""torch.backends.cudnn: the flags scripts set (allow_tf32, benchmark, deterministic), settable, with no effect."""

enabled = True  # PyTorch's defaults
allow_tf32 = True
benchmark = False
deterministic = False


def is_available():
    """False: there is no cuDNN on a CPU-only machine."""
    return False


def version():
    """None, as PyTorch answers without cuDNN."""
    return None
