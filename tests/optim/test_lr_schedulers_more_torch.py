"""MultiStepLR, ConstantLR, LinearLR, PolynomialLR, MultiplicativeLR, SequentialLR, ChainedScheduler,
CosineAnnealingWarmRestarts, CyclicLR, OneCycleLR and ReduceLROnPlateau against PyTorch: every group's
learning rate (and momentum, for the cyclic schedules) at every step, and resuming from a state_dict."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import autograd  # noqa: E402
import optim  # noqa: E402

from .optim_problem import make_parameters, param_groups  # noqa: E402


class Halve:
    """A callable object (its attributes are saved by MultiplicativeLR.state_dict)."""

    def __init__(self, every):
        self.every = every

    def __call__(self, epoch):
        return 0.5 if epoch % self.every == 0 else 1.0


SCHEDULES = {
    "MultiStepLR": lambda s, o: s.MultiStepLR(o, milestones=[3, 7, 7, 20], gamma=0.5),
    "ConstantLR": lambda s, o: s.ConstantLR(o, factor=0.25, total_iters=6),
    "ConstantLR-default": lambda s, o: s.ConstantLR(o),
    "LinearLR": lambda s, o: s.LinearLR(o, start_factor=0.1, end_factor=0.9, total_iters=12),
    "LinearLR-down": lambda s, o: s.LinearLR(o, start_factor=1.0, end_factor=0.0, total_iters=40),
    "PolynomialLR": lambda s, o: s.PolynomialLR(o, total_iters=15, power=2.0),
    "PolynomialLR-linear": lambda s, o: s.PolynomialLR(o, total_iters=50),
    "MultiplicativeLR": lambda s, o: s.MultiplicativeLR(o, lr_lambda=lambda epoch: 0.95),
    "MultiplicativeLR-per-group": lambda s, o: s.MultiplicativeLR(o, lr_lambda=[Halve(4), lambda epoch: 0.99]),
    "SequentialLR": lambda s, o: s.SequentialLR(
        o, [s.LinearLR(o, start_factor=0.1, total_iters=5), s.CosineAnnealingLR(o, T_max=20)], milestones=[5]),
    "SequentialLR-three": lambda s, o: s.SequentialLR(
        o, [s.ConstantLR(o, factor=0.5, total_iters=4), s.ExponentialLR(o, gamma=0.9), s.StepLR(o, 3)],
        milestones=[4, 15]),
    "ChainedScheduler": lambda s, o: s.ChainedScheduler(
        [s.ConstantLR(o, factor=0.1, total_iters=4), s.ExponentialLR(o, gamma=0.9)]),
    "CosineAnnealingWarmRestarts": lambda s, o: s.CosineAnnealingWarmRestarts(o, T_0=5, eta_min=0.001),
    "CosineAnnealingWarmRestarts-mult": lambda s, o: s.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2),
    "CyclicLR": lambda s, o: s.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=4),
    "CyclicLR-triangular2": lambda s, o: s.CyclicLR(o, base_lr=[0.01, 0.02], max_lr=0.1, step_size_up=3,
                                                    step_size_down=5, mode="triangular2"),
    "CyclicLR-exp_range": lambda s, o: s.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=5, mode="exp_range",
                                                  gamma=0.97, cycle_momentum=False),
    "OneCycleLR": lambda s, o: s.OneCycleLR(o, max_lr=0.1, total_steps=60),
    "OneCycleLR-linear-three-phase": lambda s, o: s.OneCycleLR(
        o, max_lr=[0.1, 0.2], epochs=6, steps_per_epoch=10, anneal_strategy="linear", three_phase=True,
        pct_start=0.25),
}


def make_optimizer(lib, optim_module, kind="SGD"):
    params = make_parameters(lib)
    if kind == "Adam":
        return optim_module.Adam(param_groups(params, {"lr": 0.05}), lr=0.1)
    return optim_module.SGD(param_groups(params, {"lr": 0.05}), lr=0.1, momentum=0.9)


def momentum_of(group):
    return group["betas"][0] if "betas" in group else group["momentum"]


def run(optimizer, scheduler, steps):
    """Each step's (last lr, lr, momentum) of both groups."""
    history = []
    for _ in range(steps):
        history.append(scheduler.get_last_lr() + [group["lr"] for group in optimizer.param_groups]
                       + [momentum_of(group) for group in optimizer.param_groups])
        optimizer.step()
        scheduler.step()
    return np.array(history)


def schedule(lib, optim_module, name, steps=60, kind="SGD"):
    optimizer = make_optimizer(lib, optim_module, kind)
    return run(optimizer, SCHEDULES[name](optim_module.lr_scheduler, optimizer), steps)


@pytest.mark.parametrize("name", SCHEDULES)
def test_rates_match_pytorch_every_step(name):
    np.testing.assert_allclose(schedule(autograd, optim, name), schedule(torch, torch.optim, name),
                               rtol=1e-13, atol=1e-16)


@pytest.mark.parametrize("name", ["CyclicLR", "OneCycleLR"])
def test_cyclic_schedules_move_adams_beta1_like_pytorch(name):
    np.testing.assert_allclose(schedule(autograd, optim, name, kind="Adam"),
                               schedule(torch, torch.optim, name, kind="Adam"), rtol=1e-13, atol=1e-16)


@pytest.mark.parametrize("name", SCHEDULES)
def test_state_dict_resumes_the_same_schedule(name):
    optimizer = make_optimizer(autograd, optim)
    scheduler = SCHEDULES[name](optim.lr_scheduler, optimizer)
    whole = run(optimizer, scheduler, 50)
    optimizer = make_optimizer(autograd, optim)
    scheduler = SCHEDULES[name](optim.lr_scheduler, optimizer)
    run(optimizer, scheduler, 20)
    saved_optimizer, saved_scheduler = optimizer.state_dict(), scheduler.state_dict()
    optimizer = make_optimizer(autograd, optim)
    scheduler = SCHEDULES[name](optim.lr_scheduler, optimizer)
    optimizer.load_state_dict(saved_optimizer)
    scheduler.load_state_dict(saved_scheduler)
    np.testing.assert_array_equal(run(optimizer, scheduler, 30), whole[20:])


def plateau(lib, optim_module, options, metrics):
    optimizer = make_optimizer(lib, optim_module)
    scheduler = optim_module.lr_scheduler.ReduceLROnPlateau(optimizer, **options)
    history = []
    for metric in metrics:
        optimizer.step()
        scheduler.step(metric)
        history.append(scheduler.get_last_lr() + [scheduler.num_bad_epochs, scheduler.cooldown_counter])
    return np.array(history)


PLATEAUS = [
    dict(),
    dict(patience=2, factor=0.5),
    dict(mode="max", patience=1, cooldown=2, threshold=0.01),
    dict(mode="min", threshold_mode="abs", threshold=0.05, patience=0, min_lr=[0.02, 0.001]),
    dict(mode="max", threshold_mode="abs", patience=3, factor=0.2, min_lr=0.01, eps=1e-3),
]


@pytest.mark.parametrize("options", PLATEAUS, ids=str)
def test_reduce_on_plateau_matches_pytorch(options):
    metrics = list(np.random.default_rng(0).standard_normal(80).cumsum() * 0.1 + 5)
    ours = plateau(autograd, optim, options, metrics)
    theirs = plateau(torch, torch.optim, options, metrics)
    np.testing.assert_allclose(ours, theirs, rtol=1e-13, atol=0)


def test_reduce_on_plateau_takes_a_tensor_metric_and_resumes():
    optimizer = make_optimizer(autograd, optim)
    scheduler = optim.lr_scheduler.ReduceLROnPlateau(optimizer, patience=1)
    for value in [3.0, 3.0, 3.0, 3.0]:
        scheduler.step(autograd.tensor(value))
    assert scheduler.get_last_lr() == pytest.approx([0.01, 0.005])
    again = optim.lr_scheduler.ReduceLROnPlateau(make_optimizer(autograd, optim), patience=1)
    again.load_state_dict(scheduler.state_dict())
    assert again.best == 3.0 and again.num_bad_epochs == scheduler.num_bad_epochs


BAD = [
    lambda s, o: s.ConstantLR(o, factor=1.5),
    lambda s, o: s.LinearLR(o, start_factor=0),
    lambda s, o: s.LinearLR(o, end_factor=2),
    lambda s, o: s.MultiplicativeLR(o, lr_lambda=[lambda e: 1.0]),
    lambda s, o: s.SequentialLR(o, [s.ConstantLR(o)], milestones=[3]),
    lambda s, o: s.SequentialLR(o, [], milestones=[]),
    lambda s, o: s.SequentialLR(o, [s.ReduceLROnPlateau(o), s.ConstantLR(o)], milestones=[2]),
    lambda s, o: s.ChainedScheduler([]),
    lambda s, o: s.CosineAnnealingWarmRestarts(o, T_0=0),
    lambda s, o: s.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=0),
    lambda s, o: s.CyclicLR(o, base_lr=0.1, max_lr=1.0, mode="sawtooth"),
    lambda s, o: s.CyclicLR(o, base_lr=[0.1], max_lr=1.0),
    lambda s, o: s.OneCycleLR(o, max_lr=0.1),
    lambda s, o: s.OneCycleLR(o, max_lr=0.1, total_steps=0),
    lambda s, o: s.OneCycleLR(o, max_lr=0.1, total_steps=10, pct_start=1),
    lambda s, o: s.OneCycleLR(o, max_lr=0.1, total_steps=10, anneal_strategy="exp"),
    lambda s, o: s.ReduceLROnPlateau(o, factor=1.0),
    lambda s, o: s.ReduceLROnPlateau(o, mode="up"),
    lambda s, o: s.ReduceLROnPlateau(o, threshold_mode="ratio"),
    lambda s, o: s.ReduceLROnPlateau(o, min_lr=[0.1]),
]


@pytest.mark.parametrize("index", range(len(BAD)))
def test_bad_arguments_raise_as_pytorch(index):
    with pytest.raises((ValueError, TypeError)) as theirs:
        BAD[index](torch.optim.lr_scheduler, make_optimizer(torch, torch.optim))
    with pytest.raises(theirs.type) as ours:
        BAD[index](optim.lr_scheduler, make_optimizer(autograd, optim))
    assert str(ours.value).split(" has ")[0] == str(theirs.value).split(" has ")[0]


def test_one_cycle_refuses_to_step_past_total_steps_as_pytorch():
    for lib, optim_module in [(torch, torch.optim), (autograd, optim)]:
        optimizer = make_optimizer(lib, optim_module)
        scheduler = optim_module.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=3)
        for _ in range(3):
            optimizer.step()
            scheduler.step()
        with pytest.raises(ValueError, match="Tried to step 4 times. The specified number of total steps is 3"):
            scheduler.step()


JUMPS = [0, 3, 3, 7, 2, 10, 1, 25]


@pytest.mark.parametrize("name", ["MultiStepLR", "ConstantLR", "LinearLR", "PolynomialLR", "MultiplicativeLR"])
def test_step_with_an_epoch_warns_and_jumps_by_the_closed_form_as_pytorch(name):
    def jumps(lib, optim_module):
        optimizer = make_optimizer(lib, optim_module)
        scheduler = SCHEDULES[name](optim_module.lr_scheduler, optimizer)
        rates = []
        for epoch in JUMPS:
            optimizer.step()
            with pytest.warns(UserWarning, match="The epoch parameter in `scheduler.step\\(\\)` was not necessary"):
                scheduler.step(epoch)
            rates.append(scheduler.get_last_lr())
        return rates

    np.testing.assert_allclose(jumps(autograd, optim), jumps(torch, torch.optim), rtol=1e-13, atol=0)


def test_sequential_and_chained_steps_take_no_epoch_as_pytorch():
    for name in ["SequentialLR", "ChainedScheduler"]:
        for lib, optim_module in [(torch, torch.optim), (autograd, optim)]:
            scheduler = SCHEDULES[name](optim_module.lr_scheduler, make_optimizer(lib, optim_module))
            with pytest.raises(TypeError):
                scheduler.step(3)


@pytest.mark.parametrize("T_mult", [1, 2, 3])
def test_warm_restarts_take_fractional_epochs_as_pytorch(T_mult):
    def fractional(lib, optim_module):
        optimizer = make_optimizer(lib, optim_module)
        scheduler = optim_module.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=2, T_mult=T_mult,
                                                                          eta_min=0.001)
        rates = []
        for epoch in range(12):
            for batch in range(4):
                optimizer.step()
                scheduler.step(epoch + batch / 4)
                rates.append(scheduler.get_last_lr() + [scheduler.T_cur, scheduler.T_i, scheduler.last_epoch])
        return rates

    np.testing.assert_allclose(fractional(autograd, optim), fractional(torch, torch.optim), rtol=1e-12, atol=1e-15)
    with pytest.raises(ValueError, match="Expected non-negative epoch, but got -1"):
        optim.lr_scheduler.CosineAnnealingWarmRestarts(make_optimizer(autograd, optim), T_0=2).step(-1)


def test_reduce_on_plateau_records_a_given_epoch_as_pytorch():
    for lib, optim_module in [(torch, torch.optim), (autograd, optim)]:
        scheduler = optim_module.lr_scheduler.ReduceLROnPlateau(make_optimizer(lib, optim_module))
        with pytest.warns(UserWarning, match="The epoch parameter"):
            scheduler.step(1.0, epoch=7)
        assert scheduler.last_epoch == 7
