"""nn.utils: gradient clipping and flat parameter vectors."""
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd
from nn.utils import clip_grad_norm_, clip_grad_value_, parameters_to_vector, vector_to_parameters


def with_grads(*grads):
    params = []
    for grad in grads:
        p = autograd.tensor(np.zeros_like(grad), requires_grad=True)
        p.grad = autograd.tensor(np.array(grad, dtype=np.float64))
        params.append(p)
    return params


finite_grads = hnp.arrays(np.float64, hnp.array_shapes(max_dims=2, max_side=4),
                          elements=st.floats(-100, 100, allow_nan=False))


@given(grads=st.lists(finite_grads, min_size=1, max_size=3), max_norm=st.floats(0.01, 50),
       norm_type=st.sampled_from([1.0, 2.0, 3.0, math.inf]))
def test_clip_grad_norm_scales_all_gradients_to_at_most_max_norm(grads, max_norm, norm_type):
    params = with_grads(*grads)
    flat = np.concatenate([g.ravel() for g in grads])
    if norm_type == math.inf:
        expected_norm = np.max(np.abs(flat), initial=0)
    else:
        expected_norm = np.sum(np.abs(flat) ** norm_type) ** (1 / norm_type)
    total = clip_grad_norm_(params, max_norm, norm_type)
    assert isinstance(total, autograd.Tensor) and total.item() == pytest.approx(expected_norm, rel=1e-12, abs=1e-300)
    scale = min(1.0, max_norm / (expected_norm + 1e-6))
    for p, g in zip(params, grads, strict=True):
        np.testing.assert_allclose(p.grad.numpy(), g * scale, rtol=1e-12)


def test_clip_grad_norm_worked_example():
    a, b = with_grads(np.array([3.0, 0.0]), np.array([[4.0]]))   # joint 2-norm 5
    total = clip_grad_norm_([a, b], max_norm=1.0)
    assert total.item() == 5.0
    np.testing.assert_allclose(a.grad.numpy(), [3 / (5 + 1e-6), 0.0])
    np.testing.assert_allclose(b.grad.numpy(), [[4 / (5 + 1e-6)]])


def test_clip_grad_norm_ignores_missing_gradients_and_accepts_one_tensor():
    p = with_grads(np.array([0.3, -0.4]))[0]
    no_grad = autograd.tensor([1.0], requires_grad=True)
    assert clip_grad_norm_([p, no_grad], 10).item() == pytest.approx(0.5)
    assert no_grad.grad is None
    assert clip_grad_norm_(p, 10).item() == pytest.approx(0.5)
    assert clip_grad_norm_([no_grad], 1.0).item() == 0.0


def test_clip_grad_norm_non_finite():
    p = with_grads(np.array([np.inf, 1.0]))[0]
    with pytest.raises(RuntimeError, match="total norm of order 2.0 for gradients from `parameters` is non-finite"):
        clip_grad_norm_(p, 1.0, error_if_nonfinite=True)
    with np.errstate(invalid="ignore"):  # as in PyTorch, the gradients are scaled anyway: inf · 0 = NaN
        assert math.isinf(clip_grad_norm_(p, 1.0).item())
    assert np.isnan(p.grad.detach().numpy()[0])


def test_clip_grad_value_clamps_each_entry_in_place():
    p, q = with_grads(np.array([-3.0, 0.5, 2.0]), np.array([[10.0, -0.1]]))
    grad_array = p.grad.numpy()
    clip_grad_value_([p, q], 1.0)
    assert p.grad.numpy() is grad_array
    assert p.grad.tolist() == [-1.0, 0.5, 1.0] and q.grad.tolist() == [[1.0, -0.1]]


def test_parameters_to_vector_and_back():
    a = autograd.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    b = autograd.tensor(np.array([10.0, 11.0]), requires_grad=True)
    vector = parameters_to_vector([a, b])
    assert vector.tolist() == [0, 1, 2, 3, 4, 5, 10, 11]
    (vector * autograd.tensor(np.arange(8.0))).sum().backward()  # differentiable, as in PyTorch
    assert b.grad.tolist() == [6.0, 7.0]
    with autograd.no_grad():
        vector_to_parameters(autograd.tensor(-np.arange(8.0)), [a, b])
    assert a.tolist() == [[0, -1, -2], [-3, -4, -5]] and b.tolist() == [-6, -7]
    with pytest.raises(TypeError, match="expected Tensor, but got: ndarray"):
        vector_to_parameters(np.zeros(8), [a, b])
    with pytest.raises(RuntimeError, match="vector has 3 elements, but the parameters have 8 in all"):
        vector_to_parameters(autograd.zeros(3), [a, b])
