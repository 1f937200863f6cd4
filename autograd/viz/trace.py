"""Recording a backward pass step by step, without touching any .grad.

`trace_backward(output)` consumes the engine's own backward walk (`autograd.engine.steps`) with the
graph retained and no hook run (a hook that counts, prints or records runs only in the user's own backward();
the numbers are the rules', before any hook's change), and keeps,
for every step, the numbers a learner wants to see: what each input received, and the sum forming
where several paths meet.
"""
from dataclasses import dataclass, field

import numpy as np

from ..engine import steps as backward_steps
from ..rules import ARRAYS
from ..tensor import Tensor
from .walk import drawn_inputs


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
    path from the output is summed), and what each of its inputs received."""

    node: object
    g: np.ndarray
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
    totals = {id(output._ctx): seed}
    recorded = []
    walk = backward_steps([output], [Tensor(seed)], retain_graph=True, sparse=False, hooks=False)
    for node, g, rule_gave, edges_got in walk:
        if edges_got is None:  # a leaf, its sum complete
            continue
        traced = BackwardStep(node, g)
        for tensor, edge, local, sent in zip(drawn_inputs(node), node.edges, rule_gave, edges_got, strict=True):
            received = InputGrad(tensor, edge)
            traced.inputs.append(received)
            if sent is None:
                continue
            received.local, received.grad = np.asarray(local), sent
            received.before = totals.get(id(edge))
            received.total = sent if received.before is None else received.before + sent
            totals[id(edge)] = received.total
        recorded.append(traced)
    return recorded, totals


def local_derivatives(step):
    """For an op whose output and inputs are all single numbers: d(out)/d(input) for each input
    (None where no gradient flows), found by running its rule with g = 1."""
    ones = step.node.backward(ARRAYS, np.ones_like(step.g))
    return [None if d is None or r.grad is None else np.asarray(d) for d, r in zip(ones, step.inputs, strict=True)]
