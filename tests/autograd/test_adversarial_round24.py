"""The twenty-fourth adversarial pass's autograd findings (hostile24a), each against PyTorch: what a grad_fn hook
may return (a tuple, one gradient per input: PyTorch's TypeError for a Tensor or a list, its RuntimeError for a
count), the zeros materialize_grads gives under create_graph (they require grad), and vector_to_parameters, whose
parameters become views of the vector (PyTorch's `param.data = vec[...]`)."""
import pytest

from .outcomes import assert_as_pytorch, same_error

torch = pytest.importorskip("torch")


def _autograd(lib):
    from glassgrad.torch_stubs import autograd_names

    return torch.autograd if lib is torch else autograd_names


def _nn_utils(lib):
    import nn

    return torch.nn.utils if lib is torch else nn.utils


@pytest.mark.parametrize("returned", [lambda gi: gi[0], lambda gi: list(gi), lambda gi: gi[:1], lambda gi: gi + gi],
                         ids=["tensor", "list", "too-few", "too-many"])
def test_what_a_grad_fn_hook_returns_is_checked_as_pytorch(returned):
    import autograd

    def program(lib):
        x = lib.tensor([[0.5, 1.0], [2.0, 3.0]], requires_grad=True)
        y = x * lib.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)  # two inputs: gi has two rows of x's shape
        y.grad_fn.register_hook(lambda gi, go: returned(gi))
        y.sum().backward()

    same_error(lambda: program(autograd), lambda: program(torch))


def test_materialized_zeros_require_grad_under_create_graph():
    def program(lib):
        x, w = lib.tensor([1.0, 2.0], requires_grad=True), lib.tensor([3.0, 4.0], requires_grad=True)
        gx, gw = _autograd(lib).grad((x * x).sum(), [x, w], create_graph=True, materialize_grads=True)
        again = _autograd(lib).grad(gw.sum(), x, allow_unused=True)
        return gx, gw, gw.requires_grad, gw.is_leaf, again[0] is None

    assert_as_pytorch(program)


def test_materialized_zeros_do_not_require_grad_without_create_graph():
    def program(lib):
        x, w = lib.tensor([1.0, 2.0], requires_grad=True), lib.tensor([3.0, 4.0], requires_grad=True)
        gx, gw = _autograd(lib).grad((x * x).sum(), [x, w], materialize_grads=True)
        return gx, gw, gw.requires_grad

    assert_as_pytorch(program)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_vector_to_parameters_makes_them_views_of_the_vector(dtype):
    def program(lib):
        lib.manual_seed(0)
        model = lib.nn.Linear(2, 2) if lib is torch else __import__("nn").Linear(2, 2)
        vector = lib.arange(6.0, dtype=getattr(lib, dtype))
        _nn_utils(lib).vector_to_parameters(vector, model.parameters())
        vector.mul_(10)  # reaches the parameters: they show its memory
        loss = (model(lib.ones(1, 2, dtype=getattr(lib, dtype))) ** 2).sum()
        loss.backward()
        return model.weight, model.bias, model.weight.dtype == vector.dtype, model.weight.grad, model.bias.is_leaf

    assert_as_pytorch(program)


_SAME_LAYOUT = {  # ops whose one node has PyTorch's inputs: a grad_fn hook sees PyTorch's grad_inputs
    "x + c": lambda x, c, m: x + c, "c * x": lambda x, c, m: c * x, "x * c": lambda x, c, m: x * c,
    "x * x": lambda x, c, m: x * x, "2 * x": lambda x, c, m: 2 * x, "1 + x": lambda x, c, m: 1 + x,
    "x + 1": lambda x, c, m: x + 1, "x - 1": lambda x, c, m: x - 1, "x / 2": lambda x, c, m: x / 2,
    "2 / x": lambda x, c, m: 2 / x, "x.sub(c, alpha=2)": lambda x, c, m: x.sub(c, alpha=2),
    "x.add(c, alpha=2)": lambda x, c, m: x.add(c, alpha=2), "atan2(x, c)": lambda x, c, m: x.atan2(c),
    "atan2(c, x)": lambda x, c, m: c.atan2(x), "x.sin()": lambda x, c, m: x.sin(), "x.exp()": lambda x, c, m: x.exp(),
    "where(m, x, c)": lambda x, c, m: x.where(m, c), "x.sum()": lambda x, c, m: x.sum(),
}
_REFUSED = {  # ops whose node has other inputs than PyTorch's: a grad_fn hook is refused (a tensor hook is not)
    "x.square()": lambda x, c, m: x.square(),
    "x.lerp(c, 0.5)": lambda x, c, m: x.lerp(c, 0.5), "x.hypot(c)": lambda x, c, m: x.hypot(c),
    "addcmul(c, x, x)": lambda x, c, m: c.addcmul(x, x), "addcdiv(x, c, c + 1)": lambda x, c, m: x.addcdiv(c, c + 1),
    "x.masked_fill(m, 0.)": lambda x, c, m: x.masked_fill(m, 0.0), "x.dot(x)": lambda x, c, m: x.dot(x),
    "x @ c": lambda x, c, m: x @ c, "ones(2, 3).mv(x)": lambda x, c, m: (c * 0 + 1).expand(2, 3).mv(x),
}


def _inputs(lib):
    return (lib.tensor([0.5, 1.2, 2.0], requires_grad=True), lib.tensor([1.0, 2.0, 3.0]),
            lib.tensor([True, False, True]))


@pytest.mark.parametrize("op", sorted(_SAME_LAYOUT))
def test_a_grad_fn_hook_sees_pytorchs_grad_inputs(op):
    def program(lib):
        x, c, m = _inputs(lib)
        y, seen = _SAME_LAYOUT[op](x, c, m), []
        y.grad_fn.register_hook(lambda gi, go: seen.append([g is None for g in gi]))
        y.grad_fn.register_hook(lambda gi, go: (gi[0] * 10,) + tuple(gi[1:]))  # changes the first input's only
        y.sum().backward()
        return seen, len(y.grad_fn.next_functions), x.grad

    assert_as_pytorch(program)


@pytest.mark.parametrize("op", sorted(_REFUSED))
def test_a_grad_fn_hook_on_a_node_with_other_inputs_is_refused_and_a_tensor_hook_is_pytorchs(op):
    import autograd

    x, c, m = _inputs(autograd)
    with pytest.raises(NotImplementedError, match="register_hook"):
        _REFUSED[op](x, c, m).grad_fn.register_hook(lambda gi, go: None)

    def program(lib):
        x, c, m = _inputs(lib)
        y = _REFUSED[op](x, c, m)
        y.register_hook(lambda g: g * 10)
        y.sum().backward()
        return x.grad

    assert_as_pytorch(program)


_NUMBER_LEFT_OUT = {"x ** 3": lambda x: x ** 3, "x ** 2": lambda x: x ** 2, "x.pow(2.5)": lambda x: x.pow(2.5),
                    "1 - x": lambda x: 1 - x, "2 ** x": lambda x: 2 ** x, "2.5 ** x": lambda x: 2.5 ** x,
                    "x ** -0.5": lambda x: x ** -0.5, "x.fmod(2)": lambda x: x.fmod(2),
                    "x.remainder(2)": lambda x: x.remainder(2)}


@pytest.mark.parametrize("op", sorted(_NUMBER_LEFT_OUT))
@pytest.mark.parametrize("change", ["first", "last", "one"])
def test_a_number_pytorchs_node_does_not_count_is_left_out_of_grad_inputs(op, change):
    def program(lib):
        x = lib.tensor([0.5, 1.2, 2.0], requires_grad=True)
        y, seen = _NUMBER_LEFT_OUT[op](x), []
        y.grad_fn.register_hook(lambda gi, go: seen.append(len(gi)))
        edit = {"first": lambda gi: (gi[0] * 10,) + gi[1:], "last": lambda gi: gi[:-1] + (gi[-1] * 10,),
                "one": lambda gi: (gi[0] * 10,)}[change]
        y.grad_fn.register_hook(lambda gi, go: edit(gi))
        y.sum().backward()
        return seen, len(y.grad_fn.next_functions), x.grad

    assert_as_pytorch(program)


@pytest.mark.parametrize("write", ["zero_", "fill_", "copy_", "view", "setitem"])
def test_a_grad_fn_hook_on_an_in_place_write_is_refused(write):
    import autograd

    w = autograd.tensor([1.0, 2.0, 3.0], requires_grad=True)
    a = w * 1
    {"zero_": lambda: a.zero_(), "fill_": lambda: a.fill_(w[1]), "copy_": lambda: a.copy_(w),
     "view": lambda: a[1:].mul_(2), "setitem": lambda: a.__setitem__(0, 5.0)}[write]()
    with pytest.raises(NotImplementedError, match="in-place"):
        a.grad_fn.register_hook(lambda gi, go: None)


def test_a_grad_fn_hook_on_xlogy_is_refused():  # (its node's inputs are x and log y, PyTorch's x and y)
    import autograd

    y = autograd.tensor([0.5, 1.2], requires_grad=True).xlogy(autograd.tensor([1.5, 0.7]))
    with pytest.raises(NotImplementedError, match="xlogy"):
        y.grad_fn.register_hook(lambda gi, go: None)
