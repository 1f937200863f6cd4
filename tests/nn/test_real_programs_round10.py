"""hostile10c's findings on real PyTorch programs: module constructors take device= and dtype= (and every
argument) in PyTorch's positional order, Embedding's max_norm, messages for missing names under torch.nn /
torch.optim, and the layers real programs reached for (checked against PyTorch given the same weights)."""
import inspect
import warnings

import numpy as np
import pytest

import autograd
import nn

torch = pytest.importorskip("torch")

# PyTorch declares these with (*args, **kwargs) and forwards to RNNBase(mode, input_size, hidden_size, ...)
RNN_BASE = ["input_size", "hidden_size", "num_layers", "bias", "batch_first", "dropout", "bidirectional",
            "proj_size", "device", "dtype"]
EXPECTED_BY_HAND = {"LSTM": RNN_BASE, "GRU": RNN_BASE, "RNN": RNN_BASE[:3] + ["nonlinearity"] + RNN_BASE[3:]}


def _module_names():
    return sorted(name for name in dir(nn) if isinstance(getattr(nn, name), type)
                  and issubclass(getattr(nn, name), nn.Module)
                  and isinstance(getattr(torch.nn, name, None), type))


def _parameters(cls):
    return [(p.name, p.kind, p.default) for p in inspect.signature(cls.__init__).parameters.values()][1:]


@pytest.mark.parametrize("name", _module_names())
def test_every_module_constructor_has_pytorchs_signature(name):
    """Names, order, kinds (positional or keyword-only) and defaults of every constructor argument."""
    ours, theirs = _parameters(getattr(nn, name)), _parameters(getattr(torch.nn, name))
    if [kind for _, kind, _ in theirs] == [inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD]:
        if name in EXPECTED_BY_HAND:
            assert [n for n, _, _ in ours] == EXPECTED_BY_HAND[name]
        else:  # Module's own (*args, **kwargs), which refuses any argument
            assert ours in ([], theirs)
        return
    assert [(n, kind) for n, kind, _ in ours] == [(n, kind) for n, kind, _ in theirs]
    for (n, _, mine), (_, _, their) in zip(ours, theirs, strict=True):
        if callable(their):  # a default activation: the same function of each library
            assert mine.__name__ == their.__name__, n
        elif not isinstance(their, torch.dtype):
            assert mine == their, n


def test_the_walk_covers_the_modules_the_report_named():
    names = _module_names()
    for name in ("Linear", "Conv2d", "LayerNorm", "BatchNorm1d", "MultiheadAttention", "LSTM", "LSTMCell",
                 "GRUCell", "Embedding", "CrossEntropyLoss"):
        assert name in names


@pytest.mark.parametrize("name, args", [
    ("Linear", (3, 4)), ("Conv1d", (2, 3, 3)), ("Conv2d", (2, 3, 3)), ("ConvTranspose2d", (2, 3, 3)),
    ("LayerNorm", (4,)), ("BatchNorm1d", (4,)), ("BatchNorm2d", (4,)), ("MultiheadAttention", (4, 2)),
    ("LSTM", (3, 4)), ("GRU", (3, 4)), ("RNN", (3, 4)), ("LSTMCell", (3, 4)), ("GRUCell", (3, 4)),
    ("RNNCell", (3, 4)), ("Embedding", (5, 3)), ("LazyLinear", (4,)), ("LazyConv2d", (3, 3)),
    ("LazyBatchNorm1d", ()),
])
def test_device_cpu_and_dtype_are_taken_by_keyword(name, args):
    for device in ("cpu", autograd.device("cpu"), None):
        module = getattr(nn, name)(*args, device=device, dtype=autograd.float64)
        theirs = getattr(torch.nn, name)(*args, device="cpu", dtype=torch.float64)
        ours = dict(module.named_parameters())
        assert sorted(ours) == sorted(dict(theirs.named_parameters()))
        assert all(p.dtype == autograd.float64 for p in ours.values())
    with pytest.raises(RuntimeError, match="CPU library"):
        getattr(nn, name)(*args, device="cuda")


def test_positional_device_and_dtype_in_pytorchs_order():
    linear = nn.Linear(3, 4, True, "cpu", autograd.float64)  # pytorch/examples mnist_forward_forward's call
    assert linear.weight.dtype == autograd.float64 and linear.bias is not None
    assert nn.Linear(3, 4, True, None, None).weight.dtype == autograd.float32
    norm = nn.BatchNorm1d(4, 1e-5, 0.1, True, True, "cpu", autograd.float64)
    assert norm.running_mean.dtype == autograd.float64
    lstm = nn.LSTM(3, 4, 1, True, False, 0.0, False, 0, "cpu", autograd.float64)
    assert all(p.dtype == autograd.float64 for p in lstm.parameters())
    rnn = nn.RNN(3, 4, 1, "relu", True, False, 0.0, False, 0, None, autograd.float64)
    assert rnn.nonlinearity == "relu" and rnn.weight_ih_l0.dtype == autograd.float64
    assert nn.GRUCell(3, 4, True, "cpu", autograd.float64).weight_hh.dtype == autograd.float64
    with pytest.raises(ValueError, match="proj_size"):
        nn.GRU(3, 4, 1, True, False, 0.0, False, 2)


def test_float64_lstm_matches_torch_given_the_same_weights():
    ours, theirs = nn.LSTM(3, 4, 2, dtype=autograd.float64), torch.nn.LSTM(3, 4, 2, dtype=torch.float64)
    ours.load_state_dict({k: autograd.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})
    x = np.random.default_rng(0).standard_normal((5, 2, 3))
    out, _ = ours(autograd.tensor(x))
    expected, _ = theirs(torch.tensor(x))
    assert out.dtype == autograd.float64
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=1e-12, atol=1e-12)


def test_legacy_loss_arguments_sit_in_pytorchs_places_and_are_refused():
    assert nn.CrossEntropyLoss(None, None, 3).ignore_index == 3  # (weight, size_average, ignore_index)
    for make in (lambda: nn.MSELoss(False), lambda: nn.NLLLoss(None, None, -100, False), lambda: nn.L1Loss(reduce=False)):
        with pytest.raises(TypeError, match="reduction"):
            make()
    with pytest.raises(TypeError):
        nn.GaussianNLLLoss(True)  # keyword-only in PyTorch


def test_hardtanh_reads_the_deprecated_names():
    with pytest.warns(FutureWarning, match="min_value"):
        ours = nn.Hardtanh(min_value=-2.0, max_value=0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = torch.nn.Hardtanh(min_value=-2.0, max_value=0.5)
    x = np.linspace(-3, 3, 7, dtype=np.float32)
    np.testing.assert_array_equal(ours(autograd.tensor(x)).numpy(), theirs(torch.tensor(x)).numpy())


# ----- Embedding: every argument of PyTorch's -----

def _embedding_pair(*args, **kwargs):
    theirs = torch.nn.Embedding(*args, **kwargs)
    ours = nn.Embedding(*args, **kwargs)
    ours.load_state_dict({"weight": autograd.tensor(theirs.weight.detach().numpy())})
    return ours, theirs


@pytest.mark.parametrize("max_norm, norm_type", [(1.0, 2.0), (0.5, 1.0), (2.0, 3.0), (0.3, float("inf"))])
def test_embedding_max_norm_renormalises_the_rows_looked_up_as_pytorch(max_norm, norm_type):
    ours, theirs = _embedding_pair(6, 4, None, max_norm, norm_type)
    index = np.array([[0, 2, 2], [5, 0, 1]])
    out = ours(autograd.tensor(index))
    expected = theirs(torch.tensor(index))
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=1e-6)
    np.testing.assert_allclose(ours.weight.detach().numpy(), theirs.weight.detach().numpy(), rtol=1e-6)
    out.sum().backward()
    expected.sum().backward()
    np.testing.assert_allclose(ours.weight.grad.numpy(), theirs.weight.grad.numpy())


def test_embedding_takes_max_norm_positionally_and_from_pretrained_shares_the_tensor():
    ours = nn.Embedding(10, 4, None, 1.0)  # hostile10c's finding 5: 1.0 reached dtype
    assert ours.max_norm == 1.0 and repr(ours) == repr(torch.nn.Embedding(10, 4, None, 1.0))
    table = autograd.randn(3, 2)
    pretrained = nn.Embedding.from_pretrained(table, max_norm=0.5)
    pretrained(autograd.tensor([0, 1]))
    assert np.all(np.linalg.norm(table.numpy()[:2], axis=1) <= 0.5 + 1e-6)  # renormalised in place, shared


def test_embedding_weight_and_freeze_arguments():
    weight = autograd.randn(4, 3)
    layer = nn.Embedding(4, 3, _weight=weight, _freeze=True)
    assert not layer.weight.requires_grad
    np.testing.assert_array_equal(layer.weight.detach().numpy(), weight.numpy())
    with pytest.raises(AssertionError, match="Shape of weight"):
        nn.Embedding(5, 3, _weight=weight)


@pytest.mark.parametrize("kwargs", [{"sparse": True}, {"scale_grad_by_freq": True}])
def test_embedding_refuses_sparse_and_scale_grad_by_freq_clearly(kwargs):
    with pytest.raises(NotImplementedError, match="not supported"):
        nn.Embedding(4, 3, **kwargs)
    with pytest.raises(NotImplementedError, match="not supported"):
        nn.functional.embedding(autograd.tensor([0]), autograd.randn(4, 3), **kwargs)


# ----- install_as_torch: a name glassgrad lacks under torch.nn, torch.optim, ... -----

def test_a_missing_name_under_a_torch_submodule_says_glassgrad_lacks_it():
    """Run in a fresh interpreter: this process has imported the real torch (the oracle)."""
    import subprocess
    import sys
    import textwrap
    from pathlib import Path
    code = textwrap.dedent("""
        import glassgrad
        glassgrad.install_as_torch()
        import torch, torch.nn.functional as F
        for parent, name in ((torch.nn, "NoSuchLayer"), (F, "no_such_function"), (torch.optim, "NoSuchOptimizer"),
                             (torch.utils.data, "NoSuchLoader"), (torch.nn.init, "no_such_init_"),
                             (torch.optim.lr_scheduler, "NoSuchLR"), (torch.cuda, "no_such_call"),
                             (torch.autograd, "no_such_thing"), (torch.utils, "no_such_module")):
            try:
                getattr(parent, name)
            except AttributeError as error:
                assert "glassgrad standing in for PyTorch" in str(error), error
                assert f"glassgrad does not provide torch." in str(error) and f".{name}" in str(error), error
                assert "module 'nn" not in str(error) and "module 'optim" not in str(error), error
            else:
                raise AssertionError(name)
        assert torch.cuda.is_available() is False and hasattr(torch.nn, "Linear") and not hasattr(torch.nn, "Nope")
        print("ok")
    """)
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


# ----- Tensor's device flags -----

def test_tensor_device_flags_are_pytorchs_for_a_cpu_tensor():
    ours, theirs = autograd.ones(2), torch.ones(2)
    flags = [name for name in dir(theirs) if name.startswith("is_") and not callable(getattr(theirs, name))
             and name != "is_leaf"]
    assert "is_xpu" in flags and "is_cuda" in flags
    for name in flags:
        assert getattr(ours, name) is getattr(theirs, name), name


# ----- interpolate / Upsample, pixel_shuffle, padding layers -----

SCALES = [{"scale_factor": 2}, {"scale_factor": 1.5}, {"scale_factor": 0.5}, {"scale_factor": 2.3},
          {"scale_factor": 1.2}, {"size": 7}, {"size": 3}, {"scale_factor": 0.7, "recompute_scale_factor": True},
          {"scale_factor": (2, 0.6)}, {"size": (4, 9)}]


def _same_interpolation(x, mode, align_corners, kwargs, check_grad=True):
    ours_x, their_x = autograd.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    expected = torch.nn.functional.interpolate(their_x, mode=mode, align_corners=align_corners, **kwargs)
    out = nn.functional.interpolate(ours_x, mode=mode, align_corners=align_corners, **kwargs)
    assert tuple(out.shape) == tuple(expected.shape)
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=1e-5, atol=1e-6)
    if check_grad:
        upstream = np.random.default_rng(1).standard_normal(tuple(expected.shape)).astype(x.dtype)
        expected.backward(torch.tensor(upstream))
        out.backward(autograd.tensor(upstream))
        np.testing.assert_allclose(ours_x.grad.numpy(), their_x.grad.numpy(), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("kwargs", SCALES)
@pytest.mark.parametrize("mode, align_corners", [("nearest", None), ("nearest-exact", None), ("bilinear", None),
                                                 ("bilinear", False), ("bilinear", True), ("area", None)])
def test_interpolate_2d_matches_torch(mode, align_corners, kwargs):
    x = np.random.default_rng(0).standard_normal((2, 3, 4, 5)).astype(np.float32)
    _same_interpolation(x, mode, align_corners, kwargs)


@pytest.mark.parametrize("kwargs", [{"scale_factor": 2}, {"scale_factor": 1.5}, {"scale_factor": 0.6}, {"size": 9},
                                    {"scale_factor": 1.2}])
@pytest.mark.parametrize("shape, mode, align_corners", [
    ((2, 3, 4), "nearest", None), ((2, 3, 4), "linear", None), ((2, 3, 4), "linear", True),
    ((1, 2, 3, 4, 5), "nearest", None), ((1, 2, 3, 4, 5), "trilinear", False), ((1, 2, 3, 4, 5), "trilinear", True),
])
def test_interpolate_1d_and_3d_match_torch(shape, mode, align_corners, kwargs):
    x = np.random.default_rng(0).standard_normal(shape)  # float64 too
    unchanged_axis = any(int(n * kwargs.get("scale_factor", 0)) == n for n in shape[2:])
    # (PyTorch's 1-D/3-D nearest backward copies an unchanged axis its forward resampled: the gradient of
    # glassgrad's forward is checked against finite differences below instead)
    _same_interpolation(x, mode, align_corners, kwargs, check_grad=not (mode == "nearest" and unchanged_axis))


def test_interpolate_gradient_is_that_of_its_forward():
    x = autograd.tensor(np.random.default_rng(2).standard_normal((1, 2, 4, 3)), requires_grad=True)
    for mode, corners in (("bilinear", False), ("bilinear", True), ("nearest", None)):
        assert autograd.gradcheck(lambda t, m=mode, c=corners: nn.functional.interpolate(
            t, scale_factor=1.7, mode=m, align_corners=c), (x,))


@pytest.mark.parametrize("call, error", [
    (lambda F, x: F.interpolate(x, scale_factor=2, mode="linear"), NotImplementedError),
    (lambda F, x: F.interpolate(x, scale_factor=2, align_corners=True), ValueError),
    (lambda F, x: F.interpolate(x), ValueError),
    (lambda F, x: F.interpolate(x, size=3, scale_factor=2), ValueError),
    (lambda F, x: F.interpolate(x, size=(3, 4, 5)), ValueError),
    (lambda F, x: F.interpolate(x[0, 0], size=3), NotImplementedError),
    (lambda F, x: F.pixel_shuffle(x, 3), RuntimeError),
    (lambda F, x: F.pixel_unshuffle(x, 3), RuntimeError),
])
def test_resampling_refuses_what_torch_refuses(call, error):
    x = np.zeros((1, 4, 4, 4), dtype=np.float32)
    with pytest.raises(error):
        call(torch.nn.functional, torch.tensor(x))
    with pytest.raises(error):
        call(nn.functional, autograd.tensor(x))


@pytest.mark.parametrize("name, args, shape", [
    ("Upsample", ({"scale_factor": 2},), (1, 2, 3, 4)),
    ("Upsample", ({"size": (5, 7), "mode": "bilinear", "align_corners": True},), (1, 2, 3, 4)),
    ("UpsamplingNearest2d", ({"scale_factor": 2},), (1, 2, 3, 4)),
    ("UpsamplingBilinear2d", ({"size": 5},), (1, 2, 3, 4)),
    ("PixelShuffle", (2,), (2, 8, 3, 4)), ("PixelUnshuffle", (2,), (2, 3, 4, 6)), ("PixelShuffle", (2,), (8, 3, 4)),
    ("ReflectionPad2d", (2,), (1, 2, 4, 5)), ("ReflectionPad2d", ((1, 2, 0, 3),), (2, 4, 5)),
    ("ReplicationPad2d", ((3, 0, 1, 2),), (1, 2, 4, 5)), ("ZeroPad2d", (1,), (1, 2, 4, 5)),
    ("ConstantPad2d", ((1, 0, 2, 1), 3.5), (1, 2, 4, 5)), ("ReflectionPad1d", (2,), (1, 2, 5)),
    ("ReplicationPad1d", ((0, 3),), (2, 5)), ("ConstantPad1d", (1, -1.0), (1, 2, 5)), ("ZeroPad1d", (2,), (1, 2, 5)),
])
def test_resampling_and_padding_layers_match_torch(name, args, shape):
    kwargs = args[0] if isinstance(args[0], dict) else {}
    args = () if kwargs else args
    ours, theirs = getattr(nn, name)(*args, **kwargs), getattr(torch.nn, name)(*args, **kwargs)
    assert repr(ours) == repr(theirs)
    x = np.random.default_rng(3).standard_normal(shape).astype(np.float32)
    ours_x, their_x = autograd.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out, expected = ours(ours_x), theirs(their_x)
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=1e-6, atol=1e-6)
    out.sum().backward()
    expected.sum().backward()
    np.testing.assert_allclose(ours_x.grad.numpy(), their_x.grad.numpy(), rtol=1e-6, atol=1e-6)


# ----- InstanceNorm1d/2d, GroupNorm -----

def _same_module_run(ours, theirs, x, steps=2):
    """Same state, then `steps` forward/backward passes compared (outputs, input and parameter gradients,
    buffers), in training and then in evaluation."""
    ours.load_state_dict({k: autograd.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})
    for training in [True] * steps + [False]:
        ours.train(training)
        theirs.train(training)
        ours_x, their_x = autograd.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        out, expected = ours(ours_x), theirs(their_x)
        np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=1e-5, atol=1e-5)
        upstream = np.random.default_rng(4).standard_normal(tuple(expected.shape)).astype(x.dtype)
        out.backward(autograd.tensor(upstream))
        expected.backward(torch.tensor(upstream))
        np.testing.assert_allclose(ours_x.grad.numpy(), their_x.grad.numpy(), rtol=1e-4, atol=1e-5)
        for name, tensor in theirs.state_dict().items():
            np.testing.assert_allclose(ours.state_dict()[name].detach().numpy(), tensor.numpy(), rtol=1e-5, atol=1e-6)
        for name, param in theirs.named_parameters():
            np.testing.assert_allclose(dict(ours.named_parameters())[name].grad.numpy(), param.grad.numpy(),
                                       rtol=1e-4, atol=1e-5)
        x = x * 1.5 + 0.25


@pytest.mark.parametrize("kwargs", [{}, {"affine": True}, {"track_running_stats": True},
                                    {"affine": True, "track_running_stats": True, "momentum": 0.3},
                                    {"affine": True, "bias": False}, {"track_running_stats": True, "momentum": None}])
@pytest.mark.parametrize("name, shape", [("InstanceNorm1d", (2, 3, 5)), ("InstanceNorm2d", (2, 3, 4, 5)),
                                         ("InstanceNorm1d", (3, 5)), ("InstanceNorm2d", (3, 2, 4))])
def test_instance_norm_matches_torch(name, shape, kwargs):
    torch.manual_seed(0)  # (the weights drawn below)
    ours, theirs = getattr(nn, name)(3, **kwargs), getattr(torch.nn, name)(3, **kwargs)
    assert repr(ours) == repr(theirs)
    if kwargs.get("affine"):
        with torch.no_grad():
            theirs.weight.uniform_(0.5, 1.5)
            if theirs.bias is not None:
                theirs.bias.uniform_(-1, 1)
    _same_module_run(ours, theirs, np.random.default_rng(5).standard_normal(shape).astype(np.float32))


@pytest.mark.parametrize("groups, channels, shape, kwargs", [
    (2, 4, (3, 4, 5), {}), (1, 4, (2, 4, 3, 3), {}), (4, 4, (2, 4, 6), {"eps": 1e-3}), (3, 6, (2, 6), {}),
    (2, 4, (2, 4, 2, 2, 2), {"affine": False}), (2, 4, (2, 4, 5), {"bias": False}),
])
def test_group_norm_matches_torch(groups, channels, shape, kwargs):
    torch.manual_seed(0)  # (the weights below: with 2 values a group the input's gradient is rounding noise)
    ours, theirs = nn.GroupNorm(groups, channels, **kwargs), torch.nn.GroupNorm(groups, channels, **kwargs)
    assert repr(ours) == repr(theirs)
    if theirs.weight is not None:
        with torch.no_grad():
            theirs.weight.uniform_(0.5, 1.5)
    _same_module_run(ours, theirs, np.random.default_rng(6).standard_normal(shape).astype(np.float32))


@pytest.mark.parametrize("make, shape, error", [
    (lambda lib: lib.nn.GroupNorm(3, 4), None, ValueError),
    (lambda lib: lib.nn.GroupNorm(2, 4), (2, 6, 3), RuntimeError),
    (lambda lib: lib.nn.GroupNorm(2, 4), (4,), RuntimeError),
    (lambda lib: lib.nn.GroupNorm(2, 4, affine=False), (2, 5, 3), RuntimeError),
    (lambda lib: lib.nn.InstanceNorm2d(3), (3, 4, 5), None),  # (C, H, W): unbatched, accepted
    (lambda lib: lib.nn.InstanceNorm2d(3), (3, 4), ValueError),
    (lambda lib: lib.nn.InstanceNorm1d(3, affine=True), (2, 4, 5), ValueError),
    (lambda lib: lib.nn.InstanceNorm1d(3), (2, 3, 1), ValueError),
])
def test_normalisation_layers_refuse_what_torch_refuses(make, shape, error):
    for lib, tensor in ((torch, torch.zeros), (autograd_as_torch, autograd.zeros)):
        if shape is None:
            with pytest.raises(error):
                make(lib)
        elif error is None:
            make(lib)(tensor(*shape))
        else:
            with pytest.raises(error):
                make(lib)(tensor(*shape))


class autograd_as_torch:  # noqa: N801  (lets one lambda build from either library)
    nn = nn


def test_instance_norm_warns_of_an_unused_num_features_as_torch():
    with pytest.warns(UserWarning, match="does not match num_features"):
        nn.InstanceNorm1d(3)(autograd.randn(2, 4, 5))


# ----- Transformer and its parts, given PyTorch's state_dict -----

def _load_from(ours, theirs):
    assert sorted(ours.state_dict()) == sorted(theirs.state_dict())
    ours.load_state_dict({k: autograd.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})


def _close(ours, theirs, tolerance=2e-5):
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=tolerance, atol=tolerance)


OPTIONS = [{}, {"norm_first": True}, {"activation": "gelu"}, {"batch_first": True}, {"bias": False},
           {"activation": "function gelu"}, {"layer_norm_eps": 1e-3, "batch_first": True, "norm_first": True}]


def _pair_of_options(options):
    ours, theirs = dict(options), dict(options)
    if options.get("activation") == "function gelu":
        ours["activation"], theirs["activation"] = nn.functional.gelu, torch.nn.functional.gelu
    return ours, theirs


@pytest.mark.parametrize("options", OPTIONS)
def test_transformer_matches_torch_in_training_and_evaluation(options):
    ours_options, their_options = _pair_of_options(options)
    sizes = {"d_model": 8, "nhead": 2, "num_encoder_layers": 2, "num_decoder_layers": 2, "dim_feedforward": 16,
             "dropout": 0.0}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (PyTorch's nested-tensor notice)
        theirs = torch.nn.Transformer(**sizes, **their_options)
    ours = nn.Transformer(**sizes, **ours_options)
    _load_from(ours, theirs)
    batch_first = options.get("batch_first", False)
    rng = np.random.default_rng(7)
    src = rng.standard_normal((3, 5, 8) if batch_first else (5, 3, 8)).astype(np.float32)
    tgt = rng.standard_normal((3, 4, 8) if batch_first else (4, 3, 8)).astype(np.float32)
    padding = np.zeros((3, 5), dtype=bool)
    padding[0, 3:] = True
    ours_src, their_src = autograd.tensor(src, requires_grad=True), torch.tensor(src, requires_grad=True)
    masks = {"src_key_padding_mask": padding, "memory_key_padding_mask": padding}
    out = ours(ours_src, autograd.tensor(tgt), tgt_mask=nn.Transformer.generate_square_subsequent_mask(4),
               **{k: autograd.tensor(v) for k, v in masks.items()})
    expected = theirs(their_src, torch.tensor(tgt), tgt_mask=torch.nn.Transformer.generate_square_subsequent_mask(4),
                      **{k: torch.tensor(v) for k, v in masks.items()})
    _close(out, expected)
    (out * out).sum().backward()
    (expected * expected).sum().backward()
    _close(ours_src.grad, their_src.grad, 1e-4)
    for name, param in theirs.named_parameters():
        _close(dict(ours.named_parameters())[name].grad, param.grad, 1e-4)
    ours.eval()
    theirs.eval()
    with autograd.no_grad():  # (PyTorch's inference fast path: padded positions of the memory come out as zeros)
        out = ours.encoder(ours_src, src_key_padding_mask=autograd.tensor(padding))
        decoded = ours(ours_src, autograd.tensor(tgt), tgt_is_causal=True,
                       tgt_mask=nn.Transformer.generate_square_subsequent_mask(4))
    with torch.no_grad():
        _close(out, theirs.encoder(their_src, src_key_padding_mask=torch.tensor(padding)))
        _close(decoded, theirs(their_src, torch.tensor(tgt), tgt_is_causal=True,
                               tgt_mask=torch.nn.Transformer.generate_square_subsequent_mask(4)))


@pytest.mark.parametrize("layer_name", ["TransformerEncoderLayer", "TransformerDecoderLayer"])
@pytest.mark.parametrize("options", OPTIONS[:4])
def test_single_layers_match_torch_with_masks(layer_name, options):
    ours_options, their_options = _pair_of_options(options)
    theirs = getattr(torch.nn, layer_name)(8, 2, 12, 0.0, **their_options)
    ours = getattr(nn, layer_name)(8, 2, 12, 0.0, **ours_options)
    _load_from(ours, theirs)
    rng = np.random.default_rng(8)
    x = rng.standard_normal((4, 2, 8)).astype(np.float32)
    memory = rng.standard_normal((6, 2, 8)).astype(np.float32)
    bool_mask = np.triu(np.ones((4, 4), dtype=bool), 1)
    padding = np.array([[False] * 4, [False, False, True, True]])
    if options.get("batch_first"):
        x, memory = x.transpose(1, 0, 2).copy(), memory.transpose(1, 0, 2).copy()
    if layer_name == "TransformerEncoderLayer":
        out = ours(autograd.tensor(x), autograd.tensor(bool_mask), autograd.tensor(padding))
        expected = theirs(torch.tensor(x), torch.tensor(bool_mask), torch.tensor(padding))
    else:
        out = ours(autograd.tensor(x), autograd.tensor(memory), tgt_mask=autograd.tensor(bool_mask),
                   tgt_key_padding_mask=autograd.tensor(padding))
        expected = theirs(torch.tensor(x), torch.tensor(memory), tgt_mask=torch.tensor(bool_mask),
                          tgt_key_padding_mask=torch.tensor(padding))
    _close(out, expected)
    x2 = x[:, 0] if not options.get("batch_first") else x[0]  # unbatched (L, E)
    if layer_name == "TransformerEncoderLayer":
        _close(ours(autograd.tensor(x2)), theirs(torch.tensor(x2)))


def test_encoder_stack_with_a_causal_log_mask_as_word_language_model_builds_it():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = torch.nn.TransformerEncoder(torch.nn.TransformerEncoderLayer(8, 2, 12, 0.0), 2, torch.nn.LayerNorm(8))
    with pytest.warns(UserWarning, match="enable_nested_tensor is True, but self.use_nested_tensor is False"):
        ours = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 12, 0.0), 2, nn.LayerNorm(8))
    _load_from(ours, theirs)
    x = np.random.default_rng(9).standard_normal((5, 3, 8)).astype(np.float32)
    mask = np.where(np.tril(np.ones((5, 5), dtype=bool)), 0.0, -np.inf).astype(np.float32)  # log(tril(ones))
    _close(ours(autograd.tensor(x), mask=autograd.tensor(mask)), theirs(torch.tensor(x), mask=torch.tensor(mask)))
    assert ours.layers[0] is not ours.layers[1]  # deep copies, as PyTorch's _get_clones
    with pytest.raises(RuntimeError, match="Need attn_mask"):
        ours(autograd.tensor(x), is_causal=True)


def test_transformer_refuses_mismatched_inputs_and_bad_activations():
    model = nn.Transformer(8, 2, 1, 1, 16, 0.0)
    with pytest.raises(RuntimeError, match="batch number"):
        model(autograd.randn(5, 3, 8), autograd.randn(4, 2, 8))
    with pytest.raises(RuntimeError, match="d_model"):
        model(autograd.randn(5, 3, 6), autograd.randn(4, 3, 6))
    with pytest.raises(RuntimeError, match="relu/gelu"):
        nn.TransformerEncoderLayer(8, 2, activation="tanh")
    mask = nn.Transformer.generate_square_subsequent_mask(3)
    np.testing.assert_array_equal(mask.numpy(), torch.nn.Transformer.generate_square_subsequent_mask(3).numpy())
