"""Fifteenth adversarial pass (#19, hostile15d): losses, nn.utils, error types, against PyTorch 2.13."""
import itertools

import numpy as np
import pytest

import autograd
import nn
import nn.functional as GF

torch = pytest.importorskip("torch")
F = torch.nn.functional

LOGITS = np.array([[0.5, -1.0, 2.0], [1.0, 0.0, -0.5], [0.2, 0.3, -2.0]], dtype="float32")
WEIGHTS = [None, [0.0, 0.0, 1.0], [0.0, 0.0, 0.0], [0.0, 1.0, 1.0], [1.0, 2.0, 0.5]]
TARGETS = [[0, 1, 0], [0, -100, 1], [-100, -100, -100], [2, 2, -100], [0, 1, 2]]


def cross_entropy(T, FF, logits, target, weight, **options):
    x = T.tensor(logits, requires_grad=True)
    loss = FF.cross_entropy(x, T.tensor(target), weight=None if weight is None else T.tensor(weight), **options)
    loss.sum().backward()
    return loss.detach().numpy(), x.grad.numpy()


def assert_same(ours, theirs):
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(np.isnan(a), np.isnan(b))
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-7, equal_nan=True)


@pytest.mark.parametrize("label_smoothing", [0.0, 0.3, 1.0])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weight, target", list(itertools.product(WEIGHTS, TARGETS)))
def test_cross_entropy_with_class_weights_and_ignored_targets_is_pytorchs(weight, target, reduction, label_smoothing):
    """Was silent (S1): label smoothing, 'mean', and every kept target of class weight 0 gave inf (the smoothing
    term over a total weight 0) where PyTorch gives NaN (its (1 − ε)·0/0), with NaN gradients on the kept
    targets and 0 on the ignored ones. The neighbours (sum/none, all ignored, mixed) are checked alongside."""
    options = dict(reduction=reduction, label_smoothing=label_smoothing)
    assert_same(cross_entropy(autograd, GF, LOGITS, target, weight, **options),
                cross_entropy(torch, F, LOGITS, target, weight, **options))


@pytest.mark.parametrize("weight", WEIGHTS)
@pytest.mark.parametrize("target", [0, 2, -100])
def test_cross_entropy_of_one_example_with_zero_weights_is_pytorchs(weight, target):
    """A single example (C,) with a 0-d target: the same NaN or value as PyTorch's."""
    for smoothing in (0.0, 0.3):
        assert_same(cross_entropy(autograd, GF, LOGITS[0], target, weight, label_smoothing=smoothing),
                    cross_entropy(torch, F, LOGITS[0], target, weight, label_smoothing=smoothing))


@pytest.mark.parametrize("weight", WEIGHTS)
def test_cross_entropy_over_a_sequence_with_zero_weights_is_pytorchs(weight):
    """(N, C, d) logits with (N, d) targets, some ignored."""
    logits = np.random.default_rng(0).standard_normal((2, 3, 4)).astype("float32")
    target = [[0, 1, -100, 0], [1, 0, 0, -100]]
    for smoothing, reduction in itertools.product((0.0, 0.2), ("mean", "sum")):
        options = dict(label_smoothing=smoothing, reduction=reduction)
        assert_same(cross_entropy(autograd, GF, logits, target, weight, **options),
                    cross_entropy(torch, F, logits, target, weight, **options))


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weight", WEIGHTS)
def test_cross_entropy_of_probability_targets_with_zero_weights_is_pytorchs(weight, reduction):
    """Probability targets divide 'mean' by N, not by a weight total: finite where PyTorch's is."""
    probabilities = np.array([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0], [0.0, 0.5, 0.5]], dtype="float32")
    for smoothing in (0.0, 0.3):
        options = dict(label_smoothing=smoothing, reduction=reduction)
        assert_same(cross_entropy(autograd, GF, LOGITS, probabilities, weight, **options),
                    cross_entropy(torch, F, LOGITS, probabilities, weight, **options))


# ----- S2: the total norm of gradients of mixed dtypes -----

NORM_TYPES = [2.0, 1.0, 3, 0.5, 0, float("inf"), -float("inf")]
DTYPE_MIXES = [("float32", "float64"), ("float64", "float32"), ("float16", "float32"), ("float32", "float16", "float64"),
               ("float32", "float32"), ("float16",)]


def clipped(T, N, dtypes, norm_type, max_norm=1.0):
    params = [N.Parameter(T.ones(3, dtype=getattr(T, dtype))) for dtype in dtypes]
    for i, (param, dtype) in enumerate(zip(params, dtypes, strict=True)):
        param.grad = T.tensor([2.0 + i, -1.5, 0.25 * i], dtype=getattr(T, dtype))
    total = N.utils.clip_grad_norm_(params, max_norm, norm_type)
    return total, [param.grad for param in params]


@pytest.mark.parametrize("norm_type", NORM_TYPES)
@pytest.mark.parametrize("dtypes", DTYPE_MIXES)
def test_clip_grad_norm_over_mixed_dtypes_returns_pytorchs_norm_and_dtype(dtypes, norm_type):
    """Was silent (S2): float32 + float64 gradients gave a float32 norm (the first gradient's dtype; float64 in
    the other order), where PyTorch stacks the per-tensor norms with promotion: float64 in either order."""
    (ours, our_grads), (theirs, their_grads) = clipped(autograd, nn, dtypes, norm_type), clipped(
        torch, torch.nn, dtypes, norm_type)
    assert str(ours.dtype).split(".")[-1] == str(theirs.dtype).split(".")[-1]
    tolerance = 2e-3 if "float16" in dtypes else 1e-6
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=tolerance)
    for a, b in zip(our_grads, their_grads, strict=True):
        assert a.dtype == getattr(autograd, str(b.dtype).split(".")[-1])
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=tolerance, atol=1e-7)


@pytest.mark.parametrize("norm_type", NORM_TYPES)
@pytest.mark.parametrize("dtypes", DTYPE_MIXES)
def test_get_total_norm_and_clip_grads_with_norm_are_pytorchs(dtypes, norm_type):
    """PyTorch 2.13's two halves of clip_grad_norm_, public in nn.utils."""
    def run(T, N):
        tensors = [T.tensor([3.0, -4.0 * i, 0.5], dtype=getattr(T, dtype)) for i, dtype in enumerate(dtypes)]
        total = N.utils.get_total_norm(tensors, norm_type)
        params = [N.Parameter(tensor.clone()) for tensor in tensors]
        for param, tensor in zip(params, tensors, strict=True):
            param.grad = tensor.clone()
        N.utils.clip_grads_with_norm_(params, 0.5, total)
        return total, [param.grad for param in params]
    (ours, our_grads), (theirs, their_grads) = run(autograd, nn), run(torch, torch.nn)
    assert str(ours.dtype).split(".")[-1] == str(theirs.dtype).split(".")[-1]
    tolerance = 2e-3 if "float16" in dtypes else 1e-6
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=tolerance)
    for a, b in zip(our_grads, their_grads, strict=True):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=tolerance, atol=1e-7)


@pytest.mark.parametrize("norm_type", [float("inf"), -float("inf")])
def test_an_infinity_norm_over_an_empty_gradient_is_refused_as_pytorch(norm_type):
    for T, N in [(autograd, nn), (torch, torch.nn)]:
        params = [N.Parameter(T.ones(0)), N.Parameter(T.ones(2))]
        for param in params:
            param.grad = T.ones(param.shape)
        with pytest.raises(RuntimeError, match="empty tensor"):
            N.utils.clip_grad_norm_(params, 1.0, norm_type)


def test_clip_grad_norm_of_no_gradients_and_of_an_empty_generator_is_pytorchs():
    for N in (nn, torch.nn):
        assert N.utils.clip_grad_norm_([], 1.0).item() == 0.0
        with pytest.warns(UserWarning, match="empty generator"):
            assert N.utils.clip_grad_norm_((p for p in []), 1.0).item() == 0.0
        assert N.utils.get_total_norm([]).item() == 0.0


def test_get_total_norm_of_an_integer_tensor_is_refused_as_pytorch():
    for T, N in [(autograd, nn), (torch, torch.nn)]:
        with pytest.raises(RuntimeError, match="floating point"):
            N.utils.get_total_norm([T.tensor([1, 2])])


def test_a_nonfinite_total_norm_raises_when_asked_and_is_nan_otherwise():
    for T, N in [(autograd, nn), (torch, torch.nn)]:
        params = [N.Parameter(T.ones(2)), N.Parameter(T.ones(2, dtype=T.float64))]
        params[0].grad, params[1].grad = T.tensor([float("nan"), 1.0]), T.ones(2, dtype=T.float64)
        with pytest.raises(RuntimeError, match="non-finite"):
            N.utils.clip_grad_norm_(params, 1.0, error_if_nonfinite=True)
        total = N.utils.clip_grad_norm_(params, 1.0)
        assert np.isnan(total.item()) and np.isnan(params[1].grad.numpy()).all()
