"""Schedules against PyTorch: the learning rate of every group, epoch by epoch."""
import math

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import autograd  # noqa: E402
import optim  # noqa: E402

from .optim_problem import make_parameters, param_groups  # noqa: E402


class Warmup:
    """A callable object (its attributes are saved by LambdaLR.state_dict)."""

    def __init__(self, epochs):
        self.epochs = epochs

    def __call__(self, epoch):
        return min(1.0, (epoch + 1) / self.epochs)


SCHEDULES = [
    ("StepLR", dict(step_size=3, gamma=0.5)),
    ("StepLR", dict(step_size=1)),
    ("ExponentialLR", dict(gamma=0.9)),
    ("CosineAnnealingLR", dict(T_max=7, eta_min=0.001)),
    ("CosineAnnealingLR", dict(T_max=10)),
    ("LambdaLR", dict(lr_lambda=lambda epoch: 1 / (epoch + 1))),
    ("LambdaLR", dict(lr_lambda=[Warmup(5), lambda epoch: 0.95**epoch])),
]


def learning_rates(lib, optim_module, name, options, epochs=30):
    """Each epoch's lr of both groups, as get_last_lr() says and as the optimizer holds them."""
    params = make_parameters(lib)
    optimizer = optim_module.SGD(param_groups(params, {"lr": 0.05}), lr=0.1)
    scheduler = getattr(optim_module.lr_scheduler, name)(optimizer, **options)
    history = []
    for _ in range(epochs):
        history.append(scheduler.get_last_lr() + [group["lr"] for group in optimizer.param_groups])
        optimizer.step()
        scheduler.step()
    return np.array(history)


@pytest.mark.parametrize("name, options", SCHEDULES,  # ids without memory addresses: the same in every process
                         ids=[f"{name}-{k}" for k, (name, _) in enumerate(SCHEDULES)])
def test_learning_rates_match_pytorch_every_epoch(name, options):
    ours = learning_rates(autograd, optim, name, options)
    theirs = learning_rates(torch, torch.optim, name, options)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=0)


def test_cosine_schedule_reaches_eta_min_at_t_max_like_pytorch():
    rates = learning_rates(autograd, optim, "CosineAnnealingLR", dict(T_max=7, eta_min=0.001))[:, 0]
    assert math.isclose(rates[7], 0.001, rel_tol=1e-12)
    assert math.isclose(rates[14], 0.1, rel_tol=1e-12)
