"""Lazy modules: uninitialised until the first forward, then the eager layer with PyTorch's shapes and
initialisation; an optimizer built before the dry run trains the materialised weights."""
import math

import numpy as np
import pytest

import autograd
import nn
import optim


def lenet_like():
    return nn.Sequential(
        nn.LazyConv2d(4, kernel_size=3, padding=1), nn.LazyBatchNorm2d(), nn.ReLU(), nn.Flatten(),
        nn.LazyLinear(8), nn.LazyBatchNorm1d(), nn.ReLU(), nn.LazyLinear(3),
    )


def test_before_the_first_forward_parameters_are_listed_but_have_no_shape():
    net = lenet_like()
    params = list(net.parameters())
    assert len(params) == 10 and all(isinstance(p, nn.UninitializedParameter) for p in params)
    assert isinstance(net[1].running_mean, nn.UninitializedBuffer)
    assert net[1].num_batches_tracked.item() == 0
    with pytest.raises(RuntimeError, match="dry run"):
        _ = params[0].shape
    with pytest.raises(RuntimeError, match="dry run"):
        params[0].numel()
    with pytest.raises(RuntimeError, match="dry run"):
        nn.init.xavier_uniform_(params[0])
    assert repr(net[4]) == "LazyLinear(in_features=0, out_features=8, bias=True)"
    assert repr(net[0]) == "LazyConv2d(0, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))"


def test_the_dry_run_infers_shapes_and_turns_each_module_into_its_eager_class():
    net = lenet_like()
    params_before = list(net.parameters())
    out = net(autograd.randn(2, 3, 5, 5))
    assert out.shape == (2, 3)
    assert [type(m) for m in net] == [
        nn.Conv2d, nn.BatchNorm2d, nn.ReLU, nn.Flatten, nn.Linear, nn.BatchNorm1d, nn.ReLU, nn.Linear,
    ]
    assert [p.shape for p in net.parameters()] == [(4, 3, 3, 3), (4,), (4,), (4,), (8, 100), (8,), (8,), (8,), (3, 8), (3,)]
    assert all(a is b and type(a) is nn.Parameter for a, b in zip(params_before, net.parameters(), strict=True))
    assert (net[0].in_channels, net[4].in_features, net[5].num_features) == (3, 100, 8)
    assert list(net.state_dict()) == [
        "0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked",
        "4.weight", "4.bias", "5.weight", "5.bias", "5.running_mean", "5.running_var", "5.num_batches_tracked",
        "7.weight", "7.bias",
    ]


def test_materialised_weights_get_pytorchs_default_initialisation():
    autograd.manual_seed(0)
    linear, conv, norm = nn.LazyLinear(200), nn.LazyConv2d(50, 3), nn.LazyBatchNorm2d()
    linear(autograd.randn(2, 400))
    conv(autograd.randn(1, 8, 5, 5))
    norm.eval()(autograd.randn(2, 6, 2, 2))
    for weight, fan_in in ((linear.weight, 400), (linear.bias, 400), (conv.weight, 72), (conv.bias, 72)):
        values, bound = weight.detach().numpy(), 1 / math.sqrt(fan_in)
        assert np.abs(values).max() <= bound and np.abs(values).max() > 0.9 * bound
    np.testing.assert_array_equal(norm.weight.detach().numpy(), np.ones(6))
    np.testing.assert_array_equal(norm.bias.detach().numpy(), np.zeros(6))
    np.testing.assert_array_equal(norm.running_var.numpy(), np.ones(6))


def test_apply_after_the_dry_run_sees_eager_classes_as_d2l_expects():
    net = nn.Sequential(nn.LazyLinear(4), nn.ReLU(), nn.LazyLinear(1))
    net(autograd.randn(3, 5))
    seen = []

    def init_weights(module):
        if type(module) is nn.Linear:
            nn.init.zeros_(module.weight)
            seen.append(module.in_features)

    net.apply(init_weights)
    assert seen == [5, 4]
    assert not net[0].weight.detach().numpy().any()


def test_an_optimizer_built_before_the_dry_run_trains_the_weights():
    autograd.manual_seed(1)
    net = nn.Sequential(nn.LazyLinear(1))
    opt = optim.SGD(net.parameters(), lr=0.1)
    x = autograd.randn(64, 2)
    y = x @ autograd.tensor([[2.0], [-1.0]]) + 0.5
    for _ in range(200):
        loss = ((net(x) - y) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    np.testing.assert_allclose(net[0].weight.detach().numpy(), [[2.0, -1.0]], atol=1e-3)
    np.testing.assert_allclose(net[0].bias.detach().numpy(), [0.5], atol=1e-3)


def test_lazy_options_are_kept_and_checked():
    linear = nn.LazyLinear(3, bias=False)
    linear(autograd.randn(2, 4))
    assert linear.bias is None and linear.weight.shape == (3, 4)
    conv = nn.LazyConv1d(4, 2, groups=2, bias=False)
    assert conv(autograd.randn(6, 5)).shape == (4, 4)  # unbatched: channels on axis 0
    assert conv.weight.shape == (4, 3, 2) and conv.in_channels == 6
    with pytest.raises(ValueError, match="divisible by groups"):
        nn.LazyConv2d(4, 3, groups=2)(autograd.randn(1, 3, 5, 5))
    with pytest.raises(ValueError, match="expected input of shape"):
        nn.LazyBatchNorm2d()(autograd.randn(2, 3))
    norm = nn.LazyBatchNorm1d(affine=False, track_running_stats=False)
    norm(autograd.randn(4, 3))
    assert list(norm.state_dict()) == [] and type(norm) is nn.BatchNorm1d


def test_float64_lazy_layers_pass_gradcheck():
    linear, conv = nn.LazyLinear(2, dtype=autograd.float64), nn.LazyConv2d(2, 2, dtype=autograd.float64)
    x = autograd.randn(3, 4, dtype=autograd.float64, requires_grad=True)
    image = autograd.randn(1, 2, 3, 3, dtype=autograd.float64, requires_grad=True)
    linear(x), conv(image)
    assert autograd.gradcheck(lambda x, w, b: linear(x), (x, linear.weight, linear.bias))
    assert autograd.gradcheck(lambda x, w, b: conv(x), (image, conv.weight, conv.bias))


def test_against_pytorch_after_materialisation():
    torch = pytest.importorskip("torch")
    ours = lenet_like()
    theirs = torch.nn.Sequential(
        torch.nn.LazyConv2d(4, kernel_size=3, padding=1), torch.nn.LazyBatchNorm2d(), torch.nn.ReLU(),
        torch.nn.Flatten(), torch.nn.LazyLinear(8), torch.nn.LazyBatchNorm1d(), torch.nn.ReLU(), torch.nn.LazyLinear(3),
    )
    assert list(ours.state_dict()) == list(theirs.state_dict())
    data = np.random.default_rng(0).standard_normal((2, 3, 5, 5)).astype(np.float32)
    ours(autograd.tensor(data)), theirs(torch.tensor(data, dtype=torch.float32))
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert [p.shape for p in ours.parameters()] == [tuple(p.shape) for p in theirs.parameters()]
    ours.load_state_dict({key: value.numpy() for key, value in theirs.state_dict().items()})
    x = np.random.default_rng(1).standard_normal((4, 3, 5, 5)).astype(np.float32)
    np.testing.assert_allclose(ours(autograd.tensor(x)).detach().numpy(), theirs(torch.tensor(x)).detach().numpy(), atol=1e-5)


def test_lazy_batch_norm_without_parameters_accepts_any_channel_count_later():
    """As PyTorch's: with nothing per channel to hold (no affine parameters, no running statistics), a later input
    may have another number of channels (num_features records the first input's; PyTorch leaves it at 0)."""
    norm = nn.LazyBatchNorm1d(affine=False, track_running_stats=False)
    norm(autograd.randn(4, 3))
    assert norm.num_features == 3
    assert norm(autograd.randn(4, 5)).shape == (4, 5)


def test_state_dict_and_loading_before_the_dry_run_are_clear_about_missing_shapes():
    linear = nn.LazyLinear(2)
    state = linear.state_dict()
    assert list(state) == ["weight", "bias"] and repr(state["weight"]) == "<UninitializedParameter>"
    with pytest.raises(RuntimeError, match="dry run"):
        np.asarray(state["weight"])


def test_loading_a_checkpoint_materialises_a_lazy_model_as_pytorch_does():
    """d2l's read-write chapter: clone = MLP() of LazyLinears; clone.load_state_dict(torch.load(...))."""
    torch = pytest.importorskip("torch")
    theirs = torch.nn.Sequential(torch.nn.LazyLinear(4), torch.nn.ReLU(), torch.nn.LazyLinear(2))
    x = np.random.default_rng(0).standard_normal((3, 5)).astype(np.float32)
    theirs(torch.tensor(x))
    state = {key: value.numpy() for key, value in theirs.state_dict().items()}
    clone, their_clone = (nn.Sequential(nn.LazyLinear(4), nn.ReLU(), nn.LazyLinear(2)),
                          torch.nn.Sequential(torch.nn.LazyLinear(4), torch.nn.ReLU(), torch.nn.LazyLinear(2)))
    clone.load_state_dict(state)
    their_clone.load_state_dict({key: torch.tensor(value) for key, value in state.items()})
    assert repr(clone.eval()) == repr(their_clone.eval())  # in_features stays 0, as PyTorch prints it
    assert [p.shape for p in clone.parameters()] == [tuple(p.shape) for p in their_clone.parameters()]
    out = clone(autograd.tensor(x)).detach().numpy()  # the first forward keeps the loaded values
    np.testing.assert_allclose(out, their_clone(torch.tensor(x)).detach().numpy(), atol=1e-6)
    np.testing.assert_allclose(out, theirs(torch.tensor(x)).detach().numpy(), atol=1e-6)
    # a deliberate difference: the first forward sets in_features (PyTorch leaves a loaded one at 0)
    assert type(clone[0]) is nn.Linear and repr(clone[0]) == "Linear(in_features=5, out_features=4, bias=True)"


def test_loaded_lazy_convolutions_and_batch_norms_run_as_pytorch():
    torch = pytest.importorskip("torch")
    def theirs_net():
        return torch.nn.Sequential(torch.nn.LazyConv2d(2, 3), torch.nn.LazyBatchNorm2d(), torch.nn.Flatten(),
                                   torch.nn.LazyLinear(3), torch.nn.LazyBatchNorm1d())
    theirs = theirs_net()
    x = np.random.default_rng(0).standard_normal((4, 3, 5, 5)).astype(np.float32)
    theirs(torch.tensor(x))
    state = {key: value.numpy() for key, value in theirs.eval().state_dict().items()}
    ours = nn.Sequential(nn.LazyConv2d(2, 3), nn.LazyBatchNorm2d(), nn.Flatten(), nn.LazyLinear(3), nn.LazyBatchNorm1d())
    ours.load_state_dict(state)
    their_clone = theirs_net()
    their_clone.load_state_dict({key: torch.tensor(value) for key, value in state.items()})
    np.testing.assert_allclose(ours.eval()(autograd.tensor(x)).detach().numpy(),
                               their_clone.eval()(torch.tensor(x)).detach().numpy(), atol=1e-5)


def test_a_loaded_lazy_layer_refuses_an_input_that_does_not_fit_its_weights():
    linear = nn.LazyLinear(2)
    linear.load_state_dict({"weight": np.ones((2, 3)), "bias": np.zeros(2)})
    with pytest.raises(RuntimeError, match=r"loaded tensor has shape \(2, 3\), but its first input needs \(2, 4\)"):
        linear(autograd.ones(1, 4))


def test_loading_into_a_lazy_model_still_checks_every_entry_first():
    linear = nn.LazyLinear(2)
    with pytest.raises(RuntimeError, match="missing keys: bias"):
        linear.load_state_dict({"weight": np.zeros((2, 3))})
    with pytest.raises(RuntimeError, match="dtype mismatch for weight"):
        linear.load_state_dict({"weight": np.zeros((2, 3), dtype=complex), "bias": np.zeros(2)})
    assert isinstance(linear.weight, nn.UninitializedParameter)  # nothing was loaded
    linear.load_state_dict({"weight": np.ones((2, 3)), "bias": np.zeros(2)})
    assert linear.weight.shape == (2, 3) and linear.weight.dtype == autograd.float32
    assert linear(autograd.ones(1, 3)).tolist() == [[3.0, 3.0]]


def test_saving_before_the_dry_run_is_refused_not_written_empty(tmp_path):
    model = nn.Sequential(nn.LazyLinear(3))
    with pytest.raises(ValueError, match="lazy module that has not run yet"):
        nn.save(model.state_dict(), tmp_path / "model.npz")
    assert not (tmp_path / "model.npz").exists()
