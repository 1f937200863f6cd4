"""Fifth adversarial pass (#19): the fused F.linear against PyTorch 2.13."""
import pytest

import autograd
import nn


@pytest.mark.parametrize("input_shape", [(4,), (1, 4), (2, 4), (3, 2, 4), (5, 3, 2, 4)])
@pytest.mark.parametrize("bias_shape", [None, (), (1,), (2,), (3, 2)])
def test_a_vector_weight_takes_no_bias_as_in_pytorch(input_shape, bias_shape):
    torch = pytest.importorskip("torch")

    def run(T, F):
        bias = None if bias_shape is None else T.ones(bias_shape)
        return tuple(F.linear(T.ones(input_shape), T.arange(4.0), bias).shape)

    try:
        expected = run(torch, torch.nn.functional)
    except RuntimeError as error:
        with pytest.raises(RuntimeError, match=str(error).split(" [")[0]):
            run(autograd, nn.functional)
    else:
        assert run(autograd, nn.functional) == expected
