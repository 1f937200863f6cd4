"""Function: the base class of every primitive, and one node of the computation graph.

A primitive defines
  forward(*arrays)  -> array           the value, on NumPy arrays
  backward(grad, out) -> gradients     one per input (or None), written with Tensor ops
where `grad` is dL/d(out) and `out` is the output Tensor itself. Because backward rules are
Tensor operations, running them with grad mode on records them too (create_graph=True gives
gradients of gradients). Broadcasting is undone by the engine, not by the rules.
"""
import re

import numpy as np

from . import anomaly, grad_mode, scope
from .tensor import Tensor


class Function:
    inputs = None  # the input Tensors, kept while the graph is alive
    scope = ()  # the nn.Module path that was running when the op was recorded
    created_at = "an unknown place (anomaly mode was off during the forward pass)"

    @classmethod
    def apply(cls, *inputs, **params):
        """Run forward on the inputs' arrays and, if grad is needed, record this node."""
        fn = cls(**params) if params else cls()
        arrays = [t._data for t in inputs]
        try:
            out = fn.forward(*arrays)
        except ValueError as error:
            shapes = " and ".join(str(a.shape) for a in arrays)
            raise ValueError(f"{fn.label()}: invalid input shapes {shapes}: {error}") from None
        if type(out) is not np.ndarray:
            out = np.asarray(out)
        result = Tensor(out)
        if grad_mode._state["enabled"]:
            for t in inputs:
                if t._requires_grad and out.dtype.kind == "f":
                    fn.inputs = inputs
                    fn.scope = scope._stack[-1]
                    result._requires_grad = True
                    result._ctx = fn
                    break
        if anomaly._state["enabled"] and not anomaly._state["in_backward"]:
            fn.created_at = anomaly.user_frame()
            anomaly.check_forward(fn, arrays, out)
        return result

    def forward(self, *arrays):
        raise NotImplementedError

    def backward(self, grad, out):
        raise NotImplementedError

    def label(self):
        """The op's name as drawn in graphs, e.g. 'mul' or 'sum(dim=1)'."""
        return re.sub(r"(?<!^)(?=[A-Z])", "_", type(self).__name__).lower()

    def __repr__(self):
        """PyTorch's node name: <MulBackward0> (the 0 numbers the overload; glassgrad has one)."""
        return f"<{type(self).__name__}Backward0>"
