"""Losses at the edges, as PyTorch: -inf logits (masked classes) in cross-entropy, NaN or out-of-range
probabilities refused by binary_cross_entropy, its bounded gradient (so sigmoid -> BCE in float32 does not
give -inf), kl_div of a negative target. Expected values are PyTorch 2's; where it is installed it is
asked again. Deliberate differences are pinned at the end."""
import numpy as np
import pytest

import autograd
import nn.functional as F
from autograd import tensor

nan, inf = float("nan"), float("inf")


def grad_with(t, functional, fn, values):
    x = t.tensor(values, requires_grad=True)
    fn(functional, x).backward()
    return x.grad


CASES = [
    ("cross_entropy with a -inf logit", lambda t, F: F.cross_entropy(t.tensor([[-inf, 1.0, 2.0]]), t.tensor([1])), 1.3132616),
    ("cross_entropy targeting the class beside a -inf one", lambda t, F: F.cross_entropy(t.tensor([[-inf, 1.0, 2.0], [0.0, -inf, 1.0]]), t.tensor([2, 0])), 0.8132616),
    ("cross_entropy with -inf, weighted", lambda t, F: F.cross_entropy(t.tensor([[-inf, 1.0, 2.0]]), t.tensor([2]), weight=t.tensor([1.0, 2.0, 3.0])), 0.3132617),
    ("cross_entropy targeting the -inf class", lambda t, F: F.cross_entropy(t.tensor([[-inf, 1.0, 2.0]]), t.tensor([0])), inf),
    ("cross_entropy gradient with a -inf logit", lambda t, F: grad_with(t, F, lambda F, x: F.cross_entropy(x.reshape(1, 3), t.tensor([1])), [-inf, 1.0, 2.0]), [0.0, -0.7310586, 0.7310586]),
    ("nll_loss with -inf beside the target", lambda t, F: F.nll_loss(t.tensor([[-inf, 0.0, -1.0]]), t.tensor([1])), 0.0),
    ("BCE gradient at p = 0 and 1", lambda t, F: grad_with(t, F, lambda F, x: F.binary_cross_entropy(x, t.tensor([1.0, 0.0])), [0.0, 1.0]), [-5e11, 5e11]),
    ("BCE of p = 0 and 1", lambda t, F: F.binary_cross_entropy(t.tensor([0.0, 1.0]), t.tensor([1.0, 0.0])), 100.0),
    ("BCE gradient through sigmoid at -95 and -88",
     lambda t, F: grad_with(t, F, lambda F, x: F.binary_cross_entropy(x.sigmoid(), t.ones(2)), [-95.0, -88.0]), [-0.0, -3.0273007e-27]),
    ("kl_div of a negative target", lambda t, F: F.kl_div(t.tensor([0.0, 0.0]), t.tensor([-1.0, 1.0]), reduction="sum"), nan),
    ("kl_div of a zero target", lambda t, F: F.kl_div(t.tensor([-inf, 0.0]), t.tensor([0.0, 1.0]), reduction="sum"), nan),
]


@pytest.mark.parametrize("name", [name for name, _, _ in CASES])
def test_stated_value(name):
    _, fn, expected = next(case for case in CASES if case[0] == name)
    np.testing.assert_allclose(fn(autograd, F).numpy(), expected, rtol=1e-5, atol=1e-29)


@pytest.mark.parametrize("name", [name for name, _, _ in CASES])
def test_pytorch_agrees(name):
    torch = pytest.importorskip("torch")
    _, fn, expected = next(case for case in CASES if case[0] == name)
    np.testing.assert_allclose(fn(torch, torch.nn.functional).detach().numpy(), expected, rtol=1e-5, atol=1e-29)


@pytest.mark.parametrize("input, target, message", [
    ([nan, 0.5], [1.0, 0.0], "input should be between 0 and 1"),
    ([1.5], [1.0], "input should be between 0 and 1"),
    ([-0.1], [1.0], "input should be between 0 and 1"),
    ([0.5], [2.0], "target should be between 0 and 1"),
    ([0.5], [nan], "target should be between 0 and 1"),
])
def test_binary_cross_entropy_refuses_what_is_not_a_probability(input, target, message):
    with pytest.raises(RuntimeError, match=message):  # (PyTorch's type)
        F.binary_cross_entropy(tensor(input), tensor(target))


def test_binary_cross_entropy_refuses_a_mismatched_weight_or_an_integer_target():
    with pytest.raises(RuntimeError, match=r"weight of shape \(2,\) does not broadcast"):  # (PyTorch's type)
        F.binary_cross_entropy(tensor([0.5]), tensor([1.0]), weight=tensor([2.0, 3.0]))
    with pytest.raises(RuntimeError, match="target of dtype int64"):
        F.binary_cross_entropy(tensor([0.5]), tensor([1]))


def test_bce_of_sigmoid_has_a_finite_gradient_far_out():
    """x near -95 in float32: σ(x) is 0 (as in PyTorch), 1/p is inf; the gradient of ln p is bounded by
    1/1e-12 as in PyTorch, so the chain gives about -0 (never -inf or NaN)."""
    x = tensor([-95.0, -100.0, -103.0], requires_grad=True)
    F.binary_cross_entropy(x.sigmoid(), autograd.ones(3), reduction="sum").backward()
    assert np.all(np.isfinite(x.grad.numpy())) and np.all(np.abs(x.grad.numpy()) < 1e-20)


def test_bce_keeps_exact_second_derivatives_away_from_the_clamp():
    p = tensor([0.2, 0.7], dtype=np.float64, requires_grad=True)
    assert autograd.gradgradcheck(lambda p: F.binary_cross_entropy(p, tensor([1.0, 0.0], dtype=np.float64)), (p,))


# ----- deliberate differences from PyTorch, pinned -----

def test_bce_where_p_equals_the_target_has_the_derivative_of_the_loss():
    """PyTorch's gradient (p − y)/max(p(1 − p), 1e-12) is 0 at p = y ∈ {0, 1}; ours is −1/p (+1/(1−p)),
    the loss's own derivative there."""
    x = tensor([1.0, 0.0], requires_grad=True)
    F.binary_cross_entropy(x, tensor([1.0, 0.0])).backward()
    np.testing.assert_allclose(x.grad.numpy(), [-0.5, 0.5])


def test_bce_of_sigmoid_at_minus_95_is_pytorchs_clamped_loss():
    """float32 σ(−95) is 0, as in PyTorch (e^95 overflows), so the loss is BCE's clamp, −ln 0 → 100."""
    loss = F.binary_cross_entropy(tensor([-95.0]).sigmoid(), tensor([1.0]))
    assert loss.item() == 100.0


def test_soft_margin_loss_stays_finite_where_pytorch_overflows():
    assert F.soft_margin_loss(tensor([1e5, -1e5]), tensor([-1.0, 1.0])).item() == pytest.approx(1e5)
