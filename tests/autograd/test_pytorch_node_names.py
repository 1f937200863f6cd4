"""Node names and output numbers as PyTorch's for the views composed from GetItem / Permute
(autograd/functional/named_views.py) and float16 times or over a number (functional/arithmetic.py), with the
values and gradients unchanged: checked against PyTorch and finite differences."""
import numpy as np
import pytest

import autograd

torch = pytest.importorskip("torch")

PIECES = {
    "t": lambda T, a: a.t(),
    "t of a vector": lambda T, a: a[0].t(),
    "T": lambda T, a: a.T,
    "transpose": lambda T, a: a.transpose(0, 1),
    "swapaxes": lambda T, a: a.swapaxes(0, 1),
    "mT": lambda T, a: a.mT,
    "split": lambda T, a: a.split(2)[1],
    "split, dim 1": lambda T, a: a.split(1, dim=1)[1],
    "split with sizes": lambda T, a: a.split([1, 3])[1],
    "chunk": lambda T, a: a.chunk(2)[1],
    "chunk, more than there are": lambda T, a: a.chunk(3)[-1],
    "unbind": lambda T, a: a.unbind()[2],
    "unbind, dim -1": lambda T, a: a.unbind(-1)[1],
    "index_select": lambda T, a: a.index_select(0, T.tensor([3, 0, 3])),
    "index_select, dim 1": lambda T, a: a.index_select(1, T.tensor([1])),
}


def _run(T, make):
    a = T.tensor(np.arange(8.0).reshape(4, 2), requires_grad=True)
    piece = make(T, a * 1)
    nodes = [(None if node is None else node.name(), number) for node, number in (piece * 1).grad_fn.next_functions]
    (piece * T.tensor(np.arange(1.0, piece.numel() + 1).reshape(piece.shape))).sum().backward()
    return piece.grad_fn.name(), nodes, piece.tolist(), a.grad.tolist()


@pytest.mark.parametrize("name", PIECES)
def test_views_name_pytorchs_node_and_output_number_and_keep_their_gradient(name):
    assert _run(autograd, PIECES[name]) == _run(torch, PIECES[name])


def test_a_scalars_t_and_index_select_name_pytorchs_nodes():
    for make in (lambda T, s: s.t(), lambda T, s: s.index_select(0, T.tensor([0]))):
        names = [make(T, T.tensor(2.0, requires_grad=True) * 1).grad_fn.name() for T in (torch, autograd)]
        assert names[1] == names[0]


@pytest.mark.parametrize("index", [[], [0, 0]])
def test_index_select_of_a_scalar_takes_one_position_as_in_pytorch(index):
    for T in (torch, autograd):
        with pytest.raises(RuntimeError, match="only 1 value"):
            T.tensor(2.0).index_select(0, T.tensor(index, dtype=T.int64))


def test_the_pieces_of_a_split_are_views_that_writes_go_through():
    for T in (torch, autograd):
        a = T.zeros(4)
        first, second = a.split(2)
        second.add_(1)
        a.unbind()[0].fill_(5)
        assert a.tolist() == [5, 0, 1, 1] and first.tolist() == [5, 0]


def test_the_named_views_pass_gradcheck_with_a_second_derivative():
    x = autograd.tensor(np.random.default_rng(0).normal(size=(3, 4)), requires_grad=True)

    def f(x):
        pieces = x.split([1, 3], dim=1)
        return (pieces[1].t() ** 2).sum() * x.unbind()[1].sum() + x.index_select(1, autograd.tensor([2, 2])).exp().sum()

    assert autograd.gradcheck(f, (x,))
    gx, = autograd.grad(f(x), x, create_graph=True)
    assert gx.requires_grad and autograd.gradcheck(lambda x: autograd.grad(f(x), x, create_graph=True)[0].sum(), (x,))


@pytest.mark.parametrize("op", ["x * n", "n * x", "x / n", "x * b", "x / b"])
@pytest.mark.parametrize("number", [3.3, 0.7, 1e-3, 1000.0])
def test_float16_with_a_number_gives_pytorchs_node_values_and_input_gradient(op, number):
    values = np.random.default_rng(1).uniform(-10, 10, 500).astype(np.float16)

    def run(T):
        x, b = T.tensor(values, requires_grad=True), T.tensor(number, requires_grad=True)
        y = {"x * n": lambda: x * number, "n * x": lambda: number * x, "x / n": lambda: x / number,
             "x * b": lambda: x * b, "x / b": lambda: x / b}[op]()
        y.backward(T.ones(y.shape, dtype=y.dtype))
        nodes = [(None if node is None else node.name()) for node, _ in y.grad_fn.next_functions]
        return y.grad_fn.name(), nodes, str(y.dtype), y.detach().numpy(), x.grad.numpy(), b.grad

    glass, expected = run(autograd), run(torch)
    assert glass[:3] == (expected[0], expected[1], str(expected[2]).removeprefix("torch."))
    np.testing.assert_array_equal(glass[3], expected[3])
    np.testing.assert_array_equal(glass[4], expected[4])
    if op == "x * b":  # (x / b: b's gradient is computed in float32 here, in float16 by PyTorch: its docstring)
        np.testing.assert_array_equal(glass[5].numpy(), expected[5].numpy())


def test_float16_times_a_float16_scalar_tensor_records_one_node_as_in_pytorch():
    names = []
    for T in (torch, autograd):
        x, s = T.ones(2, dtype=T.float16, requires_grad=True), T.tensor(3.3, dtype=T.float16, requires_grad=True)
        names.append([None if n is None else n.name() for n, _ in (x * s).grad_fn.next_functions])
    assert names[1] == names[0]


@pytest.mark.parametrize("count", [2, 3])
@pytest.mark.parametrize("reached_first", ["first", "last"])
def test_hooks_of_leaves_completed_by_one_node_run_in_its_edge_order_as_in_pytorch(count, reached_first):
    """(With four or more such leaves PyTorch's order is its heap's (cat of 4: 0, 2, 1, 3); glassgrad keeps
    the edge order.)"""
    def run(T):
        leaves = [T.full((2,), float(i), requires_grad=True) for i in range(count)]
        order = []
        for i, leaf in enumerate(leaves):
            leaf.register_hook(lambda g, i=i: order.append(i))
        joined = T.cat(leaves)  # recorded first: the last node to send each leaf a gradient
        later = sum((leaf * 2).sum() for leaf in (leaves if reached_first == "first" else leaves[::-1]))
        (joined.sum() + later).backward()
        return order

    assert run(autograd) == run(torch)
