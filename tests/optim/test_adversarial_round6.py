"""Sixth adversarial pass (#19): schedulers and optimizers against PyTorch 2.13."""
import warnings

import pytest

import autograd
import nn
import optim

torch = pytest.importorskip("torch")


def schedulers(O):
    return {
        "StepLR": lambda opt: O.lr_scheduler.StepLR(opt, 1),
        "LambdaLR": lambda opt: O.lr_scheduler.LambdaLR(opt, lambda epoch: 0.5 ** epoch),
        "CosineAnnealingLR": lambda opt: O.lr_scheduler.CosineAnnealingLR(opt, 4),
        "OneCycleLR": lambda opt: O.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=5),
        "SequentialLR": lambda opt: O.lr_scheduler.SequentialLR(
            opt, [O.lr_scheduler.ConstantLR(opt), O.lr_scheduler.ExponentialLR(opt, 0.9)], milestones=[2]),
        "CosineAnnealingWarmRestarts": lambda opt: O.lr_scheduler.CosineAnnealingWarmRestarts(opt, 2),
        "ReduceLROnPlateau": lambda opt: O.lr_scheduler.ReduceLROnPlateau(opt),
    }


@pytest.mark.parametrize("optimizer_first", [False, True])
@pytest.mark.parametrize("name", list(schedulers(optim)))
def test_a_scheduler_stepped_before_its_optimizer_warns_as_in_pytorch(name, optimizer_first):
    """Was silent: PyTorch warns that the schedule's first rate is skipped (a common mistake in a training loop)."""
    def warned(T, N, O):
        param = N.Parameter(T.ones(2))
        opt = O.SGD([param], lr=1.0, momentum=0.9)
        scheduler = schedulers(O)[name](opt)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if optimizer_first:
                (param * param).sum().backward()
                opt.step()
            for _ in range(2):
                scheduler.step(1.0) if name == "ReduceLROnPlateau" else scheduler.step()
        return sum("before `optimizer.step()`" in str(w.message) for w in caught), opt.param_groups[0]["lr"]
    ours, theirs = warned(autograd, nn, optim), warned(torch, torch.nn, torch.optim)
    assert ours[0] == theirs[0]
    assert ours[1] == pytest.approx(theirs[1])
