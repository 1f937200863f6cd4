"""Ninth adversarial pass (#19): what a verifying pass found on the merged main, against PyTorch 2.13."""
import numpy as np
import pytest

import autograd
import nn
import nn.functional as F

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("call", ["cross_entropy", "cross_entropy weighted", "cross_entropy smoothed", "nll_loss"])
def test_a_mean_loss_with_every_target_ignored_is_nan_with_zero_gradients(call):
    logits = np.array([[0.1, 0.2, 0.3], [0.3, 0.1, 0.0]], dtype=np.float32)

    def run(lib, functional):
        x = lib.tensor(logits, requires_grad=True)
        targets = lib.tensor(np.array([-100, -100]))
        if call == "cross_entropy":
            loss = functional.cross_entropy(x, targets)
        elif call == "cross_entropy weighted":
            loss = functional.cross_entropy(x, targets, weight=lib.tensor(np.array([1.0, 2.0, 3.0], np.float32)))
        elif call == "cross_entropy smoothed":
            loss = functional.cross_entropy(x, targets, label_smoothing=0.1)
        else:
            loss = functional.nll_loss(x.log_softmax(1), lib.tensor(np.array([1, 1])), ignore_index=1)
        loss.backward()
        return loss.detach().numpy(), x.grad.numpy()

    (ours, our_grad), (theirs, their_grad) = run(autograd, F), run(torch, torch.nn.functional)
    np.testing.assert_array_equal(ours, theirs)  # NaN
    np.testing.assert_array_equal(our_grad, their_grad)  # zeros


def test_smooth_l1_refuses_the_legacy_arguments_instead_of_ignoring_them():
    a, b = autograd.tensor([1.0, 2.0, 3.0]), autograd.tensor([1.5, 0.0, 3.2])
    for kwargs in ({"size_average": False}, {"reduce": False}):
        with pytest.raises(TypeError, match="reduction"):
            F.smooth_l1_loss(a, b, **kwargs)
        with pytest.raises(TypeError, match="reduction"):
            nn.SmoothL1Loss(**kwargs)
    assert F.smooth_l1_loss(a, b, reduction="sum").item() == pytest.approx(
        torch.nn.functional.smooth_l1_loss(torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.5, 0.0, 3.2]),
                                           reduction="sum").item())


@pytest.mark.parametrize("reduce", ["sum", "mean", "view-sum"])
@pytest.mark.parametrize("size, stride", [((4,), (1,)), ((2,), (2,)), ((2, 2), (2, 1)), ((3,), (1,))])
def test_a_write_through_as_strided_backpropagates_a_broadcast_gradient_as_pytorch(size, stride, reduce):
    """The gradient of sum() is a broadcast (stride 0): replayed through as_strided it was read as if laid out in
    memory, past its end (garbage in x.grad)."""
    def run(lib):
        x = lib.tensor(np.arange(4.0, dtype=np.float32), requires_grad=True)
        y = x * 1
        y.as_strided(size, stride).mul_(5)
        out = {"sum": y.sum(), "mean": y.mean(), "view-sum": y.view(2, 2).sum(0).sum()}[reduce]
        out.backward()
        return x.grad.numpy()

    np.testing.assert_allclose(run(autograd), run(torch))


@pytest.mark.parametrize("make", ["t", "permute", "expand"])
def test_a_leafs_grad_is_row_major_whatever_layout_the_gradient_came_in(make):
    """(x.t() * 2).sum().backward() gave x.grad the transposed layout: x.grad.view(-1) failed, as in PyTorch it works."""
    def run(lib):
        x = lib.ones(2, 3, requires_grad=True)
        y = {"t": lambda: x.t() * 2, "permute": lambda: x.permute(1, 0) * 2,
             "expand": lambda: x.unsqueeze(0).expand(4, 2, 3) * 2}[make]()
        y.sum().backward()
        return x.grad.is_contiguous(), x.grad.view(-1).numpy()

    (our_flag, ours), (their_flag, theirs) = run(autograd), run(torch)
    assert our_flag and their_flag
    np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize("view", ["unfold(0, 3, 2)", "as_strided((2, 2), (1, 1))", "expand(2, 5)"])
def test_a_write_into_overlapping_elements_is_refused_not_applied_once(view):
    """PyTorch applies x.unfold(0, 3, 2).mul_(3) once per window element (a shared element twice); NumPy, once per
    memory element: the result would silently differ, so the write is refused with PyTorch's overlap error."""
    x = autograd.tensor(np.arange(5.0, dtype=np.float32))
    written = eval(f"x.{view}")  # noqa: S307  (the view's text, from the parametrisation)
    with pytest.raises(RuntimeError, match="single memory location"):
        written.mul_(3)
    np.testing.assert_array_equal(x.numpy(), np.arange(5.0))


@pytest.mark.parametrize("view", ["unfold(0, 2, 2)", "as_strided((2, 2), (2, 1))", "expand(2, 6)[0]", "t()"])
def test_a_write_into_a_view_without_overlap_still_works(view):
    x = autograd.tensor(np.arange(6.0, dtype=np.float32).reshape(6) if "t()" not in view else np.ones((2, 3)))
    tx = torch.tensor(x.numpy().copy())
    eval(f"x.{view}").mul_(3)  # noqa: S307
    eval(f"tx.{view}").mul_(3)  # noqa: S307
    np.testing.assert_array_equal(x.numpy(), tx.numpy())
