"""The twelfth adversarial pass on nn (hostile12c), checked against PyTorch:
1. results that are the input, or share its memory, where PyTorch's are new tensors (interpolate, pixel_shuffle);
2. set_rng_state of a state the generator can never be in (all zeros: rand gave zeros and randint hung);
3. threshold's double backward in x's graph; 4. dtypes and values at the edges of hardsigmoid, threshold, hardswish;
5. celu/selu/softplus second derivatives where PyTorch compares strictly; 6. error types of norms and interpolate."""
import numpy as np
import pytest

import autograd
import nn
import nn.functional as F

torch = pytest.importorskip("torch")
TF = torch.nn.functional

IMAGE = np.arange(6.0).reshape(1, 1, 2, 3)


def _pair(array, dtype=np.float64, requires_grad=False):
    """The same values as a glassgrad tensor and as a torch tensor."""
    array = np.asarray(array, dtype=dtype)
    ours = autograd.tensor(array.copy(), requires_grad=requires_grad)
    theirs = torch.tensor(array.copy(), requires_grad=requires_grad)
    return ours, theirs


def _aliasing(lib, function, array=IMAGE):
    """(is the result the input, does writing into the result change the input, does the result of a leaf that
    requires grad require grad under no_grad)."""
    x = lib.tensor(array.copy())
    y = function(lib, x)
    same = y is x
    with lib.no_grad():
        y.add_(100)
    changed = bool((np.asarray(x.numpy()) != array).any())
    leaf = lib.tensor(array.copy(), requires_grad=True)
    with lib.no_grad():
        flag = function(lib, leaf).requires_grad
    return same, changed, flag


def _fn(lib):
    return F if lib is autograd else TF


def _mod(lib):
    return nn if lib is autograd else torch.nn


IDENTITY_LIKE = {  # functions and layers given arguments under which the result equals the input
    "interpolate-nearest-size": lambda L, x: _fn(L).interpolate(x, size=(2, 3)),
    "interpolate-nearest-scale1": lambda L, x: _fn(L).interpolate(x, scale_factor=1.0),
    "interpolate-nearest-exact": lambda L, x: _fn(L).interpolate(x, size=(2, 3), mode="nearest-exact"),
    "interpolate-bilinear": lambda L, x: _fn(L).interpolate(x, size=(2, 3), mode="bilinear"),
    "interpolate-bilinear-ac": lambda L, x: _fn(L).interpolate(x, scale_factor=1, mode="bilinear", align_corners=True),
    "interpolate-bilinear-recompute": lambda L, x: _fn(L).interpolate(x, scale_factor=1.2, mode="bilinear",
                                                                      recompute_scale_factor=True),
    "interpolate-area": lambda L, x: _fn(L).interpolate(x, size=(2, 3), mode="area"),
    "interpolate-linear": lambda L, x: _fn(L).interpolate(x[0], size=3, mode="linear"),
    "interpolate-linear-ac": lambda L, x: _fn(L).interpolate(x[0], scale_factor=1, mode="linear", align_corners=True),
    "interpolate-nearest-1d": lambda L, x: _fn(L).interpolate(x[0], size=3),
    "interpolate-nearest-3d": lambda L, x: _fn(L).interpolate(x.unsqueeze(2), size=(1, 2, 3)),
    "interpolate-trilinear": lambda L, x: _fn(L).interpolate(x.unsqueeze(2), size=(1, 2, 3), mode="trilinear"),
    "Upsample-bilinear": lambda L, x: _mod(L).Upsample(scale_factor=1, mode="bilinear")(x),
    "pixel_shuffle-1": lambda L, x: _fn(L).pixel_shuffle(x, 1),
    "pixel_unshuffle-1": lambda L, x: _fn(L).pixel_unshuffle(x, 1),
    "pixel_shuffle-1x1": lambda L, x: _fn(L).pixel_shuffle(x.reshape(6)[:4].reshape(1, 4, 1, 1), 2),
    "pixel_unshuffle-2x2": lambda L, x: _fn(L).pixel_unshuffle(x.reshape(6)[:4].reshape(1, 1, 2, 2), 2),
    "PixelShuffle-1": lambda L, x: _mod(L).PixelShuffle(1)(x),
    "dropout-p0": lambda L, x: _fn(L).dropout(x, 0.0, training=True),
    "dropout-eval": lambda L, x: _fn(L).dropout(x, 0.5, training=False),
    "dropout2d-p0": lambda L, x: _fn(L).dropout2d(x, 0.0, training=True),
    "Dropout-eval": lambda L, x: _mod(L).Dropout(0.3).eval()(x),
    "pad-0": lambda L, x: _fn(L).pad(x, (0, 0, 0, 0)),
    "pad-0-replicate": lambda L, x: _fn(L).pad(x, (0, 0, 0, 0), mode="replicate"),
    "pad-0-circular": lambda L, x: _fn(L).pad(x, (0, 0, 0, 0), mode="circular"),
    "ZeroPad2d-0": lambda L, x: _mod(L).ZeroPad2d(0)(x),
    "adaptive_avg_pool2d-same": lambda L, x: _fn(L).adaptive_avg_pool2d(x, (2, 3)),
    "avg_pool2d-1": lambda L, x: _fn(L).avg_pool2d(x, 1),
    "max_pool2d-1": lambda L, x: _fn(L).max_pool2d(x, 1),
    "conv2d-identity": lambda L, x: _fn(L).conv2d(x, L.ones(1, 1, 1, 1, dtype=x.dtype)),
    "hardtanh-wide": lambda L, x: _fn(L).hardtanh(x, -100.0, 100.0),
    "threshold-low": lambda L, x: _fn(L).threshold(x, -100.0, 0.0),
    "relu-positive": lambda L, x: _fn(L).relu(x.abs()),
    "embedding": lambda L, x: _fn(L).embedding(L.arange(2), x[0, 0]),
    "Unflatten": lambda L, x: _mod(L).Unflatten(-1, (3, 1))(x),
    "Flatten": lambda L, x: _mod(L).Flatten(0, 1)(x),
    "Identity": lambda L, x: _mod(L).Identity()(x),
    "Sequential-empty": lambda L, x: _mod(L).Sequential()(x),
}


@pytest.mark.parametrize("name", sorted(IDENTITY_LIKE))
def test_results_alias_their_input_exactly_where_pytorch_s_do(name):
    function = IDENTITY_LIKE[name]
    assert _aliasing(autograd, function) == _aliasing(torch, function)


@pytest.mark.parametrize("mode, rank", [("nearest", 3), ("nearest", 4), ("nearest", 5), ("nearest-exact", 4),
                                        ("linear", 3), ("bilinear", 4), ("trilinear", 5), ("area", 4)])
@pytest.mark.parametrize("how", ["size", "scale_factor"])
def test_interpolate_to_the_same_size_is_a_new_tensor_in_every_mode(mode, rank, how):
    x = autograd.tensor(np.arange(2.0 * 3 ** (rank - 2)).reshape(1, 2, *[3] * (rank - 2)))
    resize = {"size": x.shape[2:]} if how == "size" else {"scale_factor": 1.0}
    y = F.interpolate(x, mode=mode, **resize)
    assert y is not x and not np.shares_memory(y.numpy(), x.numpy())
    np.testing.assert_array_equal(y.numpy(), x.numpy())


def test_writing_into_a_same_size_bilinear_upsample_leaves_the_skip_connection_alone():
    a, ta = _pair([[[[-1.0, 2.0], [3.0, -4.0]]]], requires_grad=True)
    outs = []
    for lib, leaf in ((F, a), (TF, ta)):
        x = leaf * 1
        up = lib.interpolate(x, size=(2, 2), mode="bilinear")
        up.relu_()
        out = x + up
        out.sum().backward()
        outs.append(out.detach().numpy())
    np.testing.assert_array_equal(outs[0], outs[1])
    np.testing.assert_array_equal(a.grad.numpy(), ta.grad.numpy())


def test_an_in_place_change_of_a_same_size_interpolate_of_a_leaf_is_allowed():
    for lib, tensor in ((F, autograd), (TF, torch)):
        x = tensor.tensor([[[1.0, 2.0, 3.0]]], requires_grad=True)
        lib.interpolate(x, scale_factor=1, mode="linear").mul_(2).sum().backward()
        np.testing.assert_array_equal(x.grad.numpy(), [[[2.0, 2.0, 2.0]]])


@pytest.mark.parametrize("shape, factor", [((1, 4, 1, 1), 2), ((2, 3, 4, 5), 1), ((3, 9, 1, 1), 3), ((4, 1, 1), 2)])
def test_pixel_shuffle_and_unshuffle_return_new_tensors_with_pytorch_s_values(shape, factor):
    ours, theirs = _pair(np.arange(float(np.prod(shape))).reshape(shape))
    shuffled = F.pixel_shuffle(ours, factor)
    np.testing.assert_array_equal(shuffled.numpy(), TF.pixel_shuffle(theirs, factor).numpy())
    back = F.pixel_unshuffle(shuffled, factor)
    np.testing.assert_array_equal(back.numpy(), ours.numpy())
    assert not np.shares_memory(shuffled.numpy(), ours.numpy())
    assert not np.shares_memory(back.numpy(), shuffled.numpy())


# 2. RNG states the generator can never be in.

def _bad_states():
    state = autograd.get_rng_state()
    raw = state.numpy()
    even_increment = raw.copy()
    even_increment[16] &= 0xFE  # the increment's lowest bit (little-endian bytes 16..31)
    big_flag = raw.copy()
    big_flag[32] = 2
    return {"zeros": autograd.zeros_like(state), "repeated half": state[::2].repeat(2),
            "even increment": autograd.tensor(even_increment), "has_uint32 2": autograd.tensor(big_flag)}


@pytest.mark.parametrize("name", sorted(_bad_states()))
def test_set_rng_state_refuses_a_state_the_generator_cannot_be_in(name):
    before = autograd.get_rng_state()
    with pytest.raises(RuntimeError, match="Invalid"):
        autograd.set_rng_state(_bad_states()[name])
    np.testing.assert_array_equal(autograd.get_rng_state().numpy(), before.numpy())  # left as it was
    with pytest.raises(RuntimeError, match="Invalid mt19937 state"):
        torch.set_rng_state(torch.zeros_like(torch.get_rng_state()))


def test_a_random_state_is_refused_or_gives_a_working_generator():
    """Whatever bytes are given, randint returns and rand is not constant afterwards."""
    saved = autograd.get_rng_state()
    rng = np.random.default_rng(12)
    try:
        for _ in range(200):
            raw = rng.integers(0, 256, saved.numel(), dtype=np.uint8)
            raw[rng.integers(0, 4)] = 0 if rng.random() < 0.5 else raw[0]
            try:
                autograd.set_rng_state(autograd.tensor(raw))
            except RuntimeError:
                continue
            assert autograd.randint(0, 10, (5,)).shape == (5,)
            assert np.unique(autograd.rand(8).numpy()).size > 1
    finally:
        autograd.set_rng_state(saved)


def test_set_rng_state_accepts_a_reshaped_valid_state_as_pytorch():
    state = autograd.get_rng_state()
    expected = autograd.rand(4).numpy()
    autograd.set_rng_state(state.view(2, -1))
    np.testing.assert_array_equal(autograd.rand(4).numpy(), expected)
    torch_state = torch.get_rng_state()
    torch.set_rng_state(torch_state.view(2, -1))  # PyTorch accepts it too
    with pytest.raises(RuntimeError):
        autograd.set_rng_state(state[:10])


def test_generator_set_state_refuses_an_impossible_state():
    generator = autograd.Generator().manual_seed(3)
    state = generator.get_state()
    bad = {**state, "state": {"state": 0, "inc": 0}}
    with pytest.raises(RuntimeError, match="Invalid"):
        generator.set_state(bad)
    assert generator.set_state(state) is generator


# 3. threshold's double backward.

@pytest.mark.parametrize("inplace", [False, True])
def test_threshold_double_backward_is_zeros_in_x_s_graph(inplace):
    results = []
    for lib, tensor in ((F, autograd), (TF, torch)):
        x = tensor.tensor([1.0, -1.0, 2.0], dtype=tensor.float64, requires_grad=True)
        w = tensor.tensor([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]], dtype=tensor.float64)
        out = lib.threshold(w @ x, 0.1, -1.0, inplace=inplace) * tensor.tensor([1.0, 2.0], dtype=tensor.float64)
        grad = tensor.autograd.grad if tensor is torch else autograd.grad
        g, = grad(out.sum(), [x], create_graph=True)
        results.append((g.detach().numpy(), grad((g ** 2).sum(), [x])[0].numpy()))
    for ours, theirs in zip(results[0], results[1], strict=True):
        np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize("threshold", [0.0, -1.0, float("nan"), float("inf"), float("-inf")])
def test_threshold_values_and_two_derivatives_match_pytorch_at_the_edges(threshold):
    values = [-np.inf, -2.0, -1.0, -0.0, 0.0, 0.5, 1.0, np.inf, np.nan]
    results = []
    for lib, tensor in ((nn, autograd), (torch.nn, torch)):
        x = tensor.tensor(values, dtype=tensor.float64, requires_grad=True)
        y = lib.Threshold(threshold, 7.0)(x)
        grad = tensor.autograd.grad if tensor is torch else autograd.grad
        g, = grad((y * tensor.tensor(np.arange(9.0))).sum(), [x], create_graph=True)
        results.append((y.detach().numpy(), g.detach().numpy(), grad(g.sum(), [x], allow_unused=True)[0].numpy()))
    for ours, theirs in zip(results[0], results[1], strict=True):
        np.testing.assert_array_equal(ours, theirs)


# 4. dtypes and edge values.

@pytest.mark.parametrize("name", ["hardsigmoid", "hardswish", "celu", "selu", "softsign", "tanhshrink", "threshold"])
def test_float16_activations_stay_float16(name):
    ours, theirs = _pair([-3.5, -3.0, 0.0, 2.25, 3.0, 5.0], dtype=np.float16)
    args = (0.5, -1.0) if name == "threshold" else ()
    y, ty = getattr(F, name)(ours, *args), getattr(TF, name)(theirs, *args)
    assert y.dtype == autograd.float16 and ty.dtype == torch.float16
    np.testing.assert_allclose(y.numpy(), ty.numpy(), rtol=1e-3)


@pytest.mark.parametrize("threshold, value", [(0.5, 1.5), (-1.5, 7.9), (2, -3), (0.0, 0.0), (-2.7, -0.2)])
@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.int16])
def test_threshold_of_integers_converts_threshold_and_value_as_pytorch(threshold, value, dtype):
    ours, theirs = _pair([-3, -2, -1, 0, 1, 2, 3], dtype=dtype)
    y, ty = F.threshold(ours, threshold, value), TF.threshold(theirs, threshold, value)
    assert str(y.dtype) == str(ty.dtype).replace("torch.", "")
    np.testing.assert_array_equal(y.numpy(), ty.numpy())


def test_threshold_of_a_bool_tensor_is_not_implemented_as_pytorch():
    for lib, tensor in ((F, autograd), (TF, torch)):
        with pytest.raises(NotImplementedError, match="threshold_cpu"):
            lib.threshold(tensor.tensor([True, False]), 0.5, 0.0)


def test_hardswish_and_hardsigmoid_at_infinities_and_signed_zeros():
    values = [-np.inf, -5.0, -3.0, -0.0, 0.0, 3.0, 5.0, np.inf, np.nan]
    for name in ("hardswish", "hardsigmoid"):
        ours, theirs = _pair(values)
        y, ty = getattr(F, name)(ours).numpy(), getattr(TF, name)(theirs).numpy()
        np.testing.assert_array_equal(y, ty)
        np.testing.assert_array_equal(np.signbit(y), np.signbit(ty))


@pytest.mark.parametrize("name", ["softsign", "tanhshrink"])
def test_softsign_and_tanhshrink_of_integers_are_float32_as_pytorch(name):
    ours, theirs = _pair([-3, -1, 0, 2, 5], dtype=np.int64)
    y, ty = getattr(F, name)(ours), getattr(TF, name)(theirs)
    assert y.dtype == autograd.float32 and ty.dtype == torch.float32
    np.testing.assert_allclose(y.numpy(), ty.numpy(), rtol=1e-6)


# 5. second derivatives where PyTorch compares strictly.

SECOND_ORDER = {
    "celu": lambda lib, x: lib.celu(x),
    "celu-alpha2": lambda lib, x: lib.celu(x, alpha=2.0),
    "selu": lambda lib, x: lib.selu(x),
    "elu": lambda lib, x: lib.elu(x),
    "softplus-threshold0": lambda lib, x: lib.softplus(x, threshold=0.0),
    "softplus-beta2-threshold1": lambda lib, x: lib.softplus(x, beta=2.0, threshold=1.0),
    "softplus-beta-half": lambda lib, x: lib.softplus(x, beta=0.5, threshold=-1.0),
    "softplus": lambda lib, x: lib.softplus(x),
}


@pytest.mark.parametrize("name", sorted(SECOND_ORDER))
def test_first_and_second_derivatives_match_pytorch_at_the_branch_points(name):
    values = [-2.0, -1.0, -1e-300, -0.0, 0.0, 1e-300, 0.4999, 0.5, 0.5001, 1.0, 20.0, np.inf, -np.inf, np.nan]
    results = []
    for lib, tensor in ((F, autograd), (TF, torch)):
        x = tensor.tensor(values, dtype=tensor.float64, requires_grad=True)
        grad = tensor.autograd.grad if tensor is torch else autograd.grad
        y = SECOND_ORDER[name](lib, x)
        g, = grad(y.sum(), [x], create_graph=True)
        results.append((y.detach().numpy(), g.detach().numpy(), grad(g.sum(), [x])[0].numpy()))
    for ours, theirs in zip(results[0], results[1], strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=0)


def test_in_place_celu_with_a_negative_alpha_is_refused_in_backward_as_pytorch():
    for lib, tensor in ((F, autograd), (TF, torch)):
        x = tensor.tensor([-1.0, 2.0], requires_grad=True) * 1
        y = lib.celu(x, alpha=-1.0, inplace=True)
        with pytest.raises(RuntimeError, match="negative"):
            y.sum().backward()


# 6. error types.

def test_group_norm_refuses_one_value_per_group_as_pytorch():
    for shape, groups in (((1, 2, 1), 2), ((1, 4), 4), ((1, 3, 1, 1), 3)):
        for lib, tensor in ((F, autograd), (TF, torch)):
            with pytest.raises(ValueError, match="Expected more than 1 value per channel"):
                lib.group_norm(tensor.ones(shape), groups)
    for shape, groups in (((2, 4), 4), ((1, 2, 2), 2), ((0, 2, 1), 2)):  # accepted by both
        ours, theirs = _pair(np.arange(float(np.prod(shape))).reshape(shape))
        np.testing.assert_allclose(F.group_norm(ours, groups).numpy(), TF.group_norm(theirs, groups).numpy(),
                                   atol=1e-6)


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.bool_])
def test_norms_of_integer_tensors_are_not_implemented_as_pytorch(dtype):
    ours, theirs = _pair(np.ones((2, 2, 3)), dtype=dtype)
    for lib, x in ((F, ours), (TF, theirs)):
        with pytest.raises(NotImplementedError, match="LayerNormKernelImpl"):
            lib.layer_norm(x, (3,))
        with pytest.raises(NotImplementedError, match="GroupNormKernelImpl"):
            lib.group_norm(x, 2)


@pytest.mark.parametrize("size", [0, (0, 2), (2, 0), -1])
def test_interpolate_to_an_empty_size_is_a_runtime_error_as_pytorch(size):
    ours, theirs = _pair(IMAGE)
    for lib, x in ((F, ours), (TF, theirs)):
        with pytest.raises(RuntimeError, match="greater than 0"):
            lib.interpolate(x, size=size)


@pytest.mark.parametrize("mode", ["nearest", "nearest-exact"])
@pytest.mark.parametrize("shape", [(1, 1, 5), (1, 2, 3, 4), (1, 1, 2, 2), (1, 1, 2, 3, 4)])
def test_nearest_interpolation_at_non_integer_scales_picks_pytorchs_sources(mode, shape):
    """hostile14b S1: where the output is twice the input, PyTorch's 2-d nearest kernel takes j // 2 whatever the
    scale factor (2.107 on 2 rows picks rows 0, 0, 1, 1, not 0, 0, 0, 1)."""
    rng = np.random.default_rng(7)
    for scale in list(rng.uniform(0.5, 3.5, 40)) + [2.107, 2.0, 1.5]:  # (below 0.5 a size-2 axis empties)
        x = rng.standard_normal(shape).astype(np.float32)
        for recompute in (None, False, True):
            expected = torch.nn.functional.interpolate(torch.tensor(x), scale_factor=float(scale), mode=mode,
                                                       recompute_scale_factor=recompute).numpy()
            got = F.interpolate(autograd.tensor(x), scale_factor=float(scale), mode=mode,
                                recompute_scale_factor=recompute).numpy()
            np.testing.assert_array_equal(got, expected)
