"""nn.utils.clip_grad_norm_ and clip_grad_value_ against PyTorch."""
import math

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import autograd  # noqa: E402
from nn.utils import clip_grad_norm_, clip_grad_value_  # noqa: E402

GRADS = [np.random.default_rng(0).standard_normal(shape) for shape in [(3, 4), (4,), (2, 2, 2)]]


def params_with_grads(lib):
    params = []
    for grad in GRADS:
        p = lib.tensor(np.zeros_like(grad), requires_grad=True)
        p.grad = lib.tensor(grad.copy())
        params.append(p)
    return params


@pytest.mark.parametrize("max_norm", [0.5, 100.0])
@pytest.mark.parametrize("norm_type", [1.0, 2.0, 3.5, math.inf])
def test_clip_grad_norm_matches_pytorch(max_norm, norm_type):
    ours, theirs = params_with_grads(autograd), params_with_grads(torch)
    total = clip_grad_norm_(ours, max_norm, norm_type)
    reference = torch.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type)
    assert total.item() == pytest.approx(reference.item(), rel=1e-12)
    for p, q in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-12)


def test_clip_grad_value_matches_pytorch():
    ours, theirs = params_with_grads(autograd), params_with_grads(torch)
    clip_grad_value_(ours, 0.7)
    torch.nn.utils.clip_grad_value_(theirs, 0.7)
    for p, q in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(p.grad.numpy(), q.grad.numpy())
