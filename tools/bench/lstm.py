"""Benchmark: one training step of a one-layer LSTM, in glassgrad, hand-written NumPy, PyTorch, MyGrad
and HIPS autograd.

Input (35 steps × batch 32 × 64 features, float32) → LSTM(64, 128) → mean squared error of every
output against a fixed target → backward → SGD step (lr 0.1). All start from the same weights. The
NumPy version is glassgrad's algorithm with the backward pass through time derived on paper: all four
gates' input projections for every step in one matrix product, one (batch, 4·hidden) hidden product per
step, and in backward one product each, over all steps, for the gradients of the two weight matrices;
MyGrad and HIPS autograd run the cell written once with NumPy's functions.
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


def _sigmoid(x):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-x))


def lstm_forward(inputs, weights):
    """The LSTM over the sequence, keeping what backward needs: outputs (L, N, H) and, per step,
    (h_prev, c_prev, i, f, g, o, tanh c)."""
    weight_ih, weight_hh, bias_ih, bias_hh = weights
    projected = inputs @ weight_ih.T + (bias_ih + bias_hh)  # every step's input projection at once
    h = c = np.zeros((inputs.shape[1], weight_hh.shape[1]), dtype=inputs.dtype)
    outputs, cache = [], []
    for gates_in in projected:
        gates = gates_in + h @ weight_hh.T
        i, f, g, o = np.split(gates, 4, axis=1)
        i, f, g, o = _sigmoid(i), _sigmoid(f), np.tanh(g), _sigmoid(o)
        h_prev, c_prev = h, c
        c = f * c + i * g
        tanh_c = np.tanh(c)
        h = o * tanh_c
        outputs.append(h)
        cache.append((h_prev, c_prev, i, f, g, o, tanh_c))
    return np.stack(outputs), cache


def lstm_backward(grad_outputs, inputs, weights, cache):
    """Backpropagation through time, derived on paper: with dh = ∂L/∂hₜ (from the output and from step t+1)
    and dc = ∂L/∂cₜ,  dc += dh·o·(1 − tanh²c),  then di = dc·g·i(1−i), df = dc·cₜ₋₁·f(1−f), dg = dc·i·(1−g²),
    do = dh·tanh c·o(1−o);  dhₜ₋₁ = dgates W_hh,  dcₜ₋₁ = dc·f;  after the loop, over all steps at once,
    dW_hh = Σₜ dgatesₜᵀ hₜ₋₁ and dW_ih = Σₜ dgatesₜᵀ xₜ (one product each).
    Returns the gradients of (W_ih, W_hh, b_ih, b_hh)."""
    weight_hh = weights[1]
    grad_gates = np.empty(grad_outputs.shape[:2] + (weight_hh.shape[0],), dtype=grad_outputs.dtype)
    dh_next = dc_next = 0
    for t in reversed(range(len(cache))):
        _, c_prev, i, f, g, o, tanh_c = cache[t]
        dh = grad_outputs[t] + dh_next
        dc = dc_next + dh * o * (1 - tanh_c * tanh_c)
        np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f), dc * i * (1 - g * g),
                        dh * tanh_c * o * (1 - o)], axis=1, out=grad_gates[t])
        dh_next, dc_next = grad_gates[t] @ weight_hh, dc * f
    flat_gates = grad_gates.reshape(-1, grad_gates.shape[2])
    previous_h = np.stack([step[0] for step in cache]).reshape(-1, weight_hh.shape[1])
    grad_weight_hh = flat_gates.T @ previous_h
    grad_bias = flat_gates.sum(axis=0)
    # b_ih and b_hh enter only as their sum, so they get the same gradient (one array, used twice)
    return flat_gates.T @ inputs.reshape(-1, inputs.shape[2]), grad_weight_hh, grad_bias, grad_bias


def numpy_step():
    """The same computation with the backward pass written out: the floor the engine's bookkeeping adds to."""
    inputs, target, weights = _problem(np.random.default_rng(0))
    weights = list(weights.values())

    def step():
        outputs, cache = lstm_forward(inputs, weights)
        grad_outputs = 2 * (outputs - target) / outputs.size  # d mean((out − target)²) / d out
        for w, grad in zip(weights, lstm_backward(grad_outputs, inputs, weights, cache), strict=True):
            w -= LR * grad

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
            "numpy": numpy_step,
            "torch": torch_step,
            "mygrad": lambda: other_engine_step(mygrad_trainer),
            "hips": lambda: other_engine_step(hips_trainer),
        },
    )
]
