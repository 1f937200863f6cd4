"""Resuming from state_dict() mid-run (optimizer and scheduler) gives exactly the uninterrupted run."""
import numpy as np
import pytest

import autograd
import nn
import optim
from optim import lr_scheduler

from .optim_problem import loss, make_parameters, param_groups, train

OPTIMIZERS = [
    lambda groups: optim.SGD(groups, lr=0.01, momentum=0.9, nesterov=True, weight_decay=0.01),
    lambda groups: optim.Adam(groups, lr=0.01, amsgrad=True, weight_decay=0.01),
    lambda groups: optim.AdamW(groups, lr=0.01),
    lambda groups: optim.RMSprop(groups, lr=0.01, momentum=0.5, centered=True),
    lambda groups: optim.Adagrad(groups, lr=0.1, lr_decay=0.01),
]
SCHEDULERS = [
    lambda opt: lr_scheduler.StepLR(opt, step_size=4, gamma=0.5),
    lambda opt: lr_scheduler.ExponentialLR(opt, gamma=0.9),
    lambda opt: lr_scheduler.CosineAnnealingLR(opt, T_max=8, eta_min=1e-3),
    lambda opt: lr_scheduler.LambdaLR(opt, lambda epoch: 1 / (1 + epoch)),
]


def start(make_optimizer, make_scheduler, parameters_start=None):
    params = make_parameters(autograd, **({} if parameters_start is None else {"start": parameters_start}))
    optimizer = make_optimizer(param_groups(params, {"lr": 0.005}))
    return params, optimizer, make_scheduler(optimizer)


@pytest.mark.parametrize("through_file", [False, True], ids=["in-memory", "nn.save-nn.load"])
@pytest.mark.parametrize("make_scheduler", SCHEDULERS)
@pytest.mark.parametrize("make_optimizer", OPTIMIZERS)
def test_resumed_run_equals_uninterrupted_run(make_optimizer, make_scheduler, through_file, tmp_path):
    params, optimizer, scheduler = start(make_optimizer, make_scheduler)
    uninterrupted = train(autograd, optimizer, params, 25, scheduler)

    params, optimizer, scheduler = start(make_optimizer, make_scheduler)
    train(autograd, optimizer, params, 10, scheduler)
    checkpoint = {
        "params": {name: p.detach().numpy().copy() for name, p in params.items()},
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict(),
    }
    train(autograd, optimizer, params, 3, scheduler)  # moves on: the checkpoint must not change
    if through_file:
        nn.save(checkpoint, tmp_path / "run.npz")
        checkpoint = nn.load(tmp_path / "run.npz")

    params, optimizer, scheduler = start(make_optimizer, make_scheduler, checkpoint["params"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    scheduler.load_state_dict(checkpoint["scheduler"])
    resumed = train(autograd, optimizer, params, 15, scheduler)

    for step, (expected, got) in enumerate(zip(uninterrupted[10:], resumed, strict=True), start=11):
        for name in expected:
            assert np.array_equal(expected[name], got[name]), f"{name} differs after step {step}"


def test_loss_still_decreases_after_resuming():
    params, optimizer, scheduler = start(OPTIMIZERS[1], SCHEDULERS[0])
    before = loss(autograd, params).item()
    train(autograd, optimizer, params, 25, scheduler)
    assert loss(autograd, params).item() < before
