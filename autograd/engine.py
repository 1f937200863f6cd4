"""Reverse-mode automatic differentiation: walk the graph backwards, apply the chain rule.

Seed d(out)/d(out) = 1 (or the given `gradient`), then run the nodes that received a gradient, the most recently
recorded first (PyTorch's order): a node's inputs were recorded before it, so by its turn every path from the
outputs has arrived. Each rule turns the gradient of a node's output into gradients for its inputs, which travel
along its edges and are summed where paths meet; a leaf gets its sum once no node left can send it more. No
recursion: graphs of millions of nodes work.

`steps()` is that walk, one step at a time: backward(), autograd.grad() and the explorer (autograd.viz) use it.
"""
import gc
import itertools
from heapq import heappop, heappush
from operator import attrgetter

import numpy as np

from . import anomaly
from .function import Function, edge_of
from .grad_mode import set_grad_enabled
from .primitives import ToDtype, sum_to
from .rules import ARRAYS, TENSORS
from .tensor import VERSIONS, Tensor, bump_version

FREED_GRAPH_MESSAGE = ("Trying to backward through the graph a second time (or to use a graph whose saved tensors "
                       "were already freed). Specify retain_graph=True on the first backward() or autograd.grad() "
                       "call if you need to backward through the graph again.")


def reachable(roots):
    """The nodes the `roots` nodes lead to, each once (an explicit stack: no recursion)."""
    found, stack = set(roots), list(roots)
    while stack:
        node = stack.pop()
        yield node
        for edge in node.edges:
            if isinstance(edge, Function) and edge not in found:  # nodes hash by identity
                found.add(edge)
                stack.append(edge)


def topological_order(roots):
    """The nodes reachable from `roots` as recorded: each after the nodes feeding it (which exist before it)."""
    return sorted(reachable(roots), key=attrgetter("sequence_nr"))


def leading_to(roots, wanted):
    """The nodes under `roots` that lead to a `wanted` edge: given inputs, PyTorch runs only these."""
    leading, reached = set(), set(wanted)
    for node in topological_order(roots):  # each after the nodes it leads to
        if any(edge in reached for edge in node.edges):
            leading.add(node)
            reached.add(node)
    return leading


def leaf_turns(roots):
    """{leaf: (-sequence_nr, 1 + edge number) of the last node and edge sending it a gradient}: its sum's end."""
    turns = {}
    for node in reachable(roots):
        for i, edge in enumerate(node.edges, 1):
            if isinstance(edge, Tensor):
                turns[edge] = max(turns.get(edge, (-node.sequence_nr, i)), (-node.sequence_nr, i))
    return turns


class Gradients:
    """The gradients summed so far, keyed by where they go: a node or a leaf tensor (by identity).

    Without create_graph (`records` False) a sum is made once as a new array and then added to in
    place: an array that arrived is never written into, since it may be shared (Add sends the same g
    to both its inputs). For an edge that receives g1, g2, g3 in turn:
        add(g1): sums = g1            (stored as it came)
        add(g2): sums = g1 + g2       (a new array, owned here)
        add(g3): sums += g3           (in place, into the array owned here)
    `buffer` gives the owned array at once, for indexing's sparse backward (engine.run_rule).

    `waiting` holds what received a gradient, the latest recorded node first (a heap on -sequence_nr,
    PyTorch's ready queue): a node's inputs are recorded before it, so by its turn its sum is complete.
    A leaf waits for its turn (leaf_turns: after the node completing it, in its edge order) or else for the end."""

    def __init__(self, records, turns, runs=None, inputs=()):
        self.records, self.turns = records, turns
        self.sums, self.owned = {}, set()  # owned: the edges whose sum is an array made here
        self.needed = None if runs is None else runs | set(inputs)  # given inputs: the edges a gradient goes to
        self.waiting = []  # (-sequence_nr, 0, node) and (*turn or (0, 1), arrival number, leaf)
        self.arrivals = itertools.count(1)

    def arrived(self, edge):
        """The first gradient for `edge` arrived: it waits for its turn."""
        if isinstance(edge, Tensor):
            heappush(self.waiting, (*self.turns.get(edge, (0, 1)), next(self.arrivals), edge))
        else:
            heappush(self.waiting, (-edge.sequence_nr, 0, edge))

    def add(self, edge, g):
        sums = self.sums
        if edge not in sums:
            sums[edge] = g
            self.arrived(edge)
        elif edge in self.owned:
            sums[edge] += g
        else:
            sums[edge] = sums[edge] + g if self.records else np.asarray(sums[edge] + g)  # (0-d: an array)
            if not self.records:
                self.owned.add(edge)

    def buffer(self, edge, shape, dtype):
        """The sum for `edge` as an array made here, to add into in place (zeros if nothing arrived)."""
        if edge not in self.owned:
            total = np.zeros(shape, dtype)
            if edge in self.sums:
                total += self.sums[edge]
            else:
                self.arrived(edge)
            self.sums[edge] = total
            self.owned.add(edge)
        return self.sums[edge]


def steps(outputs, seeds, retain_graph=False, create_graph=False, sparse=True, inputs=None, hooks=True):
    """The backward pass from `outputs` (seeded with `seeds`), one tuple (target, g, local, sent) a step:
    `target` (a node, or a leaf tensor) has received its whole gradient `g`; its rule gave `local[i]` for
    input i, and `sent[i]` (local[i] summed back to input i's shape and dtype) went along edge i (None: a leaf).
    Given `inputs` (edges), only what leads to them runs: no other node's rule, hooks or retained grad. hooks=False
    runs no hook at all (the explorer's recording: hooks run only in the user's own backward).

    Gradients are arrays (Tensors under create_graph); `sparse` lets indexing add into its input's gradient in place."""
    ops = TENSORS if create_graph else ARRAYS
    with set_grad_enabled(bool(create_graph)), collector_paused():
        edges = [edge_of(out) for out in outputs]
        roots = [edge for edge in edges if isinstance(edge, Function)]
        runs = None if inputs is None else leading_to(roots, inputs)
        grads = Gradients(create_graph, leaf_turns(roots) if Tensor.leaf_hooks_seen else {}, runs, inputs)  # (turns: hooks)
        for edge, seed in zip(edges, seeds, strict=True):
            grads.add(edge, seed if create_graph else seed._data)
        waiting = grads.waiting
        while waiting:
            node = heappop(waiting)[-1]  # the latest recorded of the nodes that received a gradient
            g = grads.sums.pop(node)  # (it stays in grads.owned: nothing arrives after its turn)
            if runs is not None and node not in runs and node not in inputs:
                continue  # given inputs, only what leads to them runs (PyTorch's rule)
            if isinstance(node, Tensor) or runs is not None and node not in runs:  # a leaf, or an input whose rule
                found = (node._hooks if isinstance(node, Tensor) else node.hooks) if hooks else ()  # need not run:
                yield node, (run_hooks(found, g, create_graph) if found else g), None, None  # its sum is complete
                continue
            if node.inputs is None:
                raise RuntimeError(FREED_GRAPH_MESSAGE)
            if node.hooks and hooks:
                g = run_hooks(node.hooks, g, create_graph)
            if node.last_write_seen != VERSIONS.last_write:  # something was changed in place since it was recorded
                node.check_saved_versions()
            yield (node, g, *run_rule(node, ops, g, grads, sparse, hooks))
            if not (retain_graph or retain_graph is None and create_graph):  # (None: retained for a create_graph)
                node.free()


def run_rule(node, ops, g, grads, sparse, hooks=True):
    """Apply node's rule to g and send each input its gradient, summed back to the input's shape
    and dtype. Returns what the rule gave and what was sent along each edge."""
    if sparse and node.add_into is not None and not ops.records and not node.post_hooks and node.edges[0] is not None:
        # Indexing adds g into its input's gradient in place: L slices of one tensor cost O(L), not L full arrays.
        edge, array = node.edges[0], node.inputs[0]
        node.add_into(grads.buffer(edge, array.shape, array.dtype), g)
        return (None,), (None,)
    checking = anomaly.state.enabled
    if checking:
        with anomaly.checking_backward():
            local = node.backward(ops, g)
    else:
        local = node.backward(ops, g)
    sent = []
    for edge, array, gi in zip(node.edges, node.inputs, local, strict=True):
        if gi is not None and edge is not None:
            if gi.shape != array.shape:
                gi = sum_to(ops, gi, array.shape)
            if gi.dtype is not array.dtype and gi.dtype != array.dtype:  # (`is`: the common case, cheaply)
                gi = ops(ToDtype, gi, dtype=array.dtype)
            if type(gi) is not np.ndarray and not ops.records:
                gi = np.asarray(gi)  # NumPy gives 0-d results as scalars
        sent.append(None if edge is None or grads.needed is not None and edge not in grads.needed else gi)
    if node.post_hooks and hooks:  # (as PyTorch's, they see the gradients as sent: in the inputs' shapes and dtypes)
        sent = run_node_hooks(node, sent, g, ops)
    for i, (edge, gi) in enumerate(zip(node.edges, sent, strict=True)):
        if gi is not None:
            if checking:
                anomaly.check_backward(node, ops.array(gi), i)
            grads.add(edge, gi)
    return local, sent


def run_hooks(hooks, g, create_graph):
    """g after the hooks registered on its tensor (Tensor.register_hook), each given the gradient
    as a Tensor and free to return a replacement."""
    for hook in hooks:
        given = g if create_graph else Tensor(g)
        result = hook(given)
        result = given if result is None else result  # (None: the gradient it was given, whose .data it may rebind)
        if not isinstance(result, Tensor) or result.shape != g.shape or result.dtype != g.dtype:
            raise (RuntimeError if isinstance(result, Tensor) else TypeError)(f"a hook returned {result!r} for a "
                f"gradient of shape {tuple(g.shape)} and type {g.dtype}: it must return None or a Tensor of those")
        g = result if create_graph else result._data
    return g if create_graph else np.array(g)  # (a copy: a hook may keep the gradient it saw or returned)


def run_node_hooks(node, sent, g, ops):
    """What node sends its inputs, after the hooks registered on the node (Function.register_hook)."""
    as_tensor = (lambda x: x) if ops.records else (lambda x: None if x is None else Tensor(np.asarray(x)))
    for hook in node.post_hooks:
        given = tuple(as_tensor(x) for x in sent)
        result = hook(given, (as_tensor(g),))
        result = given if result is None else result  # (None: the gradients it was given, whose .data it may rebind)
        if not isinstance(result, tuple) or len(result) != len(sent):  # (PyTorch's types: a list is refused too)
            raise (RuntimeError if isinstance(result, tuple) else TypeError)(f"a hook on {node!r} returned "
                f"{type(result).__name__} {result!r}: expected a tuple of {len(sent)} gradients, one per input")
        for b, a in zip(sent, result, strict=True):  # (None where None was given, else a Tensor of the input's shape)
            if a is not None and not (isinstance(a, Tensor) and b is not None and a.shape == b.shape):
                raise (RuntimeError if isinstance(a, Tensor) else TypeError)(f"a hook on {node!r} returned {a!r}, "
                    f"not None or a Tensor of its input's shape {'(None given)' if b is None else tuple(b.shape)}")
        sent = tuple(a if a is None or ops.records else a._data.astype(b.dtype, copy=False)  # (PyTorch casts)
                     for b, a in zip(sent, result, strict=True))
    return sent if ops.records else tuple(None if x is None else np.array(x) for x in sent)  # (copies, as above)


class collector_paused:
    """Pause Python's cyclic garbage collector (for the whole process) while a graph is walked: the graph
    holds no reference cycles (but through a tensor that retains its grad or was named, which backward frees),
    so reference counting frees it as the walk goes; the collector would only rescan millions of objects."""

    def __enter__(self):
        self.was_on = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        if self.was_on:
            gc.enable()


def backward(tensor, gradient=None, retain_graph=None, create_graph=False, inputs=None):
    """Accumulate d(tensor)/d(leaf) into .grad of every leaf that requires grad.

    `gradient` is needed when `tensor` is not a scalar (the vector in a vector-Jacobian product); a list of
    tensors (with a list of gradients) is one walk from all (torch.autograd.backward). `inputs` restricts
    accumulation to those tensors (a non-leaf among them retains its grad from now on, as in PyTorch)."""
    outputs = [tensor] if isinstance(tensor, Tensor) else list(tensor)  # (a list, a tuple, any iterable)
    gradients = [None] * len(outputs) if gradient is None else _as_tuple(gradient)
    _check_outputs(outputs)
    seeds = [_seed(out, g) for out, g in zip(outputs, gradients, strict=False)]  # (each checked, then the count)
    if len(gradients) != len(outputs):
        raise RuntimeError(f"got {len(outputs)} tensors and {len(gradients)} gradients")
    wanted = None if inputs is None else {edge_of(t): t if t.is_leaf else t.retain_grad() for t in _inputs(inputs, "backward")}
    stored = {id(seed._data) for seed in seeds}  # (a seed that requires grad is not copied: .grad never aliases it)
    for target, g, _, _ in steps(outputs, seeds, retain_graph, create_graph, inputs=wanted):
        if wanted is not None and target in wanted:
            into = wanted[target]
        elif isinstance(target, Tensor):  # a leaf (not if detach_() was called on it since)
            into = target if wanted is None and target._requires_grad else None
        else:
            into = target.retained
        if into is not None:
            _store_grad(into, g, create_graph, stored)
            into._run_post_accumulate_grad_hooks()  # (bound in autograd/pytorch/tensor_surface.py)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, allow_unused=None,
         materialize_grads=False):
    """Return d(outputs)/d(inputs) as a tuple. No leaf's .grad changes; a tensor that called retain_grad()
    gets its gradient, as in PyTorch. With create_graph=True the returned gradients are themselves part of a
    graph, so they can be differentiated again. Unused inputs: an error, None (allow_unused), 0 (materialize_grads)."""
    if materialize_grads and allow_unused is False:
        raise ValueError("materialize_grads=True needs allow_unused to be True or not passed, not allow_unused=False")
    outputs, inputs = _as_tuple(outputs), _inputs(inputs, "grad")
    grad_outputs = [None] * len(outputs) if grad_outputs is None else _as_tuple(grad_outputs)
    _check_outputs(outputs)
    seeds = [_seed(out, g) for out, g in zip(outputs, grad_outputs, strict=False)]  # (each checked, then the count)
    if len(grad_outputs) != len(outputs):
        raise RuntimeError(f"grad requires one grad_output per output: got {len(outputs)} outputs and "
                           f"{len(grad_outputs)} grad_outputs")
    wanted, found = {edge_of(t) for t in inputs}, {}  # (found: the gradients of the wanted edges)
    for target, g, _, _ in steps(list(outputs), seeds, retain_graph, create_graph, inputs=wanted):
        if target in wanted:
            found[target] = g if create_graph else Tensor(g)
        if not isinstance(target, Tensor) and target.retained is not None:  # (a copy: never the g returned)
            _store_grad(target.retained, g if create_graph else np.array(g), create_graph, set())
    result = []
    for i, t in enumerate(inputs):
        if edge_of(t) not in found and not (allow_unused or materialize_grads):
            raise RuntimeError(f"input {i} (shape {list(t.shape)}) was not used to compute the outputs; pass "
                               "allow_unused=True to get None for it")
        zeros = Tensor(np.zeros_like(t._data), requires_grad=bool(create_graph)) if materialize_grads else None
        result.append(found.get(edge_of(t), zeros))  # (with create_graph, zeros that require grad, as PyTorch's)
    return tuple(result)


def _store_grad(tensor, g, create_graph, stored):
    """Accumulate g into tensor.grad, PyTorch's rule for leaves (and retain_grad tensors).

    Without create_graph the array stored must belong to this tensor alone, so that an in-place
    change of one .grad (gradient clipping, say) cannot reach another: a view, or an array
    already given to another tensor, is copied. `stored` holds the ids of arrays given out."""
    if create_graph:  # a recorded copy, as PyTorch's clone: never a view of another gradient
        tensor._grad = ToDtype.apply(g, dtype=g.dtype) if tensor._grad is None else tensor._grad + g
        return
    existing = tensor._grad
    if existing is not None:
        if existing._data.shape != np.shape(g):
            raise RuntimeError(f"cannot accumulate a gradient of shape {tuple(np.shape(g))} into .grad of shape "
                               f"{tuple(existing._data.shape)} (did .data or .grad change shape after the forward pass?)")
        if not existing._data.flags.writeable or tensor._ctx is not None:  # (one in the graph, or a retained
            tensor._grad = Tensor(existing._data + g)  # non-leaf's: a new sum, as PyTorch)
        else:  # in place, as PyTorch: a reference to a leaf's .grad taken before sees the sum
            existing._data += g
            bump_version(existing)
        return
    if type(g) is not np.ndarray or not (g.flags.owndata and g.flags.c_contiguous) or id(g) in stored:
        g = np.array(g, order="C")  # (row-major, as the leaf's own layout: p.grad.view(-1) works, as in PyTorch)
    stored.add(id(g))
    tensor._grad = Tensor(g)


def _check_outputs(outputs):
    for i, out in enumerate(outputs):
        if not (isinstance(out, Tensor) and out.requires_grad):  # (the property: a view catches up, views.refresh)
            raise (RuntimeError if isinstance(out, Tensor) else TypeError)(f"element {i} of tensors ({type(out).__name__}"
                ") does not require grad and does not have a grad_fn: nothing it was computed from has requires_grad")


def _seed(output, gradient):
    """d(output)/d(output): ones for a scalar output, else the `gradient` the caller gives."""
    if gradient is None:
        if output._data.size != 1:
            raise RuntimeError(f"grad can be implicitly created only for scalar outputs, but this output has shape "
                               f"{output.shape}; pass `gradient` (a tensor of that shape) to backward()")
        return Tensor(np.ones(output._data.shape, dtype=output._data.dtype))
    if not isinstance(gradient, Tensor):
        raise TypeError(f"gradients can be either Tensors or None, but got {type(gradient).__name__}")
    if not gradient._requires_grad:  # (a differentiable seed stays in its graph)
        gradient = Tensor(np.array(gradient._data, dtype=output._data.dtype))  # a copy: .grad never aliases it
    if gradient.shape != output.shape:
        raise RuntimeError(f"gradient has shape {gradient.shape} but the output has shape {output.shape}; must match")
    return gradient


def _as_tuple(x):
    return (x,) if x is None or isinstance(x, Tensor) else tuple(x)


def _inputs(inputs, caller):
    """The tensors whose gradients `caller` is asked for, checked."""
    inputs = _as_tuple(inputs)
    if not inputs:
        raise RuntimeError(f"'inputs' argument to {caller}() cannot be empty.")
    for i, t in enumerate(inputs):
        if not isinstance(t, Tensor):
            raise TypeError(f"input {i} is a {type(t).__name__}, not a Tensor")
        if not t.requires_grad:  # (the property: a view first catches up with its base)
            raise RuntimeError(f"input {i} (shape {list(t.shape)}) does not require grad")
    return inputs
