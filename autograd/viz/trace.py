"""Recording a backward pass step by step, as the engine runs it, without touching any .grad.

`trace_backward(output)` walks the graph exactly as `autograd.engine.run_backward` does: the
engine's topological order, reversed; each node's own `backward(grad, out)` rule run with grad
mode off; broadcasting undone by the engine's `sum_to`; gradients that reach a tensor along several
paths summed. Instead of storing into `.grad` and freeing the graph, it keeps, for every step, the
numbers a learner wants to see. tests/viz/test_trace.py checks that its order and its numbers are
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

    local: the rule's result before broadcasting is undone (None when the input needs no gradient)
    grad:  the gradient added to the input (local summed to the input's shape)
    before: the input's gradient summed so far along other paths (None on the first path)
    total: the input's gradient after this step (before + grad)
    """

    tensor: Tensor
    local: np.ndarray = None
    grad: np.ndarray = None
    before: np.ndarray = None
    total: np.ndarray = None


@dataclass
class BackwardStep:
    """One node of the backward pass: the tensor `out` it made, the gradient `g` that reached
    out (complete: every path from the output is summed), and what each of its inputs received."""

    out: Tensor
    g: np.ndarray
    inputs: list = field(default_factory=list)


def trace_backward(output, gradient=None):
    """(steps, grads): the backward steps in the engine's order, and {id(tensor): its gradient}
    for every tensor that received one (leaves and intermediates).

    gradient: the seed dL/d(output), needed when `output` is not a scalar (as for backward())."""
    if not output.requires_grad:
        raise RuntimeError("explore: the output does not depend on anything that requires grad")
    if gradient is None:
        if output._data.size != 1:
            raise RuntimeError(f"explore: the output has shape {output.shape}; pass `gradient` (a tensor of "
                               "that shape, the vector of the vector-Jacobian product) as for backward()")
        gradient = np.ones(output.shape, dtype=output.dtype)
    seed = np.array(gradient._data if isinstance(gradient, Tensor) else gradient, dtype=output.dtype)
    if seed.shape != output.shape:
        raise RuntimeError(f"explore: gradient has shape {seed.shape} but the output has shape {output.shape}")
    grads = {id(output): seed}
    steps = []
    with no_grad():
        for tensor in reversed(topological_order([output])):
            g = grads.get(id(tensor))
            if g is None:  # nothing flows through this node (the engine skips it too)
                continue
            step = BackwardStep(tensor, g)
            node = tensor._ctx
            rule_grads = node.backward(Tensor(g), tensor)
            for inp, local in zip(node.inputs, rule_grads):
                received = InputGrad(inp)
                step.inputs.append(received)
                if local is None or not inp.requires_grad:
                    continue
                received.local = local._data
                summed = local if local._data.shape == inp._data.shape else sum_to(local, inp._data.shape)
                received.grad = summed._data.astype(inp._data.dtype, copy=False)
                received.before = grads.get(id(inp))
                received.total = received.grad if received.before is None else received.before + received.grad
                grads[id(inp)] = received.total
            steps.append(step)
    return steps, grads


def local_derivatives(step):
    """For an op whose output and inputs are all single numbers: d(out)/d(input) for each input
    (None where no gradient flows), found by running its rule with g = 1."""
    node = step.out._ctx
    with no_grad():
        ones = node.backward(Tensor(np.ones_like(step.g)), step.out)
    return [None if d is None or r.grad is None else d._data for d, r in zip(ones, step.inputs)]
