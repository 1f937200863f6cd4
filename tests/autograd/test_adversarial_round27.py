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
