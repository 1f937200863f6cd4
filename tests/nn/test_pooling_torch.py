"""Pooling against PyTorch: ceil_mode, count_include_pad, divisor_override, return_indices, adaptive
average pooling, and where the gradient of tied maxima goes (to the first in window order)."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
import nn
from nn import functional as F

torch = pytest.importorskip("torch")


def check(ours_fn, theirs_fn, data):
    """Same values and same input gradient (for a random output weighting) from both libraries."""
    x_ours, x_theirs = autograd.tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)
    out_ours, out_theirs = ours_fn(x_ours), theirs_fn(x_theirs)
    np.testing.assert_allclose(out_ours.detach().numpy(), out_theirs.detach().numpy(), rtol=1e-12, atol=1e-14)
    seed = np.random.default_rng(1).standard_normal(out_theirs.shape)
    (out_ours * autograd.tensor(seed)).sum().backward()
    (out_theirs * torch.tensor(seed)).sum().backward()
    np.testing.assert_allclose(x_ours.grad.numpy(), x_theirs.grad.numpy(), rtol=1e-12, atol=1e-14)


pool_args = dict(
    kernel=st.integers(1, 4), stride=st.integers(1, 3), padding=st.integers(0, 2), ceil_mode=st.booleans(),
    height=st.integers(4, 8), width=st.integers(4, 8),
)


@settings(max_examples=60, deadline=None)
@given(dilation=st.integers(1, 2), ties=st.booleans(), **pool_args)
def test_max_pool2d(kernel, stride, padding, dilation, ceil_mode, height, width, ties):
    if padding > kernel // 2 or dilation * (kernel - 1) + 1 > min(height, width) + 2 * padding:
        return
    rng = np.random.default_rng(0)
    # ties: few distinct values (as after a ReLU), so windows often hold several equal maxima
    data = np.maximum(rng.integers(-2, 3, (2, 2, height, width)), 0).astype(float) if ties else \
        rng.standard_normal((2, 2, height, width))
    args = (kernel, stride, padding, dilation, ceil_mode)
    check(lambda x: F.max_pool2d(x, *args), lambda x: torch.nn.functional.max_pool2d(x, *args), data)
    _, ours = F.max_pool2d(autograd.tensor(data), *args, return_indices=True)
    _, theirs = torch.nn.functional.max_pool2d(torch.tensor(data), *args, return_indices=True)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


@settings(max_examples=60, deadline=None)
@given(count_include_pad=st.booleans(), divisor_override=st.sampled_from([None, 3]), **pool_args)
def test_avg_pool2d(kernel, stride, padding, ceil_mode, height, width, count_include_pad, divisor_override):
    if padding > kernel // 2:
        return
    data = np.random.default_rng(0).standard_normal((2, 3, height, width))
    args = (kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)
    check(lambda x: F.avg_pool2d(x, *args), lambda x: torch.nn.functional.avg_pool2d(x, *args), data)


@settings(max_examples=40, deadline=None)
@given(height=st.integers(1, 9), width=st.integers(1, 9), out_h=st.integers(1, 5), out_w=st.sampled_from([None, 1, 2, 4]))
def test_adaptive_avg_pool2d(height, width, out_h, out_w):
    data = np.random.default_rng(0).standard_normal((2, 3, height, width))
    check(lambda x: F.adaptive_avg_pool2d(x, (out_h, out_w)),
          lambda x: torch.nn.functional.adaptive_avg_pool2d(x, (out_h, out_w)), data)
    check(lambda x: nn.AdaptiveAvgPool2d(out_h)(x[0]), lambda x: torch.nn.AdaptiveAvgPool2d(out_h)(x[0]), data)


def test_tied_maxima_send_the_whole_gradient_to_the_first_in_window_order():
    x = autograd.zeros(1, 1, 4, 4, requires_grad=True)
    F.max_pool2d(x, 3, 1, padding=1).sum().backward()
    expected = np.zeros((4, 4))
    expected[:3, :3] = [[4, 2, 2], [2, 1, 1], [2, 1, 1]]  # every window's first element (padding never wins)
    np.testing.assert_array_equal(x.grad.numpy()[0, 0], expected)


def test_a_window_whose_maximum_is_minus_inf_picks_its_first_input_element_not_padding():
    """Padding counts as −∞ too, so argmax alone could pick it; PyTorch picks the first real element."""
    x = autograd.tensor([[[[-np.inf, 1.0], [2.0, 3.0]]]], requires_grad=True)
    out, indices = F.max_pool2d(x, 2, 1, padding=1, return_indices=True)
    assert indices[0, 0, 0, 0].item() == 0
    out[0, 0, 0, 0].backward()
    assert x.grad.tolist() == [[[[1.0, 0.0], [0.0, 0.0]]]]

    x = autograd.full((1, 1, 2, 2), -np.inf, requires_grad=True)
    F.max_pool2d(x, 2, 1, padding=1).sum().backward()
    assert x.grad.tolist() == [[[[4.0, 2.0], [2.0, 1.0]]]]
    data = np.array([[[[-np.inf, -np.inf, 1.0], [-np.inf, 2.0, -np.inf], [0.5, -np.inf, -np.inf]]]])
    for kernel, stride, padding, ceil_mode in [(2, 1, 1, False), (3, 2, 1, True), (2, 2, 1, True)]:
        args = (kernel, stride, padding, 1, ceil_mode)
        check(lambda x, args=args: F.max_pool2d(x, *args),
              lambda x, args=args: torch.nn.functional.max_pool2d(x, *args), data)
        ours = F.max_pool2d(autograd.tensor(data), kernel, stride, padding, ceil_mode=ceil_mode, return_indices=True)[1]
        theirs = torch.nn.functional.max_pool2d(torch.tensor(data), kernel, stride, padding, ceil_mode=ceil_mode,
                                                return_indices=True)[1]
        assert ours.tolist() == theirs.tolist()


def test_a_nan_in_a_window_is_its_maximum_and_gets_the_gradient():
    data = np.array([[[[1.0, np.nan], [5.0, 2.0]]]])
    check(lambda x: F.max_pool2d(x, 2), lambda x: torch.nn.functional.max_pool2d(x, 2), data)


def test_module_reprs_and_outputs_match_pytorch():
    pairs = [
        (nn.MaxPool2d(3, 2, 1, ceil_mode=True), torch.nn.MaxPool2d(3, 2, 1, ceil_mode=True)),
        (nn.AvgPool2d(3, 2, 1, ceil_mode=True, count_include_pad=False),
         torch.nn.AvgPool2d(3, 2, 1, ceil_mode=True, count_include_pad=False)),
        (nn.AdaptiveAvgPool2d((1, 1)), torch.nn.AdaptiveAvgPool2d((1, 1))),
        (nn.AdaptiveAvgPool2d((None, 2)), torch.nn.AdaptiveAvgPool2d((None, 2))),
    ]
    data = np.random.default_rng(0).standard_normal((2, 3, 7, 6))
    for ours, theirs in pairs:
        assert repr(ours) == repr(theirs)
        check(ours, theirs, data)
    out, indices = nn.MaxPool2d(2, return_indices=True)(autograd.tensor(data))
    assert out.shape == (2, 3, 3, 3) and indices.dtype == np.int64


def test_of_several_nans_in_a_window_the_last_gets_the_gradient_and_the_index():
    data = np.array([[[[np.nan, 1.0, np.nan, 5.0], [2.0, np.nan, 0.0, -np.inf], [3.0, 4.0, 6.0, 7.0]]]])
    for args in [(2,), ((1, 4),), (3, 1, 1), (2, 1, 1, 2, True)]:
        check(lambda x, args=args: F.max_pool2d(x, *args),
              lambda x, args=args: torch.nn.functional.max_pool2d(x, *args), data)
        ours = F.max_pool2d(autograd.tensor(data), *args, return_indices=True)[1]
        theirs = torch.nn.functional.max_pool2d(torch.tensor(data), *args, return_indices=True)[1]
        assert ours.tolist() == theirs.tolist()


def second_order(lib, grad, pool, data, upstream, weights):
    """x's gradient for the upstream gradient v, and the gradient of Σ weights·(x's gradient) with respect to v."""
    x, v = lib.tensor(data, requires_grad=True), lib.tensor(upstream, requires_grad=True)
    (grad_x,) = grad((pool(x) * v).sum(), x, create_graph=True)
    (grad_v,) = grad((grad_x * lib.tensor(weights)).sum(), v)
    return grad_x.detach().numpy(), grad_v.numpy()


@settings(max_examples=20, deadline=None)
@given(kernel=st.integers(2, 3), stride=st.integers(1, 3), padding=st.integers(0, 1), ceil_mode=st.booleans())
def test_double_backward_matches_pytorch(kernel, stride, padding, ceil_mode):
    """The second order goes through the backward's companion primitive (v routed back to the winners)."""
    rng = np.random.default_rng(kernel * 10 + stride)
    data, weights = rng.standard_normal((2, 2, 6, 5)), rng.standard_normal((2, 2, 6, 5))
    args = (kernel, stride, padding, 1, ceil_mode)
    upstream = rng.standard_normal(torch.nn.functional.max_pool2d(torch.tensor(data), *args).shape)
    ours = second_order(autograd, autograd.grad, lambda x: F.max_pool2d(x, *args), data, upstream, weights)
    theirs = second_order(torch, torch.autograd.grad, lambda x: torch.nn.functional.max_pool2d(x, *args), data,
                          upstream, weights)
    for mine, expected in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(mine, expected, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8])
def test_integer_inputs_with_padding_match_pytorch(dtype):
    data = np.random.default_rng(0).integers(0, 50, (2, 3, 5, 6)).astype(dtype)
    data[0, 0] = np.iinfo(dtype).min  # a plane of the smallest value: padding still never wins
    for args in [(2,), (3, 2, 1), (2, 1, 1, 2, True)]:
        ours = F.max_pool2d(autograd.tensor(data), *args, return_indices=True)
        theirs = torch.nn.functional.max_pool2d(torch.tensor(data), *args, return_indices=True)
        for mine, expected in zip(ours, theirs, strict=True):
            assert mine.dtype == expected.numpy().dtype and mine.tolist() == expected.tolist()


@pytest.mark.parametrize("args", [(2,), (3, 1, 1)])  # windows apart, and overlapping
def test_an_infinite_or_nan_upstream_gradient_reaches_the_winners_only(args):
    data = np.random.default_rng(0).standard_normal((1, 2, 4, 6))
    grads = []
    for lib, pool in ((autograd, F.max_pool2d), (torch, torch.nn.functional.max_pool2d)):
        x = lib.tensor(data, requires_grad=True)
        out = pool(x, *args)
        upstream = np.ones(tuple(out.shape))
        upstream[0, 0, 0, 0], upstream[0, 1, 0, 0] = np.inf, np.nan
        out.backward(lib.tensor(upstream))
        grads.append(x.grad.numpy())
    np.testing.assert_array_equal(*grads)
