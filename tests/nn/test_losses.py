"""Losses against hand-worked values and naive NumPy loops, gradchecked in float64, at extreme
logits, and with bad input."""
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
import nn
from nn import functional as F


def leaf(values):
    return autograd.tensor(np.asarray(values, dtype=np.float64), requires_grad=True)


def const(values, dtype=np.float64):
    return autograd.tensor(np.asarray(values, dtype=dtype))


def labels(values):
    return autograd.tensor(np.asarray(values, dtype=np.int64))


def assert_gradcheck(fn, *inputs):
    assert autograd.gradcheck(fn, inputs)


RNG = np.random.default_rng(0)
REDUCTIONS = ["mean", "sum", "none"]


# ----- cross-entropy -----
def naive_cross_entropy(logits, targets, weight=None, ignore_index=-100):
    """One example at a time: −w_y log(e^{x_y} / Σ e^{x_c}), averaged with the weights."""
    weight = np.ones(logits.shape[1]) if weight is None else weight
    total, weight_sum = 0.0, 0.0
    for row, y in zip(logits, targets, strict=True):
        if y == ignore_index:
            continue
        log_p = row[y] - math.log(sum(math.exp(v) for v in row))
        total += -weight[y] * log_p
        weight_sum += weight[y]
    return total / weight_sum


def test_cross_entropy_hand_worked():
    logits = leaf([[0.0, math.log(2), math.log(3)]])  # probabilities 1/6, 2/6, 3/6
    assert F.cross_entropy(logits, labels([2])).item() == pytest.approx(math.log(2))
    assert F.cross_entropy(leaf([0.0, 0.0, 0.0, 0.0]), labels(3)).item() == pytest.approx(math.log(4))


@given(st.integers(1, 5), st.integers(2, 4), st.booleans(), st.data())
def test_cross_entropy_matches_naive_loop(n, c, weighted, data):
    logits = RNG.standard_normal((n, c)) * 3
    targets = np.array(data.draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)))
    targets[0] = -100 if n > 1 else targets[0]
    weight = RNG.random(c) + 0.1 if weighted else None
    loss = F.cross_entropy(const(logits), labels(targets), weight=None if weight is None else const(weight))
    assert loss.item() == pytest.approx(naive_cross_entropy(logits, targets, weight))


def test_cross_entropy_weighted_mean_divides_by_target_weights():
    logits, targets, weight = RNG.standard_normal((3, 2)), np.array([0, 1, 1]), np.array([1.0, 3.0])
    per_example = F.cross_entropy(const(logits), labels(targets), reduction="none").detach().numpy()
    expected = (per_example * weight[targets]).sum() / weight[targets].sum()
    loss = F.cross_entropy(const(logits), labels(targets), weight=const(weight))
    assert loss.item() == pytest.approx(expected)


def test_cross_entropy_uniform_logits_with_smoothing_is_log_c():
    loss = F.cross_entropy(const(np.zeros((4, 5))), labels([0, 1, 2, 3]), label_smoothing=0.3)
    assert loss.item() == pytest.approx(math.log(5))


def test_cross_entropy_label_smoothing_closed_form():
    logits, target, eps = RNG.standard_normal((1, 3)), 1, 0.2
    log_p = logits[0] - np.log(np.exp(logits[0]).sum())
    expected = -(1 - eps) * log_p[target] - eps / 3 * log_p.sum()
    assert F.cross_entropy(const(logits), labels([target]), label_smoothing=eps).item() == pytest.approx(expected)


def test_cross_entropy_sequence_scores_equal_flattened():
    scores, targets = RNG.standard_normal((2, 4, 5)), RNG.integers(0, 4, (2, 5))  # (N, C, T), (N, T)
    flat_scores = scores.transpose(0, 2, 1).reshape(-1, 4)
    for reduction in ("mean", "sum"):
        expected = F.cross_entropy(const(flat_scores), labels(targets.reshape(-1)), reduction=reduction)
        loss = F.cross_entropy(const(scores), labels(targets), reduction=reduction)
        assert loss.item() == pytest.approx(expected.item())
    assert F.cross_entropy(const(scores), labels(targets), reduction="none").shape == (2, 5)


def test_cross_entropy_probability_targets_equal_one_hot_indices():
    logits, targets = RNG.standard_normal((3, 4)), np.array([3, 0, 2])
    one_hot = np.eye(4)[targets]
    assert F.cross_entropy(const(logits), const(one_hot)).item() == pytest.approx(
        F.cross_entropy(const(logits), labels(targets)).item()
    )


@pytest.mark.parametrize("scale", [1000.0, 1e5])
def test_cross_entropy_is_finite_for_huge_logits(scale):
    logits = leaf([[scale, -scale, 0.0], [-scale, scale, 0.0]])
    loss = F.cross_entropy(logits, labels([0, 0]), reduction="none")
    np.testing.assert_allclose(loss.detach().numpy(), [0.0, 2 * scale])
    loss.sum().backward()
    np.testing.assert_allclose(logits.grad.numpy(), [[0, 0, 0], [-1, 1, 0]], atol=1e-12)


def test_cross_entropy_float32_huge_logits():
    loss = F.cross_entropy(autograd.tensor([[1e5, -1e5]], requires_grad=True), labels([1]))
    assert np.isfinite(loss.item()) and loss.item() == pytest.approx(2e5)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_gradcheck(reduction):
    targets, weight = labels([[0, 2], [1, -100]]), const([0.5, 1.0, 2.0])
    assert_gradcheck(
        lambda x: F.cross_entropy(x, targets, weight=weight, reduction=reduction, label_smoothing=0.1),
        leaf(RNG.standard_normal((2, 3, 2))),
    )
    assert_gradcheck(
        lambda x, p: F.cross_entropy(x, p, reduction=reduction),
        leaf(RNG.standard_normal((2, 3))), leaf(RNG.dirichlet(np.ones(3), 2)),
    )


def test_nll_loss_of_log_softmax_is_cross_entropy():
    logits, targets = RNG.standard_normal((4, 3)), labels([0, 2, 1, 1])
    nll = F.nll_loss(autograd.log_softmax(const(logits), dim=1), targets, weight=const([1.0, 2.0, 3.0]))
    assert nll.item() == pytest.approx(F.cross_entropy(const(logits), targets, weight=const([1.0, 2.0, 3.0])).item())
    assert F.nll_loss(const([[-1.0, -2.0]]), labels([1])).item() == 2.0
    assert_gradcheck(lambda x: F.nll_loss(x, labels([0, 2]), reduction="sum"), leaf(RNG.standard_normal((2, 3))))


# ----- binary cross-entropy -----
def test_binary_cross_entropy_hand_worked_and_clamped():
    loss = F.binary_cross_entropy(const([0.5, 0.9, 0.0, 1.0]), const([1.0, 0.0, 1.0, 1.0]), reduction="none")
    np.testing.assert_allclose(loss.detach().numpy(), [math.log(2), -math.log(0.1), 100.0, 0.0])
    p = leaf([0.0, 1.0, 0.3])
    F.binary_cross_entropy(p, const([0.0, 1.0, 1.0]), weight=const([1.0, 2.0, 3.0])).backward()
    assert np.isfinite(p.grad.numpy()).all()
    np.testing.assert_allclose(p.grad.detach().numpy()[2], -3 / 0.3 / 3)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_binary_cross_entropy_gradcheck(reduction):
    assert_gradcheck(
        lambda p: F.binary_cross_entropy(p, const([0.0, 1.0, 0.3]), weight=const([1.0, 2.0, 0.5]), reduction=reduction),
        leaf([0.2, 0.7, 0.5]),
    )


def naive_bce_with_logits(x, y, pos_weight=1.0):
    sigma = 1 / (1 + np.exp(-x))
    return -(pos_weight * y * np.log(sigma) + (1 - y) * np.log(1 - sigma))


def test_bce_with_logits_matches_naive_formula_at_moderate_logits():
    x, y, pw = RNG.standard_normal((3, 2)) * 4, RNG.random((3, 2)), np.array([2.0, 0.5])
    loss = F.binary_cross_entropy_with_logits(const(x), const(y), pos_weight=const(pw), reduction="none")
    np.testing.assert_allclose(loss.detach().numpy(), naive_bce_with_logits(x, y, pw))
    plain = F.binary_cross_entropy_with_logits(const(x), const(y), weight=const([3.0, 1.0]), reduction="sum")
    assert plain.item() == pytest.approx((naive_bce_with_logits(x, y) * [3.0, 1.0]).sum())


@pytest.mark.parametrize("scale", [1000.0, 1e5, 1e30])
def test_bce_with_logits_is_stable_for_huge_logits(scale):
    x = leaf([scale, -scale, scale, -scale])
    loss = F.binary_cross_entropy_with_logits(x, const([0.0, 1.0, 1.0, 0.0]), reduction="none")
    np.testing.assert_allclose(loss.detach().numpy(), [scale, scale, 0.0, 0.0])
    loss.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [1.0, -1.0, 0.0, 0.0])  # σ(x) − y


def test_bce_with_logits_gradient_at_zero_logit_is_sigmoid_minus_target():
    x = leaf([0.0, 0.0])
    F.binary_cross_entropy_with_logits(x, const([1.0, 0.0]), reduction="sum").backward()
    np.testing.assert_allclose(x.grad.numpy(), [-0.5, 0.5])


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_bce_with_logits_gradcheck(reduction):
    assert_gradcheck(
        lambda x, y: F.binary_cross_entropy_with_logits(
            x, y, weight=const([1.0, 2.0]), pos_weight=const([3.0, 0.5]), reduction=reduction
        ),
        leaf(RNG.standard_normal((2, 2)) * 3), leaf(RNG.random((2, 2))),
    )


# ----- regression and margin losses -----
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_mse_and_l1_match_naive_loops(reduction):
    x, y = RNG.standard_normal((2, 3)), RNG.standard_normal((2, 3))
    squared = np.array([[(a - b) ** 2 for a, b in zip(r, s, strict=True)] for r, s in zip(x, y, strict=True)])
    absolute = np.array([[abs(a - b) for a, b in zip(r, s, strict=True)] for r, s in zip(x, y, strict=True)])
    reduce = {"mean": np.mean, "sum": np.sum, "none": lambda a: a}[reduction]
    np.testing.assert_allclose(F.mse_loss(const(x), const(y), reduction=reduction).detach().numpy(), reduce(squared))
    np.testing.assert_allclose(F.l1_loss(const(x), const(y), reduction=reduction).detach().numpy(), reduce(absolute))
    assert_gradcheck(lambda a, b: F.mse_loss(a, b, reduction=reduction), leaf(x), leaf(y))
    assert_gradcheck(lambda a, b: F.l1_loss(a, b, reduction=reduction), leaf(x), leaf(y))


def test_soft_margin_loss_is_the_logistic_loss_and_stable():
    loss = F.soft_margin_loss(const([0.0, 2.0, 1000.0, 1e5]), const([1.0, -1.0, -1.0, 1.0]), reduction="none")
    np.testing.assert_allclose(loss.detach().numpy(), [math.log(2), math.log1p(math.exp(2)), 1000.0, 0.0])
    assert_gradcheck(lambda x: F.soft_margin_loss(x, const([1.0, -1.0, 1.0])), leaf([0.3, -1.2, 2.0]))


def test_hinge_embedding_loss_hand_worked():
    loss = F.hinge_embedding_loss(const([0.3, 0.3, 2.0]), const([1.0, -1.0, -1.0]), margin=1.0, reduction="none")
    np.testing.assert_allclose(loss.detach().numpy(), [0.3, 0.7, 0.0])
    assert F.hinge_embedding_loss(const([0.3, 0.3]), const([1.0, -1.0]), margin=2.0).item() == pytest.approx(1.0)
    assert_gradcheck(lambda x: F.hinge_embedding_loss(x, const([1.0, -1.0, -1.0])), leaf([0.3, 0.4, -0.5]))


def naive_multi_margin(x, y, p, margin, weight):
    losses = []
    for row, target in zip(x, y, strict=True):
        total = sum(
            weight[target] * max(0.0, margin - row[target] + row[c]) ** p for c in range(len(row)) if c != target
        )
        losses.append(total / len(row))
    return np.array(losses)


@pytest.mark.parametrize("p", [1, 2])
def test_multi_margin_loss_matches_naive_loop(p):
    x, y, w = RNG.standard_normal((4, 3)), np.array([0, 2, 1, 2]), np.array([1.0, 0.5, 2.0])
    loss = F.multi_margin_loss(const(x), labels(y), p=p, margin=0.7, weight=const(w), reduction="none")
    np.testing.assert_allclose(loss.detach().numpy(), naive_multi_margin(x, y, p, 0.7, w))
    assert_gradcheck(lambda s: F.multi_margin_loss(s, labels(y), p=p, weight=const(w)), leaf(x))


def test_gaussian_nll_loss_closed_form_and_clamp():
    x, y, var = np.array([1.0, 2.0]), np.array([0.0, 2.5]), np.array([4.0, 0.25])
    expected = 0.5 * (np.log(var) + (x - y) ** 2 / var)
    loss = F.gaussian_nll_loss(const(x), const(y), const(var), reduction="none")
    np.testing.assert_allclose(loss.detach().numpy(), expected)
    full = F.gaussian_nll_loss(const(x), const(y), const(var), full=True, reduction="sum")
    assert full.item() == pytest.approx(expected.sum() + math.log(2 * math.pi))
    tiny = F.gaussian_nll_loss(const([1.0]), const([1.0]), const([0.0]), eps=1e-3)
    assert tiny.item() == pytest.approx(0.5 * math.log(1e-3))


def test_gaussian_nll_loss_learned_variance_minimum_is_the_squared_error():
    """∂ℓ/∂var = ½ (1/var − (x − y)²/var²) vanishes at var = (x − y)²: the maximum-likelihood variance."""
    var = leaf([0.3])
    F.gaussian_nll_loss(const([1.0]), const([1.5]), var).backward()
    np.testing.assert_allclose(var.grad.numpy(), 0.5 * (1 / 0.3 - 0.25 / 0.09))
    var = leaf([0.25])
    F.gaussian_nll_loss(const([1.0]), const([1.5]), var).backward()
    assert abs(var.grad.item()) < 1e-12


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_gaussian_nll_loss_gradcheck(reduction):
    assert_gradcheck(
        lambda x, y, v: F.gaussian_nll_loss(x, y, v, reduction=reduction),
        leaf(RNG.standard_normal((3, 2))), leaf(RNG.standard_normal((3, 2))), leaf(RNG.random((3, 1)) + 0.5),
    )
    assert_gradcheck(  # one variance per example (var has one axis fewer)
        lambda x, v: F.gaussian_nll_loss(x, const(np.zeros((3, 2))), v, reduction=reduction),
        leaf(RNG.standard_normal((3, 2))), leaf(RNG.random(3) + 0.5),
    )


def test_kl_div_matches_naive_sum_and_handles_zero_targets():
    p, q = np.array([0.5, 0.5, 0.0]), np.array([0.25, 0.25, 0.5])
    kl = sum(a * math.log(a / b) for a, b in zip(p, q, strict=True) if a > 0)
    assert F.kl_div(const(np.log(q)), const(p), reduction="sum").item() == pytest.approx(kl)
    assert F.kl_div(const(np.log(q)), const(p), reduction="mean").item() == pytest.approx(kl / 3)
    log_p = np.log(np.array([0.5, 0.25, 0.25]))
    both_logs = F.kl_div(const(np.log(q)), const(log_p), reduction="sum", log_target=True)
    assert both_logs.item() == pytest.approx(sum(a * math.log(a / b) for a, b in zip(np.exp(log_p), q, strict=True)))
    batch = F.kl_div(const(np.log([q, q])), const([p, p]), reduction="batchmean")
    assert batch.item() == pytest.approx(kl)


@pytest.mark.parametrize("log_target", [False, True])
def test_kl_div_gradcheck(log_target):
    target = np.log(RNG.dirichlet(np.ones(3), 2)) if log_target else RNG.dirichlet(np.ones(3), 2)
    assert_gradcheck(
        lambda x, y: F.kl_div(x, y, reduction="sum", log_target=log_target),
        leaf(np.log(RNG.dirichlet(np.ones(3), 2))), leaf(target),
    )


# ----- the course's extras -----
def test_hinge_loss_and_penalties_hand_worked():
    assert F.hinge_loss(const([2.0, 0.5, -1.0]), const([1.0, 1.0, 1.0])).item() == pytest.approx((0 + 0.5 + 2) / 3)
    w = leaf([3.0, -4.0])
    assert F.l1_penalty(w).item() == 7.0
    assert F.l2_penalty([w, leaf([1.0])]).item() == pytest.approx(13.0)
    F.l2_penalty(w).backward()
    np.testing.assert_allclose(w.grad.numpy(), [3.0, -4.0])  # the ½ makes the gradient w
    assert_gradcheck(lambda s: F.hinge_loss(s, const([1.0, -1.0, 1.0])), leaf([0.2, 0.5, 1.5]))
    assert_gradcheck(lambda a: F.l1_penalty(a) + F.l2_penalty(a), leaf([0.5, -1.5]))


# ----- modules -----
def test_loss_modules_call_their_functions_and_keep_weights_as_buffers():
    x, y = RNG.standard_normal((3, 4)), labels([0, 3, 1])
    module = nn.CrossEntropyLoss(weight=const([1.0, 2.0, 3.0, 4.0]), label_smoothing=0.1, reduction="sum")
    expected = F.cross_entropy(const(x), y, weight=const([1.0, 2.0, 3.0, 4.0]), label_smoothing=0.1, reduction="sum")
    assert module(const(x), y).item() == pytest.approx(expected.item())
    assert list(module.state_dict()) == ["weight"]
    assert list(nn.BCEWithLogitsLoss(pos_weight=const([2.0])).state_dict()) == ["pos_weight"]
    assert list(nn.MSELoss().state_dict()) == []
    assert repr(nn.MSELoss(reduction="sum")) == "MSELoss(reduction='sum')"


@pytest.mark.parametrize(
    "module, args",
    [
        (nn.MSELoss(), (const([1.0, 2.0]), const([0.0, 0.0]))),
        (nn.L1Loss(), (const([1.0, 2.0]), const([0.0, 0.0]))),
        (nn.BCELoss(), (const([0.5]), const([1.0]))),
        (nn.BCEWithLogitsLoss(), (const([0.0]), const([1.0]))),
        (nn.NLLLoss(), (const([[-1.0, -2.0]]), labels([0]))),
        (nn.SoftMarginLoss(), (const([0.0]), const([1.0]))),
        (nn.HingeEmbeddingLoss(margin=2.0), (const([0.5]), const([-1.0]))),
        (nn.MultiMarginLoss(), (const([[0.0, 0.0]]), labels([0]))),
        (nn.GaussianNLLLoss(), (const([0.0]), const([0.0]), const([1.0]))),
        (nn.KLDivLoss(reduction="batchmean"), (const([[math.log(0.5)]]), const([[0.5]]))),
    ],
)
def test_every_loss_module_runs(module, args):
    assert np.isfinite(module(*args).item())


# ----- bad input -----
def test_target_class_out_of_range_names_class_and_range():
    with pytest.raises(IndexError, match=r"target class 3 is out of range; valid classes are 0 to 2"):
        F.cross_entropy(const(np.zeros((2, 3))), labels([0, 3]))
    with pytest.raises(IndexError, match=r"target class -1 is out of range"):
        F.nll_loss(const(np.zeros((1, 3))), labels([-1]))
    with pytest.raises(RuntimeError, match=r"target class 5"):
        F.multi_margin_loss(const(np.zeros((1, 3))), labels([5]))


def test_mismatched_shapes_name_both_shapes():
    with pytest.raises(RuntimeError, match=r"mse_loss.*\(2, 3\).*\(3, 2\)"):  # (PyTorch's types)
        F.mse_loss(const(np.zeros((2, 3))), const(np.zeros((3, 2))))
    with pytest.raises(ValueError, match=r"binary_cross_entropy_with_logits.*\(4,\).*\(4, 1\)"):
        F.binary_cross_entropy_with_logits(const(np.zeros(4)), const(np.zeros((4, 1))))
    with pytest.raises(RuntimeError, match=r"\(2, 3, 4\).*\(2, 4\).*\(2, 3\)"):
        F.cross_entropy(const(np.zeros((2, 3, 4))), labels(np.zeros((2, 3), dtype=int)))
    with pytest.raises(RuntimeError, match=r"input \(2, 3\) and target \(2, 4\)"):
        F.cross_entropy(const(np.zeros((2, 3))), const(np.zeros((2, 4))))


def test_other_bad_arguments():
    with pytest.raises(ValueError, match="reduction"):
        F.mse_loss(const([1.0]), const([1.0]), reduction="average")
    with pytest.raises(RuntimeError, match="between 0 and 1"):  # (PyTorch's type)
        F.binary_cross_entropy(const([1.5]), const([1.0]))
    with pytest.raises(ValueError, match="negative"):
        F.gaussian_nll_loss(const([1.0]), const([1.0]), const([-1.0]))
    with pytest.raises(RuntimeError, match="weight tensor should be defined either for all 3 classes"):
        F.cross_entropy(const(np.zeros((1, 3))), labels([0]), weight=const([1.0, 2.0]))


def test_softplus_is_public_stable_and_has_gradient_one_half_at_zero():
    x = autograd.tensor([-1000.0, 0.0, 1000.0], dtype=np.float64, requires_grad=True)
    out = F.softplus(x)
    assert np.allclose(out.detach().numpy(), [0.0, np.log(2.0), 1000.0])
    out.sum().backward()
    assert np.allclose(x.grad.numpy(), [0.0, 0.5, 1.0])
