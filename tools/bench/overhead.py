"""Benchmarks of the graph bookkeeping itself.

(b) per-op overhead: a chain of 1,000 elementwise ops on a 10-element tensor, y ← tanh(y·w)
    500 times, forward + backward, reported in µs per op;
(c) a chain of 1,000,000 scalar ops y ← y·c, forward + backward, in seconds (the engine's
    iterative topological sort must not recurse), timed twice: with the garbage collector
    running, as in user code (a million-node graph is millions of objects for it to scan), and
    paused. MyGrad and HIPS autograd sit this one out: 100,000 ops took them 80 s and 54 s on the
    (busy) build machine, so a million would take many minutes each.
The NumPy column is the same computation with the backward pass written out by hand (for the
million-op chain: the floor that any engine's bookkeeping adds to).
"""
import numpy as np

from .common import Workload
from .other_engines import hips_numpy

CHAIN_STEPS, MILLION, FACTOR = 500, 1_000_000, 1.0000001


def _weights():
    return np.random.default_rng(0).normal(size=10).astype(np.float32)


def tape_chain(tensor, tanh, total):
    """The per-op chain in an engine that records a tape (glassgrad, PyTorch, MyGrad)."""
    w = tensor(_weights())

    def step():
        y = w
        for _ in range(CHAIN_STEPS):
            y = tanh(y * w)
        total(y).backward()
        w.grad = None

    return step


def chain_glassgrad():
    import autograd

    return tape_chain(lambda a: autograd.tensor(a, requires_grad=True), autograd.tanh, autograd.sum)


def chain_torch():
    import torch

    return tape_chain(lambda a: torch.tensor(a, requires_grad=True), torch.tanh, torch.sum)


def chain_mygrad():
    import mygrad

    w = mygrad.tensor(_weights())

    def step():  # as tape_chain; MyGrad's backward() replaces .grad, which cannot be set to None
        y = w
        for _ in range(CHAIN_STEPS):
            y = mygrad.tanh(y * w)
        mygrad.sum(y).backward()

    return step


def chain_hips():
    anp, grad = hips_numpy()

    def chain(w):
        y = w
        for _ in range(CHAIN_STEPS):
            y = anp.tanh(y * w)
        return anp.sum(y)

    gradient, w = grad(chain), _weights()
    return lambda: gradient(w)


def chain_numpy():
    w = _weights()

    def step():
        ys = [w]
        for _ in range(CHAIN_STEPS):
            ys.append(np.tanh(ys[-1] * w))
        grad_y, grad_w = np.ones_like(w), np.zeros_like(w)
        for k in range(CHAIN_STEPS, 0, -1):
            grad_product = grad_y * (1 - ys[k] * ys[k])
            grad_w += grad_product * ys[k - 1]
            grad_y = grad_product * w
        return grad_w + grad_y  # y₀ is w itself

    return step


def tape_million(leaf, constant):
    """y ← y·c a million times from a leaf x, then dy/dx by backward()."""

    def step():
        x, c = leaf(1.0), constant(FACTOR)
        y = x
        for _ in range(MILLION):
            y = y * c
        y.backward()

    return step


def million_glassgrad():
    import autograd

    return tape_million(lambda v: autograd.tensor(v, requires_grad=True), autograd.tensor)


def million_torch():
    import torch

    return tape_million(lambda v: torch.tensor(v, requires_grad=True), torch.tensor)


def million_numpy():
    """The same chain on 0-d float32 arrays with its derivative dy/dx = c·c·…·c accumulated by hand."""

    def step():
        c = np.asarray(np.float32(FACTOR))
        y = np.asarray(np.float32(1.0))
        for _ in range(MILLION):
            y = y * c
        grad = np.ones((), dtype=np.float32)
        for _ in range(MILLION):
            grad = grad * c
        return y, grad

    return step


CHAIN = {"glassgrad": chain_glassgrad, "numpy": chain_numpy, "torch": chain_torch, "mygrad": chain_mygrad,
         "hips": chain_hips}
MILLION_CHAIN = {"glassgrad": million_glassgrad, "numpy": million_numpy, "torch": million_torch}

WORKLOADS = [
    Workload("per-op overhead, 1,000-op chain on 10 elements (fwd + bwd, per op)", CHAIN, unit="us",
             per=2 * CHAIN_STEPS),
    Workload("1,000,000-op scalar chain, fwd + bwd, garbage collector on", MILLION_CHAIN, unit="s", repeat=1,
             warmup=0),
    Workload("1,000,000-op scalar chain, fwd + bwd, garbage collector paused", MILLION_CHAIN, unit="s", repeat=1,
             warmup=0, gc_paused=True),
]
