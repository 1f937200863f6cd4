"""Reverse-mode automatic differentiation: walk the graph backwards, apply the chain rule.

1. Sort the tensors that lead to the output topologically (an explicit stack, no recursion,
   so graphs of millions of nodes work).
2. Seed d(out)/d(out) = 1 (or the given `gradient`), then visit tensors from the output
   back to the inputs. Each node's backward rule turns the gradient of its output into
   gradients for its inputs; gradients that reach a tensor along several paths are summed.
3. Leaves accumulate into `.grad`; partial gradients are dropped as soon as they are used;
   the graph's saved tensors are freed unless `retain_graph=True`.
"""
import numpy as np

from . import anomaly
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
    summed = grad.sum(dim=axes)
    return summed if summed.shape == shape else summed.reshape(shape)


def topological_order(roots):
    """Non-leaf tensors reachable from `roots`, each after all the tensors it was made from.

    A depth-first search with an explicit stack: an entry (tensor, True) means "all of its
    inputs are placed, place it now"."""
    order, visited = [], set()
    stack = [(root, False) for root in roots if root._ctx is not None]
    while stack:
        tensor, inputs_placed = stack.pop()
        if inputs_placed:
            order.append(tensor)
            continue
        key = id(tensor)
        if key in visited:
            continue
        visited.add(key)
        inputs = tensor._ctx.inputs
        if inputs is None:
            raise RuntimeError(FREED_GRAPH_MESSAGE)
        stack.append((tensor, True))
        for t in inputs:
            if t._ctx is not None and id(t) not in visited:
                stack.append((t, False))
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
        tensor.grad = grad if tensor.grad is None else tensor.grad + grad
        return
    array = grad._data
    if tensor.grad is not None:
        array = tensor.grad._data + array
    elif not array.flags.owndata or id(array) in stored:
        array = array.copy()
    stored.add(id(array))
    tensor.grad = Tensor(array)


def run_backward(outputs, gradients, retain_graph, create_graph, capture=None):
    """The backward pass shared by Tensor.backward() and autograd.grad().

    Without `capture`, leaves accumulate into .grad. With `capture` (the ids of the tensors
    whose gradients autograd.grad() returns), gradients are collected and returned instead,
    and no .grad is touched."""
    for out in outputs:
        if not out._requires_grad:
            raise RuntimeError(
                "element 0 of tensors does not require grad and does not have a grad_fn: "
                "nothing it was computed from has requires_grad=True"
            )
    check_anomaly = anomaly._state["enabled"]
    grads = {}  # id -> gradient summed so far (a non-leaf's is complete when it is visited)
    owned = set()  # ids whose summed gradient is an array made here, free to update in place
    leaves = {}  # id -> each leaf that receives a gradient; delivered once, at the end
    collected = {}
    stored = set()

    def receive(inp, g):
        """Add the gradient g of input `inp` to what it has received so far."""
        key = id(inp)
        if key not in grads:
            grads[key] = g
            if inp._ctx is None:
                leaves[key] = inp
        elif key in owned:
            grads[key]._data += g._data
        else:
            grads[key] = grads[key] + g
            if not create_graph:
                owned.add(key)

    def gradient_buffer(inp):
        """The summed gradient of `inp` as an array owned here (zeros if it has none yet)."""
        key = id(inp)
        if key not in owned:
            buffer = np.zeros(inp._data.shape, dtype=inp._data.dtype)
            if key in grads:
                buffer += grads[key]._data
            elif inp._ctx is None:
                leaves[key] = inp
            grads[key] = Tensor(buffer)
            owned.add(key)
        return grads[key]._data

    with set_grad_enabled(create_graph):
        for out, seed in zip(outputs, gradients):
            receive(out, seed)
        order = topological_order(outputs)
        for position in range(len(order) - 1, -1, -1):
            tensor = order[position]
            order[position] = None  # let intermediates go as soon as they are done
            grad = grads.pop(id(tensor), None)
            owned.discard(id(tensor))
            if grad is None:
                continue
            if capture is not None and id(tensor) in capture:
                collected[id(tensor)] = grad
            elif tensor._retains_grad:
                _store_grad(tensor, grad, create_graph, stored)
            node = tensor._ctx
            inputs = node.inputs
            if not create_graph and hasattr(node, "add_input_grad"):  # sparse backward (indexing)
                if inputs[0]._requires_grad:
                    node.add_input_grad(gradient_buffer(inputs[0]), grad._data)
                if check_anomaly:
                    anomaly.check_backward(node, grad, 0)
            else:
                if check_anomaly:
                    with anomaly.checking_backward():
                        input_grads = node.backward(grad, tensor)
                else:
                    input_grads = node.backward(grad, tensor)
                for i in range(len(inputs)):
                    g, inp = input_grads[i], inputs[i]
                    if g is None or not inp._requires_grad:
                        continue
                    if g._data.shape != inp._data.shape:
                        g = sum_to(g, inp._data.shape)
                    if g._data.dtype != inp._data.dtype:
                        g = g.to(inp._data.dtype)
                    if check_anomaly:
                        anomaly.check_backward(node, g, i)
                    receive(inp, g)
            if not retain_graph:
                node.inputs = None
        for key, leaf in leaves.items():
            if capture is None:
                _store_grad(leaf, grads[key], create_graph, stored)
            elif key in capture:
                collected[key] = grads[key]
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
    found = run_backward([tensor], [seed], retain_graph, create_graph, {id(t): t for t in inputs})
    stored = set()
    for t in inputs:
        if id(t) in found:
            _store_grad(t, found[id(t)], create_graph, stored)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, allow_unused=False):
    """Return d(outputs)/d(inputs) as a tuple, without touching any .grad.

    With create_graph=True the returned gradients are themselves part of a graph, so they can
    be differentiated again (Hessian-vector products, gradient penalties)."""
    outputs, inputs = _as_tuple(outputs), _as_tuple(inputs)
    if grad_outputs is None:
        grad_outputs = [None] * len(outputs)
    seeds = [_seed(out, g) for out, g in zip(outputs, _as_tuple(grad_outputs))]
    for t in inputs:
        if not t.requires_grad:
            raise RuntimeError("one of the inputs does not require grad")
    retain_graph = create_graph if retain_graph is None else retain_graph
    found = run_backward(list(outputs), seeds, retain_graph, create_graph, {id(t): t for t in inputs})
    result = []
    for i, t in enumerate(inputs):
        if id(t) not in found and not allow_unused:
            raise RuntimeError(
                f"input {i} (shape {t.shape}) was not used to compute the outputs; "
                "pass allow_unused=True to get None for it"
            )
        result.append(found.get(id(t)))
    return tuple(result)
