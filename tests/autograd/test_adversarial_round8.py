"""Eighth adversarial pass (#19), against PyTorch 2.13: the legacy tensor classes given as a type or a dtype,
finfo/iinfo's numbers, rand/randn with integer dtypes, median's gradient on ties, rsqrt at −inf and −0, the
gradient of x ** 0 at a subnormal and einsum with a label three times in one operand. Each test runs one program
under both libraries and compares values, dtypes, gradients and error types."""
import math

import numpy as np
import pytest

import autograd
from glassgrad.torch_stubs.legacy_tensors import LEGACY_CLASSES
from glassgrad.torch_stubs.type_info import finfo, iinfo

from .outcomes import assert_as_pytorch, outcome

torch = pytest.importorskip("torch")


def gradient(lib, values, fn, dtype="float32"):
    """fn(x) summed and differentiated: (fn(x), x.grad)."""
    x = lib.tensor(values, dtype=getattr(lib, dtype), requires_grad=True)
    out = fn(x)
    out.sum().backward()
    return out, x.grad


# ---- 1. the legacy tensor classes: a type to convert to, not a dtype ------------------------------------------

def _legacy(lib, name):
    return getattr(torch, name) if lib is torch else LEGACY_CLASSES[name]


@pytest.mark.parametrize("name", sorted(LEGACY_CLASSES))
@pytest.mark.parametrize("form", ["type(cls)", "type(dtype=cls)"])
def test_type_with_a_legacy_class_converts(name, form):
    def program(lib):
        x = lib.tensor([1.5, -2.5, 0.0])
        cls = _legacy(lib, name)
        return x.type(cls) if form == "type(cls)" else x.type(dtype=cls)
    assert_as_pytorch(program)


def test_type_with_torch_tensor_gives_float32():
    assert torch.tensor([1, 2]).type(torch.Tensor).dtype == torch.float32
    assert autograd.tensor([1, 2]).type("torch.Tensor").dtype == np.float32


def test_type_with_a_numpy_scalar_class_still_converts():
    assert autograd.tensor([1.5]).type(np.int32).dtype == np.int32


@pytest.mark.parametrize("call", ["ones", "zeros", "tensor", "arange", "full", "to", "empty"])
def test_a_legacy_class_as_a_dtype_is_a_type_error(call):
    def program(lib):
        cls = _legacy(lib, "LongTensor")
        x = lib.tensor([1.5])
        return {"ones": lambda: lib.ones(2, dtype=cls), "zeros": lambda: lib.zeros(2, dtype=cls),
                "tensor": lambda: lib.tensor([1.0], dtype=cls), "arange": lambda: lib.arange(3, dtype=cls),
                "full": lambda: lib.full((2,), 1.0, dtype=cls), "to": lambda: x.to(cls),
                "empty": lambda: lib.empty(2, dtype=cls)}[call]()
    assert outcome(program, torch) is TypeError
    assert_as_pytorch(program)


def test_a_legacy_class_still_constructs_and_checks_instances():
    assert LEGACY_CLASSES["LongTensor"]([1, 2]).dtype == np.int64
    assert isinstance(autograd.ones(2), LEGACY_CLASSES["FloatTensor"])


# ---- 2. finfo / iinfo: Python numbers ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["float16", "float32", "float64"])
def test_finfo_is_pytorchs_in_python_floats(name):
    ours, theirs = finfo(getattr(np, name)), torch.finfo(getattr(torch, name))
    for field in ["bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution", "dtype"]:
        assert getattr(ours, field) == getattr(theirs, field), field
        assert type(getattr(ours, field)) is type(getattr(theirs, field)), field
    assert ours.max + 1000.0 == theirs.max + 1000.0 and math.isfinite(ours.max * 1.5) == math.isfinite(theirs.max * 1.5)
    assert repr(ours) == repr(theirs)


def test_finfo_defaults_to_float32():
    assert finfo().eps == torch.finfo().eps and finfo().dtype == "float32"


@pytest.mark.parametrize("name", ["uint8", "int8", "int16", "int32", "int64"])
def test_iinfo_is_pytorchs_in_python_ints(name):
    ours, theirs = iinfo(getattr(np, name)), torch.iinfo(getattr(torch, name))
    for field in ["bits", "max", "min", "dtype"]:
        assert getattr(ours, field) == getattr(theirs, field) and type(getattr(ours, field)) is type(
            getattr(theirs, field)), field
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize("info, name", [(finfo, "int64"), (finfo, "bool"), (iinfo, "float32"), (iinfo, "bool")])
def test_info_of_the_other_kind_is_a_type_error(info, name):
    with pytest.raises(TypeError):
        getattr(torch, info.__name__)(getattr(torch, name))
    with pytest.raises(TypeError, match="requires"):
        info(np.dtype(name))


def test_finfo_of_bfloat16_says_numpy_lacks_it():
    import glassgrad.torch_stubs.top_level as top_level
    with pytest.raises(TypeError, match="bfloat16"):
        finfo(top_level.bfloat16)


# ---- 3. rand / randn with an integer or bool dtype -----------------------------------------------------------

@pytest.mark.parametrize("op", ["rand", "randn", "rand_like", "randn_like"])
@pytest.mark.parametrize("name", ["int64", "int32", "uint8", "bool", "float64"])
def test_random_floats_refuse_integer_dtypes(op, name):
    def program(lib):
        if op.endswith("_like"):
            return getattr(lib, op)(lib.zeros(3, dtype=getattr(lib, name))).dtype == getattr(lib, name)
        return getattr(lib, op)(3, dtype=getattr(lib, name)).dtype == getattr(lib, name)
    assert_as_pytorch(program)


# ---- 4. median over all elements: the gradient is spread over the ties ---------------------------------------

@pytest.mark.parametrize("values", [[3.0, 1.0, 2.0, 2.0], [2.0, 2.0, 2.0, 1.0, 1.0], [5.0], [1.0, 2.0],
                                    [2.0, math.nan, 2.0], [2.0, math.nan, math.nan], [math.inf, math.inf, 1.0],
                                    [-math.inf, -math.inf, 1.0], [[1.0, 2.0], [2.0, 0.0]]])
def test_median_spreads_the_gradient_over_ties(values):
    assert_as_pytorch(lambda lib: gradient(lib, values, lambda x: x.median()))


def test_median_along_a_dim_sends_the_gradient_to_its_index():
    assert_as_pytorch(lambda lib: gradient(lib, [[3.0, 2.0, 2.0], [1.0, 1.0, 5.0]], lambda x: x.median(1).values))


@pytest.mark.parametrize("name", ["int64", "uint8", "float16"])
def test_median_of_other_dtypes(name):
    assert_as_pytorch(lambda lib: lib.tensor([3, 1, 2, 2, 7], dtype=getattr(lib, name)).median())


# ---- 5. rsqrt is 1/√x --------------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_rsqrt_at_the_edges(dtype):
    values = [-math.inf, -0.0, 0.0, 1e-45 if dtype == "float32" else 5e-324, 0.25, 4.0, math.inf, math.nan, -1.0]
    assert_as_pytorch(lambda lib: gradient(lib, values, lib.rsqrt, dtype))


def test_rsqrt_node_and_second_derivative():
    def program(lib):
        x = lib.tensor([0.5, 4.0], requires_grad=True)
        g, = (torch.autograd.grad if lib is torch else autograd.grad)(x.rsqrt().sum(), x, create_graph=True)
        g.sum().backward()
        return g, x.grad, x.rsqrt().grad_fn.name()
    assert_as_pytorch(program)
    assert autograd.tensor([0.5], requires_grad=True).rsqrt().grad_fn.name() == "RsqrtBackward0"


def test_rsqrt_of_integers_is_float32():
    assert_as_pytorch(lambda lib: lib.tensor([0, 1, 4]).rsqrt())


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_the_minus_half_power_is_one_over_the_square_root(dtype):
    values = [-math.inf, -0.0, 0.0, 0.25, 4.0, math.inf, math.nan, -1.0]
    assert_as_pytorch(lambda lib: gradient(lib, values, lambda x: x ** -0.5, dtype))
    assert_as_pytorch(lambda lib: lib.tensor([0.5], requires_grad=True).pow(-0.5).grad_fn.name())


# ---- 6. x ** 0 has a zero gradient everywhere ----------------------------------------------------------------

@pytest.mark.parametrize("exponent", [0, 0.0])
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
def test_zeroth_power_gradient_is_zero(exponent, dtype):
    values = [1e-45 if dtype == "float32" else 5e-324 if dtype == "float64" else 6e-8, -1.0, 0.0, -0.0,
              math.inf, -math.inf, math.nan, 2.0]
    assert_as_pytorch(lambda lib: gradient(lib, values, lambda x: x ** exponent, dtype))


def test_zeroth_power_of_integers_and_its_node():
    assert_as_pytorch(lambda lib: lib.tensor([0, 3, -2]) ** 0)
    assert_as_pytorch(lambda lib: lib.tensor([1.5], requires_grad=True).pow(0).grad_fn.name())


# ---- 7. einsum with a label three or more times in one operand ------------------------------------------------

@pytest.mark.parametrize("equation, shape", [("iii->i", (2, 2, 2)), ("iii", (3, 3, 3)), ("iiii->i", (2, 2, 2, 2)),
                                             ("ijiij->j", (2, 3, 2, 2, 3)), ("iiji->ij", (2, 2, 3, 2))])
def test_einsum_takes_the_diagonal_of_a_label_repeated_three_times(equation, shape):
    values = np.arange(np.prod(shape), dtype=np.float32).reshape(shape).tolist()
    assert_as_pytorch(lambda lib: gradient(lib, values, lambda x: lib.einsum(equation, x) * 2))


# ---- 8. create_graph: the gradient through relu-like functions is in x's graph (its own gradient 0) ----------

def _functional(lib):
    import nn.functional
    return torch.nn.functional if lib is torch else nn.functional


RELU_LIKE = {
    "relu": lambda lib, x: lib.relu(x),
    "leaky_relu": lambda lib, x: _functional(lib).leaky_relu(x),
    "leaky_relu(-2)": lambda lib, x: _functional(lib).leaky_relu(x, -2.0),
    "relu6": lambda lib, x: _functional(lib).relu6(x),
    "relu6 in place": lambda lib, x: _functional(lib).relu6(x.clone(), inplace=True),
    "hardtanh(0, 2)": lambda lib, x: _functional(lib).hardtanh(x, 0.0, 2.0),
}


@pytest.mark.parametrize("name", sorted(RELU_LIKE))
def test_relu_like_gradients_are_in_the_graph_with_create_graph(name):
    def program(lib):
        x = lib.tensor([-1.0, 0.0, 2.0, 7.0, 6.0, math.nan, math.inf, -math.inf], requires_grad=True)
        g, = (torch.autograd.grad if lib is torch else autograd.grad)(RELU_LIKE[name](lib, x).sum(), x,
                                                                     create_graph=True)
        requires_grad = g.requires_grad
        g.sum().backward()
        return g, requires_grad, x.grad
    assert_as_pytorch(program)
