"""optimizer.zero_grad(set_to_none=False) with a .grad that is a view, expanded, or in a graph, against PyTorch's.

Was (hostile20d C1): "Can't detach views in-place" for a .grad that is a slice of a flat gradient buffer, a
transposed or an expanded tensor, where PyTorch zeroes it in place (the buffer becomes 0)."""
import types

import numpy as np
import pytest

import autograd
import nn
import optim

torch = pytest.importorskip("torch")

GLASS = types.SimpleNamespace(nn=nn, optim=optim, ones=autograd.ones, tensor=autograd.tensor, no_grad=autograd.no_grad)
TORCH = types.SimpleNamespace(nn=torch.nn, optim=torch.optim, ones=torch.ones, tensor=torch.tensor,
                              no_grad=torch.no_grad)
OPTIMIZERS = ("SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta")


def outcome(run):
    try:
        return run()
    except RuntimeError as error:
        return "RuntimeError", str(error).split(".")[0]


def flat_buffer_grads(lib, name):
    """Every .grad a view of one flat buffer; backward accumulates into it; zero_grad zeroes the buffer."""
    model = lib.nn.Linear(3, 2)
    with lib.no_grad():
        model.weight.copy_(lib.tensor([[0.5, -0.25, 0.75], [-1.0, 0.125, 0.3]]))
    flat = lib.ones(8) * 0.5
    start = 0
    for param in model.parameters():
        param.grad = flat[start:start + param.numel()].view_as(param)
        start += param.numel()
    opt = getattr(lib.optim, name)(model.parameters(), lr=0.1)
    model(lib.ones(4, 3)).sum().backward()
    accumulated = flat.tolist()
    before = model.weight.detach().numpy().copy()
    opt.step()
    opt.zero_grad(set_to_none=False)
    return accumulated, flat.tolist(), model.weight.grad.tolist(), model.weight.detach().numpy() - before


def transposed_grad(lib):
    param = lib.nn.Parameter(lib.ones(2, 3))
    big = lib.ones(3, 2)
    param.grad = big.t()
    lib.optim.SGD([param], lr=0.1).zero_grad(set_to_none=False)
    return big.tolist(), param.grad.tolist()


def expanded_grad(lib):
    param = lib.nn.Parameter(lib.ones(3))
    param.grad = lib.tensor(2.0).expand(3)
    opt = lib.optim.SGD([param], lr=0.1)
    opt.step()
    stepped = param.detach().tolist()
    opt.zero_grad(set_to_none=False)
    return stepped, param.grad.tolist()


def grad_in_a_graph(lib):
    """create_graph=True: the .grad has a grad_fn; it is cut from the graph, then zeroed (the same object)."""
    param = lib.nn.Parameter(lib.ones(3))
    (param ** 2).sum().backward(create_graph=True)
    grad = param.grad
    lib.optim.SGD([param], lr=0.1).zero_grad(set_to_none=False)
    return param.grad.tolist(), param.grad.requires_grad, param.grad is grad, param.grad.grad_fn is None


def view_of_a_graph(lib):
    """A .grad that is a view with a history: both refuse to detach it in place."""
    w = lib.ones(2, 3, requires_grad=True)
    h = w * 2
    param = lib.nn.Parameter(lib.ones(3))
    param.grad = h[0]
    lib.optim.SGD([param], lr=0.1).zero_grad(set_to_none=False)
    return param.grad.tolist()


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("name", OPTIMIZERS)
def test_grads_viewing_one_flat_buffer_are_zeroed_in_it(name):
    glass, reference = flat_buffer_grads(GLASS, name), flat_buffer_grads(TORCH, name)
    assert glass[:3] == reference[:3]
    assert glass[1] == [0.0] * 8
    np.testing.assert_allclose(glass[3], reference[3], rtol=1e-5)  # the step read the accumulated view


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("case", [transposed_grad, expanded_grad, grad_in_a_graph, view_of_a_graph])
def test_other_grads_as_pytorch(case):
    assert outcome(lambda: case(GLASS)) == outcome(lambda: case(TORCH))


def test_module_and_optimizer_zero_grad_agree():
    for zero in (lambda model, opt: model.zero_grad(set_to_none=False),
                 lambda model, opt: opt.zero_grad(set_to_none=False)):
        model = nn.Linear(2, 1)
        flat = autograd.ones(3)
        model.weight.grad, model.bias.grad = flat[:2].view(1, 2), flat[2:]
        zero(model, optim.SGD(model.parameters(), lr=0.1))
        assert flat.tolist() == [0.0, 0.0, 0.0] and model.bias.grad.tolist() == [0.0]
