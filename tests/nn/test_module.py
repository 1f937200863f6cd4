"""Module, Parameter and the containers: registration, traversal, modes, state_dict, repr, scopes."""
import numpy as np
import pytest

import autograd
import nn
from autograd import scope


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(2, 3)
        self.bn = nn.BatchNorm1d(3)
        self.scale = nn.Parameter(autograd.ones(1))
        self.fc2 = nn.Linear(3, 1)

    def forward(self, x):
        return self.fc2(self.bn(self.fc1(x)).relu()) * self.scale


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Block()
        self.heads = nn.ModuleList([nn.Linear(1, 1), nn.Linear(1, 2)])

    def forward(self, x):
        h = self.encoder(x)
        return [head(h) for head in self.heads]


def test_parameter_is_a_tensor_that_requires_grad():
    p = nn.Parameter(autograd.zeros(2, 3))
    assert isinstance(p, autograd.Tensor) and p.requires_grad and p.is_leaf and p.shape == (2, 3)
    assert repr(p).startswith("Parameter containing:\ntensor(")
    assert not nn.Parameter(autograd.zeros(1), requires_grad=False).requires_grad


def test_named_parameters_follow_definition_order_with_dotted_names():
    names = [name for name, _ in Model().named_parameters()]
    assert names == [
        "encoder.scale",
        "encoder.fc1.weight", "encoder.fc1.bias",
        "encoder.bn.weight", "encoder.bn.bias",
        "encoder.fc2.weight", "encoder.fc2.bias",
        "heads.0.weight", "heads.0.bias", "heads.1.weight", "heads.1.bias",
    ]
    assert len(list(Model().parameters())) == len(names)


def test_shared_parameters_and_modules_are_listed_once():
    shared = nn.Linear(2, 2)
    model = nn.Sequential(shared, nn.ReLU(), shared)
    assert [name for name, _ in model.named_parameters()] == ["0.weight", "0.bias"]
    assert len(list(model.modules())) == 3  # Sequential, Linear, ReLU


def test_children_and_modules():
    model = Model()
    assert [name for name, _ in model.named_children()] == ["encoder", "heads"]
    assert [name for name, _ in model.named_modules()] == [
        "", "encoder", "encoder.fc1", "encoder.bn", "encoder.fc2", "heads", "heads.0", "heads.1"
    ]
    assert list(model.children())[0] is model.encoder


def test_buffers_are_saved_but_not_trained():
    model = Model()
    assert [name for name, _ in model.named_buffers()] == [
        "encoder.bn.running_mean", "encoder.bn.running_var", "encoder.bn.num_batches_tracked"
    ]
    assert all(not b.requires_grad for b in model.buffers())
    module = nn.Module()
    module.register_buffer("kept", autograd.zeros(2))
    module.register_buffer("scratch", autograd.zeros(2), persistent=False)
    assert list(module.state_dict()) == ["kept"]


def test_reassigning_replaces_the_registration():
    module = nn.Module()
    module.thing = nn.Linear(1, 1)
    module.thing = nn.Parameter(autograd.zeros(1))
    assert list(module._parameters) == ["thing"] and list(module._modules) == []
    with pytest.raises(TypeError, match="parameter 'thing'"):  # as in PyTorch: a module cannot replace a parameter
        module.thing = nn.Linear(1, 1)
    del module.thing
    assert not hasattr(module, "thing")


def test_assigning_before_super_init_is_a_clear_error():
    class Forgetful(nn.Module):
        def __init__(self):
            self.size = 1  # a plain attribute is fine
            self.fc = nn.Linear(self.size, 1)

    with pytest.raises(AttributeError, match="super\\(\\).__init__"):
        Forgetful()


def test_train_and_eval_reach_every_module():
    model = Model()
    assert all(m.training for m in model.modules())
    assert model.eval() is model
    assert not any(m.training for m in model.modules())
    model.train()
    assert all(m.training for m in model.modules())


def test_zero_grad_sets_none_or_zeros():
    model = Model()
    sum(out.sum() for out in model(autograd.randn(4, 2))).backward()
    assert all(p.grad is not None for p in model.parameters())
    held = [p.grad for p in model.parameters()]
    model.zero_grad(set_to_none=False)
    assert all(np.all(p.grad.numpy() == 0) for p in model.parameters())
    assert all(p.grad is grad for p, grad in zip(model.parameters(), held, strict=True))  # zeroed in place
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())


def test_zero_grad_without_set_to_none_cuts_a_recorded_grad_from_its_graph():
    """As PyTorch: a gradient computed with create_graph=True is detached, then zeroed in place."""
    layer = nn.Linear(2, 1)
    (layer(autograd.randn(3, 2, requires_grad=True)) ** 2).sum().backward(create_graph=True)
    assert layer.weight.grad.requires_grad
    layer.zero_grad(set_to_none=False)
    assert not layer.weight.grad.requires_grad and layer.weight.grad.grad_fn is None
    assert np.all(layer.weight.grad.numpy() == 0)


def test_state_dict_keys_values_and_round_trip():
    model, other = Model(), Model()
    state = model.state_dict()
    assert list(state)[:4] == ["encoder.scale", "encoder.fc1.weight", "encoder.fc1.bias", "encoder.bn.weight"]
    assert "encoder.bn.num_batches_tracked" in state and not state["encoder.fc1.weight"].requires_grad
    result = other.load_state_dict(state)
    assert result.missing_keys == [] and result.unexpected_keys == []
    for key, value in other.state_dict().items():
        np.testing.assert_array_equal(value.detach().numpy(), state[key].detach().numpy())


def test_load_state_dict_refusal_lists_every_problem_and_changes_nothing():
    model = Model()
    before = {key: value.detach().numpy().copy() for key, value in model.state_dict().items()}
    state = {key: value.detach().numpy() + 1 for key, value in Model().state_dict().items()}
    del state["encoder.fc2.bias"]
    state["encoder.extra"] = np.zeros(1)
    state["heads.1.weight"] = np.zeros((5, 5))
    with pytest.raises(RuntimeError) as error:
        model.load_state_dict(state)
    message = str(error.value)
    assert "missing keys: encoder.fc2.bias" in message
    assert "unexpected keys: encoder.extra" in message
    assert "heads.1.weight: checkpoint has shape (5, 5), the module (2, 1)" in message
    for key, value in model.state_dict().items():
        np.testing.assert_array_equal(value.detach().numpy(), before[key])


def test_load_state_dict_not_strict_loads_what_matches():
    model = nn.Linear(2, 1)
    result = model.load_state_dict({"weight": np.ones((1, 2)), "other": np.zeros(1)}, strict=False)
    assert result.missing_keys == ["bias"] and result.unexpected_keys == ["other"]
    np.testing.assert_array_equal(model.weight.detach().numpy(), np.ones((1, 2)))
    assert model.weight.dtype == np.float32
    with pytest.raises(RuntimeError, match="size mismatch"):
        model.load_state_dict({"weight": np.ones((2, 2))}, strict=False)


def test_repr_is_pytorchs_tree():
    model = nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8, 10, bias=False)
    )
    assert repr(model) == (
        "Sequential(\n"
        "  (0): Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))\n"
        "  (1): ReLU()\n"
        "  (2): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)\n"
        "  (3): Flatten(start_dim=1, end_dim=-1)\n"
        "  (4): Linear(in_features=8, out_features=10, bias=False)\n"
        ")"
    )
    nested = repr(nn.Sequential(nn.Sequential(nn.Tanh())))
    assert nested == "Sequential(\n  (0): Sequential(\n    (0): Tanh()\n  )\n)"


def test_apply_visits_children_first_then_self():
    visited = []
    model = nn.Sequential(nn.Linear(1, 1), nn.Sequential(nn.ReLU()))
    assert model.apply(lambda m: visited.append(type(m).__name__)) is model
    assert visited == ["Linear", "ReLU", "Sequential", "Sequential"]


def test_to_double_and_float_convert_parameters_and_buffers():
    model = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2)).double()
    assert all(t.dtype == np.float64 for t in model.parameters())
    assert model[1].running_mean.dtype == np.float64 and model[1].num_batches_tracked.dtype == np.int64
    model.float()
    assert all(t.dtype == np.float32 for t in model.parameters())
    assert model.to("cpu") is model


def test_containers_index_iterate_and_grow():
    seq = nn.Sequential(nn.Linear(1, 2), nn.ReLU(), nn.Linear(2, 1))
    assert len(seq) == 3 and isinstance(seq[-1], nn.Linear) and isinstance(seq[1:], nn.Sequential)
    assert [name for name, _ in seq[1:].named_children()] == ["1", "2"]
    layers = nn.ModuleList()
    layers.append(nn.Linear(1, 1))
    layers += [nn.Tanh()]
    layers.insert(0, nn.ReLU())
    assert [type(m).__name__ for m in layers] == ["ReLU", "Linear", "Tanh"]
    assert [name for name, _ in layers.named_parameters()] == ["1.weight", "1.bias"]


def test_calling_a_module_records_its_scope_on_every_op():
    model = Model()
    recorded = []
    original = nn.Linear.forward

    def spy(self, x):
        recorded.append(scope.current_scope())
        return original(self, x)

    nn.Linear.forward = spy
    try:
        model(autograd.randn(4, 2))
    finally:
        nn.Linear.forward = original
    assert recorded[0] == ("Model", "encoder: Block", "fc1: Linear")
    assert recorded[-1] == ("Model", "heads.1: Linear")  # a ModuleList is not called: its items sit under the
    # caller, named by their path from it as named_modules() gives it (heads.1, as its parameters heads.1.weight)
    out = nn.Sequential(nn.Linear(2, 2))(autograd.randn(1, 2, requires_grad=True))
    assert out.grad_fn.scope == ("Sequential", "0: Linear")


def test_to_takes_pytorchs_forms_and_refuses_other_devices():
    model = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))

    assert model.to(autograd.device("cpu")) is model and model.cpu() is model
    assert model.to(device="cpu", dtype=np.float64, non_blocking=True) is model
    assert model[0].weight.dtype == np.float64 and model[1].running_mean.dtype == np.float64
    model.to("cpu", np.float32)
    assert model[0].weight.dtype == np.float32
    model.to(autograd.zeros(1, dtype=autograd.float64))
    assert model[0].bias.dtype == np.float64
    assert model[1].num_batches_tracked.dtype == np.int64
    for device in ("cuda", autograd.device("cuda", 0), 0, "mps"):
        with pytest.raises(RuntimeError, match="CPU library"):
            model.to(device)
    with pytest.raises(TypeError, match="only accepts floating point dtypes"):
        model.to(np.int64)
