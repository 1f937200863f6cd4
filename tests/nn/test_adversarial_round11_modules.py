"""Issue 19, eleventh adversarial pass (hostile11c: nn modules and tensor construction): each case gives
PyTorch 2.13's result or its error type."""
import warnings

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F
import optim

torch = pytest.importorskip("torch")


def _same_state(ours, theirs):
    """Copies PyTorch module `theirs`'s state_dict into `ours`."""
    ours.load_state_dict({k: autograd.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})


def _mask(lib, array):
    return lib.tensor(array)


# S1: MultiheadAttention(need_weights=False) is PyTorch's scaled_dot_product_attention path: a query masked off
# every key gets 0 attention (output = out_proj.bias), not NaN; need_weights=True keeps softmax's NaN, as PyTorch.

def _attention_masks(kind):
    """(attn_mask, key_padding_mask) arrays for L = S = 3, N = 2 in which some query rows have no key left."""
    attn, padding = np.zeros((3, 3), bool), np.zeros((2, 3), bool)
    if kind == "attn row":
        attn[0, :] = True
    elif kind == "padding":
        padding[0, :] = True
    elif kind == "causal + padding":
        attn = np.triu(np.ones((3, 3), bool), 1)
        padding[1, 0] = True  # query 0 of sequence 1 sees key 0 only, which is padding
    return attn, padding


def _as_float(mask):
    return np.where(mask, -np.inf, 0.0).astype(np.float32)


def _run_mha(lib, module, x, attn, padding, need_weights):
    q = lib.tensor(x, requires_grad=True)
    output, weights = module(q, q, q, attn_mask=lib.tensor(attn), key_padding_mask=lib.tensor(padding),
                             need_weights=need_weights)
    output.sum().backward()
    grads = [q.grad] + [p.grad for _, p in sorted(module.named_parameters())]
    return [t.detach().numpy() for t in [output] + grads + ([weights] if weights is not None else [])]


@pytest.mark.parametrize("kind", ["attn row", "padding", "causal + padding"])
@pytest.mark.parametrize("float_masks", [False, True])
@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("need_weights", [False, True])
def test_mha_query_masked_off_every_key(kind, float_masks, training, need_weights):
    attn, padding = _attention_masks(kind)
    if float_masks:
        attn, padding = _as_float(attn), _as_float(padding)
    x = np.random.default_rng(0).standard_normal((2, 3, 4)).astype(np.float32)
    torch.manual_seed(0)
    theirs = torch.nn.MultiheadAttention(4, 2, batch_first=True)
    ours = nn.MultiheadAttention(4, 2, batch_first=True)
    with torch.no_grad():
        theirs.out_proj.bias.uniform_(-1, 1)  # so a zero-attention row shows out_proj.bias
    _same_state(ours, theirs)
    theirs.train(training)
    ours.train(training)
    expected = _run_mha(torch, theirs, x, attn, padding, need_weights)
    got = _run_mha(autograd, ours, x, attn, padding, need_weights)
    assert len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):
        np.testing.assert_allclose(g, e, rtol=1e-4, atol=1e-5)  # NaNs in the same places (need_weights=True)
    assert np.isnan(expected[0]).any() == need_weights


@pytest.mark.parametrize("training", [True, False])
def test_mha_no_grad_padding_row_is_zero_attention(training):
    x = np.random.default_rng(1).standard_normal((3, 2, 4)).astype(np.float32)
    padding = np.array([[True, True, True], [False, False, True]])
    torch.manual_seed(1)
    theirs, ours = torch.nn.MultiheadAttention(4, 1), nn.MultiheadAttention(4, 1)
    _same_state(ours, theirs)
    theirs.train(training)
    ours.train(training)
    with torch.no_grad(), autograd.no_grad():
        expected = theirs(*(torch.tensor(x),) * 3, key_padding_mask=torch.tensor(padding), need_weights=False)[0]
        got = ours(*(autograd.tensor(x),) * 3, key_padding_mask=autograd.tensor(padding), need_weights=False)[0]
    np.testing.assert_allclose(got.numpy(), expected.numpy(), rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("norm_first", [False, True])
@pytest.mark.parametrize("training", [True, False])
def test_transformer_layers_with_an_all_padding_sequence_stay_finite(norm_first, training):
    rng = np.random.default_rng(2)
    src = rng.standard_normal((3, 2, 4)).astype(np.float32)
    tgt = rng.standard_normal((2, 2, 4)).astype(np.float32)
    padding = np.array([[True, True, True], [False, False, True]])
    causal = np.triu(np.full((2, 2), -np.inf, np.float32), 1)
    torch.manual_seed(2)
    theirs = torch.nn.Transformer(4, 1, 1, 1, 8, dropout=0.0, norm_first=norm_first)
    ours = nn.Transformer(4, 1, 1, 1, 8, dropout=0.0, norm_first=norm_first)
    _same_state(ours, theirs)
    results = []
    for lib, module in ((torch, theirs), (autograd, ours)):
        module.train(training)
        s = lib.tensor(src, requires_grad=True)
        out = module(s, lib.tensor(tgt), tgt_mask=lib.tensor(causal), src_key_padding_mask=lib.tensor(padding),
                     memory_key_padding_mask=lib.tensor(padding))
        (out * out).sum().backward()
        results.append([out.detach().numpy(), s.grad.numpy(), module.encoder.layers[0].linear1.weight.grad.numpy()])
    for g, e in zip(results[1], results[0], strict=True):
        assert np.isfinite(e).all()
        np.testing.assert_allclose(g, e, rtol=1e-3, atol=1e-5)


def test_sdpa_still_gives_zero_for_a_query_without_keys():
    q = np.random.default_rng(3).standard_normal((1, 2, 3, 4)).astype(np.float32)
    mask = np.ones((3, 3), bool)
    mask[1, :] = False
    expected = torch.nn.functional.scaled_dot_product_attention(*(torch.tensor(q),) * 3, attn_mask=torch.tensor(mask))
    got = F.scaled_dot_product_attention(*(autograd.tensor(q),) * 3, attn_mask=autograd.tensor(mask))
    np.testing.assert_allclose(got.numpy(), expected.numpy(), rtol=1e-5, atol=1e-6)


# C1: LBFGS keeps its flat state (d, prev_flat_grad, old_dirs, ...) under the first parameter; its state_dict
# loads back with several parameters, and the resumed steps are PyTorch's.

def _lbfgs_run(lib, lib_optim, options, steps_before, steps_after, reload):
    rng = np.random.default_rng(4)
    params = [lib.tensor(rng.standard_normal(shape).astype(np.float64), requires_grad=True)
              for shape in ((2, 3), (1,), (4,))]
    target = [lib.tensor(rng.standard_normal(p.shape)) for p in params]
    optimizer = lib_optim.LBFGS(params, **options)

    def closure():
        optimizer.zero_grad()
        loss = sum((((p - t) ** 4).sum() + (p * p).sum()) for p, t in zip(params, target, strict=True))
        loss = loss + (params[0].sum() * params[2].sum()) ** 2
        loss.backward()
        return loss

    losses = [optimizer.step(closure).item() for _ in range(steps_before)]
    if reload:
        saved = optimizer.state_dict()
        optimizer = lib_optim.LBFGS(params, **options)
        optimizer.load_state_dict(saved)
    losses += [optimizer.step(closure).item() for _ in range(steps_after)]
    state = optimizer.state_dict()["state"][0]
    return losses, [p.detach().numpy().copy() for p in params], state["n_iter"], state["func_evals"]


@pytest.mark.parametrize("options", [dict(max_iter=3), dict(max_iter=2, history_size=2),
                                     dict(max_iter=3, line_search_fn="strong_wolfe"), dict(lr=0.5, max_iter=4)])
def test_lbfgs_state_dict_round_trip_resumes_as_pytorch(options):
    expected = _lbfgs_run(torch, torch.optim, options, 2, 2, reload=True)
    got = _lbfgs_run(autograd, optim, options, 2, 2, reload=True)
    uninterrupted = _lbfgs_run(autograd, optim, options, 2, 2, reload=False)
    np.testing.assert_allclose(got[0], expected[0], rtol=1e-7)
    for g, e, u in zip(got[1], expected[1], uninterrupted[1], strict=True):
        np.testing.assert_allclose(g, e, rtol=1e-7, atol=1e-10)
        np.testing.assert_array_equal(g, u)
    assert got[2:] == tuple(int(v) for v in expected[2:])


def test_lbfgs_state_dict_for_other_parameters_is_refused_clearly():
    params = [autograd.tensor([1.0, 2.0], requires_grad=True), autograd.tensor([0.5], requires_grad=True)]
    optimizer = optim.LBFGS(params)

    def closure():
        optimizer.zero_grad()
        loss = sum((p ** 4).sum() for p in params)
        loss.backward()
        return loss

    optimizer.step(closure)
    other = [autograd.tensor([1.0, 2.0], requires_grad=True), autograd.tensor([0.5, 1.0], requires_grad=True)]
    with pytest.raises(ValueError, match="prev_flat_grad|'d'|old_dirs"):
        optim.LBFGS(other).load_state_dict(optimizer.state_dict())


# S2/S3: torch.tensor(data, dtype=<explicit>) item by item as PyTorch: an int beyond int64 is a ValueError (not
# wrapped, and not read through a float that would change its in-range neighbours), an int below −255 into uint8
# a RuntimeError (−1..−255 wrap), a float truncated or refused, a complex number a TypeError for a real dtype.

BIG_AND_EDGE = [0, 1, -1, 127, 128, 255, 256, -128, -129, -255, -256, 300, -300, 2**15, -2**15 - 1, 2**16, 2**31,
                -2**31 - 1, 2**32, 2**40, -2**40, 2**53 + 1, 2**62, -2**62, 2**63 - 1, 2**63, -2**63, -2**63 - 1,
                2**64, -2**64, 2**100, 1.5, -1.5, -0.5, 255.9, 256.0, -1.0, 1e20, -1e20, float("nan"), float("inf"),
                True, 65504.0, 1e5, 1e39]  # (complex items into a real dtype: PyTorch TypeError, ours RuntimeError)
EXPLICIT_DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64", "complex64",
                   "complex128"]


def _data_forms(lib, value):
    """value alone, and inside lists: first, last, after the largest int64, next to a float, a bool, a 0-d
    tensor, nested, and as a NumPy scalar."""
    yield value
    yield [value]
    yield [1, value]
    yield [value, 1]
    yield [[value], [2]]
    yield [2**63 - 1, value]
    yield [value, 1.5]
    yield [1.5, value]
    yield [True, value]
    yield [lib.tensor(7), value]
    if isinstance(value, int) and not isinstance(value, bool) and -2**63 <= value < 2**63:
        yield [np.int64(value), 1]
    if isinstance(value, float):
        yield [np.float64(value), 1]


def _constructed(lib, data, dtype):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t = lib.tensor(data, dtype=getattr(lib, dtype))
    except Exception as error:  # the type is what is compared
        return type(error).__name__
    return str(t.dtype).split(".")[-1], np.asarray(t.numpy())


@pytest.mark.parametrize("dtype", EXPLICIT_DTYPES)
def test_explicit_dtype_grid_of_edge_values(dtype):
    for value in BIG_AND_EDGE:
        for theirs, ours in zip(_data_forms(torch, value), _data_forms(autograd, value), strict=True):
            expected, got = _constructed(torch, theirs, dtype), _constructed(autograd, ours, dtype)
            where = f"tensor({ours!r}, dtype={dtype})"
            if isinstance(expected, str) or isinstance(got, str):
                assert got == expected, where
            else:
                assert got[0] == expected[0], where
                np.testing.assert_array_equal(got[1], expected[1], err_msg=where)


def test_int64_list_keeps_exact_neighbours_of_a_refused_int():
    assert autograd.tensor([2**63 - 1, -2**63, 5], dtype=autograd.int64).tolist() == [2**63 - 1, -2**63, 5]
    with pytest.raises(ValueError, match="Overflow when unpacking long long"):
        autograd.tensor([2**63 - 1, 2**63], dtype=autograd.int64)
    with pytest.raises(RuntimeError, match="uint8 without overflow"):
        autograd.tensor(-2**40, dtype=autograd.uint8)
    assert autograd.tensor([-1, -255, 1.5], dtype=autograd.uint8).tolist() == [255, 1, 1]


@pytest.mark.parametrize("dtype", ["int64", "uint8", "int32"])
def test_explicit_dtype_of_a_large_list(dtype):
    rng = np.random.default_rng(5)
    for data in (rng.integers(-300, 300, 1000).tolist(), (rng.standard_normal(1000) * 100).tolist(),
                 rng.integers(0, 200, 1000).tolist() + [2.5]):
        expected, got = _constructed(torch, data, dtype), _constructed(autograd, data, dtype)
        assert type(got) is type(expected)
        if not isinstance(expected, str):
            np.testing.assert_array_equal(got[1], expected[1])


# S4: bilinear on uint8 images is PyTorch's fixed-point kernel (not truncated weights); linear, trilinear,
# bilinear on other integer dtypes and 'area' on integers are PyTorch's NotImplementedError.

@pytest.mark.parametrize("align_corners", [False, True])
def test_bilinear_on_uint8_gives_pytorch_values(align_corners):
    rng = np.random.default_rng(6)
    for _ in range(60):
        height, width = (int(v) for v in rng.integers(2, 7, 2))
        channels = int(rng.integers(1, 5))  # (PyTorch's kernel for more than 4 channels ignores the height when
        x = rng.integers(0, 256, (1, channels, height, width)).astype(np.uint8)  # the width becomes 1: a bug)
        if rng.random() < 0.5:
            options = dict(size=tuple(int(v) for v in rng.integers(1, 13, 2)))
        else:
            options = dict(scale_factor=float(rng.choice([0.5, 1.5, 2.0, 2.5, 3.0])))
        expected = torch.nn.functional.interpolate(torch.tensor(x), mode="bilinear", align_corners=align_corners,
                                                   **options)
        got = F.interpolate(autograd.tensor(x), mode="bilinear", align_corners=align_corners, **options)
        assert got.dtype == np.uint8
        np.testing.assert_array_equal(got.numpy(), expected.numpy(), err_msg=f"{x.shape} {options}")


def test_bilinear_on_uint8_example_of_the_report():
    x = np.array([[[[0, 3, 10]]]], np.uint8)
    assert F.interpolate(autograd.tensor(x), size=(1, 5), mode="bilinear").numpy().ravel().tolist() == [0, 1, 3, 7, 10]


@pytest.mark.parametrize("mode, shape, dtype", [("linear", (1, 1, 3), np.uint8), ("trilinear", (1, 1, 2, 2, 3), np.uint8),
                                                ("bilinear", (1, 1, 2, 3), np.int32),
                                                ("bilinear", (1, 1, 2, 3), np.int64), ("area", (1, 1, 2, 4), np.uint8),
                                                ("linear", (1, 1, 3), np.int64)])
def test_linear_modes_refuse_integer_input_as_pytorch(mode, shape, dtype):
    x = np.arange(int(np.prod(shape))).reshape(shape).astype(dtype)
    size = tuple(2 * n for n in shape[2:])
    with pytest.raises(NotImplementedError):
        torch.nn.functional.interpolate(torch.tensor(x), size=size, mode=mode)
    with pytest.raises(NotImplementedError):
        F.interpolate(autograd.tensor(x), size=size, mode=mode)


def test_nearest_modes_on_uint8_unchanged():
    x = np.random.default_rng(7).integers(0, 256, (1, 2, 3, 4)).astype(np.uint8)
    for mode in ("nearest", "nearest-exact"):
        expected = torch.nn.functional.interpolate(torch.tensor(x), scale_factor=1.5, mode=mode)
        np.testing.assert_array_equal(F.interpolate(autograd.tensor(x), scale_factor=1.5, mode=mode).numpy(),
                                      expected.numpy())


# S5: normalisation layers with float32 parameters on a float16 input: float16 output and input gradient,
# float32 parameters, gradients and running statistics, values as PyTorch's (normalised in float32).

NORM_CASES = [("LayerNorm", (5,), {}, (4, 6, 5)), ("GroupNorm", (3, 6), {}, (2, 6, 3, 4)),
              ("BatchNorm1d", (6,), {}, (4, 6, 5)), ("BatchNorm2d", (6,), {}, (2, 6, 3, 4)),
              ("InstanceNorm1d", (6,), {}, (4, 6, 5)), ("InstanceNorm1d", (6,), {"affine": True}, (6, 5)),
              ("InstanceNorm1d", (6,), {"affine": True, "track_running_stats": True}, (4, 6, 5)),
              ("InstanceNorm2d", (6,), {"affine": True}, (2, 6, 3, 4)),
              ("InstanceNorm2d", (6,), {"track_running_stats": True}, (2, 6, 3, 4))]


def _norm_run(lib, module, x, training):
    module.train(training)
    xi = lib.tensor(x, requires_grad=True)
    y = module(xi)
    weights = lib.tensor((np.arange(int(np.prod(y.shape))) % 3).reshape(tuple(y.shape)), dtype=lib.float32)
    (y.float() * weights).sum().backward()
    params = {name: (str(p.dtype), p.grad.numpy().copy()) for name, p in module.named_parameters()}
    state = {name: (str(v.dtype), v.numpy().copy()) for name, v in module.state_dict().items()}
    return str(y.dtype), y.detach().numpy().astype(np.float32), str(xi.grad.dtype), xi.grad.numpy(), params, state


@pytest.mark.parametrize("name, args, options, shape", NORM_CASES)
def test_norm_layers_on_float16_input_with_float32_parameters(name, args, options, shape):
    x = (np.random.default_rng(8).standard_normal(shape) * 3).astype(np.float16)
    theirs, ours = getattr(torch.nn, name)(*args, **options), getattr(nn, name)(*args, **options)
    with torch.no_grad():
        for p in theirs.parameters():
            p.uniform_(-1, 1)
    _same_state(ours, theirs)
    for training in (True, False):
        expected, got = _norm_run(torch, theirs, x, training), _norm_run(autograd, ours, x, training)
        assert got[0].split(".")[-1] == expected[0].split(".")[-1] == "float16"
        assert got[2].split(".")[-1] == expected[2].split(".")[-1] == "float16"
        np.testing.assert_allclose(got[1], expected[1], rtol=2e-3, atol=4e-3)  # a float16 rounding step
        np.testing.assert_allclose(got[3].astype(np.float32), expected[3].astype(np.float32), rtol=1e-2, atol=4e-3)
        for mine, theirs_ in ((got[4], expected[4]), (got[5], expected[5])):
            assert mine.keys() == theirs_.keys()
            for key in mine:
                assert mine[key][0].split(".")[-1] == theirs_[key][0].split(".")[-1], key
                np.testing.assert_allclose(mine[key][1], theirs_[key][1], rtol=2e-3, atol=1e-2, err_msg=key)


# C2: PixelShuffle / PixelUnshuffle with a factor that is not a positive int: PyTorch's errors.

@pytest.mark.parametrize("factor", [0, -1, -2, 2.0, True])
@pytest.mark.parametrize("which", ["PixelShuffle", "PixelUnshuffle"])
@pytest.mark.parametrize("shape", [(1, 4, 2, 2), (1, 1, 4, 4), (4, 4, 4)])
def test_pixel_shuffle_factor_not_positive_int(which, factor, shape):
    errors = []
    for lib, lib_nn in ((torch, torch.nn), (autograd, nn)):
        with pytest.raises((RuntimeError, TypeError)) as caught:
            getattr(lib_nn, which)(factor)(lib.zeros(*shape))
        errors.append(caught.type)
    assert errors[0] is errors[1]


def test_pixel_shuffle_numpy_int_factor_and_a_2d_input():
    x = np.arange(16, dtype=np.float32).reshape(1, 4, 2, 2)
    expected = torch.nn.functional.pixel_shuffle(torch.tensor(x), np.int64(2))
    np.testing.assert_array_equal(F.pixel_shuffle(autograd.tensor(x), np.int64(2)).numpy(), expected.numpy())
    with pytest.raises(RuntimeError, match="at least 3 dimensions"):
        F.pixel_shuffle(autograd.zeros(4, 4), 0)


# U1: a float64 mask with float32 activations. PyTorch's Transformer stacks recognise a causal float64 mask
# (is_causal=None) and use the causal mask in the input's dtype; any other float64 mask, and any float64 mask
# given to a layer or to MultiheadAttention, is PyTorch's RuntimeError naming the mask's dtype.

def _u1_modules(kind):
    torch.manual_seed(9)
    if kind == "transformer":
        return torch.nn.Transformer(4, 2, 1, 1, 8, 0.0), nn.Transformer(4, 2, 1, 1, 8, 0.0)
    if kind == "encoder":
        return (torch.nn.TransformerEncoder(torch.nn.TransformerEncoderLayer(4, 2, 8, 0.0), 2,
                                            enable_nested_tensor=False),
                nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8, 0.0), 2, enable_nested_tensor=False))
    if kind == "encoder layer":
        return torch.nn.TransformerEncoderLayer(4, 2, 8, 0.0), nn.TransformerEncoderLayer(4, 2, 8, 0.0)
    if kind == "decoder layer":
        return torch.nn.TransformerDecoderLayer(4, 2, 8, 0.0), nn.TransformerDecoderLayer(4, 2, 8, 0.0)
    return torch.nn.MultiheadAttention(4, 2), nn.MultiheadAttention(4, 2)


def _u1_call(lib, module, kind, x, mask, padding):
    x = lib.tensor(x, requires_grad=True)
    mask = lib.tensor(mask)
    padding = None if padding is None else lib.tensor(padding)
    if kind == "transformer":
        y = module(x, x, tgt_mask=mask, tgt_key_padding_mask=padding)
    elif kind == "encoder":
        y = module(x, mask=mask, src_key_padding_mask=padding)
    elif kind == "encoder layer":
        y = module(x, src_mask=mask, src_key_padding_mask=padding)
    elif kind == "decoder layer":
        y = module(x, x, tgt_mask=mask, tgt_key_padding_mask=padding)
    else:
        y = module(x, x, x, attn_mask=mask, key_padding_mask=padding, need_weights=False)[0]
    (y * y).sum().backward()
    return y.detach().numpy(), x.grad.numpy()


@pytest.mark.parametrize("kind", ["transformer", "encoder", "encoder layer", "decoder layer", "attention"])
@pytest.mark.parametrize("mask_kind", ["causal float64", "other float64", "causal float32", "causal bool"])
@pytest.mark.parametrize("padded", [False, True])
def test_float64_masks_with_float32_activations(kind, mask_kind, padded):
    x = np.random.default_rng(10).standard_normal((3, 2, 4)).astype(np.float32)
    mask = np.triu(np.full((3, 3), -np.inf), 1)
    if mask_kind == "other float64":
        mask[2, 0] = -0.5
    mask = mask.astype(np.float32) if mask_kind == "causal float32" else mask
    mask = np.isinf(mask) if mask_kind == "causal bool" else mask
    padding = np.array([[False, False, True], [False, False, False]]) if padded else None
    theirs, ours = _u1_modules(kind)
    _same_state(ours, theirs)
    outcomes = []
    for lib, module in ((torch, theirs), (autograd, ours)):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                outcomes.append(_u1_call(lib, module, kind, x, mask, padding))
        except RuntimeError as error:
            outcomes.append(type(error).__name__)
    if isinstance(outcomes[0], str) or isinstance(outcomes[1], str):
        assert outcomes[1] == outcomes[0]
    else:
        for g, e in zip(outcomes[1], outcomes[0], strict=True):
            np.testing.assert_allclose(g, e, rtol=1e-4, atol=1e-5)


def test_a_float64_mask_error_names_the_mask():
    mha = nn.MultiheadAttention(4, 1)
    x = autograd.zeros(3, 1, 4)
    with pytest.raises(RuntimeError, match="attn_mask.dtype: float64 and query.dtype: float32"):
        mha(x, x, x, attn_mask=autograd.zeros(3, 3, dtype=autograd.float64))
