"""The engine and Python's cyclic garbage collector: backward pauses the collector while it walks the
graph and leaves it as it found it, which is safe only because a graph holds no reference cycles:
reference counting alone frees it."""
import gc
import subprocess
import sys
import weakref
from pathlib import Path

import numpy as np
import pytest

import autograd


@pytest.fixture
def collector_off():
    """Run a test with the collector off, so that only reference counting frees objects."""
    was_on = gc.isenabled()
    gc.disable()
    yield
    if was_on:
        gc.enable()


def graph_with_views_and_in_place_ops():
    """A small graph using the engine's kinds of node: arithmetic, a view, an in-place op, indexing."""
    x = autograd.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    y = (x * 2).reshape(3, 2)
    y.mul_(3)
    z = y[1:].tanh().sigmoid().sum() + autograd.stack([x, x]).sum()
    return x, z


NO_COLLECTION = """
import gc, numpy as np, autograd
x = autograd.tensor(np.ones(3), requires_grad=True)
y = x
for _ in range(2000):  # thousands of new objects in backward: enough to trigger collections
    y = (y * 1.0001).tanh()
total = y.sum()
gc.collect()  # (the allocation count from zero: the few objects backward makes before it pauses the collector
collections = []  # could otherwise reach the threshold of a collection that the walk did not cause)
gc.callbacks.append(lambda phase, info: collections.append(phase))
total.backward()
gc.callbacks.pop()
print(collections == [] and gc.isenabled() and x.grad is not None)
"""


def test_backward_runs_no_collection_and_leaves_the_collector_on():
    """In a process of its own: gc's callbacks see every thread's collections, and the test runner's threads
    (or PyTorch's, loaded by other tests) may collect while this backward runs."""
    done = subprocess.run([sys.executable, "-c", NO_COLLECTION], capture_output=True, text=True, check=True,
                          cwd=Path(autograd.__file__).parent.parent)
    assert done.stdout.strip() == "True"


def test_backward_leaves_the_collector_off_when_it_was_off(collector_off):
    x, z = graph_with_views_and_in_place_ops()
    z.backward()
    assert not gc.isenabled()


def test_the_collector_is_back_on_after_a_backward_that_raises():
    x, z = graph_with_views_and_in_place_ops()
    z.backward()
    with pytest.raises(RuntimeError, match="retain_graph"):
        z.backward()
    assert gc.isenabled()


@pytest.mark.parametrize("retain_graph", [False, True])
def test_a_graph_is_freed_by_reference_counting_alone(collector_off, retain_graph):
    x, z = graph_with_views_and_in_place_ops()
    node = weakref.ref(z.grad_fn)
    z.backward(retain_graph=retain_graph)
    del z
    assert node() is None  # no cycle kept the graph alive


def test_an_unused_graph_is_freed_by_reference_counting_alone(collector_off):
    x, z = graph_with_views_and_in_place_ops()
    nodes = [weakref.ref(z.grad_fn)] + [weakref.ref(e) for e in z.grad_fn.edges if e is not None]
    del z
    assert all(node() is None for node in nodes)
