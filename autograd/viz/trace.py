"""Recording a backward pass step by step, as the engine runs it, without touching any .grad.

`trace_backward(output)` walks the graph exactly as `autograd.engine.run_backward` does: the
engine's topological order of the nodes, reversed; each node's saved versions checked and its own
`backward(grad, out)` rule run with grad mode off; broadcasting undone by the engine's `sum_to`;
gradients sent along each node's edges and summed where several paths meet. Instead of storing
into `.grad` and freeing the graph, it keeps, for every step, the numbers a learner wants to see. tests/viz/test_trace.py checks that its order and its numbers are
the engine's.
"""
from dataclasses import dataclass, field

import numpy as np

from ..engine import sum_to, topological_order
from ..grad_mode import no_grad
from ..tensor import Tensor


@dataclass
class InputGrad:
    """What one input of an op receives at one backward step.

    tensor: the input; edge: where its gradient goes (the node that made it, or the leaf itself)
    local:  the rule's result before broadcasting is undone (None when the input needs no gradient)
    grad:   the gradient added along the edge (local summed to the input's shape)
    before: the gradient summed so far along other paths (None on the first path)
    total:  the gradient after this step (before + grad)
    """

    tensor: Tensor
    edge: object = None
    local: np.ndarray = None
    grad: np.ndarray = None
    before: np.ndarray = None
    total: np.ndarray = None


@dataclass
class BackwardStep:
    """One node of the backward pass: the gradient `g` that reached its output (complete: every
    path from the output is summed), the output as its rule reads it (`out`, or None), and what
    each of its inputs received."""

    node: object
    g: np.ndarray
    out: Tensor = None
    inputs: list = field(default_factory=list)


def trace_backward(output, gradient=None):
    """(steps, grads): the backward steps in the engine's order, and {id(edge): gradient} for every
    node and leaf that received one (`autograd.function.edge_of(tensor)` is a tensor's edge).

    gradient: the seed dL/d(output), needed when `output` is not a scalar (as for backward())."""
    if not output.requires_grad:
        raise RuntimeError("explore: the output does not depend on anything that requires grad")
    if output._ctx is None:
        raise RuntimeError("explore: the output is a leaf (no op made it): there is no backward pass to step through")
    if gradient is None:
        if output._data.size != 1:
            raise RuntimeError(f"explore: the output has shape {output.shape}; pass `gradient` (a tensor of "
                               "that shape, the vector of the vector-Jacobian product) as for backward()")
        gradient = np.ones(output.shape, dtype=output.dtype)
    seed = np.array(gradient._data if isinstance(gradient, Tensor) else gradient, dtype=output.dtype)
    if seed.shape != output.shape:
        raise RuntimeError(f"explore: gradient has shape {seed.shape} but the output has shape {output.shape}")
    grads = {id(output._ctx): seed}
    steps = []
    with no_grad():
        for node in reversed(topological_order([output._ctx])):
            g = grads.get(id(node))
            if g is None:  # nothing flows through this node (the engine skips it too)
                continue
            node.check_saved_versions()
            step = BackwardStep(node, g, node.output() if node.saves_output else None)
            rule_grads = node.backward(Tensor(g), step.out)
            for inp, edge, local in zip(node.inputs, node.edges, rule_grads):
                received = InputGrad(inp, edge)
                step.inputs.append(received)
                if local is None or edge is None:
                    continue
                received.local = local._data
                summed = local if local._data.shape == inp._data.shape else sum_to(local, inp._data.shape)
                received.grad = summed._data.astype(inp._data.dtype, copy=False)
                received.before = grads.get(id(edge))
                received.total = received.grad if received.before is None else received.before + received.grad
                grads[id(edge)] = received.total
            steps.append(step)
    return steps, grads


def local_derivatives(step):
    """For an op whose output and inputs are all single numbers: d(out)/d(input) for each input
    (None where no gradient flows), found by running its rule with g = 1."""
    with no_grad():
        ones = step.node.backward(Tensor(np.ones_like(step.g)), step.out)
    return [None if d is None or r.grad is None else d._data for d, r in zip(ones, step.inputs)]
