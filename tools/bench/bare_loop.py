"""How fast could the engine be? The same primitives and NumPy calls run by a bare loop, beside the engine and
PyTorch: `python -m tools.bench.bare_loop [rounds]`.

The bare loop records a node with its arrays, its edges and its number, and walks the graph backwards with a
heap and a dict of sums: what every reverse-mode engine must do, and nothing else. It has none of the engine's
semantics: no version counters (in-place changes go unnoticed), no views, no grad mode, no hooks, no anomaly
mode, no names or module scopes for the drawings, no dtype or broadcasting checks, no freed-graph error.
The difference between it and the engine is what those semantics cost per op, in this Python; the difference
between it and "NumPy by hand" (`python -m tools.bench overhead`) is what a graph costs at all.

Workloads: per_op (y ← tanh(y·w) on 10 elements, 500 times, fwd + bwd, per op) and scalar_chain (y ← y·c,
200,000 times, fwd + bwd, the collector on), as in tools/bench/models.py. CPU time, rounds interleaved.
"""
import itertools
import statistics
import sys
import time
from heapq import heappop, heappush

import numpy as np

NUMBERS = itertools.count()


class Value:
    """A bare tensor: its array, the node that made it (None for a leaf), whether a leaf needs a gradient."""

    __slots__ = ("data", "node", "requires_grad")

    def __init__(self, data, node=None, requires_grad=False):
        self.data, self.node, self.requires_grad = data, node, requires_grad


def record(primitive, *inputs):
    """Run primitive's forward on the inputs' arrays and record its node as the output's history."""
    node = primitive()
    arrays = [value.data for value in inputs]
    out = Value(np.asarray(node.forward(*arrays)), node)
    node.inputs = tuple(arrays)
    node.edges = tuple([value.node or (value if value.requires_grad else None) for value in inputs])
    node.sequence_nr = next(NUMBERS)
    if node.saves_output:
        node.output = out.data
    return out


def unbroadcast(g, shape):
    """g summed over the axes that broadcasting added or stretched, back to `shape`."""
    g = g.sum(axis=tuple(range(g.ndim - len(shape))))
    return g.sum(axis=tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1), keepdims=True)


def backward(out):
    """{leaf Value: gradient}: the chain rule, the latest recorded node first (a heap on −number)."""
    from autograd.rules import ARRAYS

    node = out.node
    sums, owned, waiting = {node: np.ones(out.data.shape, out.data.dtype)}, set(), [(-node.sequence_nr, node)]
    while waiting:
        node = heappop(waiting)[1]
        g = sums.pop(node)
        for edge, array, gi in zip(node.edges, node.inputs, node.backward(ARRAYS, g), strict=True):
            if gi is None or edge is None:
                continue
            if gi.shape != array.shape:
                gi = unbroadcast(gi, array.shape)
            if edge not in sums:
                sums[edge] = gi
                if type(edge) is not Value:
                    heappush(waiting, (-edge.sequence_nr, edge))
            elif edge in owned:
                sums[edge] += gi
            else:
                sums[edge] = sums[edge] + gi
                owned.add(edge)
        node.inputs = node.output = None
    return sums


def per_op(engine):
    import autograd
    import torch
    from autograd.primitives import Mul, Sum, Tanh

    w0 = np.random.default_rng(0).normal(size=10).astype(np.float32)
    if engine == "torch":
        w = y = torch.tensor(w0, requires_grad=True)
        for _ in range(500):
            y = torch.tanh(y * w)
        torch.sum(y).backward()
    elif engine == "glassgrad":
        w = y = autograd.tensor(w0, requires_grad=True)
        for _ in range(500):
            y = autograd.tanh(y * w)
        autograd.sum(y).backward()
    else:
        w = y = Value(w0, requires_grad=True)
        for _ in range(500):
            y = record(Tanh, record(Mul, y, w))
        backward(record(Sum, y))
    return 1000


def scalar_chain(engine):
    import autograd
    import torch
    from autograd.primitives import Mul

    if engine == "bare loop":
        y, c = Value(np.array(1.0, np.float32), requires_grad=True), Value(np.array(1.0000001, np.float32))
        for _ in range(200_000):
            y = record(Mul, y, c)
        backward(y)
    else:
        library = torch if engine == "torch" else autograd
        x, c = library.tensor(1.0, requires_grad=True), library.tensor(1.0000001)
        y = x
        for _ in range(200_000):
            y = y * c
        y.backward()
    return 1


def main(rounds=11):
    import autograd  # noqa: F401  (imported before any timing)
    import torch

    torch.set_num_threads(1)
    engines = ("bare loop", "glassgrad", "torch")
    for workload, unit, scale in ((per_op, "µs per op", 1e6), (scalar_chain, "s", 1)):
        seconds = {engine: [] for engine in engines}
        for round_number in range(rounds):
            for engine in engines if round_number % 2 else engines[::-1]:
                times = []
                for _ in range(3 if workload is per_op else 1):  # per_op: the median of 3 steps
                    start = time.process_time()
                    per = workload(engine)
                    times.append((time.process_time() - start) / per)
                seconds[engine].append(statistics.median(times))
        print(f"{workload.__name__}: median of {rounds} rounds, ratio to PyTorch as the median of the rounds' ratios")
        for engine in engines:
            ratios = [a / b for a, b in zip(seconds[engine], seconds["torch"], strict=True)]
            print(f"  {engine:10s} {statistics.median(seconds[engine]) * scale:8.3g} {unit}   "
                  f"{statistics.median(ratios):.2f}× PyTorch ({min(ratios):.2f}–{max(ratios):.2f})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 11)
