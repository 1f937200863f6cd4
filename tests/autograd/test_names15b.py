"""torch.dtype, torch.layout/strided, tan, exp2, frac, deg2rad/rad2deg, signbit, positive, angle, reshape_as,
broadcast_tensors, H/mT/mH/adjoint, asarray and data_ptr against PyTorch (values, dtypes, gradients, edge
values, memory sharing, errors) and finite differences."""
import copy
import math
import pickle
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd
from autograd.gradcheck import gradcheck, gradgradcheck

from .outcomes import error_of, same_error
from tests.test_install_as_torch import run_python

torch = pytest.importorskip("torch")

INF, NAN = math.inf, math.nan
FLOATS = (np.float16, np.float32, np.float64)
EDGES = [0.0, -0.0, INF, -INF, NAN, -NAN, 1.0, -1.0, 0.5, -2.75, 1e-30, 3.0, 1e4, -1e4, 60000.0]
TORCH_DTYPES = {np.bool_: torch.bool, np.uint8: torch.uint8, np.int8: torch.int8, np.int16: torch.int16,
                np.int32: torch.int32, np.int64: torch.int64, np.float16: torch.float16, np.float32: torch.float32,
                np.float64: torch.float64, np.complex64: torch.complex64, np.complex128: torch.complex128}


def both(array, dtype=np.float64, requires_grad=False):
    """The same values as a glassgrad and a PyTorch tensor."""
    array = np.asarray(array, dtype=dtype)
    return (autograd.tensor(array, requires_grad=requires_grad),
            torch.tensor(array, requires_grad=requires_grad))


def array_of(tensor):
    return tensor.detach().numpy()


def bitwise(ours, theirs):
    """Equal dtype, shape and bits (any NaN matching any NaN)."""
    ours, theirs = array_of(ours), array_of(theirs)
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    if ours.dtype.kind == "f":
        nan = np.isnan(ours) & np.isnan(theirs)
        assert np.array_equal(np.where(nan, 0, ours).view(f"u{ours.itemsize}"),
                              np.where(nan, 0, theirs).view(f"u{theirs.itemsize}")), (ours, theirs)
        assert np.array_equal(np.isnan(ours), np.isnan(theirs))
    else:
        assert np.array_equal(ours, theirs), (ours, theirs)


def within_an_ulp(ours, theirs):
    """Equal dtype and shape; the same NaNs and infinities; finite values at most one unit in the last place
    apart (PyTorch's SLEEF kernels are within one unit of the true value, glassgrad's rounded once)."""
    ours, theirs = array_of(ours), array_of(theirs)
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    assert np.array_equal(np.isnan(ours), np.isnan(theirs))
    finite = np.isfinite(ours) & np.isfinite(theirs)
    assert np.array_equal(ours[~finite & ~np.isnan(ours)], theirs[~finite & ~np.isnan(theirs)])
    np.testing.assert_array_max_ulp(ours[finite], theirs[finite], maxulp=1)


def float_arrays(dtype, max_value=None):
    elements = st.floats(width=np.dtype(dtype).itemsize * 8, allow_nan=True, allow_infinity=True,
                         min_value=None if max_value is None else -max_value, max_value=max_value)
    return hnp.arrays(dtype, hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=5), elements=elements)


# torch.dtype and torch.layout

def test_every_dtype_is_an_instance_of_dtype_as_in_pytorch():
    names = ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool", "complex64",
             "complex128", "long", "half", "double"]
    for name in names:
        assert isinstance(getattr(autograd, name), autograd.dtype) == isinstance(getattr(torch, name), torch.dtype)
        assert isinstance(autograd.zeros(1, dtype=getattr(autograd, name)).dtype, autograd.dtype)
    for not_a_dtype in ("float32", float, np.float32, None, 3):
        assert not isinstance(not_a_dtype, autograd.dtype) and not isinstance(not_a_dtype, torch.dtype)
    same_error(lambda: autograd.dtype("float32"), lambda: torch.dtype("float32"))
    same_error(lambda: autograd.dtype(), lambda: torch.dtype())


def test_the_layout_is_strided_as_pytorchs():
    assert autograd.ones(2, 3).layout is autograd.strided and torch.ones(2, 3).layout is torch.strided
    assert autograd.ones(2, 3).mT.layout == autograd.strided and autograd.tensor(1.0).layout == autograd.strided
    assert repr(autograd.strided) == repr(torch.strided) == str(autograd.strided) == "torch.strided"
    assert isinstance(autograd.strided, autograd.layout)
    same_error(lambda: autograd.layout(), lambda: torch.layout())
    assert copy.deepcopy(autograd.strided) is autograd.strided
    assert pickle.loads(pickle.dumps(autograd.strided)) is autograd.strided


def test_the_names_under_install_as_torch():
    result = run_python("""
        import glassgrad
        torch = glassgrad.install_as_torch()
        import numpy as np

        def cast(x, dtype: torch.dtype = torch.float32):
            return x.to(dtype)

        x = torch.ones(2, 3)
        assert isinstance(torch.float32, torch.dtype) and isinstance(x.dtype, torch.dtype)
        assert isinstance(torch.bfloat16, torch.dtype) and isinstance(torch.long, torch.dtype)
        assert cast(x, torch.float64).dtype == torch.float64 and cast(x).dtype == torch.float32
        assert x.layout == torch.strided and repr(x.layout) == "torch.strided"
        for name in ("tan", "exp2", "frac", "deg2rad", "rad2deg", "signbit", "positive", "angle",
                     "broadcast_tensors", "asarray"):
            assert callable(getattr(torch, name)), name
        for name in ("tan", "tan_", "exp2", "exp2_", "frac", "frac_", "deg2rad", "deg2rad_", "rad2deg",
                     "rad2deg_", "signbit", "positive", "angle", "reshape_as", "adjoint", "data_ptr"):
            assert callable(getattr(x, name)), name
        assert x.H.shape == x.mH.shape == x.mT.shape == (3, 2)
        assert torch.asarray(np.zeros(2)).dtype == torch.float64
        print("ok")
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


# tan and exp2

@pytest.mark.parametrize("name", ["tan", "exp2"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@given(data=st.data())
@settings(max_examples=30, deadline=None)
def test_tan_and_exp2_within_an_ulp_of_pytorch(name, dtype, data):
    ours, theirs = both(data.draw(float_arrays(dtype)), dtype)
    within_an_ulp(getattr(autograd, name)(ours), getattr(torch, name)(theirs))


def test_exp2_of_float16_is_pytorchs_bit_for_bit_and_tan_within_an_ulp():
    every_half = np.arange(2**16, dtype=np.uint16).view(np.float16)
    ours, theirs = both(every_half, np.float16)
    bitwise(autograd.exp2(ours), torch.exp2(theirs))
    out, expected = autograd.tan(ours), torch.tan(theirs)
    within_an_ulp(out, expected)
    differ = (array_of(out) != array_of(expected)) & ~np.isnan(array_of(out))
    assert differ.sum() <= 2  # PyTorch's float32 SLEEF value rounded twice


@pytest.mark.parametrize("name", ["tan", "exp2"])
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_tan_and_exp2_at_edge_values(name, dtype):
    ours, theirs = both(EDGES + [128.0, -150.0, 1030.0, 1.5707964, -1.5707964], dtype)
    out, expected = getattr(autograd, name)(ours), getattr(torch, name)(theirs)
    within_an_ulp(out, expected)
    signed = ~np.isnan(array_of(expected))  # (a NaN's sign is the machine's: x86 makes −NaN, NumPy +NaN)
    assert np.array_equal(np.signbit(array_of(out))[signed], np.signbit(array_of(expected))[signed])  # tan(−0) = −0


@pytest.mark.parametrize("name", ["tan", "exp2"])
@pytest.mark.parametrize("dtype", [np.bool_, np.uint8, np.int8, np.int32, np.int64])
def test_tan_and_exp2_of_integers_and_bools_give_float32(name, dtype):
    ours, theirs = both([0, 1, 3, 100] if dtype != np.bool_ else [True, False], dtype)
    within_an_ulp(getattr(autograd, name)(ours), getattr(torch, name)(theirs))
    same_error(lambda: getattr(ours, name + "_")(), lambda: getattr(theirs, name + "_")())


@pytest.mark.parametrize("name", ["tan", "exp2"])
@pytest.mark.parametrize("shape", [(), (0,), (2, 0, 3)])
def test_tan_and_exp2_of_empty_and_0d_tensors(name, shape):
    ours, theirs = both(np.full(shape, 0.75), np.float32)
    within_an_ulp(getattr(autograd, name)(ours), getattr(torch, name)(theirs))


@pytest.mark.parametrize("name", ["tan", "exp2"])
def test_tan_and_exp2_gradients_are_pytorchs_rule_from_the_output(name):
    x = [0.3, -1.2, 1.5707963267948966, 0.0, -0.0, 10.0, 700.0, -1000.0, INF, NAN]
    ours, theirs = both(x, np.float64, requires_grad=True)
    out, expected = getattr(autograd, name)(ours), getattr(torch, name)(theirs)
    weights = [0.5, 2.0, 1.0, INF, 1.0, -3.0, 1e-300, 1.0, 1.0, 1.0]
    out.backward(autograd.tensor(np.array(weights)))
    expected.backward(torch.tensor(weights, dtype=torch.float64))
    np.testing.assert_allclose(array_of(ours.grad), array_of(theirs.grad), rtol=1e-15, equal_nan=True)
    assert out.grad_fn.name() == expected.grad_fn.name()


@pytest.mark.parametrize("name", ["tan", "exp2"])
def test_tan_and_exp2_float32_gradients_match_pytorch(name):
    ours, theirs = both(np.linspace(-1.4, 1.4, 29), np.float32, requires_grad=True)
    getattr(autograd, name)(ours).sum().backward()
    getattr(torch, name)(theirs).sum().backward()
    within_an_ulp(ours.grad, theirs.grad)
    assert ours.grad.dtype == np.float32


@pytest.mark.parametrize("name", ["tan", "exp2"])
def test_tan_and_exp2_save_their_output_as_pytorch_does(name):
    """A write to the input after the op leaves backward alone (the rule reads the output); a write to the
    output is refused, as PyTorch's."""
    grads = []
    for library in (autograd, torch):
        x = library.tensor([0.25, -0.5], dtype=library.float64, requires_grad=True)
        y = x * 1.0
        out = getattr(library, name)(y)
        with library.no_grad():
            y.mul_(3.0)
        out.sum().backward()
        grads.append(x.grad)
    bitwise(*grads)
    ours, theirs = both([0.25, -0.5], np.float64, requires_grad=True)
    outs = [getattr(library, name)(x * 1.0) for library, x in ((autograd, ours), (torch, theirs))]
    for library, out in zip((autograd, torch), outs, strict=True):
        with library.no_grad():
            out.mul_(2.0)
    same_error(lambda: outs[0].sum().backward(), lambda: outs[1].sum().backward())


@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=2, max_side=3), elements=st.floats(-1.3, 1.3)))
@settings(max_examples=15, deadline=None)
def test_tan_and_exp2_gradcheck(array):
    x = autograd.tensor(array, requires_grad=True)
    for op in (autograd.tan, autograd.exp2, lambda t: t.tan().exp2()):
        assert gradcheck(op, (x,)) and gradgradcheck(op, (x,))


def test_tan_and_exp2_in_place():
    for name in ("tan", "exp2"):
        ours, theirs = both([0.5, -1.0, 2.0], np.float32)
        assert getattr(ours, name + "_")() is ours
        getattr(theirs, name + "_")()
        within_an_ulp(ours, theirs)


@pytest.mark.parametrize("name", ["tan", "exp2", "frac", "deg2rad", "rad2deg", "signbit", "positive", "angle"])
def test_a_non_tensor_is_refused_as_pytorch(name):
    same_error(lambda: getattr(autograd, name)([1.0]), lambda: getattr(torch, name)([1.0]))
    same_error(lambda: getattr(autograd, name)(1.0), lambda: getattr(torch, name)(1.0))


# frac

@pytest.mark.parametrize("dtype", FLOATS)
@given(data=st.data())
@settings(max_examples=25, deadline=None)
def test_frac_is_pytorchs_bit_for_bit(dtype, data):
    ours, theirs = both(data.draw(float_arrays(dtype)), dtype)
    bitwise(autograd.frac(ours), torch.frac(theirs))
    bitwise(ours.frac(), theirs.frac())


@pytest.mark.parametrize("dtype", FLOATS)
def test_frac_at_edge_values_and_its_gradient_one(dtype):
    ours, theirs = both(EDGES, dtype, requires_grad=True)
    out, expected = autograd.frac(ours), torch.frac(theirs)
    bitwise(out, expected)
    weights = np.linspace(-2, 2, len(EDGES)).astype(dtype)
    weights[0] = INF
    out.backward(autograd.tensor(weights))
    expected.backward(torch.tensor(weights))
    bitwise(ours.grad, theirs.grad)


@pytest.mark.parametrize("dtype", [np.bool_, np.uint8, np.int8, np.int64, np.complex64])
def test_frac_of_integers_bools_and_complex_is_refused_as_pytorch(dtype):
    ours, theirs = both([1, 0], dtype)
    same_error(lambda: autograd.frac(ours), lambda: torch.frac(theirs))
    same_error(lambda: ours.frac_(), lambda: theirs.frac_())


def test_frac_in_place_and_gradcheck():
    ours, theirs = both([1.75, -2.25, 0.0], np.float32)
    assert ours.frac_() is ours
    bitwise(ours, theirs.frac_())
    x = autograd.tensor([[1.3, -2.6], [0.2, 5.4]], dtype=autograd.float64, requires_grad=True)
    assert gradcheck(autograd.frac, (x,)) and gradgradcheck(autograd.frac, (x,))


# deg2rad and rad2deg

@pytest.mark.parametrize("name", ["deg2rad", "rad2deg"])
@pytest.mark.parametrize("dtype", FLOATS)
@given(data=st.data())
@settings(max_examples=25, deadline=None)
def test_deg2rad_and_rad2deg_are_pytorchs_bit_for_bit(name, dtype, data):
    ours, theirs = both(data.draw(float_arrays(dtype)), dtype)
    bitwise(getattr(autograd, name)(ours), getattr(torch, name)(theirs))


@pytest.mark.parametrize("name", ["deg2rad", "rad2deg"])
@pytest.mark.parametrize("dtype", FLOATS)
def test_deg2rad_and_rad2deg_edges_and_gradients_bit_for_bit(name, dtype):
    ours, theirs = both(EDGES, dtype, requires_grad=True)
    out, expected = getattr(autograd, name)(ours), getattr(torch, name)(theirs)
    bitwise(out, expected)
    weights = np.linspace(-3, 3, len(EDGES)).astype(dtype) + dtype(0.1)
    out.backward(autograd.tensor(weights))
    expected.backward(torch.tensor(weights))
    bitwise(ours.grad, theirs.grad)


@pytest.mark.parametrize("name", ["deg2rad", "rad2deg"])
@pytest.mark.parametrize("dtype", [np.bool_, np.uint8, np.int16, np.int64])
def test_deg2rad_and_rad2deg_of_integers_give_float32_and_refuse_in_place(name, dtype):
    ours, theirs = both([0, 1, 90, 127] if dtype != np.bool_ else [True, False], dtype)
    bitwise(getattr(autograd, name)(ours), getattr(torch, name)(theirs))
    same_error(lambda: getattr(ours, name + "_")(), lambda: getattr(theirs, name + "_")())


@pytest.mark.parametrize("name", ["deg2rad", "rad2deg"])
def test_deg2rad_and_rad2deg_refuse_complex_and_work_in_place(name):
    ours, theirs = both([1 + 1j], np.complex64)
    same_error(lambda: getattr(autograd, name)(ours), lambda: getattr(torch, name)(theirs))
    ours, theirs = both([[30.0, -45.5]], np.float16)
    assert getattr(ours, name + "_")() is ours
    bitwise(ours, getattr(theirs, name + "_")())
    bitwise(getattr(autograd, name)(autograd.tensor(2.5)), getattr(torch, name)(torch.tensor(2.5)))


# signbit

@pytest.mark.parametrize("dtype", FLOATS)
@given(data=st.data())
@settings(max_examples=25, deadline=None)
def test_signbit_is_pytorchs(dtype, data):
    ours, theirs = both(data.draw(float_arrays(dtype)), dtype)
    bitwise(autograd.signbit(ours), torch.signbit(theirs))


@pytest.mark.parametrize("dtype", [*FLOATS, np.bool_, np.uint8, np.int8, np.int32, np.int64])
def test_signbit_of_edges_integers_and_bools(dtype):
    values = {np.bool_: [True, False], np.uint8: [0, 200, 255]}.get(dtype, [0, -1, 3, -128, 127])
    if dtype in FLOATS:
        values = EDGES
    ours, theirs = both(values, dtype)
    bitwise(autograd.signbit(ours), torch.signbit(theirs))
    bitwise(ours.signbit(), theirs.signbit())


def test_signbit_has_no_gradient_and_refuses_complex():
    ours, theirs = both([-1.0, 2.0], np.float64, requires_grad=True)
    assert not autograd.signbit(ours).requires_grad and not torch.signbit(theirs).requires_grad
    bitwise(autograd.signbit(autograd.tensor(-0.0)), torch.signbit(torch.tensor(-0.0)))
    ours, theirs = both([1j], np.complex128)
    same_error(lambda: autograd.signbit(ours), lambda: torch.signbit(theirs))


# positive

@pytest.mark.parametrize("dtype", [*FLOATS, np.uint8, np.int64, np.complex64])
def test_positive_is_the_input_itself_as_pytorchs(dtype):
    ours, theirs = both([1, 0, 2], dtype, requires_grad=dtype in FLOATS)
    assert torch.positive(theirs) is theirs and theirs.positive() is theirs
    assert autograd.positive(ours) is ours and ours.positive() is ours


def test_positive_refuses_bool_as_pytorch():
    ours, theirs = both([True], np.bool_)
    same_error(lambda: autograd.positive(ours), lambda: torch.positive(theirs))
    same_error(lambda: ours.positive(), lambda: theirs.positive())


# angle

@pytest.mark.parametrize("dtype", FLOATS)
def test_angle_of_real_values_and_its_zero_gradient_bit_for_bit(dtype):
    ours, theirs = both(EDGES, dtype, requires_grad=True)
    out, expected = autograd.angle(ours), torch.angle(theirs)
    bitwise(out, expected)
    assert out.grad_fn.name() == expected.grad_fn.name() == "AngleBackward0"
    weights = np.full(len(EDGES), INF, dtype=dtype)
    out.backward(autograd.tensor(weights))
    expected.backward(torch.tensor(weights))
    bitwise(ours.grad, theirs.grad)


@pytest.mark.parametrize("dtype", FLOATS)
@given(data=st.data())
@settings(max_examples=20, deadline=None)
def test_angle_of_real_tensors_is_pytorchs(dtype, data):
    ours, theirs = both(data.draw(float_arrays(dtype)), dtype)
    bitwise(autograd.angle(ours), torch.angle(theirs))


@pytest.mark.parametrize("dtype", [np.bool_, np.uint8, np.int8, np.int64])
def test_angle_of_integers_and_bools_gives_float32(dtype):
    ours, theirs = both([1, 0] if dtype in (np.bool_, np.uint8) else [-3, 0, 5], dtype)
    bitwise(autograd.angle(ours), torch.angle(theirs))
    bitwise(ours.angle(), theirs.angle())


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_angle_of_complex_tensors_is_pytorchs(dtype):
    values = [1 + 1j, -1 + 0j, 0j, -1j, complex(-1, -0.0), complex(INF, 1), complex(NAN, 1), 3 - 4j]
    ours, theirs = both(values, dtype)
    within_an_ulp(autograd.angle(ours), torch.angle(theirs))


def test_angle_gradcheck_is_zero():
    x = autograd.tensor([[1.3, -2.6], [0.2, -5.4]], dtype=autograd.float64, requires_grad=True)
    assert gradcheck(autograd.angle, (x,))
    autograd.angle(x).sum().backward()
    assert not x.grad.numpy().any()


# reshape_as and broadcast_tensors

def test_reshape_as_is_a_view_with_reshapes_gradient():
    ours, theirs = both(np.arange(6.0), np.float64, requires_grad=True)
    out, expected = ours.reshape_as(autograd.ones(2, 3)), theirs.reshape_as(torch.ones(2, 3))
    bitwise(out, expected)
    assert out._base is ours and expected._base is theirs
    weights = np.arange(6.0).reshape(2, 3)
    out.backward(autograd.tensor(weights))
    expected.backward(torch.tensor(weights))
    bitwise(ours.grad, theirs.grad)
    assert autograd.ones(0, 3).reshape_as(autograd.ones(3, 0)).shape == (3, 0)


def test_reshape_as_refuses_as_pytorch():
    ours, theirs = both(np.arange(6.0))
    same_error(lambda: ours.reshape_as(autograd.ones(2, 2)), lambda: theirs.reshape_as(torch.ones(2, 2)))
    same_error(lambda: ours.reshape_as([2, 3]), lambda: theirs.reshape_as([2, 3]))


@given(st.lists(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3), min_size=1, max_size=3)
       .filter(lambda shapes: _broadcasts(shapes)))
@settings(max_examples=30, deadline=None)
def test_broadcast_tensors_matches_pytorch(shapes):
    rng = np.random.default_rng(len(shapes))
    arrays = [rng.normal(size=shape) for shape in shapes]
    ours, theirs = zip(*(both(a, requires_grad=True) for a in arrays), strict=True)
    outs, expected = autograd.broadcast_tensors(*ours), torch.broadcast_tensors(*theirs)
    assert isinstance(outs, tuple) and len(outs) == len(expected)
    for out, reference, source in zip(outs, expected, ours, strict=True):
        bitwise(out, reference)
        assert np.shares_memory(out.detach().numpy(), source.detach().numpy()) or out.numel() == 0
    weights = rng.normal(size=tuple(expected[0].shape))
    sum(o * autograd.tensor(weights) for o in outs).sum().backward()
    sum(t * torch.tensor(weights) for t in expected).sum().backward()
    for mine, reference in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(array_of(mine.grad), array_of(reference.grad), rtol=1e-12, atol=1e-12)


def _broadcasts(shapes):
    try:
        np.broadcast_shapes(*shapes)
    except ValueError:
        return False
    return True


def test_broadcast_tensors_keeps_dtypes_and_refuses_as_pytorch():
    ints, floats = autograd.tensor([[1], [2]]), autograd.tensor([0.5, 1.5, 2.5])
    a, b = autograd.broadcast_tensors(ints, floats)
    assert a.dtype == np.int64 and b.dtype == np.float32 and a.shape == b.shape == (2, 3)
    assert autograd.broadcast_tensors() == torch.broadcast_tensors() == ()
    assert autograd.broadcast_tensors(ints)[0].shape == (2, 1)
    same_error(lambda: autograd.broadcast_tensors(autograd.ones(2), autograd.ones(3)),
               lambda: torch.broadcast_tensors(torch.ones(2), torch.ones(3)))
    same_error(lambda: autograd.broadcast_tensors(autograd.ones(2), 1.0),
               lambda: torch.broadcast_tensors(torch.ones(2), 1.0))
    same_error(lambda: autograd.broadcast_tensors([autograd.ones(2), autograd.ones(1)]),
               lambda: torch.broadcast_tensors([torch.ones(2), torch.ones(1)]))


# H, mT, mH, adjoint

@pytest.mark.parametrize("shape", [(2, 3), (4, 2, 3), (1, 1), (0, 2)])
def test_conjugate_transposes_of_real_tensors_are_views_as_pytorchs(shape):
    array = np.arange(math.prod(shape), dtype=np.float64).reshape(shape)
    ours, theirs = both(array, requires_grad=True)
    for name in ("mT", "mH", "H") if len(shape) == 2 else ("mT", "mH"):
        out, expected = getattr(ours, name), getattr(theirs, name)
        bitwise(out, expected)
        assert out._base is ours
    out, expected = ours.adjoint(), theirs.adjoint()
    bitwise(out, expected)
    weights = np.arange(out.numel(), dtype=np.float64).reshape(out.shape)
    out.backward(autograd.tensor(weights))
    expected.backward(torch.tensor(weights))
    bitwise(ours.grad, theirs.grad)


def test_conjugate_transposes_of_complex_tensors():
    ours, theirs = both([[1 + 2j, 3 - 1j], [0.5j, -2]], np.complex128)
    for name in ("mH", "H"):
        bitwise(getattr(ours, name), getattr(theirs, name).resolve_conj())
    bitwise(ours.adjoint(), theirs.adjoint().resolve_conj())
    bitwise(ours.mT, theirs.mT)


@pytest.mark.parametrize("shape", [(), (3,), (2, 3, 4)])
def test_conjugate_transposes_refuse_or_warn_as_pytorch(shape):
    ours, theirs = both(np.ones(shape))
    for name in ("H", "mH", "adjoint"):
        def get(x, name=name):
            return x.adjoint() if name == "adjoint" else getattr(x, name)

        warned = []
        for x in (ours, theirs):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                warned.append((error_of(lambda x=x: get(x)), [str(w.message).partition(" (Triggered")[0]
                                                             for w in caught]))
        assert warned[0] == warned[1], name
        if warned[1][0] is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                bitwise(get(ours), get(theirs))


# asarray

@pytest.mark.parametrize("copy_", [None, False, True])
@pytest.mark.parametrize("dtype", [None, np.float64, np.float32, np.int64])
@pytest.mark.parametrize("requires_grad", [None, False, True])
def test_asarray_of_a_numpy_array_shares_memory_as_pytorchs(copy_, dtype, requires_grad):
    array = np.arange(6.0).reshape(2, 3).T  # not contiguous
    keywords = {"copy": copy_, "requires_grad": bool(requires_grad)}
    if dtype is not None:
        keywords["dtype"] = np.dtype(dtype)
    theirs_keywords = dict(keywords, dtype=TORCH_DTYPES[dtype]) if dtype is not None else keywords
    if keywords["requires_grad"] and dtype is np.int64:
        same_error(lambda: autograd.asarray(array, **keywords), lambda: torch.asarray(array, **theirs_keywords))
        return
    mine, reference = error_of(lambda: autograd.asarray(array, **keywords)), \
        error_of(lambda: torch.asarray(array, **theirs_keywords))
    assert mine is reference
    if reference is not None:
        return
    ours, theirs = autograd.asarray(array, **keywords), torch.asarray(array, **theirs_keywords)
    bitwise(ours, theirs)
    assert ours.requires_grad == theirs.requires_grad and ours.is_leaf
    assert np.shares_memory(array_of(ours), array) == np.shares_memory(array_of(theirs), array)


@pytest.mark.parametrize("copy_", [None, False, True])
@pytest.mark.parametrize("dtype", [None, np.float32, np.float64])
@pytest.mark.parametrize("requires_grad", [None, False, True])
@pytest.mark.parametrize("source_requires_grad", [False, True])
def test_asarray_of_a_tensor_as_pytorchs(copy_, dtype, requires_grad, source_requires_grad):
    keywords = {"copy": copy_}
    if requires_grad is not None:
        keywords["requires_grad"] = requires_grad
    ours_source, theirs_source = both([1.0, -2.0], np.float32, requires_grad=source_requires_grad)
    outcomes = []
    for library, source, dtypes in ((autograd, ours_source, {np.float32: autograd.float32,
                                                            np.float64: autograd.float64}),
                                    (torch, theirs_source, {np.float32: torch.float32, np.float64: torch.float64})):
        call_keywords = dict(keywords, dtype=dtypes[dtype]) if dtype is not None else keywords
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # (PyTorch's note that requires_grad=None now keeps the tensor's)
            try:
                out = library.asarray(source, **call_keywords)
            except Exception as error:  # noqa: BLE001  (the type is what is compared)
                outcomes.append(type(error))
                continue
        outcomes.append((out is source, str(out.dtype).rpartition(".")[2], out.requires_grad, out.is_leaf,
                         source.requires_grad, out.data_ptr() == source.data_ptr(), out.grad_fn is None))
    assert outcomes[0] == outcomes[1]


def test_asarray_of_a_non_leaf_without_grad_is_a_detached_alias_as_pytorchs():
    for library in (autograd, torch):
        y = library.ones(2, requires_grad=True) * 2
        out = library.asarray(y, requires_grad=False)
        assert out is not y and not out.requires_grad and y.requires_grad and out.data_ptr() == y.data_ptr()


@pytest.mark.parametrize("obj", [[1.0, 2.0], [1, 2], [[True], [False]], 3.0, 7, (0.5,), np.float64(1.5),
                                 np.array(2.0, dtype=np.float32)])
def test_asarray_of_lists_and_numbers_as_pytorchs(obj):
    bitwise(autograd.asarray(obj), torch.asarray(obj))
    bitwise(autograd.asarray(obj, dtype=autograd.float64), torch.asarray(obj, dtype=torch.float64))
    if not isinstance(obj, np.ndarray):
        same_error(lambda: autograd.asarray(obj, copy=False), lambda: torch.asarray(obj, copy=False))


def test_asarray_refuses_as_pytorch():
    for bad in ("a", None, [[1, 2], [3]]):
        same_error(lambda bad=bad: autograd.asarray(bad), lambda bad=bad: torch.asarray(bad))
    same_error(lambda: autograd.asarray([1, 2], requires_grad=True), lambda: torch.asarray([1, 2], requires_grad=True))
    same_error(lambda: autograd.asarray(np.arange(3, dtype=np.int32), dtype=autograd.float32, copy=False),
               lambda: torch.asarray(np.arange(3, dtype=np.int32), dtype=torch.float32, copy=False))


def test_asarray_writes_reach_the_shared_array():
    array = np.zeros(3)
    out = autograd.asarray(array)
    with autograd.no_grad():
        out.add_(1.0)
    assert array.tolist() == [1.0, 1.0, 1.0]
    assert autograd.asarray(out) is out


# data_ptr

def test_data_ptr_as_pytorchs():
    for library in (autograd, torch):
        t = library.arange(12.0).reshape(3, 4)
        assert t.data_ptr() != 0 and t.view(12).data_ptr() == t.data_ptr() == t[0].data_ptr()
        assert t.mT.data_ptr() == t.data_ptr() and t.clone().data_ptr() != t.data_ptr()
        assert library.empty(0).data_ptr() == 0
    ours, theirs = autograd.arange(12.0).reshape(3, 4), torch.arange(12.0).reshape(3, 4)
    for index in (1, (slice(None), slice(2, None)), (2, 3), (slice(1, None), 1)):
        assert ours[index].data_ptr() - ours.data_ptr() == theirs[index].data_ptr() - theirs.data_ptr()
    ints, int_reference = autograd.arange(6, dtype=autograd.int16), torch.arange(6, dtype=torch.int16)
    assert ints[3:].data_ptr() - ints.data_ptr() == int_reference[3:].data_ptr() - int_reference.data_ptr() == 6
    array = np.arange(4.0)
    assert autograd.from_numpy(array).data_ptr() == torch.from_numpy(array).data_ptr() == array.ctypes.data
