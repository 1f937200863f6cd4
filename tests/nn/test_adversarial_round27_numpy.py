"""Round 27 (hostile27b), nn: NumPy scalars as hyperparameters and sizes, each family checked against PyTorch 2.13.

- S4: a NumPy float16/float32 hyperparameter (dropout p, label_smoothing, batch_norm momentum and eps, embedding
  max_norm) is read as the Python float it holds, as PyTorch reads it: 1 − p, 1/(1 − p), 1 − momentum in double
  precision (they were computed in the scalar's own precision: 1.111328125 for 1/(1 − np.float16(0.1))).
- C1: max_pool1d / avg_pool1d and their modules take a NumPy integer kernel, stride and padding.
- C2: a NumPy integer size (np.prod(x.shape[1:])) in nn.LayerNorm (so Transformer layers' d_model), the padding
  modules and the RNN cells.
"""
import types

import numpy as np
import pytest

import autograd
import nn

torch = pytest.importorskip("torch")


def _library(lib, functional, nn_module):
    return types.SimpleNamespace(tensor=lib.tensor, ones=lib.ones, arange=lib.arange, float64=lib.float64,
                                 manual_seed=lib.manual_seed, F=functional, nn=nn_module)


OURS = _library(autograd, nn.functional, nn)
THEIRS = _library(torch, torch.nn.functional, torch.nn)
FLOATS = [np.float16(0.1), np.float32(0.1), np.float16(0.3), np.float64(0.1), np.float32(0.7)]


def _values(result):
    """A tensor's (or an array's) values as float64."""
    return np.asarray(result.detach().numpy() if hasattr(result, "detach") else result, dtype=np.float64)


def _both(program):
    """program's values under glassgrad and under PyTorch."""
    return _values(program(OURS)), _values(program(THEIRS))


def _dropout_scales(lib, p, form):
    """The distinct factors the survivors were scaled by (1/(1 − p)): the random masks differ, these must not."""
    x = lib.ones(4, 10, 5, 2, dtype=lib.float64)
    if form == "functional":
        y = lib.F.dropout(x, p, training=True)
    elif form == "module":
        y = lib.nn.Dropout(p)(x)
    else:
        y = lib.F.dropout2d(x, p, training=True)
    values = _values(y)
    return np.unique(values[values != 0])


@pytest.mark.parametrize("form", ["functional", "module", "dropout2d"])
@pytest.mark.parametrize("p", FLOATS, ids=repr)
def test_dropout_scales_by_one_over_one_minus_p_in_double_precision(p, form):
    ours, theirs = _dropout_scales(OURS, p, form), _dropout_scales(THEIRS, p, form)
    assert ours.tolist() == theirs.tolist() and len(theirs) == 1
    assert theirs[0] == 1 / (1 - float(p))  # (independent: the formula with p read as a double)


@pytest.mark.parametrize("targets", ["indices", "probabilities"])
@pytest.mark.parametrize("smoothing", FLOATS, ids=repr)
def test_cross_entropy_label_smoothing_given_as_a_numpy_scalar(smoothing, targets):
    logits = np.array([[0.3, -1.2, 2.2, 0.7], [1.1, -0.4, 0.9, -2.5], [0.2, 0.1, -0.3, 1.7]])

    def loss(lib):
        x = lib.tensor(logits, dtype=lib.float64)
        target = lib.tensor([1, 0, 3]) if targets == "indices" else x.softmax(1)
        return lib.F.cross_entropy(x, target, label_smoothing=smoothing)

    ours, theirs = _both(loss)
    np.testing.assert_allclose(ours, theirs, rtol=1e-13)
    smoothed = OURS.F.cross_entropy(autograd.tensor(logits), autograd.tensor([1, 0, 3]) if targets == "indices"
                                    else autograd.tensor(logits).softmax(1), label_smoothing=float(smoothing))
    np.testing.assert_allclose(ours, _values(smoothed), rtol=1e-13)


@pytest.mark.parametrize("form", ["module", "functional"])
@pytest.mark.parametrize("momentum", FLOATS, ids=repr)
def test_batch_norm_momentum_and_eps_given_as_numpy_scalars(momentum, form):
    batch = np.array([[1.0, 2.0, 3.0], [2.0, 0.0, -1.0], [0.5, 1.0, 1.0]])

    def running_statistics(lib):
        x = lib.tensor(batch, dtype=lib.float64)
        if form == "module":
            layer = lib.nn.BatchNorm1d(3, eps=np.float32(1e-3), momentum=momentum).double()
            out = layer(x)
            mean, var = layer.running_mean, layer.running_var
        else:
            mean, var = lib.tensor([0.0] * 3, dtype=lib.float64), lib.tensor([1.0] * 3, dtype=lib.float64)
            out = lib.F.batch_norm(x, mean, var, training=True, momentum=momentum, eps=np.float16(1e-3))
        return np.concatenate([_values(out).ravel(), _values(mean), _values(var)])

    ours, theirs = _both(running_statistics)
    np.testing.assert_allclose(ours, theirs, rtol=1e-14, atol=1e-15)


@pytest.mark.parametrize("max_norm", [np.float32(1.0), np.float16(0.7), np.float64(0.7), np.int64(1)], ids=repr)
def test_embedding_max_norm_given_as_a_numpy_scalar(max_norm):
    table = np.array([[3.0, -4.0, 1.0], [0.5, 0.2, 0.1], [1.0, 1.0, 1.0]])

    def renormed(lib):
        weight = lib.tensor(table, dtype=lib.float64)
        lib.F.embedding(lib.tensor([0, 1, 2]), weight, max_norm=max_norm, norm_type=np.float32(2.0))
        return weight

    ours, theirs = _both(renormed)
    np.testing.assert_allclose(ours, theirs, rtol=1e-15)


# --- C1, C2: NumPy integers as sizes -----------------------------------------------------------------------

INTS = [np.int64(2), np.int32(2), np.uint8(2), np.int16(2)]
POOLS = {
    "max_pool1d_stride": lambda lib, n: lib.F.max_pool1d(_signal(lib), 2, stride=n - 1),
    "avg_pool1d_stride": lambda lib, n: lib.F.avg_pool1d(_signal(lib), 2, stride=n - 1),
    "avg_pool1d_all": lambda lib, n: lib.F.avg_pool1d(_signal(lib), n + 1, stride=n, padding=n - 1),
    "max_pool1d_all": lambda lib, n: lib.F.max_pool1d(_signal(lib), n, n, n - 1, n - 1),
    "MaxPool1d": lambda lib, n: lib.nn.MaxPool1d(n)(_signal(lib)),
    "AvgPool1d": lambda lib, n: lib.nn.AvgPool1d(n, stride=n - 1)(_signal(lib)),
    "MaxPool1d_tuple": lambda lib, n: lib.nn.MaxPool1d((n,), stride=(n,))(_signal(lib)),
}


def _signal(lib):
    return lib.arange(24.0).reshape(1, 2, 12).sin()


@pytest.mark.parametrize("size", INTS, ids=repr)
@pytest.mark.parametrize("name", sorted(POOLS))
def test_pool1d_takes_numpy_integers(name, size):
    ours, theirs = _both(lambda lib: POOLS[name](lib, size))
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, rtol=1e-6)


@pytest.mark.parametrize("function", ["max_pool1d", "avg_pool1d"])
def test_pool1d_refuses_a_numpy_float_stride_naming_it(function):
    with pytest.raises(TypeError):
        getattr(torch.nn.functional, function)(_signal(THEIRS), 2, stride=np.float64(1.0))
    with pytest.raises(TypeError, match="stride"):
        getattr(nn.functional, function)(_signal(OURS), 2, stride=np.float64(1.0))


PADDINGS = {
    "ReflectionPad1d": (1, lambda n: n), "ReplicationPad1d": (1, lambda n: n), "ZeroPad1d": (1, lambda n: n),
    "ConstantPad1d": (1, lambda n: n), "ReflectionPad2d": (2, lambda n: n), "ReplicationPad2d": (2, lambda n: n),
    "ZeroPad2d": (2, lambda n: n), "ConstantPad2d": (2, lambda n: n),
    "ZeroPad2d_tuple": (2, lambda n: (n, n - 1, np.int64(0), n)),
    "ReflectionPad1d_tuple": (1, lambda n: (n - 1, n)),
}


@pytest.mark.parametrize("size", INTS, ids=repr)
@pytest.mark.parametrize("name", sorted(PADDINGS))
def test_padding_modules_take_numpy_integers(name, size):
    spatial, padding = PADDINGS[name]
    cls = name.split("_")[0]

    def padded(lib):
        x = lib.arange(48.0).reshape((1, 4, 12) if spatial == 1 else (1, 2, 4, 6))
        layer = getattr(lib.nn, cls)(padding(size), 1.5) if cls.startswith("Constant") else \
            getattr(lib.nn, cls)(padding(size))
        return layer(x)

    ours, theirs = _both(padded)
    assert ours.shape == theirs.shape
    np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize("shape", [np.int64(12), np.prod((3, 4)), (np.int64(3), np.int32(4)), [np.int64(3), 4]],
                         ids=repr)
def test_layer_norm_takes_numpy_integer_sizes(shape):
    def normalized(lib):
        x = lib.arange(24.0).reshape(2, 3, 4).cos()
        return lib.nn.LayerNorm(shape)(x if isinstance(shape, (tuple, list)) else x.reshape(2, 12))

    ours, theirs = _both(normalized)
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_layer_norm_keeps_python_ints_in_its_shape():
    assert nn.LayerNorm(np.int64(12)).normalized_shape == (12,)
    assert type(nn.LayerNorm((np.int64(3), np.int32(4))).normalized_shape[0]) is int
    for bad in (12.0, True, "12"):
        with pytest.raises(TypeError):
            nn.LayerNorm(bad)


@pytest.mark.parametrize("name", ["TransformerEncoderLayer", "TransformerDecoderLayer"])
def test_transformer_layers_take_a_numpy_integer_d_model(name):
    for lib, ones in ((OURS, autograd.ones), (THEIRS, torch.ones)):
        layer = getattr(lib.nn, name)(np.int64(4), np.int64(2), np.int64(8), dropout=0.0)
        args = (ones(3, 1, 4),) * (1 if name.endswith("EncoderLayer") else 2)
        assert tuple(layer(*args).shape) == (3, 1, 4)


@pytest.mark.parametrize("size", INTS, ids=repr)
@pytest.mark.parametrize("cell", ["RNNCell", "GRUCell", "LSTMCell"])
def test_rnn_cells_take_numpy_integer_sizes(cell, size):
    shapes = {}
    for name, lib in (("ours", OURS), ("theirs", THEIRS)):
        layer = getattr(lib.nn, cell)(size + 10, size + 1)
        shapes[name] = sorted((key, tuple(value.shape)) for key, value in layer.named_parameters())
        out = layer(lib.ones(3, int(size) + 10))
        assert tuple((out[0] if cell == "LSTMCell" else out).shape) == (3, int(size) + 1)
    assert shapes["ours"] == shapes["theirs"]


@pytest.mark.parametrize("bad", [np.float64(3.0), np.bool_(True), 3.0])
def test_rnn_cells_still_refuse_what_is_not_an_integer(bad):
    with pytest.raises(TypeError):
        nn.GRUCell(bad, 3)


@pytest.mark.parametrize("call", [
    "F.conv2d(lib.ones(1, 2, 5, 5), lib.ones(2, 1, 3, 3), groups=np.int64(2))",
    "F.conv1d(lib.ones(1, 4, 5), lib.ones(2, 2, 3), groups=np.int32(2))",
    "F.conv_transpose1d(lib.ones(1, 4, 5), lib.ones(4, 1, 3), groups=np.int64(2))",
    "nn.Conv1d(4, 2, 3, groups=np.int64(2))(lib.ones(1, 4, 5)).shape",
    "nn.ConvTranspose2d(4, 2, 3, groups=np.int64(2))(lib.ones(1, 4, 5, 5)).shape",
])
def test_groups_may_be_a_numpy_integer(call):
    """(hostile28b U1: a NumPy integer `groups` was refused with "groups must be a positive integer ..., got 2")"""
    ours, theirs = (eval(call, {"F": library.F, "nn": library.nn, "lib": library, "np": np}) for library in (OURS, THEIRS))
    if hasattr(theirs, "detach"):
        np.testing.assert_allclose(_values(ours), _values(theirs))
    else:
        assert tuple(ours) == tuple(theirs)
