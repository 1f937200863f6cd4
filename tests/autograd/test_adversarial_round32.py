"""The thirty-second round, against PyTorch: roll without dims returned a view of a rolled copy, so detach_() on its
result was refused (PyTorch's roll returns a new tensor); a grad_fn hook on an index of several parts (x[1, 2]) saw
the whole tensor's gradient, where PyTorch's node for the last part sees the part before it (now refused)."""
import math

import numpy as np
import pytest

from .outcomes import assert_as_pytorch

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("shape", [(3, 4), (5,), (), (0, 3), (2, 1, 3)])
@pytest.mark.parametrize("shift", [0, 1, -7, 13])
def test_roll_without_dims_is_a_new_tensor_with_pytorchs_gradient(shape, shift):
    def program(lib):
        x = lib.arange(float(math.prod(shape))).reshape(shape)
        x.requires_grad_()
        y = x.roll(shift)
        (y * lib.arange(float(y.numel())).reshape(shape)).sum().backward()
        result = [y, x.grad, y._base is None]
        y.detach_()
        return result + [y.requires_grad]

    assert_as_pytorch(program)


INDICES = {"[1, 2]": (1, 2), "[1:2]": slice(1, 2), "[:, 1]": (slice(None), 1), "[..., 1]": (Ellipsis, 1),
           "[None]": None, "[0:3, 1]": (slice(0, 3), 1), "[[0, 1]]": [0, 1], "[[0, 1], 1]": ([0, 1], 1),
           "[1, [0, 1]]": (1, [0, 1]), "[:, [0, 1]]": (slice(None), [0, 1]), "[1:, [0, 1]]": (slice(1, None), [0, 1]),
           "[-1]": -1, "[None, 1]": (None, 1), "[1, None]": (1, None), "[::2]": slice(None, None, 2),
           "[mask]": [True, False, True], "[1:, 1:]": (slice(1, None), slice(1, None)), "[...]": Ellipsis,
           "[:]": slice(None), "[0:9, 0:4]": (slice(0, 9), slice(0, 4)), "[..., None, 2]": (Ellipsis, None, 2),
           "[True]": True, "[False]": False, "[..., True]": (Ellipsis, True), "[0-d mask]": "0-d mask"}


@pytest.mark.parametrize("name", sorted(INDICES))
def test_a_grad_fn_hook_on_an_index_sees_pytorchs_gradients_or_is_refused(name):
    """(hostile32a S5: x[1, 2]'s node hook saw a (3, 4) grad_input; PyTorch's, the second select's, a (4,) one)"""
    import autograd

    def seen(lib):
        index = INDICES[name]
        index = lib.tensor(index) if name == "[mask]" else lib.tensor(True) if name == "[0-d mask]" else index
        x = lib.arange(12.0).reshape(3, 4).requires_grad_()
        y = (x * 1)[index]
        found = []
        y.grad_fn.register_hook(lambda grad_inputs, grad_outputs: found.append(
            [tuple(g.shape) for g in grad_inputs + grad_outputs]))
        (y * 2).sum().backward()
        return found, x.grad.tolist()

    theirs = seen(torch)
    try:
        ours = seen(autograd)
    except NotImplementedError as refusal:
        assert "an index of several parts" in str(refusal)
        assert theirs[0][0][0] != [(3, 4)]  # refused only where PyTorch's node does not take x itself
    else:
        assert ours == theirs


AXIS_CALLS = {  # (hostile32d R1: d2l's box helpers call torch.stack(..., axis=1); PyTorch's parser takes axis= for dim=)
    "stack": lambda T, x: T.stack([x, x], axis=1), "argsort": lambda T, x: x.argsort(axis=1),
    "index_select": lambda T, x: T.index_select(x, axis=1, index=T.tensor([0])),
    "gather": lambda T, x: x.gather(axis=1, index=T.tensor([[0], [1]])), "unbind": lambda T, x: x.unbind(axis=1),
    "chunk": lambda T, x: T.chunk(x, 2, axis=1), "narrow": lambda T, x: x.narrow(axis=1, start=0, length=2),
    "select": lambda T, x: T.select(x, axis=1, index=2), "tensor_split": lambda T, x: x.tensor_split(2, axis=1),
    "diff": lambda T, x: T.diff(x, axis=1), "take_along_dim": lambda T, x: x.take_along_dim(T.tensor([[0], [1]]), axis=1),
    "repeat_interleave": lambda T, x: x.repeat_interleave(2, axis=1), "kthvalue": lambda T, x: x.kthvalue(1, axis=1),
    "mode": lambda T, x: T.mode(x, axis=1), "nanmedian": lambda T, x: x.nanmedian(axis=1),
    "std_mean": lambda T, x: T.std_mean(x, axis=1), "var_mean": lambda T, x: T.var_mean(x, axis=1, keepdims=True),
    "nanmean": lambda T, x: x.nanmean(axis=1), "aminmax": lambda T, x: x.aminmax(axis=1),
    "scatter": lambda T, x: x.scatter(axis=1, index=T.tensor([[0], [1]]), src=x * 2),
    "scatter_add": lambda T, x: T.scatter_add(x, axis=1, index=T.tensor([[0], [1]]), src=x * 2),
    "scatter_reduce": lambda T, x: x.scatter_reduce(axis=1, index=T.tensor([[0], [1]]), src=x * 2, reduce="amax"),
    "index_add": lambda T, x: x.index_add(axis=1, index=T.tensor([0]), source=x[:, :1]),
    "index_copy": lambda T, x: T.index_copy(x, axis=1, index=T.tensor([0]), source=x[:, :1] * 3),
    "index_fill": lambda T, x: x.index_fill(axis=1, index=T.tensor([0]), value=-1.0),
    "unflatten": lambda T, x: T.unflatten(x, axis=1, sizes=(3, 1)),
    "scatter_": lambda T, x: x.clone().scatter_(axis=1, index=T.tensor([[0], [1]]), src=x * 2),
    "index_add_": lambda T, x: x.clone().index_add_(axis=1, index=T.tensor([0]), source=x[:, :1]),
    "cumsum_": lambda T, x: x.clone().cumsum_(axis=1), "cumprod_": lambda T, x: x.clone().cumprod_(axis=1),
    "unsqueeze_": lambda T, x: x.clone().unsqueeze_(axis=0), "size": lambda T, x: T.tensor(x.size(axis=1)),
    "both names": lambda T, x: T.stack([x, x], axis=1, dim=0),
}


@pytest.mark.parametrize("name", sorted(AXIS_CALLS))
def test_axis_is_dim_as_in_pytorchs_argument_parser(name):
    assert_as_pytorch(lambda lib: AXIS_CALLS[name](lib, lib.arange(6.0).reshape(2, 3) - 2))


NUMPY_COPIES = {
    "np.array(t)": lambda np, t: np.array(t), "np.array(t, copy=True)": lambda np, t: np.array(t, copy=True),
    "np.copy(t)": lambda np, t: np.copy(t), "np.array(t.T)": lambda np, t: np.array(t.T),
    "np.array(t[0:2])": lambda np, t: np.array(t[0:2]), "np.array(t, dtype=float32)": lambda np, t: np.array(
        t, dtype=np.float32), "np.asarray(t)": lambda np, t: np.asarray(t), "np.array(t, dtype=float64)": lambda np, t: np.array(t, dtype=np.float64),
}


@pytest.mark.parametrize("form", sorted(NUMPY_COPIES))
def test_numpy_copies_a_tensor_where_pytorchs_does(form):
    """(hostile32b S3, high: np.array(t) shared t's memory, so editing the copy changed t)"""
    import numpy as np

    def program(lib):
        t = lib.tensor([[1.0, 2.0], [3.0, 4.0]])
        array = NUMPY_COPIES[form](np, t)
        array -= 1
        return t, array

    assert_as_pytorch(program)




class _Positions:
    """A sequence by protocol only (__len__ and __getitem__), not a collections.abc.Sequence."""

    def __init__(self, items):
        self.items = items

    def __len__(self):
        return len(self.items)

    def __getitem__(self, k):
        return self.items[k]


@pytest.mark.parametrize("index", [[[0, 1], [1, 2]], [1, 2], [[0, 2]], [slice(0, 2), 1], [None, 1], [Ellipsis, 2]])
def test_a_user_sequence_index_is_read_as_pytorch_reads_it(index):
    """(hostile32b S1: one that did not subclass Sequence was read as rows, and a write through it wrote them all)"""
    def program(lib):
        x = lib.arange(12.0).reshape(3, 4).requires_grad_()
        y = x[_Positions(index)]
        (grad,) = (torch.autograd if lib is torch else lib).grad((y * y).sum(), x)
        u = lib.zeros(3, 4)
        u[_Positions(index)] = 9.0
        return y, grad, u

    assert_as_pytorch(program)


@pytest.mark.parametrize("args", [(True,), (False,), (True, True), (False, False, True)])
def test_to_a_leading_bool_is_the_dtype_bool_as_pytorch(args):
    """(hostile32b S2: x.to(True) returned x itself)"""
    def program(lib):
        x = lib.tensor([0.0, 1.5, -2.0], requires_grad=True)
        y = x.to(*args)
        return y, y.requires_grad, y is x

    assert_as_pytorch(program)


INTEGER_INDEX_FORMS = {"x[i]": lambda x, i, v: x[i], "x[[i, i]]": lambda x, i, v: x[[i, i]],
                       "x[i, i]": lambda x, i, v: x[i, i], "x[:, i]": lambda x, i, v: x[:, i],
                       "x[vector]": lambda x, i, v: x[v]}


@pytest.mark.parametrize("dtype", ["int8", "int16", "int32", "int64"])
@pytest.mark.parametrize("form", sorted(INTEGER_INDEX_FORMS))
def test_a_0d_integer_tensor_of_any_width_indexes_as_the_integer_it_holds(form, dtype):
    """(hostile31c/32c R1: a 0-d int8 or int16 index was refused; PyTorch refuses only indices with dims of them)"""
    def program(lib):
        x = lib.arange(12.0).reshape(3, 4).requires_grad_()
        i, vector = lib.tensor(1, dtype=getattr(lib, dtype)), lib.tensor([1, 2], dtype=getattr(lib, dtype))
        y = INTEGER_INDEX_FORMS[form](x, i, vector)
        (grad,) = (torch.autograd if lib is torch else lib).grad(y.sum(), x)
        return y, grad

    assert_as_pytorch(program)


BAD_ARGUMENTS = {  # (hostile32b: a void-dtype tensor, a default dtype, NumPy's errors, a run of hours)
    "x.to([])": lambda T, x: x.to([]), "zeros(dtype=[])": lambda T, x: T.zeros(2, dtype=[]),
    "x.sum(dtype=[])": lambda T, x: x.sum(dtype=[]), "x.to(())": lambda T, x: x.to(()),
    "masked_fill(list)": lambda T, x: x.masked_fill(T.tensor([True, False, True]), [1.0, 2.0]),
    "index_fill(list)": lambda T, x: x.index_fill(0, T.tensor([0]), [1.0]),
    "masked_fill(str)": lambda T, x: x.masked_fill(T.tensor([True, False, True]), "a"),
    "full(list)": lambda T, x: T.full((2,), [1.0]),
}


@pytest.mark.parametrize("call", sorted(BAD_ARGUMENTS))
def test_arguments_of_the_wrong_kind_are_pytorchs_type_error(call):
    assert_as_pytorch(lambda lib: BAD_ARGUMENTS[call](lib, lib.ones(3)))


def test_tensor_split_into_more_sections_than_glassgrad_makes_is_refused_at_once():
    import autograd

    with pytest.raises(RuntimeError, match="at most"):
        autograd.ones(3).tensor_split(2 ** 40)


SECOND_OUTPUTS = {"var_mean": lambda T, a: T.var_mean(a, 1), "std_mean": lambda T, a: T.std_mean(a),
                  "aminmax": lambda T, a: a.aminmax(dim=1), "aminmax all": lambda T, a: T.aminmax(a)}
DTYPE_FORMS = {"sum": lambda T, a: a.sum(dtype=T.float64), "mean": lambda T, a: a.mean(1, dtype=T.float64),
               "prod": lambda T, a: a.prod(1, dtype=T.float64), "cumsum": lambda T, a: a.cumsum(1, dtype=T.float64),
               "cumprod": lambda T, a: T.cumprod(a, 1, dtype=T.float64),
               "sum same dtype": lambda T, a: (a.sum(dtype=T.float32),)}


@pytest.mark.parametrize("name", sorted(SECOND_OUTPUTS) + sorted(DTYPE_FORMS))
def test_a_grad_fn_hook_on_every_output_sees_pytorchs_gradients_or_is_refused(name):
    """(hostile33a S3, 33b S2, S3: a hook on var_mean's mean or aminmax's max saw its own primitive's gradients and
    changed another part of the gradient; one on sum(dtype=float64) of a float32 input saw float64 grad_inputs)"""
    import autograd

    def run(lib):
        a = lib.tensor([[0.5, 1.5, -1.0], [2.0, 0.25, 1.0]], requires_grad=True)
        outputs = (SECOND_OUTPUTS.get(name) or DTYPE_FORMS[name])(lib, a * 1)
        outputs = outputs if isinstance(outputs, tuple) else (outputs,)
        found = []
        outputs[-1].grad_fn.register_hook(lambda grad_inputs, grad_outputs: (found.append(
            [(tuple(g.shape), str(g.dtype).split(".")[-1]) for g in grad_inputs if g is not None]),
            tuple(None if g is None else g * 3 for g in grad_inputs))[1])
        sum(o.sum() * (i + 2) for i, o in enumerate(outputs)).backward()
        return found, a.grad.tolist()

    theirs = run(torch)
    try:
        ours = run(autograd)
    except NotImplementedError as refusal:
        assert "register_hook" in str(refusal) and name != "sum same dtype"
    else:
        assert ours[0] == theirs[0]
        np.testing.assert_allclose(ours[1], theirs[1], rtol=1e-6)


@pytest.mark.parametrize("value", ["0-d", "0-d int", "0-d requiring grad", "1-d"])
@pytest.mark.parametrize("method", ["scatter", "scatter_"])
def test_scatter_value_given_as_a_tensor_is_read_as_pytorch_reads_it(method, value):
    """(hostile33b R1: value=torch.tensor(2) was taken as src, and refused with src's shape message)"""
    def program(lib):
        given = {"0-d": lambda: lib.tensor(2.5), "0-d int": lambda: lib.tensor(2),
                 "0-d requiring grad": lambda: lib.tensor(2.5, requires_grad=True),
                 "1-d": lambda: lib.tensor([2.0, 3.0])}[value]()
        return getattr(lib.zeros(2, 3), method)(0, lib.tensor([[0, 1]]), value=given)

    assert_as_pytorch(program)


def test_gradcheck_with_nothing_that_requires_grad_is_pytorchs_value_error():
    """(hostile33a L1: it returned True: a check that checked nothing passed)"""
    assert_as_pytorch(lambda lib: (torch.autograd if lib is torch else lib).gradcheck(
        lambda x: x * 2, (lib.ones(2, dtype=lib.float64),)))


MORE_CALLS = {  # (hostile33a, 33b: metadata, keyword names, crashes and unclear errors)
    "diff over an empty dim is the input": lambda T, x: (lambda e: [T.diff(e, dim=0) is e, T.diff(e, n=2, dim=0) is e,
                                                                    T.diff(e, dim=1).shape[1]])(x[:0]),
    "diff with append over an empty dim": lambda T, x: T.diff(x[:0], dim=0, append=T.ones(1, 3)),
    "swapdims by keyword": lambda T, x: T.swapdims(x, dim0=0, dim1=1),
    "x.swapdims by keyword": lambda T, x: x.swapdims(dim0=1, dim1=0),
    "a NumPy string array as a bound": lambda T, x: x.clamp(__import__("numpy").array("a")),
    "func.grad argnums as a NumPy integer": lambda T, x: T.func.grad(lambda t: (t * t).sum(),
                                                                     argnums=__import__("numpy").int64(0))(x),
    "func.grad argnums as a list": lambda T, x: T.func.grad(lambda t: (t * t).sum(), argnums=[0])(x),
}


@pytest.mark.parametrize("call", sorted(MORE_CALLS))
def test_more_calls_as_pytorch(call):
    import autograd.func  # noqa: F401  (autograd.func, as torch.func)

    assert_as_pytorch(lambda lib: MORE_CALLS[call](lib, lib.arange(6.0).reshape(2, 3).requires_grad_()))


def test_func_grad_of_a_pytree_argument_is_a_clear_refusal():
    import autograd.func

    with pytest.raises(NotImplementedError, match="pytrees"):
        autograd.func.grad(lambda d: (d["a"] ** 2).sum())({"a": autograd.ones(2)})


HELD_NUMBERS = {  # (hostile33d S2, 33e S1, S3, S5, U1, U4: number arguments and operands read as PyTorch reads them)
    "cdist p np.float16": lambda T, x: T.cdist(x, x * 2, p=__import__("numpy").float16(1.5)),
    "cdist p np.float32 on float64": lambda T, x: T.cdist(x.double(), x.double() * 2, p=__import__("numpy").float32(1.5)),
    "cdist p 0-d tensor": lambda T, x: T.cdist(x, x * 2, p=T.tensor(1.5)),
    "logit eps np.float16": lambda T, x: T.logit(x.sigmoid(), eps=__import__("numpy").float16(0.3)),
    "logit eps 0-d float16": lambda T, x: x.sigmoid().logit(eps=T.tensor(0.3, dtype=T.float16)),
    "nan_to_num nan 0-d tensor": lambda T, x: T.nan_to_num(x.log(), nan=T.tensor(7.0)),
    "np.complex64 without an imaginary part": lambda T, x: x * __import__("numpy").complex64(2),
    "np.complex64 in where": lambda T, x: T.where(x > 0, x, __import__("numpy").complex64(3)),
    "masked_fill beyond int64": lambda T, x: x.masked_fill(x > 0, 2 ** 70),
    "clamp beyond int64": lambda T, x: x.clamp(max=-2 ** 70),
    "masked_select with a NumPy mask": lambda T, x: x.masked_select(__import__("numpy").ones((2, 3), bool)),
}


@pytest.mark.parametrize("call", sorted(HELD_NUMBERS))
def test_number_arguments_are_read_as_pytorch_reads_them(call):
    def program(lib):
        x = (lib.arange(6.0).reshape(2, 3) * 0.37 - 0.8).requires_grad_()
        y = HELD_NUMBERS[call](lib, x)
        (grad,) = (torch.autograd if lib is torch else lib).grad(y.real.sum() if y.is_complex() else y.sum(), x,
                                                                 allow_unused=True)
        return y, grad

    assert_as_pytorch(program)


@pytest.mark.parametrize("operand", ["a", b"b", None], ids=str)
def test_a_numpy_array_of_no_numbers_as_an_operand_is_a_type_error(operand):
    """(hostile33b: an internal KeyError 'U' from the promotion table; PyTorch's is NumPy's TypeError)"""
    import numpy as np

    import autograd

    for lib in (torch, autograd):
        with pytest.raises(TypeError):
            lib.ones(2) + np.array(operand)


BOOL_WITH_INTEGERS = [(0, slice(None), True), (True, 1, [0]), (0, True), (True, 0), (1, None, True), (0, True, [1, 2]),
                      (True, [1]), (slice(None), 0, False), (Ellipsis, 0, True), (0, Ellipsis, False, 1),
                      (True, 0, None, 2), (0, slice(1, 3), True, [4, 0])]


@pytest.mark.parametrize("index", BOOL_WITH_INTEGERS, ids=str)
def test_a_bool_index_beside_integers_reads_and_writes_as_pytorch(index):
    """(hostile34b S5: x[0, :, True] was (1, 4, 5), PyTorch's (4, 1, 5); x[True, 1, [0]] read x[0, 1])"""
    def program(lib):
        x = lib.arange(60.0).reshape(3, 4, 5).requires_grad_()
        y = x[index]
        (grad,) = (torch.autograd if lib is torch else lib).grad((y * y).sum(), x)
        z = lib.zeros(3, 4, 5)
        z[index] = 7.0
        return y, grad, z

    assert_as_pytorch(program)


@pytest.mark.parametrize("eps", ["float32 tensor", "float16 tensor", "np.float32", "float"])
def test_gradcheck_reads_eps_as_the_number_it_holds(eps):
    """(hostile34a S1: a float32 0-d tensor eps took the difference quotient in float32: a right gradient failed)"""
    def program(lib):
        check = torch.autograd if lib is torch else lib
        step = {"float32 tensor": lambda: lib.tensor(1e-6), "float16 tensor": lambda: lib.tensor(1e-3).half(),
                "np.float32": lambda: __import__("numpy").float32(1e-6), "float": lambda: 1e-6}[eps]()
        x = lib.tensor([0.5, -1.5, 2.0], dtype=lib.float64, requires_grad=True)
        return [check.gradcheck(lambda a: a.sin(), (x,), eps=step, raise_exception=False),
                check.gradgradcheck(lambda a: a.sin() * a, (x,), eps=step, raise_exception=False)]

    assert_as_pytorch(program)


@pytest.mark.parametrize("form", ["transposed view", "column view", "non-contiguous leaf"])
def test_gradcheck_leaves_a_view_of_its_input_sharing_memory(form):
    """(hostile34a S3: gradcheck copied a non-contiguous input's memory, cutting it off from its base and views)"""
    def program(lib):
        check = torch.autograd if lib is torch else lib
        x = lib.tensor([[0.5, -1.5, 2.0], [1.25, 3.0, -0.75]], dtype=lib.float64, requires_grad=True)
        b = x * 1
        if form == "non-contiguous leaf":
            v = x.detach().t().requires_grad_()
            b = v
        else:
            v = b.t() if form == "transposed view" else b[:, 1]
        passed = check.gradcheck(lambda a: (a * a).sum(0), (v,))
        with lib.no_grad():
            b[0, 0] = 100.0
        return passed, v, b

    assert_as_pytorch(program)


BOOL_WITH_MASKS = {"[True, m2]": lambda T: (True, T.tensor([False, True])), "[:, True, m3]": lambda T: (
    slice(None), True, T.tensor([True, False, True])), "[0, True, m3]": lambda T: (0, True, T.tensor([True, False, True])),
    "[True, x > 2]": lambda T: (True, T.arange(6.0).reshape(2, 3) > 2), "[m2, True]": lambda T: (T.tensor([True, False]), True)}


@pytest.mark.parametrize("name", sorted(BOOL_WITH_MASKS))
def test_a_bool_index_beside_a_mask_reads_and_writes_as_pytorch(name):
    """(hostile35b U1: refused, "the shape of the mask [2] at index 0 does not match ... at index 1": True took a dim)"""
    def program(lib):
        x = lib.arange(6.0).reshape(2, 3).requires_grad_()
        y = x[BOOL_WITH_MASKS[name](lib)]
        (grad,) = (torch.autograd if lib is torch else lib).grad((y * y).sum(), x)
        z = lib.zeros(2, 3)
        z[BOOL_WITH_MASKS[name](lib)] = 9.0
        return y, grad, z

    assert_as_pytorch(program)


GRADCHECK_FORMS = {  # (hostile35a C1, E1, U1)
    "an expanded input": lambda T, check: check.gradcheck(
        lambda a: a * 2, (T.tensor([1.0, 2.0], dtype=T.float64).expand(3, 2).requires_grad_(),)),
    "an input over read-only memory": lambda T, check: check.gradcheck(lambda a: a.sin(), (T.from_numpy(
        (lambda a: (a.setflags(write=False), a)[1])(__import__("numpy").array([0.5, 1.5]))).requires_grad_(),)),
    "gradgradcheck with one tensor of output gradients": lambda T, check: check.gradgradcheck(
        lambda a: a * a, (T.ones(2, 3, dtype=T.float64, requires_grad=True),), T.ones(2, 3, dtype=T.float64)),
}


@pytest.mark.parametrize("form", sorted(GRADCHECK_FORMS))
def test_gradcheck_forms_as_pytorch(form):
    assert_as_pytorch(lambda lib: GRADCHECK_FORMS[form](lib, torch.autograd if lib is torch else lib))


def test_a_failing_gradcheck_is_a_runtime_error_as_pytorchs():
    import autograd

    for check in (torch.autograd, autograd):
        lib = torch if check is torch.autograd else autograd
        with pytest.raises(RuntimeError, match="(?i)jacobian|numerical"):
            check.gradcheck(lambda a: a.detach() * a, (lib.tensor([0.5, 1.5], dtype=lib.float64, requires_grad=True),))
