"""PyTorch as an oracle: the same weights in a torch layer and a glassgrad layer give the same
state_dict keys, outputs, input gradients and parameter gradients (and running statistics)."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
import nn

torch = pytest.importorskip("torch")


def compare(ours, theirs, *shape, train=True, index_input=None, steps=1):
    """Load theirs' weights into ours, run both on the same float64 input, compare everything."""
    theirs = theirs.double().train(train)
    ours = ours.double().train(train)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    ours.load_state_dict({key: value.numpy() for key, value in theirs.state_dict().items()})
    rng = np.random.default_rng(0)
    for _ in range(steps):
        if index_input is None:
            data = rng.standard_normal(shape)
            x_ours, x_theirs = autograd.tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)
        else:
            x_ours, x_theirs = autograd.tensor(index_input), torch.tensor(index_input)
        out_ours, out_theirs = ours(x_ours), theirs(x_theirs)
        np.testing.assert_allclose(out_ours.detach().numpy(), out_theirs.detach().numpy(), rtol=1e-9, atol=1e-10)
        seed = rng.standard_normal(out_theirs.shape)
        (out_ours * autograd.tensor(seed)).sum().backward()
        (out_theirs * torch.tensor(seed)).sum().backward()
    if index_input is None:
        np.testing.assert_allclose(x_ours.grad.numpy(), x_theirs.grad.numpy(), rtol=1e-8, atol=1e-10)
    named_theirs = dict(theirs.named_parameters())
    for name, param in ours.named_parameters():
        expected = named_theirs[name].grad.numpy()
        np.testing.assert_allclose(param.grad.numpy(), expected, rtol=1e-8, atol=1e-10, err_msg=name)
    for key, value in theirs.state_dict().items():
        np.testing.assert_allclose(ours.state_dict()[key].detach().numpy(), value.numpy(), rtol=1e-10, err_msg=key)


@given(
    in_channels=st.integers(1, 3), out_channels=st.integers(1, 3), kernel=st.integers(1, 3),
    stride=st.integers(1, 3), padding=st.integers(0, 2), dilation=st.integers(1, 2), bias=st.booleans(),
)
def test_conv2d(in_channels, out_channels, kernel, stride, padding, dilation, bias):
    args = (in_channels, out_channels, kernel)
    kwargs = dict(stride=stride, padding=padding, dilation=dilation, bias=bias)
    compare(nn.Conv2d(*args, **kwargs), torch.nn.Conv2d(*args, **kwargs), 2, in_channels, 7, 6)


@given(kernel=st.integers(1, 4), stride=st.integers(1, 2), padding=st.sampled_from([0, 1, "same", "valid"]))
def test_conv1d(kernel, stride, padding):
    if padding == "same":
        stride = 1
    args = (2, 3, kernel)
    kwargs = dict(stride=stride, padding=padding, dilation=2)
    compare(nn.Conv1d(*args, **kwargs), torch.nn.Conv1d(*args, **kwargs), 2, 2, 9)


@pytest.mark.parametrize(
    "ours, theirs, shape",
    [
        (nn.Linear(4, 3), torch.nn.Linear(4, 3), (2, 5, 4)),
        (nn.MaxPool2d(2), torch.nn.MaxPool2d(2), (2, 3, 6, 5)),
        (nn.MaxPool2d(3, 2, 1), torch.nn.MaxPool2d(3, 2, 1), (2, 2, 7, 6)),
        (nn.MaxPool2d(2, 1, 0, 2), torch.nn.MaxPool2d(2, 1, 0, 2), (1, 2, 5, 5)),
        (nn.AvgPool2d(2), torch.nn.AvgPool2d(2), (2, 3, 6, 5)),
        (nn.AvgPool2d(3, 2, 1), torch.nn.AvgPool2d(3, 2, 1), (2, 2, 7, 6)),
        (nn.LayerNorm((3, 4)), torch.nn.LayerNorm((3, 4)), (2, 3, 4)),
        (nn.LayerNorm(4, bias=False), torch.nn.LayerNorm(4, bias=False), (2, 4)),
        (nn.BatchNorm1d(4, bias=False), torch.nn.BatchNorm1d(4, bias=False), (3, 4)),
        (nn.Softmax(dim=1), torch.nn.Softmax(dim=1), (3, 4)),
        (nn.LogSoftmax(dim=1), torch.nn.LogSoftmax(dim=1), (3, 4)),
        (nn.Flatten(), torch.nn.Flatten(), (2, 3, 4)),
    ],
    ids=lambda value: type(value).__name__ if not isinstance(value, tuple) else str(value),
)
def test_layers(ours, theirs, shape):
    with torch.no_grad():
        for param in theirs.parameters():
            param.normal_()  # LayerNorm's default weight 1 and bias 0 would hide a mix-up
    compare(ours, theirs, *shape)


@pytest.mark.parametrize("momentum", [0.1, None])
@pytest.mark.parametrize("train", [True, False])
def test_batch_norm_2d_over_several_steps(momentum, train):
    ours, theirs = nn.BatchNorm2d(3, momentum=momentum), torch.nn.BatchNorm2d(3, momentum=momentum)
    compare(ours, theirs, 4, 3, 2, 3, train=train, steps=3)


def test_batch_norm_1d_both_ranks_and_without_running_stats():
    compare(nn.BatchNorm1d(3), torch.nn.BatchNorm1d(3), 5, 3, steps=2)
    compare(nn.BatchNorm1d(3), torch.nn.BatchNorm1d(3), 5, 3, 4, steps=2)
    kwargs = dict(affine=False, track_running_stats=False)
    compare(nn.BatchNorm1d(3, **kwargs), torch.nn.BatchNorm1d(3, **kwargs), 5, 3, train=False)


def test_embedding_with_padding():
    index = np.array([[0, 2, 2], [4, 0, 1]])
    compare(nn.Embedding(5, 3, padding_idx=2), torch.nn.Embedding(5, 3, padding_idx=2), index_input=index)


def test_lenet_state_dict_keys_and_training_step():
    def build(lib):
        return lib.Sequential(
            lib.Conv2d(1, 4, 3, padding=1), lib.BatchNorm2d(4), lib.ReLU(), lib.MaxPool2d(2),
            lib.Conv2d(4, 6, 3), lib.ReLU(), lib.AvgPool2d(2), lib.Flatten(), lib.Linear(6, 3), lib.Tanh(),
        )

    compare(build(nn), build(torch.nn), 3, 1, 8, 8, steps=2)


def test_repr_matches_pytorch():
    for make in [
        lambda lib: lib.Sequential(lib.Conv2d(1, 8, 3, stride=2, padding=1, dilation=2, bias=False), lib.ReLU()),
        lambda lib: lib.Conv1d(2, 4, 5, padding="same"),
        lambda lib: lib.BatchNorm2d(8),
        lambda lib: lib.BatchNorm1d(4, momentum=None, affine=False),
        lambda lib: lib.LayerNorm([3, 4]),
        lambda lib: lib.LayerNorm(3, bias=False),
        lambda lib: lib.BatchNorm2d(3, bias=False),
        lambda lib: lib.Embedding(10, 3, padding_idx=0),
        lambda lib: lib.ModuleList([lib.Dropout(0.2), lib.Softmax(dim=1), lib.Identity()]),
        lambda lib: lib.Sequential(lib.AvgPool2d(2, 1), lib.MaxPool2d(3, 1, 1), lib.Flatten(), lib.Linear(4, 2)),
    ]:
        assert repr(make(nn)) == repr(make(torch.nn))


@given(groups=st.sampled_from([1, 2, 3]), per_group_in=st.integers(1, 2), per_group_out=st.integers(1, 2),
       stride=st.integers(1, 2), padding=st.integers(0, 1), bias=st.booleans())
def test_grouped_conv2d(groups, per_group_in, per_group_out, stride, padding, bias):
    args = (groups * per_group_in, groups * per_group_out, 3)
    kwargs = dict(stride=stride, padding=padding, groups=groups, bias=bias)
    ours, theirs = nn.Conv2d(*args, **kwargs), torch.nn.Conv2d(*args, **kwargs)
    assert ours.weight.shape == tuple(theirs.weight.shape) and repr(ours) == repr(theirs)
    compare(ours, theirs, 2, groups * per_group_in, 6, 5)


def test_depthwise_conv1d_and_conv2d():
    compare(nn.Conv1d(4, 8, 3, groups=4), torch.nn.Conv1d(4, 8, 3, groups=4), 2, 4, 7)
    compare(nn.Conv2d(3, 3, 3, padding=1, groups=3), torch.nn.Conv2d(3, 3, 3, padding=1, groups=3), 3, 6, 6)


def test_functional_grouped_conv2d_matches_pytorch():
    rng = np.random.default_rng(3)
    x, w, b = rng.standard_normal((2, 4, 5, 5)), rng.standard_normal((6, 2, 2, 2)), rng.standard_normal(6)
    ours = nn.functional.conv2d(autograd.tensor(x), autograd.tensor(w), autograd.tensor(b), groups=2)
    theirs = torch.nn.functional.conv2d(torch.tensor(x), torch.tensor(w), torch.tensor(b), groups=2)
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-10)


def test_relu_inplace_overwrites_its_input_and_backpropagates_as_pytorch():
    data = np.random.default_rng(2).standard_normal((3, 4))
    results = []
    for lib, module in ((autograd, nn), (torch, torch.nn)):
        x = lib.tensor(data, requires_grad=True)
        hidden = x * 2
        out = module.ReLU(inplace=True)(hidden)
        assert out is hidden and repr(module.ReLU(inplace=True)) == "ReLU(inplace=True)"
        (out * out).sum().backward()
        results.append((hidden.detach().numpy(), x.grad.numpy()))
    for ours, theirs in zip(*results, strict=True):
        np.testing.assert_allclose(ours, theirs)
    assert repr(nn.ReLU()) == repr(torch.nn.ReLU()) == "ReLU()"


def test_dropout_inplace_overwrites_its_input_with_the_scaled_survivors():
    autograd.manual_seed(0)
    x = autograd.ones(200, 50, requires_grad=True)
    hidden = x * 1.0
    out = nn.Dropout(0.25, inplace=True)(hidden)
    assert out is hidden
    kept = out.detach().numpy()
    np.testing.assert_allclose(np.unique(kept), [0.0, 1 / 0.75], rtol=1e-6)
    assert abs((kept == 0).mean() - 0.25) < 0.02
    out.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), kept)  # d out / d x is the mask scaled by 1/(1 − p)
    theirs = torch.ones(3, 4) * 1.0
    assert torch.nn.Dropout(0.25, inplace=True)(theirs) is theirs  # the behaviour matched above
    assert repr(nn.Dropout(0.25, inplace=True)) == repr(torch.nn.Dropout(0.25, inplace=True))
