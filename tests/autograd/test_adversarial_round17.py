"""Seventeenth adversarial pass (hostile17b S1-S4, C1): float16 round(decimals=) in float32 rounded once, any
decimals giving PyTorch's value (NaN past the dtype's powers of ten), the losses' result dtypes, clamp's gradient
where min == max."""
import numpy as np
import pytest

import autograd
import nn.functional

from .outcomes import same_within_1e6

torch = pytest.importorskip("torch")


def results(run, lib, functional):
    out = run(lib, functional)
    return [np.asarray(t.detach().numpy()) for t in (out if isinstance(out, list) else [out])]


def assert_same(run):
    ours, theirs = results(run, autograd, nn.functional), results(run, torch, torch.nn.functional)
    assert len(ours) == len(theirs) and all(map(same_within_1e6, ours, theirs)), f"{ours}\n{theirs}"


VALUES = [214.5, -268.0, 1.2345, 65000.0, -0.0, 0.05, 1e-4]


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("decimals", [-400, -5, -3, -1, 0, 1, 2, 3, 8, 400])
def test_round_with_decimals_as_pytorch(decimals, dtype):
    assert_same(lambda L, F: L.tensor(VALUES, dtype=getattr(L, dtype)).round(decimals=decimals))


def test_float16_round_with_decimals_is_bitwise_pytorchs_over_a_sweep():
    values = np.random.default_rng(5).normal(0, 300, 5000).astype(np.float16)
    for decimals in (1, 2, 3):
        ours = autograd.tensor(values).round(decimals=decimals).numpy()
        theirs = torch.tensor(values).round(decimals=decimals).numpy()
        np.testing.assert_array_equal(ours, theirs)


LOSSES = {
    "bce logits f64 x, f32 y": lambda L, F: F.binary_cross_entropy_with_logits(
        L.tensor([0.3, -0.7], dtype=L.float64), L.tensor([1.0, 0.0])),
    "bce logits f32 x, f16 y": lambda L, F: F.binary_cross_entropy_with_logits(
        L.tensor([0.3, -0.7]), L.tensor([1.0, 0.0], dtype=L.float16), reduction="none"),
    "bce logits f64 weight": lambda L, F: F.binary_cross_entropy_with_logits(
        L.tensor([0.3, -0.7]), L.tensor([1.0, 0.0]), weight=L.tensor([1.0, 2.0], dtype=L.float64)),
    "bce logits f64 pos_weight": lambda L, F: F.binary_cross_entropy_with_logits(
        L.tensor([0.3, -0.7]), L.tensor([1.0, 0.0]), pos_weight=L.tensor([3.0], dtype=L.float64)),
    "soft margin f32 x, f64 y": lambda L, F: F.soft_margin_loss(L.tensor([0.3, -0.7]),
                                                                L.tensor([1.0, -1.0], dtype=L.float64)),
    "soft margin f16 x, f32 y": lambda L, F: F.soft_margin_loss(L.tensor([0.3, -0.7], dtype=L.float16),
                                                                L.tensor([1.0, -1.0]), reduction="sum"),
}


@pytest.mark.parametrize("name", list(LOSSES))
def test_loss_result_dtypes_as_pytorch(name):
    assert_same(LOSSES[name])


nan = float("nan")


@pytest.mark.parametrize("low, high", [(0.0, 0.0), (0.0, -1.0), (1.0, 0.0), (0.0, 2.0), (5.0, 5.0), (nan, 1.0),
                                       (1.0, nan), (nan, nan), (-5.0, -5.0)])
def test_clamp_gradients_to_tensor_bounds_as_pytorch(low, high):
    """(hostile17b S4, hostile18a S2: ties min = max and NaN corners)"""
    def run(L, F):
        x = L.tensor([-4.0, 3.0, nan, 0.5, -5.0, 5.0], requires_grad=True)
        lo, hi = L.full((6,), low, requires_grad=True), L.full((6,), high, requires_grad=True)
        out = L.clamp(x, lo, hi)
        (out * L.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])).sum().backward()
        return [out, x.grad, lo.grad, hi.grad]

    assert_same(run)


LAYOUT_OPS = {  # name: op(library, its nn.functional, a transposed input)
    "softmax": lambda L, F, s: s.softmax(-1), "log_softmax": lambda L, F, s: L.log_softmax(s, 0),
    "cumsum": lambda L, F, s: s.cumsum(-1), "cumprod": lambda L, F, s: s.cumprod(1),
    "logcumsumexp": lambda L, F, s: s.logcumsumexp(1), "masked_fill": lambda L, F, s: s.masked_fill(s > 0, 0.0),
    "mean": lambda L, F, s: s.mean(1), "sum keepdim": lambda L, F, s: s.sum(1, keepdim=True),
    "var": lambda L, F, s: s.var(1), "std": lambda L, F, s: s.std(2), "amax": lambda L, F, s: s.amax(1),
    "max": lambda L, F, s: s.max(1).values, "norm": lambda L, F, s: s.norm(dim=1),
    "logsumexp": lambda L, F, s: s.logsumexp(1), "layer_norm": lambda L, F, s: F.layer_norm(s, (4,)),
    "sum of all": lambda L, F, s: s.sum(), "mean of all": lambda L, F, s: s.mean(),
    "all": lambda L, F, s: (s > 0.5).all(1), "any": lambda L, F, s: (s > 0.5).any(2, keepdim=True),
    "tril": lambda L, F, s: s.tril(), "triu": lambda L, F, s: s.triu(1),
}


@pytest.mark.parametrize("name", list(LAYOUT_OPS))
def test_results_of_a_transposed_input_are_row_major_so_view_works_as_pytorch(name):
    """(hostile17b S6: glassgrad kept the input's permuted layout, so a later .view() raised where PyTorch's works)"""
    def run(L, F):
        out = LAYOUT_OPS[name](L, F, L.tensor(np.arange(24.0).reshape(2, 4, 3) / 7).transpose(1, 2))
        return tuple(out.shape), out.is_contiguous(), out.view(-1).tolist()

    ours, theirs = run(autograd, nn.functional), run(torch, torch.nn.functional)
    assert ours[:2] == theirs[:2] and np.allclose(ours[2], theirs[2], rtol=1e-6)


CONV_LAYERS = {
    "conv2d, batch norm, relu": lambda nn_, x: nn_.functional.relu(nn_.BatchNorm2d(6)(nn_.Conv2d(1, 6, 5)(x))),
    "conv2d without bias": lambda nn_, x: nn_.Conv2d(1, 3, 3, bias=False)(x),
    "grouped conv2d": lambda nn_, x: nn_.Conv2d(2, 4, 3, groups=2)(x.repeat(1, 2, 1, 1)),
    "conv1d": lambda nn_, x: nn_.Conv1d(1, 3, 3)(x[:, :, 0]),
    "conv_transpose2d": lambda nn_, x: nn_.ConvTranspose2d(1, 3, 3)(x),
}


@pytest.mark.parametrize("name", list(CONV_LAYERS))
def test_a_convolutions_output_is_row_major_so_flattening_with_view_works_as_pytorch(name):
    """(hostile18b S1: the output kept (C, N, ...) in memory, so the common y.view(y.size(0), -1) raised)"""
    import nn as glassgrad_nn

    def run(lib, nn_):
        y = CONV_LAYERS[name](nn_, lib.zeros(4, 1, 12, 12))
        return y.stride(), y.is_contiguous(), tuple(y.view(y.size(0), -1).shape)

    assert run(autograd, glassgrad_nn) == run(torch, torch.nn)


def test_xlogy_in_a_masked_loss_and_glu_of_an_empty_dim_as_pytorch():
    """(hostile19b S1, C1: xlogy's ∂/∂x was 0 · log 0 = NaN under a zero upstream gradient; glu of a 0-size dim
    raised a TypeError from inside)"""
    def run(L, F):
        p = L.tensor([0.5, 0.3, 0.2], requires_grad=True)
        (-(L.xlogy(p, L.tensor([0.5, 0.5, 0.0])) * L.tensor([1.0, 1.0, 0.0])).sum()).backward()
        return [p.grad, F.glu(L.zeros(2, 0))]

    assert_same(run)


@pytest.mark.parametrize("dtype", ["int8", "int16"])
def test_int8_and_int16_index_tensors_are_refused_as_pytorch(dtype):
    """(hostile18a N3, hostile19a N1: a bool mask converted to int8 silently picked elements 1 and 0)"""
    for lib in (autograd, torch):
        x = lib.arange(4.0)
        with pytest.raises(IndexError):
            x[lib.tensor([1, 0, 1, 0], dtype=getattr(lib, dtype))]
        with pytest.raises(IndexError):
            x[lib.tensor([1], dtype=getattr(lib, dtype))] = 9.0
