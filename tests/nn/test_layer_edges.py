"""Layers, functional ops and optimizers given bad or degenerate arguments: PyTorch's result or a clear
error (found by probing beyond issue 9's list)."""
import numpy as np
import pytest

import autograd
import nn
import nn.functional as F
import optim


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


def test_optimizer_state_with_an_unknown_index_is_a_clear_error():
    w = nn.Parameter(autograd.zeros(2))
    optimizer = optim.SGD([w], lr=0.1, momentum=0.9)
    state = optimizer.state_dict()
    state["state"] = {5: {"momentum_buffer": np.zeros(2, dtype=np.float32)}}
    with pytest.raises(ValueError, match=r"parameter indices \['5'\] that no parameter group lists"):
        optimizer.load_state_dict(state)
    with pytest.raises(ValueError, match="lacks"):
        optimizer.load_state_dict({})
