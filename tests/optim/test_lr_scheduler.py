"""Schedules against their closed forms (no PyTorch needed), and their PyTorch semantics."""
import math

import numpy as np
import pytest

import autograd
import optim
from optim.lr_scheduler import CosineAnnealingLR, ExponentialLR, LambdaLR, StepLR


def sgd(lr=0.1):
    return optim.SGD([autograd.tensor([1.0], requires_grad=True)], lr=lr)


def rates(scheduler, epochs=25):
    history = []
    for _ in range(epochs):
        history.append(scheduler.get_last_lr()[0])
        assert scheduler.optimizer.param_groups[0]["lr"] == history[-1]
        scheduler.optimizer.step()
        scheduler.step()
    return np.array(history)


EPOCHS = np.arange(25)


def test_step_lr():
    np.testing.assert_allclose(rates(StepLR(sgd(), step_size=4, gamma=0.5)), 0.1 * 0.5 ** (EPOCHS // 4), rtol=1e-14)


def test_exponential_lr():
    np.testing.assert_allclose(rates(ExponentialLR(sgd(), gamma=0.9)), 0.1 * 0.9**EPOCHS, rtol=1e-13)


def test_cosine_annealing_lr_follows_the_closed_form_and_comes_back_up():
    expected = 0.01 + (0.1 - 0.01) * (1 + np.cos(np.pi * EPOCHS / 10)) / 2
    np.testing.assert_allclose(rates(CosineAnnealingLR(sgd(), T_max=10, eta_min=0.01)), expected, rtol=1e-12)


def test_lambda_lr_with_one_function_per_group():
    a, b = autograd.tensor([1.0], requires_grad=True), autograd.tensor([1.0], requires_grad=True)
    optimizer = optim.SGD([{"params": [a]}, {"params": [b], "lr": 1.0}], lr=0.1)
    scheduler = LambdaLR(optimizer, [lambda epoch: 1 / (epoch + 1), lambda epoch: 0.5**epoch])
    for epoch in range(5):
        assert scheduler.get_last_lr() == pytest.approx([0.1 / (epoch + 1), 0.5**epoch])
        scheduler.step()
    assert scheduler.last_epoch == 5 and scheduler.base_lrs == [0.1, 1.0]
    with pytest.raises(ValueError, match="Expected 2 lr_lambdas, but got 1"):
        LambdaLR(optimizer, [lambda epoch: 1.0])


def test_chainable_rules_carry_a_rate_changed_by_hand():
    scheduler = ExponentialLR(sgd(), gamma=0.5)
    scheduler.optimizer.param_groups[0]["lr"] = 1.0
    scheduler.step()
    assert scheduler.get_last_lr() == [0.5]


def test_scheduler_state_dict_resumes_the_schedule():
    scheduler = CosineAnnealingLR(sgd(), T_max=6)
    for _ in range(3):
        scheduler.step()
    saved = scheduler.state_dict()
    assert "optimizer" not in saved and saved["last_epoch"] == 3
    expected = rates(scheduler, 8)
    resumed_optimizer = sgd()
    resumed = CosineAnnealingLR(resumed_optimizer, T_max=6)
    resumed.load_state_dict(saved)
    resumed_optimizer.param_groups[0]["lr"] = saved["_last_lr"][0]  # the optimizer's own state_dict holds it
    np.testing.assert_allclose(rates(resumed, 8), expected, rtol=1e-15)


def test_lambda_lr_state_dict_saves_callable_objects_not_functions():
    class Halving:
        def __init__(self):
            self.factor = 0.5

        def __call__(self, epoch):
            return self.factor**epoch

    halving = Halving()
    scheduler = LambdaLR(sgd(), halving)
    halving.factor = 0.25
    saved = scheduler.state_dict()
    assert saved["lr_lambdas"] == [{"factor": 0.25}]
    fresh = Halving()
    LambdaLR(sgd(), fresh).load_state_dict(saved)
    assert fresh.factor == 0.25
    assert LambdaLR(sgd(), lambda epoch: 1.0).state_dict()["lr_lambdas"] == [None]


def test_resuming_needs_initial_lr_and_an_optimizer():
    with pytest.raises(KeyError, match=r"param 'initial_lr' is not specified in param_groups\[0\]"):
        StepLR(sgd(), step_size=2, last_epoch=4)
    with pytest.raises(TypeError, match="list is not an Optimizer"):
        StepLR([], step_size=2)


def test_constructing_with_last_epoch_continues_from_the_current_rate():
    optimizer = sgd()
    CosineAnnealingLR(optimizer, T_max=10)
    scheduler = CosineAnnealingLR(optimizer, T_max=10, last_epoch=4)  # initial_lr is set now
    assert scheduler.last_epoch == 5 and scheduler.get_last_lr() == [0.1]  # PyTorch keeps the current rate
    scheduler.step()  # then goes on by the chainable rule from it
    ratio = (1 + math.cos(math.pi * 6 / 10)) / (1 + math.cos(math.pi * 5 / 10))
    assert scheduler.get_last_lr()[0] == pytest.approx(0.1 * ratio, rel=1e-14)
