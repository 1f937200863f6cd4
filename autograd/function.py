"""Function: the base class of every primitive, and one node of the computation graph.

A primitive defines
  forward(*arrays) -> array           the value, on NumPy arrays
  backward(ops, g) -> gradients       dL/d(input) for each input (or None), given g = dL/d(out)
The rule is written once. An ordinary backward pass runs it on NumPy arrays (`ops` is
`autograd.rules.ARRAYS`); with create_graph=True the same text runs on Tensors (`ops` is
`autograd.rules.TENSORS`), so the backward pass is itself recorded and can be differentiated
again. Python's operators (+ - * / @ and indexing) work on both; everything else goes through `ops`.
A rule reads the values it differentiates through `ops.inputs(self)` / `ops.output(self)`; it reads
`self.inputs` (always arrays) only for constants: masks, shapes, signs. The engine undoes
broadcasting, so the rules never deal with it.

A node is an instance of its primitive class (the rule; it holds what one call saved), a tensor's `grad_fn` (`_ctx`).

A recorded node keeps
  inputs    the input arrays (the values its rule reads, and what the drawings show) — not the
            input Tensors, so a Tensor the user drops is gone (only a tensor the user named is kept,
            for the drawings, and one that asked to retain_grad());
  edges     where each input's gradient goes, fixed when the node is recorded: the node that made
            the input, the input itself if it is a leaf that requires grad, or None. An in-place
            operation later gives a tensor a new history; nodes recorded before keep their edges;
  counters, versions   each input's version counter and its value when recorded (and the output's, for rules
            that read it): backward refuses a saved value changed in place since (PyTorch's rule).
"""
import itertools
import re

import numpy as np

from . import anomaly, views
from .grad_mode import per_thread
from .tensor import VERSIONS, RemovableHook, Tensor, new_counter, version_counter


SEQUENCE = itertools.count()


def edge_of(tensor):
    """Where a gradient for `tensor` goes: the node that made it, itself for a leaf that
    requires grad, or None when no gradient is needed."""
    if tensor._ctx is not None:
        return tensor._ctx
    return tensor if tensor._requires_grad else None


class Function:
    # Slots for what every recorded node holds; the rare extras (retained, hooks, created_at) and a
    # primitive's parameters go in the instance dict, which Python makes only when one is set.
    __slots__ = ("inputs", "edges", "counters", "versions", "output", "output_counter", "output_version",
                 "last_write_seen", "scope", "sequence_nr", "__dict__", "__weakref__")

    reads_inputs = True  # the rule reads the inputs' values, not only their shapes (False: no version check)
    saves_output = False  # the backward rule reads the output's value
    is_view = False  # the output shares memory with the input (reshape, permute, basic indexing, ...)
    saves_nothing = False  # PyTorch's node saves no tensor (AddBackward0): backward can run again after free()
    add_into = None  # a sparse form of backward, for indexing (see engine.run_rule)
    retained = None  # the output tensor, when it asked to retain_grad()
    named_inputs = {}  # input position -> the input Tensor, for inputs the user gave a name (for drawings)
    named_output = None  # the output Tensor, once the user gives it a name (for drawings)
    hooks = ()  # functions registered on the output tensor (Tensor.register_hook)
    post_hooks = ()  # functions registered on the node itself (register_hook below)
    created_at = "an unknown place (anomaly mode was off during the forward pass)"

    @classmethod
    def apply(cls, *inputs, **params):
        """Run forward on the inputs' arrays and, if a gradient is needed, record this node."""
        fn = cls(**params) if params else cls()
        arrays = []
        for t in inputs:  # loops, not comprehensions, on this path: half the cost in Python 3.11
            arrays.append(t._data)
        try:
            out = fn.forward(*arrays)
        except ValueError as error:
            shapes = " and ".join(str(a.shape) for a in arrays)
            raise RuntimeError(f"{fn.label()}: invalid input shapes {shapes}: {error}") from None
        if type(out) is not np.ndarray:
            out = np.asarray(out)  # NumPy gives 0-d results as scalars
        result = Tensor(out)
        if cls.is_view and (np.may_share_memory(out, arrays[0]) or (out.size == 0 and out.base is not None)):
            views.become_view(result, inputs[0], (cls, params))
        state = per_thread.state
        if state.recording:
            fn._record(inputs, arrays, result, state.scope)
        if anomaly.state.enabled and not anomaly.state.in_backward:
            fn.created_at = anomaly.user_frame()
            anomaly.check_forward(fn, arrays, out)
        return result

    def _record(self, inputs, arrays, result, scope):
        """Make this node the history of `result`, if an input requires grad."""
        edges, needs_grad, named = [], False, None
        for t in inputs:
            if t._base is not None:
                views.refresh(t)  # first: a view whose base got a new history is recorded again
            ctx = t._ctx  # the input's edge (edge_of, inlined on this path)
            edges.append(ctx if ctx is not None else t if t._requires_grad and not t._made_without_grad else None)
            needs_grad = needs_grad or t._requires_grad
            if t._name is not None:
                named = named or {}
                named[len(edges) - 1] = t
        if not needs_grad:
            return
        if named:
            self.named_inputs = named  # the tensors the user named, kept for drawings (autograd.viz)
        kind = result._data.dtype.kind
        if kind != "f":
            if kind == "c":
                raise RuntimeError(
                    f"{self.label()}: a complex result from inputs that require grad; glassgrad does not differentiate "
                    "complex tensors (compute with the real and imaginary parts as real tensors, or detach() first)"
                )
            return  # integer and bool results have no gradient
        if self.reads_inputs:
            counters, versions = [], []
            for t in inputs:
                counter = t._counter
                if counter is None:  # a new counter is at 0 (version_counter, inlined on this path)
                    counter = t._counter = new_counter()
                counters.append(counter)
                versions.append(counter.item())
            self.counters, self.versions = tuple(counters), tuple(versions)
        self.inputs = tuple(arrays)
        self.edges = tuple(edges)
        self.last_write_seen = VERSIONS.last_write
        self.scope = scope
        self.sequence_nr = next(SEQUENCE)  # the order nodes were recorded in, as PyTorch's sequence_nr
        self.output = None
        self.set_output(result)

    def set_output(self, tensor):
        """`tensor` is this node's output from now on (when recorded, or taken over by an in-place op)."""
        if self.saves_output:
            self.output = tensor._data
            self.output_counter = version_counter(tensor)
            self.output_version = self.output_counter.item()
        if tensor._retains_grad:  # a view recorded again, or a tensor written in place, moves its retain_grad here
            tensor._ctx.retained, self.retained = None, tensor
        tensor._ctx = self
        tensor._requires_grad = True
        if tensor._name is not None:
            self.named_output = tensor

    def check_saved_versions(self):
        """Refuse to run backward on a value that was changed in place after this node saved it (the engine
        asks only when some tensor was changed in place since this node was recorded: VERSIONS)."""
        if self.reads_inputs:
            for i, (counter, version) in enumerate(zip(self.counters, self.versions, strict=True)):
                if counter.item() != version and self.reads_input(i):
                    array = self.inputs[i]
                    raise RuntimeError(self._modified_message(array.shape, array.dtype, counter.item(), version))
        if self.saves_output and self.output_counter.item() != self.output_version and self.reads_output():
            array = self.output
            raise RuntimeError(self._modified_message(array.shape, array.dtype, self.output_counter.item(),
                                                      self.output_version))

    def reads_input(self, i):
        """Whether the backward rule reads input i's value (a primitive narrows this down where
        PyTorch does, e.g. a * b reads a only to give b its gradient)."""
        return True

    def reads_output(self):
        """Whether the backward rule reads the output's value (narrowed down like reads_input)."""
        return True

    def _modified_message(self, shape, dtype, now, then):
        return ("one of the variables needed for gradient computation has been modified by an inplace operation: "
                f"[{dtype} {list(shape)}], which is saved by {self!r}, is at version {now}; expected version {then} "
                "instead. Hint: do the in-place change (or the `.data =` assignment) after backward(), or change a "
                "clone() of the tensor.")

    def register_hook(self, hook):
        """PyTorch's Node.register_hook: hook(grad_inputs, grad_outputs) runs after this node's rule, with the
        gradients it is about to send (one per input, None where nothing goes) and the one it received; it
        may return replacements, None for an input meaning that nothing is sent to it."""
        self.post_hooks = tuple(self.post_hooks) + (hook,)
        return RemovableHook(self, hook, "post_hooks")

    def needs_grad(self, i):
        """Whether input i's gradient goes anywhere (rules skip the ones that do not)."""
        return self.edges[i] is not None

    def free(self):
        """Drop the arrays held for backward (after one without retain_graph); the edges stay. A node that
        saves_nothing keeps its retained output and stand-ins of its inputs' shapes and dtypes, to run again."""
        if self.saves_nothing:  # (saves no output either): each stand-in is one read-only zero, strided to a shape
            self.inputs = tuple(np.ndarray(a.shape, a.dtype, bytes(16), 0, (0,) * a.ndim) for a in self.inputs)
            self.freed = True
        else:
            self.inputs = self.output = self.retained = None

    def forward(self, *arrays):
        raise NotImplementedError

    def backward(self, ops, g):
        raise NotImplementedError

    def label(self):
        """The op's name as drawn in graphs, e.g. 'mul' or 'sum(dim=1)'."""
        return re.sub(r"(?<!^)(?=[A-Z])", "_", type(self).__name__).lower()

    def __repr__(self):
        """PyTorch's node name: <MulBackward0> (the 0 numbers PyTorch's overload of the op)."""
        return f"<{self.pytorch_name()}Backward0>"

    def pytorch_name(self):
        """The name PyTorch gives this op's node (the class name unless PyTorch's differs)."""
        return type(self).__name__
