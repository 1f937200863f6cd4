"""The bitwise operators & | ^ ~ (and their in-place and functional forms) against PyTorch: bitwise on integer
tensors with PyTorch's promotion, logical on bool tensors, refused on floats with PyTorch's error type."""
import numpy as np
import pytest

import autograd

torch = pytest.importorskip("torch")


def outcome(program, lib):
    """(dtype, values) of the program's result, or the type of the error it raised."""
    try:
        result = program(lib)
    except (TypeError, NotImplementedError, RuntimeError) as error:
        return type(error).__name__
    return str(result.dtype).replace("torch.", ""), result.tolist()


def ints(lib, dtype="int64"):
    return lib.tensor([6, 3, 0, -7]).to(getattr(lib, dtype)) if dtype != "uint8" else lib.tensor([6, 3, 0, 250],
                                                                                                  dtype=lib.uint8)


OPERATORS = {"and": lambda a, b: a & b, "or": lambda a, b: a | b, "xor": lambda a, b: a ^ b}
DTYPES = ["bool", "uint8", "int8", "int32", "int64", "float16", "float32", "float64"]


def values(lib, dtype):
    if dtype == "bool":
        return lib.tensor([True, False, True, False])
    if dtype.startswith("float"):
        return lib.tensor([1.5, 0.0, 2.0, -1.0], dtype=getattr(lib, dtype))
    return ints(lib, dtype)


@pytest.mark.parametrize("right", DTYPES)
@pytest.mark.parametrize("left", DTYPES)
@pytest.mark.parametrize("op", OPERATORS.values(), ids=OPERATORS.keys())
def test_binary_bitwise_operators_promote_and_refuse_as_pytorch(op, left, right):
    def program(lib):
        return op(values(lib, left), values(lib, right))
    assert outcome(program, autograd) == outcome(program, torch)


OTHERS = {"int": 5, "negative": -1, "big": 300, "bool": True, "float": 1.5, "0d-int": "0d-int", "0d-bool": "0d-bool",
          "0d-float": "0d-float"}


def other_value(lib, other):
    if isinstance(other, str):
        return {"0d-int": lib.tensor(300), "0d-bool": lib.tensor(True), "0d-float": lib.tensor(2.0)}[other]
    return other


@pytest.mark.parametrize("reflected", [False, True])
@pytest.mark.parametrize("other", OTHERS.values(), ids=OTHERS.keys())
@pytest.mark.parametrize("dtype", ["bool", "uint8", "int8", "int64", "float32"])
@pytest.mark.parametrize("op", OPERATORS.values(), ids=OPERATORS.keys())
def test_bitwise_operators_with_a_number_or_a_0d_tensor(op, dtype, other, reflected):
    def program(lib):
        x, y = values(lib, dtype), other_value(lib, other)
        return op(y, x) if reflected else op(x, y)
    assert outcome(program, autograd) == outcome(program, torch)


@pytest.mark.parametrize("dtype", DTYPES)
def test_invert_flips_bits_of_integers_negates_bools_and_refuses_floats_with_a_type_error(dtype):
    assert outcome(lambda lib: ~values(lib, dtype), autograd) == outcome(lambda lib: ~values(lib, dtype), torch)
    assert outcome(lambda lib: lib.bitwise_not(values(lib, dtype)), autograd) == \
        outcome(lambda lib: lib.bitwise_not(values(lib, dtype)), torch)


IN_PLACE = {"iand": lambda a, b: a.__iand__(b), "ior": lambda a, b: a.__ior__(b), "ixor": lambda a, b: a.__ixor__(b),
            "and_": lambda a, b: a.bitwise_and_(b), "or_": lambda a, b: a.bitwise_or_(b),
            "xor_": lambda a, b: a.bitwise_xor_(b)}


@pytest.mark.parametrize("right", ["bool", "uint8", "int64", "float32", "number"])
@pytest.mark.parametrize("left", ["bool", "uint8", "int8", "int64", "float32"])
@pytest.mark.parametrize("op", IN_PLACE.values(), ids=IN_PLACE.keys())
def test_in_place_bitwise_operators_write_into_the_tensor_or_refuse_as_pytorch(op, left, right):
    """(Refusals compared as refusals: bool &= float32 is PyTorch's RuntimeError about the cast, here the
    NotImplementedError about floats, both naming the problem.)"""
    def program(lib):
        x = values(lib, left)
        result = op(x, 3 if right == "number" else values(lib, right))
        assert result is x
        return x

    def refused_or(result):
        return "refused" if isinstance(result, str) else result
    assert refused_or(outcome(program, autograd)) == refused_or(outcome(program, torch))


def test_bitwise_not_in_place_and_the_functional_and_method_forms():
    for program in (lambda lib: values(lib, "int8").bitwise_not_(), lambda lib: values(lib, "bool").bitwise_not_(),
                    lambda lib: lib.bitwise_and(values(lib, "int64"), values(lib, "uint8")),
                    lambda lib: values(lib, "int32").bitwise_or(7), lambda lib: values(lib, "bool").bitwise_xor(True),
                    lambda lib: lib.bitwise_xor(values(lib, "float32"), 1)):
        assert outcome(program, autograd) == outcome(program, torch)


@pytest.mark.parametrize("other", [[1, 2, 3, 4], "a", None, (1,)], ids=["list", "str", "None", "tuple"])
def test_bitwise_operators_refuse_what_is_not_a_tensor_or_a_number(other):
    for lib in (torch, autograd):
        with pytest.raises(TypeError):
            values(lib, "int64") & other


def test_shapes_that_do_not_broadcast_are_a_runtime_error():
    for lib in (torch, autograd):
        with pytest.raises(RuntimeError):
            values(lib, "int64") | lib.tensor([1, 2])


def test_a_mask_built_with_the_operators_still_selects():
    def program(lib):
        x = lib.arange(10.0)
        return x[(x > 2) & (x < 7) | ~(x != 9) ^ (x == 4)]
    assert outcome(program, autograd) == outcome(program, torch)


LOGICAL = {"and": lambda a, b: a.logical_and(b), "or": lambda a, b: a.logical_or(b),
           "xor": lambda a, b: a.logical_xor(b), "not": lambda a, b: a.logical_not(),
           "function-xor": lambda a, b: type(a).logical_xor(a, b)}


@pytest.mark.parametrize("right", ["bool", "int64", "float32"])
@pytest.mark.parametrize("left", ["bool", "uint8", "float32", "float64"])
@pytest.mark.parametrize("op", LOGICAL.values(), ids=LOGICAL.keys())
def test_the_logical_methods_take_truth_values_of_any_dtype(op, left, right):
    """What a float mask needs now that & | ~ refuse floats, as in PyTorch."""
    def program(lib):
        return op(values(lib, left), values(lib, right))
    assert outcome(program, autograd) == outcome(program, torch)


def test_an_array_on_the_right_is_taken_as_a_tensor():
    """(PyTorch 2.13 refuses an array on the left for every operator, `+` too; glassgrad computes it, for all.)"""
    assert outcome(lambda lib: values(lib, "int64") & np.array([3, 5, 1, 1]), autograd) == \
        outcome(lambda lib: values(lib, "int64") & np.array([3, 5, 1, 1]), torch)
