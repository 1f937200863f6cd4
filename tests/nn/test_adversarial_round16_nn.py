"""Sixteenth adversarial pass (#19, hostile16d): losses and layers at non-finite weights, error types, against
PyTorch 2.13."""
import itertools
import warnings

import numpy as np
import pytest

import autograd
import nn.functional as GF

torch = pytest.importorskip("torch")
F = torch.nn.functional
INF, NAN = float("inf"), float("nan")

LOGITS = np.array([[0.5, -1.0, 2.0], [1.0, 0.0, -0.5], [0.1, 0.2, 0.3], [2.0, 1.0, 0.0]], dtype="float32")
# 1/class_counts with an absent class, ∞ and NaN on a class some example has, weights summing to 0, all zero
WEIGHTS = [[1 / 3, 1.0, INF], [INF, 1.0, 1.0], [NAN, 1.0, 1.0], [1.0, -INF, 2.0], [-1.0, 1.0, 2.0],
           [0.0, 0.0, 1.0], [1.0, 2.0, 0.5]]
TARGETS = [[0, 1, 0, 0], [0, -100, 1, 2], [-100] * 4, [2, 2, -100, 0], [0, 1, 1, 0]]


def loss_and_grad(T, function, x, target, weight, **options):
    x = T.tensor(x, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # (NumPy's on 0/0, where PyTorch is silent)
        loss = function(x, T.tensor(target), weight=T.tensor(weight, dtype=T.float32), **options)
        loss.sum().backward()
    return loss.detach().numpy(), x.grad.numpy()


def assert_same(ours, theirs):
    for a, b in zip(ours, theirs, strict=True):
        assert a.shape == b.shape
        np.testing.assert_array_equal(np.isnan(a), np.isnan(b))
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6, equal_nan=True)


def log_softmax(x, axis=1):
    return x - np.log(np.exp(x).sum(axis, keepdims=True))


@pytest.mark.parametrize("label_smoothing", [0.0, 0.3, 1.0])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weight, target", list(itertools.product(WEIGHTS, TARGETS)))
def test_cross_entropy_with_nonfinite_or_cancelling_class_weights_is_pytorchs(weight, target, reduction,
                                                                              label_smoothing):
    """Was silent (S1, S2): a class weight of ∞ or NaN poisoned every example's loss (the whole weight vector times
    a one-hot row: 0·∞), where PyTorch gathers w[y] so only that class's examples see it (smoothing does use every
    weight, in PyTorch too); and target weights summing to 0 gave NaN where PyTorch divides by 0 (±∞)."""
    options = dict(reduction=reduction, label_smoothing=label_smoothing)
    assert_same(loss_and_grad(autograd, GF.cross_entropy, LOGITS, target, weight, **options),
                loss_and_grad(torch, F.cross_entropy, LOGITS, target, weight, **options))


@pytest.mark.parametrize("ignore_index", [-100, 0])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weight, target", list(itertools.product(WEIGHTS + [[0.0, 0.0, 0.0]], TARGETS)))
def test_nll_loss_with_nonfinite_cancelling_or_zero_class_weights_is_pytorchs(weight, target, reduction, ignore_index):
    """Was silent (S1, S2, S3): besides the values, the gradient is PyTorch's: ±∞ at the targets for weights summing
    to 0, NaN only at the targets (0 elsewhere) when every target's weight is 0."""
    if ignore_index == 0 and -100 in target:
        target = [0 if t == -100 else t for t in target]
    options = dict(reduction=reduction, ignore_index=ignore_index)
    log_probs = log_softmax(LOGITS)
    assert_same(loss_and_grad(autograd, GF.nll_loss, log_probs, target, weight, **options),
                loss_and_grad(torch, F.nll_loss, log_probs, target, weight, **options))


@pytest.mark.parametrize("label_smoothing", [0.0, 0.3])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weight", WEIGHTS)
def test_cross_entropy_over_a_sequence_and_of_one_example_with_nonfinite_weights_is_pytorchs(weight, reduction,
                                                                                           label_smoothing):
    """K-dim input (N, C, d) with (N, d) targets, and one example (C,) with a 0-d target."""
    options = dict(reduction=reduction, label_smoothing=label_smoothing)
    logits = np.random.default_rng(1).standard_normal((2, 3, 2)).astype("float32")
    target = np.array([[0, 1], [-100, 0]])
    assert_same(loss_and_grad(autograd, GF.cross_entropy, logits, target, weight, **options),
                loss_and_grad(torch, F.cross_entropy, logits, target, weight, **options))
    for one in (0, 2, -100):
        assert_same(loss_and_grad(autograd, GF.cross_entropy, LOGITS[0], np.int64(one), weight, **options),
                    loss_and_grad(torch, F.cross_entropy, LOGITS[0], np.int64(one), weight, **options))


@pytest.mark.parametrize("label_smoothing", [0.0, 0.3])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weight", WEIGHTS)
def test_cross_entropy_of_probability_targets_with_nonfinite_weights_is_pytorchs(weight, reduction, label_smoothing):
    """Class-probability targets: PyTorch multiplies log p by every class weight (0·∞ = NaN included)."""
    options = dict(reduction=reduction, label_smoothing=label_smoothing)
    probabilities = np.eye(3, dtype="float32")[[0, 1, 2, 0]]
    probabilities[3] = [0.5, 0.5, 0.0]
    assert_same(loss_and_grad(autograd, GF.cross_entropy, LOGITS, probabilities, weight, **options),
                loss_and_grad(torch, F.cross_entropy, LOGITS, probabilities, weight, **options))


def test_the_report_example_inverse_class_counts_with_an_absent_class_stays_finite():
    """S1's own example: weight = 1/class_counts with class 2 absent; PyTorch's loss and gradient are finite."""
    counts = np.array([3.0, 1.0, 0.0], dtype="float32")
    with np.errstate(divide="ignore"):
        weight = 1 / counts
    ours = loss_and_grad(autograd, GF.cross_entropy, LOGITS, [0, 1, 0, 0], weight)
    assert np.isfinite(ours[0]) and np.isfinite(ours[1]).all()
    assert_same(ours, loss_and_grad(torch, F.cross_entropy, LOGITS, [0, 1, 0, 0], weight))


def test_a_batch_of_only_ignored_targets_is_nan_with_zero_gradients_and_no_warning():
    """Every target ignored ('mean'): NaN, gradients 0, as PyTorch; a batch of padding must not warn either."""
    x = autograd.tensor(LOGITS, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = GF.cross_entropy(x, autograd.tensor([-100] * 4), label_smoothing=0.1)
        loss.backward()
    assert np.isnan(loss.item()) and (x.grad.numpy() == 0).all()
