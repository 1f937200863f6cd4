"""flip / fliplr / flipud, the operators // << >> (reflected and in place), sign's gradient and the in-place
elementwise methods, against PyTorch: values, dtypes, node names, gradients and errors
(autograd/pytorch/tensor_operators.py, functional/rearrange.py, rounding.py, bitwise.py)."""
import numpy as np
import pytest

import autograd

torch = pytest.importorskip("torch")


def outcome(fn):
    """What fn gives, comparable across the libraries: the values and dtype, or the error's type."""
    try:
        result = fn()
    except (RuntimeError, TypeError, NotImplementedError, IndexError, ValueError) as error:
        return type(error).__name__
    return repr(result.tolist()), str(result.dtype).removeprefix("torch.")  # (repr: a NaN equals a NaN)


def both(make):
    """make(T) run with PyTorch and with glassgrad."""
    return outcome(lambda: make(torch)), outcome(lambda: make(autograd))


FLIPS = {
    "dim 0": lambda x: x.flip(0), "two dims": lambda x: x.flip(0, 1), "a list": lambda x: x.flip([1, 0]),
    "negative": lambda x: x.flip((-1,)), "none": lambda x: x.flip([]), "keyword": lambda x: x.flip(dims=(1,)),
    "repeated": lambda x: x.flip([0, 0]), "out of range": lambda x: x.flip(2), "a float": lambda x: x.flip(0.5),
    "fliplr": lambda x: x.fliplr(), "flipud": lambda x: x.flipud(), "functional": lambda x: type(x).flip(x, (1,)),
}


@pytest.mark.parametrize("name", FLIPS)
def test_flip_as_pytorch(name):
    def run(T):
        x = T.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
        y = FLIPS[name](x * 1)
        (y * T.tensor(np.arange(1.0, 7.0).reshape(y.shape))).sum().backward()
        return y.tolist(), y.grad_fn.name(), x.grad.tolist()

    expected, got = outcome(lambda: _listed(run(torch))), outcome(lambda: _listed(run(autograd)))
    assert got == expected


def _listed(result):
    class Result(tuple):
        def tolist(self):
            return list(self)
        dtype = ""
    return Result(result)


@pytest.mark.parametrize("shape, make", [((), lambda x: x.flip(0)), ((), lambda x: x.flip(-1)), ((3,), lambda x: x.fliplr()),
                                         ((), lambda x: x.flipud()), ((3,), lambda x: x.flipud())])
def test_flip_of_few_dims_as_pytorch(shape, make):
    assert both(lambda T: make(T.ones(shape)))[1] == both(lambda T: make(T.ones(shape)))[0]


def test_flip_is_a_copy_as_in_pytorch():
    for T in (torch, autograd):
        x = T.zeros(3)
        y = x.flip(0)
        y.add_(1)
        assert x.tolist() == [0, 0, 0] and y.stride() == (1,)


DTYPES = ["int64", "int32", "int8", "uint8", "bool", "float32", "float64", "float16"]
OTHERS = [2, -3, 0, 2.5, True, "tensor int64", "tensor float32", "0-d float32"]


def _operand(T, other, shape=(5,)):
    if not isinstance(other, str):
        return other
    values = np.array([2, -3, 1, 7, 3])[: shape[0]]
    if other == "0-d float32":
        return T.tensor(0.3, dtype=T.float32)
    return T.tensor(values.astype(other.split()[1]))


VALUES = np.array([5, -7, 3, 0, 100])


@pytest.mark.parametrize("op", ["//", "%", "fmod", "<<", ">>"])
@pytest.mark.parametrize("other", OTHERS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_operators_give_pytorchs_values_dtypes_and_errors(op, other, dtype):
    def make(T, reflected=False):
        x = T.tensor(VALUES.astype(dtype) if dtype != "bool" else VALUES > 0)
        y = _operand(T, other)
        a, b = (y, x) if reflected else (x, y)
        if op == "fmod" and reflected:
            return T.fmod(T.tensor(np.array(a)), b)
        return {"//": lambda: a // b, "%": lambda: a % b, "fmod": lambda: T.fmod(a, b), "<<": lambda: a << b,
                ">>": lambda: a >> b}[op]()

    expected, got = both(make)
    assert got == expected
    if not isinstance(_operand(torch, other), torch.Tensor):
        expected, got = both(lambda T: make(T, reflected=True))
        assert got == expected


@pytest.mark.parametrize("op", ["//", "%", "<<", ">>"])
@pytest.mark.parametrize("other", [2, 2.5, -1, "tensor int64"])
@pytest.mark.parametrize("dtype", ["int64", "uint8", "float32", "bool"])
def test_in_place_operators_as_pytorch(op, other, dtype):
    def make(T):
        x = T.tensor(VALUES.astype(dtype) if dtype != "bool" else VALUES > 0)
        y = _operand(T, other)
        if op == "//":
            x //= y
        elif op == "%":
            x %= y
        elif op == "<<":
            x <<= y
        else:
            x >>= y
        return x

    expected, got = both(make)
    assert got == expected


@pytest.mark.parametrize("count", [-1, 0, 1, 7, 8, 31, 32, 63, 64, 70])
@pytest.mark.parametrize("dtype", ["int8", "uint8", "int32", "int64"])
def test_shifts_by_any_count_as_pytorch(count, dtype):
    for op in ("<<", ">>"):
        def make(T, op=op):
            x = T.tensor(np.array([1, -1, 5, -128, 127]).astype(dtype))
            return x << count if op == "<<" else x >> count

        expected, got = both(make)
        assert got == expected


def test_floor_division_of_floats_by_zero_and_of_specials_as_pytorch():
    values = np.array([5.0, -7.5, 0.0, -0.0, np.inf, -np.inf, np.nan, 1e-30])
    for other in (0.0, -0.0, 2.0, -2.0, np.inf, np.nan, 0.3, 1e-30):
        for dtype in ("float32", "float64", "float16"):
            expected, got = both(lambda T, dtype=dtype, other=other: T.tensor(values.astype(dtype)) // other)
            assert got == expected, (other, dtype)
    expected, got = both(lambda T: T.tensor(values) // T.tensor(values[::-1].copy()))
    assert got == expected


@pytest.mark.parametrize("op", ["//", "%", "fmod"])
@pytest.mark.parametrize("dtype", ["float16", "float32"])
def test_float16_division_by_a_number_rounds_as_pytorch(dtype, op):
    values = np.random.default_rng(2).uniform(-10, 10, 300)
    for other in (0.3, 0.7, 1.1, 3.3):
        def make(T, other=other):
            x = T.tensor(values.astype(dtype))
            return x // other if op == "//" else x % other if op == "%" else T.fmod(x, other)

        expected, got = both(make)
        assert got == expected


def test_floor_division_of_integers_by_zero_is_refused_as_in_pytorch():
    for T in (torch, autograd):
        for zero in (0, T.tensor([0, 1])):
            with pytest.raises(RuntimeError, match="ZeroDivisionError"):
                T.tensor([3, 4]) // zero


def test_floor_division_records_a_node_whose_backward_is_refused_as_in_pytorch():
    for T in (torch, autograd):
        x = T.tensor([5.0, -7.5], requires_grad=True)
        y = x // 2
        assert y.requires_grad
        with pytest.raises(RuntimeError, match="derivative for aten::floor_divide is not implemented"):
            (y + x).sum().backward()


@pytest.mark.parametrize("bad", [[1, 2], "a", None])
def test_operators_with_a_non_tensor_are_refused(bad):
    for T in (torch, autograd):
        for op in (lambda T=T: T.tensor([1, 2]) << bad, lambda T=T: T.tensor([1, 2]) >> bad):
            with pytest.raises(TypeError):
                op()


def test_shapes_that_do_not_broadcast_are_refused():
    for T in (torch, autograd):
        for op in (lambda a, b: a << b, lambda a, b: a >> b, lambda a, b: a // b):
            with pytest.raises(RuntimeError):
                op(T.tensor([1, 2, 3]), T.tensor([1, 2]))


def test_sign_has_pytorchs_node_and_a_zero_gradient():
    def run(T):
        x = T.tensor([-2.0, 0.0, -0.0, 3.0, np.nan, np.inf], requires_grad=True)
        y = x.sign()
        (y * 3 + x.sgn()).sum().backward()
        return y.tolist()[:4], y.grad_fn.name(), x.grad.tolist(), np.signbit(y.detach().numpy()).tolist()

    assert run(autograd) == run(torch)
    assert both(lambda T: T.tensor([-3, 0, 2]).sign()) == both(lambda T: T.tensor([-3, 0, 2]).sgn())


def test_every_in_place_elementwise_method_pytorch_has_for_our_methods_exists():
    missing = sorted(name + "_" for name in dir(autograd.Tensor) if not name.startswith("_")
                     and hasattr(torch.Tensor, name + "_") and not hasattr(autograd.Tensor, name + "_"))
    assert missing == ["as_strided_"]  # (t_, transpose_, squeeze_, ...: pytorch/tensor_more.py)


IN_PLACE = ["acos_", "arccos_", "asin_", "arcsin_", "atan_", "arctan_", "ceil_", "floor_", "trunc_", "fix_", "cos_",
            "sin_", "cosh_", "sinh_", "erf_", "log10_", "log1p_", "log2_", "square_", "sign_", "sgn_", "round_",
            "logical_not_"]


@pytest.mark.parametrize("name", IN_PLACE)
@pytest.mark.parametrize("dtype", ["float32", "float64", "int64", "bool"])
def test_in_place_elementwise_methods_as_pytorch(name, dtype):
    values = np.array([-0.75, 0.25, 0.5, 2.5, -3.5])

    def make(T):
        x = T.tensor(values.astype(dtype))
        result = getattr(x, name)()
        assert result is x
        return x

    expected, got = both(make)
    if isinstance(expected, tuple) and isinstance(got, tuple):  # (values as repr'd lists: read them back)
        numbers = {"nan": np.nan, "inf": np.inf}
        np.testing.assert_allclose(np.array(eval(got[0], numbers), dtype=float),
                                   np.array(eval(expected[0], numbers), dtype=float), rtol=1e-6)
        assert got[1] == expected[1]
    else:
        assert got == expected


@pytest.mark.parametrize("name, args", [("atan2_", ("other",)), ("arctan2_", ("other",)), ("logical_and_", ("other",)),
                                        ("logical_or_", ("other",)), ("logical_xor_", ("other",)), ("cumsum_", (1,)),
                                        ("cumprod_", (0,)), ("tril_", ()), ("triu_", (1,)), ("floor_divide_", (2,)),
                                        ("bitwise_left_shift_", (1,)), ("bitwise_right_shift_", (1,))])
@pytest.mark.parametrize("dtype", ["float64", "int64"])
def test_in_place_methods_with_arguments_as_pytorch(name, args, dtype):
    values = np.array([[-0.75, 0.0, 2.5], [3.0, -1.0, 0.5]])

    def make(T):
        x = T.tensor(values.astype(dtype))
        arguments = [T.tensor(values[::-1].astype(dtype)) if a == "other" else a for a in args]
        assert getattr(x, name)(*arguments) is x
        return x

    assert both(make)[1] == both(make)[0]


def test_in_place_methods_record_the_gradient_as_pytorch():
    def run(T):
        w = T.tensor([0.3, -1.2, 2.0], requires_grad=True)
        a = w * 1
        a.sin_().cosh_().log1p_().square_()
        a.sum().backward()
        return w.grad.tolist()

    np.testing.assert_allclose(run(autograd), run(torch), rtol=1e-6)


def test_in_place_on_a_leaf_that_requires_grad_is_refused_as_in_pytorch():
    for T in (torch, autograd):
        with pytest.raises(RuntimeError, match="leaf"):
            T.ones(2, requires_grad=True).sin_()


NEW = {
    "new_tensor": lambda x, T: x.new_tensor([1.7, -2]),
    "new_tensor, dtype": lambda x, T: x.new_tensor([1.7, -2], dtype=T.float32),
    "new_tensor of a tensor": lambda x, T: x.new_tensor(T.tensor([3.5])),
    "new_zeros": lambda x, T: x.new_zeros(2, 3),
    "new_zeros, a tuple": lambda x, T: x.new_zeros((2,)),
    "new_zeros, no size": lambda x, T: x.new_zeros([]),
    "new_ones": lambda x, T: x.new_ones(3, dtype=T.bool),
    "new_full": lambda x, T: x.new_full((2, 2), 2.5),
    "new_empty, shape": lambda x, T: x.new_empty((0, 2)).shape,
    "new_zeros, negative": lambda x, T: x.new_zeros(-1),
    "new_zeros, a float": lambda x, T: x.new_zeros(2.5),
    "new_full, no value": lambda x, T: x.new_full((2,)),
    "new_tensor, a string": lambda x, T: x.new_tensor("a"),
}


@pytest.mark.parametrize("dtype", ["float64", "int64"])
@pytest.mark.parametrize("name", NEW)
def test_new_tensors_as_pytorch(name, dtype):
    def make(T):
        result = NEW[name](T.ones(2, dtype=getattr(T, dtype)), T)
        return result if isinstance(result, T.Tensor) else T.tensor(list(result))

    expected, got = both(make)
    assert got == expected


def test_new_tensors_require_grad_only_when_asked_as_in_pytorch():
    for T in (torch, autograd):
        x = T.ones(2, requires_grad=True)
        assert not x.new_tensor(x.detach()).requires_grad and x.new_zeros(2, requires_grad=True).requires_grad


@pytest.mark.parametrize("op", ["remainder", "fmod"])
def test_remainders_give_pytorchs_values_node_names_and_gradients(op):
    values = np.array([5.0, -7.5, 3.0, 0.5, -0.25, 0.8])  # (away from the jumps, for gradcheck)
    divisors = np.array([2.0, 3.0, -2.0, -0.3, 0.7, -0.3])

    def run(T, other_is_tensor):
        x = T.tensor(values, requires_grad=True)
        b = T.tensor(divisors, requires_grad=True) if other_is_tensor else 1.5
        y = getattr(T, op)(x, b)
        (y * T.tensor(np.arange(1.0, 7.0))).sum().backward()
        return y.tolist(), y.grad_fn.name(), x.grad.tolist(), b.grad.tolist() if other_is_tensor else None

    for other_is_tensor in (True, False):
        assert run(autograd, other_is_tensor) == run(torch, other_is_tensor)
    x = autograd.tensor(values, requires_grad=True)
    b = autograd.tensor(divisors, requires_grad=True)
    assert autograd.gradcheck(lambda x, b: getattr(autograd, op)(x, b), (x, b))
    assert autograd.gradgradcheck(lambda x, b: getattr(autograd, op)(x, b) ** 2, (x, b))


def test_remainder_of_integers_by_zero_is_refused_as_in_pytorch():
    for T in (torch, autograd):
        for call in (lambda T=T: T.tensor([3, 4]) % 0, lambda T=T: T.fmod(T.tensor([3, 4]), T.tensor([1, 0]))):
            with pytest.raises(RuntimeError, match="ZeroDivisionError"):
                call()
