"""The explorer's own backward walk runs the engine's steps in the engine's order, with its numbers."""
import numpy as np
import pytest

import autograd
from autograd.function import edge_of
from autograd.viz import walk
from autograd.viz.trace import trace_backward

from .graphs import GRAPHS, engine_run


@pytest.mark.parametrize("name", GRAPHS)
def test_trace_runs_the_engines_steps_in_its_order_with_its_numbers(name):
    output, _ = GRAPHS[name]()
    steps, grads = trace_backward(output)
    tensors = walk(output)
    output_of = {id(t._ctx): t for t in tensors if t._ctx is not None}
    ran = engine_run(output)
    assert [step.node for step in steps] == ran
    for step in steps:
        np.testing.assert_allclose(step.g, output_of[id(step.node)].grad.numpy(), rtol=1e-6)
        for received in step.inputs:
            if received.grad is not None:
                assert received.grad.shape == received.tensor.shape  # broadcasting undone
    for tensor in tensors:
        if tensor.requires_grad:
            np.testing.assert_allclose(grads[id(edge_of(tensor))], tensor.grad.numpy(), rtol=1e-6)


def test_trace_shows_a_sum_forming_along_two_paths():
    output, params = GRAPHS["reused"]()  # c = b * b + a with b = a + a, a = 1.5: dc/da = 2b * 2 + 1 = 13
    steps, grads = trace_backward(output)
    a = params["a"]
    arrivals = [r for step in steps for r in step.inputs if r.tensor is a]
    assert [float(r.grad) for r in arrivals] == [1.0, 6.0, 6.0]
    assert [None if r.before is None else float(r.before) for r in arrivals] == [None, 1.0, 7.0]
    assert float(grads[id(edge_of(a))]) == 13.0


def test_trace_leaves_grad_and_graph_alone():
    output, params = GRAPHS["neuron"]()
    trace_backward(output)
    assert all(leaf.grad is None for leaf in params.values())
    output.backward()  # the graph was not freed
    assert params["x1"].grad.item() == pytest.approx(-1.5)


def test_trace_of_a_non_scalar_needs_the_seed():
    x = autograd.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="pass `gradient`"):
        trace_backward(x * 3)
    with pytest.raises(RuntimeError, match="gradient has shape"):
        trace_backward(x * 3, gradient=[1.0, 1.0, 1.0])
    _, grads = trace_backward(x * 3, gradient=[1.0, 0.5])
    np.testing.assert_allclose(grads[id(edge_of(x))], [3.0, 1.5])
    with pytest.raises(RuntimeError, match="does not depend on anything that requires grad"):
        trace_backward(autograd.tensor(1.0) * 2)


def test_trace_refuses_what_the_engine_refuses():
    leaf = autograd.tensor(2.0, requires_grad=True)
    with pytest.raises(RuntimeError, match="is a leaf"):
        trace_backward(leaf)
    a = autograd.tensor([1.0, 2.0], requires_grad=True)
    b = a * 1
    c = (b * b).sum()
    with autograd.no_grad():
        b.mul_(2)  # b was saved by b * b: its backward would read the new value
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        c.backward(retain_graph=True)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        trace_backward(c)
