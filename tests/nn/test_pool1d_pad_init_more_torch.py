"""max_pool1d / avg_pool1d (MaxPool1d / AvgPool1d), F.pad's reflect / replicate / circular modes, dropout2d /
Dropout2d, Embedding.from_pretrained, nn.init.trunc_normal_ / orthogonal_ against PyTorch (values, gradients,
errors) or against their definitions where the values are random."""
import numpy as np
import pytest

import autograd
import nn
import nn.functional as F

torch = pytest.importorskip("torch")
TF = torch.nn.functional

SIGNAL = np.random.default_rng(0).normal(size=(2, 3, 7))


def both(make, data):
    def run(functional, T):
        x = T.tensor(data, requires_grad=True)
        try:
            result = make(functional, x)
        except (RuntimeError, TypeError, ValueError, NotImplementedError) as error:
            return type(error).__name__
        out = result[0] if isinstance(result, tuple) else result
        (out * T.tensor(np.arange(out.numel(), dtype=float).reshape(out.shape))).sum().backward()
        extra = [result[1].tolist()] if isinstance(result, tuple) else []
        return [np.round(out.detach().numpy(), 12).tolist(), np.round(x.grad.numpy(), 12).tolist()] + extra
    return run(F, autograd), run(TF, torch)


POOLS = {
    "max": lambda F, x: F.max_pool1d(x, 2), "max stride": lambda F, x: F.max_pool1d(x, 3, 2),
    "max padding": lambda F, x: F.max_pool1d(x, 3, 1, 1), "max dilation": lambda F, x: F.max_pool1d(x, 2, 1, 0, 2),
    "max ceil": lambda F, x: F.max_pool1d(x, 2, ceil_mode=True), "max tuple": lambda F, x: F.max_pool1d(x, (3,), (2,)),
    "max indices": lambda F, x: F.max_pool1d(x, 3, 2, 1, return_indices=True),
    "max unbatched": lambda F, x: F.max_pool1d(x[0], 2), "max 4-D": lambda F, x: F.max_pool1d(x[None], 2),
    "max big padding": lambda F, x: F.max_pool1d(x, 2, 1, 2), "max too big": lambda F, x: F.max_pool1d(x, 9),
    "avg": lambda F, x: F.avg_pool1d(x, 2), "avg padding": lambda F, x: F.avg_pool1d(x, 3, 2, 1),
    "avg no pad count": lambda F, x: F.avg_pool1d(x, 3, 2, 1, count_include_pad=False),
    "avg ceil": lambda F, x: F.avg_pool1d(x, 3, 2, ceil_mode=True), "avg unbatched": lambda F, x: F.avg_pool1d(x[1], 3),
    "avg float kernel": lambda F, x: F.avg_pool1d(x, 2.0),
}


@pytest.mark.parametrize("name", POOLS)
def test_pool1d_as_pytorch(name):
    mine, theirs = both(POOLS[name], SIGNAL)
    assert mine == theirs


def test_pool1d_modules_as_pytorch():
    for mine, theirs in ((nn.MaxPool1d(3, 2, 1), torch.nn.MaxPool1d(3, 2, 1)),
                         (nn.AvgPool1d(2), torch.nn.AvgPool1d(2))):
        assert repr(mine) == repr(theirs)
        np.testing.assert_allclose(mine(autograd.tensor(SIGNAL)).numpy(), theirs(torch.tensor(SIGNAL)).numpy())


IMAGE = np.random.default_rng(1).normal(size=(2, 2, 3, 4))
PADS = [(1, 2), (2, 0, 1, 2), (-1, 1), (2, 0, -1, 2), (0, -2, 1, 0), (3, 3), (4, 4), (1, 1, 1), (1, 1, 1, 1, 1, 1)]


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
@pytest.mark.parametrize("pad", PADS, ids=str)
@pytest.mark.parametrize("ndim", [3, 4])
def test_pad_modes_as_pytorch(mode, pad, ndim):
    data = IMAGE if ndim == 4 else IMAGE[0]
    mine, theirs = both(lambda F, x: F.pad(x, pad, mode=mode), data)
    assert mine == theirs


def test_pad_errors_as_pytorch():
    for make in (lambda F, x: F.pad(x, (1, 1), mode="wrap"), lambda F, x: F.pad(x[0, 0, 0], (1, 1), mode="reflect"),
                 lambda F, x: F.pad(x, (1, 1), mode="reflect", value=2.0),
                 lambda F, x: F.pad(x, (1.5, 1), mode="replicate"), lambda F, x: F.pad(x, (True, 1), mode="circular")):
        mine, theirs = both(make, IMAGE)
        assert mine == theirs
    assert autograd.gradcheck(lambda t: F.pad(t, (2, 1, 1, 2), mode="reflect"),
                              (autograd.tensor(IMAGE[:1, :1], requires_grad=True),))


def test_dropout2d_zeroes_whole_channels():
    autograd.manual_seed(0)
    x = autograd.ones(4, 8, 3, 3, requires_grad=True)
    y = F.dropout2d(x, 0.25)
    per_channel = y.detach().numpy().reshape(4, 8, 9)
    assert set(np.unique(per_channel)) <= {np.float32(0.0), np.float32(1 / 0.75)}
    assert (per_channel.min(-1) == per_channel.max(-1)).all()  # a channel is all kept or all dropped
    y.sum().backward()
    assert np.array_equal(x.grad.numpy(), y.detach().numpy())
    layer = nn.Dropout2d(0.5)
    assert repr(layer) == repr(torch.nn.Dropout2d(0.5))
    layer.eval()
    assert layer(x) is x
    for T, functional in ((autograd, F), (torch, TF)):
        with pytest.warns(UserWarning, match="3D input"):
            functional.dropout2d(T.ones(2, 3, 4), 0.5)
        with pytest.raises(ValueError):
            functional.dropout2d(T.ones(2, 3, 4, 4), 1.5)
    assert F.dropout2d(x, 1.0).detach().numpy().max() == 0


def test_embedding_from_pretrained_as_pytorch():
    table = np.arange(12.0).reshape(4, 3)
    for freeze in (True, False):
        mine = nn.Embedding.from_pretrained(autograd.tensor(table), freeze=freeze, padding_idx=1)
        theirs = torch.nn.Embedding.from_pretrained(torch.tensor(table), freeze=freeze, padding_idx=1)
        assert repr(mine) == repr(theirs) and mine.weight.requires_grad == theirs.weight.requires_grad
        assert mine.weight.dtype == autograd.float64
        index = [[1, 3], [0, 1]]
        assert mine(autograd.tensor(index)).tolist() == theirs(torch.tensor(index)).tolist()
    with pytest.raises(AssertionError):
        nn.Embedding.from_pretrained(autograd.tensor(table[0]))


def test_trunc_normal_stays_in_bounds_with_the_right_moments():
    w = autograd.zeros(20000, dtype=autograd.float64)
    assert nn.init.trunc_normal_(w, 1.0, 2.0, -1.0, 2.0, generator=autograd.Generator().manual_seed(3)) is w
    values = w.numpy()
    assert values.min() >= -1.0 and values.max() <= 2.0
    # closed form of N(1, 2²) truncated to [−1, 2] (α = −1, β = 0.5): its mean and standard deviation
    from math import erf, exp, pi, sqrt
    pdf, cdf = (lambda z: exp(-z * z / 2) / sqrt(2 * pi)), (lambda z: 0.5 * (1 + erf(z / sqrt(2))))
    z = cdf(0.5) - cdf(-1.0)
    mean = 1.0 + 2.0 * (pdf(-1.0) - pdf(0.5)) / z
    var = 4.0 * (1 + (-1.0 * pdf(-1.0) - 0.5 * pdf(0.5)) / z - ((pdf(-1.0) - pdf(0.5)) / z) ** 2)
    assert abs(values.mean() - mean) < 0.02 and abs(values.std() - sqrt(var)) < 0.02
    with pytest.raises(NotImplementedError):
        nn.init.trunc_normal_(autograd.zeros(3, dtype=autograd.int64))
    with pytest.raises(ValueError):
        nn.init.trunc_normal_(autograd.zeros(3), a=30.0, b=40.0)


@pytest.mark.parametrize("shape", [(3, 5), (5, 3), (4, 2, 3), (4, 4)])
def test_orthogonal_gives_orthonormal_rows_or_columns(shape):
    w = nn.init.orthogonal_(autograd.zeros(*shape, dtype=autograd.float64), gain=2.0)
    flat = w.numpy().reshape(shape[0], -1)
    gram = flat @ flat.T if flat.shape[0] <= flat.shape[1] else flat.T @ flat
    np.testing.assert_allclose(gram, 4.0 * np.eye(len(gram)), atol=1e-12)
    for T in (torch, autograd):
        with pytest.raises(ValueError):
            (torch.nn.init if T is torch else nn.init).orthogonal_(T.zeros(3))


def test_unflatten_module_as_pytorch():
    mine, theirs = nn.Unflatten(1, (2, 3)), torch.nn.Unflatten(1, (2, 3))
    assert repr(mine) == repr(theirs)
    assert mine(autograd.zeros(4, 6)).shape == tuple(theirs(torch.zeros(4, 6)).shape)
    with pytest.raises(RuntimeError):
        mine(autograd.zeros(4, 5))
