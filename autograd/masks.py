"""A faster form of one selection the backward rules make often (outside the core: only elementwise.Where uses it)."""
import numpy as np

UNSIGNED = {2: np.uint16, 4: np.uint32, 8: np.uint64}


def zero_where(condition, values):
    """np.where(condition, 0, values), bit for bit, for a float array and a bool condition of its shape: the bitwise
    and of the values with a mask whose bits are all ones where the condition is False (ReLU's backward at
    32×32×64×64 float32: 2.8 ms, where np.where takes 16–18 ms)."""
    unsigned = UNSIGNED.get(values.dtype.itemsize) if values.dtype.kind == "f" else None
    if unsigned is None or np.shape(condition) != values.shape or np.asarray(condition).dtype != np.bool_:
        return np.where(condition, 0, values)
    mask = np.asarray(condition).astype(unsigned)  # 1 where the result is 0
    mask -= 1  # 0 there, all bits set elsewhere
    return np.bitwise_and(values.view(unsigned), mask, out=mask).view(values.dtype)
