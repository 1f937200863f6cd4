"""Fifteenth adversarial pass on tensor ops (hostile15c, hostile15b S2), each against PyTorch 2.13: addcmul/addcdiv
in the result's dtype, cat's legacy empty tensors and contiguous joins, addmm/addbmm's integers and alpha = 0,
integer arange with a fractional end, cumprod's gradient along a size-1 dim, relu(-0.0), var_mean over empty
tensors, and smaller differences."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd

torch = pytest.importorskip("torch")

INF, NAN = float("inf"), float("nan")


def _outcome(lib, make):
    """make(lib)'s result as (dtype name, values) or its error type, for comparing glassgrad with PyTorch."""
    try:
        result = make(lib)
    except Exception as error:  # noqa: BLE001 (the error type is what is compared)
        return type(error).__name__
    return str(result.dtype).replace("torch.", ""), result.detach().numpy().tolist()


def _same(make):
    """make(glassgrad) gives PyTorch's dtype and values (NaN equal to NaN, floats to 1e-6), or its error type."""
    ours, theirs = _outcome(autograd, make), _outcome(torch, make)
    assert type(ours) is type(theirs) and ours[0] == theirs[0], (ours, theirs)
    if isinstance(ours, tuple) and ours[0].startswith("float"):
        np.testing.assert_allclose(np.array(ours[1], float), np.array(theirs[1], float), rtol=1e-6)
    elif isinstance(ours, tuple):
        assert ours[1] == theirs[1]


def _t(lib, values, dtype, requires_grad=False):
    return lib.tensor(values, dtype=getattr(lib, dtype), requires_grad=requires_grad)


# S1: addcmul / addcdiv promote input, tensor1 and tensor2 before any arithmetic.

ADDC_CASES = [
    ("float64", [1e200], "float32", [1e30], "float32", [1e30]),
    ("int32", [7], "uint8", [200], "uint8", [200]),
    ("float32", [1e30], "int64", [2**40], "int64", [2**40]),
    ("int32", [7], "bool", [True], "bool", [True]),
    ("uint8", [7], "bool", [True], "bool", [True]),
    ("int8", [100], "bool", [True], "int8", [100]),
    ("float32", [1.0], "float16", [300.0], "float16", [300.0]),
    ("float16", [1.0], "float32", [300.0], "float16", [300.0]),
    ("int64", [1], "int32", [2**20], "int16", [2**12]),
    ("uint8", [200], "uint8", [200], "uint8", [3]),
    ("bool", [True], "bool", [True], "bool", [True]),
    ("float32", [1.0], "int32", [3], "float64", [0.5]),
]


@pytest.mark.parametrize("value", [1, -1, 3, 0.5])
@pytest.mark.parametrize("case", ADDC_CASES)
def test_addcmul_computes_in_the_promoted_result_dtype(case, value):
    x, xv, a, av, b, bv = case
    _same(lambda lib: lib.addcmul(_t(lib, xv, x), _t(lib, av, a), _t(lib, bv, b), value=value))


@pytest.mark.parametrize("case", [("float64", [1.0], "float32", [1e30], "float32", [1e-30]),
                                  ("float32", [1.0], "float16", [300.0], "float16", [1e-3]),
                                  ("float16", [1.0], "float32", [1e-5], "float32", [1e-5]),
                                  ("int32", [7], "float16", [3.0], "uint8", [7]),
                                  ("int32", [7], "int32", [3], "uint8", [7])])
def test_addcdiv_divides_in_the_promoted_result_dtype(case):
    x, xv, a, av, b, bv = case
    _same(lambda lib: lib.addcdiv(_t(lib, xv, x), _t(lib, av, a), _t(lib, bv, b), value=0.5))


@pytest.mark.parametrize("value", [2**40, -(2**40), 300])
def test_addcmul_value_must_fit_an_integer_result(value):
    _same(lambda lib: lib.addcmul(_t(lib, [1], "int16"), _t(lib, [2], "int16"), _t(lib, [3], "int8"), value=value))


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["float16", "float32", "float64"]), st.sampled_from(["float16", "float32", "float64"]),
       st.floats(-1e4, 1e4, width=16), st.floats(-1e4, 1e4, width=16))
def test_addcmul_of_mixed_floats_matches_pytorch_with_gradients(input_dtype, factor_dtype, a, b):
    def run(lib):
        x = _t(lib, [1.0, -2.0], input_dtype, requires_grad=True)
        t1 = _t(lib, [a, b], factor_dtype, requires_grad=True)
        t2 = _t(lib, [b, a], factor_dtype, requires_grad=True)
        out = lib.addcmul(x, t1, t2, value=0.5)
        out.sum().backward()
        return [v.detach().numpy() for v in (out, x.grad, t1.grad, t2.grad)]

    for ours, theirs in zip(run(autograd), run(torch), strict=True):
        assert ours.dtype == theirs.dtype
        np.testing.assert_allclose(ours, theirs, rtol=2e-3 if "float16" in (input_dtype, factor_dtype) else 1e-6)


def test_addcmul_of_a_promoted_factor_changed_in_place_refuses_backward_as_pytorch():
    for lib in (autograd, torch):
        a = _t(lib, [300.0], "float16", requires_grad=True)
        x = _t(lib, [2.0], "float32", requires_grad=True)
        factor = a * 1
        out = lib.addcmul(x, factor, factor)
        with lib.no_grad():
            factor.mul_(2)
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            out.backward()


# S2: cat with legacy empty 1-D tensors; cat and stack write row-major results (hostile15b S2).

def _legacy_cat_outcome(lib, parts, dim):
    tensors = [lib.zeros(0, dtype=getattr(lib, dtype), requires_grad=dtype.startswith("float")) if shape == (0,)
               else lib.ones(*shape, dtype=getattr(lib, dtype)) for shape, dtype in parts]
    try:
        out = lib.cat(tensors, dim)
    except Exception as error:  # noqa: BLE001 (the error type is what is compared)
        return type(error).__name__
    grads = []
    if out.requires_grad:
        out.sum().backward()
        grads = [(tuple(t.grad.shape), str(t.grad.dtype).split(".")[-1]) for t in tensors if t.requires_grad]
    return str(out.dtype).split(".")[-1], tuple(out.shape), out.requires_grad, grads


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([(0,), (0,), (2, 3), (1, 3), (2, 1), (3,), (0, 3)]),
                          st.sampled_from(["float32", "float64", "int64", "uint8", "bool"])), min_size=1, max_size=4),
       st.integers(-3, 2))
def test_cat_with_legacy_empty_tensors_promotes_and_requires_grad_as_pytorch(parts, dim):
    assert _legacy_cat_outcome(autograd, parts, dim) == _legacy_cat_outcome(torch, parts, dim)


def test_the_accumulator_pattern_gives_pytorchs_float32():
    _same(lambda lib: lib.cat([lib.tensor([]), lib.tensor([[1, 2]])]))
    _same(lambda lib: lib.cat([lib.tensor([[1, 2]]), lib.zeros(0, dtype=lib.float64)]))
    _same(lambda lib: lib.concat([lib.zeros(0)], dim=2))


def _layouts(lib):
    v = lib.arange(6.0).reshape(2, 3).t()
    image = lib.arange(24.0).reshape(2, 3, 4).permute(2, 0, 1)  # HWC read as CHW, as a data set's __getitem__
    cl = lib.arange(24.0).reshape(1, 2, 3, 4).contiguous(memory_format=lib.channels_last)
    joins = [lib.stack([v, v]), lib.cat([v, v]), lib.cat([v, v], 1), lib.stack([v, v], 2), lib.stack([image, image]),
             lib.cat([image, image], 1), lib.hstack([v, v]), lib.cat([cl, cl]), lib.cat([cl, cl], 1),
             lib.cat([cl, cl.contiguous()]), lib.cat([v[:, ::2], v[:, ::2]])]
    return [(j.is_contiguous(), j.is_contiguous(memory_format=lib.channels_last) if j.ndim == 4 else None,
             j.detach().numpy().tolist()) for j in joins]


def test_cat_and_stack_of_non_contiguous_tensors_are_laid_out_as_pytorchs():
    assert _layouts(autograd) == _layouts(torch)


def test_a_batch_of_permuted_images_is_contiguous_and_views_as_pytorchs():
    from nn.data import DataLoader  # noqa: PLC0415

    class Images:
        def __len__(self):
            return 4

        def __getitem__(self, i):
            return autograd.from_numpy(np.full((8, 8, 3), float(i), np.float32)).permute(2, 0, 1), i

    x, _ = next(iter(DataLoader(Images(), batch_size=2)))
    assert x.is_contiguous() and x.stride() == (192, 64, 8, 1)
    assert x.view(x.size(0), -1).shape == (2, 192)


# S3, S5, C2: addmm / baddbmm / addbmm with integers, alpha = 0 and non-finite scales.

def _matrix_update(lib, op, dtype, k, batches, **scales):
    d = getattr(lib, dtype)
    if op == "addmm":
        return lib.addmm(lib.full((2, 2), 3, dtype=d), lib.full((2, k), 100, dtype=d), lib.full((k, 2), 5, dtype=d),
                         **scales)
    batch1, batch2 = lib.full((batches, 2, k), 100, dtype=d), lib.full((batches, k, 2), 5, dtype=d)
    if op == "baddbmm":
        return lib.baddbmm(lib.full((batches, 2, 2), 3, dtype=d), batch1, batch2, **scales)
    return lib.addbmm(lib.full((2, 2), 3, dtype=d), batch1, batch2, **scales)


SCALES = [INF, -INF, NAN, 1e20, 2**40, 2.5, -1, 0, 0.0, 1.0, -1.0, 3, True, False]


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("name", ["alpha", "beta"])
@pytest.mark.parametrize("k", [0, 1, 3])
@pytest.mark.parametrize("dtype", ["uint8", "int8", "int32", "int64", "float32"])
@pytest.mark.parametrize("op", ["addmm", "baddbmm", "addbmm"])
def test_matrix_updates_keep_dtype_and_check_scales_as_pytorch(op, dtype, k, name, scale):
    _same(lambda lib: _matrix_update(lib, op, dtype, k, 2, **{name: scale}))


@pytest.mark.parametrize("batches", [0, 1, 3])
@pytest.mark.parametrize("dtype", ["uint8", "int8", "int16", "int64"])
def test_integer_addbmm_keeps_its_dtype_and_wraps(dtype, batches):
    _same(lambda lib: _matrix_update(lib, "addbmm", dtype, 2, batches, beta=-1, alpha=2))


@pytest.mark.parametrize("scales", [{"alpha": 0}, {"alpha": 0.0, "beta": 2}, {"alpha": 0, "beta": 0}, {"alpha": -0.0}])
@pytest.mark.parametrize("op", ["addmm", "baddbmm", "addbmm"])
def test_alpha_zero_ignores_the_product_in_addmm_and_addbmm_not_baddbmm(op, scales):
    def run(lib):
        x = lib.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        a = lib.tensor([[[INF], [1.0]]], requires_grad=True)
        b = lib.tensor([[[1.0, NAN]]], requires_grad=True)
        if op == "addmm":
            out = lib.addmm(x, a[0], b[0], **scales)
        elif op == "baddbmm":
            out = lib.baddbmm(x[None], a, b, **scales)
        else:
            out = lib.addbmm(x, a, b, **scales)
        out.sum().backward()
        return [t.detach().numpy() for t in (out, x.grad, a.grad, b.grad)]

    for ours, theirs in zip(run(autograd), run(torch), strict=True):
        np.testing.assert_array_equal(ours, theirs)


# S4: integer arange with a fractional end: PyTorch truncates the end for int64 only.

INTEGER_DTYPES = ["int64", "int32", "int16", "int8", "uint8"]


@pytest.mark.parametrize("dtype", INTEGER_DTYPES)
@pytest.mark.parametrize("args", [(5.5,), (-3, 2.7, 1), (0, 3.0000001), (0, -2.5, -1), (2, -3.3, -1), (1, 5.0000001, 2),
                                  (3, 3.5), (0, 0.5), (0, 1e-9), (0, -1e-9, -1), (-1, 4.999999, 2), (0, 6.0, 2)])
def test_integer_arange_counts_a_fractional_end_as_pytorch(args, dtype):
    _same(lambda lib: lib.arange(*args, dtype=getattr(lib, dtype)))


@settings(max_examples=150, deadline=None)
@given(st.integers(-20, 20), st.floats(-40, 40, allow_nan=False) | st.integers(-40, 40),
       st.sampled_from([1, 2, 3, 7, -1, -2, -5, 2.0, -3.0]), st.sampled_from(INTEGER_DTYPES + ["float32", "float64"]))
def test_arange_of_any_end_has_pytorchs_values(start, end, step, dtype):
    _same(lambda lib: lib.arange(start, end, step, dtype=getattr(lib, dtype)))


# S6: cumprod along a size-1 dim (or 0-d) and logcumsumexp of a 0-d tensor pass the gradient through.

SPECIAL = [5.0, INF, -INF, NAN, 0.0, -0.0, -2.5]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("case", ["row dim 0", "column dim 1", "0-d", "long dim 1", "logcumsumexp 0-d",
                                  "logcumsumexp column"])
def test_scans_of_one_element_have_pytorchs_gradient(case, dtype):
    def run(lib):
        if case.endswith("0-d"):
            xs = [lib.tensor(v, dtype=getattr(lib, dtype), requires_grad=True) for v in SPECIAL]
            outs = [lib.logcumsumexp(x, 0) if case.startswith("log") else lib.cumprod(x, -1) for x in xs]
            for out in outs:
                out.backward(lib.tensor(3.0, dtype=getattr(lib, dtype)))
            return [np.array([x.grad.item() for x in xs]), np.array([o.item() for o in outs])]
        values = {"row dim 0": [SPECIAL], "column dim 1": [[v] for v in SPECIAL], "long dim 1": [SPECIAL],
                  "logcumsumexp column": [[v] for v in SPECIAL]}[case]
        x = _t(lib, values, dtype, requires_grad=True)
        dim = 0 if case == "row dim 0" else 1
        out = lib.logcumsumexp(x, dim) if case.startswith("log") else lib.cumprod(x, dim)
        out.sum().backward()
        return [x.grad.numpy(), out.detach().numpy()]

    for ours, theirs in zip(run(autograd), run(torch), strict=True):
        np.testing.assert_array_equal(ours, theirs)


def test_cumprod_of_one_element_refuses_backward_after_an_in_place_change_as_pytorch():
    for lib in (autograd, torch):
        w = lib.tensor([[2.0, 3.0]], requires_grad=True)
        x = w * 1
        out = lib.cumprod(x, 0)
        assert "CumprodBackward0" in repr(out.grad_fn)
        with lib.no_grad():
            x.mul_(2)
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            out.sum().backward()


# S7: relu keeps the sign of -0.0, as PyTorch's (and its neighbours agree with PyTorch's).

def _nn(lib):
    import nn  # noqa: PLC0415 (glassgrad's nn package)

    return nn if lib is autograd else torch.nn


RELU_LIKE = {
    "relu": lambda lib, x: lib.relu(x),
    "relu_": lambda lib, x: x.clone().relu_(),
    "F.relu": lambda lib, x: _nn(lib).functional.relu(x),
    "F.relu inplace": lambda lib, x: _nn(lib).functional.relu(x.clone(), inplace=True),
    "nn.ReLU": lambda lib, x: _nn(lib).ReLU()(x),
    "clamp min 0": lambda lib, x: lib.clamp(x, min=0),
    "clamp_min": lambda lib, x: x.clamp_min(0),
    "threshold": lambda lib, x: _nn(lib).functional.threshold(x, 0.0, 0.0),
    "hardtanh": lambda lib, x: _nn(lib).functional.hardtanh(x),
    "leaky_relu": lambda lib, x: _nn(lib).functional.leaky_relu(x),
}  # (not maximum: PyTorch's own sign of max(-0.0, 0.0) changes with the length, from its vector loop)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("name", sorted(RELU_LIKE))
def test_relu_and_its_neighbours_keep_the_sign_of_zero_as_pytorch(name, dtype):
    values = [-0.0, 0.0, -1.0, 2.0, NAN, -INF, INF] * 5  # (long enough for NumPy's vector loops)
    ours = RELU_LIKE[name](autograd, _t(autograd, values, dtype)).numpy()
    theirs = RELU_LIKE[name](torch, _t(torch, values, dtype)).numpy()
    numbers = ~np.isnan(theirs)  # (the sign of a NaN is not compared)
    np.testing.assert_array_equal(np.signbit(ours[numbers]), np.signbit(theirs[numbers]))
    np.testing.assert_array_equal(ours, theirs)


def test_relu_of_minus_zero_in_strided_and_0d_tensors_is_minus_zero():
    x = autograd.full((6, 6), -0.0)
    for view in (x, x[::2, ::3], x.t(), autograd.tensor(-0.0), x[0]):
        assert np.signbit(autograd.relu(view).numpy()).all()
    assert (1 / autograd.relu(autograd.tensor([-0.0]))).item() == -INF


# C1: var_mean / std_mean over a dim when another dim has size 0.

@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("op", ["var_mean", "std_mean"])
@pytest.mark.parametrize("shape, dim", [((0, 2, 2), -1), ((0, 3, 2), (-1, 1)), ((2, 0), 0), ((2, 0, 3), 2),
                                        ((2, 0, 3), (0, 2)), ((0,), 0), ((3, 0), None), ((0, 2), 1)])
def test_var_mean_with_an_empty_dim_gives_pytorchs_empty_or_nan_results(shape, dim, op, keepdim):
    def run(lib):
        with __import__("warnings").catch_warnings():
            __import__("warnings").simplefilter("ignore")  # (PyTorch warns of the degrees of freedom)
            x = lib.ones(*shape, requires_grad=True)
            spread, mean = getattr(lib, op)(x, dim, keepdim=keepdim)
        (spread.sum() + mean.sum()).backward()
        return [spread.detach().numpy(), mean.detach().numpy(), x.grad.numpy()]

    for ours, theirs in zip(run(autograd), run(torch), strict=True):
        assert ours.shape == theirs.shape
        np.testing.assert_array_equal(ours, theirs)


# Minor: PyTorch's results or error types where glassgrad refused or computed.

MINOR = {
    "broadcast_to -1": lambda lib: lib.broadcast_to(lib.ones(1), (-1,)),
    "broadcast_to inner -1": lambda lib: lib.broadcast_to(lib.arange(3.0).reshape(3, 1), (2, -1, 4)),
    "broadcast_to last -1": lambda lib: lib.broadcast_to(lib.arange(3.0).reshape(3, 1), (3, -1)),
    "broadcast_to leading -1": lambda lib: lib.broadcast_to(lib.ones(3, 1), (-1, 3, 4)),
    "broadcast_to -2": lambda lib: lib.broadcast_to(lib.ones(3, 1), (-2, 1)),
    "index_copy 0-d": lambda lib: lib.index_copy(lib.tensor(1.0), 0, lib.tensor([0]), lib.tensor([5.0])),
    "index_copy 0-d scalars": lambda lib: lib.index_copy(lib.tensor(1.0), 0, lib.tensor(0), lib.tensor(5.0)),
    "index_copy 0-d dim -1": lambda lib: lib.index_copy(lib.tensor(1.0), -1, lib.tensor([0]), lib.tensor([5.0])),
    "index_copy 0-d twice": lambda lib: lib.index_copy(lib.tensor(1.0), 0, lib.tensor([0, 0]), lib.tensor([5.0, 6.0])),
    "index_copy 0-d out of range": lambda lib: lib.index_copy(lib.tensor(1.0), 0, lib.tensor([1]), lib.tensor([5.0])),
    "index_copy_ 0-d": lambda lib: lib.tensor(1.0).index_copy_(0, lib.tensor([0]), lib.tensor([5.0])),
    "lerp 0-d float32 weight": lambda lib: lib.lerp(_t(lib, [1, 0], "float16"), _t(lib, [0, 1], "float16"),
                                                     lib.tensor(0.3)),
    "lerp 0-d float64 weight": lambda lib: lib.lerp(lib.ones(2), lib.zeros(2), lib.tensor(0.7, dtype=lib.float64)),
    "lerp 0-d int weight": lambda lib: lib.lerp(lib.ones(2), lib.zeros(2), lib.tensor(1)),
    "lerp 1-d float64 weight": lambda lib: lib.lerp(lib.ones(2), lib.zeros(2), lib.tensor([0.5], dtype=lib.float64)),
    "lerp 0-d float64 end": lambda lib: lib.lerp(lib.ones(2), lib.zeros((), dtype=lib.float64), lib.tensor(0.5)),
    "concat legacy dim 2": lambda lib: lib.concat([lib.zeros(0)], dim=2),
    "kthvalue empty dim": lambda lib: lib.kthvalue(lib.ones(2, 0), 1, 1).values,
    "kthvalue empty vector": lambda lib: lib.kthvalue(lib.ones(0), 1).values,
    "kthvalue k too big": lambda lib: lib.kthvalue(lib.ones(3), 4).values,
    "kthvalue empty other dim": lambda lib: lib.kthvalue(lib.ones(0, 2), 1, 1).values,
    "matmul bool": lambda lib: lib.matmul(_t(lib, [[True, False]], "bool"), _t(lib, [[True], [True]], "bool")),
    "mv bool": lambda lib: lib.mv(_t(lib, [[True, False]], "bool"), _t(lib, [True, True], "bool")),
    "dot bool": lambda lib: lib.dot(_t(lib, [True], "bool"), _t(lib, [True], "bool")),
    "dot empty bool": lambda lib: lib.dot(lib.ones(0, dtype=lib.bool), lib.ones(0, dtype=lib.bool)),
    "einsum bool": lambda lib: lib.einsum("ij,kj->ik", *[_t(lib, [[True, False]], "bool")] * 2),
    "matmul empty bool": lambda lib: lib.ones(0, 2, dtype=lib.bool) @ lib.ones(2, 3, dtype=lib.bool),
    "matmul empty inner bool": lambda lib: lib.ones(2, 0, dtype=lib.bool) @ lib.ones(0, 2, dtype=lib.bool),
    "mv empty bool": lambda lib: lib.mv(lib.ones(2, 0, dtype=lib.bool), lib.ones(0, dtype=lib.bool)),
    "take_along_dim negative, no dim": lambda lib: lib.take_along_dim(lib.arange(6.0).reshape(2, 3),
                                                                      lib.tensor([-1, 0])),
    "take_along_dim negative, dim 1": lambda lib: lib.take_along_dim(lib.arange(6.0).reshape(2, 3),
                                                                     lib.tensor([[-1], [0]]), 1),
}


@pytest.mark.parametrize("name", sorted(MINOR))
def test_minor_cases_give_pytorchs_result_or_error_type(name):
    _same(MINOR[name])


def test_index_copy_into_a_0d_tensor_has_pytorchs_gradients():
    def run(lib):
        x, source = lib.tensor(1.0, requires_grad=True), lib.tensor([5.0], requires_grad=True)
        lib.index_copy(x, 0, lib.tensor([0]), source).backward(lib.tensor(3.0))
        return x.grad.numpy(), source.grad.numpy()

    for ours, theirs in zip(run(autograd), run(torch), strict=True):
        np.testing.assert_array_equal(ours, theirs)


def test_a_uint8_mask_write_is_refused_with_a_message_that_says_what_pytorch_does():
    z = autograd.zeros(3, 2)
    mask = autograd.tensor([1, 0, 1], dtype=autograd.uint8)
    with pytest.raises(RuntimeError, match=r"use a bool mask .*z\[m\] = tensor and z\[m\] \+= v with a warning"):
        z[mask] += 1
    with pytest.warns(UserWarning, match="uint8 is now deprecated"):
        assert z[mask].shape == (2, 2)  # (reading with one computes, with PyTorch's warning)


ELLIPSES = ["...,0,...", "...,...", "0,...,1,...", "...,None,...", "...,0,...,1", "0,...,...", "...,...,0",
            "None,...,...,None", "...,0,...,:", "0,1,...,...", "0,1,2,...,...", "...,[0,1],...", "...,1:,...",
            "...,...,None", "...,0,...,1:", "[[True,False]],...,..."]


@pytest.mark.parametrize("index", ELLIPSES)
def test_an_index_with_several_ellipses_reads_as_pytorchs(index):
    _same(lambda lib: eval(f"x[{index}]", {"x": lib.arange(24.0).reshape(2, 3, 4)}))  # noqa: S307 (the cases above)


def test_a_write_through_several_ellipses_is_pytorchs():
    for lib in (autograd, torch):
        z = lib.zeros(2, 3, 4)
        z[..., 0, ...] = 1
        assert z.sum().item() == 6 and z[:, :, 0].sum().item() == 6
