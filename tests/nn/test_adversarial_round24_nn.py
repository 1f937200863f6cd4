"""The twenty-fourth adversarial pass's nn findings (hostile24d), against PyTorch."""
import types

import numpy as np
import pytest

import autograd
import nn

torch = pytest.importorskip("torch")
ours = types.SimpleNamespace(nn=nn, tensor=autograd.tensor, no_grad=autograd.no_grad, float32=autograd.float32,
                             ones=autograd.ones)

# Module methods a user's class may override with its own meaning or refuse: a forward must not call them
# (PyTorch's never does), whether the class is the module called or one of its children.
OVERRIDABLE = ["named_modules", "modules", "children", "named_children", "named_parameters", "parameters",
               "buffers", "named_buffers", "state_dict", "_get_name", "extra_repr", "__repr__", "train", "eval",
               "type", "to", "apply", "_apply", "zero_grad", "requires_grad_", "get_submodule", "load_state_dict"]


def _refusing(lib, method):
    """A Linear-holding module class whose `method` raises."""
    def refuse(self, *args, **kwargs):
        raise RuntimeError(f"{method} is not supported here")

    def init(self):
        lib.nn.Module.__init__(self)
        self.fc = lib.nn.Linear(2, 2)

    return type("Refusing", (lib.nn.Module,), {method: refuse, "__init__": init, "forward": lambda s, x: s.fc(x)})


def _wrapped(lib, inner_class):
    class Outer(lib.nn.Module):
        def __init__(self):
            super().__init__()
            self.inner = inner_class()
            self.twice = self.inner  # held twice: the first path names it

        def forward(self, x):
            return self.twice(self.inner(x).tanh())

    return Outer()


@pytest.mark.parametrize("method", OVERRIDABLE)
@pytest.mark.parametrize("where", ["root", "child"])
def test_forward_and_backward_call_no_overridable_module_method(method, where):
    weights = np.array([[0.5, -1.0], [2.0, 0.25]]), np.array([0.1, -0.2])
    outputs = []
    for lib in (torch, ours):
        inner = _refusing(lib, method)
        module = inner() if where == "root" else _wrapped(lib, inner)
        linear = module.fc if where == "root" else module.inner.fc
        with lib.no_grad():
            linear.weight.copy_(lib.tensor(weights[0], dtype=lib.float32))
            linear.bias.copy_(lib.tensor(weights[1], dtype=lib.float32))
        lib.nn.Module.register_forward_hook(linear, lambda m, args, out: out * 2)
        lib.nn.Module.register_full_backward_hook(linear, lambda m, gin, gout: None)
        x = lib.tensor([[1.0, -2.0], [0.5, 3.0]], requires_grad=True)
        y = module(x)
        y.pow(2).sum().backward()
        outputs.append((y.detach().numpy(), x.grad.numpy(), linear.weight.grad.numpy()))
    for got, expected in zip(outputs[1], outputs[0], strict=True):
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def test_a_module_whose_named_modules_means_something_else_runs_and_is_named_by_its_registered_children():
    class Leaves(nn.Module):
        def __init__(self):
            super().__init__()
            self.l = nn.Linear(2, 2)
            self.act = nn.ReLU()

        def named_modules(self, *args, **kwargs):
            return [self.l, self.act]  # a user's own meaning

        def forward(self, x):
            return self.act(self.l(x))

    out = Leaves()(autograd.ones(1, 2, requires_grad=True))
    assert out.grad_fn.scope == ("Leaves", "act: ReLU")
    assert out.grad_fn.next_functions[0][0].scope[-1] == "l: Linear"


def _namesakes():
    """(ours, PyTorch's) for every class nn.modules' submodules hold, by PyTorch's submodule and name."""
    return {f"{sub}.{name}": (cls, getattr(getattr(torch.nn.modules, sub), name))
            for sub in nn.modules.SUBMODULES for name, cls in vars(getattr(nn.modules, sub)).items()
            if isinstance(cls, type)}


def test_every_layer_class_has_pytorchs_class_relations():
    namesakes = _namesakes()
    assert {"batchnorm._NormBase", "dropout._DropoutNd", "padding._ConstantPadNd", "pooling._MaxPoolNd",
            "pooling._AvgPoolNd", "pooling._AdaptiveAvgPoolNd", "instancenorm._InstanceNorm"} <= set(namesakes)
    differences = [(a, b, issubclass(ours_a, ours_b)) for a, (ours_a, theirs_a) in namesakes.items()
                   for b, (ours_b, theirs_b) in namesakes.items()
                   if issubclass(ours_a, ours_b) != issubclass(theirs_a, theirs_b)]
    assert differences == []


@pytest.mark.parametrize("lazy, eager, shape", [("LazyBatchNorm1d", "BatchNorm1d", (4, 2)),
                                                ("LazyBatchNorm2d", "BatchNorm2d", (4, 2, 3, 3))])
def test_a_lazy_batch_norm_is_its_eager_class_only_after_its_first_forward(lazy, eager, shape):
    values = np.arange(np.prod(shape), dtype=np.float32).reshape(shape) / 7
    found = []
    for lib in (torch, ours):
        model = lib.nn.Sequential(getattr(lib.nn, lazy)())
        before = [isinstance(model[0], cls) for cls in (getattr(lib.nn, eager), lib.nn.modules.batchnorm._BatchNorm,
                                                        lib.nn.modules.lazy.LazyModuleMixin)]
        for module in model.modules():  # a slower momentum for the batch norms found by class, before the dry run
            if isinstance(module, getattr(lib.nn, eager)):
                module.momentum = 0.01
        model(lib.tensor(values))
        after = [isinstance(model[0], cls) for cls in (getattr(lib.nn, eager), lib.nn.modules.lazy.LazyModuleMixin)]
        found.append((before, after, type(model[0]).__name__, model[0].momentum,
                      model[0].running_mean.detach().numpy().copy()))
    assert found[1][:4] == found[0][:4] == ([False, True, True], [True, False], eager, 0.1)
    np.testing.assert_allclose(found[1][4], found[0][4], rtol=1e-6)


def test_instance_norm_is_no_batch_norm_so_freezing_batch_norms_leaves_it_training():
    values = np.arange(8, dtype=np.float32).reshape(1, 2, 4)
    outputs = []
    for lib in (torch, ours):
        model = lib.nn.Sequential(lib.nn.InstanceNorm1d(2, track_running_stats=True), lib.nn.BatchNorm1d(2))
        for module in model.modules():  # mmcv's norm_eval idiom
            if isinstance(module, lib.nn.modules.batchnorm._BatchNorm):
                module.eval()
        assert isinstance(model[0], lib.nn.modules.batchnorm._NormBase)
        outputs.append((model[0].training, model(lib.tensor(values)).detach().numpy()))
    assert outputs[1][0] is outputs[0][0] is True
    np.testing.assert_allclose(outputs[1][1], outputs[0][1], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("make", [
    lambda lib: lib.nn.ZeroPad1d(2), lambda lib: lib.nn.ZeroPad2d((1, 0, 2, 1)),
    lambda lib: lib.nn.ConstantPad1d(1, 2.5),
    lambda lib: lib.nn.ConstantPad2d((0, 1, 1, 0), -1.0), lambda lib: lib.nn.Dropout2d(0.3),
    lambda lib: lib.nn.Dropout(0.2, inplace=True), lambda lib: lib.nn.AvgPool1d(2), lambda lib: lib.nn.AvgPool2d(2),
    lambda lib: lib.nn.AdaptiveAvgPool2d((1, 2)), lambda lib: lib.nn.MaxPool1d(2, 1),
])
def test_the_layers_on_the_new_bases_keep_pytorchs_repr_and_values(make):
    values = np.arange(2 * 3 * 4 * 4, dtype=np.float32).reshape(2, 3, 4, 4) / 10
    results = []
    for lib in (torch, ours):
        module = make(lib).eval()
        x = lib.tensor(values[:, :, 0] if "1d" in type(module).__name__ else values)
        results.append((repr(module), getattr(module, "value", None), module(x).detach().numpy()))
    assert results[1][:2] == results[0][:2]
    np.testing.assert_allclose(results[1][2], results[0][2], rtol=1e-6)


def test_dropout_refuses_a_probability_outside_0_1_with_pytorchs_message():
    for make in (nn.Dropout, nn.Dropout2d):
        with pytest.raises(ValueError, match="^dropout probability has to be between 0 and 1, but got 1.5$"):
            make(1.5)


def _packed(lib, lengths, enforce_sorted=True):
    values = np.arange(4 * len(lengths) * 2, dtype=np.float32).reshape(4, len(lengths), 2) / 10
    return lib.nn.utils.rnn.pack_padded_sequence(lib.tensor(values), lengths, enforce_sorted=enforce_sorted)


PACKED_STATES = [  # (layer, lengths, enforce_sorted, the shape of h0 (and c0)): wrong for the packed batch
    ("RNN", [4, 2], True, (1, 1, 3)), ("RNN", [4, 2], True, (1, 3, 3)), ("GRU", [4, 2], True, (1, 4, 3)),
    ("RNN", [2, 4], False, (1, 1, 3)), ("RNN", [4, 2], True, (1, 2, 4)), ("RNN", [4, 2], True, (2, 3)),
    ("GRU", [4, 3, 1], True, (1, 1, 3)), ("LSTM", [4, 2], True, (1, 1, 3)), ("LSTM", [4, 2], True, (1, 3, 3)),
]


@pytest.mark.parametrize("layer, lengths, enforce_sorted, shape", PACKED_STATES)
def test_a_packed_rnn_refuses_a_state_of_another_batch_naming_both_shapes(layer, lengths, enforce_sorted, shape):
    for lib in (torch, ours):
        module = getattr(lib.nn, layer)(2, 3)
        state = lib.tensor(np.zeros(shape, dtype=np.float32))
        with pytest.raises(RuntimeError) as error:
            module(_packed(lib, lengths, enforce_sorted), (state, state) if layer == "LSTM" else state)
    expected = (1, len(lengths), 3)
    assert f"expected hidden state of shape {expected}, got {shape}" in str(error.value)


@pytest.mark.parametrize("layer, options, shape", [("RNN", {"num_layers": 2}, (1, 2, 3)),
                                                   ("GRU", {"bidirectional": True}, (1, 2, 3)),
                                                   ("LSTM", {"num_layers": 2}, (1, 2, 3))])
def test_a_packed_rnn_refuses_a_state_for_another_number_of_layers_naming_both_shapes(layer, options, shape):
    for lib in (torch, ours):
        module = getattr(lib.nn, layer)(2, 3, **options)
        state = lib.tensor(np.zeros(shape, dtype=np.float32))
        with pytest.raises(RuntimeError) as error:
            module(_packed(lib, [4, 2]), (state, state) if layer == "LSTM" else state)
    assert f"expected hidden state of shape (2, 2, 3), got {shape}" in str(error.value)


def test_a_packed_lstm_names_its_cell_state_and_refuses_a_bare_tensor_as_pytorch():
    lstm = nn.LSTM(2, 3)
    with pytest.raises(RuntimeError, match=r"expected cell state of shape \(1, 2, 3\), got \(1, 1, 3\)"):
        lstm(_packed(ours, [4, 2]), (autograd.zeros(1, 2, 3), autograd.zeros(1, 1, 3)))  # (PyTorch broadcasts it)
    for lib, module in ((torch, torch.nn.LSTM(2, 3)), (ours, lstm)):
        for shape in ((1, 3, 3), (2, 3, 3)):
            with pytest.raises(TypeError) as error:
                module(_packed(lib, [4, 2, 1]), lib.tensor(np.zeros(shape, dtype=np.float32)))
    assert f"got a Tensor of shape {shape}" in str(error.value)


@pytest.mark.parametrize("layer", ["RNN", "GRU", "LSTM"])
def test_an_unsorted_packed_batch_reads_the_first_columns_of_a_larger_state_as_pytorch(layer):
    results = []
    for lib in (torch, ours):
        torch.manual_seed(0)
        module = getattr(torch.nn, layer)(2, 3)
        if lib is ours:
            module, theirs = getattr(nn, layer)(2, 3), module
            module.load_state_dict({k: autograd.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})
        h0 = lib.tensor(np.arange(9, dtype=np.float32).reshape(1, 3, 3) / 10)
        output, final = module(_packed(lib, [2, 4], enforce_sorted=False), (h0, h0 * 2) if layer == "LSTM" else h0)
        final = final[0] if layer == "LSTM" else final
        results.append((output.data.detach().numpy(), final.detach().numpy()))
    for got, expected in zip(results[1], results[0], strict=True):
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("batch_first", [False, True])
def test_attention_names_a_key_batch_other_than_the_querys(batch_first):
    query, key = ((2, 3, 4), (1, 3, 4)) if batch_first else ((3, 2, 4), (3, 1, 4))
    for lib in (torch, ours):
        attention = lib.nn.MultiheadAttention(4, 2, batch_first=batch_first)
        with pytest.raises(RuntimeError) as error:
            attention(lib.ones(query), lib.ones(key), lib.ones(key))
    assert f"key and value have batch size 1, but query has 2 (query {query}, key {key}" in str(error.value)


@pytest.mark.parametrize("query, key, value", [((3, 2, 4), (3, 1, 4), (3, 2, 4)), ((3, 2, 4), (5, 2, 4), (4, 2, 4)),
                                               ((3, 4), (3, 1, 4), (3, 1, 4)), ((3, 2, 4), (3, 4), (3, 4)),
                                               ((3, 4), (5, 4), (4, 4))])
def test_attention_refuses_key_and_value_that_disagree_as_pytorch(query, key, value):
    for lib in (torch, ours):
        with pytest.raises(AssertionError) as error:
            lib.nn.MultiheadAttention(4, 2)(lib.ones(query), lib.ones(key), lib.ones(value))
    assert f"key shape {key} does not match value shape {value}" in str(error.value) or "-D tensors" in str(
        error.value)


def test_a_module_held_twice_is_named_by_its_first_path_in_named_modules_order():
    class Tied(nn.Module):
        def __init__(self):
            super().__init__()
            self.late = nn.Sequential(nn.Tanh())
            self.enc = nn.Sequential(nn.Linear(2, 2), self.late)
            self.dec = self.enc[0]  # held again, later

        def forward(self, x):
            return self.late(self.dec(self.enc(x)))

    model = Tied()
    out = model(autograd.ones(1, 2, requires_grad=True))
    first = {id(module): path for path, module in model.named_modules()}
    assert first[id(model.dec)] == "enc.0" and first[id(model.late)] == "late"
    tanh, linear = out.grad_fn, out.grad_fn.next_functions[0][0]
    inner_tanh = linear.next_functions[0][0]  # enc's own call of late: named by late's first path, not enc.1
    assert tanh.scope == ("Tied", "late: Sequential", "0: Tanh") and linear.scope == ("Tied", "enc.0: Linear")
    assert inner_tanh.scope == ("Tied", "enc: Sequential", "late: Sequential", "0: Tanh")


def test_a_deeply_nested_module_runs_and_names_its_innermost_layer():
    model = nn.Linear(2, 2)
    for _ in range(150):
        model = nn.Sequential(model)
    out = model(autograd.ones(1, 2, requires_grad=True))
    assert out.grad_fn.scope == ("Sequential",) + ("0: Sequential",) * 149 + ("0: Linear",)
