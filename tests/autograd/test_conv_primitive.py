"""The convolution primitive (autograd/primitives/conv.py): its values against the definition, its gradients
against finite differences to the second order, and PyTorch's node names and values, double backward included."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
import nn
from autograd.gradcheck import gradcheck, gradgradcheck
from autograd.primitives.conv import Convolution, ConvolutionInputGrad, ConvolutionWeightGrad

from .test_primitives import covers


def naive_convolution(x, w, b, stride, pads, dilation, groups):
    """out[n, o, i...] = b[o] + Σ_c Σ_q w[o, c, q...] · x_padded[n, g·C_in/G + c, i·s + q·d ...], term by term."""
    x_pad = np.pad(x, ((0, 0), (0, 0)) + tuple(pads))
    kernel = w.shape[2:]
    out_size = tuple((n - d * (k - 1) - 1) // s + 1
                     for n, k, s, d in zip(x_pad.shape[2:], kernel, stride, dilation, strict=True))
    per_group_in, per_group_out = x.shape[1] // groups, w.shape[0] // groups
    out = np.zeros((x.shape[0], w.shape[0]) + out_size)
    for n, o, *i in np.ndindex(*out.shape):
        first = o // per_group_out * per_group_in
        for c in range(per_group_in):
            for q in np.ndindex(*kernel):
                at = tuple(i_ * s + q_ * d for i_, q_, s, d in zip(i, q, stride, dilation, strict=True))
                out[(n, o, *i)] += w[(o, c, *q)] * x_pad[(n, first + c, *at)]
        out[(n, o, *i)] += 0.0 if b is None else b[o]
    return out


@st.composite
def convolutions(draw):
    """(x, w, b or None, params) of a small 1-d or 2-d convolution in float64, any stride, dilation,
    asymmetric padding and groups."""
    n = draw(st.sampled_from([1, 2]))
    groups = draw(st.sampled_from([1, 2]))
    c_in, c_out = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(n))
    stride = tuple(draw(st.integers(1, 2)) for _ in range(n))
    dilation = tuple(draw(st.integers(1, 2)) for _ in range(n))
    pads = tuple((draw(st.integers(0, 2)), draw(st.integers(0, 1))) for _ in range(n))
    size = tuple(d * (k - 1) + 1 + draw(st.integers(0, 3)) for k, d in zip(kernel, dilation, strict=True))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    x = autograd.tensor(rng.normal(size=(draw(st.integers(1, 2)), c_in) + size), requires_grad=True)
    w = autograd.tensor(rng.normal(size=(c_out, c_in // groups) + kernel), requires_grad=True)
    b = autograd.tensor(rng.normal(size=c_out), requires_grad=True) if draw(st.booleans()) else None
    return x, w, b, dict(kernel=kernel, stride=stride, dilation=dilation, pads=pads, groups=groups)


def convolve(x, w, b, params):
    return Convolution.apply(x, w, **params) if b is None else Convolution.apply(x, w, b, **params)


@covers(Convolution, ConvolutionWeightGrad, ConvolutionInputGrad)  # second order runs the two backward primitives
@settings(max_examples=30, deadline=None)
@given(convolutions())
def test_convolution_matches_its_definition_and_finite_differences_to_the_second_order(case):
    x, w, b, params = case
    expected = naive_convolution(x.detach().numpy(), w.detach().numpy(), None if b is None else b.detach().numpy(),
                                 params["stride"], params["pads"], params["dilation"], params["groups"])
    np.testing.assert_allclose(convolve(x, w, b, params).detach().numpy(), expected, rtol=1e-12, atol=1e-12)
    inputs = (x, w) if b is None else (x, w, b)
    assert gradcheck(lambda *args: convolve(*args[:2], args[2] if len(args) > 2 else None, params), inputs)
    # second order: through ConvolutionInputGrad and ConvolutionWeightGrad (each other's and the convolution's adjoints)
    assert gradgradcheck(lambda x, w: convolve(x, w, None, params), (x, w))


def test_one_node_per_convolution_with_the_input_and_weight_as_its_edges():
    x = autograd.randn(2, 3, 6, 6, requires_grad=True)
    conv = nn.Conv2d(3, 4, 3, padding=1)
    y = conv(x)
    assert isinstance(y.grad_fn, Convolution) and repr(y.grad_fn) == "<ConvolutionBackward0>"
    assert y.grad_fn.edges == (x, conv.weight, conv.bias)
    assert y.grad_fn.label() == "conv2d(padding=1)" and nn.Conv1d(3, 4, 3)(x[:, :, 0]).grad_fn.label() == "conv1d"
    assert [a.shape for a in y.grad_fn.inputs] == [(2, 3, 6, 6), (4, 3, 3, 3), (4,)]


def test_small_columns_are_kept_for_backward_and_dropped_after_it_large_ones_recomputed(monkeypatch):
    from autograd.primitives import conv

    x, w = autograd.randn(2, 3, 6, 6, requires_grad=True), autograd.randn(4, 3, 3, 3, requires_grad=True)
    y = nn.functional.conv2d(x, w, padding=1)
    assert y.grad_fn.columns.shape == (1, 3 * 3 * 3, 2 * 6 * 6)  # im2col(x), channels outer
    y.sum().backward()
    assert y.grad_fn.columns is None  # freed with the node's other arrays
    kept = w.grad.numpy().copy()
    monkeypatch.setattr(conv, "KEEP_COLUMNS", 0)
    w.grad = None
    z = nn.functional.conv2d(x, w, padding=1)
    assert z.grad_fn.columns is None
    z.sum().backward()
    assert np.array_equal(w.grad.numpy(), kept)  # recomputed: the same gradient, bit for bit


def test_a_gradient_flows_through_an_empty_batch():
    x, w = autograd.ones(0, 2, 5, 5, requires_grad=True), autograd.ones(3, 2, 3, 3, requires_grad=True)
    nn.functional.conv2d(x, w).sum().backward()
    assert x.grad.shape == (0, 2, 5, 5) and np.array_equal(w.grad.numpy(), np.zeros((3, 2, 3, 3), np.float32))


OPTIONS = [
    dict(),
    dict(stride=2, padding=1),
    dict(padding=(2, 0), dilation=(1, 2)),
    dict(padding="same", dilation=2),
    dict(groups=2, stride=(1, 2)),
]


@pytest.mark.parametrize("options", OPTIONS)
def test_values_gradients_and_double_backward_match_pytorch(options):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    groups = options.get("groups", 1)
    arrays = [rng.normal(size=(2, 4, 7, 8)), rng.normal(size=(6, 4 // groups, 3, 2)), rng.normal(size=6),
              rng.normal(size=(2, 4, 7, 8))]
    results = {}
    for lib, F, make in [("ours", nn.functional, autograd.tensor), ("torch", torch.nn.functional, torch.tensor)]:
        x, w, b, v = (make(a, requires_grad=True) for a in arrays)
        y = F.conv2d(x, w, b, **options)
        gx, gw = (lib_grad(lib, y, (x, w), torch))
        # double backward: d/d(x, w, b) of Σ (∂L/∂x · v + (∂L/∂W)²) for L = Σ y²
        (gx * v).sum().add((gw * gw).sum()).backward()
        results[lib] = [y.detach().numpy(), gx.detach().numpy(), gw.detach().numpy(), x.grad.numpy(), w.grad.numpy(),
                        b.grad.numpy(), v.grad.numpy(), repr(y.grad_fn).split(" ")[0].strip("<>"),
                        repr(gx.grad_fn).split(" ")[0].strip("<>")]
    ours, theirs = results["ours"], results["torch"]
    assert ours[-2:] == theirs[-2:] == ["ConvolutionBackward0", "ConvolutionBackwardBackward0"]
    for a, b in zip(ours[:-2], theirs[:-2], strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-10)


def lib_grad(lib, y, inputs, torch):
    loss = (y * y).sum()
    if lib == "torch":
        return torch.autograd.grad(loss, inputs, create_graph=True)
    return autograd.grad(loss, inputs, create_graph=True)


def test_the_backward_primitives_are_named_as_pytorch_names_a_recorded_convolution_backward():
    x, w = autograd.randn(1, 2, 5, 5, requires_grad=True), autograd.randn(3, 2, 3, 3, requires_grad=True)
    gx, gw = autograd.grad(nn.functional.conv2d(x, w).sum(), (x, w), create_graph=True)
    assert isinstance(gx.grad_fn, ConvolutionInputGrad) and isinstance(gw.grad_fn, ConvolutionWeightGrad)
    assert repr(gx.grad_fn) == repr(gw.grad_fn) == "<ConvolutionBackwardBackward0>"


@pytest.mark.parametrize("make, message", [
    (lambda: ((1, 2, 5, 5), np.float64, (3, 2, 3, 3), np.float32, 3, np.float32), "same dtype"),
    (lambda: ((1, 2, 5, 5), np.float32, (3, 2, 3, 3), np.float32, 3, np.float64), "bias type .* should be the same"),
    (lambda: ((1, 2, 5, 5), np.float32, (3, 2, 3, 3), np.float32, 4, np.float32),
     r"expected bias to be 1-dimensional with 3 elements, but got bias of size \[4\]"),
    (lambda: ((1, 2, 2, 2), np.float32, (3, 2, 3, 3), np.float32, 3, np.float32),
     r"padded input size per channel: \(2 x 2\). Kernel size: \(3 x 3\)"),
])
def test_mismatched_dtypes_a_wrong_bias_and_a_kernel_larger_than_the_input_are_refused_as_pytorch_does(make, message):
    torch = pytest.importorskip("torch")
    x_shape, x_dtype, w_shape, w_dtype, bias_size, b_dtype = make()
    arrays = np.ones(x_shape, x_dtype), np.ones(w_shape, w_dtype), np.ones(bias_size, b_dtype)
    with pytest.raises(RuntimeError):
        torch.nn.functional.conv2d(*(torch.tensor(a) for a in arrays))
    with pytest.raises(RuntimeError, match=message):
        nn.functional.conv2d(*(autograd.tensor(a) for a in arrays))


def test_an_input_changed_in_place_after_the_convolution_is_refused_in_backward():
    x, w = autograd.randn(1, 2, 5, 5), autograd.randn(3, 2, 3, 3, requires_grad=True)
    y = nn.functional.conv2d(x, w)
    with autograd.no_grad():
        x.add_(1.0)  # W's gradient reads x
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()
    x2 = autograd.randn(1, 2, 5, 5, requires_grad=True)
    z = nn.functional.conv2d(x2, w.detach())
    with autograd.no_grad():
        x2.add_(1.0)  # x's own gradient reads only W: nothing to refuse
    z.sum().backward()
    assert x2.grad.shape == (1, 2, 5, 5)
