"""Sixth adversarial pass (#19): layer and functional arguments, empty batches and targets, against PyTorch 2.13.

The family found: window sizes, strides, paddings and flags were converted with int() / bool(), so
MaxPool2d(2.5) pooled with 2, MaxPool2d("2") worked, ceil_mode="no" meant True and padding="full" was kept.
PyTorch refuses each with a TypeError (or ValueError for a padding string)."""
import re

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F

torch = pytest.importorskip("torch")

X = np.random.default_rng(0).standard_normal((1, 1, 5, 5)).astype(np.float32)

BAD_WINDOW_ARGUMENTS = {
    "max_pool2d kernel 2.5": lambda T, N, F_: F_.max_pool2d(T.tensor(X), 2.5),
    "max_pool2d kernel 2.0": lambda T, N, F_: F_.max_pool2d(T.tensor(X), 2.0),
    "MaxPool2d kernel True": lambda T, N, F_: N.MaxPool2d(True)(T.tensor(X)),
    "MaxPool2d kernel '2'": lambda T, N, F_: N.MaxPool2d("2")(T.tensor(X)),
    "MaxPool2d stride 1.5": lambda T, N, F_: N.MaxPool2d(2, stride=1.5)(T.tensor(X)),
    "MaxPool2d padding 1.0": lambda T, N, F_: N.MaxPool2d(3, padding=1.0)(T.tensor(X)),
    "MaxPool2d dilation (1, 1.5)": lambda T, N, F_: N.MaxPool2d(2, dilation=(1, 1.5))(T.tensor(X)),
    "MaxPool2d ceil_mode 'no'": lambda T, N, F_: N.MaxPool2d(2, ceil_mode="no")(T.tensor(X)),
    "AvgPool2d kernel 2.5": lambda T, N, F_: N.AvgPool2d(2.5)(T.tensor(X)),
    "AvgPool2d stride 1.5": lambda T, N, F_: N.AvgPool2d(2, stride=1.5)(T.tensor(X)),
    "AvgPool2d padding 0.5": lambda T, N, F_: N.AvgPool2d(3, padding=0.5)(T.tensor(X)),
    "AvgPool2d divisor 1.5": lambda T, N, F_: N.AvgPool2d(2, divisor_override=1.5)(T.tensor(X)),
    "AvgPool2d count_include_pad None": lambda T, N, F_: N.AvgPool2d(3, padding=1, count_include_pad=None)(T.tensor(X)),
    "AdaptiveAvgPool2d 1.5": lambda T, N, F_: N.AdaptiveAvgPool2d(1.5)(T.tensor(X)),
    "conv2d stride 1.5": lambda T, N, F_: F_.conv2d(T.tensor(X), T.ones(1, 1, 2, 2), stride=1.5),
    "conv2d padding 0.5": lambda T, N, F_: F_.conv2d(T.tensor(X), T.ones(1, 1, 2, 2), padding=0.5),
    "Conv2d kernel 2.5": lambda T, N, F_: N.Conv2d(1, 1, 2.5),
    "one_hot num_classes 3.0": lambda T, N, F_: F_.one_hot(T.tensor([0, 1]), num_classes=3.0),
    "cross_entropy ignore_index 1.0": lambda T, N, F_: F_.cross_entropy(T.ones(2, 3), T.tensor([0, 1]), ignore_index=1.0),
    "nll_loss ignore_index True": lambda T, N, F_: F_.nll_loss(T.ones(2, 3), T.tensor([0, 1]), ignore_index=True),
    "embedding padding_idx True": lambda T, N, F_: F_.embedding(T.tensor([0]), T.ones(2, 2), padding_idx=True),
}


@pytest.mark.parametrize("name", BAD_WINDOW_ARGUMENTS)
def test_a_window_argument_that_is_not_an_int_is_refused_as_pytorch_refuses_it(name):
    """Was: int(2.5) = 2, int("2") = 2, bool("no") = True: a result where PyTorch raises TypeError."""
    program = BAD_WINDOW_ARGUMENTS[name]
    with pytest.raises(TypeError):
        program(torch, torch.nn, torch.nn.functional)
        if name.startswith("Conv2d"):  # PyTorch refuses a float kernel when it allocates the weight
            raise TypeError
    with pytest.raises(TypeError, match="int|bool"):
        program(autograd, nn, F)


@pytest.mark.parametrize("make", [lambda N: N.Conv2d(1, 1, 2, padding="full"),
                                  lambda N: N.Conv1d(1, 1, 2, padding="SAME")])
def test_an_unknown_padding_string_is_refused_with_pytorchs_message(make):
    """Was accepted, and shown in the repr (padding=full)."""
    with pytest.raises(ValueError, match="Invalid padding string") as expected:
        make(torch.nn)
    with pytest.raises(ValueError) as got:
        make(nn)
    assert str(got.value).split(",")[0] == str(expected.value).split(",")[0]


@pytest.mark.parametrize("kernel", [np.int64(2), np.int32(2), (np.int64(2), 2), [2, 2]])
def test_numpy_and_list_window_sizes_pool_as_in_pytorch(kernel):
    """Was: a NumPy integer kernel crashed ("The truth value of an empty array is ambiguous")."""
    expected = torch.nn.MaxPool2d(kernel)(torch.tensor(X)).numpy()
    np.testing.assert_array_equal(nn.MaxPool2d(kernel)(autograd.tensor(X)).numpy(), expected)


def test_probability_targets_refuse_a_non_negative_ignore_index_as_pytorch():
    """Was: ignore_index silently ignored with class-probability targets."""
    logits, target = np.ones((2, 3), np.float32), np.full((2, 3), 1 / 3, np.float32)
    with pytest.raises(RuntimeError, match="ignore_index is not supported"):
        torch.nn.functional.cross_entropy(torch.tensor(logits), torch.tensor(target), ignore_index=0)
    with pytest.raises(RuntimeError, match="ignore_index is not supported"):
        F.cross_entropy(autograd.tensor(logits), autograd.tensor(target), ignore_index=0)
    for ignore_index in (-100, -1):  # a negative one is accepted, and changes nothing, in both
        expected = torch.nn.functional.cross_entropy(torch.tensor(logits), torch.tensor(target), ignore_index=ignore_index)
        got = F.cross_entropy(autograd.tensor(logits), autograd.tensor(target), ignore_index=ignore_index)
        assert got.item() == pytest.approx(expected.item())


def test_one_hot_of_an_empty_tensor_needs_num_classes_as_in_pytorch():
    """Was: a (0, 0) tensor."""
    with pytest.raises(RuntimeError, match="empty"):
        torch.nn.functional.one_hot(torch.tensor([], dtype=torch.int64))
    with pytest.raises(RuntimeError, match="empty"):
        F.one_hot(autograd.tensor([], dtype=autograd.int64))
    assert tuple(F.one_hot(autograd.tensor([], dtype=autograd.int64), num_classes=3).shape) == (0, 3)


EMPTY_BATCH_LAYERS = {
    "Flatten": (lambda N: N.Flatten(), (0, 3, 4)),
    "Flatten(0, 1)": (lambda N: N.Flatten(0, 1), (0, 3, 4)),
    "Flatten of a zero middle axis": (lambda N: N.Flatten(), (2, 0, 4)),
    "BatchNorm2d": (lambda N: N.BatchNorm2d(2), (0, 2, 3, 3)),
    "BatchNorm1d": (lambda N: N.BatchNorm1d(2), (0, 2)),
    "BatchNorm1d (N, C, L)": (lambda N: N.BatchNorm1d(2), (0, 2, 5)),
    "Conv2d + BatchNorm2d + Flatten": (lambda N: N.Sequential(N.Conv2d(1, 2, 3), N.BatchNorm2d(2), N.Flatten()),
                                       (0, 1, 5, 5)),
}


@pytest.mark.parametrize("name", EMPTY_BATCH_LAYERS)
def test_an_empty_batch_passes_as_in_pytorch(name):
    """Was: Flatten raised "shape '[0, -1]' is invalid" and BatchNorm "expected more than 1 value per channel"."""
    make, shape = EMPTY_BATCH_LAYERS[name]

    def program(T, N):
        layer = make(N)
        x = T.zeros(*shape, requires_grad=True)
        out = layer(x)
        out.sum().backward()
        state = {key: value.tolist() for key, value in layer.state_dict().items() if key.rpartition(".")[2] not in ("weight", "bias")}
        grads = [None if p.grad is None else p.grad.tolist() for p in layer.parameters() if p.ndim == 1]
        return tuple(out.shape), tuple(x.grad.shape), state, grads

    assert program(autograd, nn) == program(torch, torch.nn)


def test_batch_norm_still_refuses_one_value_per_channel_when_training():
    for lib, N in ((torch, torch.nn), (autograd, nn)):
        with pytest.raises((ValueError, RuntimeError), match="(?i)expected more than 1 value per channel"):
            N.BatchNorm1d(2)(lib.zeros(1, 2))


def test_bce_where_a_probability_is_exactly_its_target_differs_from_pytorch_as_documented():
    """A deliberate difference (binary_cross_entropy's docstring): at x = y ∈ {0, 1} the gradient is the loss's
    derivative, ±1/N, where PyTorch's formula gives 0. Elsewhere, and through a sigmoid, the two agree."""
    def program(T, F_, through_sigmoid):
        x = T.tensor([0.0, 1.0, 0.0, 1.0, 0.3], requires_grad=True)
        p = T.sigmoid(x * 1000) if through_sigmoid else x
        y = T.tensor([0.0, 1.0, 1.0, 0.0, 1.0])
        F_.binary_cross_entropy(p, y).backward()
        return x.grad.numpy()
    ours, theirs = program(autograd, F, False), program(torch, torch.nn.functional, False)
    np.testing.assert_allclose(ours[2:], theirs[2:], rtol=1e-5)
    np.testing.assert_array_equal(theirs[:2], [0.0, 0.0])
    np.testing.assert_allclose(ours[:2], [0.2, -0.2])
    np.testing.assert_allclose(program(autograd, F, True), program(torch, torch.nn.functional, True), rtol=1e-5)


@pytest.mark.parametrize("loss", ["mse_loss", "l1_loss"])
def test_regression_losses_refuse_shapes_that_pytorch_would_broadcast_as_documented(loss):
    with pytest.warns(UserWarning, match="target size"):
        getattr(torch.nn.functional, loss)(torch.ones(4, 1), torch.ones(4))
    with pytest.raises(ValueError, match="same shape"):
        getattr(F, loss)(autograd.ones(4, 1), autograd.ones(4))


@pytest.mark.parametrize("name, weight_shape", [("conv2d", (3, 1, 2)), ("conv2d", (3, 1, 2, 2, 1)), ("conv1d", (3, 1, 2, 2))])
def test_a_convolution_weight_of_the_wrong_rank_is_named(name, weight_shape):
    """Was: conv2d with a 3-D weight said 'conv2d: expected input of shape (N, 1, L)', a conv1d's shapes."""
    x = torch.ones(1, 1, 5, 5) if name == "conv2d" else torch.ones(1, 1, 5)
    with pytest.raises(RuntimeError):
        getattr(torch.nn.functional, name)(x, torch.ones(weight_shape))
    with pytest.raises(RuntimeError, match=rf"{name}: expected a .-D weight .*got shape {re.escape(str(weight_shape))}"):
        getattr(F, name)(autograd.tensor(x.numpy()), autograd.ones(*weight_shape))


@pytest.mark.parametrize("dtype", ["int64", "bool", "uint8"])
@pytest.mark.parametrize("p, training", [(0.0, True), (0.5, True), (1.0, True), (0.5, False)])
def test_dropout_of_an_integer_tensor_is_pytorchs(dtype, p, training):
    """Was: the mask's scale 1/(1 − p) truncated into the integers, dropout([1, 1, 1]) giving [2, 0, 0]."""
    def outcome(T, F_):
        try:
            return F_.dropout(T.ones(3, dtype=getattr(T, dtype)), p, training=training).tolist()
        except RuntimeError as error:
            assert "can't be cast" in str(error)
            return RuntimeError
    assert outcome(autograd, F) == outcome(torch, torch.nn.functional)


INTEGER_INPUTS = {
    "avg_pool2d": lambda F_, x: F_.avg_pool2d(x, 2),
    "avg_pool2d divisor_override": lambda F_, x: F_.avg_pool2d(x, 2, divisor_override=3),
    "avg_pool2d padded": lambda F_, x: F_.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True),
    "max_pool2d": lambda F_, x: F_.max_pool2d(x, 2),
    "adaptive_avg_pool2d": lambda F_, x: F_.adaptive_avg_pool2d(x, 1),
    "softplus": lambda F_, x: F_.softplus(x),
    "binary_cross_entropy_with_logits": lambda F_, x: F_.binary_cross_entropy_with_logits(x, x),
    "soft_margin_loss": lambda F_, x: F_.soft_margin_loss(x, x),
    "hinge_embedding_loss": lambda F_, x: F_.hinge_embedding_loss(x, x),
    "kl_div": lambda F_, x: F_.kl_div(x, x, reduction="sum"),
}


@pytest.mark.parametrize("dtype", ["int64", "int32", "uint8", "bool"])
@pytest.mark.parametrize("name", INTEGER_INPUTS)
def test_integer_inputs_give_pytorchs_result_or_its_refusal(name, dtype):
    """Were computed: uint8 softplus wrapped to inf, adaptive_avg_pool2d of ints truncated every mean to 0,
    avg_pool2d of int64 gave floats (PyTorch: int64 means rounded toward 0), soft margin and BCE losses of
    uint8 tensors gave numbers where PyTorch has no kernel."""
    values = (np.arange(32).reshape(1, 2, 4, 4) % 7 - 3) * (1 if dtype in ("int64", "int32") else -1) % 7

    def outcome(T, F_):
        x = T.tensor(values.astype(dtype))
        try:
            out = INTEGER_INPUTS[name](F_, x)
        except (RuntimeError, NotImplementedError):
            return "refused"
        return str(out.dtype).replace("torch.", ""), out.tolist()
    assert outcome(autograd, F) == outcome(torch, torch.nn.functional)


DIVISION_OUTPUTS_WRITTEN_IN_PLACE = {
    "a / b, then *= 2": lambda T, F_, x: x / (x.detach() * 0 + 3).requires_grad_(),
    "layer_norm without affine, then += x": lambda T, F_, x: F_.layer_norm(x, (3,)),
    "batch_norm (training) without affine, then += x": lambda T, F_, x: F_.batch_norm(x, None, None, training=True),
    "x / x.norm(), then += x": lambda T, F_, x: x / x.norm(dim=1, keepdim=True),
}


@pytest.mark.parametrize("name", DIVISION_OUTPUTS_WRITTEN_IN_PLACE)
def test_an_in_place_write_into_a_quotient_backpropagates_as_in_pytorch(name):
    def program(T, F_):
        x = T.tensor(np.arange(1.0, 7.0, dtype=np.float32).reshape(2, 3), requires_grad=True)
        out = DIVISION_OUTPUTS_WRITTEN_IN_PLACE[name](T, F_, x)
        out += x.detach() * 0.5
        (out * T.tensor(np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]], dtype=np.float32))).sum().backward()
        return x.grad.numpy()
    np.testing.assert_allclose(program(autograd, F), program(torch, torch.nn.functional), rtol=1e-4, atol=1e-6)
