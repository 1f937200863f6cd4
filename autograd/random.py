"""One NumPy Generator behind every random function in glassgrad (init, dropout, shuffling).

`manual_seed(s)` makes everything that follows reproducible."""
import numpy as np

_state = {"generator": np.random.default_rng()}


def manual_seed(seed):
    """Reseed the generator that every random function uses."""
    _state["generator"] = np.random.default_rng(seed)
    return _state["generator"]


def default_generator():
    """The current NumPy Generator (pass it on, or use it to draw numbers)."""
    return _state["generator"]
