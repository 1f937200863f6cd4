"""Thirteenth adversarial pass (hostile13a S1, C1): an in-place shape change of a tensor that has views.

glassgrad records a view again from its base's current shape, so after t_/transpose_/squeeze_/unsqueeze_ of the base
the view's gradient went to the wrong elements (40 silent cases) or crashed inside the engine (38): such a change is
refused while a view exists and the tensor requires grad; without views, or without grad, it works as PyTorch's."""
import numpy as np
import pytest

import autograd

torch = pytest.importorskip("torch")

CHANGES = ["t_()", "transpose_(0, 1)", "swapaxes_(0, 1)", "swapdims_(1, 0)", "squeeze_()", "unsqueeze_(0)"]
VIEWS = ["x[0]", "x[:, 1]", "x[1, 1]", "x.view(-1)", "x.reshape(4)", "x.t()", "x[None]"]


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("view", VIEWS)
def test_a_shape_change_of_a_tensor_with_views_is_refused(change, view):
    w = autograd.ones(2, 2, requires_grad=True)
    names = {"x": w * 1}
    v = eval(view, names)  # noqa: S307 (the cases above)
    with pytest.raises(RuntimeError, match="views taken before"):
        eval("x." + change, names)  # noqa: S307
    assert v is not None  # (the view stays alive until the change)


@pytest.mark.parametrize("change", CHANGES)
def test_views_taken_after_the_change_get_pytorchs_gradient(change):
    def run(lib):
        w = lib.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        x = w * 1
        eval("x." + change, {"x": x})  # noqa: S307
        e = x.reshape(-1)[:2]
        e.mul_(5)
        (x * lib.arange(1.0, x.numel() + 1).reshape(x.shape)).sum().backward()
        return w.grad.numpy(), x.detach().numpy()

    for ours, theirs in zip(run(autograd), run(torch), strict=True):
        np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize("change", CHANGES)
def test_without_grad_a_tensor_with_views_changes_shape_as_pytorchs(change):
    def run(lib):
        x = lib.tensor([[0.0, 1.0], [2.0, 3.0]])
        v = x[0]
        eval("x." + change, {"x": x})  # noqa: S307
        v.mul_(10)
        return x.numpy().copy(), v.numpy().copy()

    for ours, theirs in zip(run(autograd), run(torch), strict=True):
        np.testing.assert_array_equal(ours, theirs)


def test_a_view_whose_dict_was_materialised_is_still_found():
    """The collector reports a view through its __dict__ once that dict exists as an object (CI found it so)."""
    w = autograd.ones(2, 2, requires_grad=True)
    x = w * 1
    v = x[0]
    assert "_base" in vars(v)  # (materialises the view's dict)
    with pytest.raises(RuntimeError, match="views taken before"):
        x.t_()
