"""Round 20 (hostile20b) nn.functional findings, against PyTorch: adaptive average pooling and 'area' resizing
average each output cell's window only (an inf or NaN reaches only the cells whose window holds it, values and
gradients), and the losses' ignored positions."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import autograd
import nn.functional as F

torch = pytest.importorskip("torch")
TF = torch.nn.functional


def _compare(ours, theirs):
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("shape, out", [((1, 1, 4, 4), (2, 2)), ((2, 3, 5, 7), (3, 4)), ((2, 3, 7, 5), (7, 2)),
                                        ((1, 2, 6, 6), (4, 5)), ((1, 1, 3, 3), (1, 1)), ((1, 1, 9, 10), (4, 3)),
                                        ((3, 6, 8), (3, None)), ((1, 1, 12, 12), (4, 6)), ((1, 2, 3, 4), (5, 7))])
@pytest.mark.parametrize("seed", range(3))
def test_adaptive_avg_pool2d_keeps_non_finite_values_in_their_windows(shape, out, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape).astype(np.float32)
    x.flat[rng.integers(x.size)] = np.inf
    x.flat[rng.integers(x.size)] = np.nan
    x.flat[rng.integers(x.size)] = -np.inf
    theirs_x = torch.tensor(x, requires_grad=True)
    theirs = TF.adaptive_avg_pool2d(theirs_x, out)
    grad = rng.standard_normal(tuple(theirs.shape)).astype(np.float32)
    grad.flat[rng.integers(grad.size)] = np.inf
    grad.flat[rng.integers(grad.size)] = np.nan
    ours_x = autograd.tensor(x, requires_grad=True)
    ours = F.adaptive_avg_pool2d(ours_x, out)
    ours.backward(autograd.tensor(grad))
    theirs.backward(torch.tensor(grad))
    _compare(ours, theirs)
    _compare(ours_x.grad, theirs_x.grad)


def test_interpolate_area_keeps_an_inf_in_its_window():
    x = np.arange(16.0, dtype=np.float32).reshape(1, 1, 4, 4)
    x[0, 0, 0, 0] = np.inf
    for size in [(2, 2), (3, 3), (2, 4)]:
        _compare(F.interpolate(autograd.tensor(x), size=size, mode="area"),
                 TF.interpolate(torch.tensor(x), size=size, mode="area"))
    assert np.isfinite(F.adaptive_avg_pool2d(autograd.tensor(x), (2, 2)).numpy()[0, 0, 1]).all()


def test_adaptive_avg_pool2d_refuses_an_empty_plane_as_pytorch():
    with pytest.raises(RuntimeError, match="non-zero size"):
        TF.adaptive_avg_pool2d(torch.zeros(1, 1, 0, 3), (2, 2))
    with pytest.raises(RuntimeError, match="non-zero size"):
        F.adaptive_avg_pool2d(autograd.zeros(1, 1, 0, 3), (2, 2))


def test_adaptive_avg_pool2d_gradcheck_on_uneven_windows():
    x = autograd.tensor(np.random.default_rng(0).standard_normal((1, 2, 5, 7)), requires_grad=True)
    assert autograd.gradcheck(lambda t: F.adaptive_avg_pool2d(t, (3, 4)), (x,))


@settings(max_examples=60, deadline=None)
@given(height=st.integers(1, 32), width=st.integers(1, 32), out_h=st.integers(1, 12), out_w=st.integers(1, 12),
       seed=st.integers(0, 2**16))
def test_adaptive_avg_pool2d_window_classes_match_pytorch(height, width, out_h, out_w, seed):
    """Every window layout (tiles short and long, uneven windows in classes of evenly spaced ones, more cells
    than inputs), with an inf in the input and in the upstream gradient: values and gradients as PyTorch's."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((1, 2, height, width)).astype(np.float32)
    x.flat[rng.integers(x.size)] = np.inf
    theirs_x = torch.tensor(x, requires_grad=True)
    theirs = TF.adaptive_avg_pool2d(theirs_x, (out_h, out_w))
    grad = rng.standard_normal(tuple(theirs.shape)).astype(np.float32)
    grad.flat[rng.integers(grad.size)] = -np.inf
    ours_x = autograd.tensor(x, requires_grad=True)
    ours = F.adaptive_avg_pool2d(ours_x, (out_h, out_w))
    ours.backward(autograd.tensor(grad))
    theirs.backward(torch.tensor(grad))
    _compare(ours, theirs)
    _compare(ours_x.grad, theirs_x.grad)

@pytest.mark.parametrize("argument, shape", [("pos_weight", (2, 1)), ("weight", (2, 1)), ("weight", (3, 1, 2)),
                                             ("pos_weight", (3, 1, 2))])
def test_bce_with_logits_refuses_a_weight_that_grows_the_loss_as_pytorch(argument, shape):
    with pytest.raises(RuntimeError, match="doesn't match the broadcast shape"):
        TF.binary_cross_entropy_with_logits(torch.zeros(1, 2), torch.zeros(1, 2), **{argument: torch.ones(shape)})
    with pytest.raises(RuntimeError, match="doesn't match the broadcast shape"):
        F.binary_cross_entropy_with_logits(autograd.zeros(1, 2), autograd.zeros(1, 2),
                                           **{argument: autograd.ones(shape)})


@pytest.mark.parametrize("argument, shape", [("pos_weight", (2,)), ("weight", (1, 2)), ("weight", (2,)),
                                             ("pos_weight", (1, 1))])
def test_bce_with_logits_with_a_weight_that_broadcasts_into_the_input_is_pytorchs(argument, shape):
    x, y = np.array([[0.5, -2.0]]), np.array([[1.0, 0.0]])
    factor = np.array([2.0, 0.5]).reshape(shape) if np.prod(shape) == 2 else np.full(shape, 3.0)
    _compare(F.binary_cross_entropy_with_logits(autograd.tensor(x), autograd.tensor(y),
                                                **{argument: autograd.tensor(factor)}),
             TF.binary_cross_entropy_with_logits(torch.tensor(x), torch.tensor(y), **{argument: torch.tensor(factor)}))


def test_cosine_similarity_of_a_float16_vector_whose_norm_overflows_is_pytorchs_zero():
    values = np.array([60000.0, 60000.0, 1.0, 2.0], dtype=np.float16)
    ours = F.cosine_similarity(autograd.tensor(values), autograd.tensor(values), dim=0)
    theirs = TF.cosine_similarity(torch.tensor(values), torch.tensor(values), dim=0)
    _compare(ours, theirs)
    _compare(F.normalize(autograd.tensor(values), dim=0), TF.normalize(torch.tensor(values), dim=0))


def test_cosine_similarity_clamps_small_norms_and_passes_the_unclamped_gradient():
    rng = np.random.default_rng(0)
    for scale in (1.0, 1e-9):
        x = rng.standard_normal((3, 4)) * scale
        y = rng.standard_normal((3, 4))
        ours_x, theirs_x = autograd.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        ours = F.cosine_similarity(ours_x, autograd.tensor(y))
        theirs = TF.cosine_similarity(theirs_x, torch.tensor(y))
        ours.sum().backward()
        theirs.sum().backward()
        _compare(ours, theirs)
        np.testing.assert_allclose(ours_x.grad.numpy(), theirs_x.grad.numpy(), rtol=1e-5, atol=1e-6 / scale)
