"""Fifteenth adversarial pass (#19, hostile15d): optimizers at overflowing gradients, Adagrad's state at
construction, a state dict in PyTorch's own format, against PyTorch 2.13."""
import numpy as np
import pytest

import autograd
import nn
import optim

torch = pytest.importorskip("torch")

INF, NAN = float("inf"), float("nan")
GRADIENTS = [1e-45, 1e-30, 1e-5, 3e18, 1e20, 1e22, 1e36, 3e38, NAN, INF, -INF]
CONFIGS = {
    "RMSprop centered": ("RMSprop", dict(lr=0.01, centered=True)),
    "RMSprop centered momentum": ("RMSprop", dict(lr=0.01, centered=True, momentum=0.9)),
    "RMSprop centered weight decay": ("RMSprop", dict(lr=0.01, centered=True, weight_decay=0.1, alpha=0.9)),
    "RMSprop momentum": ("RMSprop", dict(lr=0.01, momentum=0.9, weight_decay=0.1)),
    "Adam amsgrad": ("Adam", dict(lr=0.01, amsgrad=True)),
    "AdamW amsgrad": ("AdamW", dict(lr=0.01, amsgrad=True, weight_decay=0.1)),
    "Adagrad": ("Adagrad", dict(lr=0.1, lr_decay=0.01, initial_accumulator_value=0.5)),
    "Adadelta": ("Adadelta", dict(weight_decay=0.1)),
    # a large or tiny rate: PyTorch's addcdiv computes (γ m) / d, which overflows (or underflows) where γ (m / d)
    # does not; the parameters then become NaN as PyTorch's
    "Adam large lr": ("Adam", dict(lr=1e3)),
    "Adam amsgrad large lr": ("Adam", dict(lr=1e4, amsgrad=True)),
    "AdamW large lr": ("AdamW", dict(lr=1e3, weight_decay=1e-4)),
    "Adagrad large lr": ("Adagrad", dict(lr=1e4)),
    "RMSprop large lr": ("RMSprop", dict(lr=1e4)),
    "RMSprop centered large lr": ("RMSprop", dict(lr=1e4, centered=True)),
    "Adam tiny lr": ("Adam", dict(lr=1e-30, eps=1e-40)),
    "Adagrad tiny lr": ("Adagrad", dict(lr=1e-30, eps=1e-40)),
    "RMSprop tiny lr": ("RMSprop", dict(lr=1e-30, eps=1e-40)),
}


def thirty_steps(T, N, O, name, options, gradient, dtype):
    """30 steps with gradients around `gradient` (halved every third step, one coordinate tripled on odd steps,
    one held at 1); the parameter's values at the end."""
    param = N.Parameter(T.tensor([1.0, -1.0, 0.5, 0.0], dtype=dtype))
    optimizer = getattr(O, name)([param], **options)
    for i in range(30):
        g = gradient if i % 3 or not np.isfinite(gradient) else gradient * 0.5
        param.grad = T.tensor([g, -g, g * (3 if i % 2 == 0 else 1), 1.0], dtype=dtype)
        optimizer.step()
    return param.detach().numpy().copy()


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("gradient", GRADIENTS)
@pytest.mark.parametrize("config", list(CONFIGS))
def test_thirty_steps_at_extreme_gradients_give_pytorchs_parameters(config, gradient, dtype):
    """Was silent (S3): centered RMSprop computed v − ḡ² as inf − inf = NaN once ḡ² overflowed float32, where
    PyTorch's fused addcmul gives inf (a zero step, the parameter stays finite). The other optimizers are checked
    at the same gradients: each overflow, NaN and inf lands where PyTorch's does."""
    name, options = CONFIGS[config]
    ours = thirty_steps(autograd, nn, optim, name, options, gradient, getattr(autograd, dtype))
    theirs = thirty_steps(torch, torch.nn, torch.optim, name, options, gradient, getattr(torch, dtype))
    np.testing.assert_array_equal(np.isnan(ours), np.isnan(theirs))
    np.testing.assert_allclose(ours, theirs, rtol=2e-5, atol=1e-6, equal_nan=True)
    assert np.isinf(ours).tolist() == np.isinf(theirs).tolist()


def test_the_hostile_reproducer_of_centered_rmsprop_stays_finite():
    """repro_s3: 21 steps of a 1e20 gradient; PyTorch stops moving at step 3, at tensor([0.7690, -1.2310, 0.2690])."""
    def run(T, N, O):
        param = N.Parameter(T.tensor([1.0, -1.0, 0.5]))
        optimizer = O.RMSprop([param], lr=0.01, centered=True)
        for _ in range(21):
            param.grad = T.full((3,), 1e20)
            optimizer.step()
        return param.detach().numpy()
    ours, theirs = run(autograd, nn, optim), run(torch, torch.nn, torch.optim)
    assert np.isfinite(ours).all()
    np.testing.assert_allclose(ours, theirs, rtol=1e-6)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_centered_rmsprop_matches_pytorch_bitwise_on_ordinary_gradients(dtype):
    """The fused v − ḡ² rounds once, as PyTorch's: on random gradients the parameters agree to the last place
    for float32 (float64's longdouble product is not exact: a tolerance of a few ulps)."""
    rng = np.random.default_rng(0)
    grads = rng.standard_normal((20, 50)).astype(dtype)
    start = rng.standard_normal(50).astype(dtype)

    def run(T, N, O):
        param = N.Parameter(T.tensor(start))
        optimizer = O.RMSprop([param], lr=0.01, centered=True, alpha=0.9)
        for g in grads:
            param.grad = T.tensor(g)
            optimizer.step()
        return param.detach().numpy()
    np.testing.assert_allclose(run(autograd, nn, optim), run(torch, torch.nn, torch.optim), rtol=1e-5)


# ----- S4: Adagrad's state from construction -----

def adagrad(T, N, O, **options):
    params = [N.Parameter(T.ones(2)), N.Parameter(T.ones(3))]
    return params, O.Adagrad([{"params": [params[0]]}, {"params": [params[1]], "initial_accumulator_value": 3.0}],
                             lr=0.1, initial_accumulator_value=0.5, **options)


def numbers(state):
    return {index: {key: np.asarray(value.numpy() if hasattr(value, "numpy") else value).tolist()
                    for key, value in entry.items()} for index, entry in state.items()}


def test_adagrad_state_dict_before_any_step_is_pytorchs():
    """Was silent (S4): glassgrad's state was {} until the first step; PyTorch's has step 0 and the sum at the
    constructor's initial_accumulator_value for every parameter (a group's own value is not used)."""
    ours, theirs = adagrad(autograd, nn, optim)[1], adagrad(torch, torch.nn, torch.optim)[1]
    assert numbers(ours.state_dict()["state"]) == numbers(theirs.state_dict()["state"])
    assert ours.state_dict()["state"][1]["sum"].tolist() == [0.5, 0.5, 0.5]


def test_adagrad_ignores_a_later_change_of_initial_accumulator_value_as_pytorch():
    """Changing the group's option after construction does not change the first step (p → 0.9184, not 0.9698)."""
    def run(T, N, O):
        params, optimizer = adagrad(T, N, O)
        optimizer.param_groups[0]["initial_accumulator_value"] = 10.0
        params[0].grad = T.ones(2)
        optimizer.step()
        added = N.Parameter(T.ones(1))
        optimizer.add_param_group({"params": [added], "initial_accumulator_value": 7.0})
        added.grad = T.ones(1)
        optimizer.step()
        return [p.detach().numpy().copy() for p in params + [added]], numbers(optimizer.state_dict()["state"])
    (ours, our_state), (theirs, their_state) = run(autograd, nn, optim), run(torch, torch.nn, torch.optim)
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-6)
    assert our_state == their_state


def test_adagrad_state_dict_round_trips_before_and_after_steps():
    """A state dict taken before any step loads into a fresh Adagrad, whose steps then match the original's."""
    params, optimizer = adagrad(autograd, nn, optim)
    fresh_params, fresh = adagrad(autograd, nn, optim, lr_decay=0.5)
    fresh.load_state_dict(optimizer.state_dict())
    for _ in range(2):
        for a, b in zip(params, fresh_params, strict=True):
            a.grad, b.grad = autograd.full(a.shape, 2.0), autograd.full(b.shape, 2.0)
        optimizer.step()
        fresh.step()
        fresh.load_state_dict(optimizer.state_dict())
    for a, b in zip(params, fresh_params, strict=True):
        np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())
    assert fresh.state_dict()["state"][0]["step"] == 2


def test_adagrad_parameter_that_never_gets_a_gradient_keeps_its_initial_state():
    params, optimizer = adagrad(autograd, nn, optim)
    params[0].grad = autograd.ones(2)
    optimizer.step()
    state = optimizer.state_dict()["state"]
    assert state[1]["step"] == 0 and state[1]["sum"].tolist() == [0.5] * 3


# ----- U1: PyTorch's own state dict format -----

@pytest.mark.parametrize("name, options", [("Adam", dict(lr=0.1, amsgrad=True)), ("AdamW", dict(lr=0.1)),
                                           ("RMSprop", dict(lr=0.01, centered=True, momentum=0.5)),
                                           ("Adagrad", dict(lr=0.1)), ("Adadelta", dict()),
                                           ("SGD", dict(lr=0.1, momentum=0.9))])
def test_a_state_dict_with_pytorchs_tensor_step_loads_and_continues_as_pytorch(name, options):
    """Was refused (U1): 'step' as a 0-d tensor (PyTorch's optimizer.state_dict()) was checked as a per-element
    array of the parameter's shape. It loads, and the next steps match PyTorch's."""
    rng = np.random.default_rng(1)
    weight, inputs = rng.standard_normal((1, 2)).astype("float32"), rng.standard_normal((3, 2)).astype("float32")

    def model(T, N):
        linear = N.Linear(2, 1)
        with (autograd if T is autograd else torch).no_grad():
            linear.weight.copy_(T.tensor(weight))
            linear.bias.zero_()
        return linear

    def step(T, linear, optimizer):
        optimizer.zero_grad()
        (linear(T.tensor(inputs)) ** 2).sum().backward()
        optimizer.step()

    theirs = model(torch, torch.nn)
    their_optimizer = getattr(torch.optim, name)(theirs.parameters(), **options)
    for _ in range(2):
        step(torch, theirs, their_optimizer)
    saved = their_optimizer.state_dict()
    assert all(isinstance(s["step"], torch.Tensor) for s in saved["state"].values() if name != "SGD")
    ours = model(autograd, nn)
    with autograd.no_grad():
        for a, b in zip(ours.parameters(), theirs.parameters(), strict=True):
            a.copy_(autograd.tensor(b.detach().numpy()))
    our_optimizer = getattr(optim, name)(ours.parameters(), **options)
    our_optimizer.load_state_dict({
        "state": {index: {key: autograd.tensor(value.numpy()) if isinstance(value, torch.Tensor) else value
                          for key, value in entry.items()} for index, entry in saved["state"].items()},
        "param_groups": saved["param_groups"]})
    assert our_optimizer.state_dict()["state"][0].get("step", 2) == 2  # (SGD keeps no step)
    for _ in range(2):
        step(torch, theirs, their_optimizer)
        step(autograd, ours, our_optimizer)
    for a, b in zip(ours.parameters(), theirs.parameters(), strict=True):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-5, atol=1e-7)


def test_a_step_of_the_wrong_kind_is_still_refused_clearly():
    """A 'step' with more than one element is not a count: the shape check still names it."""
    param = nn.Parameter(autograd.ones(3))
    optimizer = optim.Adam([param])
    saved = {"state": {0: {"step": autograd.ones(2), "exp_avg": autograd.zeros(3), "exp_avg_sq": autograd.zeros(3)}},
             "param_groups": [{**optimizer.state_dict()["param_groups"][0]}]}
    with pytest.raises(ValueError, match="'step'"):
        optimizer.load_state_dict(saved)
