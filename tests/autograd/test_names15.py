"""logit, xlogy, hypot, conj & co., tensor_split, logspace and cdist against PyTorch (values, dtypes, gradients,
edge values, errors) and finite differences."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd

from .outcomes import same_error

torch = pytest.importorskip("torch")

INF, NAN = math.inf, math.nan
BIG32 = float(np.float32(1e30))


def both(array, dtype=np.float64, requires_grad=False):
    """The same values as a glassgrad and a PyTorch tensor."""
    array = np.asarray(array, dtype=dtype)
    return (autograd.tensor(array, requires_grad=requires_grad),
            torch.tensor(array, requires_grad=requires_grad))


def same(ours, theirs, rtol=1e-12, atol=0.0):
    ours = ours.detach().numpy() if isinstance(ours, autograd.Tensor) else np.asarray(ours)
    theirs = theirs.detach().numpy() if isinstance(theirs, torch.Tensor) else np.asarray(theirs)
    assert ours.shape == theirs.shape
    assert ours.dtype == theirs.dtype
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol, equal_nan=True)


def values_and_gradients(op, torch_op, *arrays, rtol=1e-12, atol=0.0, dtype=np.float64):
    """op's value and its gradients of a weighted sum, next to torch_op's, on the same float64 arrays."""
    ours, theirs = zip(*(both(a, dtype, requires_grad=True) for a in arrays), strict=True)
    out, expected = op(*ours), torch_op(*theirs)
    same(out, expected, rtol, atol)
    weights = np.random.default_rng(0).uniform(0.5, 1.5, out.shape).astype(dtype)
    (out * autograd.tensor(weights)).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    for mine, reference in zip(ours, theirs, strict=True):
        same(mine.grad, reference.grad, rtol, atol)


# logit

def test_logit_values_and_gradients_at_edges_match_pytorch():
    x = [0.0, 0.3, 1.0, -0.5, 2.0, NAN, INF, -INF, 1e-300, 1 - 1e-16, 0.5]
    values_and_gradients(autograd.logit, torch.logit, x, rtol=1e-9)


@pytest.mark.parametrize("eps", [0.1, 0.0, 1e-6, 0.5, 0.7, -0.2])
def test_logit_with_eps_clamps_and_zeroes_the_gradient_outside_as_pytorch(eps):
    x = [0.0, 0.05, 0.1, 0.3, 0.9, 0.95, 1.0, -0.5, 2.0, 0.5]
    values_and_gradients(lambda t: autograd.logit(t, eps), lambda t: torch.logit(t, eps), x, rtol=1e-9)


@given(hnp.arrays(np.float32, hnp.array_shapes(min_dims=0, max_dims=3, max_side=4),
                  elements=st.floats(1 / 1024, 1 - 1 / 1024, width=32)))
@settings(max_examples=40, deadline=None)
def test_logit_float32_matches_pytorch(array):
    ours, theirs = both(array, np.float32)
    same(ours.logit(), theirs.logit(), rtol=1e-5, atol=1e-6)


def test_logit_of_integers_is_float32_and_of_a_non_tensor_a_type_error():
    ours, theirs = both([0, 1, 2], np.int64)
    same(autograd.logit(ours), torch.logit(theirs))
    same_error(lambda: autograd.logit([0.5]), lambda: torch.logit([0.5]))


def test_logit_passes_gradcheck_and_its_in_place_form_writes_self():
    x = autograd.tensor([0.1, 0.4, 0.8], dtype=autograd.float64, requires_grad=True)
    assert autograd.gradcheck(autograd.logit, (x,))
    assert autograd.gradcheck(lambda t: t.logit(eps=0.15), (x,))
    y = autograd.tensor([0.25, 0.5])
    assert y.logit_() is y
    same(y, torch.tensor([0.25, 0.5]).logit_(), rtol=1e-6)


# xlogy

def test_xlogy_edge_values_and_gradients_match_pytorch():
    grid = np.array([(x, y) for x in [0.0, -0.0, 2.0, -1.5, INF, NAN] for y in [0.0, 1.0, 3.0, -1.0, INF, NAN]]).T
    values_and_gradients(autograd.xlogy, torch.xlogy, grid[0], grid[1])


@given(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3), st.data())
@settings(max_examples=30, deadline=None)
def test_xlogy_broadcasts_and_passes_gradcheck(shapes, data):
    a, b = (data.draw(hnp.arrays(np.float64, shape, elements=st.floats(0.2, 3.0))) for shape in shapes.input_shapes)
    values_and_gradients(autograd.xlogy, torch.xlogy, a, b)
    x = autograd.tensor(a, requires_grad=True)
    y = autograd.tensor(b, requires_grad=True)
    assert autograd.gradcheck(autograd.xlogy, (x, y))


def test_xlogy_promotes_numbers_and_integers_as_pytorch():
    ours, theirs = both([3, 4], np.int64)
    same(autograd.xlogy(2, ours), torch.xlogy(2, theirs), rtol=1e-6)
    same(autograd.xlogy(ours, 2.0), torch.xlogy(theirs, 2.0), rtol=1e-6)
    same(ours.float().xlogy(autograd.tensor([0.0, 1.0], dtype=autograd.float64)),
         theirs.float().xlogy(torch.tensor([0.0, 1.0], dtype=torch.float64)))
    same_error(lambda: autograd.xlogy(2, 3), lambda: torch.xlogy(2, 3))
    same_error(lambda: autograd.xlogy(autograd.ones(2), autograd.ones(3)),
               lambda: torch.xlogy(torch.ones(2), torch.ones(3)))


# hypot

def test_hypot_edge_values_and_gradients_match_pytorch():
    grid = np.array([(a, b) for a in [0.0, 3.0, -4.0, 1e200, -1e-200, NAN] for b in [0.0, 4.0, 1e200, 1e-310, NAN]]).T
    values_and_gradients(autograd.hypot, torch.hypot, grid[0], grid[1], rtol=1e-13)


def test_hypot_is_infinite_where_either_argument_is_even_with_a_nan():
    grid = np.array([(a, b) for a in [INF, -INF, NAN, 2.0] for b in [INF, NAN, -INF, 0.0]]).T
    (x, tx), (y, ty) = both(grid[0]), both(grid[1])
    same(autograd.hypot(x, y), torch.hypot(tx, ty))


@given(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3), st.data())
@settings(max_examples=30, deadline=None)
def test_hypot_float32_matches_pytorch_and_passes_gradcheck(shapes, data):
    a, b = (data.draw(hnp.arrays(np.float32, shape, elements=st.floats(-BIG32, BIG32, width=32)))
            for shape in shapes.input_shapes)
    (x, tx), (y, ty) = both(a, np.float32), both(b, np.float32)
    assert autograd.hypot(x, y).numpy().tobytes() == torch.hypot(tx, ty).numpy().tobytes()
    x, y = (autograd.tensor(v.astype(np.float64) / 1e30 + 0.5, requires_grad=True) for v in (a, b))
    assert autograd.gradcheck(autograd.hypot, (x, y))


def test_hypot_refuses_what_pytorch_refuses():
    ints = autograd.tensor([1, 2]), torch.tensor([1, 2])
    same_error(lambda: autograd.hypot(ints[0], ints[0]), lambda: torch.hypot(ints[1], ints[1]))
    same_error(lambda: autograd.hypot(autograd.ones(2), 2.0), lambda: torch.hypot(torch.ones(2), 2.0))
    same_error(lambda: autograd.hypot(autograd.ones(2), autograd.ones(3)),
               lambda: torch.hypot(torch.ones(2), torch.ones(3)))
    half = autograd.tensor([1.0], dtype=autograd.float16)
    same(autograd.hypot(half, autograd.tensor([1.0])), torch.hypot(torch.tensor([1.0], dtype=torch.float16),
                                                                   torch.tensor([1.0])), rtol=1e-7)


def test_hypot_in_place_writes_self():
    x = autograd.tensor([3.0, 5.0])
    assert x.hypot_(autograd.tensor([4.0, 12.0])) is x
    same(x, torch.tensor([5.0, 13.0]))


# conj, conj_physical, resolve_conj, is_conj

def test_conj_of_a_real_tensor_is_the_tensor_itself_as_pytorch():
    x = autograd.tensor([1.0, -2.0], requires_grad=True)
    for name in ("conj", "conj_physical", "resolve_conj"):
        assert getattr(autograd, name)(x) is x
        assert getattr(x, name)() is x
    assert x.is_conj() is False and autograd.is_conj(x) is False


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_conj_of_a_complex_tensor_has_pytorchs_values_and_no_conjugate_bit(dtype):
    values = np.array([1 + 2j, -3.5 - 0.25j, 0j, complex(INF, -1)], dtype=dtype)
    ours, theirs = both(values, dtype)
    for name in ("conj", "conj_physical"):
        result = getattr(ours, name)()
        same(result, getattr(theirs, name)().resolve_conj())
        assert result.is_conj() is False
    assert ours.conj().resolve_conj().is_conj() is False
    ours.conj_physical_()
    same(ours, theirs.conj_physical())


def test_conj_of_a_non_tensor_is_a_type_error_as_pytorch():
    same_error(lambda: autograd.conj([1.0]), lambda: torch.conj([1.0]))
    same_error(lambda: autograd.is_conj(1.0), lambda: torch.is_conj(1.0))


# tensor_split

SPLITS = [1, 2, 3, 4, 7, 12, [2], [2, -3, 20, 1], [-20, 3], [], (0, 0, 5), [5, 2]]


@pytest.mark.parametrize("split", SPLITS)
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_tensor_split_pieces_match_pytorch(split, dim):
    array = np.arange(70.0).reshape(7, 10)
    ours, theirs = both(array)
    pieces, expected = autograd.tensor_split(ours, split, dim), torch.tensor_split(theirs, split, dim)
    assert len(pieces) == len(expected)
    for piece, reference in zip(pieces, expected, strict=True):
        same(piece, reference)


@given(st.integers(0, 9), st.integers(1, 12), st.lists(st.integers(-12, 12), max_size=5))
@settings(max_examples=40, deadline=None)
def test_tensor_split_by_sections_and_by_tensor_indices_matches_pytorch(length, sections, indices):
    ours, theirs = both(np.arange(float(length)))
    for split_ours, split_theirs in [(sections, sections), (autograd.tensor(sections), torch.tensor(sections)),
                                     (autograd.tensor(indices, dtype=autograd.int64), torch.tensor(indices,
                                                                                               dtype=torch.int64))]:
        pieces = ours.tensor_split(split_ours)
        expected = theirs.tensor_split(split_theirs)
        assert [p.shape[0] for p in pieces] == [e.shape[0] for e in expected]
        for piece, reference in zip(pieces, expected, strict=True):
            same(piece, reference)


def test_tensor_split_gives_views_whose_gradients_reach_the_input():
    x = autograd.zeros(4, 6)
    first, second = x.tensor_split(2, dim=1)
    with autograd.no_grad():
        first.fill_(1.0)
    assert x.numpy()[:, :3].sum() == 12 and x.numpy()[:, 3:].sum() == 0
    leaf = autograd.tensor(np.arange(12.0).reshape(3, 4), requires_grad=True)
    pieces = autograd.tensor_split(leaf, [1, 3], dim=1)
    (pieces[0].sum() + 2 * pieces[1].sum() + 3 * pieces[2].sum()).backward()
    np.testing.assert_array_equal(leaf.grad.numpy(), np.tile([1.0, 2.0, 2.0, 3.0], (3, 1)))


def test_tensor_split_keyword_forms_match_pytorch():
    ours, theirs = both(np.arange(10.0))
    for kwargs in ({"sections": 3}, {"indices": [1, 4]}):
        for piece, reference in zip(autograd.tensor_split(ours, **kwargs), torch.tensor_split(theirs, **kwargs),
                                    strict=True):
            same(piece, reference)


@pytest.mark.parametrize("call", [
    lambda m, x: m.tensor_split(x, 0),
    lambda m, x: m.tensor_split(x, -1),
    lambda m, x: m.tensor_split(x, m.tensor([2.0])),
    lambda m, x: m.tensor_split(x, m.tensor([[2]])),
    lambda m, x: m.tensor_split(m.tensor(1.0), 2),
    lambda m, x: m.tensor_split(x, 2, dim=1),
    lambda m, x: m.tensor_split(x, 2.0),
    lambda m, x: m.tensor_split(x, [1.5]),
])
def test_tensor_split_refuses_what_pytorch_refuses(call):
    same_error(lambda: call(autograd, autograd.arange(10)), lambda: call(torch, torch.arange(10)))


# logspace

@given(st.floats(-30, 30), st.floats(-30, 30), st.integers(0, 50), st.sampled_from([10.0, 2.0, math.e, 0.5, 3.7]),
       st.sampled_from(["float32", "float64", "float16", "int64", "int32"]), st.booleans())
@settings(max_examples=150, deadline=None)
def test_logspace_values_are_pytorchs_bit_for_bit(start, end, steps, base, dtype, integer_bounds):
    if dtype == "float16":
        start, end = start / 3, end / 3
    if dtype.startswith("int"):
        start, end = start / 6, end / 6
    if integer_bounds:
        start, end = int(start), int(end)
    ours = autograd.logspace(start, end, steps, base, dtype=getattr(autograd, dtype))
    theirs = torch.logspace(start, end, steps, base, dtype=getattr(torch, dtype))
    assert ours.numpy().dtype == theirs.numpy().dtype
    assert ours.numpy().tobytes() == theirs.numpy().tobytes()


def test_logspace_defaults_flags_and_errors_as_pytorch():
    same(autograd.logspace(0, 2, 5), torch.logspace(0, 2, 5))
    same(autograd.logspace(autograd.tensor(0.0), autograd.tensor(2.0), 3),
         torch.logspace(torch.tensor(0.0), torch.tensor(2.0), 3))
    made = autograd.logspace(0, 2, 3, requires_grad=True)
    assert made.requires_grad and made.is_leaf
    assert autograd.logspace(0, 2, 0).shape == (0,)
    same_error(lambda: autograd.logspace(0, 2, -1), lambda: torch.logspace(0, 2, -1))
    same_error(lambda: autograd.logspace(0, 2, 2.5), lambda: torch.logspace(0, 2, 2.5))
    same_error(lambda: autograd.logspace(0, 2, 3, dtype=autograd.int64, requires_grad=True),
               lambda: torch.logspace(0, 2, 3, dtype=torch.int64, requires_grad=True))


# cdist

P_VALUES = [0, 0.5, 1, 1.5, 2, 3, INF]


@pytest.mark.parametrize("p", P_VALUES)
def test_cdist_values_and_gradients_match_pytorch_with_ties_and_zero_distances(p):
    rng = np.random.default_rng(1)
    a = rng.integers(-2, 3, (2, 4, 3)).astype(np.float64)
    b = rng.integers(-2, 3, (2, 5, 3)).astype(np.float64)
    b[0, 0], b[1, 2, :2] = a[0, 0], a[1, 1, :2]  # a zero distance, and zero differences
    values_and_gradients(lambda x, y: autograd.cdist(x, y, p), lambda x, y: torch.cdist(x, y, p), a, b,
                         rtol=1e-12, atol=1e-12)


@given(st.sampled_from(P_VALUES), hnp.array_shapes(min_dims=0, max_dims=2, max_side=2), st.integers(0, 4),
       st.integers(0, 4), st.integers(0, 4), st.data())
@settings(max_examples=40, deadline=None)
def test_cdist_batched_shapes_match_pytorch(p, batch, rows1, rows2, columns, data):
    elements = st.floats(-3, 3, width=32)
    a = data.draw(hnp.arrays(np.float32, batch + (rows1, columns), elements=elements))
    b = data.draw(hnp.arrays(np.float32, batch[1:] + (rows2, columns), elements=elements))
    (x, tx), (y, ty) = both(a, np.float32), both(b, np.float32)
    same(autograd.cdist(x, y, p), torch.cdist(tx, ty, p), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("p", [0.7, 1, 2, 3.5, INF])
def test_cdist_passes_gradcheck(p):
    rng = np.random.default_rng(2)
    x = autograd.tensor(rng.normal(size=(2, 3, 4)), requires_grad=True)
    y = autograd.tensor(rng.normal(size=(2, 5, 4)), requires_grad=True)
    assert autograd.gradcheck(lambda u, v: autograd.cdist(u, v, p), (x, y))


def test_cdist_non_finite_values_match_pytorch():
    rows = np.array([[NAN, 5.0], [5.0, NAN], [INF, 1.0], [1e30, 0.0], [NAN, NAN]], dtype=np.float32)
    (x, tx), (y, ty) = both(rows, np.float32), both(np.zeros((2, 2)), np.float32)
    for p in P_VALUES:
        same(autograd.cdist(x, y, p), torch.cdist(tx, ty, p))


@pytest.mark.parametrize("call", [
    lambda m, a, b: m.cdist(a, b, p=-1),
    lambda m, a, b: m.cdist(a[0, 0], b[0, 0]),
    lambda m, a, b: m.cdist(a, b[..., :3]),
    lambda m, a, b: m.cdist(a.long(), b.long()),
    lambda m, a, b: m.cdist(a, b.double()),
    lambda m, a, b: m.cdist(a.half(), b.half()),
    lambda m, a, b: m.cdist(m.cat([a, a[:1]]), b),
    lambda m, a, b: m.cdist(a, b, compute_mode="foo"),
])
def test_cdist_refuses_what_pytorch_refuses(call):
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 5, 4))
    ours = autograd.tensor(a, dtype=autograd.float32), autograd.tensor(b, dtype=autograd.float32)
    theirs = torch.tensor(a, dtype=torch.float32), torch.tensor(b, dtype=torch.float32)
    same_error(lambda: call(autograd, *ours), lambda: call(torch, *theirs))


# erfinv

def _erfinv_points(rng, dtype):
    """Uniform values, both tails down to the last representable step below 1, tiny values and the edges."""
    finfo = np.finfo(dtype)
    tails = 1 - 10 ** -rng.uniform(0, -np.log10(finfo.epsneg), 500)
    return np.concatenate([rng.uniform(-1, 1, 2000), tails, -tails, 10 ** -rng.uniform(0, 30, 200),
                           [0.0, -0.0, 1.0, -1.0, 1.5, -2.0, NAN, INF, -INF, 1 - finfo.epsneg, 0.9995]]).astype(dtype)


@pytest.mark.parametrize(("dtype", "rtol", "grad_rtol"), [(np.float64, 1e-12, 1e-12), (np.float32, 1e-6, 1e-5)])
def test_erfinv_values_and_gradients_match_pytorch_to_the_dtypes_accuracy(dtype, rtol, grad_rtol):
    x = _erfinv_points(np.random.default_rng(4), dtype)
    (ours, theirs) = both(x, dtype, requires_grad=True)
    out, expected = autograd.erfinv(ours), torch.erfinv(theirs)
    same(out, expected, rtol)
    out.sum().backward()
    expected.sum().backward()
    same(ours.grad, theirs.grad, grad_rtol)


@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=2, max_side=3), elements=st.floats(-0.99, 0.99)))
@settings(max_examples=30, deadline=None)
def test_erfinv_inverts_erf_and_passes_gradcheck(array):
    x = autograd.tensor(array, requires_grad=True)
    np.testing.assert_allclose(autograd.erf(autograd.erfinv(x)).detach().numpy(), array, rtol=1e-14, atol=1e-16)
    assert autograd.gradcheck(autograd.erfinv, (x,))


def test_erfinv_in_the_tail_passes_gradcheck_and_its_gradient_is_the_closed_form():
    x = autograd.tensor([0.9996, -0.99999, 0.9999999], dtype=autograd.float64, requires_grad=True)
    assert autograd.gradcheck(autograd.erfinv, (x,), eps=1e-12, rtol=1e-4)
    y = autograd.erfinv(x)
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), math.sqrt(math.pi) / 2 * np.exp(y.detach().numpy() ** 2), rtol=1e-9)


def test_erfinv_of_integers_non_tensors_and_in_place_as_pytorch():
    ours, theirs = both([0, 1, -1, 2], np.int64)
    same(autograd.erfinv(ours), torch.erfinv(theirs))
    same_error(lambda: autograd.erfinv([0.5]), lambda: torch.erfinv([0.5]))
    x = autograd.tensor([0.5, -0.25])
    assert x.erfinv_() is x
    same(x, torch.tensor([0.5, -0.25]).erfinv_(), rtol=1e-7)


@pytest.mark.parametrize(("name", "arity", "dtype"), [
    ("logit", 1, np.float16), ("xlogy", 2, np.float16), ("hypot", 2, np.float16), ("erfinv", 1, np.float16),
    ("hypot", 2, np.float32),
])
def test_half_and_float32_values_are_pytorchs_bit_for_bit(name, arity, dtype):
    arrays = np.random.default_rng(5).uniform(0.01, 0.99, (arity, 300)).astype(dtype)
    result = getattr(autograd, name)(*(autograd.tensor(a) for a in arrays))
    expected = getattr(torch, name)(*(torch.tensor(a) for a in arrays))
    assert result.numpy().tobytes() == expected.numpy().tobytes()


@pytest.mark.parametrize(("function", "shapes"), [
    (autograd.logit, [(3,)]), (autograd.xlogy, [(3,), (3,)]), (autograd.hypot, [(2, 3), (3,)]),
    (autograd.erfinv, [(4,)]), (lambda a, b: autograd.cdist(a, b), [(2, 3), (4, 3)]),
    (lambda a, b: autograd.cdist(a, b, p=3), [(2, 3), (4, 3)]),
])
def test_second_derivatives_pass_gradgradcheck(function, shapes):
    rng = np.random.default_rng(6)
    inputs = [autograd.tensor(rng.uniform(0.1, 0.9, shape), requires_grad=True) for shape in shapes]
    assert autograd.gradgradcheck(function, tuple(inputs))
