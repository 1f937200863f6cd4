"""Reference solutions of notebook 03's exercises."""
import numpy as np

import autograd
import nn
import nn.functional as F
import optim


def logistic_gradient(X, y, w, b):
    """L = mean ln(1 + e^(−m_n)), m_n = 2 y_n (wᵀx_n + b):  ∇w L = −(1/N) Σ σ(−m_n) 2 y_n x_n,  ∂L/∂b likewise
    without x_n."""
    m = 2 * y * (X @ w + b)
    pull = 2 * y / (1 + np.exp(m))                     # σ(−m) · 2y
    return -(X * pull[:, None]).mean(axis=0), -pull.mean()


def hinge_loss(x, y):
    """mean max(0, 1 − y x), from relu and the mean."""
    return (1 - y * x).relu().mean()


def gaussian_posterior(mu0, mu1, cov, prior1):
    """P(y=1|x) = σ(wᵀx + b) for x | y ~ N(μ_y, Σ):  w = Σ⁻¹(μ₁ − μ₀),
    b = −½ μ₁ᵀΣ⁻¹μ₁ + ½ μ₀ᵀΣ⁻¹μ₀ + ln(P(1)/P(0))."""
    inv_mu0, inv_mu1 = np.linalg.solve(cov, mu0), np.linalg.solve(cov, mu1)
    return inv_mu1 - inv_mu0, (mu0 @ inv_mu0 - mu1 @ inv_mu1) / 2 + np.log(prior1 / (1 - prior1))


def zero_one_labels(X, y01):
    """Section 4's loop: the margin loss with labels in {−1, +1}."""
    autograd.manual_seed(0)
    model = nn.Linear(2, 1)
    opt = optim.SGD(model.parameters(), lr=0.5)
    y_pm = 2 * y01.float() - 1
    for _ in range(200):
        loss = F.soft_margin_loss(2 * model(X).reshape(-1), y_pm)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model


def band_width(w):
    """m = 2y(wᵀx + b) = ±1 on the lines s = ±½, each 1/(2‖w‖) from the boundary: the band is 1/‖w‖ wide."""
    return 1 / np.linalg.norm(w)


# at w = 0, b = 0 every margin is 0, relu′(0) = 0: no step ever moves the parameters
perceptron_from_zero = [0.0, 0.0, 0.0]
