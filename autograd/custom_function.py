"""Custom autograd Functions, as PyTorch's `torch.autograd.Function`: the user writes forward and backward.

    class Square(autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x
        @staticmethod
        def backward(ctx, grad):              # one gradient per output in, one per forward input out
            x, = ctx.saved_tensors
            return 2 * x * grad

    y = Square.apply(x)                       # y.grad_fn is <SquareBackward>

forward runs without recording (as in PyTorch); if grad mode is on and a tensor input requires grad, one
node (CustomBackward) becomes the outputs' history. Its rule calls the user's backward with the outputs'
gradients as Tensors (recorded when the backward pass is, create_graph=True) and checks what comes back
with PyTorch's messages: one gradient per forward input, None for an input that is not a Tensor, a shape
the input's broadcasts to (the engine then sums it down).

The rule may be written as `vjp` instead of `backward` (PyTorch's other name for it; both is refused).
`ctx` offers save_for_backward / saved_tensors (refused after a backward freed them, or when a saved tensor
was changed in place since: a second backward through a node that reads none runs, as in PyTorch), needs_input_grad, mark_non_differentiable, set_materialize_grads, and any
attribute the user sets. The forward may also be written PyTorch 2's way: forward(*args) and
setup_context(ctx, inputs, output). One tensor returned at several places is one output, as in PyTorch: the
same Tensor at each place, its gradient given to backward at the last place, zeros (or None) at the others.

Differences from PyTorch, each refused or stated: ctx.mark_dirty (an in-place forward) is refused, return a
new tensor instead. With several differentiable outputs (of one dtype), they are parts of one joint result
of the node, so their grad_fn is the part's view node (SliceBackward/ViewBackward) rather than the custom
node itself; gradients are the same, and an output no gradient reached gets zeros even after
set_materialize_grads(False). An output that is an input, or a view of one, is returned as a copy: PyTorch
returns a view and refuses in-place writes to it (and backward after its base changed); with the copy such a
write changes only the tensor written, and the gradient follows the values.
"""
import inspect
import warnings

import numpy as np

from . import functional as F
from .engine import FREED_GRAPH_MESSAGE
from .function import Function as Node
from .grad_mode import no_grad, per_thread
from .functional.saved import composed
from .tensor import Tensor, version_counter


class FunctionCtx:
    """What forward and backward share (PyTorch's ctx): saved tensors, flags, and the user's attributes."""

    def __init__(self, needs_input_grad):
        self.needs_input_grad = needs_input_grad  # one bool per forward argument
        self.materialize_grads = True
        self._saved = ()
        self._saved_versions = ()
        self._non_differentiable = ()

    def save_for_backward(self, *tensors):
        """Keep tensors (or None) for backward; reading saved_tensors later checks none changed in place."""
        for t in tensors:
            if t is not None and not isinstance(t, Tensor):
                raise TypeError(f"save_for_backward can only save variables, but argument {len(self._saved)} is of "
                                f"type {type(t).__name__}")
        self._saved = tensors
        self._saved_versions = tuple(None if t is None else int(version_counter(t)) for t in tensors)

    @property
    def saved_tensors(self):
        if self._saved is None:
            raise RuntimeError(FREED_GRAPH_MESSAGE)
        for i, (t, version) in enumerate(zip(self._saved, self._saved_versions, strict=True)):
            if t is not None and int(version_counter(t)) != version:
                raise RuntimeError(
                    "one of the variables needed for gradient computation has been modified by an inplace operation: "
                    f"[{t.dtype} {list(t.shape)}], saved by save_for_backward at position {i}, is at version "
                    f"{int(version_counter(t))}; expected version {version} instead. Hint: do the in-place change "
                    "after backward(), or change a clone() of the tensor."
                )
        return tuple(self._saved)

    def mark_non_differentiable(self, *outputs):
        """These outputs get no gradient: they do not require grad, and backward receives zeros for them."""
        self._non_differentiable = tuple(outputs)

    def set_materialize_grads(self, value):
        """False: backward receives None (not zeros) for an output no gradient reached (one output: always one)."""
        self.materialize_grads = bool(value)

    def mark_dirty(self, *tensors):
        raise NotImplementedError(
            "ctx.mark_dirty: glassgrad's custom Functions cannot change their inputs in place; return a new tensor "
            "from forward instead (PyTorch allows it)"
        )


class Function:
    """Base class of custom autograd Functions: subclass it with static forward(ctx, ...) and backward(ctx, ...),
    and call `YourFunction.apply(...)` (see this module's docstring)."""

    def __init__(self, *args, **kwargs):
        warnings.warn(f"{type(self)} should not be instantiated. Methods on autograd functions are all static, so "
                      "you should invoke them on the class itself.", DeprecationWarning, stacklevel=2)

    def __call__(self, *args, **kwargs):
        raise RuntimeError("Legacy autograd function with non-static forward method is deprecated. Please use "
                           "new-style autograd function with static forward method: YourFunction.apply(...)")

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def setup_context(ctx, inputs, output):
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for your custom "
                                  "autograd.Function to use it with backward mode AD.")

    vjp = backward

    @classmethod
    def apply(cls, *args, **kwargs):
        separate_context = _overrides(cls, "setup_context")
        if kwargs:  # as PyTorch: arguments given by name count as the positional ones they bind to
            bound = inspect.signature(cls.forward).bind(*((None,) if not separate_context else ()), *args, **kwargs)
            args, kwargs = bound.args[0 if separate_context else 1:], bound.kwargs
        recording = per_thread.state.recording
        ctx = FunctionCtx(tuple(recording and isinstance(a, Tensor) and a.requires_grad for a in args))
        with no_grad():
            if separate_context:
                output = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, output)
            else:
                output = cls.forward(ctx, *args, **kwargs)
        if not any(ctx.needs_input_grad):  # (an input returned as it is comes back detached, as PyTorch's)
            outputs = tuple(o.detach() if any(o is a for a in args) else o for o in _as_outputs(output))
            return outputs if isinstance(output, tuple) else outputs[0]
        return _node_class(cls)(cls, ctx, args).record(output, [a for a in args if isinstance(a, Tensor)])


def _as_outputs(output):
    return output if isinstance(output, tuple) else (output,)


def _node_class(cls):
    """The node class of a custom Function, named as PyTorch names it: Square -> SquareBackward."""
    if "_node_class" not in vars(cls):
        cls._node_class = type(f"{cls.__name__}Backward", (CustomBackward,), {"__slots__": ()})
    return cls._node_class


def _overrides(cls, name):
    return inspect.getattr_static(cls, name) is not inspect.getattr_static(Function, name)


class CustomBackward(Node):
    """The node of one call of a custom Function: its rule is the user's backward."""

    reads_inputs = False  # saved_tensors checks the tensors the user saved
    saves_nothing = True  # after a backward only ctx.saved_tensors is freed: a second runs if backward needs none

    def __init__(self, fn_class, ctx, args):
        self.fn_class, self.ctx = fn_class, ctx
        self.tensor_positions = tuple(i for i, a in enumerate(args) if isinstance(a, Tensor))
        self.argument_count = len(args)

    def record(self, output, inputs):
        """Make this node the history of forward's output(s); returns what apply gives the caller."""
        outputs = output if isinstance(output, tuple) else (output,)
        marked = {id(t) for t in self.ctx._non_differentiable}
        last = {id(o): i for i, o in enumerate(outputs)}  # a tensor returned twice is one output, at its last place
        self.output_shapes = [o.shape if isinstance(o, Tensor) else None for o in outputs]
        self.output_dtypes = [o.dtype if isinstance(o, Tensor) else None for o in outputs]
        self.differentiable = [i for i, o in enumerate(outputs) if isinstance(o, Tensor) and id(o) not in marked
                               and o.dtype.kind == "f" and last[id(o)] == i]
        arrays = [t.detach().numpy() for t in inputs]
        results = [_unshared(o, arrays) if isinstance(o, Tensor) and last[id(o)] == i else o
                   for i, o in enumerate(outputs)]
        if len(self.differentiable) == 1:
            self._record(inputs, arrays, results[self.differentiable[0]], per_thread.state.scope)
        elif self.differentiable:
            self._record_joint(inputs, arrays, results)
        # a saved output is the output with this history, so a second derivative follows it (as PyTorch's)
        recorded = {id(o): results[last[id(o)]] for o in outputs if isinstance(o, Tensor)}
        self.ctx._saved = tuple(recorded.get(id(t), t) for t in self.ctx._saved)
        results = [recorded.get(id(o), o) for o in outputs]  # (the same Tensor at each place it was returned)
        return tuple(results) if isinstance(output, tuple) else results[0]

    def _record_joint(self, inputs, arrays, results):
        """Several differentiable outputs: the node makes one flat joint result, each output a view of its part."""
        dtypes = {results[i].dtype for i in self.differentiable}
        if len(dtypes) > 1:
            raise NotImplementedError(f"{self.fn_class.__name__}: glassgrad's custom Functions need their "
                                      f"differentiable outputs to share one dtype, got {sorted(map(str, dtypes))}")
        joint = Tensor(np.concatenate([results[i].numpy().reshape(-1) for i in self.differentiable]))
        self._record(inputs, arrays, joint, per_thread.state.scope)
        start = 0
        for i in self.differentiable:
            size = results[i].numel()
            part = F.reshape(F.getitem(joint, (slice(start, start + size),)), *results[i].shape)
            results[i] = composed(part, f"{self.fn_class.__name__} (one of its outputs)", joint)  # (no node hook)
            start += size

    def backward(self, ops, g):
        g = g if ops.records else Tensor(g)
        grads = [None] * len(self.output_shapes)
        start = 0
        for i in self.differentiable:
            size = int(np.prod(self.output_shapes[i], dtype=np.int64))
            part = g if len(self.differentiable) == 1 else F.getitem(g, (slice(start, start + size),))
            grads[i] = F.reshape(part, *self.output_shapes[i])
            start += size
        for i, shape in enumerate(self.output_shapes):
            if grads[i] is None and shape is not None and self.ctx.materialize_grads:
                grads[i] = Tensor(np.zeros(shape, dtype=self.output_dtypes[i]))  # a non-differentiable output's
        result = _users_backward(self.fn_class)(self.ctx, *grads)
        return self._checked(result if isinstance(result, tuple) else (result,), ops)

    def _checked(self, grads, ops):
        """The user's gradients, one per tensor input, checked as PyTorch checks them."""
        name = f"{self.fn_class.__name__}Backward"
        if len(grads) < self.argument_count or any(g is not None for g in grads[self.argument_count:]):
            raise RuntimeError(f"function {name} returned an incorrect number of gradients (expected "
                               f"{self.argument_count}, got {len(grads)})")
        for i, g in enumerate(grads[:self.argument_count]):
            if g is not None and not isinstance(g, Tensor):
                raise RuntimeError(f"expected Variable or None (got {type(g).__name__}): function {name} returned it "
                                   f"as the gradient at position {i}")
            if g is not None and i not in self.tensor_positions:
                raise RuntimeError(f"function {name} returned a gradient different than None at position {i + 1}, "
                                   "but the corresponding forward input was not a Variable")
        local = []
        for position, array in zip(self.tensor_positions, self.inputs, strict=True):
            g = grads[position]
            if g is not None and not _broadcasts_to(array.shape, g.shape):
                raise RuntimeError(f"Function {name} returned an invalid gradient at index {position} - got "
                                   f"{list(g.shape)} but expected shape compatible with {list(array.shape)}")
            local.append(None if g is None else g if ops.records else np.array(g.detach().numpy()))  # (a copy: the
            # user's backward may return a tensor it keeps, which must not become a leaf's .grad)
        return tuple(local)

    @property
    def saved_tensors(self):
        """What forward saved (PyTorch's grad_fn of a custom Function is its ctx)."""
        return self.ctx.saved_tensors

    @property
    def needs_input_grad(self):
        return self.ctx.needs_input_grad

    def free(self):
        super().free()
        self.ctx._saved = None

    def __repr__(self):
        return f"<{self.fn_class.__name__}Backward>"

    def label(self):
        return self.fn_class.__name__


def _users_backward(fn_class):
    """The Function's `backward`, or its `vjp` (PyTorch's other name for it) when only that one is defined."""
    backward, vjp = fn_class.backward, fn_class.vjp
    if backward is not Function.backward and vjp is not Function.vjp:
        raise RuntimeError("Implementing both 'backward' and 'vjp' for a custom Function is not allowed. You should "
                           "only implement one of them.")
    return backward if vjp is Function.vjp else vjp


def _unshared(output, input_arrays):
    """The output, detached from forward's own history; a copy where it shares memory with an input (an
    input returned as-is, or a view of one), so that a later in-place write to either cannot silently change
    the other behind the graph's back (PyTorch makes it a view and refuses those writes)."""
    array = output.detach().numpy()
    if any(np.may_share_memory(array, other) for other in input_arrays):
        return Tensor(array.copy())
    return output.detach()


def _broadcasts_to(shape, target):
    """Whether an array of `shape` broadcasts to `target` (the gradient may then be summed down to shape)."""
    if len(shape) > len(target):
        return False
    return all(n == m or n == 1 for n, m in zip(shape, target[len(target) - len(shape):], strict=True))
