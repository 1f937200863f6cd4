"""Adadelta against PyTorch: parameter trajectories, bad options, and resuming from a state_dict.

The operations are PyTorch's, in PyTorch's order; the results agree to the last bit or two, not all bits:
PyTorch's CPU kernel for addcmul_ fuses its multiply and add (one rounding, FMA), and its float32 sqrt
is not correctly rounded on AVX-512 machines (about 1 element in 6 differs from the exact square root
by one ulp), while NumPy rounds every operation exactly."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import autograd  # noqa: E402
import optim  # noqa: E402

from .optim_problem import START, make_parameters, param_groups, train  # noqa: E402

CONFIGS = [
    (dict(), dict(lr=0.5)),
    (dict(lr=0.5, rho=0.5, eps=1e-4), dict(lr=2.0)),
    (dict(lr=1.0, weight_decay=0.1), dict(rho=0.99)),
    (dict(lr=1.0, maximize=True), dict(lr=0.1)),
    (dict(lr=0.1, rho=0.0), dict(lr=0.01, rho=1.0)),
]


def trajectory(lib, optim_module, options, group_options, steps=30, params=None):
    params = params or make_parameters(lib)
    optimizer = optim_module.Adadelta(param_groups(params, group_options), **options)
    return train(lib, optimizer, params, steps), optimizer, params


@pytest.mark.parametrize("options, group_options", CONFIGS, ids=str)
def test_float64_trajectory_matches_pytorch(options, group_options):
    ours, _, _ = trajectory(autograd, optim, options, group_options)
    theirs, _, _ = trajectory(torch, torch.optim, options, group_options)
    for step, (mine, reference) in enumerate(zip(ours, theirs, strict=True), start=1):
        for key in reference:
            np.testing.assert_allclose(mine[key], reference[key], rtol=1e-13, atol=1e-15,
                                       err_msg=f"Adadelta{options}: {key} after step {step}")
    assert np.array_equal(ours[-1]["unused"], START["unused"])  # no gradient: skipped


def test_float32_trajectory_matches_pytorch_to_float32_rounding():
    rng = np.random.default_rng(0)
    start, grads = rng.standard_normal(50).astype(np.float32), rng.standard_normal((20, 50)).astype(np.float32)

    def run(lib, optim_module):
        param = lib.tensor(start.copy(), requires_grad=True)
        optimizer = optim_module.Adadelta([param], lr=0.7, rho=0.8, weight_decay=0.01)
        for grad in grads:
            param.grad = lib.tensor(grad)
            optimizer.step()
        return param.detach().numpy()

    np.testing.assert_allclose(run(autograd, optim), run(torch, torch.optim), rtol=1e-5, atol=1e-7)


def test_state_dict_resumes_the_same_trajectory():
    whole, _, _ = trajectory(autograd, optim, dict(lr=1.0), dict(lr=0.5), steps=20)
    _, first, params = trajectory(autograd, optim, dict(lr=1.0), dict(lr=0.5), steps=10)
    saved = first.state_dict()
    resumed = optim.Adadelta(param_groups(params, dict(lr=0.5)), lr=1.0)
    resumed.load_state_dict(saved)
    rest = train(autograd, resumed, params, 10)
    for key in whole[-1]:
        np.testing.assert_array_equal(rest[-1][key], whole[-1][key])


def test_state_holds_pytorch_names():
    param = autograd.tensor([1.0, 2.0], requires_grad=True)
    optimizer = optim.Adadelta([param])
    param.grad = autograd.tensor([0.5, -0.5])
    optimizer.step()
    assert set(optimizer.state[param]) == {"step", "square_avg", "acc_delta"}
    assert set(optimizer.param_groups[0]) == set(torch.optim.Adadelta([torch.zeros(1)]).param_groups[0])


@pytest.mark.parametrize("options", [dict(lr=-1), dict(rho=1.5), dict(rho=-0.1), dict(eps=-1), dict(weight_decay=-1)],
                         ids=str)
def test_bad_options_raise_as_pytorch(options):
    with pytest.raises(ValueError) as theirs:
        torch.optim.Adadelta([torch.zeros(1, requires_grad=True)], **options)
    with pytest.raises(ValueError) as ours:
        optim.Adadelta([autograd.zeros(1, requires_grad=True)], **options)
    assert str(ours.value) == str(theirs.value)


def test_closure_loss_is_returned():
    param = autograd.tensor([1.0, -2.0], requires_grad=True)
    optimizer = optim.Adadelta([param])

    def closure():
        optimizer.zero_grad()
        loss = (param**2).sum()
        loss.backward()
        return loss

    assert optimizer.step(closure).item() == 5.0
    assert not np.array_equal(param.detach().numpy(), [1.0, -2.0])
