"""Benchmarks of the graph bookkeeping itself.

(b) per-op overhead: a chain of 1,000 elementwise ops on a 10-element tensor, y ← tanh(y·w)
    500 times, forward + backward, reported in µs per op;
(c) a chain of 1,000,000 scalar ops y ← y·c, forward + backward, in seconds (the engine's
    iterative topological sort must not recurse).
The NumPy column is the same computation with the backward pass written out by hand.
"""
import numpy as np

from .common import Row, median_time

CHAIN_STEPS, MILLION = 500, 1_000_000


def chain_glassgrad():
    import autograd

    w = autograd.tensor(np.random.default_rng(0).normal(size=10).astype(np.float32), requires_grad=True)

    def run():
        y = w
        for _ in range(CHAIN_STEPS):
            y = (y * w).tanh()
        y.sum().backward()
        w.grad = None

    return run


def chain_numpy():
    w = np.random.default_rng(0).normal(size=10).astype(np.float32)

    def run():
        ys = [w]
        for _ in range(CHAIN_STEPS):
            ys.append(np.tanh(ys[-1] * w))
        grad_y, grad_w = np.ones_like(w), np.zeros_like(w)
        for k in range(CHAIN_STEPS, 0, -1):
            grad_product = grad_y * (1 - ys[k] * ys[k])
            grad_w += grad_product * ys[k - 1]
            grad_y = grad_product * w
        return grad_w + grad_y  # y₀ is w itself

    return run


def chain_torch(torch):
    w = torch.tensor(np.random.default_rng(0).normal(size=10).astype(np.float32), requires_grad=True)

    def run():
        y = w
        for _ in range(CHAIN_STEPS):
            y = (y * w).tanh()
        y.sum().backward()
        w.grad = None

    return run


def million_glassgrad():
    import autograd

    def run():
        x = autograd.tensor(1.0, requires_grad=True)
        c = autograd.tensor(1.0000001)
        y = x
        for _ in range(MILLION):
            y = y * c
        y.backward()

    return run


def million_torch(torch):
    def run():
        x = torch.tensor(1.0, requires_grad=True)
        c = torch.tensor(1.0000001)
        y = x
        for _ in range(MILLION):
            y = y * c
        y.backward()

    return run


def run(torch):
    ops = 2 * CHAIN_STEPS
    per_op = [median_time(chain_glassgrad(), repeat=20) / ops, median_time(chain_numpy(), repeat=20) / ops]
    per_op.append(None if torch is None else median_time(chain_torch(torch), repeat=20) / ops)
    million = [median_time(million_glassgrad(), repeat=1, warmup=0), None]
    million.append(None if torch is None else median_time(million_torch(torch), repeat=1, warmup=0))
    return [
        Row("per-op overhead, 1,000-op chain on 10 elements", *per_op, unit="us", note="µs per op, fwd + bwd"),
        Row("1,000,000-op scalar chain", *million, unit="s", note="fwd + bwd"),
    ]
