"""Fifth adversarial pass (#19): the fused F.linear against PyTorch 2.13."""
import pytest

import autograd
import nn


@pytest.mark.parametrize("input_shape", [(4,), (2, 4), (3, 2, 4)])
@pytest.mark.parametrize("bias_shape", [None, (), (1,), (2,)])
def test_a_vector_weight_takes_no_bias_as_in_pytorch(input_shape, bias_shape):
    torch = pytest.importorskip("torch")

    def run(T, F):
        bias = None if bias_shape is None else T.ones(bias_shape)
        return tuple(F.linear(T.ones(input_shape), T.arange(4.0), bias).shape)

    if bias_shape is None:
        assert run(autograd, nn.functional) == run(torch, torch.nn.functional)
        return
    with pytest.raises(RuntimeError, match="mat2 must be a matrix"):
        run(torch, torch.nn.functional)
    with pytest.raises(RuntimeError, match="mat2 must be a matrix"):
        run(autograd, nn.functional)
