"""nn.GELU / F.gelu and F.scaled_dot_product_attention against PyTorch: values, gradients, masks,
causal attention, dropout and the errors for bad input (issue 22)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd
import nn
import nn.functional as F
from autograd.gradcheck import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")
TF = torch.nn.functional


def assert_close(ours, theirs, rtol=1e-12, atol=1e-12):
    ours, theirs = ours.detach().numpy(), theirs.detach().numpy()
    assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol, equal_nan=True)


# ----- GELU -----
@pytest.mark.parametrize("approximate", ["none", "tanh"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gelu_values_and_gradients_match_pytorch(approximate, dtype):
    # not ±inf: PyTorch's own float32 kernel gives gelu(inf) = NaN in some code paths and inf in others
    values = np.concatenate([np.linspace(-8, 8, 161), [0.0, -0.0, 30.0, -30.0, 1e-20, np.nan]])
    values = values.astype(dtype)
    ours, theirs = autograd.tensor(values, requires_grad=True), torch.tensor(values, requires_grad=True)
    out_ours, out_theirs = F.gelu(ours, approximate=approximate), TF.gelu(theirs, approximate=approximate)
    tolerance = 1e-6 if dtype == np.float32 else 1e-14
    assert_close(out_ours, out_theirs, tolerance, tolerance)
    out_ours.backward(autograd.ones_like(out_ours))
    out_theirs.backward(torch.ones_like(out_theirs))
    np.testing.assert_allclose(ours.grad.numpy(), theirs.grad.numpy(), rtol=tolerance * 10, atol=tolerance * 10)


@pytest.mark.parametrize("approximate", ["none", "tanh"])
@settings(max_examples=30, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=3, max_side=3), elements=st.floats(-4, 4)))
def test_gelu_gradients_of_both_orders(approximate, array):
    x = autograd.tensor(array, requires_grad=True)
    assert gradcheck(lambda x: F.gelu(x, approximate), (x,))
    assert gradgradcheck(lambda x: F.gelu(x, approximate), (x,))
    theirs = torch.tensor(array, requires_grad=True)
    (g_theirs,) = torch.autograd.grad(TF.gelu(theirs, approximate=approximate).sum(), theirs, create_graph=True)
    (h_theirs,) = torch.autograd.grad(g_theirs.sum(), theirs)
    (g_ours,) = autograd.grad(F.gelu(x, approximate).sum(), x, create_graph=True)
    (h_ours,) = autograd.grad(g_ours.sum(), x)
    assert_close(g_ours, g_theirs, 1e-12, 1e-12)
    assert_close(h_ours, h_theirs, 1e-10, 1e-10)


def test_gelu_module_and_errors_as_pytorch():
    assert repr(nn.GELU()) == repr(torch.nn.GELU()) == "GELU(approximate='none')"
    assert repr(nn.GELU("tanh")) == repr(torch.nn.GELU("tanh"))
    x = np.linspace(-3, 3, 7, dtype=np.float32)
    assert_close(nn.GELU()(autograd.tensor(x)), torch.nn.GELU()(torch.tensor(x)), 1e-6, 1e-6)
    assert_close(
        nn.GELU(approximate="tanh")(autograd.tensor(x)), torch.nn.GELU(approximate="tanh")(torch.tensor(x)), 1e-6, 1e-6
    )
    nn.GELU(approximate="foo")  # accepted when made, refused when called, as in PyTorch
    with pytest.raises(RuntimeError, match="approximate argument must be either none or tanh"):
        nn.GELU(approximate="foo")(autograd.tensor(x))
    with pytest.raises(NotImplementedError):
        TF.gelu(torch.tensor([1]))
    with pytest.raises(NotImplementedError, match="int64"):
        F.gelu(autograd.tensor([1]))
    assert list(nn.GELU().parameters()) == []


# ----- scaled_dot_product_attention -----
def run_both(arrays, weights_seed=0, rtol=1e-10, atol=1e-12, **options):
    """The attention output and the gradients of q, k, v (and of a float mask) on both libraries."""
    mask = options.pop("attn_mask", None)
    ours = [autograd.tensor(a, requires_grad=True) for a in arrays]
    theirs = [torch.tensor(a, requires_grad=True) for a in arrays]
    mask_grad = mask is not None and mask.dtype.kind == "f"
    mask_ours = None if mask is None else autograd.tensor(mask, requires_grad=mask_grad)
    mask_theirs = None if mask is None else torch.tensor(mask, requires_grad=mask_grad)
    out_ours = F.scaled_dot_product_attention(*ours, attn_mask=mask_ours, **options)
    out_theirs = TF.scaled_dot_product_attention(*theirs, attn_mask=mask_theirs, **options)
    assert_close(out_ours, out_theirs, rtol, atol)
    w = np.random.default_rng(weights_seed).normal(size=out_theirs.shape)
    (out_ours * autograd.tensor(w)).sum().backward()
    (out_theirs * torch.tensor(w)).sum().backward()
    for a, b in zip(ours, theirs, strict=True):
        assert_close(a.grad, b.grad, rtol, atol)
    if mask_grad:
        assert_close(mask_ours.grad, mask_theirs.grad, rtol, atol)


@st.composite
def attention_inputs(draw):
    batch = draw(st.sampled_from([(), (2,), (2, 3)]))
    length, source, dim, value_dim = (draw(st.integers(1, 4)) for _ in range(4))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    q, k, v = (rng.normal(size=batch + shape) for shape in [(length, dim), (source, dim), (source, value_dim)])
    return q, k, v, rng


@settings(max_examples=40, deadline=None)
@given(attention_inputs(), st.sampled_from(["none", "causal", "bool", "float", "broadcast bool", "scale"]))
def test_attention_matches_pytorch(inputs, kind):
    q, k, v, rng = inputs
    length, source = q.shape[-2], k.shape[-2]
    options = {
        "none": {},
        "causal": {"is_causal": True},
        "scale": {"scale": 0.37},
        "bool": {"attn_mask": rng.random(q.shape[:-2] + (length, source)) > 0.4},
        "float": {"attn_mask": rng.normal(size=(length, source))},
        "broadcast bool": {"attn_mask": rng.random((1, source)) > 0.3},
    }[kind]
    run_both([q, k, v], **options)


def test_queries_masked_off_every_key_give_zeros_and_no_nan_as_pytorch():
    rng = np.random.default_rng(0)
    q, k, v = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 5, 4)), rng.normal(size=(2, 5, 6))
    mask = rng.random((3, 5)) > 0.5
    mask[1] = False
    run_both([q, k, v], attn_mask=mask)
    float_mask = np.where(mask, 0.0, -np.inf)
    run_both([q, k, v], attn_mask=float_mask)
    out = F.scaled_dot_product_attention(*(autograd.tensor(a) for a in (q, k, v)), attn_mask=autograd.tensor(mask))
    assert np.all(out.numpy()[:, 1] == 0)


def test_causal_attention_with_more_queries_than_keys_as_pytorch():
    rng = np.random.default_rng(1)
    run_both([rng.normal(size=(5, 4)), rng.normal(size=(3, 4)), rng.normal(size=(3, 2))], is_causal=True)
    run_both([rng.normal(size=(2, 5)), rng.normal(size=(4, 5)), rng.normal(size=(4, 3))], is_causal=True)


def test_attention_in_float32_as_pytorch():
    rng = np.random.default_rng(2)
    arrays = [rng.normal(size=(2, 4, 6, 8)).astype(np.float32) for _ in range(3)]
    run_both(arrays, rtol=1e-5, atol=1e-6, is_causal=True)


def test_grouped_query_attention_as_pytorch():
    rng = np.random.default_rng(3)
    q, k, v = rng.normal(size=(2, 4, 3, 5)), rng.normal(size=(2, 2, 3, 5)), rng.normal(size=(2, 2, 3, 6))
    run_both([q, k, v], enable_gqa=True)
    run_both([q, k, v], enable_gqa=True, is_causal=True)


def test_attention_dropout_drops_weights_and_scales_the_rest():
    """dropout_p > 0 applies dropout to the weights (independent of any training flag, as PyTorch);
    p = 1 drops everything; a negative p is ignored, as PyTorch ignores it."""
    rng = np.random.default_rng(4)
    q, k, v = (autograd.tensor(rng.normal(size=(2, 3, 4))) for _ in range(3))
    plain = F.scaled_dot_product_attention(q, k, v).numpy()
    assert np.all(F.scaled_dot_product_attention(q, k, v, dropout_p=1.0).numpy() == 0)
    assert np.array_equal(F.scaled_dot_product_attention(q, k, v, dropout_p=-1.0).numpy(), plain)
    identity = autograd.tensor(np.broadcast_to(np.eye(3), (2, 3, 3)).copy())  # each output row: a weight row
    autograd.manual_seed(0)
    weights = F.scaled_dot_product_attention(q, k, identity, dropout_p=0.5).numpy()
    kept = F.scaled_dot_product_attention(q, k, identity).numpy()
    assert np.all((weights == 0) | np.isclose(weights, 2 * kept))
    assert 0 < np.mean(weights == 0) < 1
    autograd.manual_seed(0)
    assert np.array_equal(F.scaled_dot_product_attention(q, k, identity, dropout_p=0.5).numpy(), weights)


@pytest.mark.parametrize(
    "make_args, error",
    [
        (
            lambda lib, q, k, v: ((q, k, v), {"attn_mask": lib.ones(3, 5, dtype=lib.bool), "is_causal": True}),
            "Explicit attn_mask should not be set when is_causal=True",
        ),
        (
            lambda lib, q, k, v: ((q, k, v), {"attn_mask": lib.ones(3, 5, dtype=lib.float64)}),
            "Expected attn_mask dtype to be bool or float or to match query dtype",
        ),
        (
            lambda lib, q, k, v: ((q, k, v), {"attn_mask": lib.ones(3, 5, dtype=lib.int64)}),
            "Expected attn_mask dtype to be bool or float or to match query dtype",
        ),
        (lambda lib, q, k, v: ((q, k.double(), v), {}), "Expected query, key, and value to have the same dtype"),
        (lambda lib, q, k, v: ((q[0, 0], k[0, 0], v[0, 0]), {}), "Expected query, key, and value to all be"),
        (lambda lib, q, k, v: ((q, k, v), {"dropout_p": 1.5}), "dropout probability has to be between 0 and 1"),
        (lambda lib, q, k, v: ((q, k, v[:, :4]), {}), None),
        (lambda lib, q, k, v: ((q, k[..., :3], v), {}), None),
        (lambda lib, q, k, v: ((q.long(), k.long(), v.long()), {}), None),
    ],
)
def test_attention_errors_as_pytorch(make_args, error):
    rng = np.random.default_rng(5)
    arrays = [rng.normal(size=shape).astype(np.float32) for shape in [(2, 3, 4), (2, 5, 4), (2, 5, 6)]]
    args, options = make_args(torch, *(torch.tensor(a) for a in arrays))
    with pytest.raises(RuntimeError, match=error):
        TF.scaled_dot_product_attention(*args, **options)
    args, options = make_args(autograd, *(autograd.tensor(a) for a in arrays))
    with pytest.raises(RuntimeError, match=error):
        F.scaled_dot_product_attention(*args, **options)
