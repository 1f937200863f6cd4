"""Seventh adversarial pass (#19), values, against PyTorch 2.13: the minimum of integers, maximum/minimum near the
largest float, float16 reductions, integer powers, complex values written to real tensors, the layout of an
advanced index's result and matmul of a 0-d operand. Each test runs one program under both libraries and compares
values, dtypes, gradients and error types."""
import numpy as np
import pytest

import autograd

from .outcomes import outcome

torch = pytest.importorskip("torch")

INTEGERS = ["uint8", "int8", "int16", "int32", "int64"]
FLOATS = ["float16", "float32", "float64"]


def _same(ours, theirs):
    if isinstance(theirs, np.ndarray):
        return (isinstance(ours, np.ndarray) and ours.dtype == theirs.dtype and ours.shape == theirs.shape
                and np.array_equal(ours, theirs, equal_nan=ours.dtype.kind in "fc")
                and (ours.dtype.kind != "f" or np.array_equal(np.signbit(ours), np.signbit(theirs))))
    if isinstance(theirs, type) or isinstance(ours, type):
        return ours is theirs
    if isinstance(theirs, list):
        return isinstance(ours, list) and len(ours) == len(theirs) and all(map(_same, ours, theirs))
    return ours == theirs


def assert_as_pytorch(program):
    ours, theirs = outcome(program, autograd), outcome(program, torch)
    assert _same(ours, theirs), f"glassgrad: {ours}\nPyTorch: {theirs}"


def dtype(lib, name):
    return getattr(lib, name)


# ---- 1. the minimum of integers and bools, computed directly (−max(−x) wraps) ----------------------------------

MIN_FORMS = {
    "min()": lambda lib, x: x.min(),
    "amin()": lambda lib, x: x.amin(),
    "torch.min(x)": lambda lib, x: lib.min(x),
    "torch.amin(x, 0)": lambda lib, x: lib.amin(x, 0),
    "amin(dim=1, keepdim)": lambda lib, x: x.amin(dim=1, keepdim=True),
    "amin((0, 1))": lambda lib, x: lib.amin(x, (0, 1)),
    "min(1)": lambda lib, x: tuple(x.min(1)),
    "min(0, keepdim)": lambda lib, x: tuple(lib.min(x, 0, keepdim=True)),
    "max()": lambda lib, x: x.max(),
    "amax(1)": lambda lib, x: x.amax(1),
}


@pytest.mark.parametrize("form", MIN_FORMS)
@pytest.mark.parametrize("name", INTEGERS + ["bool"])
def test_the_minimum_of_integers_and_bools_as_pytorch(name, form):
    """[3, 200, 0, 7] as uint8 has minimum 0 (−max(−x) gave 3), the smallest int8 is its own minimum."""
    def program(lib):
        if name == "bool":
            values = [[True, False, True], [True, True, True]]
        else:
            info = np.iinfo(name)
            values = [[3, info.max, 0, 7], [info.min, 5, info.max - 1, info.min + 1]]
        return MIN_FORMS[form](lib, lib.tensor(values, dtype=dtype(lib, name)))

    assert_as_pytorch(program)


@pytest.mark.parametrize("form", ["min()", "amin()", "torch.amin(x, 0)", "min(1)"])
@pytest.mark.parametrize("shape", [(0,), (0, 3), (2, 0)])
def test_the_minimum_of_an_empty_integer_tensor_is_refused_as_in_pytorch(shape, form):
    assert_as_pytorch(lambda lib: MIN_FORMS[form](lib, lib.zeros(shape, dtype=lib.int32)))


@pytest.mark.parametrize("form", ["min()", "amin()", "torch.amin(x, 0)", "amin(dim=1, keepdim)", "min(1)"])
@pytest.mark.parametrize("name", ["float32", "float64"])
def test_the_minimum_of_floats_keeps_its_gradient_rule(name, form):
    """Tied minima: amin shares the gradient, min() shares it too, min(dim) gives it to one element."""
    def program(lib):
        x = lib.tensor([[1.0, -2.0, -2.0, 4.0], [0.0, -0.0, 3.0, 0.0]], dtype=dtype(lib, name), requires_grad=True)
        out = MIN_FORMS[form](lib, x)
        out = out[0] if isinstance(out, tuple) else out
        (out * lib.arange(1.0, out.numel() + 1, dtype=x.dtype).reshape(out.shape)).sum().backward()
        return out, x.grad

    assert_as_pytorch(program)


# ---- 2. maximum / minimum pick a value, never compute one ------------------------------------------------------

EXTREMA = {
    "maximum": lambda lib, a, b: lib.maximum(a, b),
    "minimum": lambda lib, a, b: lib.minimum(a, b),
    "max(a, b)": lambda lib, a, b: lib.max(a, b),
    "min(a, b)": lambda lib, a, b: lib.min(a, b),
    "a.max(b)": lambda lib, a, b: a.max(b),
    "a.min(b)": lambda lib, a, b: a.min(b),
}


def _pairs(name):
    big = float(np.finfo(name).max)
    tiny = float(np.finfo(name).smallest_subnormal)
    a = [big, -big, big, 3 * tiny, 1.0, -0.0, float("inf"), float("inf"), float("nan"), 2.0, -big]
    b = [-big, big, big, 3 * tiny, 1.0, -0.0, float("inf"), -float("inf"), 1.0, float("nan"), -big]
    return a, b


@pytest.mark.parametrize("form", EXTREMA)
@pytest.mark.parametrize("name", FLOATS)
def test_maximum_and_minimum_near_the_largest_value_as_pytorch(name, form):
    """3e38 vs −3e38 is 3e38 (not inf), ties of the largest value or of a subnormal keep their value; the gradient is split half and half on ties and given whole to both at a NaN."""
    def program(lib):
        a, b = _pairs(name)
        a = lib.tensor(a, dtype=dtype(lib, name), requires_grad=True)
        b = lib.tensor(b, dtype=dtype(lib, name), requires_grad=True)
        out = EXTREMA[form](lib, a, b)
        (out * lib.arange(1.0, len(out) + 1, dtype=a.dtype)).sum().backward()
        return out, a.grad, b.grad

    assert_as_pytorch(program)


@pytest.mark.parametrize("form", ["maximum", "minimum", "max(a, b)"])
@pytest.mark.parametrize("shapes", [((2, 3), (3,)), ((2, 1), (1, 3)), ((), (2, 2))], ids=str)
def test_maximum_and_minimum_broadcast_their_gradients_as_pytorch(shapes, form):
    def program(lib):
        a = lib.tensor(np.resize([1.0, 5.0, -2.0, 3.0e38], shapes[0]), requires_grad=True)
        b = lib.tensor(np.resize([1.0, -3.0e38, 4.0], shapes[1]), requires_grad=True)
        out = EXTREMA[form](lib, a, b)
        out.sum().backward()
        return out, a.grad, b.grad

    assert_as_pytorch(program)


@pytest.mark.parametrize("form", ["maximum", "minimum", "max(a, b)", "min(a, b)"])
@pytest.mark.parametrize("name", INTEGERS + ["bool"])
def test_maximum_and_minimum_of_integers_as_pytorch(name, form):
    def program(lib):
        if name == "bool":
            a, b = [True, False, False], [False, False, True]
        else:
            info = np.iinfo(name)
            a, b = [info.max, info.min, 3, info.min], [info.min, info.max, 3, 0]
        return EXTREMA[form](lib, lib.tensor(a, dtype=dtype(lib, name)), lib.tensor(b, dtype=dtype(lib, name)))

    assert_as_pytorch(program)


def test_clamp_by_tensors_near_the_largest_value_as_pytorch():
    def program(lib):
        x = lib.tensor([3e38, -3e38, 0.5, 3e38], requires_grad=True)
        out = lib.clamp(x, min=lib.tensor([-3e38, -1.0, 1.0, 3e38]), max=lib.tensor([3e38, 3e38, 2.0, 3e38]))
        out.sum().backward()
        return out, x.grad

    assert_as_pytorch(program)


# ---- 3. float16 reductions accumulate in float32, as PyTorch's on the CPU --------------------------------------

HALF_REDUCTIONS = {
    "mean": lambda lib, x: x.mean(),
    "mean(1, keepdim)": lambda lib, x: x.mean(1, keepdim=True),
    "torch.mean(x, 0)": lambda lib, x: lib.mean(x, 0),
    "var": lambda lib, x: x.var(),
    "var(1)": lambda lib, x: x.var(1),
    "var(0, correction=0)": lambda lib, x: lib.var(x, 0, correction=0),
    "std": lambda lib, x: x.std(),
    "std(1, keepdim)": lambda lib, x: x.std(1, keepdim=True),
    "std(unbiased=False)": lambda lib, x: lib.std(x, unbiased=False),
    "sum": lambda lib, x: x.sum(),
    "sum(1)": lambda lib, x: x.sum(1),
    "norm": lambda lib, x: x.norm(),
    "norm(1)": lambda lib, x: x.norm(1),
    "norm(3, dim=1)": lambda lib, x: x.norm(3, dim=1),
    "norm(inf)": lambda lib, x: x.norm(float("inf")),
    "softmax": lambda lib, x: lib.softmax(x / 1000, 1),
    "log_softmax": lambda lib, x: lib.log_softmax(x / 1000, 0),
    "logsumexp": lambda lib, x: lib.logsumexp(x / 1000, 1),
}

HALF_INPUTS = {
    "large": [[60000.0, 60000.0, 60000.0, 60000.0], [60000.0, 60000.0, 1.0, 2.0]],
    "many": [[300.0] * 4] * 2,
    "small": [[1e-4, 3e-4, 2e-4, 1e-4], [6e-5, 6e-5, 7e-5, 1e-7]],
    "mixed": [[-500.0, 60000.0, 12.5, -3.0], [40000.0, -40000.0, 30000.0, 0.0]],
}


@pytest.mark.parametrize("values", HALF_INPUTS)
@pytest.mark.parametrize("form", HALF_REDUCTIONS)
def test_float16_reductions_as_pytorch(form, values):
    """[60000, 60000]'s mean is 60000, not inf: the sum is accumulated in float32 and rounded once."""
    assert_as_pytorch(lambda lib: HALF_REDUCTIONS[form](lib, lib.tensor(HALF_INPUTS[values], dtype=lib.float16)))


@pytest.mark.parametrize("form", ["mean", "var(1)", "std", "norm(3, dim=1)", "softmax", "log_softmax"])
def test_float16_reductions_pass_a_float16_gradient_back(form):
    """The gradient is float16, and PyTorch's float32 gradient rounded (PyTorch's own float16 backward of the
    3-norm overflows to NaN here: |x|ᵖ⁻¹ of 60000 is past float16's range)."""
    def program(lib, name):
        x = lib.tensor(HALF_INPUTS["mixed"], dtype=dtype(lib, name), requires_grad=True)
        out = HALF_REDUCTIONS[form](lib, x)
        (out * lib.linspace(-1, 2, out.numel(), dtype=x.dtype).reshape(out.shape)).sum().backward()
        return out, x.grad

    ours, theirs = outcome(lambda lib: program(lib, "float16"), autograd), outcome(lambda lib: program(lib, "float32"), torch)
    assert [o.dtype for o in ours] == [np.float16, np.float16]
    np.testing.assert_allclose(ours[1], theirs[1].astype(np.float16), rtol=2e-3, atol=1e-7)


# ---- 4. integer powers: negative exponents and wrap-around as PyTorch's -----------------------------------------

POWERS = {
    "2 ** [3, -1, -2, 0]": lambda lib: 2 ** lib.tensor([3, -1, -2, 0]),
    "[1, -1, 2, 0, -2] ** -1 (tensor)": lambda lib: lib.tensor([1, -1, 2, 0, -2]) ** lib.tensor(-1),
    "±1 ** negative": lambda lib: lib.tensor([1, -1, -1, 2, -2]) ** lib.tensor([-2, -3, -4, -2, -1]),
    "int8 ** 1000 (wraps to -24)": lambda lib: lib.tensor([1, 3, -1], dtype=lib.int8) ** lib.tensor(1000),
    "uint8 ** 9": lambda lib: lib.tensor([2, 3], dtype=lib.uint8) ** lib.tensor(9),
    "int32 ** int64": lambda lib: lib.tensor([2, 3], dtype=lib.int32) ** lib.tensor([31, 40]),
    "int64 overflow": lambda lib: lib.tensor([-2, 3]) ** lib.tensor([63, 64]),
    "torch.pow": lambda lib: lib.pow(lib.tensor([[2, -3], [0, 1]]), lib.tensor([-1, 2])),
    "pow method": lambda lib: lib.tensor([5, -1]).pow(lib.tensor([-3, -5])),
    "pow_": lambda lib: lib.tensor([5, 2, 1], dtype=lib.int16).pow_(lib.tensor([-1, 15, -7], dtype=lib.int16)),
    "int ** negative number": lambda lib: lib.tensor([2, 3]) ** -1,
    "int ** 2": lambda lib: lib.tensor([2, -3], dtype=lib.int8) ** 2,
    "int ** float": lambda lib: lib.tensor([2, 4]) ** -0.5,
    "bool ** True": lambda lib: lib.tensor([True, False]) ** True,
    "float ** int": lambda lib: lib.tensor([2.0, 0.5]) ** lib.tensor([-1, -2]),
}


@pytest.mark.parametrize("case", POWERS)
def test_integer_powers_as_pytorch(case):
    """2 ** tensor([3, -1]) is PyTorch's [8, 0] (NumPy refuses negative integer exponents)."""
    assert_as_pytorch(POWERS[case])


# ---- 5. a complex value written to a real tensor is refused, not its imaginary part dropped -----------------------

WRITES = {
    "x[0] = v": lambda lib, x, v: x.__setitem__(0, v),
    "x[:] = v": lambda lib, x, v: x.__setitem__(slice(None), v),
    "x[mask] = v": lambda lib, x, v: x.__setitem__(lib.tensor([True, False, True]), v),
    "x[[0, 1]] = v": lambda lib, x, v: x.__setitem__([0, 1], v),
    "fill_": lambda lib, x, v: x.fill_(v),
    "masked_fill_": lambda lib, x, v: x.masked_fill_(lib.tensor([True, False, True]), v),
    "masked_fill": lambda lib, x, v: lib.masked_fill(x, lib.tensor([True, False, True]), v),
    "full": lambda lib, x, v: lib.full((3,), v, dtype=x.dtype),
}


@pytest.mark.parametrize("value", [2 + 1j, 2 + 0j, -1j], ids=str)
@pytest.mark.parametrize("name", ["float32", "float64", "int64", "int32", "bool", "complex64"])
@pytest.mark.parametrize("form", WRITES)
def test_a_complex_value_written_to_a_real_tensor_as_pytorch(form, name, value):
    """x[0] = 2+1j on a float tensor raises PyTorch's RuntimeError (and writes nothing); 2+0j is 2; bool takes it."""
    def program(lib):
        x = lib.zeros(3, dtype=dtype(lib, name))
        out = WRITES[form](lib, x, value)
        return x if out is None else (x, out)

    assert_as_pytorch(program)


def test_a_complex_value_written_to_a_complex_tensor_as_pytorch():
    def program(lib):
        x = lib.zeros(3, dtype=lib.complex64)
        x[0] = 2 + 1j
        x[1:] = -1j
        return x

    assert_as_pytorch(program)


def test_a_refused_complex_write_leaves_the_tensor_unchanged():
    for lib in (torch, autograd):
        x = lib.arange(3.0)
        with pytest.raises(RuntimeError, match="cannot be converted to type float"):
            x[1] = 2 + 1j
        assert x.tolist() == [0.0, 1.0, 2.0] and x._version == 0


# ---- 6. an advanced index's result is row-major (contiguous), as PyTorch's -------------------------------------

INDEXES = {
    "x[:, [0, 2]]": (slice(None), [0, 2]),
    "x[0, :, [0, 1]]": (0, slice(None), [0, 1]),
    "x[:, None, [0, 2]]": (slice(None), None, [0, 2]),
    "x[[0, 1], :, [1, 2]]": ([0, 1], slice(None), [1, 2]),
    "x[..., [1, 3]]": (Ellipsis, [1, 3]),
    "x[[1, 0]]": ([1, 0],),
    "x[:, [[0], [2]], 1:3]": (slice(None), [[0], [2]], slice(1, 3)),
    "x[:, mask]": "mask",
}


@pytest.mark.parametrize("index", INDEXES)
def test_an_advanced_index_gives_a_contiguous_tensor_as_pytorch(index):
    """x[:, [0, 2]] had strides (4, 8, 1), so view(-1) failed; PyTorch's result is contiguous."""
    def program(lib):
        x = lib.arange(24.0, requires_grad=True)
        y = (x * 1).reshape(2, 3, 4)
        where = (slice(None), lib.tensor([True, False, True])) if INDEXES[index] == "mask" else INDEXES[index]
        picked = y[where]
        flat = picked.view(-1)
        (flat * lib.arange(1.0, flat.numel() + 1)).sum().backward()
        return picked.is_contiguous(), list(picked.stride()), flat, x.grad

    assert_as_pytorch(program)


@pytest.mark.parametrize("index", [(slice(None), 1), (0, slice(None, None, 2)), (Ellipsis, 0)], ids=str)
def test_a_basic_index_is_still_a_view(index):
    for lib in (torch, autograd):
        x = lib.zeros(2, 3, 4)
        part = x[index]
        part.fill_(1.0)
        assert x.sum().item() == part.numel()  # written through the view


# ---- 7. matmul of a 0-d operand -------------------------------------------------------------------------------

MATMULS = {
    "0-d @ 1-d": lambda lib: lib.tensor(2.0) @ lib.ones(2),
    "1-d @ 0-d": lambda lib: lib.ones(2) @ lib.tensor(2.0),
    "0-d @ 0-d": lambda lib: lib.matmul(lib.tensor(2.0), lib.tensor(3.0)),
    "2-d @ 0-d": lambda lib: lib.ones(2, 2).matmul(lib.tensor(1.0)),
    "0-d @ 3-d": lambda lib: lib.matmul(lib.tensor(1.0), lib.ones(2, 2, 2)),
    "int 0-d": lambda lib: lib.tensor(2) @ lib.tensor([1, 2]),
}


@pytest.mark.parametrize("case", MATMULS)
def test_matmul_of_a_0d_operand_is_refused_as_in_pytorch(case):
    assert_as_pytorch(MATMULS[case])
    with pytest.raises(RuntimeError, match=r"both arguments to matmul need to be at least 1D, but they are \dD and \dD"):
        MATMULS[case](autograd)
