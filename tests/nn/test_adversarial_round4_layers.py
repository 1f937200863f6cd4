"""Issue 19, fourth adversarial pass: layers and functions of nn whose result differed silently from
PyTorch 2.13's. A probe still marked xfail(strict=True) names the defect's cause."""
import warnings

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F

torch = pytest.importorskip("torch")

SOFTMAX_WITHOUT_DIM = {
    "F.softmax": (lambda t: torch.nn.functional.softmax(t), lambda t: F.softmax(t)),
    "F.log_softmax": (lambda t: torch.nn.functional.log_softmax(t), lambda t: F.log_softmax(t)),
    "nn.Softmax()": (lambda t: torch.nn.Softmax()(t), lambda t: nn.Softmax()(t)),
    "nn.LogSoftmax()": (lambda t: torch.nn.LogSoftmax()(t), lambda t: nn.LogSoftmax()(t)),
}


@pytest.mark.parametrize("shape", [(), (3,), (2, 3), (2, 3, 4), (2, 3, 4, 5)], ids=str)
@pytest.mark.parametrize("name", SOFTMAX_WITHOUT_DIM)
def test_softmax_without_dim_takes_pytorchs_implicit_dim_and_warns(name, shape):
    """Was: the last axis always; PyTorch takes axis 0 for 0-, 1- and 3-D input and axis 1 otherwise."""
    theirs, ours = SOFTMAX_WITHOUT_DIM[name]
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = theirs(torch.tensor(x)).numpy()
    with pytest.warns(UserWarning, match="Implicit dimension choice"):
        result = ours(autograd.tensor(x)).numpy()
    np.testing.assert_allclose(result, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("margin", [1.0, 0.5, 0.0])
def test_hinge_embedding_loss_gradient_at_the_margin_is_pytorchs(margin, reduction):
    """Was: relu(margin − x), whose gradient at margin − x = 0 is 0; PyTorch's clamp_min passes it (−1)."""
    def program(lib, functional):
        x = lib.tensor([margin, margin, 0.2, margin - 1.0, 3.0], dtype=lib.float64, requires_grad=True)
        y = lib.tensor([-1.0, 1.0, -1.0, -1.0, 0.0], dtype=lib.float64)
        loss = functional.hinge_embedding_loss(x, y, margin=margin, reduction=reduction)
        loss.sum().backward()
        return loss.detach().numpy().tolist(), x.grad.numpy().tolist()
    assert program(autograd, F) == program(torch, torch.nn.functional)


@pytest.mark.parametrize("pos_weight", [None, 2.0])
def test_bce_with_logits_of_infinite_logits_is_pytorchs(pos_weight):
    """Was: max(x, 0) − x·y + ...: NaN for (x = +inf, y = 0) where PyTorch gives inf, and inf for
    (x = −inf, y = 1) where PyTorch gives NaN."""
    def program(lib, functional):
        x = lib.tensor([np.inf, -np.inf, np.inf, -np.inf, 0.0, 30.0], dtype=lib.float64, requires_grad=True)
        y = lib.tensor([0.0, 1.0, 1.0, 0.0, 0.5, 0.0], dtype=lib.float64)
        weight = None if pos_weight is None else lib.tensor([pos_weight], dtype=lib.float64)
        loss = functional.binary_cross_entropy_with_logits(x, y, reduction="none", pos_weight=weight)
        loss.sum().backward()
        return loss.detach().numpy(), x.grad.numpy()
    for ours, expected in zip(program(autograd, F), program(torch, torch.nn.functional), strict=True):
        np.testing.assert_allclose(ours, expected, rtol=1e-12)  # (inf and NaN where PyTorch has them)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weight", [[0.0, 0.0, 0.0], [0.0, 1.0, 2.0]], ids=["all-zero", "one-zero"])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.2])
@pytest.mark.parametrize("masked", [False, True], ids=["finite", "minus-inf-logits"])
def test_a_class_weight_of_zero_gives_pytorchs_nan_or_value(masked, label_smoothing, weight, reduction):
    """Was: a taken class of weight 0 counted 0 even with a −inf logit (PyTorch: 0·∞ = NaN), and the mean
    over a total weight of 0 had a zero gradient (PyTorch: NaN)."""
    def program(lib, functional):
        x = lib.tensor([[1.0, 2.0, 0.5], [0.1, -1.0, 3.0], [0.0, 0.0, 0.0]], dtype=lib.float64)
        if masked:
            x[0, 0] = x[1, 1] = -np.inf
        x.requires_grad_()
        loss = functional.cross_entropy(x, lib.tensor([0, 2, 1]), weight=lib.tensor(weight, dtype=lib.float64),
                                        reduction=reduction, label_smoothing=label_smoothing)
        loss.sum().backward()
        return loss.detach().numpy(), x.grad.numpy()
    with np.errstate(all="ignore"):
        for ours, expected in zip(program(autograd, F), program(torch, torch.nn.functional), strict=True):
            np.testing.assert_allclose(ours, expected, rtol=1e-12)


EMPTY_BATCHES = {
    "conv2d": (lambda N: N.Conv2d(2, 3, 3), (0, 2, 5, 5)),
    "conv1d-groups": (lambda N: N.Conv1d(2, 4, 3, groups=2), (0, 2, 5)),
    "conv-transpose2d": (lambda N: N.ConvTranspose2d(2, 3, 3), (0, 2, 5, 5)),
    "rnn": (lambda N: N.RNN(2, 3), (4, 0, 2)),
    "lstm-2-layers-bidirectional": (lambda N: N.LSTM(2, 3, num_layers=2, bidirectional=True), (4, 0, 2)),
    "gru-batch-first": (lambda N: N.GRU(2, 3, batch_first=True), (0, 4, 2)),
}


@pytest.mark.parametrize("name", EMPTY_BATCHES)
def test_layers_take_an_empty_batch_as_pytorch(name):
    """Was: "shape '[1, -1, 0]' is invalid for input of size 0" (a reshape with -1 inside the layer)."""
    make, shape = EMPTY_BATCHES[name]

    def program(lib, lib_nn):
        x = lib.zeros(*shape, requires_grad=True)
        out = make(lib_nn)(x)
        out = out[0] if isinstance(out, tuple) else out
        out.sum().backward()
        return tuple(out.shape), tuple(x.grad.shape)
    assert program(autograd, nn) == program(torch, torch.nn)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("beta, threshold", [(1.0, 20.0), (2.0, 10.0), (0.5, 20.0), (1.0, 1.0), (3.0, 0.0)])
def test_softplus_takes_beta_and_threshold(beta, threshold, dtype):
    """Was: TypeError for beta/threshold (PyTorch's F.softplus signature)."""
    def program(lib, functional):
        x = lib.tensor([-100.0, -30.0, -1.0, 0.0, 0.3, 5.0, 19.0, 25.0, 1e4], dtype=getattr(lib, dtype),
                       requires_grad=True)
        y = functional.softplus(x, beta=beta, threshold=threshold)
        y.sum().backward()
        return y.detach().numpy(), x.grad.numpy()
    for ours, expected in zip(program(autograd, F), program(torch, torch.nn.functional), strict=True):
        np.testing.assert_allclose(ours, expected, rtol=1e-6 if dtype == "float32" else 1e-12, atol=1e-30)


PADS = {"positive": ((1, 2), 0.0), "two-axes": ((1, 0, 0, 2), -3.5), "negative": ((-1, 2, 1, -2), 0.0),
        "int-value": ((1, 1), 2.7)}


@pytest.mark.parametrize("name", PADS)
def test_functional_pad_is_pytorchs_constant_pad(name):
    """Was: AttributeError, nn.functional had no pad (autograd.pad had it)."""
    widths, value = PADS[name]

    def program(lib, functional):
        x = lib.arange(12.0).reshape(3, 4).requires_grad_() if name != "int-value" else lib.tensor([[1, 2]])
        y = functional.pad(x, widths, value=value)
        if x.requires_grad:
            (y * lib.arange(float(y.numel())).reshape(y.shape)).sum().backward()
        return y.tolist(), str(y.dtype).replace("torch.", ""), None if x.grad is None else x.grad.tolist()
    assert program(autograd, F) == program(torch, torch.nn.functional)


def test_functional_pad_refuses_a_mode_pytorch_lacks():
    """(reflect, replicate and circular are implemented: tests/nn/test_pool1d_pad_init_more_torch.py)"""
    for functional, T in ((F, autograd), (torch.nn.functional, torch)):
        with pytest.raises(NotImplementedError, match="wrap"):
            functional.pad(T.zeros(1, 2, 3), (1, 1), mode="wrap")


@pytest.mark.parametrize("padding_idx", [4, 7, -5])
def test_embedding_refuses_a_padding_idx_outside_the_table(padding_idx):
    """Was: padding_idx % rows, so padding_idx=4 of a 4-row table silently froze row 0."""
    with pytest.raises(AssertionError, match="Padding_idx"):
        torch.nn.functional.embedding(torch.tensor([0, 1]), torch.ones(4, 2), padding_idx=padding_idx)
    with pytest.raises(AssertionError, match="padding_idx"):
        F.embedding(autograd.tensor([0, 1]), autograd.ones(4, 2, requires_grad=True), padding_idx=padding_idx)


def test_embedding_refuses_a_table_that_is_not_2d():
    with pytest.raises(RuntimeError, match="2-D"):
        torch.nn.functional.embedding(torch.tensor([0]), torch.ones(4))
    with pytest.raises(RuntimeError, match="2-D"):
        F.embedding(autograd.tensor([0]), autograd.ones(4))


@pytest.mark.parametrize("padding_idx", [None, 1, -1, -4])
def test_embedding_padding_rows_get_no_gradient_as_in_pytorch(padding_idx):
    def program(lib, functional):
        weight = lib.tensor(np.arange(8.0).reshape(4, 2), requires_grad=True)
        out = functional.embedding(lib.tensor([[1, 1, 2], [0, 3, 1]]), weight, padding_idx=padding_idx)
        (out * lib.arange(1.0, 13.0).reshape(2, 3, 2)).sum().backward()
        return out.tolist(), weight.grad.tolist()
    assert program(autograd, F) == program(torch, torch.nn.functional)
