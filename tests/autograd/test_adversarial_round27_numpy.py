"""Round 27 (hostile27b): NumPy scalars and arrays as arguments, each family checked against PyTorch 2.13.

- S1: a NumPy scalar where a creation function takes a number (full, full_like, new_full, fill_, arange, linspace,
  logspace) is read as the Python number it holds (full((2,), np.int8(100)) is int64, np.float64(0.1) float32);
  torch.tensor(np scalar) keeps its dtype; NumPy integers are sizes.
- S2: lerp with a NumPy unsigned weight (np.uint8(2)) does not wrap in 1 − w (values and gradients).
- R: a NumPy uint64 fill value given a dtype is read (fill_, where, masked_fill, index_fill, clamp, alpha); norm's
  p may be a NumPy scalar.
(S3, tensor ⊕ NumPy array, is stated in docs/differences-from-pytorch.md: glassgrad's own backward rules compute
with arrays and tensors together, so an array keeps being read as a tensor operand.)
"""
import operator

import numpy as np
import pytest

import autograd

from .outcomes import assert_as_pytorch, outcome, same_within_1e6

torch = pytest.importorskip("torch")

SCALARS = [np.int8(3), np.uint8(200), np.int16(-3), np.int32(3), np.int64(3), np.uint16(3), np.uint32(3),
           np.uint64(3), np.float16(1.5), np.float32(0.1), np.float64(0.1), np.bool_(True), np.complex64(1.5),
           np.complex128(1 + 2j)]
INTEGERS = [s for s in SCALARS if isinstance(s, np.integer)]


def _ids(values):
    return [f"{type(v).__name__}({v})" for v in values]


CREATION = {
    "full": lambda lib, s: lib.full((2,), s),
    "full_dtype": lambda lib, s: lib.full((2,), s, dtype=lib.float64),
    "full_like": lambda lib, s: lib.full_like(lib.zeros(2, dtype=lib.int32), s),
    "full_like_float": lambda lib, s: lib.full_like(lib.zeros(2), s),
    "new_full": lambda lib, s: lib.zeros(2, dtype=lib.int32).new_full((2,), s),
    "fill_": lambda lib, s: lib.zeros(2).fill_(s),
    "fill_int": lambda lib, s: lib.zeros(2, dtype=lib.int64).fill_(s),
    "tensor": lambda lib, s: lib.tensor(s),
    "tensor_list": lambda lib, s: lib.tensor([s, s]),
    "arange": lambda lib, s: lib.arange(s),
    "arange3": lambda lib, s: lib.arange(0, s, 1),
    "linspace": lambda lib, s: lib.linspace(0, s, 3),
    "logspace": lambda lib, s: lib.logspace(0, s, 2),
    "zeros": lambda lib, s: lib.zeros(s, 2),
    "ones_tuple": lambda lib, s: lib.ones((s,)),
    "eye": lambda lib, s: lib.eye(s),
}


@pytest.mark.parametrize("scalar", SCALARS, ids=_ids(SCALARS))
@pytest.mark.parametrize("name", sorted(CREATION))
def test_creation_reads_a_numpy_scalar_as_pytorch(name, scalar):
    if isinstance(scalar, np.uint8) and name in ("arange", "arange3", "zeros", "ones_tuple", "eye"):
        scalar = np.uint8(5)  # (a small size keeps the test fast)
    if isinstance(scalar, complex) and name == "logspace":
        pytest.skip("complex logspace: glassgrad's NotImplementedError (documented), whatever the bound's type")
    assert_as_pytorch(lambda lib: CREATION[name](lib, scalar))


def test_a_numpy_complex64_with_an_imaginary_part_is_refused_where_pytorch_drops_it():
    """PyTorch reads np.complex64(1+2j) as the real 1.0 (full((2,), z) is [1., 1.], with NumPy's ComplexWarning):
    refused here, clearly; np.complex128 (a Python complex) and an np.complex64 without an imaginary part are read
    as PyTorch reads them (test_creation_reads_a_numpy_scalar_as_pytorch)."""
    z = np.complex64(1 + 2j)
    for make in (lambda: autograd.full((2,), z), lambda: autograd.linspace(0, z, 3), lambda: autograd.arange(z),
                 lambda: autograd.full_like(autograd.zeros(2), z), lambda: autograd.zeros(2).new_full((2,), z)):
        with pytest.raises(TypeError, match="imaginary part"):
            make()
    with pytest.raises(RuntimeError, match="cannot be converted"):  # (fill_: as for the Python number 1+2j)
        autograd.zeros(2).fill_(z)


def test_full_of_a_narrow_numpy_integer_does_not_wrap():
    """The reproducer: full((2,), np.int8(100)) * 2 is int64 [200, 200] (it was int8 [-56, -56])."""
    counts = np.array([100, 20], dtype=np.int8)
    assert_as_pytorch(lambda lib: lib.full((2,), counts[0]) * 2)
    assert_as_pytorch(lambda lib: lib.full((3,), np.float64(0.1)) + lib.tensor([1.0, 2.0, 3.0]))


def test_tensor_of_a_numpy_uint64_needs_a_dtype_as_pytorch():
    assert_as_pytorch(lambda lib: lib.tensor(np.uint64(3), dtype=lib.int64))
    assert_as_pytorch(lambda lib: lib.as_tensor(np.uint64(3)))
    with pytest.raises(TypeError, match="dtype"):  # (a message that says what to do)
        autograd.tensor(np.uint64(3))


FILL_VALUE_FORMS = {
    "where": lambda lib, s: lib.where(lib.tensor([True, False]), lib.tensor([1, 5]), s),
    "where_float": lambda lib, s: lib.where(lib.tensor([True, False]), lib.tensor([1.0, 5.0]), s),
    "masked_fill": lambda lib, s: lib.tensor([1, 5]).masked_fill(lib.tensor([True, False]), s),
    "index_fill": lambda lib, s: lib.tensor([1.0, 5.0]).index_fill(0, lib.tensor([0]), s),
    "clamp_min": lambda lib, s: lib.tensor([1.0, 5.0]).clamp(min=s),
    "clamp_max_int": lambda lib, s: lib.tensor([1, 5]).clamp(max=s),
    "add_alpha": lambda lib, s: lib.add(lib.tensor([1, 5]), lib.tensor([1, 5]), alpha=s),
    "add_alpha_float": lambda lib, s: lib.add(lib.tensor([1.0, 5.0]), lib.tensor([1.0, 5.0]), alpha=s),
    "fill_": lambda lib, s: lib.tensor([1, 5]).fill_(s),
}


@pytest.mark.parametrize("scalar", INTEGERS, ids=_ids(INTEGERS))
@pytest.mark.parametrize("name", sorted(FILL_VALUE_FORMS))
def test_numpy_integers_uint64_too_as_fill_values(name, scalar):
    assert_as_pytorch(lambda lib: FILL_VALUE_FORMS[name](lib, scalar))


WEIGHTS = [np.uint8(2), np.uint16(5), np.uint32(3), np.uint64(5), np.uint8(0), np.uint8(1), np.int8(2), np.int64(-1),
           np.float16(0.3), np.float32(0.7), np.float64(1.5), np.bool_(True)]


def _lerp_with_gradient(lib, weight, form):
    start = lib.tensor([0.0, 1.0], requires_grad=True)
    end = lib.tensor([10.0, 20.0], requires_grad=True)
    if form == "function":
        out = lib.lerp(start, end, weight)
    elif form == "method":
        out = start.lerp(end, weight)
    else:
        out = (start * 1).lerp_(end, weight)
    (out * lib.tensor([1.0, 3.0])).sum().backward()
    return [out, start.grad, end.grad]


@pytest.mark.parametrize("form", ["function", "method", "in_place"])
@pytest.mark.parametrize("weight", WEIGHTS, ids=_ids(WEIGHTS))
def test_lerp_with_a_numpy_weight_as_pytorch(weight, form):
    """np.uint8(2) is the number 2: [20, 39] and gradient −1 for start (1 − w computed in uint8 wrapped to 255)."""
    assert_as_pytorch(lambda lib: _lerp_with_gradient(lib, weight, form))


NORM_PS = [np.int64(3), np.uint64(3), np.int8(-3), np.float32(1.5), np.float16(0.5), np.float64(np.inf), np.bool_(True),
           np.int64(0), np.int64(1)]


@pytest.mark.parametrize("p", NORM_PS, ids=_ids(NORM_PS))
def test_norm_takes_a_numpy_p(p):
    x = np.array([[1.0, -5.0, 2.0], [0.5, 0.0, 3.0]], dtype=np.float32)
    assert_as_pytorch(lambda lib: lib.tensor(x).norm(p=p))
    assert_as_pytorch(lambda lib: lib.tensor(x).norm(p=p, dim=1))
    assert_as_pytorch(lambda lib: lib.norm(lib.tensor(x), p))


# --- S3: a tensor and a NumPy array under an operator --------------------------------------------------------

def test_numpy_scalars_are_numbers_not_arrays_under_operators():
    """A NumPy scalar (not an array) still takes PyTorch's promotion for a number: uint8 − np.int64(3) wraps in
    uint8 in both (unlike np.array(3))."""
    for scalar in (np.int64(3), np.float64(1.5), np.float32(0.5), np.bool_(True)):
        for op in (operator.sub, operator.mul, operator.truediv):
            assert_as_pytorch(lambda lib, s=scalar, f=op: f(lib.tensor([1, 2], dtype=lib.uint8), s))
            assert_as_pytorch(lambda lib, s=scalar, f=op: f(s, lib.tensor([1.0, 2.0], dtype=lib.float16)))


def test_outcome_helper_can_tell_dtypes_apart():
    """(The comparison these tests rest on is not vacuous: int64 and uint8 results of one value differ.)"""
    assert not same_within_1e6(outcome(lambda lib: lib.tensor([1], dtype=lib.uint8), autograd),
                               outcome(lambda lib: lib.tensor([1]), torch))
