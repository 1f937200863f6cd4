"""Every layer and functional form: gradcheck in float64 (input and every parameter), values
against hand-worked cases and closed forms, and the error messages for bad input."""
import math

import numpy as np
import pytest

import autograd
import nn
from nn import functional as F

rng = np.random.default_rng(0)


def double(*shape):
    return autograd.tensor(rng.standard_normal(shape), requires_grad=True)


def check_module(module, *inputs):
    """gradcheck of module(*inputs) with respect to the inputs and every parameter, in float64."""
    module.double()
    params = list(module.parameters())
    assert autograd.gradcheck(lambda *args: module(*args[: len(inputs)]), list(inputs) + params)


# ----- gradients -----
@pytest.mark.parametrize(
    "make_module, shape",
    [
        (lambda: nn.Linear(3, 2), (4, 3)),
        (lambda: nn.Linear(3, 2, bias=False), (2, 5, 3)),
        (lambda: nn.Conv1d(2, 3, 3, stride=2, padding=1, dilation=1), (2, 2, 7)),
        (lambda: nn.Conv1d(2, 2, 2, padding="same", dilation=2), (1, 2, 5)),
        (lambda: nn.Conv2d(2, 3, (2, 3), stride=(1, 2), padding=1, dilation=(2, 1)), (2, 2, 5, 6)),
        (lambda: nn.Conv2d(1, 2, 3, bias=False), (1, 4, 4)),
        (lambda: nn.MaxPool2d(2), (2, 2, 4, 4)),
        (lambda: nn.MaxPool2d(3, stride=2, padding=1), (1, 2, 5, 5)),
        (lambda: nn.MaxPool2d(2, stride=1, dilation=2), (1, 1, 5, 5)),
        (lambda: nn.AvgPool2d(2), (2, 2, 4, 4)),
        (lambda: nn.AvgPool2d(3, stride=2, padding=1), (1, 2, 5, 4)),
        (lambda: nn.BatchNorm1d(3), (5, 3)),
        (lambda: nn.BatchNorm1d(2), (3, 2, 4)),
        (lambda: nn.BatchNorm2d(2), (3, 2, 2, 3)),
        (lambda: nn.BatchNorm2d(2).eval(), (3, 2, 2, 3)),
        (lambda: nn.BatchNorm2d(2, affine=False, track_running_stats=False), (3, 2, 2, 2)),
        (lambda: nn.LayerNorm(4), (3, 4)),
        (lambda: nn.LayerNorm((2, 3)), (2, 2, 3)),
        (lambda: nn.ReLU(), (3, 4)),
        (lambda: nn.Sigmoid(), (3, 4)),
        (lambda: nn.Tanh(), (3, 4)),
        (lambda: nn.Softmax(dim=1), (3, 4)),
        (lambda: nn.LogSoftmax(dim=0), (3, 4)),
        (lambda: nn.Flatten(), (2, 3, 2)),
        (lambda: nn.Identity(), (2, 3)),
        (
            lambda: nn.Sequential(
                nn.Conv2d(1, 2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8, 3)
            ),
            (2, 1, 4, 4),
        ),
    ],
)
def test_layer_gradients_match_finite_differences(make_module, shape):
    check_module(make_module(), double(*shape))


def test_embedding_gradient_accumulates_repeated_rows_and_skips_padding():
    index = autograd.tensor([[0, 1, 3], [3, 3, 1]])
    check_module(nn.Embedding(5, 3), index)
    layer = nn.Embedding(5, 3, padding_idx=1).double()  # by design, not the derivative of its output
    (layer(index) * autograd.tensor(np.arange(18.0).reshape(2, 3, 3))).sum().backward()
    grad = layer.weight.grad.numpy()
    np.testing.assert_array_equal(grad[1], 0)  # the padding row
    np.testing.assert_array_equal(grad[3], [6 + 9 + 12, 7 + 10 + 13, 8 + 11 + 14])  # three uses of row 3
    np.testing.assert_array_equal(grad[[2, 4]], 0)


def test_dropout_gradient_with_a_fixed_mask():
    x = double(4, 5)

    def dropped(x):
        autograd.manual_seed(3)
        return F.dropout(x, 0.4)

    assert autograd.gradcheck(dropped, [x])


def test_functional_forms_gradients():
    x, w, b = double(2, 2, 5, 5), double(3, 2, 3, 3), double(3)
    assert autograd.gradcheck(lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=1), [x, w, b])
    assert autograd.gradcheck(lambda x, w: F.conv1d(x, w, dilation=2), [double(2, 3, 6), double(2, 3, 2)])
    assert autograd.gradcheck(lambda x, w, b: F.linear(x, w, b), [double(3, 4), double(2, 4), double(2)])
    mean, var = autograd.tensor(rng.standard_normal(2)), autograd.tensor(rng.random(2) + 0.5)
    assert autograd.gradcheck(lambda x, g, b: F.batch_norm(x, mean, var, g, b), [double(3, 2, 2), double(2), double(2)])
    assert autograd.gradcheck(lambda x, g, b: F.layer_norm(x, (3,), g, b), [double(2, 3), double(3), double(3)])
    assert autograd.gradcheck(lambda x: F.max_pool2d(x, 2) + F.avg_pool2d(x, 2), [double(1, 1, 4, 4)])
    assert autograd.gradcheck(lambda w: F.embedding(autograd.tensor([2, 0, 2]), w), [double(3, 2)])


# ----- values against independent computations -----
def naive_conv(x, w, b, stride, padding, dilation):
    """Convolution by its definition, one output element at a time (n-d via np.ndindex)."""
    n = w.ndim - 2
    x = np.pad(x, [(0, 0), (0, 0)] + [(padding, padding)] * n)
    kernel = w.shape[2:]
    out_size = [(x.shape[2 + i] - dilation * (kernel[i] - 1) - 1) // stride + 1 for i in range(n)]
    out = np.zeros((x.shape[0], w.shape[0], *out_size))
    for index in np.ndindex(*out.shape):
        batch, channel, position = index[0], index[1], index[2:]
        total = b[channel]
        for c in range(w.shape[1]):
            for offset in np.ndindex(*kernel):
                source = tuple(p * stride + q * dilation for p, q in zip(position, offset, strict=True))
                total += w[(channel, c) + offset] * x[(batch, c) + source]
        out[index] = total
    return out


@pytest.mark.parametrize("spatial", [1, 2])
@pytest.mark.parametrize("stride, padding, dilation", [(1, 0, 1), (2, 1, 1), (1, 2, 2), (3, 1, 2)])
def test_convolution_matches_its_definition(spatial, stride, padding, dilation):
    x = rng.standard_normal((2, 3) + (7,) * spatial)
    w = rng.standard_normal((4, 3) + (3, 2)[:spatial])
    b = rng.standard_normal(4)
    conv = F.conv1d if spatial == 1 else F.conv2d
    ours = conv(autograd.tensor(x), autograd.tensor(w), autograd.tensor(b), stride, padding, dilation)
    np.testing.assert_allclose(ours.detach().numpy(), naive_conv(x, w, b, stride, padding, dilation), rtol=1e-10, atol=1e-12)


def test_conv_output_size_formula_and_same_padding():
    layer = nn.Conv2d(1, 1, (3, 4), stride=(2, 1), padding=(1, 0), dilation=(1, 2))
    out = layer(autograd.randn(2, 1, 9, 10))
    # ⌊(9 + 2 − 2 − 1)/2⌋ + 1 = 5,  ⌊(10 − 6 − 1)/1⌋ + 1 = 4
    assert out.shape == (2, 1, 5, 4)
    assert nn.Conv1d(2, 3, 4, padding="same", dilation=3)(autograd.randn(1, 2, 11)).shape == (1, 3, 11)
    assert nn.Conv2d(2, 3, 3)(autograd.randn(2, 6, 5)).shape == (3, 4, 3)  # unbatched input


def test_pooling_hand_worked():
    x = autograd.tensor(np.arange(16.0).reshape(1, 1, 4, 4))
    np.testing.assert_array_equal(F.max_pool2d(x, 2).detach().numpy(), [[[[5, 7], [13, 15]]]])
    np.testing.assert_array_equal(F.avg_pool2d(x, 2).detach().numpy(), [[[[2.5, 4.5], [10.5, 12.5]]]])
    # padding: max ignores it (−∞), avg counts it as 0
    np.testing.assert_array_equal(F.max_pool2d(-x, 2, stride=2, padding=1).detach().numpy()[0, 0, 0], [0, -1, -3])
    np.testing.assert_allclose(F.avg_pool2d(x, 2, stride=2, padding=1).detach().numpy()[0, 0, 0], [0 / 4, (1 + 2) / 4, 3 / 4])


def test_max_pool_sends_the_gradient_to_the_maximum():
    x = autograd.tensor([[[[1.0, 3.0], [2.0, 0.0]]]], requires_grad=True)
    F.max_pool2d(x, 2).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [[[[0, 1], [0, 0]]]])


def test_linear_hand_worked():
    layer = nn.Linear(2, 2)
    layer.load_state_dict({"weight": np.array([[1.0, 2.0], [0.0, -1.0]]), "bias": np.array([0.5, 1.0])})
    np.testing.assert_allclose(layer(autograd.tensor([[3.0, 4.0]])).detach().numpy(), [[11.5, -3.0]])


def test_activations_hand_worked_and_stable():
    x = autograd.tensor([-1000.0, 0.0, 1000.0])
    np.testing.assert_array_equal(nn.ReLU()(x).detach().numpy(), [0, 0, 1000])
    np.testing.assert_array_equal(nn.Sigmoid()(x).detach().numpy(), [0, 0.5, 1])
    np.testing.assert_array_equal(nn.Tanh()(x).detach().numpy(), [-1, 0, 1])
    np.testing.assert_allclose(nn.Softmax(dim=0)(autograd.tensor([0.0, math.log(3)])).detach().numpy(), [0.25, 0.75])
    np.testing.assert_allclose(nn.LogSoftmax(dim=-1)(x).detach().numpy(), [-2000, -1000, 0])


def test_batch_norm_closed_form_and_running_statistics():
    x = rng.standard_normal((6, 2, 3)) * 3 + 1
    layer = nn.BatchNorm1d(2, momentum=0.1).double()
    out = layer(autograd.tensor(x)).detach().numpy()
    mean = x.mean(axis=(0, 2), keepdims=True)
    biased_var = x.var(axis=(0, 2), keepdims=True)
    np.testing.assert_allclose(out, (x - mean) / np.sqrt(biased_var + 1e-5), rtol=1e-10)
    np.testing.assert_allclose(layer.running_mean.detach().numpy(), 0.1 * mean.ravel())
    np.testing.assert_allclose(layer.running_var.detach().numpy(), 0.9 + 0.1 * x.var(axis=(0, 2), ddof=1))
    assert int(layer.num_batches_tracked.item()) == 1
    layer.eval()
    expected = (x - layer.running_mean.detach().numpy()[:, None]) / np.sqrt(layer.running_var.detach().numpy()[:, None] + 1e-5)
    np.testing.assert_allclose(layer(autograd.tensor(x)).detach().numpy(), expected, rtol=1e-10)
    assert int(layer.num_batches_tracked.item()) == 1  # eval leaves the statistics alone


def test_batch_norm_cumulative_average_and_no_graph_for_running_stats():
    layer = nn.BatchNorm1d(1, momentum=None).double()
    batches = [rng.standard_normal((4, 1)) for _ in range(3)]
    for batch in batches:
        out = layer(autograd.tensor(batch, requires_grad=True))
    np.testing.assert_allclose(layer.running_mean.detach().numpy(), [np.mean([b.mean() for b in batches])])
    assert out.requires_grad and not layer.running_mean.requires_grad and layer.running_mean.grad_fn is None


def test_layer_norm_closed_form():
    x = rng.standard_normal((3, 4, 5))
    layer = nn.LayerNorm((4, 5)).double()
    mean, var = x.mean(axis=(1, 2), keepdims=True), x.var(axis=(1, 2), keepdims=True)
    np.testing.assert_allclose(layer(autograd.tensor(x)).detach().numpy(), (x - mean) / np.sqrt(var + 1e-5), rtol=1e-10)
    assert [name for name, _ in layer.named_parameters()] == ["weight", "bias"]


def test_dropout_is_inverted_and_identity_in_eval():
    layer = nn.Dropout(0.25)
    x = autograd.ones(200, 500)
    out = layer(x).detach().numpy()
    assert set(np.unique(out)) == {0.0, np.float32(1 / 0.75)}
    assert abs((out == 0).mean() - 0.25) < 0.01 and abs(out.mean() - 1) < 0.02
    assert layer.eval()(x) is x
    autograd.manual_seed(7)
    first = F.dropout(x, 0.5).detach().numpy()
    autograd.manual_seed(7)
    np.testing.assert_array_equal(F.dropout(x, 0.5).detach().numpy(), first)
    assert np.all(F.dropout(x, 1.0).detach().numpy() == 0)


def test_embedding_and_one_hot_hand_worked():
    layer = nn.Embedding(4, 2, padding_idx=0)
    np.testing.assert_array_equal(layer.weight.detach().numpy()[0], [0, 0])
    out = layer(autograd.tensor([[3, 0]]))
    np.testing.assert_array_equal(out.detach().numpy()[0], layer.weight.detach().numpy()[[3, 0]])
    np.testing.assert_array_equal(F.one_hot(autograd.tensor([2, 0]), 3).detach().numpy(), [[0, 0, 1], [1, 0, 0]])
    assert F.one_hot(autograd.tensor([1, 3])).shape == (2, 4) and F.one_hot(autograd.tensor([1])).dtype == np.int64


# ----- initialisation -----
def test_default_initialisation_bounds_and_reproducibility():
    autograd.manual_seed(0)
    conv = nn.Conv2d(4, 8, 3)
    bound = 1 / math.sqrt(4 * 9)
    assert np.abs(conv.weight.detach().numpy()).max() <= bound and np.abs(conv.bias.detach().numpy()).max() <= bound
    assert np.abs(conv.weight.detach().numpy()).max() > 0.9 * bound  # uses the range, not a narrower one
    linear = nn.Linear(50, 30)
    assert np.abs(linear.weight.detach().numpy()).max() <= 1 / math.sqrt(50)
    autograd.manual_seed(0)
    np.testing.assert_array_equal(nn.Conv2d(4, 8, 3).weight.detach().numpy(), conv.weight.detach().numpy())
    bn = nn.BatchNorm2d(3)
    np.testing.assert_array_equal(bn.weight.detach().numpy(), 1)
    np.testing.assert_array_equal(bn.bias.detach().numpy(), 0)


def test_initialisers_statistics():
    w = autograd.zeros(400, 300)
    nn.init.kaiming_normal_(w, nonlinearity="relu")
    assert abs(w.detach().numpy().std() - math.sqrt(2 / 300)) < 0.02 * math.sqrt(2 / 300)
    nn.init.xavier_uniform_(w)
    assert np.abs(w.detach().numpy()).max() <= math.sqrt(6 / 700)
    nn.init.xavier_normal_(w, gain=nn.init.calculate_gain("tanh"))
    assert abs(w.detach().numpy().std() - 5 / 3 * math.sqrt(2 / 700)) < 0.02 * math.sqrt(2 / 700) * 5 / 3
    nn.init.kaiming_uniform_(w, a=math.sqrt(5), mode="fan_out")
    assert np.abs(w.detach().numpy()).max() <= 1 / math.sqrt(400)
    assert np.all(nn.init.constant_(w, 0.5).detach().numpy() == 0.5) and np.all(nn.init.ones_(w).detach().numpy() == 1)
    assert np.all(nn.init.zeros_(w).detach().numpy() == 0)
    assert abs(nn.init.normal_(w, 2.0, 0.5).detach().numpy().mean() - 2.0) < 0.01
    assert nn.init.uniform_(w, -1, 1).detach().numpy().min() >= -1
    param = nn.Parameter(autograd.zeros(3, 3))
    nn.init.eye_(param)  # works on a parameter that requires grad: no recording
    np.testing.assert_array_equal(param.detach().numpy(), np.eye(3))
    with pytest.raises(ValueError, match="at least 2 dimensions"):
        nn.init.xavier_uniform_(autograd.zeros(3))


# ----- bad input -----
@pytest.mark.parametrize(
    "layer, shape, message",
    [
        (nn.Conv2d(3, 4, 3), (2, 1, 8, 8), r"Conv2d: expected input of shape \(N, 3, H, W\) or \(3, H, W\), got \(2,"),
        (nn.Conv2d(3, 4, 3), (8, 8), r"Conv2d: expected .* got \(8, 8\)"),
        (nn.Conv1d(2, 4, 3), (1, 2, 3, 3), r"Conv1d: expected input of shape \(N, 2, L\) or \(2, L\), got \(1, 2,"),
        (nn.Linear(3, 2), (4, 5), r"Linear: expected input of shape \(\*, 3\), got \(4, 5\)"),
        (nn.BatchNorm2d(3), (2, 3, 4), r"BatchNorm2d: expected input of shape \(N, 3, H, W\), got \(2, 3, 4\)"),
        (nn.BatchNorm1d(3), (2, 4), r"BatchNorm1d: expected input of shape \(N, 3\) or \(N, 3, L\), got \(2, 4\)"),
        (nn.MaxPool2d(2), (4, 4), r"max_pool2d: expected input of shape \(N, C, H, W\) or \(C, H, W\), got \(4, 4\)"),
        (nn.AvgPool2d(2), (1, 1, 1, 4, 4), r"avg_pool2d: expected .* got \(1, 1, 1, 4, 4\)"),
        (nn.LayerNorm(4), (2, 3), r"layer_norm: expected input of shape \(\*, 4\), got \(2, 3\)"),
    ],
)
def test_bad_input_names_the_layer_and_both_shapes(layer, shape, message):
    expected = ValueError if message.startswith("BatchNorm2d") else RuntimeError
    with pytest.raises(expected, match=message):  # (PyTorch's type)
        layer(autograd.zeros(*shape))


def test_other_bad_arguments():
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        nn.BatchNorm1d(2)(autograd.zeros(1, 2))
    with pytest.raises(ValueError, match="between 0 and 1"):
        nn.Dropout(1.5)
    with pytest.raises(IndexError, match="index 4 is out of range for a table of 4 rows"):
        nn.Embedding(4, 2)(autograd.tensor([1, 4]))
    with pytest.raises(RuntimeError, match=r"class 3 is out of range \[0, 2\]"):
        F.one_hot(autograd.tensor([3]), 3)
    with pytest.raises(ValueError, match="padding='same' needs stride 1"):
        nn.Conv2d(1, 1, 3, stride=2, padding="same")
    with pytest.raises(RuntimeError, match="smaller than or equal to half of kernel size"):
        F.max_pool2d(autograd.zeros(1, 1, 4, 4), 2, padding=2)


def test_grouped_convolution_is_separate_convolutions_per_group():
    rng = np.random.default_rng(0)
    x = autograd.tensor(rng.standard_normal((2, 4, 5, 5)), requires_grad=True)
    w = autograd.tensor(rng.standard_normal((6, 2, 3, 3)), requires_grad=True)
    grouped = nn.functional.conv2d(x, w, groups=2)
    halves = [nn.functional.conv2d(x[:, 2 * g : 2 * g + 2], w[3 * g : 3 * g + 3]) for g in range(2)]
    np.testing.assert_allclose(grouped.detach().numpy(), autograd.cat(halves, 1).detach().numpy(), rtol=1e-12)
    assert autograd.gradcheck(lambda x, w: nn.functional.conv2d(x, w, groups=2, padding=1), (x, w))
    assert nn.Conv2d(4, 8, 3, groups=4).weight.shape == (8, 1, 3, 3)


def test_bad_groups_are_refused():
    with pytest.raises(ValueError, match="in_channels must be divisible by groups"):
        nn.Conv2d(3, 4, 3, groups=2)
    with pytest.raises(ValueError, match="out_channels must be divisible by groups"):
        nn.Conv1d(4, 3, 3, groups=2)
    with pytest.raises(ValueError, match="groups must be a positive integer"):
        nn.Conv2d(4, 4, 3, groups=0)
    with pytest.raises(ValueError, match="groups must be a positive integer dividing"):
        nn.functional.conv2d(autograd.randn(1, 4, 3, 3), autograd.randn(3, 2, 1, 1), groups=2)
    with pytest.raises(RuntimeError, match=r"\(N, 4, H, W\)"):
        nn.functional.conv2d(autograd.randn(1, 3, 3, 3), autograd.randn(4, 2, 1, 1), groups=2)
    with pytest.raises(NotImplementedError, match="padding_mode"):
        nn.Conv2d(1, 1, 3, padding_mode="reflect")


def test_pooling_gradients_pass_gradcheck():
    rng = np.random.default_rng(0)
    x = autograd.tensor(rng.standard_normal((1, 2, 5, 5)), requires_grad=True)
    assert autograd.gradcheck(lambda x: F.max_pool2d(x, 3, 2, padding=1, ceil_mode=True), (x,))
    assert autograd.gradcheck(lambda x: F.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False), (x,))
    assert autograd.gradcheck(lambda x: F.adaptive_avg_pool2d(x, (2, 3)), (x,))
    assert autograd.gradgradcheck(lambda x: F.max_pool2d(x, 2), (x,))
    assert autograd.gradgradcheck(lambda x: F.adaptive_avg_pool2d(x, 3), (x,))


def test_adaptive_avg_pool2d_windows_by_hand():
    x = autograd.arange(5.0).reshape(1, 1, 1, 5)
    # three windows over 5 columns: [0, 2), [1, 4), [3, 5)
    np.testing.assert_allclose(F.adaptive_avg_pool2d(x, (1, 3)).numpy().ravel(), [0.5, 2.0, 3.5])


def test_pooling_refuses_bad_arguments():
    x = autograd.randn(1, 1, 4, 4)
    with pytest.raises(RuntimeError, match="pad should be smaller than or equal to half of kernel size"):
        F.max_pool2d(x, 2, padding=2)
    with pytest.raises(RuntimeError, match="must be positive"):
        F.avg_pool2d(x, 2, stride=0)
    with pytest.raises(RuntimeError, match="output would be empty"):
        F.max_pool2d(x, 5)
    with pytest.raises(ValueError, match="divisor_override must be non-zero"):
        F.avg_pool2d(x, 2, divisor_override=0)
    with pytest.raises(RuntimeError, match="output_size must be non-negative"):
        F.adaptive_avg_pool2d(x, -1)
    assert F.adaptive_avg_pool2d(x, (0, 2)).shape == (1, 1, 0, 2)  # (PyTorch's empty output)
    with pytest.raises(RuntimeError, match="expected input of shape"):
        F.adaptive_avg_pool2d(autograd.randn(4, 4), 2)
