"""Round 32 (hostile32c, 32d, 32e), nn: number arguments given as NumPy scalars or 0-d tensors are read as the
numbers they hold, as PyTorch reads them: celu's alpha (1/α was computed in α's own dtype, 1e-4 off for
np.float16), InstanceNorm's momentum (1 − momentum in float16), label_smoothing as a float32 tensor on float64 logits,
and a 0-d tensor dropout p or embedding max_norm (both crashed inside glassgrad)."""
import numpy as np
import pytest

from .test_adversarial_round27_numpy import OURS, THEIRS, _both, _dropout_scales, _values

torch = pytest.importorskip("torch")

NUMBERS = [np.float16(1.3), np.float32(0.3), np.float64(0.7), "float32 tensor", "float16 tensor"]


def _number(lib, value):
    """value for library lib: a 0-d tensor of the named dtype, or the NumPy scalar itself."""
    if isinstance(value, str):
        return lib.tensor(0.3).half() if value.startswith("float16") else lib.tensor(0.3).float()
    return value


@pytest.mark.parametrize("form", ["functional", "module"])
@pytest.mark.parametrize("alpha", NUMBERS, ids=str)
def test_celu_reads_alpha_as_the_number_it_holds(alpha, form):
    def values_and_gradient(lib):
        x = lib.tensor([-1.7, -0.05, -3.0, 0.4], dtype=lib.float64, requires_grad=True)
        a = _number(lib, alpha)
        y = lib.F.celu(x, alpha=a) if form == "functional" else lib.nn.CELU(a)(x)
        y.sum().backward()
        return np.stack([_values(y), _values(x.grad)])

    ours, theirs = _both(values_and_gradient)
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-12)
    np.testing.assert_allclose(ours[1], theirs[1], rtol=1e-7)  # (PyTorch's float64 gradient uses a float32 constant)


@pytest.mark.parametrize("momentum", NUMBERS, ids=str)
def test_instance_norm_running_statistics_read_momentum_as_the_number_it_holds(momentum):
    def running(lib):
        lib.manual_seed(0)
        norm = lib.nn.InstanceNorm1d(3, momentum=_number(lib, momentum), track_running_stats=True)
        norm(lib.tensor(np.linspace(-2, 3, 2 * 3 * 5).reshape(2, 3, 5), dtype=lib.float64))
        return np.concatenate([_values(norm.running_mean), _values(norm.running_var)])

    ours, theirs = _both(running)
    np.testing.assert_allclose(ours, theirs, rtol=3e-7)  # (float32 buffers: a last-place difference at most)


@pytest.mark.parametrize("smoothing", ["float32 tensor", "float16 tensor", np.float32(0.3)], ids=str)
def test_label_smoothing_given_as_a_0d_tensor_is_the_number_it_holds(smoothing):
    def loss(lib):
        x = lib.tensor([[0.3, -1.2, 2.2, 0.7], [1.1, -0.4, 0.9, -2.5]], dtype=lib.float64, requires_grad=True)
        value = lib.F.cross_entropy(x, lib.tensor([1, 3]), label_smoothing=_number(lib, smoothing))
        value.backward()
        return np.concatenate([_values(value).ravel(), _values(x.grad).ravel()])

    ours, theirs = _both(loss)
    np.testing.assert_allclose(ours, theirs, rtol=1e-13)


@pytest.mark.parametrize("form", ["functional", "module", "dropout2d"])
def test_dropout_with_a_0d_tensor_p_scales_as_pytorch(form):
    ours = _dropout_scales(OURS, OURS.tensor(0.3), form)
    theirs = _dropout_scales(THEIRS, THEIRS.tensor(0.3), form)
    assert ours.tolist() == theirs.tolist() and len(theirs) == 1


@pytest.mark.parametrize("max_norm", ["float32 tensor", np.float16(1.3)], ids=str)
def test_embedding_max_norm_given_as_a_0d_tensor_renormalises_as_pytorch(max_norm):
    def rows(lib):
        weight = lib.tensor(np.arange(12.0).reshape(4, 3) / 4)
        picked = lib.F.embedding(lib.tensor([0, 2, 3]), weight, max_norm=_number(lib, max_norm))
        return np.concatenate([_values(picked).ravel(), _values(weight).ravel()])

    ours, theirs = _both(rows)
    np.testing.assert_allclose(ours, theirs, rtol=1e-6)


SIZES = {  # (hostile33d C1, U1: NumPy int8 sizes wrapped in NumPy arithmetic: a crash or a wrong refusal)
    "pixel_shuffle": lambda lib: lib.F.pixel_shuffle(lib.ones(1, 12, 70, 2), np.int8(2)),
    "PixelShuffle": lambda lib: lib.nn.PixelShuffle(np.int8(12))(lib.ones(1, 144, 2, 2)),
    "pixel_unshuffle": lambda lib: lib.F.pixel_unshuffle(lib.ones(1, 1, 120, 4), np.int8(2)),
    "AdaptiveAvgPool2d": lambda lib: lib.nn.AdaptiveAvgPool2d((np.int8(100), 2))(lib.arange(1200.0).reshape(1, 1, 300, 4)),
    "Embedding": lambda lib: lib.nn.Embedding(np.uint8(5), np.int8(3), padding_idx=1).weight[1],
}


@pytest.mark.parametrize("name", sorted(SIZES))
def test_numpy_integer_sizes_are_the_integers_they_hold(name):
    ours, theirs = _both(SIZES[name])
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, rtol=1e-6)


@pytest.mark.parametrize("kind", [np.int8, np.uint8, np.int16])
@pytest.mark.parametrize("layer", ["Conv1d", "Conv2d", "ConvTranspose2d"])
def test_conv_bias_bounds_with_numpy_integer_sizes_are_pytorchs(layer, kind):
    """(hostile34c S5, 34e S1: in_channels · kernel wrapped in the NumPy type: a zero or too wide bias)"""
    import math

    module = getattr(OURS.nn, layer)(kind(64), kind(8), kind(5), groups=kind(2))
    fan_in = 64 // 2 * 5 ** (1 if layer == "Conv1d" else 2) if layer != "ConvTranspose2d" else 8 // 2 * 25
    bias = _values(module.bias)
    assert 0 < np.abs(bias).max() <= 1 / math.sqrt(fan_in)
    assert type(module.in_channels) is int and type(module.groups) is int


@pytest.mark.parametrize("recompute", [True, None])
@pytest.mark.parametrize("factor", [np.float32(0.7), "float32 tensor", 0.7, np.uint8(3), np.int8(2), np.float16(2.6)], ids=str)
@pytest.mark.parametrize("mode", ["nearest", "area", "bilinear"])
def test_interpolate_output_size_from_a_numpy_scale_factor_is_pytorchs(factor, mode, recompute):
    """(hostile34d S2, 35d S1, S2: with recompute_scale_factor or mode='area' PyTorch computes 10 · np.float32(0.7) in
    float32, 7; else in C++ with the double 0.699999988, 6; np.uint8(3) · 100 wrapped in uint8)"""
    if isinstance(factor, str) and recompute is None and mode != "area":
        pytest.skip("a 0-d tensor scale_factor without recompute_scale_factor: PyTorch's TypeError, computed here")

    def resized(lib):
        scale = lib.tensor(0.7) if isinstance(factor, str) else factor
        return lib.F.interpolate(lib.arange(400.0).reshape(1, 1, 20, 20), scale_factor=scale, mode=mode,
                                 recompute_scale_factor=recompute)

    ours, theirs = _both(resized)
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6 * np.abs(theirs).max())  # (float32 weights)


@pytest.mark.parametrize("form", ["functional", "module"])
def test_group_norm_takes_numpy_integer_group_counts(form):
    """(hostile35d C1: (C // G) · H · W in np.int16 wrapped: 'invalid shape dimension')"""
    def normalised(lib):
        x = lib.arange(4 * 100 * 90.0).reshape(1, 4, 100, 90) % 7
        if form == "functional":
            return lib.F.group_norm(x, np.int16(2))
        return lib.nn.GroupNorm(np.uint8(2), np.uint8(4))(x)

    ours, theirs = _both(normalised)
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)
