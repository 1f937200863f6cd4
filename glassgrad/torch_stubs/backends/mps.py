"""torch.backends.mps: Apple's GPU backend, never available in glassgrad."""


def is_available():
    """False: glassgrad computes on the CPU only."""
    return False


def is_built():
    return False
