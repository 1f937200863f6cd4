"""PyTorch as a second oracle: every loss, every reduction, values and gradients (input and target)."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import autograd  # noqa: E402
import nn  # noqa: E402

RNG = np.random.default_rng(1)
REDUCTIONS = ["mean", "sum", "none"]


def compare(our_loss, torch_loss, *arrays, differentiable=None, rtol=1e-7, atol=1e-10):
    """Run both losses on the same float64 arrays (ints pass through as class indices) and compare the value
    and the gradient of every float argument in `differentiable` (all float ones by default)."""
    differentiable = differentiable if differentiable is not None else [a.dtype.kind == "f" for a in arrays]
    ours = [autograd.tensor(a, requires_grad=bool(d)) for a, d in zip(arrays, differentiable, strict=True)]
    theirs = [torch.tensor(a, requires_grad=bool(d)) for a, d in zip(arrays, differentiable, strict=True)]
    out, expected = our_loss(*ours), torch_loss(*theirs)
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=rtol, atol=atol)
    if not any(differentiable):
        return
    seed = RNG.standard_normal(out.shape)
    out.backward(autograd.tensor(seed))
    expected.backward(torch.tensor(seed))
    for mine, reference in zip(ours, theirs, strict=True):
        if reference.requires_grad:
            np.testing.assert_allclose(mine.grad.numpy(), reference.grad.numpy(), rtol=rtol, atol=atol)


def module_pair(name, **options):
    """The glassgrad and PyTorch loss modules of the same name, with the same options (tensors converted)."""
    ours = {k: autograd.tensor(v) if isinstance(v, np.ndarray) else v for k, v in options.items()}
    theirs = {k: torch.tensor(v) if isinstance(v, np.ndarray) else v for k, v in options.items()}
    return getattr(nn, name)(**ours), getattr(torch.nn, name)(**theirs)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name", ["MSELoss", "L1Loss"])
def test_regression_losses(name, reduction):
    compare(*module_pair(name, reduction=reduction), RNG.standard_normal((3, 4)), RNG.standard_normal((3, 4)))


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_bce(reduction):
    probabilities = np.array([[0.1, 0.5, 0.9], [0.3, 0.7, 0.2]])
    compare(*module_pair("BCELoss", weight=np.array([1.0, 2.0, 0.5]), reduction=reduction),
            probabilities, RNG.random((2, 3)))
    compare(*module_pair("BCELoss", reduction=reduction), np.array([0.0, 1.0, 0.4]), np.array([1.0, 0.0, 1.0]),
            differentiable=[False, False])  # log clamped at −100 (PyTorch's gradient there is its own formula)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("options", [{}, {"weight": np.array([1.0, 2.0, 0.5])},
                                     {"pos_weight": np.array([3.0, 0.2, 1.0]), "weight": np.array([2.0, 1.0, 1.0])}])
def test_bce_with_logits(reduction, options):
    logits = np.array([[-1e5, -1000.0, -3.0], [0.0, 2.0, 1000.0], [1e5, 0.5, -0.5]])
    compare(*module_pair("BCEWithLogitsLoss", reduction=reduction, **options), logits, RNG.random((3, 3)))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("options", [
    {}, {"weight": np.array([0.5, 2.0, 1.0, 3.0])}, {"ignore_index": 2}, {"label_smoothing": 0.15},
    {"weight": np.array([0.5, 2.0, 1.0, 3.0]), "ignore_index": 1, "label_smoothing": 0.3},
])
def test_cross_entropy_class_indices(reduction, options):
    compare(*module_pair("CrossEntropyLoss", reduction=reduction, **options),
            RNG.standard_normal((5, 4)) * 3, np.array([0, 1, 2, 3, 1]))
    compare(*module_pair("CrossEntropyLoss", reduction=reduction, **options),  # (N, C, T) sequence scores
            RNG.standard_normal((2, 4, 3)), np.array([[0, 2, 1], [3, 3, 0]]))
    compare(*module_pair("CrossEntropyLoss", reduction=reduction, **options),  # (N, C, H, W)
            RNG.standard_normal((2, 4, 2, 2)), RNG.integers(0, 4, (2, 2, 2)))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("options", [{}, {"weight": np.array([0.5, 2.0, 1.0])}, {"label_smoothing": 0.2}])
def test_cross_entropy_probabilities(reduction, options):
    compare(*module_pair("CrossEntropyLoss", reduction=reduction, **options),
            RNG.standard_normal((4, 3)), RNG.dirichlet(np.ones(3), 4))
    compare(*module_pair("CrossEntropyLoss", reduction=reduction, **options),
            RNG.standard_normal((2, 3, 5)), RNG.dirichlet(np.ones(3), (2, 5)).transpose(0, 2, 1))


def test_cross_entropy_single_example_and_huge_logits():
    compare(*module_pair("CrossEntropyLoss"), RNG.standard_normal(4), np.array(2))
    compare(*module_pair("CrossEntropyLoss", reduction="none"), np.array([[1e5, -1e5, 0.0], [-1e5, 0.0, 1e5]]),
            np.array([1, 2]))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("options", [{}, {"weight": np.array([0.5, 2.0, 1.0])}, {"ignore_index": 0}])
def test_nll_loss(reduction, options):
    log_probs = np.log(RNG.dirichlet(np.ones(3), 4))
    compare(*module_pair("NLLLoss", reduction=reduction, **options), log_probs, np.array([0, 2, 1, 0]))
    compare(*module_pair("NLLLoss", reduction=reduction, **options), RNG.standard_normal((2, 3, 4)),
            RNG.integers(0, 3, (2, 4)))


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_soft_margin_and_hinge_embedding(reduction):
    signs = np.array([[1.0, -1.0, 1.0], [-1.0, -1.0, 1.0]])
    scores = np.array([[0.3, -2.0, 1000.0], [-1e5, 0.4, -0.7]])
    compare(*module_pair("SoftMarginLoss", reduction=reduction), scores, signs, differentiable=[True, False])
    compare(*module_pair("HingeEmbeddingLoss", margin=0.8, reduction=reduction), RNG.standard_normal((2, 3)), signs,
            differentiable=[True, False])


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("p", [1, 2])
@pytest.mark.parametrize("weight", [None, np.array([0.5, 2.0, 1.0, 3.0])])
def test_multi_margin(reduction, p, weight):
    options = {} if weight is None else {"weight": weight}
    compare(*module_pair("MultiMarginLoss", p=p, margin=0.9, reduction=reduction, **options),
            RNG.standard_normal((5, 4)), np.array([0, 3, 1, 2, 3]))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("full", [False, True])
@pytest.mark.parametrize("var_shape", [(3, 2), (3, 1), (3,)])
def test_gaussian_nll(reduction, full, var_shape):
    variance = RNG.random(var_shape) + 0.1
    variance.flat[0] = 1e-9  # below eps: clamped in value, not in gradient
    ours, theirs = module_pair("GaussianNLLLoss", full=full, eps=1e-4, reduction=reduction)
    compare(ours, theirs, RNG.standard_normal((3, 2)), RNG.standard_normal((3, 2)), variance)


@pytest.mark.parametrize("reduction", REDUCTIONS + ["batchmean"])
@pytest.mark.parametrize("log_target", [False, True])
def test_kl_div(reduction, log_target):
    target = RNG.dirichlet(np.ones(4), 3)
    if log_target:
        target = np.log(target)
    losses = module_pair("KLDivLoss", reduction=reduction, log_target=log_target)
    compare(*losses, np.log(RNG.dirichlet(np.ones(4), 3)), target)
    if not log_target:  # a zero probability contributes 0 (PyTorch's gradient for that target is NaN)
        target[0, 1] = 0.0
        compare(*losses, np.log(RNG.dirichlet(np.ones(4), 3)), target, differentiable=[True, False])
