"""Benchmark: one training step of an MLP 784-256-128-10 (ReLU, softmax cross-entropy,
batch 128, float32, plain SGD), in glassgrad, hand-written NumPy, PyTorch, MyGrad and HIPS autograd.

The glassgrad version uses the engine's tensors and ops (no nn layers) and optim.SGD, so it
measures what the graph bookkeeping costs next to the arithmetic. The NumPy version has
gradients derived by hand.
"""
import numpy as np

from .common import Workload
from .other_engines import cross_entropy, hips_trainer, mygrad_trainer

SIZES, BATCH, LR = (784, 256, 128, 10), 128, 0.01


def _problem(rng):
    weights = []
    for fan_in, fan_out in zip(SIZES[:-1], SIZES[1:], strict=True):
        bound = 1 / np.sqrt(fan_in)
        weights.append(rng.uniform(-bound, bound, (fan_in, fan_out)).astype(np.float32))
        weights.append(rng.uniform(-bound, bound, fan_out).astype(np.float32))
    x = rng.random((BATCH, SIZES[0]), dtype=np.float32)
    y = rng.integers(0, SIZES[-1], BATCH)
    return weights, x, y


def glassgrad_step():
    import autograd
    import optim

    weights, x, y = _problem(np.random.default_rng(0))
    params = [autograd.tensor(w, requires_grad=True) for w in weights]
    optimizer = optim.SGD(params, lr=LR)
    x, rows = autograd.tensor(x), np.arange(BATCH)

    def step():
        h = x
        for i in range(0, len(params), 2):
            h = h @ params[i] + params[i + 1]
            if i < len(params) - 2:
                h = h.relu()
        loss = -h.log_softmax(1)[rows, y].mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    return step


def numpy_step():
    weights, x, y = _problem(np.random.default_rng(0))
    rows = np.arange(BATCH)

    def step():
        w1, b1, w2, b2, w3, b3 = weights
        z1 = x @ w1 + b1
        h1 = np.maximum(z1, 0)
        z2 = h1 @ w2 + b2
        h2 = np.maximum(z2, 0)
        logits = h2 @ w3 + b3
        shifted = logits - logits.max(1, keepdims=True)
        probs = np.exp(shifted)
        probs /= probs.sum(1, keepdims=True)
        d_logits = probs
        d_logits[rows, y] -= 1  # d(mean CE)/d logits = (softmax − onehot) / N
        d_logits /= BATCH
        d_h2 = d_logits @ w3.T
        d_z2 = d_h2 * (z2 > 0)
        d_h1 = d_z2 @ w2.T
        d_z1 = d_h1 * (z1 > 0)
        grads = [x.T @ d_z1, d_z1.sum(0), h1.T @ d_z2, d_z2.sum(0), h2.T @ d_logits, d_logits.sum(0)]
        for w, g in zip(weights, grads, strict=True):
            w -= LR * g

    return step


def torch_step():
    import torch

    weights, x, y = _problem(np.random.default_rng(0))
    params = [torch.tensor(w, requires_grad=True) for w in weights]
    optimizer = torch.optim.SGD(params, lr=LR)
    x, y = torch.tensor(x), torch.tensor(y)

    def step():
        h = x
        for i in range(0, len(params), 2):
            h = h @ params[i] + params[i + 1]
            if i < len(params) - 2:
                h = h.relu()
        loss = torch.nn.functional.cross_entropy(h, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    return step


def loss(xp, params, x, y):
    """The same network and loss in any NumPy-like namespace `xp` (MyGrad, HIPS autograd)."""
    h = x
    for i in range(0, len(params), 2):
        h = xp.matmul(h, params[i]) + params[i + 1]
        if i < len(params) - 2:
            h = xp.maximum(h, 0)
    return cross_entropy(xp, h, y)


def other_engine_step(trainer):
    weights, x, y = _problem(np.random.default_rng(0))
    return trainer(lambda xp, params: loss(xp, params, x, y), weights, LR)


WORKLOADS = [
    Workload(
        "MLP 784-256-128-10 training step, batch 128, float32, SGD",
        {
            "glassgrad": glassgrad_step,
            "numpy": numpy_step,
            "torch": torch_step,
            "mygrad": lambda: other_engine_step(mygrad_trainer),
            "hips": lambda: other_engine_step(hips_trainer),
        },
        repeat=50,
    )
]
