"""Issue 19, tenth adversarial pass (hostile10b, nn): each case gives PyTorch 2.13's result or its error type."""
import warnings

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F

torch = pytest.importorskip("torch")

LIBS = ((torch, torch.nn, torch.nn.functional), (autograd, nn, F))


def outcome(scenario, lib):
    """What `scenario(lib, lib_nn, lib_F)` gives: its result with tensors as arrays (None kept), or the error type."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = scenario(*lib)
    except Exception as error:  # the type is what is compared
        return type(error).__name__
    return _arrays(result)


def _arrays(value):
    if isinstance(value, (tuple, list)):
        return tuple(_arrays(v) for v in value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return np.asarray(value.detach().numpy())


def assert_same_as_torch(scenario, atol=1e-6):
    expected, got = (outcome(scenario, lib) for lib in LIBS)
    _assert_same(got, expected, atol)


def _assert_same(got, expected, atol):
    if isinstance(expected, tuple):
        assert isinstance(got, tuple) and len(got) == len(expected), (got, expected)
        for g, e in zip(got, expected, strict=True):
            _assert_same(g, e, atol)
    elif isinstance(expected, np.ndarray):
        assert isinstance(got, np.ndarray), (got, expected)
        assert got.dtype == expected.dtype and got.shape == expected.shape, (got, expected)
        np.testing.assert_allclose(got, expected, atol=atol)
    else:
        assert got == expected, (got, expected)


def fill(lib, module):
    """Give every parameter of `module` fixed values (the two libraries' random streams differ)."""
    with lib.no_grad():
        for parameter in module.parameters():
            shape = tuple(parameter.shape)
            values = np.linspace(-1.0, 1.5, int(np.prod(shape))).reshape(shape)
            parameter.copy_(lib.tensor(values.astype(str(parameter.dtype).replace("torch.", ""))))
    return module


# 1. An in-place change to a tensor that passed through a full backward hook is refused (it silently zeroed
#    every gradient through the module).

def _hooked_linear(lib_nn, pre=False):
    layer = lib_nn.Linear(2, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if pre:
            layer.register_full_backward_pre_hook(lambda module, grad_output: None)
        else:
            layer.register_full_backward_hook(lambda module, grad_input, grad_output: None)
    return layer


def _write_in_place(lib, y, how):
    if how == "mul_":
        y.mul_(2)
    elif how == "iadd":
        y += lib.ones(1, 2)
    elif how == "setitem":
        y[0, 0] = 5.0
    elif how == "view":
        y[0].add_(1)
    elif how == "no_grad":
        with lib.no_grad():
            y.mul_(2)
    elif how == "detach":
        y.detach().zero_()


@pytest.mark.parametrize("pre", [False, True])
@pytest.mark.parametrize("how", ["mul_", "iadd", "setitem", "view", "no_grad", "detach"])
def test_an_in_place_write_to_a_hooked_modules_output_is_refused(how, pre):
    def scenario(lib, lib_nn, lib_F):
        x = lib.ones(1, 2, requires_grad=True)
        y = _hooked_linear(lib_nn, pre)(x)
        _write_in_place(lib, y, how)
        y.sum().backward()
        return x.grad
    assert outcome(scenario, LIBS[0]) == "RuntimeError"
    assert_same_as_torch(scenario)


def test_the_refusal_says_what_to_do():
    y = _hooked_linear(nn)(autograd.ones(1, 2, requires_grad=True))
    y.mul_(2)
    with pytest.raises(RuntimeError, match=r"Output 0 of BackwardHookFunction.*modified inplace.*clon"):
        y.sum().backward()


def test_the_resnet_block_with_a_hook_on_its_batchnorm_is_refused():
    def scenario(lib, lib_nn, lib_F):
        conv, bn, relu = lib_nn.Conv2d(2, 2, 3, padding=1), lib_nn.BatchNorm2d(2), lib_nn.ReLU(inplace=True)
        bn.register_full_backward_hook(lambda module, grad_input, grad_output: None)
        x = lib.ones(1, 2, 4, 4, requires_grad=True)
        out = bn(conv(x))
        out += x
        relu(out).sum().backward()
        return conv.weight.grad
    assert_same_as_torch(scenario)


def test_an_in_place_activation_inside_a_hooked_module_is_refused():
    def scenario(lib, lib_nn, lib_F):
        relu = lib_nn.ReLU(inplace=True)
        relu.register_full_backward_hook(lambda module, grad_input, grad_output: None)
        x = lib.ones(1, 2, requires_grad=True)
        relu(x * 1).sum().backward()
        return x.grad
    assert_same_as_torch(scenario)


@pytest.mark.parametrize("pre", [False, True])
def test_a_hooked_output_changed_after_clone_keeps_its_gradients(pre):
    def scenario(lib, lib_nn, lib_F):
        layer = fill(lib, _hooked_linear(lib_nn, pre))
        x = lib.tensor([[1.0, -1.0]], requires_grad=True)
        y = layer(x).clone()
        y.mul_(2)
        y[0, 1] = 0.0
        y.sum().backward()
        return x.grad, layer.weight.grad, layer.bias.grad
    assert_same_as_torch(scenario)


def test_mixed_dtype_outputs_of_a_hooked_module_are_guarded_too():
    class TwoDtypes(nn.Module):
        def forward(self, x):
            return x * 2, (x * 3).double()
    module = TwoDtypes()
    module.register_full_backward_hook(lambda module, grad_input, grad_output: None)
    a, b = module(autograd.ones(2, requires_grad=True))
    b.add_(1)
    with pytest.raises(RuntimeError, match="Output 1 of BackwardHookFunction"):
        (a.sum() + b.sum()).backward()


# 2. A backward pre-hook that withholds grad_output leaves the parameters' gradients None (not zeros).

@pytest.mark.parametrize("input_requires_grad", [True, False])
def test_a_pre_hook_returning_none_leaves_none_gradients(input_requires_grad):
    def scenario(lib, lib_nn, lib_F):
        layer = lib_nn.Linear(2, 2)
        layer.register_full_backward_pre_hook(lambda module, grad_output: (None,))
        seen = []
        layer.register_full_backward_hook(lambda module, grad_input, grad_output: seen.append(grad_input + grad_output))
        x = lib.ones(1, 2, requires_grad=input_requires_grad)
        layer(x).sum().backward()
        return x.grad, layer.weight.grad, layer.bias.grad, tuple(seen)
    assert_same_as_torch(scenario)


def test_a_pre_hook_withholding_one_of_two_outputs():
    def scenario(lib, lib_nn, lib_F):
        class Split(lib_nn.Module):
            def __init__(self):
                super().__init__()
                self.a, self.b = lib_nn.Linear(2, 1), lib_nn.Linear(2, 1)

            def forward(self, x):
                return self.a(x), self.b(x)
        module = fill(lib, Split())
        module.register_full_backward_pre_hook(lambda module, grad_output: (None, grad_output[1]))
        x = lib.ones(1, 2, requires_grad=True)
        p, q = module(x)
        (p.sum() + q.sum()).backward()
        return x.grad, module.a.weight.grad, module.b.weight.grad
    assert_same_as_torch(scenario)


# 3. BatchNorm reads track_running_stats and its buffers at each call, as PyTorch does.

@pytest.mark.parametrize("built_tracking", [True, False])
@pytest.mark.parametrize("tracking", [True, False])
@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("momentum", [0.1, None])
def test_batch_norm_with_track_running_stats_changed_after_construction(built_tracking, tracking, training, momentum):
    def scenario(lib, lib_nn, lib_F):
        norm = lib_nn.BatchNorm1d(2, momentum=momentum, track_running_stats=built_tracking)
        norm.track_running_stats = tracking
        norm.train(training)
        x = lib.tensor([[1.0, 2.0], [3.0, 5.0], [-1.0, 0.5]], requires_grad=True)
        outputs = [norm(x), norm(x * 2)]
        (outputs[0].sum() + (outputs[1] ** 2).sum()).backward()
        return (*outputs, x.grad, norm.running_mean, norm.running_var, norm.num_batches_tracked)
    assert_same_as_torch(scenario, atol=1e-5)


def test_batch_norm_without_anything_per_channel_accepts_any_channel_count():
    def scenario(lib, lib_nn, lib_F):
        return lib_nn.BatchNorm1d(3, affine=False, track_running_stats=False)(lib.tensor([[1.0, 2.0], [3.0, 5.0]]))
    assert_same_as_torch(scenario)


# 4. float16 normalisation is computed in float32 and returns float16; other dtype mixes are refused.

@pytest.mark.parametrize("input_dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("parameter_dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("layer", ["layer_norm", "batch_norm", "batch_norm_eval", "BatchNorm1d", "LayerNorm"])
def test_normalisation_dtypes(input_dtype, parameter_dtype, layer):
    def scenario(lib, lib_nn, lib_F):
        x = lib.tensor([[300.0, -300.0, 2.0], [-250.0, 280.0, 1.0]]).to(getattr(lib, input_dtype))
        x.requires_grad_()
        p = getattr(lib, parameter_dtype)
        w, b = lib.tensor([1.0, 2.0, 0.5]).to(p), lib.tensor([0.0, 1.0, -1.0]).to(p)
        if layer == "layer_norm":
            y = lib_F.layer_norm(x, (3,), w, b)
        elif layer == "batch_norm":
            y = lib_F.batch_norm(x, lib.zeros(3, dtype=p), lib.ones(3, dtype=p), w, b, training=True)
        elif layer == "batch_norm_eval":
            y = lib_F.batch_norm(x, lib.tensor([1.0, -2.0, 0.0]).to(p), lib.tensor([4e4, 9e4, 2.0]).to(p), w, b)
        else:
            y = getattr(lib_nn, layer)(3).to(p)(x)
        y.sum().backward()
        return y, x.grad
    assert_same_as_torch(scenario, atol=2e-3)


@pytest.mark.parametrize("values", [[300.0, -300.0], [1e4, -1e4, 5.0], [0.1, 0.2, 0.3]])
def test_float16_statistics_do_not_overflow(values):
    def scenario(lib, lib_nn, lib_F):
        x = lib.tensor(values, dtype=lib.float16)
        column = x.reshape(-1, 1)
        return lib_F.layer_norm(x, (len(values),)), lib_F.batch_norm(column, None, None, training=True)
    assert_same_as_torch(scenario, atol=2e-3)


def test_a_long_float16_layer_norm():
    def scenario(lib, lib_nn, lib_F):
        return lib_F.layer_norm(lib.arange(5000).to(lib.float16), (5000,))[-1]
    assert_same_as_torch(scenario, atol=2e-3)


@pytest.mark.parametrize("loss", ["huber_loss", "smooth_l1_loss", "mse_loss", "l1_loss"])
@pytest.mark.parametrize("dtypes", [("float32", "float64"), ("float64", "float32"), ("float16", "float32"),
                                    ("float32", "float16"), ("float32", "int64")])
def test_regression_loss_result_dtypes(loss, dtypes):
    def scenario(lib, lib_nn, lib_F):
        x = lib.tensor([1.0, 2.5, -3.0]).to(getattr(lib, dtypes[0]))
        y = lib.tensor([3, 2, 1]).to(getattr(lib, dtypes[1]))
        return getattr(lib_F, loss)(x, y), getattr(lib_F, loss)(x, y, reduction="none")
    assert_same_as_torch(scenario, atol=1e-3)


@pytest.mark.parametrize("loss, parameter", [("huber_loss", "delta"), ("smooth_l1_loss", "beta")])
@pytest.mark.parametrize("threshold", [1.0, 0.5, 2.0])
def test_robust_losses_at_infinite_and_nan_input(loss, parameter, threshold):
    def scenario(lib, lib_nn, lib_F):
        x = lib.tensor([-float("inf"), float("inf"), 1.0, 1.2, 5.0, float("nan")], requires_grad=True)
        target = lib.tensor([1.0, 1.0, 1.0, 1.0, float("inf"), 0.0])
        y = getattr(lib_F, loss)(x, target, reduction="none", **{parameter: threshold})
        y[:5].sum().backward()
        return y, x.grad
    assert_same_as_torch(scenario)


def test_smooth_l1_with_beta_zero_at_infinite_input():
    def scenario(lib, lib_nn, lib_F):
        x = lib.tensor([-float("inf"), float("inf"), 0.5], requires_grad=True)
        lib_F.smooth_l1_loss(x, lib.tensor([1.0, 1.0, 1.0]), beta=0.0).backward()
        return x.grad
    assert_same_as_torch(scenario)


# 5. Linear with no input or no output features backpropagates (zeros), as PyTorch's.

@pytest.mark.parametrize("features", [(0, 3), (3, 0), (0, 0)])
@pytest.mark.parametrize("leading", [(2,), (), (2, 4), (0,)])
@pytest.mark.parametrize("bias", [True, False])
def test_linear_with_zero_features_backpropagates(features, leading, bias):
    def scenario(lib, lib_nn, lib_F):
        layer = fill(lib, lib_nn.Linear(*features, bias=bias))
        x = lib.ones(*leading, features[0], requires_grad=True)
        y = layer(x)
        (y * 2).sum().backward()
        return y, x.grad, layer.weight.grad, layer.bias.grad if bias else None
    assert_same_as_torch(scenario)


@pytest.mark.parametrize("shape", [(3, 0), (0, 3), (0,), (2, 0, 4)])
def test_an_empty_tensor_can_be_written_in_place(shape):
    def scenario(lib, lib_nn, lib_F):
        t = lib.zeros(*shape)
        t.copy_(lib.ones(*shape))
        t.add_(1)
        t.fill_(2.0)
        return t
    assert_same_as_torch(scenario)


# 6. Bad inputs raise PyTorch's error type (with our clear message).

def _dataset(lib, *tensors):
    return (torch.utils.data if lib is torch else nn.data).TensorDataset(*tensors)


BAD_INPUTS = {
    "conv channels": lambda lib, lib_nn, lib_F: lib_nn.Conv2d(3, 4, 3)(lib.zeros(2, 1, 8, 8)),
    "conv rank": lambda lib, lib_nn, lib_F: lib_nn.Conv2d(3, 4, 3)(lib.zeros(8, 8)),
    "conv1d rank": lambda lib, lib_nn, lib_F: lib_nn.Conv1d(2, 4, 3)(lib.zeros(1, 2, 3, 3)),
    "conv groups": lambda lib, lib_nn, lib_F: lib_F.conv2d(lib.zeros(1, 3, 3, 3), lib.zeros(4, 2, 1, 1), groups=2),
    "conv kernel too big": lambda lib, lib_nn, lib_F: lib_nn.Conv2d(1, 1, 5)(lib.zeros(1, 1, 4, 4)),
    "max pool rank": lambda lib, lib_nn, lib_F: lib_nn.MaxPool2d(2)(lib.zeros(4, 4)),
    "avg pool rank": lambda lib, lib_nn, lib_F: lib_nn.AvgPool2d(2)(lib.zeros(1, 1, 1, 4, 4)),
    "max pool padding": lambda lib, lib_nn, lib_F: lib_nn.MaxPool2d(2, padding=2)(lib.zeros(1, 1, 4, 4)),
    "avg pool padding": lambda lib, lib_nn, lib_F: lib_nn.AvgPool2d(3, padding=2)(lib.zeros(1, 1, 4, 4)),
    "max pool1d padding": lambda lib, lib_nn, lib_F: lib_nn.MaxPool1d(2, padding=2)(lib.zeros(1, 1, 4)),
    "max pool kernel too big": lambda lib, lib_nn, lib_F: lib_nn.MaxPool2d(5)(lib.zeros(1, 1, 4, 4)),
    "avg pool kernel too big": lambda lib, lib_nn, lib_F: lib_nn.AvgPool2d(5)(lib.zeros(1, 1, 4, 4)),
    "avg pool1d kernel too big": lambda lib, lib_nn, lib_F: lib_nn.AvgPool1d(5)(lib.zeros(1, 1, 4)),
    "adaptive rank": lambda lib, lib_nn, lib_F: lib_F.adaptive_avg_pool2d(lib.zeros(4, 4), 2),
    "adaptive negative": lambda lib, lib_nn, lib_F: lib_F.adaptive_avg_pool2d(lib.zeros(1, 1, 4, 4), (-1, 2)),
    "adaptive zero": lambda lib, lib_nn, lib_F: lib_nn.AdaptiveAvgPool2d((0, 2))(lib.ones(1, 1, 4, 4)),
    "adaptive zero width": lambda lib, lib_nn, lib_F: lib_nn.AdaptiveAvgPool2d((2, 0))(lib.ones(1, 1, 4, 4)),
    "layer norm shape": lambda lib, lib_nn, lib_F: lib_nn.LayerNorm(3)(lib.zeros(4, 2)),
    "layer norm weight shape": lambda lib, lib_nn, lib_F: lib_F.layer_norm(lib.zeros(4, 2), (2,), lib.ones(1)),
    "batch norm features": lambda lib, lib_nn, lib_F: lib_nn.BatchNorm1d(3)(lib.zeros(4, 2)),
    "batch norm rank": lambda lib, lib_nn, lib_F: lib_nn.BatchNorm2d(3)(lib.zeros(2, 3, 4)),
    "batch norm statistics": lambda lib, lib_nn, lib_F: lib_F.batch_norm(lib.zeros(4, 2), lib.zeros(3), lib.ones(3)),
    "batch norm eval without statistics": lambda lib, lib_nn, lib_F: lib_F.batch_norm(lib.zeros(4, 2), None, None),
    "batch norm one value": lambda lib, lib_nn, lib_F: lib_F.batch_norm(lib.zeros(1, 2), None, None, training=True),
    "gru empty": lambda lib, lib_nn, lib_F: lib_nn.GRU(2, 3)(lib.zeros(0, 1, 2)),
    "lstm empty batch first": lambda lib, lib_nn, lib_F: lib_nn.LSTM(2, 3, batch_first=True)(lib.zeros(1, 0, 2)),
    "rnn empty unbatched": lambda lib, lib_nn, lib_F: lib_nn.RNN(2, 3)(lib.zeros(0, 2)),
    "rnn dtype": lambda lib, lib_nn, lib_F: lib_nn.RNN(2, 3)(lib.zeros(4, 1, 2, dtype=lib.float64)),
    "gru float16": lambda lib, lib_nn, lib_F: lib_nn.GRU(2, 3)(lib.zeros(4, 1, 2, dtype=lib.float16)),
    "lstm dtype": lambda lib, lib_nn, lib_F: lib_nn.LSTM(2, 3).double()(lib.zeros(4, 2)),
    "tensor dataset sizes": lambda lib, lib_nn, lib_F: _dataset(lib, lib.zeros(3), lib.zeros(4)),
    "tensor dataset 0-d": lambda lib, lib_nn, lib_F: _dataset(lib, lib.tensor(1.0)),
    "one hot of floats": lambda lib, lib_nn, lib_F: lib_F.one_hot(lib.tensor([1.0, 2.0])),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_inputs_raise_pytorchs_error_type(case):
    scenario = BAD_INPUTS[case]
    expected, got = (outcome(lambda *lib: _shape_only(scenario(*lib)), lib) for lib in LIBS)
    assert got == expected


def _shape_only(result):
    return tuple(result.shape) if hasattr(result, "shape") else None


# 7. Saving into a missing folder names the user's path; a safetensors header may start with blanks.

def test_saving_into_a_missing_folder_names_the_users_path(tmp_path):
    path = str(tmp_path / "missing" / "model.pt")
    with pytest.raises(RuntimeError, match="Parent directory") as expected:
        torch.save({"a": torch.ones(2)}, path)
    with pytest.raises(type(expected.value), match=r"Parent directory .*missing does not exist") as ours:
        nn.save({"a": autograd.ones(2)}, path)  # (what torch.save is under glassgrad.install_as_torch)
    assert ".tmp" not in str(ours.value)
    assert not (tmp_path / "missing").exists()


def test_saving_where_no_file_can_be_created_names_the_users_path(tmp_path):
    folder = tmp_path / "a_file"
    folder.write_bytes(b"")
    with pytest.raises(RuntimeError, match="a_file does not exist"):
        nn.save({"a": autograd.ones(2)}, str(folder / "model.pt"))


@pytest.mark.parametrize("header", [b"   {}", b"{}   ", b"\n\t {} ", b' {"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}'])
def test_a_safetensors_header_may_start_with_blanks(tmp_path, header):
    safetensors_numpy = pytest.importorskip("safetensors.numpy")
    data = len(header).to_bytes(8, "little") + header + (np.float32(2.5).tobytes() if b'"a"' in header else b"")
    (tmp_path / "m.safetensors").write_bytes(data)
    expected = safetensors_numpy.load(data)
    loaded = nn.load(str(tmp_path / "m.safetensors"))
    assert sorted(loaded) == sorted(expected)
    for key in expected:
        np.testing.assert_array_equal(loaded[key].numpy(), expected[key])


@pytest.mark.parametrize("data", [b"hello world, a text", b"\x05\x00\x00\x00\x00\x00\x00\x00   []",
                                  b"\xff\x00\x00\x00\x00\x00\x00\x00   {}"])
def test_a_blank_after_the_length_is_still_checked(tmp_path, data):
    (tmp_path / "m.safetensors").write_bytes(data)
    with pytest.raises(ValueError, match="not a valid checkpoint"):
        nn.load(str(tmp_path / "m.safetensors"))


# 8. A parameter listed twice in a group: PyTorch warns and steps it at each place (state shared, SGD's
#    momentum buffer made afresh at each place on the first step); state_dict numbers it by its last place.

OPTIMIZERS = [("SGD", {"lr": 0.1}), ("SGD", {"lr": 0.1, "momentum": 0.9}),
              ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.1}), ("Adam", {"lr": 0.1}),
              ("AdamW", {"lr": 0.1, "amsgrad": True}), ("RMSprop", {"lr": 0.1, "momentum": 0.5, "centered": True}),
              ("Adagrad", {"lr": 0.1}), ("Adadelta", {"lr": 0.5})]


@pytest.mark.parametrize("name, options", OPTIMIZERS)
def test_a_parameter_listed_twice_is_stepped_twice_with_a_warning(name, options):
    def scenario(lib, lib_nn, lib_F):
        import optim
        optimizers = torch.optim if lib is torch else optim
        p = lib_nn.Parameter(lib.tensor([1.0, 2.0]))
        q = lib_nn.Parameter(lib.tensor([3.0]))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            optimizer = getattr(optimizers, name)([p, q, p], **options)
        messages = tuple(str(w.message).split(";")[0] for w in caught)
        for _ in range(3):
            optimizer.zero_grad()
            ((p ** 2).sum() + q.sum()).backward()
            optimizer.step()
        state = optimizer.state_dict()
        return p, q, messages, tuple(state["param_groups"][0]["params"]), tuple(sorted(state["state"]))
    assert outcome(scenario, LIBS[0])[2] == ("optimizer contains a parameter group with duplicate parameters",)
    assert_same_as_torch(scenario, atol=1e-5)


def test_a_parameter_in_two_groups_is_still_refused():
    import optim
    for optimizers, lib_nn, lib in ((torch.optim, torch.nn, torch), (optim, nn, autograd)):
        p = lib_nn.Parameter(lib.ones(2))
        with pytest.raises(ValueError, match="more than one parameter group"):
            optimizers.SGD([{"params": [p]}, {"params": [p]}], lr=0.1)


def test_a_state_dict_with_a_repeated_parameter_loads_back():
    import optim
    p = nn.Parameter(autograd.tensor([1.0, 2.0]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        first, second = (optim.Adam([p, p], lr=0.1) for _ in range(2))
    p.grad = autograd.ones(2)
    first.step()
    second.load_state_dict(first.state_dict())
    np.testing.assert_array_equal(second.state[p]["exp_avg"], first.state[p]["exp_avg"])
    q = nn.Parameter(autograd.ones(2))
    saved = first.state_dict()
    saved["param_groups"][0]["params"] = [0, 0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError, match="distinct for distinct parameters"):
            optim.Adam([p, q], lr=0.1).load_state_dict(saved)


# 9. Missing names: activations (functions and modules), group_norm.

ACTIVATION_INPUT = [-5.0, -3.0, -2.5, -1.0, -1e-3, 0.0, 1e-3, 0.5, 1.0, 2.0, 3.0, 4.0, 30.0, float("nan")]
ACTIVATIONS = [("mish", {}, "Mish"), ("hardswish", {}, "Hardswish"), ("hardsigmoid", {}, "Hardsigmoid"),
               ("celu", {}, "CELU"), ("celu", {"alpha": 0.5}, "CELU"), ("celu", {"alpha": -2.0}, "CELU"),
               ("selu", {}, "SELU"), ("softsign", {}, "Softsign"), ("tanhshrink", {}, "Tanhshrink"),
               ("threshold", {"threshold": 0.5, "value": -7.0}, "Threshold"),
               ("threshold", {"threshold": -3.0, "value": 2.0}, "Threshold")]


@pytest.mark.parametrize("name, options, module", ACTIVATIONS)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_activations_match_pytorch_with_their_gradients(name, options, module, dtype):
    def scenario(lib, lib_nn, lib_F):
        x = lib.tensor(ACTIVATION_INPUT, dtype=getattr(lib, dtype), requires_grad=True)
        y = getattr(lib_F, name)(x, **options)
        z = getattr(lib_nn, module)(*options.values())(x)
        (y * lib.arange(len(ACTIVATION_INPUT)).to(y.dtype)).sum().backward()
        return y, z, x.grad
    assert_same_as_torch(scenario, atol=1e-6)


@pytest.mark.parametrize("name, options, module", [a for a in ACTIVATIONS if a[0] not in ("softsign", "tanhshrink")
                                                    and a[1].get("alpha", 1) > 0])  # (PyTorch's celu_ refuses α < 0)
def test_activations_in_place(name, options, module):
    def scenario(lib, lib_nn, lib_F):
        x = lib.tensor(ACTIVATION_INPUT[:-1], requires_grad=True)
        h, k = x * 2, x * 3
        y = getattr(lib_F, name)(h, **options, inplace=True)
        z = getattr(lib_nn, module)(*options.values(), inplace=True)(k)
        (h.sum() + (k * k).sum()).backward()
        return y is h, z is k, h, k, x.grad
    assert_same_as_torch(scenario, atol=1e-5)


def test_activations_pass_gradcheck():
    x = autograd.tensor(np.array([-4.0, -2.9, -0.7, 0.3, 1.1, 2.9, 4.2]), requires_grad=True)
    for name, options, _ in ACTIVATIONS + [("glu", {}, None)]:
        function = getattr(F, name)
        cut = 6 if name == "glu" else None
        assert autograd.gradcheck(lambda t, f=function, o=options, n=cut: f(t[:n], **o), (x,))


@pytest.mark.parametrize("shape, dim", [((2, 4), -1), ((4, 3), 0), ((2, 6, 3), 1), ((3,), 0), ((2, 3), -1), ((), 0)])
def test_glu(shape, dim):
    def scenario(lib, lib_nn, lib_F):
        x = lib.tensor(np.linspace(-2, 3, int(np.prod(shape))).reshape(shape).astype("float32"), requires_grad=True)
        y = lib_F.glu(x, dim)
        (y * y).sum().backward()
        return y, lib_nn.GLU(dim)(x), x.grad
    assert_same_as_torch(scenario)


@pytest.mark.parametrize("shape, groups", [((2, 6, 3), 3), ((2, 6), 2), ((1, 4, 2, 3), 1), ((3, 4, 5), 4),
                                           ((2, 6, 3), 4), ((0, 4, 3), 2)])
@pytest.mark.parametrize("affine", [True, False])
@pytest.mark.parametrize("dtype", ["float32", "float16"])
def test_group_norm(shape, groups, affine, dtype):
    def scenario(lib, lib_nn, lib_F):
        values = np.linspace(-300, 250, int(np.prod(shape))).reshape(shape) ** 1.0
        x = lib.tensor(values.astype(dtype), requires_grad=True)
        channels = shape[1]
        w = lib.tensor(np.linspace(0.5, 2, channels).astype("float32"), requires_grad=True) if affine else None
        b = lib.tensor(np.linspace(-1, 1, channels).astype("float32"), requires_grad=True) if affine else None
        y = lib_F.group_norm(x, groups, w, b, eps=1e-5)
        (y.float() * lib.arange(y.numel()).reshape(y.shape)).sum().backward()
        x_grad = None if dtype == "float16" else x.grad  # (float16's is mostly rounding: its terms cancel)
        return y, x_grad, None if w is None else w.grad, None if b is None else b.grad
    assert_same_as_torch(scenario, atol=1e-3)  # (gradients reach 20; float32 rounds them differently by ~1e-5)


def test_group_norm_refuses_what_pytorch_refuses():
    for lib, lib_F in ((torch, torch.nn.functional), (autograd, F)):
        with pytest.raises(RuntimeError, match="divisible by num_groups"):
            lib_F.group_norm(lib.ones(2, 6, 3), 4)
        with pytest.raises(RuntimeError):
            lib_F.group_norm(lib.ones(2, 6, 3), 3, lib.ones(5))


# 9. Sequential's list methods and operators, a DataLoader iterator's len(), get_rng_state/set_rng_state.

def _names_and_kinds(sequential):
    return tuple((name, type(module).__name__) for name, module in sequential.named_children())


SEQUENTIAL_EDITS = {
    "insert": lambda s, lib_nn: s.insert(1, lib_nn.Tanh()),
    "insert at the end": lambda s, lib_nn: s.insert(3, lib_nn.Tanh()),
    "insert negative": lambda s, lib_nn: s.insert(-1, lib_nn.Tanh()),
    "insert most negative": lambda s, lib_nn: s.insert(-3, lib_nn.Tanh()),
    "insert out of range": lambda s, lib_nn: s.insert(4, lib_nn.Tanh()),
    "insert out of range negative": lambda s, lib_nn: s.insert(-4, lib_nn.Tanh()),
    "insert a non-module": lambda s, lib_nn: s.insert(0, 3),
    "pop": lambda s, lib_nn: (s.pop(1), s)[::-1],
    "pop negative": lambda s, lib_nn: (s.pop(-1), s)[::-1],
    "pop out of range": lambda s, lib_nn: s.pop(5),
    "extend": lambda s, lib_nn: s.extend([lib_nn.Tanh(), lib_nn.Sigmoid()]),
    "add": lambda s, lib_nn: s + lib_nn.Sequential(lib_nn.Tanh()),
    "add a list": lambda s, lib_nn: s + [lib_nn.Tanh()],
    "iadd": lambda s, lib_nn: s.__iadd__(lib_nn.Sequential(lib_nn.Tanh())),
    "mul": lambda s, lib_nn: s * 2,
    "rmul": lambda s, lib_nn: 2 * s,
    "mul zero": lambda s, lib_nn: s * 0,
    "mul float": lambda s, lib_nn: s * 2.0,
    "imul": lambda s, lib_nn: s.__imul__(3),
    "imul zero": lambda s, lib_nn: s.__imul__(0),
}


@pytest.mark.parametrize("edit", sorted(SEQUENTIAL_EDITS))
def test_sequential_list_methods(edit):
    def scenario(lib, lib_nn, lib_F):
        sequential = lib_nn.Sequential(lib_nn.Linear(2, 2), lib_nn.ReLU(), lib_nn.Sigmoid())
        result = SEQUENTIAL_EDITS[edit](sequential, lib_nn)
        results = result if isinstance(result, tuple) else (result,)
        return tuple(_names_and_kinds(r) if hasattr(r, "named_children") else r for r in results) + (
            _names_and_kinds(sequential),)
    assert_same_as_torch(scenario)


def test_sequential_repetition_shares_the_modules():
    layer = nn.Linear(2, 2)
    doubled = nn.Sequential(layer) * 2
    assert doubled[0] is layer and doubled[1] is layer and len(list(doubled.parameters())) == 2


@pytest.mark.parametrize("options", [{"batch_size": 3}, {"batch_size": 3, "drop_last": True}, {"batch_size": None},
                                     {"batch_size": 4, "shuffle": True}])
def test_a_dataloader_iterator_has_len(options):
    def scenario(lib, lib_nn, lib_F):
        data = torch.utils.data if lib is torch else nn.data
        loader = data.DataLoader(data.TensorDataset(lib.arange(10.0)), **options)
        iterator = iter(loader)
        lengths = [len(iterator)]
        first = next(iterator)
        lengths.append(len(iterator))  # (PyTorch's stays the loader's length)
        return tuple(lengths), len(list(iterator)) + 1, tuple(first[0].shape)
    assert_same_as_torch(scenario)


def test_get_and_set_rng_state_restore_the_stream():
    autograd.manual_seed(5)
    autograd.rand(3)
    state = autograd.get_rng_state()
    assert state.dtype == np.uint8 and state.ndim == 1
    first = [autograd.randn(4).numpy(), autograd.rand(2, 2).numpy(), nn.Linear(3, 2).weight.detach().numpy()]
    autograd.set_rng_state(state)
    again = [autograd.randn(4).numpy(), autograd.rand(2, 2).numpy(), nn.Linear(3, 2).weight.detach().numpy()]
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(autograd.randn(4).numpy(), first[0])


def test_set_rng_state_refuses_what_pytorch_refuses():
    for lib in (torch, autograd):
        with pytest.raises(TypeError):
            lib.set_rng_state(lib.zeros(3))
        with pytest.raises(TypeError):
            lib.set_rng_state([1, 2])
        with pytest.raises(RuntimeError, match="RNG state size"):
            lib.set_rng_state(lib.zeros(3, dtype=lib.uint8))


def test_rng_state_under_install_as_torch():
    import subprocess
    import sys
    program = ("import glassgrad; torch = glassgrad.install_as_torch(); torch.manual_seed(1); s = torch.get_rng_state();"
               "a = torch.randn(3); torch.set_rng_state(s); print(torch.equal(a, torch.randn(3)))")
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.strip() == "True"
