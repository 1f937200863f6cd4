"""Fifth adversarial pass (#19): in-place optimizer updates against PyTorch 2.13."""
import numpy as np
import pytest

import autograd
import nn
import optim

NAMES = ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta"]


def _run(T, Parameter, optimizers, name, lr):
    param = Parameter(T.tensor(np.array([1.0, 2.0, -0.5], dtype=np.float32)))
    options = {"momentum": 0.9} if name in ("SGD", "RMSprop") else {}
    optimizer = getattr(optimizers, name)([param], lr=lr(T), **options)
    for _ in range(3):
        optimizer.zero_grad()
        (param * param * param).sum().backward()
        optimizer.step()
    return param.detach().numpy()


@pytest.mark.parametrize("name", NAMES)
def test_a_0d_tensor_learning_rate_gives_pytorchs_steps(name):
    torch = pytest.importorskip("torch")
    expected = _run(torch, torch.nn.Parameter, torch.optim, name, lambda T: T.tensor(0.05))
    got = _run(autograd, nn.Parameter, optim, name, lambda T: T.tensor(0.05))
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got, _run(autograd, nn.Parameter, optim, name, lambda T: 0.05), rtol=1e-6)


@pytest.mark.parametrize("name", NAMES)
def test_a_0d_tensor_learning_rate_stays_in_the_group_as_given(name):
    lr = autograd.tensor(0.05)
    optimizer = getattr(optim, name)([nn.Parameter(autograd.ones(2))], lr=lr)
    assert optimizer.param_groups[0]["lr"] is lr


@pytest.mark.parametrize("foreach", [None, False, True])
@pytest.mark.parametrize("name", NAMES)
def test_foreach_is_accepted_and_changes_nothing_as_in_pytorch(name, foreach):
    torch = pytest.importorskip("torch")

    def run(T, Parameter, optimizers):
        param = Parameter(T.tensor(np.array([1.0, 2.0, -0.5], dtype=np.float32)))
        optimizer = getattr(optimizers, name)([param], lr=0.05, weight_decay=0.1, foreach=foreach)
        for _ in range(3):
            optimizer.zero_grad()
            (param * param * param).sum().backward()
            optimizer.step()
        return param.detach().numpy()

    np.testing.assert_allclose(run(autograd, nn.Parameter, optim), run(torch, torch.nn.Parameter, torch.optim),
                               rtol=1e-5, atol=1e-6)
