"""Short text for a tensor's shape, data and grad, as shown inside its box."""
import numpy as np

PREVIEW_VALUES = 4  # how many values of a non-scalar tensor are shown


def scalar_text(value):
    """A single number in full: the shortest text that reads back to the same float32 or float64."""
    return str(value)


def values_text(array):
    """A scalar in full; otherwise the first few values in reading order, 4 significant digits."""
    flat = np.asarray(array).reshape(-1)
    if flat.size == 1:
        return scalar_text(flat[0])
    shown = ", ".join(_short(v) for v in flat[:PREVIEW_VALUES])
    return f"[{shown}, ...]" if flat.size > PREVIEW_VALUES else f"[{shown}]"


def _short(value):
    return f"{value:.4g}" if np.issubdtype(type(value), np.floating) else str(value)


def shape_text(array):
    """'(32, 2) float32', or 'scalar float64' for a 0-d array."""
    shape = "scalar" if array.ndim == 0 else str(tuple(array.shape))
    return f"{shape} {array.dtype}"
