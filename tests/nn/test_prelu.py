"""nn.PReLU and F.prelu against PyTorch: values, gradients of input and weight (x = 0 included), 0-d and 1-D
inputs, per-channel weights, and the errors PyTorch gives."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd
import nn
import nn.functional as F
from tests.autograd.outcomes import error_of

torch = pytest.importorskip("torch")


def compare(x_array, w_array, rtol=1e-12):
    """prelu's value and the gradients of a weighted sum, against PyTorch's."""
    x, w = autograd.tensor(x_array, requires_grad=True), autograd.tensor(w_array, requires_grad=True)
    tx, tw = torch.tensor(x_array, requires_grad=True), torch.tensor(w_array, requires_grad=True)
    out, expected = F.prelu(x, w), torch.nn.functional.prelu(tx, tw)
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=rtol)
    assert out.shape == tuple(expected.shape)
    weights = np.random.default_rng(0).uniform(0.5, 1.5, out.shape).astype(x_array.dtype)
    (out * autograd.tensor(weights)).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=rtol)
    np.testing.assert_allclose(w.grad.numpy(), tw.grad.numpy(), rtol=rtol)


@given(hnp.array_shapes(min_dims=0, max_dims=4, min_side=1, max_side=3), st.booleans(), st.data())
@settings(max_examples=40, deadline=None)
def test_prelu_matches_pytorch_with_one_or_per_channel_weights(shape, per_channel, data):
    x = data.draw(hnp.arrays(np.float64, shape, elements=st.sampled_from([0.0, -0.0, 1.5, -2.0, -0.25, 3.0])))
    channels = shape[1] if per_channel and len(shape) >= 2 else 1
    w = data.draw(hnp.arrays(np.float64, (channels,), elements=st.floats(-1, 1)))
    compare(x, w)


def test_prelu_of_edge_values_and_a_0d_weight_matches_pytorch():
    compare(np.array([[0.0, -np.inf, np.inf, np.nan, -1e300]]).T.repeat(2, 1), np.array([0.25, -0.5]))
    compare(np.array([-2.0, 0.0, 3.0]), np.array(0.1))
    compare(np.array(-2.0), np.array([0.1]))
    compare(np.zeros((0, 3)), np.array([0.1, 0.2, 0.3]))


def test_prelu_passes_gradcheck():
    rng = np.random.default_rng(1)
    x = autograd.tensor(rng.normal(size=(2, 3, 4)), requires_grad=True)
    w = autograd.tensor(rng.normal(size=3), requires_grad=True)
    assert autograd.gradcheck(F.prelu, (x, w))


@pytest.mark.parametrize("call", [
    lambda m, F_: F_.prelu(m.randn(3), m.tensor([0.1, 0.2, 0.3])),
    lambda m, F_: F_.prelu(m.tensor(-2.0), m.tensor([0.1, 0.2])),
    lambda m, F_: F_.prelu(m.randn(2, 3, 4), m.tensor([0.1, 0.2])),
    lambda m, F_: F_.prelu(m.randn(2, 3, 4), m.ones(3, 1)),
    lambda m, F_: F_.prelu(m.randn(2, 3, 4).double(), m.ones(3)),
    lambda m, F_: F_.prelu(m.randn(2, 3, 4), 0.25),
    lambda m, F_: F_.prelu(m.tensor([1, 2]), m.tensor([1])),
    lambda m, F_: F_.prelu([1.0, -1.0], m.ones(1)),
])
def test_prelu_refuses_what_pytorch_refuses(call):
    expected = error_of(lambda: call(torch, torch.nn.functional))
    assert expected is not None
    assert error_of(lambda: call(autograd, F)) is expected


def test_prelu_module_has_pytorchs_parameter_repr_and_state_dict():
    ours, theirs = nn.PReLU(3, init=0.1), torch.nn.PReLU(3, init=0.1)
    assert repr(ours) == repr(theirs) == "PReLU(num_parameters=3)"
    assert ours.num_parameters == theirs.num_parameters and ours.init == theirs.init
    np.testing.assert_array_equal(ours.weight.detach().numpy(), theirs.weight.detach().numpy())
    assert [name for name, _ in ours.named_parameters()] == [name for name, _ in theirs.named_parameters()]
    assert set(ours.state_dict()) == set(theirs.state_dict())
    assert nn.PReLU().weight.shape == (1,) and nn.PReLU().weight.dtype == np.float32
    assert nn.PReLU(2, dtype=autograd.float64).weight.dtype == np.float64


def test_prelu_module_learns_its_slope_as_pytorchs():
    x = np.random.default_rng(2).normal(size=(4, 3, 5)).astype(np.float32)
    ours, theirs = nn.PReLU(3), torch.nn.PReLU(3)
    ours(autograd.tensor(x)).pow(2).mean().backward()
    theirs(torch.tensor(x)).pow(2).mean().backward()
    np.testing.assert_allclose(ours.weight.grad.numpy(), theirs.weight.grad.numpy(), rtol=1e-5)
    with autograd.no_grad():
        ours.weight.fill_(0.0)
    ours.reset_parameters()
    np.testing.assert_array_equal(ours.weight.detach().numpy(), np.full(3, 0.25, np.float32))


def test_prelu_module_of_a_1d_input_needs_one_parameter_as_pytorchs():
    assert error_of(lambda: nn.PReLU(3)(autograd.randn(4))) is error_of(lambda: torch.nn.PReLU(3)(torch.randn(4)))
    np.testing.assert_allclose(nn.PReLU()(autograd.tensor([-4.0, 2.0])).detach().numpy(), [-1.0, 2.0])


def test_prelu_is_reachable_under_pytorchs_names():
    import nn.modules

    assert nn.modules.activation.PReLU is nn.PReLU
    assert "PReLU" in nn.__all__
