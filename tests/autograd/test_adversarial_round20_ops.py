"""Round 20 (hostile20b) op findings, against PyTorch: an inf or NaN upstream gradient does not reach, as NaN, the
inputs PyTorch's backward selects away (maximum/minimum, max()/min(), scatter_reduce amax/amin without self, the
class losses); mode counts NaN; bincount refuses bool; Python numbers where a tensor is required are TypeErrors;
and the smaller argument fixes (tensordot dims, alpha/value tensors, pad, pos_weight, index_put dtypes)."""
import numpy as np
import pytest

import autograd
import nn.functional as F

torch = pytest.importorskip("torch")
TF = torch.nn.functional
inf, nan = float("inf"), float("nan")


def _grads(lib, fn, values, upstream):
    x = lib.tensor(values, requires_grad=True)
    fn(lib, x).backward(lib.tensor(upstream))
    return x.grad.numpy()


def _same(ours, theirs):
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)  # NaN where NaN, ±inf where ±inf


SELECTIONS = {
    "max()": (lambda L, t: t.max(), [1.0, 3.0, 2.0]),
    "max() tie": (lambda L, t: t.max(), [3.0, 3.0, 2.0]),
    "max() NaN": (lambda L, t: t.max(), [1.0, nan, 2.0]),
    "min()": (lambda L, t: t.min(), [1.0, 3.0, 2.0]),
    "min() tie": (lambda L, t: t.min(), [1.0, 1.0, 2.0]),
    "amax": (lambda L, t: t.amax(), [1.0, 3.0, 2.0]),  # amax multiplies by its mask: NaN elsewhere, as PyTorch's
    "amax dim": (lambda L, t: t.reshape(2, 2).amax(0), [1.0, 3.0, 2.0, 1.0]),
    "amin dim": (lambda L, t: t.reshape(2, 2).amin(1), [1.0, 3.0, 2.0, 1.0]),
    "max dim": (lambda L, t: t.reshape(2, 2).max(0).values, [1.0, 3.0, 2.0, 1.0]),
    "min dim": (lambda L, t: t.reshape(2, 2).min(1).values, [1.0, 3.0, 2.0, 1.0]),
    "maximum": (lambda L, t: L.maximum(t, L.zeros(4)), [-1.0, 4.0, 0.0, nan]),
    "minimum": (lambda L, t: L.minimum(t, L.zeros(4)), [-1.0, 4.0, 0.0, nan]),
    "maximum broadcast": (lambda L, t: L.maximum(t.reshape(4, 1), L.tensor([0.0, 2.0])), [-1.0, 4.0, 0.0, 1.0]),
    "minimum other": (lambda L, t: L.minimum(L.tensor([0.0, 2.0, 1.0, 9.0]), t), [-1.0, 4.0, 1.0, nan]),
}


@pytest.mark.parametrize("name", sorted(SELECTIONS))
@pytest.mark.parametrize("bad", [inf, -inf, nan])
def test_selected_gradients_stay_zero_under_a_non_finite_upstream(name, bad):
    fn, values = SELECTIONS[name]
    out_shape = tuple(fn(torch, torch.tensor(values)).shape)
    for place in range(int(np.prod(out_shape))):
        upstream = np.ones(out_shape, dtype=np.float32)
        upstream.flat[place] = bad
        _same(np.abs(_grads(autograd, fn, values, upstream)), np.abs(_grads(torch, fn, values, upstream)))


def test_maximum_of_a_relu_distance_keeps_zero_gradients():
    for lib in (torch, autograd):
        x = lib.tensor([-1.0, 4.0, -2.0], requires_grad=True)
        lib.maximum(x, lib.zeros(3)).sqrt().sum().backward()
        _same(x.grad.numpy(), [0.0, 0.25, 0.0])


@pytest.mark.parametrize("reduce", ["amax", "amin"])
@pytest.mark.parametrize("include_self", [False, True])
def test_scatter_reduce_extremum_masks_the_overwritten_self_under_a_non_finite_upstream(reduce, include_self):
    grads = []
    for lib in (torch, autograd):
        x = lib.tensor([1.0, 5.0, 2.0, 7.0], requires_grad=True)
        src = lib.tensor([3.0, 4.0, 9.0], requires_grad=True)
        out = x.scatter_reduce(0, lib.tensor([0, 0, 2]), src, reduce, include_self=include_self)
        out.backward(lib.tensor([inf, nan, -inf, 1.0]))
        grads.append((x.grad.numpy(), src.grad.numpy()))
    _same(grads[1][0], grads[0][0])
    _same(grads[1][1], grads[0][1])


@pytest.mark.parametrize("loss", ["cross_entropy", "nll_loss"])
@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
@pytest.mark.parametrize("weighted", [False, True])
def test_class_losses_give_zero_to_other_classes_and_ignored_rows_under_a_non_finite_upstream(loss, reduction,
                                                                                            weighted):
    values = [[1.0, 2.0, 0.5], [3.0, 4.0, 1.0], [0.0, 1.0, 2.0], [-1.0, 0.0, 5.0]]
    results = []
    for lib, functional in ((torch, TF), (autograd, F)):
        x = lib.tensor(values, requires_grad=True)
        weight = lib.tensor([1.0, 2.0, 0.5]) if weighted else None
        out = getattr(functional, loss)(x, lib.tensor([0, -100, 2, 1]), weight=weight, reduction=reduction)
        out.backward(lib.tensor([inf, nan, 1.0, -inf]) if reduction == "none" else lib.tensor(inf))
        results.append((out.detach().numpy(), x.grad.numpy()))
    _same(results[1][0], results[0][0])
    _same(results[1][1], results[0][1])


@pytest.mark.parametrize("loss", ["cross_entropy", "nll_loss"])
def test_ignored_positions_of_an_unreduced_class_loss_are_plus_zero(loss):
    for target in ([1, -100], [[1, -100, 0]]):
        shape = (2, 3) if len(target) == 2 else (1, 3, 3)
        ours = getattr(F, loss)(autograd.arange(float(np.prod(shape))).reshape(shape), autograd.tensor(target),
                                reduction="none").numpy()
        theirs = getattr(TF, loss)(torch.arange(float(np.prod(shape))).reshape(shape), torch.tensor(target),
                                   reduction="none").numpy()
        np.testing.assert_array_equal(np.signbit(ours), np.signbit(theirs))
        _same(ours, theirs)


@pytest.mark.parametrize("values", [[nan, nan, 1.0], [1.0, nan, nan], [nan, 1.0, nan, 1.0], [2.0, nan, 1.0, nan, 2.0],
                                    [2.0, 2.0, 1.0, 1.0, nan, 2.0], [nan], [nan, 1.0]])
def test_mode_of_a_line_with_nan_is_pytorchs(values):
    x = autograd.tensor(values, requires_grad=True)
    ours = x.mode()
    theirs = torch.tensor(values).mode()
    _same(ours.values.detach().numpy(), theirs.values.numpy())
    assert ours.indices.item() == theirs.indices.item()
    ours.values.backward()
    assert x.grad.numpy()[theirs.indices.item()] == 1.0


@pytest.mark.parametrize("seed", range(4))
def test_mode_with_nan_matches_pytorch_over_random_lines_short_and_long(seed):
    rng = np.random.default_rng(seed)
    for _ in range(60):
        n = int(rng.integers(1, 120))
        x = rng.integers(0, int(rng.integers(1, 6)), (2, n)).astype(np.float32)
        x[rng.random((2, n)) < rng.random() * 0.5] = np.nan
        x[:, rng.integers(n)] = np.nan  # (lines without NaN over 16 elements may name another equal element)
        ours, theirs = autograd.tensor(x).mode(1), torch.tensor(x).mode(1)
        _same(ours.values.numpy(), theirs.values.numpy())
        np.testing.assert_array_equal(ours.indices.numpy(), theirs.indices.numpy())


@pytest.mark.parametrize("weights", [None, [1.0, 2.0], [1.0, 2.0, 3.0]])
def test_bincount_refuses_bool_input_as_pytorch(weights):
    values = [True, True] if weights is None or len(weights) == 2 else [True, False, True]
    for lib in (torch, autograd):
        with pytest.raises(NotImplementedError, match="Bool"):
            lib.bincount(lib.tensor(values), weights=None if weights is None else lib.tensor(weights))


def test_bincount_of_integers_still_counts():
    for dtype in (np.uint8, np.int32, np.int64):
        values = np.array([0, 3, 3, 1], dtype=dtype)
        _same(autograd.bincount(autograd.tensor(values), weights=autograd.tensor([1.0, 2.0, 0.5, 1.0])).numpy(),
              torch.bincount(torch.tensor(values), weights=torch.tensor([1.0, 2.0, 0.5, 1.0])).numpy())
