"""torch.tensor / as_tensor of (nested) sequences holding NumPy scalars, NumPy arrays and Tensors: the
dtype PyTorch infers (hostile10c's finding 1: float64 items came out float32, int32 items int64),
and the sequences PyTorch reads (deque, array.array, range, memoryview) or refuses (generators)."""
import array
import collections
import itertools
import warnings

import numpy as np
import pytest

import autograd
from autograd import tensor

torch = pytest.importorskip("torch")

NUMPY_DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
                np.float16, np.float32, np.float64, np.complex64, np.complex128]
TENSOR_DTYPES = ["bool", "int8", "uint8", "int16", "int32", "int64", "float16", "float32", "float64",
                 "complex64", "complex128"]


def _atoms(make_tensor):
    """Python numbers, NumPy scalars and arrays of every dtype, 0-d and 1-element Tensors of every dtype."""
    return ([True, 3, 2.5, 1 + 2j] + [d(1) for d in NUMPY_DTYPES]
            + [np.array([1, 0], dtype=d) for d in NUMPY_DTYPES]
            + [make_tensor(1, d) for d in TENSOR_DTYPES] + [make_tensor([1], d) for d in TENSOR_DTYPES])


OURS = _atoms(lambda value, dtype: tensor(value, dtype=np.dtype(dtype)))
THEIRS = _atoms(lambda value, dtype: torch.tensor(value, dtype=getattr(torch, dtype)))


def outcome(make, data):
    """('ok', dtype name, shape, values) or ('error',): what a constructor makes of data."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = make(data)
    except (TypeError, ValueError, RuntimeError):
        return ("error",)
    values = result.detach().numpy() if hasattr(result, "detach") else result.numpy()
    return ("ok", str(result.dtype).replace("torch.", ""), tuple(values.shape), values.tolist())


def _mismatches(ours_make, theirs_make, layouts):
    found = []
    for (i, a), (j, b) in itertools.product(enumerate(OURS), repeat=2):
        for layout in layouts:
            mine = outcome(ours_make, layout(a, b))
            expected = outcome(theirs_make, layout(THEIRS[i], THEIRS[j]))
            if mine != expected:
                found.append((i, j, layout.__name__, mine, expected))
    return found


def pair(a, b):
    return [a, b]


def rows(a, b):
    return [[a], [b]]


def test_every_pair_of_items_gets_pytorchs_dtype_shape_and_values():
    assert _mismatches(tensor, torch.tensor, (pair, rows))[:5] == []


def test_as_tensor_infers_as_torch_does():
    assert _mismatches(autograd.as_tensor, torch.as_tensor, (pair,))[:5] == []


def test_single_items_and_bare_values_match_torch():
    for ours, theirs in zip(OURS, THEIRS, strict=True):
        assert outcome(tensor, [ours]) == outcome(torch.tensor, [theirs])
        assert outcome(tensor, ours) == outcome(torch.tensor, theirs)


def test_the_reported_precision_losses_are_gone():
    assert (tensor([np.float64(1.0) + 1e-10]) - 1).item() == pytest.approx(1e-10)
    means = [tensor([1.0, 1 + 1e-9], dtype=np.float64).mean()] * 2
    assert tensor(means).dtype == np.float64
    assert tensor([np.array([1.0])]).dtype == np.float64
    assert tensor([np.int32(7)]).dtype == np.int32
    assert tensor([tensor(1, dtype=np.int32)]).dtype == np.int32
    assert autograd.as_tensor([np.float64(0.1)]).dtype == np.float64


SEQUENCES = [
    lambda: collections.deque([1.0, 2.0]), lambda: collections.deque([1, 2]), lambda: collections.deque(),
    lambda: [collections.deque([1, 2]), (3, 4)], lambda: array.array("f", [1, 2]),
    lambda: array.array("d", [1.5]), lambda: array.array("i", [1, 2]), lambda: array.array("B", [1]),
    lambda: range(3), lambda: range(0), lambda: (1, 2.0), lambda: ((1, 2), [3, 4]), lambda: memoryview(b"ab"),
    lambda: [], lambda: [[], []], lambda: [np.zeros(0)], lambda: [np.array([1, 2]), [3, 4]],
    lambda: [np.array([1.0, 2.0], dtype=np.float32), [1.5, 2.5]], lambda: [[1], [np.float64(1)]],
    lambda: [2**63 - 1, np.int8(1)], lambda: [2**63, 1.5], lambda: [np.int64(2**62), 1.0],
    lambda: [np.uint8(1), -1], lambda: [np.int8(-1), np.uint8(200)], lambda: [True, np.float16(2)],
    lambda: [np.float16(1), 1j], lambda: [np.float64(1), 1j], lambda: [np.uint32(7), 2.5],
    lambda: [np.complex128(1), np.uint16(1)], lambda: [np.bool_(True), 2.5], lambda: [np.bool_(True), True],
]
REFUSED = [
    lambda: (i for i in range(3)), lambda: {1: 2}, lambda: {1, 2}, lambda: None, lambda: [None], lambda: object(),
    lambda: [np.array(2.0)], lambda: [np.uint64(5)], lambda: np.uint64(5), lambda: [np.longdouble(1)],
    lambda: np.longdouble(1), lambda: [2**63], lambda: [2**63, 1], lambda: [2**64], lambda: [np.bool_(True), 2],
    lambda: [np.array([True]), np.array([1])], lambda: [np.uint16(1), 1], lambda: [np.uint32(1), 1j],
    lambda: [tensor([1.0, 2.0]), tensor([3.0, 4.0])], lambda: "ab", lambda: b"ab",
]


@pytest.mark.parametrize("make", SEQUENCES)
def test_sequences_pytorch_reads(make):
    expected = outcome(torch.tensor, make())
    assert expected[0] == "ok"
    assert outcome(tensor, make()) == expected


@pytest.mark.parametrize("make", REFUSED)
def test_what_pytorch_refuses_is_refused(make):
    with pytest.raises((TypeError, ValueError, RuntimeError)):
        torch.tensor(make())
    with pytest.raises((TypeError, ValueError, RuntimeError)):
        tensor(make())


@pytest.mark.parametrize("make, error", [
    (lambda: (i for i in range(3)), RuntimeError), (lambda: {1, 2}, RuntimeError), (lambda: [None], RuntimeError),
    (lambda: [np.uint16(1), 1], RuntimeError), (lambda: [np.array(2.0)], TypeError),
    (lambda: [np.uint64(5)], TypeError), (lambda: [np.bool_(True), 2], TypeError), (lambda: [2**64], ValueError),
])
def test_refusals_have_pytorchs_error_type(make, error):
    with pytest.raises(error):
        torch.tensor(make())
    with pytest.raises(error):
        tensor(make())


def test_an_explicit_dtype_still_converts_the_values():
    assert tensor([np.int32(7), np.float64(0.5)], dtype=np.float16).dtype == np.float16
    assert tensor(collections.deque([1.5, 2.5]), dtype=np.float64).tolist() == [1.5, 2.5]
    assert tensor([np.float64(1.5)], dtype=np.int64).tolist() == [1]


def test_autograd_tensor_keeps_float64_means_of_tensors():
    xs = [tensor([1.0, 1 + 1e-9], dtype=np.float64)] * 2
    assert autograd.tensor([x.mean() for x in xs]).dtype == np.float64


@pytest.mark.parametrize("value, dtype", [(np.uint8(250), "int8"), (np.int64(300), "int8"), (np.int64(300), "uint8"),
                                          (np.int16(-200), "int8"), (np.int64(2**40), "int32")])
def test_a_numpy_number_given_a_dtype_it_does_not_fit_is_refused_as_pytorch(value, dtype):
    """hostile14b S6: a NumPy scalar with an explicit dtype wrapped (np.uint8(250) as int8 was -6)."""
    torch = pytest.importorskip("torch")
    with pytest.raises(RuntimeError):
        torch.tensor(value, dtype=getattr(torch, dtype))
    with pytest.raises(RuntimeError):
        autograd.tensor(value, dtype=np.dtype(dtype))


@pytest.mark.parametrize("value, dtype", [(np.float64(2.5), "int8"), (np.float64(-1.5), "int32"), (np.int64(-1), "uint8"),
                                          (np.bool_(True), "float16"), (np.int16(7), "float32")])
def test_a_numpy_number_given_a_dtype_it_fits_is_converted_as_pytorch(value, dtype):
    torch = pytest.importorskip("torch")
    expected = torch.tensor(value, dtype=getattr(torch, dtype)).numpy()
    got = autograd.tensor(value, dtype=np.dtype(dtype)).numpy()
    assert got.dtype == expected.dtype and got.tolist() == expected.tolist()
