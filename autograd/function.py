"""Function: the base class of every primitive, and one node of the computation graph.

A primitive defines
  forward(*arrays)  -> array           the value, on NumPy arrays
  backward(grad, out) -> gradients     one per input (or None), written with Tensor ops
where `grad` is dL/d(out) and `out` is the output Tensor (given only to primitives that say
`saves_output`). Because backward rules are Tensor operations, running them with grad mode on
records them too (create_graph=True gives gradients of gradients). Broadcasting is undone by the
engine, not by the rules.

A recorded node keeps
  inputs   the input Tensors (their values, for rules that read them: `saves_inputs`)
  edges    where each input's gradient goes, fixed when the node is recorded: the node that
           made the input, the input itself if it is a leaf that requires grad, or None.
           An in-place operation later gives a tensor a new history; nodes recorded before
           it keep their edges, so their gradients follow the old value's history.
and the versions of the tensors it saved: if one was changed in place before backward,
backward refuses to use it (PyTorch's rule) instead of computing a wrong gradient.
"""
import re

import numpy as np

from . import anomaly, grad_mode, scope, views
from .tensor import Tensor, VersionCounter, version_counter


def edge_of(tensor):
    """Where a gradient for `tensor` goes: the node that made it, itself for a leaf that
    requires grad, or None when no gradient is needed."""
    if tensor._ctx is not None:
        return tensor._ctx
    return tensor if tensor._requires_grad else None


class Function:
    saves_inputs = True  # the backward rule reads the inputs' values
    saves_output = False  # the backward rule reads the output's value
    is_view = False  # the output shares memory with the input (reshape, permute, basic indexing, ...)

    inputs = None  # the input Tensors, kept while the graph is alive
    retained = None  # the output tensor, when it asked to retain_grad()
    add_input_grad = None  # a sparse form of backward, for GetItem (see the engine)
    scope = ()  # the nn.Module path that was running when the op was recorded
    created_at = "an unknown place (anomaly mode was off during the forward pass)"

    @classmethod
    def apply(cls, *inputs, **params):
        """Run forward on the inputs' arrays and, if grad is needed, record this node."""
        fn = cls(**params) if params else cls()
        arrays = []
        for t in inputs:  # loops, not list comprehensions, on this path: half the cost in Python 3.11
            arrays.append(t._data)
        try:
            out = fn.forward(*arrays)
        except ValueError as error:
            shapes = " and ".join(str(a.shape) for a in arrays)
            raise ValueError(f"{fn.label()}: invalid input shapes {shapes}: {error}") from None
        if type(out) is not np.ndarray:
            out = np.asarray(out)  # NumPy gives 0-d results as scalars
        result = Tensor(out)
        if cls.is_view and np.may_share_memory(out, arrays[0]):
            views.become_view(result, inputs[0], (cls, params))
        if grad_mode._state.enabled:
            fn._record(inputs, result)
        if anomaly._state.enabled and not anomaly._state.in_backward:
            fn.created_at = anomaly.user_frame()
            anomaly.check_forward(fn, arrays, out)
        return result

    def _record(self, inputs, result):
        """Make this node the history of `result`, if an input requires grad."""
        edges, versions, needs_grad = [], [], False
        for t in inputs:
            if t._base is not None:
                views.refresh(t)  # first: a view whose base got a new history is recorded again
            edges.append(edge_of(t))
            versions.append(t._version.value)
            needs_grad = needs_grad or t._requires_grad
        if not needs_grad:
            return
        kind = result._data.dtype.kind
        if kind != "f":
            if kind == "c":
                raise RuntimeError(
                    f"{self.label()}: a complex result from inputs that require grad; glassgrad does not differentiate "
                    "complex tensors (compute with the real and imaginary parts as real tensors, or detach() first)"
                )
            return  # integer and bool results have no gradient
        self.inputs = inputs
        self.edges = tuple(edges)
        self.last_write_seen = VersionCounter.last_write
        if self.saves_inputs:
            self.saved_versions = tuple(versions)  # ints only: the GC stops tracking it
        self.scope = scope._state.path
        self.set_output(result)

    def set_output(self, tensor):
        """`tensor` is this node's output from now on (when recorded, or taken over by an in-place op)."""
        if self.saves_output:
            self.saved_output = tensor._data
            self.output_counter = version_counter(tensor)
            self.output_version = self.output_counter.value
        tensor._ctx = self
        tensor._requires_grad = True

    def output(self):
        """The output as a Tensor for the backward rule. While a graph of the backward pass is being
        recorded (create_graph) it is this node's output, so gradients of gradients flow through it."""
        out = Tensor(self.saved_output)
        if grad_mode._state.enabled:
            out._ctx, out._requires_grad = self, True
        return out

    def check_saved_versions(self):
        """Refuse to run backward on a value that was changed in place after this node saved it."""
        if VersionCounter.last_write == self.last_write_seen:
            return  # nothing at all was changed in place since this node was recorded
        if self.saves_inputs:
            for i, (t, version) in enumerate(zip(self.inputs, self.saved_versions)):
                if t._version.value != version and self.reads_input(i):
                    raise RuntimeError(self._modified_message(t.shape, t.dtype, t._version.value, version))
        if self.saves_output and self.output_counter.value != self.output_version and self.reads_output():
            out = self.saved_output
            raise RuntimeError(self._modified_message(out.shape, out.dtype, self.output_counter.value, self.output_version))

    def reads_input(self, i):
        """Whether the backward rule reads input i's value (a primitive narrows this down where
        PyTorch does, e.g. a * b reads a only to give b its gradient)."""
        return True

    def reads_output(self):
        """Whether the backward rule reads the output's value (narrowed down like reads_input)."""
        return True

    def _modified_message(self, shape, dtype, now, then):
        return (
            "one of the variables needed for gradient computation has been modified by an inplace operation: "
            f"[{dtype} {list(shape)}], which is saved by {self!r}, is at version {now}; expected version {then} "
            "instead. Hint: do the in-place change after backward(), or change a clone() of the tensor."
        )

    def free(self):
        """Drop what this node holds for backward (after a backward without retain_graph). Its edges
        stay, so the graph's structure can still be walked."""
        self.inputs = None
        self.saved_output = None
        self.retained = None

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
