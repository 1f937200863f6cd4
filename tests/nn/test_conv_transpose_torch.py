"""ConvTranspose1d/2d and F.conv_transpose1d/2d against PyTorch: values and gradients for random shapes, strides,
paddings, output paddings, groups and dilations; finite differences in float64; weight layout, initialisation,
state_dict keys, output_size and argument errors as PyTorch's."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
import nn
import nn.functional as F

torch = pytest.importorskip("torch")


def both(array, requires_grad=True):
    return autograd.tensor(array, requires_grad=requires_grad), torch.tensor(array, requires_grad=requires_grad)


@st.composite
def transposed_cases(draw, n):
    """Arguments valid for PyTorch: output_padding < stride or < dilation, an output size of at least 1."""
    groups = draw(st.integers(1, 3))
    c_in, c_out = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(n))
    stride = tuple(draw(st.integers(1, 3)) for _ in range(n))
    dilation = tuple(draw(st.integers(1, 2)) for _ in range(n))
    output_padding = tuple(draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation, strict=True))
    size = tuple(draw(st.integers(1, 5)) for _ in range(n))
    largest = [(i - 1) * s + d * (k - 1) + a for i, s, d, k, a in zip(size, stride, dilation, kernel, output_padding,
                                                                       strict=True)]
    padding = tuple(draw(st.integers(0, max(0, m // 2))) for m in largest)
    return dict(shape=(draw(st.integers(1, 2)), c_in, *size), weight=(c_in, c_out // groups, *kernel),
                bias=draw(st.booleans()), stride=stride, padding=padding, output_padding=output_padding,
                groups=groups, dilation=dilation)


def check_against_torch(case, functional, seed):
    rng = np.random.default_rng(seed)
    (x, tx), (w, tw) = both(rng.standard_normal(case["shape"])), both(rng.standard_normal(case["weight"]))
    c_out = case["weight"][1] * case["groups"]
    (b, tb) = both(rng.standard_normal(c_out)) if case["bias"] else (None, None)
    options = {key: case[key] for key in ("stride", "padding", "output_padding", "groups", "dilation")}
    expected = getattr(torch.nn.functional, functional)(tx, tw, tb, **options)
    out = getattr(F, functional)(x, w, b, **options)
    assert out.shape == tuple(expected.shape)
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=1e-10, atol=1e-10)
    upstream = rng.standard_normal(tuple(expected.shape))
    expected.backward(torch.tensor(upstream))
    out.backward(autograd.tensor(upstream))
    for mine, theirs in [(x, tx), (w, tw)] + ([(b, tb)] if case["bias"] else []):
        np.testing.assert_allclose(mine.grad.numpy(), theirs.grad.numpy(), rtol=1e-10, atol=1e-10)


@settings(max_examples=60, deadline=None)
@given(case=transposed_cases(2), seed=st.integers(0, 2**16))
def test_conv_transpose2d_values_and_gradients_match_torch(case, seed):
    check_against_torch(case, "conv_transpose2d", seed)


@settings(max_examples=30, deadline=None)
@given(case=transposed_cases(1), seed=st.integers(0, 2**16))
def test_conv_transpose1d_values_and_gradients_match_torch(case, seed):
    check_against_torch(case, "conv_transpose1d", seed)


@pytest.mark.parametrize("shape, weight, options", [
    ((2, 8, 6, 6), (8, 4, 4, 4), dict(stride=2, padding=1)),  # DCGAN's upsampling block
    ((1, 3, 3, 4), (3, 3, 16, 16), dict(stride=8, padding=4)),  # d2l's FCN head, scaled down (k = 2s)
    ((1, 2, 4, 4), (2, 2, 2, 2), dict(stride=5)),  # stride above the kernel: gaps of zeros in the output
    ((1, 4, 3, 5), (4, 1, 3, 2), dict(stride=(4, 2), padding=(2, 0), output_padding=(3, 1), groups=2, dilation=(3, 2))),
])
def test_upsampling_layers_match_torch(shape, weight, options):
    case = dict(shape=shape, weight=weight, bias=True, groups=1, stride=1, padding=0, output_padding=0, dilation=1)
    check_against_torch({**case, **options}, "conv_transpose2d", seed=4)


def test_a_large_stride_costs_no_more_than_the_scatter():
    """k = 64, s = 32 on 21 channels (d2l's FCN): by phases this is one small product per call; multiplying
    the zeros of an input spread 32 apart would need an im2col of 21·64²·320·480 floats (52 GB)."""
    out = F.conv_transpose2d(autograd.zeros(1, 21, 10, 15), autograd.zeros(21, 21, 64, 64), stride=32, padding=16)
    assert out.shape == (1, 21, 320, 480)


def test_gradcheck_in_float64():
    rng = np.random.default_rng(0)
    x = autograd.tensor(rng.standard_normal((1, 4, 3, 2)), requires_grad=True)
    w = autograd.tensor(rng.standard_normal((4, 1, 2, 3)), requires_grad=True)
    b = autograd.tensor(rng.standard_normal(2), requires_grad=True)

    def f(x, w, b):
        return F.conv_transpose2d(x, w, b, stride=(2, 3), padding=(1, 0), output_padding=(1, 2), groups=2,
                                  dilation=(2, 1))

    assert autograd.gradcheck(f, (x, w, b))


def test_unbatched_input_matches_torch():
    rng = np.random.default_rng(1)
    (x, tx), (w, tw) = both(rng.standard_normal((2, 4, 3))), both(rng.standard_normal((2, 3, 2, 2)))
    out, expected = F.conv_transpose2d(x, w, stride=2), torch.nn.functional.conv_transpose2d(tx, tw, stride=2)
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=1e-12)


@pytest.mark.parametrize("layer, args", [
    ("ConvTranspose2d", (4, 6, 3)),
    ("ConvTranspose2d", (4, 6, (2, 3))),
    ("ConvTranspose1d", (2, 4, 4)),
])
@pytest.mark.parametrize("kwargs", [
    {}, {"bias": False}, {"stride": 2, "padding": 1, "output_padding": 1, "groups": 2, "dilation": 2},
])
def test_layer_layout_repr_state_dict_and_forward_match_torch(layer, args, kwargs):
    mine, theirs = getattr(nn, layer)(*args, **kwargs), getattr(torch.nn, layer)(*args, **kwargs)
    assert repr(mine) == repr(theirs)
    assert list(mine.state_dict()) == list(theirs.state_dict())
    for key, value in theirs.state_dict().items():
        assert mine.state_dict()[key].shape == tuple(value.shape)
    mine.load_state_dict({key: autograd.tensor(value.numpy()) for key, value in theirs.state_dict().items()})
    size = (2, args[0]) + (5,) * (2 if layer.endswith("2d") else 1)
    x = np.random.default_rng(2).standard_normal(size).astype(np.float32)
    np.testing.assert_allclose(mine(autograd.tensor(x)).detach().numpy(), theirs(torch.tensor(x)).detach().numpy(),
                               rtol=1e-5, atol=1e-5)


def test_initialisation_bounds_are_torchs():
    """W and b ~ U(−1/√fan_in, 1/√fan_in), fan_in read from the weight (in, out/groups, *k): (out/groups)·∏k."""
    autograd.manual_seed(0)
    layer = nn.ConvTranspose2d(8, 200, 3, groups=2)
    bound = 1 / np.sqrt(100 * 9)
    for p in (layer.weight, layer.bias):
        values = p.detach().numpy()
        assert values.min() >= -bound and values.max() <= bound
        assert values.max() > 0.9 * bound and values.min() < -0.9 * bound


@pytest.mark.parametrize("output_size", [(12, 12), (11, 12), [2, 6, 11, 11], (14, 14), (10, 12), (12,)])
def test_output_size_as_torch(output_size):
    mine, theirs = nn.ConvTranspose2d(4, 6, 3, stride=2), torch.nn.ConvTranspose2d(4, 6, 3, stride=2)
    x = np.random.default_rng(3).standard_normal((2, 4, 5, 5)).astype(np.float32)
    try:
        expected = theirs(torch.tensor(x), output_size=output_size)
    except ValueError:
        with pytest.raises(ValueError):
            mine(autograd.tensor(x), output_size=output_size)
        return
    assert mine(autograd.tensor(x), output_size=output_size).shape == tuple(expected.shape)


@pytest.mark.parametrize("shape, weight, kwargs", [
    ((1, 4, 5, 5), (4, 2, 3, 3), {"output_padding": 1}),
    ((1, 4, 5, 5), (4, 2, 3, 3), {"stride": 2, "output_padding": 2}),
    ((1, 4, 5, 5), (4, 2, 3, 3), {"groups": 3}),
    ((1, 4, 5, 5), (4, 2, 3, 3), {"padding": -1}),
    ((1, 4, 5, 5), (4, 2, 3, 3), {"stride": 0}),
    ((1, 4, 5, 5), (4, 2, 3, 3), {"dilation": 0}),
    ((1, 4, 5, 5), (4, 2, 3, 3), {"padding": 5}),
    ((1, 3, 5, 5), (4, 2, 3, 3), {}),
    ((5, 5), (4, 2, 3, 3), {}),
    ((1, 4, 5, 5), (4, 2, 3, 3), {"padding": "same"}),
])
def test_functional_errors_as_torch(shape, weight, kwargs):
    with pytest.raises(Exception) as theirs:
        torch.nn.functional.conv_transpose2d(torch.ones(shape), torch.ones(weight), **kwargs)
    with pytest.raises(type(theirs.value)):
        F.conv_transpose2d(autograd.ones(*shape), autograd.ones(*weight), **kwargs)


@pytest.mark.parametrize("kwargs", [{"padding_mode": "reflect"}, {"groups": 3}, {"groups": 0}])
def test_layer_errors_as_torch(kwargs):
    with pytest.raises(Exception) as theirs:
        torch.nn.ConvTranspose2d(4, 6, 3, **kwargs)
    with pytest.raises(type(theirs.value)):
        nn.ConvTranspose2d(4, 6, 3, **kwargs)


def test_trains_under_install_as_torch_names():
    """A d2l-style upsampling layer: its parameters receive gradients."""
    layer = nn.ConvTranspose2d(3, 2, kernel_size=4, padding=1, stride=2)
    out = layer(autograd.randn(1, 3, 4, 4))
    assert out.shape == (1, 2, 8, 8)
    out.sum().backward()
    assert layer.weight.grad.shape == (3, 2, 4, 4) and layer.bias.grad.shape == (2,)
