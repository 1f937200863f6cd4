"""PyTorch's promotion of two dtypes, with no Tensor in sight (conversion and promotion both use it).

The categories are bool < integer < float < complex.
"""
import numpy as np

CATEGORY = {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3}


def promote_types(a, b):
    """PyTorch's promotion of two dtypes: the higher category wins (int64 and float16 give float16);
    within a category, or between float and complex, the wider type (uint8 and int8 give int16)."""
    a, b = np.dtype(a), np.dtype(b)
    if CATEGORY[a.kind] == CATEGORY[b.kind] or (a.kind in "fc" and b.kind in "fc"):
        return np.promote_types(a, b)
    return a if CATEGORY[a.kind] > CATEGORY[b.kind] else b
