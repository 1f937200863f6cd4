"""Layers and functional ops given bad or degenerate arguments: PyTorch's result or a clear
error (found by probing beyond issue 9's list)."""
import pytest

import autograd
import nn
import nn.functional as F


def test_negative_conv_padding_is_refused_not_cropped():
    with pytest.raises(RuntimeError, match="negative padding is not supported"):
        F.conv2d(autograd.ones(1, 2, 4, 4), autograd.ones(3, 2, 2, 2), padding=-1)


@pytest.mark.parametrize("call, name", [
    (lambda: F.conv2d(autograd.ones(1, 2, 4, 4), autograd.ones(3, 2, 2, 2), stride=0), "stride"),
    (lambda: F.conv2d(autograd.ones(1, 2, 4, 4), autograd.ones(3, 2, 2, 2), dilation=0), "dilation"),
    (lambda: F.max_pool2d(autograd.ones(1, 1, 4, 4), 0), "kernel_size"),
    (lambda: F.avg_pool2d(autograd.ones(1, 1, 4, 4), 2, stride=0), "stride"),
    (lambda: nn.Conv2d(2, 3, 0)(autograd.ones(1, 2, 4, 4)), "kernel_size"),
])
def test_non_positive_window_parameters_are_refused(call, name):
    with pytest.raises(RuntimeError, match=f"non-positive {name}"):
        call()


def test_zero_element_weights_initialise_as_a_no_op():
    layer = nn.Linear(0, 2)
    assert layer(autograd.ones(1, 0)).shape == (1, 2)


def test_linear_takes_a_one_dimensional_weight_as_pytorch():
    assert F.linear(autograd.ones(2, 3), autograd.ones(3)).tolist() == [3.0, 3.0]
