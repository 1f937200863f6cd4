"""prod, median, nansum, count_nonzero, as_strided, unfold, unflatten, select, maximum / minimum / where as methods,
expm1, rsqrt, half, nelement, element_size, numpy(force=), clone(memory_format=), copy_(non_blocking=) against
PyTorch: values, dtypes, gradients and the error types of bad calls (functional/reductions_more.py,
strided_windows.py, pointwise.py, pytorch/tensor_extras.py)."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import autograd

torch = pytest.importorskip("torch")

DATA = np.array([[1.5, -2.0, 0.25, 3.0], [0.0, 4.0, -1.0, 2.5], [0.5, 1.0, 7.0, -3.5]])


def run(T, make, data=DATA, dtype="float64"):
    """make(T, x) for x = data as T's tensor, with the values, dtype and (for a float result) x's gradient of
    Σ result·weights; or the error's type."""
    grad = data.dtype.kind == "f"
    x = T.tensor(data, dtype=getattr(T, dtype), requires_grad=grad and dtype != "float16")
    try:
        result = make(T, x)
    except (RuntimeError, TypeError, IndexError, ValueError, NotImplementedError) as error:
        return type(error).__name__
    if isinstance(result, tuple):
        return [run(T, lambda T_, x_, i=i: make(T_, x_)[i], data, dtype) for i in range(len(result))]
    out = ((np.round(np.asarray(result.tolist(), dtype=float), 10) + 0.0).tolist(), str(result.dtype).split(".")[-1])
    if result.requires_grad and result.numel():
        weights = T.tensor(np.arange(1.0, result.numel() + 1).reshape(result.shape), dtype=result.dtype)
        (result * weights).sum().backward()
        return out + ((np.round(x.grad.numpy(), 10) + 0.0).tolist(),)  # (+ 0.0: -0.0 is 0.0)
    return out


CASES = {
    "prod": lambda T, x: x.prod(), "prod dim": lambda T, x: x.prod(1), "prod keepdim": lambda T, x: x.prod(0, True),
    "prod dtype": lambda T, x: x.prod(1, dtype=T.float32), "torch.prod": lambda T, x: T.prod(x, -1),
    "prod empty": lambda T, x: x[:, :0].prod(1), "prod bad dim": lambda T, x: x.prod(2),
    "prod 0-d": lambda T, x: x[0, 0].prod(0), "prod float dim": lambda T, x: x.prod(1.0),
    "median": lambda T, x: x.median(), "median dim": lambda T, x: x.median(1), "median dim 0": lambda T, x: x.median(0),
    "median keepdim": lambda T, x: T.median(x, -1, keepdim=True), "median empty": lambda T, x: x[:0].median(),
    "median empty dim": lambda T, x: x[:0].median(0), "median 0-d": lambda T, x: x[1, 1].median(0),
    "median bad dim": lambda T, x: x.median(3),
    "median keepdim without dim": lambda T, x: x.median(keepdim=True),
    "median nan": lambda T, x: T.where(x > 3.5, float("nan"), x).median(1),
    "nansum": lambda T, x: T.where(x > 3, float("nan"), x).nansum(), "nansum dim": lambda T, x: T.nansum(x / x, 0),
    "nansum keepdim": lambda T, x: T.where(x < 0, float("nan"), x).nansum(1, keepdim=True),
    "count_nonzero": lambda T, x: x.count_nonzero(), "count_nonzero dim": lambda T, x: T.count_nonzero(x, 1),
    "count_nonzero dims": lambda T, x: x.count_nonzero((0, 1)), "count_nonzero bad": lambda T, x: x.count_nonzero(4),
    "as_strided": lambda T, x: x.as_strided((3, 3), (1, 1)),
    "as_strided offset": lambda T, x: x.as_strided((2, 2), (4, 1), 5),
    "as_strided overlap": lambda T, x: T.as_strided(x, (4, 3), (2, 1)),
    "as_strided 0-d": lambda T, x: x.as_strided((), (), 3),
    "as_strided bad lengths": lambda T, x: x.as_strided((2, 2), (1,)),
    "as_strided negative offset": lambda T, x: x.as_strided((2,), (1,), -1),
    "unfold": lambda T, x: x.unfold(1, 2, 1), "unfold step": lambda T, x: x.unfold(1, 2, 2),
    "unfold dim 0": lambda T, x: x.unfold(0, 2, 1), "unfold negative dim": lambda T, x: x.unfold(-1, 3, 2),
    "unfold whole": lambda T, x: x.unfold(1, 4, 3), "unfold too big": lambda T, x: x.unfold(1, 5, 1),
    "unfold zero step": lambda T, x: x.unfold(1, 2, 0), "unfold 0-d": lambda T, x: x[0, 0].unfold(0, 1, 1),
    "unfold of a slice": lambda T, x: x[1:].unfold(1, 3, 1),
    "unfold twice": lambda T, x: x.unfold(0, 2, 1).unfold(1, 2, 2),
    "unfold of a transpose": lambda T, x: x.t().unfold(1, 2, 1),
    "unfold of columns": lambda T, x: x[:, 1::2].unfold(0, 3, 1),
    "unfold size 0": lambda T, x: x.unfold(1, 0, 1),
    "unflatten": lambda T, x: x.unflatten(1, (2, 2)), "unflatten -1": lambda T, x: T.unflatten(x, -1, (2, -1)),
    "unflatten bad sizes": lambda T, x: x.unflatten(1, (3, 2)),
    "unflatten two -1": lambda T, x: x.unflatten(1, (-1, -1)),
    "select": lambda T, x: x.select(1, 2), "select negative": lambda T, x: T.select(x, 0, -1),
    "select out of range": lambda T, x: x.select(0, 3), "select bad dim": lambda T, x: x.select(2, 0),
    "maximum": lambda T, x: x.maximum(x.flip(0)), "minimum": lambda T, x: x.minimum(x[0]),
    "where": lambda T, x: x.where(x > 0, x * 3), "where number": lambda T, x: x.where(x > 1, 0.5),
    "expm1": lambda T, x: (x * 1e-9).expm1(), "expm1 large": lambda T, x: T.expm1(x * 4),
    "expm1 extremes": lambda T, x: (x * 1e3).expm1(), "rsqrt": lambda T, x: x.abs().rsqrt(),
    "rsqrt negative": lambda T, x: T.rsqrt(x), "half": lambda T, x: x.half(),
    "expm1_": lambda T, x: (x * 1).expm1_(), "rsqrt_": lambda T, x: (x * x).rsqrt_(),
    "rsqrt_ of integers": lambda T, x: x.long().rsqrt_(),
    "clone contiguous": lambda T, x: x.t().clone(memory_format=T.contiguous_format),
    "clone preserve": lambda T, x: x.clone(memory_format=T.preserve_format), "torch.clone": lambda T, x: T.clone(x.t()),
    "torch.clone of a list": lambda T, x: T.clone([1.0]),
    "clone bad format": lambda T, x: x.clone(memory_format="rows"),
}


@pytest.mark.parametrize("name", CASES)
def test_as_pytorch(name):
    assert repr(run(autograd, CASES[name])) == repr(run(torch, CASES[name]))


INTEGER_CASES = ["prod", "prod dim", "median dim", "nansum", "count_nonzero", "expm1", "rsqrt negative", "unfold",
                 "as_strided"]


@pytest.mark.parametrize("dtype", ["int32", "int64", "bool", "float32", "float16"])
@pytest.mark.parametrize("name", INTEGER_CASES)
def test_dtypes_as_pytorch(name, dtype):
    data = np.array([[1, 0, 3, 2], [4, 5, 1, 1]]) if dtype != "float16" else DATA
    mine, theirs = run(autograd, CASES[name], data, dtype), run(torch, CASES[name], data, dtype)
    if dtype == "float16" and isinstance(theirs, tuple):
        np.testing.assert_allclose(mine[0], theirs[0], rtol=2e-3)
        assert mine[1:] == theirs[1:]
    else:
        assert mine == theirs


def test_expm1_is_accurate_near_zero_and_its_gradient_is_exp():
    x = np.array([1e-12, -3e-8, 0.3, -0.9, 0.999, -1.0, 5.0, -40.0])
    assert np.array_equal(autograd.expm1(autograd.tensor(x)).numpy(), np.expm1(x)) or np.allclose(
        autograd.expm1(autograd.tensor(x)).numpy(), np.expm1(x), rtol=4e-16, atol=0)
    assert autograd.gradcheck(autograd.expm1, (autograd.tensor(x[:6], requires_grad=True),))


def test_median_lower_median_and_ties():
    x = autograd.tensor([[2.0, 2.0, 1.0, 2.0], [3.0, 1.0, 4.0, 1.0]])
    values, indices = x.median(1)
    assert values.tolist() == [2.0, 1.0]
    assert [x[i, j].item() for i, j in enumerate(indices.tolist())] == values.tolist()


def test_views_share_memory_and_gradchecks():
    x = autograd.tensor(DATA.copy())
    windows, strided = x.unfold(1, 2, 1), x.as_strided((2, 2), (1, 4), 1)
    x.add_(1)
    assert windows.tolist() == torch.tensor(DATA + 1).unfold(1, 2, 1).tolist()
    assert strided.tolist() == torch.tensor(DATA + 1).as_strided((2, 2), (1, 4), 1).tolist()
    for make in (lambda t: t.unfold(0, 2, 1), lambda t: t.as_strided((3, 3), (2, 1), 1), lambda t: t.prod(1),
                 lambda t: t.median(0).values, lambda t: t.rsqrt(), lambda t: t.select(1, 1)):
        assert autograd.gradcheck(make, (autograd.tensor(np.abs(DATA) + 0.5, requires_grad=True),))


def test_prod_gradient_with_zeros_gradchecks():
    x = autograd.tensor([[0.0, 2.0, 3.0], [0.0, 0.0, 5.0], [1.5, -2.0, 0.5]], dtype=autograd.float64,
                        requires_grad=True)
    assert autograd.gradcheck(lambda t: t.prod(1), (x,))
    assert autograd.gradcheck(lambda t: t.prod(), (x[2],))


def test_as_strided_of_a_view_counts_from_the_storage_as_pytorch():
    for T in (torch, autograd):
        x = T.tensor(np.arange(24.0)).reshape(4, 6)[1:][1:]
        assert x.storage_offset() == 12 and x[:, 2:].storage_offset() == 14 and x.reshape(-1).storage_offset() == 12
        assert x.as_strided((2, 2), (1, 6)).tolist() == [[12.0, 18.0], [13.0, 19.0]]
        assert x.as_strided((2,), (3,), 15).tolist() == [15.0, 18.0]
    with pytest.raises(RuntimeError, match="before"):
        x.as_strided((2,), (1,), 0)  # PyTorch reads its storage's first elements, outside x


def test_median_index_on_ties_as_pytorch():
    data = np.random.default_rng(5).integers(0, 3, size=(40, 7)).astype(float)
    mine, theirs = autograd.tensor(data).median(1), torch.tensor(data).median(1)
    assert mine.values.tolist() == theirs.values.tolist() and mine.indices.tolist() == theirs.indices.tolist()


def test_as_strided_refuses_what_it_cannot_view():
    x = autograd.tensor(DATA)
    with pytest.raises(RuntimeError, match="outside"):
        x.as_strided((4, 4), (4, 1))
    with pytest.raises(RuntimeError, match="contiguous"):
        x.t().as_strided((2,), (1,))


def test_small_methods_as_pytorch():
    for T in (torch, autograd):
        x = T.zeros(2, 3, dtype=T.float64)
        assert (x.nelement(), x.element_size(), x.half().element_size(), T.zeros(2, dtype=T.int8).element_size()) \
            == (6, 8, 2, 1)
        y = T.tensor([1.0, 2.0], requires_grad=True)
        assert y.numpy(force=True).tolist() == [1.0, 2.0]
        with pytest.raises(RuntimeError):
            y.numpy()
        with pytest.raises(TypeError):
            y.numpy(force=3)
        z = T.zeros(2)
        z.copy_(T.ones(2), non_blocking=True)
        assert z.tolist() == [1.0, 1.0]
        assert x.t().clone(memory_format=T.contiguous_format).is_contiguous()
        assert repr(T.contiguous_format) == "torch.contiguous_format" and isinstance(T.preserve_format, T.memory_format)


def _square(library, decorate):
    """x² as a custom Function of `library` whose backward is marked once_differentiable."""
    class Square(library.autograd.Function if library is torch else library.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        @decorate
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return 2 * x * grad

    return Square


def test_once_differentiable_as_pytorch():
    from autograd.function import once_differentiable
    from torch.autograd.function import once_differentiable as torch_once

    for library, decorate in ((autograd, once_differentiable), (torch, torch_once)):
        square = _square(library, decorate)
        x = library.tensor([1.0, -2.0], requires_grad=True)
        square.apply(x).sum().backward()
        assert x.grad.tolist() == [2.0, -4.0]
        y = square.apply(x * 1)
        grad_fn = torch.autograd.grad if library is torch else autograd.grad
        (g,) = grad_fn(y, x, grad_outputs=library.ones(2, requires_grad=True), create_graph=True)
        assert g.requires_grad and g.tolist() == [2.0, -4.0]
        with pytest.raises(RuntimeError, match="differentiate twice"):
            g.sum().backward()
        (g,) = grad_fn(square.apply(x).sum(), x, create_graph=True)  # a seed without grad: nothing to refuse
        assert not g.requires_grad


def test_empty_as_pytorch_shapes_and_dtypes():
    for make in (lambda T: T.empty(2, 3), lambda T: T.empty((4,), dtype=T.int32), lambda T: T.empty([]),
                 lambda T: T.empty(size=(1, 2)), lambda T: T.empty_like(T.ones(2, dtype=T.float64)),
                 lambda T: T.empty(2, requires_grad=True)):
        mine, theirs = make(autograd), make(torch)
        assert (tuple(mine.shape), str(mine.dtype), mine.requires_grad) == \
            (tuple(theirs.shape), str(theirs.dtype).removeprefix("torch."), theirs.requires_grad)
    with pytest.raises(TypeError):
        autograd.empty_like([1, 2])


@settings(max_examples=40, deadline=None)
@given(shape=hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5), data=st.data())
def test_unfold_and_median_of_any_shape_as_pytorch(shape, data):
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    size, step = data.draw(st.integers(0, shape[dim])), data.draw(st.integers(1, 3))
    array = data.draw(hnp.arrays(np.float64, shape, elements=st.integers(-4, 4).map(float)))  # ties included
    for make in (lambda T, x: x.unfold(dim, size, step), lambda T, x: x.median(dim).values,
                 lambda T, x: x.median(dim).indices, lambda T, x: x.prod(dim)):
        assert repr(run(autograd, make, array)) == repr(run(torch, make, array))
