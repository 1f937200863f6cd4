"""The twenty-seventh round's autograd and ops findings, against PyTorch: broadcast_tensors returns a tensor already
of the broadcast shape itself (a leaf stays a leaf, its .grad is the input's), torch.mul(number, float16 tensor)
rounds the number first (only x * number and number * x are computed in float32), and torch.combinations is
PyTorch's function (it was a module of glassgrad's, "'module' object is not callable")."""
import pytest

from .outcomes import assert_as_pytorch

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("shapes", [((3, 4), (4,)), ((4,), (4,)), ((1, 4), (3, 1)), ((), (2,))])
def test_broadcast_tensors_returns_a_tensor_of_the_broadcast_shape_itself(shapes):
    def program(lib):
        a = lib.ones(shapes[0], requires_grad=True)
        b = lib.full(shapes[1], 2.0, requires_grad=True)
        c, d = lib.broadcast_tensors(a, b)
        (c * d * 3).sum().backward()
        return [c is a, d is b, c.is_leaf, d.is_leaf, c.grad, d.grad, a.grad, b.grad]

    assert_as_pytorch(program)


@pytest.mark.parametrize("form", ["torch.mul(2.7, x)", "torch.mul(x, 2.7)", "2.7 * x", "x * 2.7", "x.mul(2.7)",
                                  "torch.tensor(2.7) * x", "torch.div(x, 2.7)", "2.7 / x"])
def test_a_float16_tensor_times_a_number_rounds_as_pytorch(form):
    def program(lib):
        x = lib.tensor([1.5, 0.3, 1.7, -6.1, 1000.0], dtype=lib.float16, requires_grad=True)
        y = eval(form, {"torch": lib, "x": x})
        y.backward(lib.ones_like(y))
        return y, x.grad, [n is not None for n, _ in y.grad_fn.next_functions]

    assert_as_pytorch(program)


@pytest.mark.parametrize("r", [0, 1, 2, 3, 4])
@pytest.mark.parametrize("with_replacement", [False, True])
def test_combinations_is_pytorchs(r, with_replacement):
    def program(lib):
        t = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        c = lib.combinations(t, r, with_replacement)
        if c.requires_grad:
            (c * lib.arange(1.0, c.numel() + 1).reshape(c.shape)).sum().backward()
        return c, t.grad, lib.combinations(lib.tensor([4, 5, 6]), r, with_replacement=with_replacement)

    assert_as_pytorch(program)


@pytest.mark.parametrize("call", ["combinations(t, -1)", "combinations(t.reshape(3, 1))", "combinations(t, 1.5)",
                                  "combinations([1.0, 2.0])", "combinations(torch.tensor(2.0))"])
def test_combinations_refuses_what_pytorch_refuses(call):
    def program(lib):
        return eval(call, {"combinations": lib.combinations, "t": lib.tensor([1.0, 2.0, 3.0]), "torch": lib})

    assert_as_pytorch(program)


# hostile27a S1, C1, C2: a 0-d tensor's gradient reached the in-place write's rule as a NumPy scalar (NumPy's
# arithmetic on 0-d arrays gives scalars), which a copy left a scalar: a write through a view of a 0-d non-leaf
# used twice lost the "zero the written place" step (a wrong gradient) or crashed ("does not support item assignment").
_ZERO_D_WRITES = {
    "view(1).mul_(2)": lambda b, v: b.view(1).mul_(2), "[None].div_(2)": lambda b, v: b[None].div_(2),
    "unsqueeze(0).copy_(v)": lambda b, v: b.unsqueeze(0).copy_(v), "[...].mul_(2)": lambda b, v: b[...].mul_(2),
    "view(()).mul_(2)": lambda b, v: b.view(()).mul_(2), "[()].add_(v)": lambda b, v: b[()].add_(v[0]),
    "flatten().clamp_(max=0.1)": lambda b, v: b.flatten().clamp_(max=0.1), "[...] = 5.0": lambda b, v: b.__setitem__(..., 5.0),
    "[...] *= 0.5": lambda b, v: b.__setitem__(..., b[...] * 0.5), "reshape(1, 1).exp_()": lambda b, v: b.reshape(1, 1).exp_(),
}
_TWICE = {"b * b": lambda b: b * b, "b + b": lambda b: b + b, "sin + cos": lambda b: b.sin() + b.cos(),
          "expand(2).prod()": lambda b: b.expand(2).prod()}


@pytest.mark.parametrize("write", sorted(_ZERO_D_WRITES))
@pytest.mark.parametrize("twice", sorted(_TWICE))
def test_a_write_through_a_view_of_a_0d_non_leaf_used_twice_gives_pytorchs_gradient(write, twice):
    def program(lib):
        x = lib.tensor(0.2, requires_grad=True)
        v = lib.tensor([3.0], requires_grad=True)
        b = (x * 1.5).sin()
        _ZERO_D_WRITES[write](b, v)
        _TWICE[twice](b).backward()
        return x.grad, v.grad

    assert_as_pytorch(program)


def test_a_second_derivative_through_a_getitem_of_a_0d_tensor_is_pytorchs():
    def program(lib):
        x = lib.tensor(0.3, requires_grad=True)
        grad = lib.autograd.grad if lib is torch else lib.grad
        g, = grad((x[...] * x) ** 2, x, create_graph=True)
        h, = grad(g, x)
        return g, h

    assert_as_pytorch(program)


def test_a_leafs_accumulate_grad_node_is_one_object_as_pytorchs():
    def program(lib):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2 + x * 3
        seen, stack = [], [y.grad_fn]
        while stack:
            node = stack.pop()
            if node is not None and all(node is not other for other in seen):
                seen.append(node)
                stack.extend(n for n, _ in node.next_functions)
        first = y.grad_fn.next_functions[0][0].next_functions[0][0]
        return len(seen), first is y.grad_fn.next_functions[1][0].next_functions[0][0], first.variable is x

    assert_as_pytorch(program)


@pytest.mark.parametrize("call", ["x.repeat_interleave(1)", "x.repeat_interleave(1, 0)", "x.repeat_interleave(1, dim=1)",
                                  "torch.repeat_interleave(x, 1, -1)", "x[0].repeat_interleave(1)",
                                  "x.repeat_interleave(2, 0)", "x.repeat_interleave(torch.tensor([1, 1]), 0)",
                                  "x[:1].repeat_interleave(2, dim=0)", "x[0, 0].repeat_interleave(3)",
                                  "x[:1, :1].repeat_interleave(3)", "x[:, :1].repeat_interleave(2, dim=1)",
                                  "x.repeat(1, 1)", "x[:1].repeat(2, 1)", "x.tile((1, 2))"])
def test_repeat_interleave_and_repeat_give_a_new_tensor_as_pytorchs(call):
    """(Each element once, or along a dim of size 1 (hostile28a S3), the result was a view of x; repeat's a view of
    an inner copy, which detach_() refused: hostile28e U1.)"""
    def program(lib):
        x = lib.zeros(2, 3)
        result = eval(call, {"x": x, "torch": lib})
        result.add_(1)
        return x, result, result.detach_() is result if call.startswith(("x.repeat(", "x[:1].repeat(", "x.tile")) else 0

    assert_as_pytorch(program)


@pytest.mark.parametrize("call", ["x.tril_(1)", "x.triu_(-1)", "x.tril_()", "x.triu_(0)", "x.tril_(diagonal=2)"])
@pytest.mark.parametrize("dtype", ["bool", "uint8", "int64", "float32"])
def test_tril_and_triu_in_place_take_a_diagonal_in_any_dtype(call, dtype):
    def program(lib):
        x = lib.tensor([[1, 0, 1], [1, 1, 0], [0, 1, 1]], dtype=getattr(lib, dtype))
        result = eval(call, {"x": x})
        return result is x, x

    assert_as_pytorch(program)


_FUNCTIONAL = {
    "jacobian": lambda lib, F, x: F.jacobian(lambda a: a ** 2 * a.sum(), x),
    "hessian": lambda lib, F, x: F.hessian(lambda a: (a ** 3).sum(), x),
    "vjp": lambda lib, F, x: F.vjp(lambda a: a.sin(), x, lib.ones(2))[1],
    "jvp": lambda lib, F, x: F.jvp(lambda a: a.exp(), x, lib.ones(2))[1],
    "vhp": lambda lib, F, x: F.vhp(lambda a: (a ** 3).sum(), x, lib.ones(2))[1],
    "hvp": lambda lib, F, x: F.hvp(lambda a: (a ** 3).sum(), x, lib.ones(2))[1],
    "func.grad": lambda lib, F, x: F.grad(lambda a: (a ** 2).sum())(x),
    "func.grad_and_value": lambda lib, F, x: F.grad_and_value(lambda a: (a ** 2).sum())(x)[0],
}


@pytest.mark.parametrize("mode", ["no_grad()", "inference_mode()", "set_grad_enabled(False)", "enable_grad()"])
@pytest.mark.parametrize("name", sorted(_FUNCTIONAL))
def test_the_functional_derivatives_do_not_depend_on_the_callers_grad_mode(name, mode):
    """(hostile28a S2: under no_grad, jacobian, hessian, vjp, jvp, hvp and vhp returned zeros, and torch.func.grad
    under inference_mode; PyTorch's record whatever the caller's mode, but autograd.functional in inference mode)"""
    import autograd.func
    import autograd.jacobians

    def program(lib):
        if name.startswith("func."):
            functional = torch.func if lib is torch else autograd.func
        else:
            functional = torch.autograd.functional if lib is torch else autograd.jacobians
        with eval(mode, {mode_name: getattr(lib, mode_name) for mode_name in ("no_grad", "inference_mode", "enable_grad",
                                                               "set_grad_enabled")}):
            return _FUNCTIONAL[name](lib, functional, lib.tensor([0.5, -1.2]))

    assert_as_pytorch(program)


@pytest.mark.parametrize("gradient", ["x", "w", "x * 1", "w.detach()"])
@pytest.mark.parametrize("root", ["x", "x + 0", "x * 1", "(x - 0) * 1"])  # (through a view PyTorch shares: README)
def test_a_gradient_that_requires_grad_is_copied_into_grad(root, gradient):
    """(hostile28a S1: backward from a leaf (or through pass-through nodes) stored a `gradient` that requires grad
    as .grad itself: a later write to one changed the other, an optimizer step moved the gradient's tensor)"""
    def program(lib):
        x = lib.tensor([0.5, -1.2, 2.0], requires_grad=True)
        w = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        given = eval(gradient, {"x": x, "w": w})
        eval(root, {"x": x}).backward(given)
        first = x.grad.clone()
        with lib.no_grad():
            given.mul_(3) if given.is_leaf is False or not given.requires_grad else given.add_(100)
            x.grad.add_(1)
        return first, x.grad, given

    assert_as_pytorch(program)


class _Index:
    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value


@pytest.mark.parametrize("value", [2 ** 70, -2 ** 70, 2 ** 63])
def test_an_index_object_beyond_int64_is_pytorchs_overflow_error(value):
    """(hostile28e U3: NumPy's IndexError said the object was not an integer)"""
    import autograd

    for lib in (torch, autograd):
        x = lib.zeros(3)
        with pytest.raises(ValueError, match="Overflow"):
            x[_Index(value)]
        with pytest.raises(ValueError, match="Overflow"):
            x[_Index(value)] = 1.0


_FUNC_GRAD = {
    "an input that requires grad": lambda lib, F, w, x: F.grad(lambda a: (a ** 3).sum())(w),
    "a view of a parameter": lambda lib, F, w, x: F.grad(F.grad(lambda a: a.sin() * a))(w[0]),
    "grad of grad": lambda lib, F, w, x: F.grad(F.grad(lambda a: (a ** 3)))(x[0]),
    "grad_and_value": lambda lib, F, w, x: F.grad_and_value(lambda a: (a * w).sin().sum())(x),
    "a closure over a parameter": lambda lib, F, w, x: F.grad(lambda a: (a * w).sin().sum())(x),
    "two argnums": lambda lib, F, w, x: F.grad(lambda a, b: (a * b).sum(), argnums=(0, 1))(w, w * 2),
}


@pytest.mark.parametrize("mode", ["no_grad()", "inference_mode()", "set_grad_enabled(False)", "enable_grad()"])
@pytest.mark.parametrize("name", sorted(_FUNC_GRAD))
def test_func_grad_under_every_grad_mode_as_pytorchs(name, mode):
    """(hostile29a S1, S2: with an input that requires grad, torch.func.grad gave zeros under no_grad; results
    under no_grad required grad where the function closed over a parameter)"""
    import autograd.func

    def program(lib):
        functional = torch.func if lib is torch else autograd.func
        w = lib.tensor([1.0, 2.0, -0.5], requires_grad=True)
        x = lib.tensor([0.3, -0.7, 1.1])
        with eval(mode, {n: getattr(lib, n) for n in ("no_grad", "inference_mode", "enable_grad", "set_grad_enabled")}):
            result = _FUNC_GRAD[name](lib, functional, w, x)
        flat = list(result) if isinstance(result, tuple) else [result]
        return flat, [t.requires_grad for t in flat]

    assert_as_pytorch(program)


@pytest.mark.parametrize("outer", [True, False])
@pytest.mark.parametrize("mode", [True, False])
def test_a_clone_of_set_grad_enabled_sets_the_mode_now_and_restores_the_mode_of_then(mode, outer):
    """(hostile29a S3: clone() neither set the mode nor remembered the mode at the time of the clone)"""
    import autograd

    def run(lib):
        lib.set_grad_enabled(outer)
        copy = lib.set_grad_enabled(mode).clone()
        after_clone = lib.is_grad_enabled()
        lib.set_grad_enabled(not mode)
        with copy:
            inside = lib.is_grad_enabled()
        after = lib.is_grad_enabled()
        lib.set_grad_enabled(True)
        return after_clone, inside, after

    assert run(autograd) == run(torch)


@pytest.mark.parametrize("correction", ["np.int64(1)", "np.int32(0)", "np.float64(1.0)", "np.bool_(True)", "2"])
@pytest.mark.parametrize("call", ["torch.var(x, correction=c)", "x.std(dim=0, correction=c)",
                                  "torch.std(x, 1, correction=c, keepdim=True)", "torch.var_mean(x, correction=c)[0]"])
def test_var_and_std_with_a_numpy_correction_keep_the_dtype(call, correction):
    """(hostile29e S1: a NumPy correction made a float32 variance float64)"""
    import numpy as np

    def program(lib):
        x = lib.tensor([[1.0, 2.5, -0.5], [0.25, 3.0, 1.5]], requires_grad=True)
        y = eval(call, {"torch": lib, "x": x, "c": eval(correction, {"np": np})})
        y.sum().backward()
        return y, x.grad

    assert_as_pytorch(program)


@pytest.mark.parametrize("index", ["[range(2)]", "[range(2), range(2)]", "[collections.deque([0, 1]), [1, 0]]",
                                   "[array.array('q', [0, 1])]", "[1, range(2)]", "[[2 ** 64 - 1]]", "[[2 ** 63, 0]]",
                                   "[[np.uint64(2 ** 64 - 1)]]", "[2 ** 64 - 2, 0]"])
def test_a_list_index_of_sequences_is_a_tuple_and_ints_beyond_int64_overflow(index):
    """(hostile30c S2: a range, deque or array.array in a list index was read as one index array; S3: an int beyond
    int64 in a list index wrapped around to the last row)"""
    import array
    import collections

    import numpy as np

    def program(lib):
        x = lib.arange(24.0).reshape(2, 3, 4)
        chosen = eval(index, {"range": range, "collections": collections, "array": array, "np": np})
        read = x[chosen]
        x[chosen] = -1.0
        return read, x

    assert_as_pytorch(program)


@pytest.mark.parametrize("correction", ["None", "torch.tensor(1)", "torch.tensor(0.5, dtype=torch.float16)",
                                        "torch.tensor(1.5, dtype=torch.float64)"])
@pytest.mark.parametrize("call", ["x.var(correction=c)", "x.std(correction=c)", "torch.var_mean(x, correction=c)[0]",
                                  "x.var((0, 1), correction=c)", "torch.std(x, 1, correction=c)"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_var_and_std_read_a_tensor_or_none_correction_as_a_number(call, correction, dtype):
    """(hostile30b S3: a 0-d tensor correction set the result's dtype; C1: correction=None crashed)"""
    def program(lib):
        x = lib.tensor([[1.0, 2.5, -0.5], [0.25, 3.0, 1.5]], dtype=getattr(lib, dtype), requires_grad=True)
        y = eval(call, {"torch": lib, "x": x, "c": eval(correction, {"torch": lib})})
        y.sum().backward()
        return y, x.grad

    assert_as_pytorch(program)


def test_a_views_data_of_another_shape_is_refused():
    """(hostile30e S1, C1: PyTorch computes a gradient that follows from neither shape; glassgrad's was another one,
    or an internal NumPy error)"""
    import autograd

    w = autograd.tensor([1.0, 2.0, 3.0], requires_grad=True)
    for view in ((w * 1)[:], (w * 1)[1], (w * 1).narrow(0, 1, 2)):
        with pytest.raises(RuntimeError, match="its own shape"):
            view.data = autograd.ones(5)
    same = (w * 1)[:2]
    same.data = autograd.ones(2)  # (the same shape: allowed, as in PyTorch)


@pytest.mark.parametrize("given", ["v", "v.clone()", "v.detach()", "x"])
@pytest.mark.parametrize("transform", ["jacobian", "vjp"])
def test_second_derivatives_through_func_grad_at_a_no_grad_view_are_pytorchs(transform, given):
    """(hostile30a S1: at a view made under no_grad, or a clone of one, with create_graph=True, they were zeros)"""
    import autograd.func
    import autograd.jacobians

    def program(lib):
        func, functional = (torch.func, torch.autograd.functional) if lib is torch else (autograd.func,
                                                                                         autograd.jacobians)
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        with lib.no_grad():
            v = x[:]
        point = eval(given, {"x": x, "v": v})
        gradient = func.grad(lambda t: (t ** 3).sum())
        if transform == "jacobian":
            return functional.jacobian(gradient, point, create_graph=True)
        return functional.vjp(gradient, point, lib.ones(3), create_graph=True)[1]

    assert_as_pytorch(program)


@pytest.mark.parametrize("index", ["collections.deque([[0, 1], [1, 2]])", "collections.UserList([torch.tensor(1), 2])",
                                   "collections.deque([torch.tensor(1)])", "collections.deque([0, 2])",
                                   "collections.UserList([[0, 2], [3, 1]])", "range(2)"])
def test_a_sequence_of_sequences_as_the_whole_index_is_a_tuple_index(index):
    """(hostile31b S1: a deque or UserList holding lists or tensors was read as rows; PyTorch reads it as a tuple)"""
    import collections
    import warnings

    def program(lib):
        x = lib.arange(12.0).reshape(3, 4).requires_grad_()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # (PyTorch's deprecation warning for a non-tuple sequence)
            chosen = eval(index, {"collections": collections, "torch": lib})
            y = x[chosen]
            y.sum().backward()
            written = lib.zeros(3, 4)
            written[eval(index, {"collections": collections, "torch": lib})] = 9.0
        return y, x.grad, written

    assert_as_pytorch(program)


@pytest.mark.parametrize("view", ["v.view(3)", "v[0:3]", "v.reshape(3)", "v.unsqueeze(0)", "v"])
def test_a_grad_mode_view_of_a_no_grad_view_keeps_its_gradient_through_the_functionals(view):
    """(hostile31a S1: a view made with grad on of a view made under no_grad was taken as a fresh leaf: None)"""
    import autograd.jacobians

    def program(lib):
        functional = torch.autograd.functional if lib is torch else autograd.jacobians
        grad = torch.autograd.grad if lib is torch else lib.grad
        x = lib.tensor([0.5, 1.0, 2.0, 3.0, 4.0], requires_grad=True)
        with lib.no_grad():
            v = x[1:4]
        u = eval(view, {"v": v})
        j = functional.jacobian(lambda t: t.sin(), u, create_graph=True)
        return grad(j.sum(), u, allow_unused=True)[0]

    assert_as_pytorch(program)
