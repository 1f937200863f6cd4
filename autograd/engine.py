"""Reverse-mode automatic differentiation: walk the graph backwards, apply the chain rule.

1. Sort the nodes that lead to the output topologically (an explicit stack, no recursion,
   so graphs of millions of nodes work).
2. Seed d(out)/d(out) = 1 (or the given `gradient`), then visit nodes from the output back to
   the inputs. Each node's backward rule turns the gradient of its output into gradients for
   its inputs, which travel along its edges; gradients that arrive along several paths are summed.
3. Leaves accumulate into `.grad`; partial gradients are dropped as soon as they are used;
   the graph's saved tensors are freed unless `retain_graph=True`.
"""
import contextlib
import gc

import numpy as np

from . import anomaly
from .function import Function, edge_of
from .primitives import Reshape, Sum
from .grad_mode import set_grad_enabled
from .tensor import Tensor, as_array

FREED_GRAPH_MESSAGE = (
    "Trying to backward through the graph a second time (or to use a graph whose saved "
    "tensors were already freed). Specify retain_graph=True on the first backward() or "
    "autograd.grad() call if you need to backward through the graph again."
)


def sum_to(grad, shape):
    """Undo broadcasting: sum `grad` over the axes along which an input of `shape` was broadcast.

    Leading axes that broadcasting added are summed away, then axes where the input had size 1."""
    shape = tuple(shape)
    if grad.shape == shape:
        return grad
    lead = grad.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, n in enumerate(shape) if n == 1 and grad.shape[lead + i] != 1
    )
    summed = Sum.apply(grad, axis=axes) if axes else grad
    return summed if summed._data.shape == shape else Reshape.apply(summed, shape=shape)


def topological_order(roots):
    """The nodes reachable from the `roots` nodes, each after all the nodes that feed it.

    A depth-first search with an explicit stack: an entry (node, True) means "all of its
    inputs' nodes are placed, place it now"."""
    order, visited = [], set()
    stack = [(root, False) for root in roots]
    while stack:
        node, inputs_placed = stack.pop()
        if inputs_placed:
            order.append(node)
            continue
        if node in visited:  # nodes hash by identity
            continue
        visited.add(node)
        if node.inputs is None:
            raise RuntimeError(FREED_GRAPH_MESSAGE)
        stack.append((node, True))
        for edge in node.edges:
            if isinstance(edge, Function) and edge not in visited:
                stack.append((edge, False))
    return order


def _seed(output, gradient):
    if gradient is None:
        if output._data.size != 1:
            raise RuntimeError(
                f"grad can be implicitly created only for scalar outputs, but this output has "
                f"shape {output.shape}; pass `gradient` (a tensor of that shape) to backward()"
            )
        return Tensor(np.ones(output.shape, dtype=output.dtype))
    if not (isinstance(gradient, Tensor) and gradient.requires_grad):  # a differentiable seed stays in its graph
        gradient = Tensor(np.array(as_array(gradient), dtype=output.dtype))  # a copy: .grad never aliases it
    if gradient.shape != output.shape:
        raise RuntimeError(
            f"gradient has shape {gradient.shape} but the output has shape {output.shape}; they must match"
        )
    return gradient


def _store_grad(tensor, grad, create_graph, stored):
    """Accumulate into tensor.grad, PyTorch's rule for leaves (and retain_grad tensors).

    Without create_graph the array stored must belong to this tensor alone, so that an in-place
    change of one .grad (gradient clipping, say) cannot reach another: a view, or an array
    already stored on another tensor, is copied. `stored` holds the ids of arrays given out."""
    if create_graph:
        tensor._grad = grad if tensor._grad is None else tensor._grad + grad
        return
    array = grad._data
    if tensor._grad is not None:
        array = tensor._grad._data + array
    elif not array.flags.owndata or id(array) in stored:
        array = array.copy()
    stored.add(id(array))
    tensor._grad = Tensor(array)


@contextlib.contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector (for the whole process) while a graph is walked.

    The graph holds no reference cycles (a node refers to its inputs and their nodes, never to its
    output), so reference counting frees it as the walk goes; the collector would only rescan the
    millions of objects of a large graph. It is turned back on at the end if it was on."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def run_backward(outputs, gradients, retain_graph, create_graph, capture=None):
    """The backward pass shared by Tensor.backward() and autograd.grad().

    Gradients are keyed by where they go: a node (for a tensor an op made) or a leaf tensor (both
    hash by identity). Without `capture`, leaves accumulate into .grad. With `capture` (the edges
    whose gradients autograd.grad() returns: edge_of(tensor)), gradients are collected and returned
    instead, and no .grad is touched."""
    for out in outputs:
        if not out._requires_grad:
            raise RuntimeError(
                "element 0 of tensors does not require grad and does not have a grad_fn: "
                "nothing it was computed from has requires_grad=True"
            )
    check_anomaly = anomaly._state.enabled
    grads = {}  # edge -> gradient summed so far (a node's is complete when it is visited)
    owned = set()  # edges whose summed gradient is an array made here, free to update in place
    leaves = []  # each leaf that receives a gradient, in order; delivered once, at the end
    collected = {}
    stored = set()

    def receive(edge, g):
        """Add the gradient g arriving along `edge` to what it has received so far."""
        if edge not in grads:
            grads[edge] = g
            if not isinstance(edge, Function):
                leaves.append(edge)
        elif edge in owned:
            grads[edge]._data += g._data
        else:
            grads[edge] = grads[edge] + g
            if not create_graph:
                owned.add(edge)

    def gradient_buffer(edge, like):
        """The summed gradient along `edge` as an array owned here (zeros shaped like `like` if none yet)."""
        if edge not in owned:
            buffer = np.zeros(like._data.shape, dtype=like._data.dtype)
            if edge in grads:
                buffer += grads[edge]._data
            elif not isinstance(edge, Function):
                leaves.append(edge)
            grads[edge] = Tensor(buffer)
            owned.add(edge)
        return grads[edge]._data

    with set_grad_enabled(create_graph), collector_paused():
        roots = []
        for out, seed in zip(outputs, gradients):
            edge = edge_of(out)
            receive(edge, seed)
            if isinstance(edge, Function):
                roots.append(edge)
        order = topological_order(roots)
        for position in range(len(order) - 1, -1, -1):
            node = order[position]
            order[position] = None  # let nodes go as soon as they are done
            grad = grads.pop(node, None)
            if grad is None:
                continue
            owned.discard(node)
            if capture is not None and node in capture:
                collected[node] = grad
            elif node.retained is not None:
                _store_grad(node.retained, grad, create_graph, stored)
            node.check_saved_versions()
            inputs, edges = node.inputs, node.edges
            if not create_graph and node.add_input_grad is not None:  # sparse backward (indexing)
                if edges[0] is not None:
                    node.add_input_grad(gradient_buffer(edges[0], inputs[0]), grad._data)
                if check_anomaly:
                    anomaly.check_backward(node, grad, 0)
            else:
                out = node.output() if node.saves_output else None
                if check_anomaly:
                    with anomaly.checking_backward():
                        input_grads = node.backward(grad, out)
                else:
                    input_grads = node.backward(grad, out)
                for i in range(len(inputs)):
                    g, edge = input_grads[i], edges[i]
                    if g is None or edge is None:
                        continue
                    inp = inputs[i]
                    if g._data.shape != inp._data.shape:
                        g = sum_to(g, inp._data.shape)
                    if g._data.dtype != inp._data.dtype:
                        g = g.to(inp._data.dtype)
                    if check_anomaly:
                        anomaly.check_backward(node, g, i)
                    receive(edge, g)
            if not retain_graph:
                node.free()
        for leaf in leaves:
            if capture is None:
                _store_grad(leaf, grads[leaf], create_graph, stored)
            elif leaf in capture:
                collected[leaf] = grads[leaf]
    return collected


def _as_tuple(x):
    return tuple(x) if isinstance(x, (list, tuple)) else (x,)


def backward(tensor, gradient=None, retain_graph=None, create_graph=False, inputs=None):
    """Accumulate d(tensor)/d(leaf) into .grad of every leaf that requires grad.

    `gradient` is needed when `tensor` is not a scalar (the vector in a vector-Jacobian product).
    `inputs` restricts accumulation to those tensors."""
    retain_graph = create_graph if retain_graph is None else retain_graph
    seed = _seed(tensor, gradient)
    if inputs is None:
        run_backward([tensor], [seed], retain_graph, create_graph)
        return
    inputs = _as_tuple(inputs)
    if not inputs:
        raise RuntimeError("'inputs' argument to backward() cannot be empty.")
    _check_differentiable(inputs)
    found = run_backward([tensor], [seed], retain_graph, create_graph, {edge_of(t) for t in inputs})
    stored = set()
    for t in inputs:
        if edge_of(t) in found:
            _store_grad(t, found[edge_of(t)], create_graph, stored)


def _check_differentiable(inputs):
    for i, t in enumerate(inputs):
        if not isinstance(t, Tensor):
            raise TypeError(f"input {i} is a {type(t).__name__}, not a Tensor")
        if not t._requires_grad:
            raise RuntimeError(f"input {i} (shape {list(t.shape)}) does not require grad")


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, allow_unused=False):
    """Return d(outputs)/d(inputs) as a tuple, without touching any .grad.

    With create_graph=True the returned gradients are themselves part of a graph, so they can
    be differentiated again (Hessian-vector products, gradient penalties)."""
    outputs, inputs = _as_tuple(outputs), _as_tuple(inputs)
    grad_outputs = [None] * len(outputs) if grad_outputs is None else _as_tuple(grad_outputs)
    if len(grad_outputs) != len(outputs):
        raise RuntimeError(
            f"grad requires one grad_output per output: got {len(outputs)} outputs and {len(grad_outputs)} grad_outputs"
        )
    if not inputs:
        raise RuntimeError("grad requires at least one input")
    seeds = [_seed(out, g) for out, g in zip(outputs, grad_outputs)]
    _check_differentiable(inputs)
    retain_graph = create_graph if retain_graph is None else retain_graph
    found = run_backward(list(outputs), seeds, retain_graph, create_graph, {edge_of(t) for t in inputs})
    result = []
    for i, t in enumerate(inputs):
        if edge_of(t) not in found and not allow_unused:
            raise RuntimeError(
                f"input {i} (shape {list(t.shape)}) was not used to compute the outputs; "
                "pass allow_unused=True to get None for it"
            )
        result.append(found.get(edge_of(t)))
    return tuple(result)
