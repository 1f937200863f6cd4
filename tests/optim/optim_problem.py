"""A small fixed problem for optimizer tests: least squares plus a Rosenbrock valley.

The same code builds it in glassgrad and in PyTorch (both spell tensor, @, ** and indexing alike),
so each library differentiates it with its own autograd.
"""
import numpy as np

RNG = np.random.default_rng(1234)
INPUTS = RNG.standard_normal((6, 3))
TARGETS = RNG.standard_normal((6, 2))
START = {
    "weight": RNG.standard_normal((3, 2)),
    "bias": RNG.standard_normal(2),
    "valley": np.array([-1.2, 1.0, 0.5, -0.3]),
    "unused": np.array([0.5, -0.5]),  # never in the loss: its .grad stays None and the optimizer skips it
}


def make_parameters(lib, start=START):
    """Float64 leaf tensors of `lib` (the autograd or the torch module), copies of `start`."""
    return {name: lib.tensor(np.array(value), requires_grad=True) for name, value in start.items()}


def loss(lib, params):
    """mean((X W + b − Y)²) + 0.01 Σ [100 (v_{i+1} − v_i²)² + (1 − v_i)²]."""
    inputs, targets = lib.tensor(INPUTS), lib.tensor(TARGETS)
    residual = inputs @ params["weight"] + params["bias"] - targets
    valley = params["valley"]
    rosenbrock = (100 * (valley[1:] - valley[:-1] ** 2) ** 2 + (1 - valley[:-1]) ** 2).sum()
    return (residual**2).mean() + 0.01 * rosenbrock


def param_groups(params, second_group_options):
    """Two groups: weight and bias with the optimizer's defaults, valley and unused with their own options."""
    return [
        {"params": [params["weight"], params["bias"]]},
        {"params": [params["valley"], params["unused"]], **second_group_options},
    ]


def train(lib, optimizer, params, steps, scheduler=None):
    """`steps` steps of optimizer (and scheduler); the parameters' arrays after each step."""
    trajectory = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss(lib, params).backward()
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        trajectory.append({name: np.array(p.detach().numpy()) for name, p in params.items()})
    return trajectory
