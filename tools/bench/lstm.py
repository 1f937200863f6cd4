"""Benchmark: one training step of a one-layer LSTM, in glassgrad and PyTorch.

Input (35 steps × batch 32 × 64 features, float32) → LSTM(64, 128) → mean squared error of every
output against a fixed target → backward → SGD step (lr 0.1). Both start from the same weights.
"""
import numpy as np

from .common import Row, median_time

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


def glassgrad_step(weights, inputs, target):
    import autograd
    import nn
    import optim

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


def torch_step(torch, weights, inputs, target):
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


def run(torch):
    inputs, target, weights = _problem(np.random.default_rng(0))
    glassgrad_time = median_time(glassgrad_step(weights, inputs, target))
    torch_time = None if torch is None else median_time(torch_step(torch, weights, inputs, target))
    return [Row(f"LSTM training step ({SEQUENCE}×{BATCH}×{INPUT} → {HIDDEN})", glassgrad_time, None, torch_time,
                note="forward + backward + SGD")]

