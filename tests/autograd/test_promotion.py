"""Dtypes as PyTorch: the type-promotion table (tensors with dimensions decide; a 0-d tensor or a Python
number only when its category is higher), int / int -> float32, uint8 wrap-around, and construction that
refuses whatever is not a number. Stated expectations first; PyTorch, where installed, checks the whole
table."""
import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from autograd import tensor
from autograd.pytorch.promotion import promote_types, result_type

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]
VALUES = {"bool": [True, False], "uint8": [200, 3], "int8": [100, -3], "int16": [1000, -3], "int32": [7, -3],
          "int64": [7, -3], "float16": [1.5, -2.0], "float32": [1.5, -2.0], "float64": [1.5, -2.0]}


def make(lib, name):
    return lib.tensor(VALUES[name], dtype=getattr(lib, name))


@pytest.mark.parametrize("a, b, expected", [
    ("int64", "float32", "float32"), ("int64", "float16", "float16"), ("uint8", "int8", "int16"),
    ("bool", "uint8", "uint8"), ("int32", "int64", "int64"), ("float16", "float64", "float64"),
    ("bool", "bool", "bool"), ("float32", "complex64", "complex64"), ("float64", "complex64", "complex128"),
])
def test_promote_types(a, b, expected):
    assert promote_types(a, b) == np.dtype(expected) == promote_types(b, a)


@pytest.mark.parametrize("values, expected", [
    ((tensor([1, 2]), 2.5), "float32"),  # a float number lifts an int tensor to the default float
    ((tensor([1.0], dtype=np.float16), 2.5), "float16"),  # but does not widen a float tensor
    ((tensor([1.0]), tensor(2.0, dtype=np.float64)), "float32"),  # nor does a 0-d tensor of the same category
    ((tensor([1, 2], dtype=np.int32), tensor(2.5, dtype=np.float64)), "float64"),  # one of a higher category does
    ((tensor([1], dtype=np.uint8), 300), "uint8"),
    ((tensor([True]), 2), "int64"),
    ((tensor([1.0]), 1j), "complex64"),
    ((tensor(1, dtype=np.int8), tensor(2, dtype=np.int32)), "int32"),
])
def test_result_type(values, expected):
    assert result_type(*values) == np.dtype(expected)


def test_stated_results():
    assert (tensor(7) / tensor(2)).dtype == np.float32 and (tensor(7) / tensor(2)).item() == 3.5
    assert (tensor([250], dtype=np.uint8) + 10).tolist() == [4]  # wraps, as in PyTorch
    assert (tensor([200, 3], dtype=np.uint8) + 300).tolist() == [244, 47]  # 300 is 44 as uint8
    assert (tensor([3], dtype=np.uint8) - 5).tolist() == [254]
    assert (tensor([200, 3], dtype=np.uint8) / -1).tolist() == [-200.0, -3.0]  # true division in float32
    assert tensor([200, 3], dtype=np.uint8).sum().dtype == np.int64
    assert (tensor([1, 2]) * 1.5).dtype == np.float32
    assert tensor([1, 2]).exp().dtype == np.float32 and tensor([True]).sigmoid().dtype == np.float32
    assert autograd.maximum(tensor([1, 5]), tensor([2.5, 1.0])).tolist() == [2.5, 5.0]
    assert autograd.maximum(tensor([1, 5]), tensor([2, 1])).dtype == np.int64
    assert tensor([1, 2]).clamp(1.5).dtype == np.float32 and tensor([1, 2]).clamp(0, 1).dtype == np.int64
    assert (tensor([True, False]) ** True).dtype == np.bool_


@pytest.mark.parametrize("call, error, message", [
    (lambda: tensor([True]) - tensor([True]), RuntimeError, "Subtraction.*bool"),
    (lambda: tensor([1.0]) - True, RuntimeError, "Subtraction.*bool"),
    (lambda: -tensor([True]), RuntimeError, "Negation.*bool"),
    (lambda: tensor([True]).abs(), NotImplementedError, "abs_cpu.* not implemented for .Bool"),
    (lambda: tensor([1, 2]) ** -1, RuntimeError, "negative integer powers"),
    (lambda: tensor([1, 2], dtype=np.uint8) ** 300, RuntimeError, "without overflow"),
    (lambda: tensor([1, 2]).mean(), RuntimeError, "floating point"),
    (lambda: tensor([1, 2]).var(), RuntimeError, "floating point"),
    (lambda: tensor([1, 2]).norm(), RuntimeError, "floating point"),
    (lambda: tensor([1, 2]).softmax(0), RuntimeError, "floating point"),
    (lambda: tensor([[1, 2]]) @ tensor([[1.0], [2.0]]), RuntimeError, "same dtype"),
    (lambda: tensor([1.0]) + "a", TypeError, "got str"),
    (lambda: tensor([1.0]) + None, TypeError, "got NoneType"),
])
def test_refused_operations(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_reductions_take_pytorchs_dtype_keyword():
    assert tensor([1, 2]).sum(dtype=np.float32).dtype == np.float32
    assert tensor([1, 2]).mean(dtype=np.float64).item() == 1.5
    assert tensor([1.0, 2.0]).softmax(0, dtype=np.float64).dtype == np.float64
    x = tensor([1.0, 2.0], requires_grad=True)
    x.log_softmax(0, dtype=np.float64)[0].backward()
    assert x.grad.dtype == np.float32


# ----- construction -----

@pytest.mark.parametrize("data, error, message", [
    ("abc", TypeError, "invalid data type 'str'"),
    (["a", "b"], TypeError, "invalid data type 'str'"),
    (None, RuntimeError, "Could not infer dtype of NoneType"),
    ([None, 1], RuntimeError, "Could not infer dtype of NoneType"),
    ({"a": 1}, RuntimeError, "Could not infer dtype of dict"),
    ({1, 2}, RuntimeError, "Could not infer dtype of set"),
    (b"abc", TypeError, "invalid data type 'bytes'"),
    (np.array([1, "a"], dtype=object), TypeError, "can't convert an array of type object"),
    (np.array(["a"]), TypeError, "can't convert an array of type <U1"),
    (2**63, ValueError, "Overflow"),  # PyTorch 2.13's type (test_adversarial_round6.py checks it)
    ([2**64], ValueError, "Overflow"),
    ([[1, 2], [3]], ValueError, "rectangular"),
    ([1, [2, 3]], ValueError, "rectangular"),
    ([tensor([1.0, 2.0]), tensor([3.0, 4.0])], ValueError, "only one element tensors"),
])
def test_construction_refuses_what_is_not_a_number(data, error, message):
    with pytest.raises(error, match=message):
        tensor(data)


def test_construction_dtypes():
    assert tensor(-2**63).dtype == np.int64 and tensor([1, 2.5]).dtype == np.float32
    assert tensor([True, 2]).dtype == np.int64 and tensor(1 + 2j).dtype == np.complex64
    assert tensor([tensor(1.0), tensor(2.0)]).tolist() == [1.0, 2.0]
    assert tensor(range(3)).tolist() == [0, 1, 2]
    assert tensor([-1], dtype=np.uint8).tolist() == [255]  # PyTorch wraps negatives into unsigned types
    assert tensor([1.7, -1.7], dtype=np.int64).tolist() == [1, -1]
    for data, dtype in (([300], np.uint8), ([float("nan")], np.int64), ([200], np.int8)):
        with pytest.raises(RuntimeError, match="without overflow"):
            tensor(data, dtype=dtype)


def test_complex_tensors_cannot_require_grad():
    x = tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="does not differentiate complex"):
        tensor([1 + 2j], requires_grad=True)
    with pytest.raises(RuntimeError, match="does not differentiate complex"):
        x * 1j
    with pytest.raises(RuntimeError, match="does not differentiate complex"):
        x.to(np.complex64)
    with autograd.no_grad():
        assert (x * 1j).dtype == np.complex64
    assert (x.detach() + tensor([1j, 1j])).tolist() == [1 + 1j, 2 + 1j]


# ----- PyTorch as the oracle for the whole table -----

OPERATIONS = ["+", "*", "/", "-", "=="]
NUMBERS = ["2", "2.5", "-1", "300", "True"]


@pytest.mark.parametrize("a, b", list(itertools.product(DTYPES, DTYPES)))
def test_tensor_tensor_promotion_table_matches_pytorch(a, b):
    torch = pytest.importorskip("torch")
    for op in OPERATIONS:
        _compare(lambda lib, op=op: eval(f"x {op} y", {"x": make(lib, a), "y": make(lib, b)}), torch)


@pytest.mark.parametrize("a, number", list(itertools.product(DTYPES, NUMBERS)))
def test_tensor_number_promotion_matches_pytorch(a, number):
    torch = pytest.importorskip("torch")
    for expression in (f"x {op} {number}" for op in OPERATIONS + ["**"]):
        _compare(lambda lib, expression=expression: eval(expression, {"x": make(lib, a)}), torch)
    _compare(lambda lib: eval(f"{number} - x", {"x": make(lib, a)}), torch)


@pytest.mark.parametrize("a, zero_d", list(itertools.product(DTYPES, ["int64", "float32", "float64", "bool", "int32"])))
def test_zero_dimensional_tensors_promote_as_in_pytorch(a, zero_d):
    torch = pytest.importorskip("torch")
    _compare(lambda lib: make(lib, a) + lib.tensor(VALUES[zero_d][0], dtype=getattr(lib, zero_d)), torch)


@given(st.sampled_from(DTYPES), st.sampled_from(["exp", "sqrt", "abs", "sigmoid", "sum", "relu", "neg"]))
def test_unary_results_match_pytorch(dtype, name):
    torch = pytest.importorskip("torch")
    _compare(lambda lib: getattr(make(lib, dtype), name)() if name != "neg" else -make(lib, dtype), torch)


def _compare(build, torch):
    try:
        theirs = build(torch)
    except Exception as error:  # noqa: BLE001  (PyTorch refuses: so must we)
        with pytest.raises(Exception):  # noqa: B017,PT011
            build(autograd)
        return error
    ours = build(autograd)
    assert str(ours.dtype) == str(theirs.dtype).replace("torch.", ""), (ours, theirs)
    np.testing.assert_allclose(ours.numpy().astype(float), theirs.numpy().astype(float), rtol=2e-3)


def test_hyperbolic_functions_of_integers_give_float32_as_exp_does():
    for name in ("sinh", "cosh", "exp"):
        out = getattr(autograd, name)(autograd.tensor([0, 1, 2]))
        assert out.dtype == np.float32, name
    torch = pytest.importorskip("torch")
    assert torch.sinh(torch.tensor([0, 1])).dtype == torch.float32
