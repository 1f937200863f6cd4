"""Benchmark: one training step of a one-layer LSTM, in glassgrad, PyTorch, MyGrad and HIPS autograd.

Input (35 steps × batch 32 × 64 features, float32) → LSTM(64, 128) → mean squared error of every
output against a fixed target → backward → SGD step (lr 0.1). All start from the same weights. MyGrad
and HIPS autograd run the cell written once with NumPy's functions.
"""
import numpy as np

from .common import Workload
from .other_engines import hips_trainer, mygrad_trainer

SEQUENCE, BATCH, INPUT, HIDDEN, LR = 35, 32, 64, 128, 0.1


def _problem(rng):
    """Input, target and initial weights (PyTorch's names and layout), all float32."""
    bound = 1 / np.sqrt(HIDDEN)

    def uniform(*shape):
        return rng.uniform(-bound, bound, shape).astype(np.float32)

    weights = {
        "weight_ih_l0": uniform(4 * HIDDEN, INPUT), "weight_hh_l0": uniform(4 * HIDDEN, HIDDEN),
        "bias_ih_l0": uniform(4 * HIDDEN), "bias_hh_l0": uniform(4 * HIDDEN),
    }
    inputs = rng.standard_normal((SEQUENCE, BATCH, INPUT)).astype(np.float32)
    target = rng.standard_normal((SEQUENCE, BATCH, HIDDEN)).astype(np.float32)
    return inputs, target, weights


def glassgrad_step():
    import autograd
    import nn
    import optim

    inputs, target, weights = _problem(np.random.default_rng(0))
    model = nn.LSTM(INPUT, HIDDEN)
    model.load_state_dict(weights)
    optimizer = optim.SGD(model.parameters(), lr=LR)
    x, y = autograd.tensor(inputs), autograd.tensor(target)

    def step():
        optimizer.zero_grad()
        output, _ = model(x)
        nn.functional.mse_loss(output, y).backward()
        optimizer.step()

    return step


def torch_step():
    import torch

    inputs, target, weights = _problem(np.random.default_rng(0))
    model = torch.nn.LSTM(INPUT, HIDDEN)
    model.load_state_dict({key: torch.from_numpy(value.copy()) for key, value in weights.items()})
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    x, y = torch.from_numpy(inputs), torch.from_numpy(target)

    def step():
        optimizer.zero_grad()
        output, _ = model(x)
        torch.nn.functional.mse_loss(output, y).backward()
        optimizer.step()

    return step


def loss(xp, params, inputs, target):
    """The LSTM (gates i, f, g, o; σ(x) = ½ + ½ tanh(x/2)) and its loss in NumPy's functions."""
    weight_ih, weight_hh, bias_ih, bias_hh = params
    projected = xp.matmul(inputs, weight_ih.T) + (bias_ih + bias_hh)
    h = c = np.zeros((BATCH, HIDDEN), dtype=np.float32)
    outputs = []
    for t in range(SEQUENCE):
        gates = projected[t] + xp.matmul(h, weight_hh.T)
        i, f, g, o = (gates[:, k * HIDDEN : (k + 1) * HIDDEN] for k in range(4))
        i, f, o = (0.5 + 0.5 * xp.tanh(0.5 * gate) for gate in (i, f, o))
        c = f * c + i * xp.tanh(g)
        h = o * xp.tanh(c)
        outputs.append(h)
    return xp.mean((xp.stack(outputs) - target) ** 2)


def other_engine_step(trainer):
    inputs, target, weights = _problem(np.random.default_rng(0))
    return trainer(lambda xp, params: loss(xp, params, inputs, target), list(weights.values()), LR)


WORKLOADS = [
    Workload(
        f"LSTM training step, batch {BATCH}, {SEQUENCE} steps, {INPUT} → {HIDDEN} (fwd + bwd + SGD)",
        {
            "glassgrad": glassgrad_step,
            "torch": torch_step,
            "mygrad": lambda: other_engine_step(mygrad_trainer),
            "hips": lambda: other_engine_step(hips_trainer),
        },
    )
]
