"""What the graph keeps alive: arrays and edges, not Tensors (autograd/function.py)."""
import gc
import weakref

import numpy as np
import pytest

import autograd
from autograd import tensor


def tracked_objects_per_op(step, n=2000):
    """The objects the garbage collector tracks that each recorded op leaves alive, over n ops."""
    w = tensor(np.linspace(-1, 1, 10, dtype=np.float32), requires_grad=True)
    gc.collect()
    before = len(gc.get_objects())
    y = w
    for _ in range(n):
        y = step(y)
    gc.collect()  # tuples of arrays or ints are untracked by the collector's first pass
    return (len(gc.get_objects()) - before) / n, y


@pytest.mark.parametrize("step, ops", [
    (lambda y: y * 1.001, 1), (lambda y: y + 0.5, 1), (lambda y: y.tanh(), 1), (lambda y: y.sigmoid(), 1),
    (lambda y: -y, 1), (lambda y: (y * y).tanh(), 2), (lambda y: y.exp() * 0.1, 2), (lambda y: (y * 1).reshape(2, 5).t().reshape(10), 4),
], ids=["mul-number", "add-number", "tanh", "sigmoid", "neg", "mul-self", "exp", "reshape"])
def test_a_recorded_op_leaves_at_most_two_objects_for_the_collector(step, ops):
    per_step, y = tracked_objects_per_op(step)
    assert per_step / ops <= 2.01, per_step  # the node and its tuple of edges
    # (Indexing keeps its index too, a tuple of slices the collector tracks; a view of a view keeps the
    # ops that make it from its base.)
    y.sum().backward()  # and the graph still works


def test_an_intermediate_tensor_dies_when_the_user_drops_it():
    w = tensor([1.0, 2.0], requires_grad=True)
    h = w * 3
    y = (h * h).sum()
    dropped = weakref.ref(h)
    del h
    gc.collect()
    assert dropped() is None
    y.backward()
    np.testing.assert_allclose(w.grad.numpy(), [18.0, 36.0])  # d/dw (3w)² = 18 w


def test_backward_frees_the_saved_arrays_and_a_second_backward_says_so():
    w = tensor([1.0, 2.0], requires_grad=True)
    y = (w * w).sum()
    node, square = y.grad_fn, y.grad_fn.edges[0]
    y.backward()
    assert square.inputs is None  # w * w saved w: freed
    # the sum saved nothing but its input's shape, which it keeps as a stand-in of no memory (#19, round 9)
    assert [(a.shape, a.strides) for a in node.inputs] == [((2,), (0,))]
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        y.backward()


def test_nodes_hold_arrays_not_tensors():
    w = tensor([1.0, 2.0], requires_grad=True)
    x = tensor([3.0, 4.0])
    y = w * x
    assert all(type(a) is np.ndarray for a in y.grad_fn.inputs)
    assert y.grad_fn.edges == (w, None)  # a leaf that requires grad is its own edge; a constant has none
    assert autograd.Tensor not in {type(a) for a in y.grad_fn.inputs}
