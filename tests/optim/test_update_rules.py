"""Each update rule worked by hand for two steps on f(θ) = Σ θ², whose gradient is 2θ (no PyTorch needed)."""
import math

import numpy as np
import pytest

import autograd
import optim

START = np.array([1.0, -2.0])


def two_steps(optimizer_class, **options):
    theta = autograd.tensor(START, requires_grad=True)
    optimizer = optimizer_class([theta], **options)
    after = []
    for _ in range(2):
        optimizer.zero_grad()
        (theta * theta).sum().backward()
        optimizer.step()
        after.append(theta.detach().numpy().copy())
    return after


def check(after, theta1, theta2):
    np.testing.assert_allclose(after[0], theta1, rtol=1e-13)
    np.testing.assert_allclose(after[1], theta2, rtol=1e-13)


def test_sgd_plain():
    theta1 = START - 0.1 * 2 * START                    # θ − γ g
    check(two_steps(optim.SGD, lr=0.1), theta1, theta1 - 0.1 * 2 * theta1)


def test_sgd_momentum_dampening_weight_decay():
    g1 = 2 * START + 0.1 * START                        # g + λθ
    b1 = g1                                             # first buffer: the gradient itself
    theta1 = START - 0.1 * b1
    g2 = 2 * theta1 + 0.1 * theta1
    b2 = 0.9 * b1 + (1 - 0.5) * g2                      # μ b + (1 − τ) g
    check(two_steps(optim.SGD, lr=0.1, momentum=0.9, dampening=0.5, weight_decay=0.1), theta1, theta1 - 0.1 * b2)


def test_sgd_nesterov():
    g1 = 2 * START
    theta1 = START - 0.1 * (g1 + 0.9 * g1)              # g + μ b with b = g
    g2 = 2 * theta1
    b2 = 0.9 * g1 + g2
    check(two_steps(optim.SGD, lr=0.1, momentum=0.9, nesterov=True), theta1, theta1 - 0.1 * (g2 + 0.9 * b2))


def test_sgd_maximize_climbs():
    theta1 = START + 0.1 * 2 * START
    check(two_steps(optim.SGD, lr=0.1, maximize=True), theta1, theta1 + 0.1 * 2 * theta1)


@pytest.mark.parametrize("amsgrad", [False, True])
def test_adam(amsgrad):
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    g1 = 2 * START
    m1, v1 = (1 - b1) * g1, (1 - b2) * g1**2
    theta1 = START - lr / (1 - b1) * m1 / (np.sqrt(v1) / math.sqrt(1 - b2) + eps)  # = START − lr·sign(g1), nearly
    g2 = 2 * theta1
    m2, v2 = b1 * m1 + (1 - b1) * g2, b2 * v1 + (1 - b2) * g2**2
    if amsgrad:
        v2 = np.maximum(v1, v2)
    theta2 = theta1 - lr / (1 - b1**2) * m2 / (np.sqrt(v2) / math.sqrt(1 - b2**2) + eps)
    check(two_steps(optim.Adam, lr=lr, amsgrad=amsgrad), theta1, theta2)


def test_adam_amsgrad_keeps_the_largest_second_moment():
    """With a gradient that shrinks, v₂ < v₁ and AMSGrad divides by √v₁: a smaller step than Adam's."""
    options = dict(lr=0.9, betas=(0.9, 0.5))  # θ₁ = θ₀ − 0.9 sign(g₁): the gradient shrinks, v₂ < v₁
    plain, ams = two_steps(optim.Adam, **options), two_steps(optim.Adam, amsgrad=True, **options)
    theta1 = plain[0]
    assert np.all(np.abs(ams[1] - theta1) < np.abs(plain[1] - theta1))


def test_adam_weight_decay_enters_the_gradient_adamw_shrinks_the_weights():
    lr, lam, b1, b2, eps = 0.1, 0.5, 0.9, 0.999, 1e-8
    g = 2 * START + lam * START                          # Adam: L2 term in the gradient
    adam_theta1 = START - lr / (1 - b1) * ((1 - b1) * g) / (np.sqrt((1 - b2) * g**2) / math.sqrt(1 - b2) + eps)
    shrunk = START * (1 - lr * lam)                      # AdamW: decoupled decay first
    g = 2 * START                                        # gradient taken before the decay
    adamw_theta1 = shrunk - lr / (1 - b1) * ((1 - b1) * g) / (np.sqrt((1 - b2) * g**2) / math.sqrt(1 - b2) + eps)
    np.testing.assert_allclose(two_steps(optim.Adam, lr=lr, weight_decay=lam)[0], adam_theta1, rtol=1e-13)
    np.testing.assert_allclose(two_steps(optim.AdamW, lr=lr, weight_decay=lam)[0], adamw_theta1, rtol=1e-13)


@pytest.mark.parametrize("centered", [False, True])
@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_rmsprop(centered, momentum):
    lr, alpha, eps = 0.01, 0.99, 1e-8
    g1 = 2 * START
    v1, gbar1 = (1 - alpha) * g1**2, (1 - alpha) * g1
    d1 = np.sqrt(v1 - gbar1**2 if centered else v1) + eps
    b1 = g1 / d1
    theta1 = START - lr * b1
    g2 = 2 * theta1
    v2, gbar2 = alpha * v1 + (1 - alpha) * g2**2, alpha * gbar1 + (1 - alpha) * g2
    d2 = np.sqrt(v2 - gbar2**2 if centered else v2) + eps
    b2 = momentum * b1 + g2 / d2
    theta2 = theta1 - lr * (b2 if momentum else g2 / d2)
    check(two_steps(optim.RMSprop, lr=lr, alpha=alpha, momentum=momentum, centered=centered), theta1, theta2)


def test_adagrad_with_lr_decay_and_initial_accumulator():
    lr, decay, s0, eps = 0.1, 0.5, 0.25, 1e-10
    g1 = 2 * START
    s1 = s0 + g1**2
    theta1 = START - lr / (1 + 0 * decay) * g1 / (np.sqrt(s1) + eps)
    g2 = 2 * theta1
    s2 = s1 + g2**2
    theta2 = theta1 - lr / (1 + 1 * decay) * g2 / (np.sqrt(s2) + eps)
    check(two_steps(optim.Adagrad, lr=lr, lr_decay=decay, initial_accumulator_value=s0), theta1, theta2)


def test_adagrad_weight_decay():
    g1 = 2 * START + 0.1 * START
    theta1 = START - 0.1 * g1 / (np.sqrt(g1**2) + 1e-10)
    g2 = 2 * theta1 + 0.1 * theta1
    theta2 = theta1 - 0.1 * g2 / (np.sqrt(g1**2 + g2**2) + 1e-10)
    check(two_steps(optim.Adagrad, lr=0.1, weight_decay=0.1), theta1, theta2)
