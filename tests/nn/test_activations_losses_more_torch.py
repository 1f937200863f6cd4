"""silu, elu, leaky_relu, hardtanh, relu6, logsigmoid (and their modules, in place too), smooth_l1_loss / huber_loss,
normalize / cosine_similarity against PyTorch: values, gradients, dtypes and the errors of bad calls
(nn/functional/activations_more.py, robust_losses.py, distances.py)."""
import numpy as np
import pytest

import autograd
import nn
import nn.functional as F

torch = pytest.importorskip("torch")
TF = torch.nn.functional

# 0 and the ends of hardtanh / relu6 (−1, 1, 0, 6) are where the gradient rules differ
DATA = np.array([[-800.0, -6.5, -1.0, -0.3, 0.0, 1e-9], [0.3, 1.0, 2.5, 6.0, 7.5, 800.0]])


def both(make, data=DATA, dtype="float64", grad=True):
    """make(F, T, x) with PyTorch and with glassgrad: the values, dtype and x's gradient of Σ result·weights, or the
    error's type."""
    def run(functional, T):
        x = T.tensor(data, dtype=getattr(T, dtype), requires_grad=grad)
        try:
            result = make(functional, T, x)
        except (RuntimeError, TypeError, ValueError, NotImplementedError, AssertionError) as error:
            return type(error).__name__
        values = np.asarray(result.detach().numpy(), dtype=float)
        if not grad:
            return values, str(result.dtype).split(".")[-1]
        weights = T.tensor(np.arange(1.0, result.numel() + 1).reshape(result.shape), dtype=result.dtype)
        (result * weights).sum().backward()
        return values, str(result.dtype).split(".")[-1], np.asarray(x.grad.numpy(), dtype=float)
    return run(F, autograd), run(TF, torch)


def assert_same(mine, theirs, rtol=1e-12):
    if isinstance(theirs, str) or isinstance(mine, str):
        assert mine == theirs
        return
    assert mine[1] == theirs[1]
    for a, b in zip(mine[::2], theirs[::2], strict=True):
        np.testing.assert_allclose(a, b, rtol=rtol, atol=1e-300)


ACTIVATIONS = {
    "silu": lambda F, T, x: F.silu(x), "elu": lambda F, T, x: F.elu(x), "elu alpha": lambda F, T, x: F.elu(x, 0.5),
    "leaky_relu": lambda F, T, x: F.leaky_relu(x), "leaky_relu slope": lambda F, T, x: F.leaky_relu(x, 0.2),
    "hardtanh": lambda F, T, x: F.hardtanh(x), "hardtanh bounds": lambda F, T, x: F.hardtanh(x, -0.3, 2.5),
    "hardtanh bad bounds": lambda F, T, x: F.hardtanh(x, 2.0, 1.0), "relu6": lambda F, T, x: F.relu6(x),
    "logsigmoid": lambda F, T, x: F.logsigmoid(x),
    "silu in place": lambda F, T, x: F.silu(x * 1, inplace=True),
    "elu in place": lambda F, T, x: F.elu(x * 1, 2.0, True),
    "leaky_relu in place": lambda F, T, x: F.leaky_relu(x * 1, 0.1, True),
    "hardtanh in place": lambda F, T, x: F.hardtanh(x * 1, inplace=True),
    "relu6 in place": lambda F, T, x: F.relu6(x * 1, inplace=True),
    "in place on a leaf": lambda F, T, x: F.elu(x, inplace=True),
}


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activations_as_pytorch(name):
    assert_same(*both(ACTIVATIONS[name]))


@pytest.mark.parametrize("dtype", ["float32", "float16"])
@pytest.mark.parametrize("name", ["silu", "elu", "leaky_relu", "hardtanh", "relu6", "logsigmoid"])
def test_activation_dtypes_as_pytorch(name, dtype):
    data = np.clip(DATA, -10, 10)
    assert_same(*both(ACTIVATIONS[name], data, dtype, grad=False), rtol=1e-3 if dtype == "float16" else 1e-6)


@pytest.mark.parametrize("name", ["silu", "elu", "leaky_relu", "logsigmoid", "relu6"])
def test_activations_of_integers_as_pytorch(name):
    mine, theirs = both(ACTIVATIONS[name], np.array([[-2, 0, 3]]), "int64", grad=False)
    assert (mine if isinstance(mine, str) else "values") == (theirs if isinstance(theirs, str) else "values")


MODULES = {
    "SiLU": (), "ELU": (0.7,), "LeakyReLU": (0.05,), "Hardtanh": (-2.0, 3.0), "ReLU6": (), "LogSigmoid": (),
}


@pytest.mark.parametrize("name", MODULES)
def test_modules_as_pytorch(name):
    mine, theirs = getattr(nn, name)(*MODULES[name]), getattr(torch.nn, name)(*MODULES[name])
    assert repr(mine) == repr(theirs)
    np.testing.assert_allclose(mine(autograd.tensor(DATA)).numpy(), theirs(torch.tensor(DATA)).numpy(), rtol=1e-12)


def test_in_place_modules_repr_and_write_into_their_input():
    for inplace in (True, False):
        mine, theirs = nn.LeakyReLU(0.2, inplace), torch.nn.LeakyReLU(0.2, inplace)
        assert repr(mine) == repr(theirs)
        x = autograd.tensor(DATA.copy())
        mine(x)
        assert np.array_equal(x.numpy(), np.where(DATA > 0, DATA, 0.2 * DATA) if inplace else DATA)
    with pytest.raises(AssertionError):
        nn.Hardtanh(1.0, 1.0)


LOSSES = {
    "smooth_l1": lambda F, T, x: F.smooth_l1_loss(x, x.detach().flip(1) * 0.01),
    "smooth_l1 beta": lambda F, T, x: F.smooth_l1_loss(x / 100, T.zeros_like(x), beta=2.0, reduction="sum"),
    "smooth_l1 beta 0": lambda F, T, x: F.smooth_l1_loss(x, T.zeros_like(x), beta=0.0, reduction="none"),
    "smooth_l1 negative beta": lambda F, T, x: F.smooth_l1_loss(x, x, beta=-1.0),
    "smooth_l1 bad reduction": lambda F, T, x: F.smooth_l1_loss(x, x, reduction="avg"),
    "huber": lambda F, T, x: F.huber_loss(x / 100, T.ones_like(x), reduction="none"),
    "huber delta": lambda F, T, x: F.huber_loss(x, x.detach() * 0.5, delta=3.0),
    "huber zero delta": lambda F, T, x: F.huber_loss(x, x, delta=0.0),
    "normalize": lambda F, T, x: F.normalize(x), "normalize dim 0 p 1": lambda F, T, x: F.normalize(x, 1.0, 0),
    "normalize zero rows": lambda F, T, x: F.normalize(x * 0, dim=-1),
    "cosine_similarity": lambda F, T, x: F.cosine_similarity(x, x.flip(1) + 1),
    "cosine_similarity dim 0": lambda F, T, x: F.cosine_similarity(x, x * x, dim=0),
    "cosine_similarity broadcast": lambda F, T, x: F.cosine_similarity(x, x[:1] - 3, dim=1),
    "cosine_similarity zero": lambda F, T, x: F.cosine_similarity(x * 0, x),
    "cosine_similarity tiny": lambda F, T, x: F.cosine_similarity(x * 1e-12, x),
    "cosine_similarity bad shapes": lambda F, T, x: F.cosine_similarity(x, x[:, :4]),
    "cosine_similarity integers": lambda F, T, x: F.cosine_similarity(x.long(), x.long().detach()),
    "cosine_similarity an integer": lambda F, T, x: F.cosine_similarity(x.long(), x),
}


@pytest.mark.parametrize("name", LOSSES)
def test_losses_and_distances_as_pytorch(name):
    assert_same(*both(LOSSES[name]), rtol=1e-8)  # (a gradient with cancellation differs in the 10th digit)


def test_loss_modules_as_pytorch():
    x, y = np.linspace(-3, 3, 12).reshape(3, 4), np.linspace(1, -1, 12).reshape(3, 4)
    for mine, theirs in ((nn.SmoothL1Loss(beta=0.5), torch.nn.SmoothL1Loss(beta=0.5)),
                         (nn.HuberLoss(reduction="sum", delta=2.0), torch.nn.HuberLoss(reduction="sum", delta=2.0)),
                         (nn.CosineSimilarity(0), torch.nn.CosineSimilarity(0))):
        np.testing.assert_allclose(mine(autograd.tensor(x), autograd.tensor(y)).numpy(),
                                   theirs(torch.tensor(x), torch.tensor(y)).numpy(), rtol=1e-12)
    with pytest.warns(UserWarning, match="target size"):
        F.smooth_l1_loss(autograd.tensor(x), autograd.tensor(y[0]))


def test_gradients_gradcheck():
    x = autograd.tensor(np.linspace(-3.1, 3.3, 12).reshape(3, 4), requires_grad=True)
    for make in (F.silu, F.elu, F.logsigmoid, lambda t: F.leaky_relu(t, 0.3), F.hardtanh, F.normalize,
                 lambda t: F.cosine_similarity(t, t.flip(0) + 0.5), lambda t: F.smooth_l1_loss(t, t.detach() * 0),
                 lambda t: F.huber_loss(t, t.detach() * 0 + 1, delta=0.7)):
        assert autograd.gradcheck(make, (x,))
