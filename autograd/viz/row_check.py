"""The row-by-row check of log-softmax's backward pass (and so of cross-entropy's): placeholder."""


def row_check(step, grads, ids):
    return None
