"""Reference solutions of notebook 09's exercises."""
import numpy as np

import optim


def momentum_step(theta, grad, buf, lr, momentum):
    """PyTorch's momentum: b ← μ b + g, then θ ← θ − η b (the new buffer)."""
    buf = momentum * buf + grad
    return theta - lr * buf, buf


def adam_step(theta, grad, m, v, t, lr, beta1, beta2, eps):
    """m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g²; θ ← θ − lr·m̂/(√v̂ + ε) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ)."""
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


# A = [[5, 2], [2, 2]] has eigenvalues 6 and 1 (λ² − 7λ + 6 = 0): gradient descent converges for η < 2/λ_max
lr_max = 2 / 6


def minibatch_variance(sigma2, batch_size):
    """var((1/B) Σᵢ gᵢ) = (1/B²) · B σ² = σ²/B for B independent gᵢ of variance σ²."""
    return sigma2 / batch_size


def train_with_steplr(w, minibatch_loss, epochs=30, batches=10):
    """SGD with StepLR(step_size=10, gamma=0.3): the scheduler steps once per epoch, after the epoch's updates."""
    opt = optim.SGD([w], lr=0.5)
    scheduler = optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.3)
    lrs = []
    for _ in range(epochs):
        lrs.append(opt.param_groups[0]["lr"])
        for _ in range(batches):
            opt.zero_grad()
            minibatch_loss(w).backward()
            opt.step()
        scheduler.step()
    return lrs
