"""Round 21 (hostile21b) nn.functional findings, against PyTorch: circular padding whose negative widths crop a
dimension to exactly nothing gives PyTorch's empty result (cropping beyond it is PyTorch's error)."""
import numpy as np
import pytest

import autograd
import nn.functional as F

torch = pytest.importorskip("torch")
TF = torch.nn.functional


@pytest.mark.parametrize("shape, pad", [((1, 3, 2), (-1, -1)), ((1, 3, 2), (-2, 0)), ((1, 3, 2), (0, -2)),
                                        ((1, 1, 3), (-2, -1)), ((1, 1, 1), (-2, 1)), ((1, 1, 3), (-4, 1)),
                                        ((1, 1, 3, 3), (-1, -2, 0, 0)), ((1, 1, 3, 2), (-1, -1, 1, 1)),
                                        ((1, 1, 0), (0, 0)), ((2, 2, 2, 2), (0, 0, 0, 0, -1, -1))])
def test_circular_pad_that_crops_a_dimension_to_nothing_is_pytorchs_empty_result(shape, pad):
    x = np.arange(float(np.prod(shape))).reshape(shape)
    grads = []
    for lib, pad_fn in ((torch, TF.pad), (autograd, F.pad)):
        leaf = lib.tensor(x, requires_grad=True)
        out = pad_fn(leaf, pad, mode="circular")
        out.sum().backward()  # the gradient of an empty result: zeros of the input's shape
        grads.append((tuple(out.shape), out.detach().numpy().dtype, leaf.grad.numpy()))
    assert grads[1][:2] == grads[0][:2]
    np.testing.assert_array_equal(grads[1][2], grads[0][2])


@pytest.mark.parametrize("shape, pad", [((1, 1, 3), (-4, 0)), ((1, 1, 3), (-2, -2)), ((1, 1, 3), (-3, -1))])
def test_circular_pad_that_crops_beyond_nothing_is_pytorchs_error(shape, pad):
    with pytest.raises(RuntimeError, match="empty dimension"):
        TF.pad(torch.zeros(shape), pad, mode="circular")
    with pytest.raises(RuntimeError, match="empty dimension"):
        F.pad(autograd.zeros(shape), pad, mode="circular")
