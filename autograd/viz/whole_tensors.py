"""Which tensors the explorer's page holds whole (every value of data and gradient), within a budget
that keeps the page small; the rest are summarised (shape, first values, min / max / mean) and the page
says so. Measured: a value costs about 8 bytes of JSON ('-0.1234',), so the page budget is ~0.9 MB."""
import numpy as np

TENSOR_VALUES = 4096  # values of one tensor kept whole: a 64 × 64 matrix
PAGE_VALUES = 100_000  # values kept whole in one page, data and every gradient of every tensor together
SMALL_VALUES = 64  # an upstream gradient or a contribution this small is shown whole in its backward step


def gradient_history(steps, output, seed):
    """id(tensor) -> [(k, total)]: the tensor's gradient after backward step k (k = -1: the seed), each
    time it changes (once, or once per path where several paths meet)."""
    history = {id(output): [(-1, seed)]}
    for k, step in enumerate(steps):
        for received in step.inputs:
            if received.total is not None:
                history.setdefault(id(received.tensor), []).append((k, received.total))
        for leaf, hooked in step.hooked:  # a leaf's hooks ran on its complete sum: backward() stores this
            history.setdefault(id(leaf), []).append((k, hooked))
    return history


def kept_whole(tensors, history):
    """{id(tensor)} of the tensors held whole: parameters (leaves that require grad) first, then the
    smallest, while the page's budget lasts; none above TENSOR_VALUES values."""
    def cost(tensor):  # its data, its gradient after each change, and each path's share where paths are summed
        changes = len(history.get(id(tensor), ()))
        return tensor.numel() * (1 + changes + max(0, changes - 1))

    ranked = sorted(tensors, key=lambda t: (not (t._ctx is None and t.requires_grad), cost(t)))
    kept, left = set(), PAGE_VALUES
    for tensor in ranked:
        if tensor.numel() <= TENSOR_VALUES and cost(tensor) <= left:
            kept.add(id(tensor))
            left -= cost(tensor)
    return kept


def dims(array):
    """The shape as a list, [] for a scalar: the page lays the values out by it."""
    return list(np.shape(array))
