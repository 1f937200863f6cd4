"""Minibatch SGD on linear regression recovers the true weights and the closed-form solutions
(least squares; ridge with weight decay). Integration of make_regression, DataLoader, SGD and StepLR."""
import numpy as np
import pytest

import autograd
import optim
from nn.data import DataLoader, TensorDataset, make_regression

N_SAMPLES = 1000


def fit(X, y, with_bias, weight_decay=0.0, l2_penalty=0.0, epochs=60):
    """Minimise mean((X w + b − y)²) [+ l2_penalty ‖w‖²] by minibatch SGD, the rate halved every 5 epochs."""
    weight = autograd.zeros(X.shape[1], 1, dtype=np.float64, requires_grad=True)
    bias = autograd.zeros(1, dtype=np.float64, requires_grad=True)
    params = [weight, bias] if with_bias else [weight]
    optimizer = optim.SGD(params, lr=0.1, weight_decay=weight_decay)
    scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=5, gamma=0.5)
    loader = DataLoader(TensorDataset(X, y), batch_size=50, shuffle=True, generator=0)
    for _ in range(epochs):
        for inputs, targets in loader:
            prediction = inputs @ weight + bias if with_bias else inputs @ weight
            loss = ((prediction - targets) ** 2).mean()
            if l2_penalty:
                loss = loss + l2_penalty * (weight**2).sum()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        scheduler.step()
    return weight.detach().numpy()[:, 0], bias.detach().numpy()[0]


def regression(bias, noise, random_state):
    data = make_regression(N_SAMPLES, 3, noise=noise, bias=bias, random_state=random_state)
    return data.X.double(), data.y.double(), data.weight.detach().numpy().astype(np.float64), data.bias


def test_sgd_recovers_the_true_weights_and_the_least_squares_solution():
    X, y, true_weight, true_bias = regression(bias=1.5, noise=0.05, random_state=0)
    weight, bias = fit(X, y, with_bias=True)
    np.testing.assert_allclose(weight, true_weight, atol=1e-2)
    assert bias == pytest.approx(true_bias, abs=1e-2)
    design = np.hstack([X.detach().numpy(), np.ones((N_SAMPLES, 1))])
    least_squares, *_ = np.linalg.lstsq(design, y.detach().numpy()[:, 0], rcond=None)
    np.testing.assert_allclose(np.append(weight, bias), least_squares, atol=1e-4)


@pytest.mark.parametrize("how", ["weight_decay", "l2_penalty"])
def test_sgd_with_an_l2_term_finds_the_ridge_closed_form(how):
    """mean((Xw − y)²) + (wd/2)‖w‖² — SGD's weight_decay=wd adds wd·w to the gradient — is minimised by
    w = (XᵀX + λI)⁻¹ Xᵀy with λ = n·wd/2; an explicit penalty c‖w‖² is the same with wd = 2c."""
    X, y, true_weight, _ = regression(bias=0.0, noise=0.5, random_state=1)
    weight_decay = 0.5
    options = {"weight_decay": weight_decay} if how == "weight_decay" else {"l2_penalty": weight_decay / 2}
    weight, _ = fit(X, y, with_bias=False, **options)
    ridge_lambda = N_SAMPLES * weight_decay / 2
    ridge = np.linalg.solve(X.detach().numpy().T @ X.detach().numpy() + ridge_lambda * np.eye(3), X.detach().numpy().T @ y.detach().numpy()[:, 0])
    np.testing.assert_allclose(weight, ridge, atol=1e-3)
    assert np.linalg.norm(ridge) < 0.9 * np.linalg.norm(true_weight)  # the penalty really shrinks w
