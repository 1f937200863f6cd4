"""What the sixth adversarial pass (#19) left: in-place overwrites' node names, writes into a part of an
expanded tensor, and the silent differences it judged rare (var/std with ±inf, the inf-norm of a line with a
NaN, norm(p=0) and sign requiring grad, x ** 0.5 at −0.0, .grad after backward(create_graph=True)), each
against PyTorch 2.13 with its neighbours; and the deliberate differences, pinned (`t != ndarray`, a view made
before its base's requires_grad_())."""
import numpy as np
import pytest

import autograd

torch = pytest.importorskip("torch")

NAN, INF = float("nan"), float("inf")


def outcome(program, lib):
    """program(lib)'s results as NumPy arrays and plain values, or the type of the error it raised."""
    try:
        result = program(lib)
    except Exception as error:  # noqa: BLE001  (the error's type is the outcome compared)
        return type(error)
    return [r.detach().numpy() if isinstance(r, (torch.Tensor, autograd.Tensor)) else r for r in result]


def assert_same(program):
    """program gives PyTorch's results (NaN equal to NaN, −0.0 told from 0.0 where it matters: signs of ∞)."""
    mine, theirs = outcome(program, autograd), outcome(program, torch)
    if isinstance(theirs, type) or isinstance(mine, type):
        assert mine == theirs
        return
    assert len(mine) == len(theirs)
    for a, b in zip(mine, theirs, strict=True):
        if isinstance(b, np.ndarray):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=0, equal_nan=True)
            assert a.shape == b.shape and a.dtype == b.dtype
        else:
            assert a == b


def node_name(t):
    """grad_fn's name, without PyTorch's C++ namespace; glassgrad calls its CopySlices "CopySlicesBackward0"."""
    return None if t.grad_fn is None else t.grad_fn.name().replace("torch::autograd::", "").replace("SlicesBackward0",
                                                                                                     "Slices")


def grad(lib):
    return torch.autograd.grad if lib is torch else autograd.grad


# ---- an overwrite in place names PyTorch's node, and gives its gradients ----------------------------

OVERWRITES = {
    "zero_": lambda a, lib: a.zero_(),
    "fill_ number": lambda a, lib: a.fill_(2.0),
    "fill_ 0-d tensor": lambda a, lib: a.fill_(lib.tensor(3.0, dtype=lib.float64)),
    "fill_ 0-d tensor requiring grad": lambda a, lib: a.fill_(lib.tensor(3.0, dtype=lib.float64, requires_grad=True)),
    "copy_ same shape": lambda a, lib: a.copy_(lib.arange(3.0, dtype=lib.float64)),
    "copy_ broadcast": lambda a, lib: a.copy_(lib.tensor([5.0], dtype=lib.float64)),
    "copy_ float32": lambda a, lib: a.copy_(lib.ones(3)),
    "copy_ requiring grad": lambda a, lib: a.copy_(lib.arange(3.0, dtype=lib.float64).requires_grad_()),
}


@pytest.mark.parametrize("start", ["in the graph", "plain"])
@pytest.mark.parametrize("op", OVERWRITES)
def test_an_overwrite_names_pytorchs_node_and_gives_its_gradients(op, start):
    def program(lib):
        w = lib.tensor([1.0, 2.0, 3.0], dtype=lib.float64, requires_grad=True)
        a = w * 1 if start == "in the graph" else lib.zeros(3, dtype=lib.float64)
        OVERWRITES[op](a, lib)
        if not a.requires_grad:
            return a, node_name(a), w.grad
        (a * lib.tensor([1.0, 2.0, 3.0], dtype=lib.float64)).sum().backward()
        return a, node_name(a), w.grad if w.grad is not None else "none"

    assert_same(program)


@pytest.mark.parametrize("op", ["zero_", "fill_ number", "copy_ same shape"])
def test_an_overwrite_through_a_view_records_copy_slices_on_the_base(op):
    def program(lib):
        w = lib.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=lib.float64, requires_grad=True)
        a = w * 1
        row = a[1]
        OVERWRITES[op](row, lib) if op != "copy_ same shape" else row.copy_(lib.tensor([7.0, 8.0], dtype=lib.float64))
        (a * lib.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=lib.float64)).sum().backward()
        return a, node_name(a), w.grad

    assert_same(program)


def test_an_overwrite_recorded_twice_is_differentiable_twice():
    def program(lib):
        w = lib.tensor([1.0, 2.0, 3.0], dtype=lib.float64, requires_grad=True)
        a = w * w
        a[1:].copy_(w[:2] ** 3)
        (g,) = grad(lib)(a.sum(), w, create_graph=True)
        (h,) = grad(lib)(g.sum(), w)
        return g, h

    assert_same(program)


# ---- a part of an expanded tensor ---------------------------------------------------------------------

PARTS = {
    "row": lambda e: e[0],
    "last row": lambda e: e[-1],
    "diagonal": lambda e: e.diagonal(),
    "narrow": lambda e: e.narrow(0, 1, 1),
    "row, then a slice": lambda e: e[1][1:3],
    "the whole expanded tensor": lambda e: e,
    "a column (its 3 elements are one)": lambda e: e[:, 0],
}


@pytest.mark.parametrize("write", ["mul_", "fill_", "setitem", "copy_"])
@pytest.mark.parametrize("part", PARTS)
def test_a_part_of_an_expanded_tensor_is_written_into_the_base_unless_it_overlaps(part, write):
    def program(lib):
        w = lib.arange(4.0, dtype=lib.float64).reshape(1, 4).requires_grad_()
        x = w * 1
        view = PARTS[part](x.expand(3, 4))
        {"mul_": lambda: view.mul_(2), "fill_": lambda: view.fill_(7.0), "copy_": lambda: view.copy_(view * 3),
         "setitem": lambda: view.__setitem__(..., 5.0)}[write]()
        (x * lib.arange(1.0, 5.0, dtype=lib.float64)).sum().backward()
        return x, w.grad

    assert_same(program)


@pytest.mark.parametrize("part", PARTS)
def test_a_part_of_an_expanded_tensor_without_gradients(part):
    def program(lib):
        x = lib.arange(4.0).reshape(1, 4)
        view = PARTS[part](x.expand(3, 4))
        view.add_(10)
        return x, view

    assert_same(program)


# ---- var and std with ±inf: PyTorch's rule, element by element ---------------------------------------

INFINITE = [[1.0, INF, 3.0], [-INF, 2.0, 6.0]]


@pytest.mark.parametrize("rows", [INFINITE, [[INF, INF, 1.0], [2.0, 3.0, -INF]], [[1.0, NAN, 3.0], [4.0, 2.0, 6.0]],
                                  [[2.0, 2.0, 1.0], [3.0, 3.0, 3.0]]], ids=["inf", "two infs", "nan", "ties"])
@pytest.mark.parametrize("dim", [0, 1, -1, None, (0, 1)], ids=str)
@pytest.mark.parametrize("reduction", ["var", "std", "var correction=0", "std unbiased=False", "var keepdim"])
def test_var_and_std_give_pytorchs_values_and_gradients(rows, dim, reduction):
    def program(lib):
        x = lib.tensor(rows, dtype=lib.float64, requires_grad=True)
        kwargs = {"var correction=0": {"correction": 0}, "std unbiased=False": {"unbiased": False},
                  "var keepdim": {"keepdim": True}}.get(reduction, {})
        out = getattr(x, reduction.split()[0])(**kwargs) if dim is None else getattr(x, reduction.split()[0])(dim, **kwargs)
        (out * lib.arange(1.0, out.numel() + 1, dtype=lib.float64).reshape(out.shape)).sum().backward()
        return out, x.grad

    assert_same(program)


@pytest.mark.parametrize("shape", [(1,), (1, 3), (2, 1)], ids=str)
def test_var_of_too_few_elements_divides_by_zero_as_pytorch(shape):
    def program(lib):
        x = lib.arange(1.0, 1.0 + int(np.prod(shape)), dtype=lib.float64).reshape(shape).requires_grad_()
        out = x.var(-1)
        out.sum().backward()
        return out, x.grad

    assert_same(program)


def test_var_is_differentiable_twice():
    x = autograd.tensor([[0.3, -1.2, 2.0], [1.0, 0.5, -0.7]], dtype=autograd.float64, requires_grad=True)
    assert autograd.gradcheck(lambda t: t.var(1), (x,))
    assert autograd.gradgradcheck(lambda t: t.var(0, correction=0), (x,))
    assert autograd.gradgradcheck(lambda t: t.std(), (x,))


# ---- norm(p=±inf) of a line with a NaN; norm(p=0); sign; x ** 0.5 -----------------------------------

@pytest.mark.parametrize("rows", [[[1.0, NAN, 3.0], [4.0, 2.0, 6.0]], [[NAN, NAN], [NAN, 1.0]],
                                  [[0.0, INF], [-INF, NAN]], [[2.0, -2.0], [1.0, 1.0]], [[-5.0, NAN], [5.0, -5.0]]],
                         ids=["nan", "all nan", "infs", "ties", "nan and ties"])
@pytest.mark.parametrize("dim", [None, 0, 1, -1, (0, 1)], ids=str)
@pytest.mark.parametrize("p", [INF, -INF])
@pytest.mark.parametrize("keepdim", [False, True])
def test_the_inf_norm_gives_pytorchs_values_and_gradients(rows, dim, p, keepdim):
    def program(lib):
        x = lib.tensor(rows, dtype=lib.float64, requires_grad=True)
        out = x.norm(p=p, dim=dim, keepdim=keepdim)
        (out * lib.arange(1.0, out.numel() + 1, dtype=lib.float64).reshape(out.shape)).sum().backward()
        return out, x.grad

    assert_same(program)


@pytest.mark.parametrize("dim", [None, 0, 1], ids=str)
def test_norm_p0_requires_grad_but_passes_no_gradient_as_pytorch(dim):
    def program(lib):
        x = lib.tensor([[0.0, 2.0, -1.0], [0.0, 0.0, NAN]], requires_grad=True)
        out = x.norm(p=0, dim=dim)
        out.sum().backward()
        y = lib.tensor([0.0, 2.0], requires_grad=True)
        (y.norm(p=0) + y.sum()).backward()
        return out, out.requires_grad, out.is_leaf, x.grad is None, y.grad

    assert_same(program)


def test_sign_requires_grad_with_a_zero_gradient_as_pytorch():
    def program(lib):
        x = lib.tensor([0.0, -0.0, 2.0, -1.0, NAN, INF], requires_grad=True)
        s = x.sign()
        (s * lib.arange(6.0)).sum().backward()
        n = lib.tensor([-3, 0, 4]).sign()
        return s, s.requires_grad, x.grad, n

    assert_same(program)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_x_to_the_half_is_the_square_root_also_at_negative_zero(dtype):
    def program(lib):
        x = lib.tensor([0.0, -0.0, 4.0, -1.0, INF, 1e-30], dtype=getattr(lib, dtype), requires_grad=True)
        y = x ** 0.5
        y.sum().backward()
        z = lib.tensor([4, 9]) ** 0.5  # an integer base: a float result
        values = y.detach().numpy()
        return y, np.signbit(values) & ~np.isnan(values), x.grad, z  # (a NaN's sign bit means nothing)

    assert_same(program)


# ---- .grad after backward(create_graph=True) stays in the graph ---------------------------------------

@pytest.mark.parametrize("second", ["backward", "backward(create_graph=True)", "no_grad backward"])
def test_a_second_accumulation_leaves_grad_in_the_graph_as_pytorch(second):
    def program(lib):
        w = lib.tensor([0.7, 1.2], dtype=lib.float64, requires_grad=True)
        (w ** 3).sum().backward(create_graph=True)
        first = w.grad
        loss = (w ** 2).sum()
        if second == "no_grad backward":
            with lib.no_grad():
                loss.backward()
        else:
            loss.backward(create_graph=second != "backward")
        grad = w.grad
        in_graph = grad.requires_grad, grad.grad_fn is not None, grad is first
        (h,) = grad(lib)(grad.sum(), w)
        return grad, in_graph, h

    assert_same(program)


# ---- tensor() of integers beyond int64 ----------------------------------------------------------------

@pytest.mark.parametrize("data", [[2**63], [[1], [2**63]], [[1, 2], [3, -2**63 - 1]]], ids=str)
def test_an_integer_beyond_int64_is_refused_as_pytorch(data):
    for lib in (torch, autograd):
        with pytest.raises((ValueError, RuntimeError, OverflowError)):
            lib.tensor(data)


@pytest.mark.parametrize("data", [[[1], [2**63 - 1]], [[1.5], [2**63]], [-2**63]], ids=str)
def test_integers_at_int64s_ends_or_with_a_float_are_accepted_as_pytorch(data):
    assert_same(lambda lib: [lib.tensor(data)])


# ---- deliberate differences, pinned -------------------------------------------------------------------

@pytest.mark.parametrize("other", [np.array([1.0, 3.0]), np.array(1.0), np.array([[1.0], [2.0]])], ids=str)
def test_ne_with_an_array_is_elementwise_the_negation_of_eq(other):
    """PyTorch 2.13's `t != ndarray` is the bare Python True while `t == ndarray` compares elementwise;
    glassgrad's != is elementwise (documented in Tensor.__ne__), the same as PyTorch's t != tensor(array)."""
    t = autograd.tensor([1.0, 2.0])
    mine = (t != other).numpy()
    np.testing.assert_array_equal(mine, ~(t == other).numpy())
    np.testing.assert_array_equal(mine, (torch.tensor([1.0, 2.0]) != torch.from_numpy(other).float()).numpy())


@pytest.mark.parametrize("make", ["view(3)", "[1:]", "t()", "unsqueeze(0)"])
def test_a_view_made_before_its_base_requires_grad_passes_no_gradient_as_pytorch(make):
    """PyTorch's view, made before base.requires_grad_(), says requires_grad=True and is_leaf=True yet passes no
    gradient (base.grad and view.grad stay None; a hook on it is not called). Round 6 recorded it again from its
    base instead (a documented difference); hostile15a counted that as silent, so glassgrad now does as PyTorch."""
    views = {"view(3)": lambda b: b.view(3), "[1:]": lambda b: b[1:], "t()": lambda b: b.t(),
             "unsqueeze(0)": lambda b: b.unsqueeze(0)}

    def program(lib):
        b = lib.tensor([1.0, 2.0, 3.0])
        view = views[make](b)
        b.requires_grad_()
        calls = []
        state = [view.requires_grad, view.is_leaf, view.grad_fn is None]
        view.register_hook(calls.append)
        ((view * 2).sum() + (b * b).sum()).backward()
        return state + [b.grad.tolist(), view.grad, calls]

    assert program(autograd) == program(torch) == [True, True, True, [2.0, 4.0, 6.0], None, []]


@pytest.mark.parametrize("dim", [(), []], ids=str)
@pytest.mark.parametrize("reduction", ["var", "std"])
def test_var_over_dim_empty_reduces_everything_and_its_gradient_is_that_of_its_value(dim, reduction):
    """A PyTorch 2.13 quirk, not followed: x.var(dim=()) reduces every element (the value is x.var()'s), but its
    gradient is computed as if nothing were reduced (n = 1: ±∞ for var, n times too large with correction=0).
    glassgrad's gradient is the derivative of the value it returns: x.var()'s."""
    rows = [[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]]
    assert torch.tensor(rows).var(dim=dim).item() == pytest.approx(torch.tensor(rows).var().item())
    grads = []
    for make in (lambda x: getattr(x, reduction)(dim=dim), lambda x: getattr(x, reduction)()):
        x = autograd.tensor(rows, dtype=autograd.float64, requires_grad=True)
        make(x).backward()
        grads.append(x.grad.numpy())
    np.testing.assert_allclose(grads[0], grads[1], rtol=1e-12)
    x = autograd.tensor(rows, dtype=autograd.float64, requires_grad=True)
    assert autograd.gradcheck(lambda t: getattr(t, reduction)(dim=dim), (x,))
