"""Hook handles and the full backward hook of a Module (PyTorch's torch.utils.hooks, rebuilt).

A hook is a function a module calls at a fixed moment: before forward, after forward, or when the
gradients with respect to its outputs and inputs are known. `register_*_hook` returns a
`RemovableHandle`; `handle.remove()` (or leaving a `with handle:` block) unregisters the hook.

The full backward hook is built on `Tensor.register_hook` alone, as PyTorch's BackwardHook is built
on one autograd node that all of a module's inputs (or outputs) pass through:

    inputs ──join──► joined_in ──split──► forward(...) ──► outputs ──join──► joined_out ──split──► caller

`join` concatenates the flattened tensors (in their common floating dtype, which is exact both
ways) and `split` slices them back, so the gradient of `joined_out` is every grad_output at once
and the gradient of `joined_in` is every grad_input at once. A hook on `joined_out` runs the
backward pre-hooks (which may replace grad_output); a hook on the node that makes `joined_in` runs the
backward hooks (which may replace grad_input; a None for an input sends that input nothing). Only
tensors that require grad pass through the junction. As in PyTorch, an output that received no gradient
is reported as None, and every tensor input is shown a gradient (zeros where it requires none or
received none); hooks on the pieces note which received one. As in PyTorch, a piece changed in place (an output
after forward, an input inside it) is refused when backward reaches the junction: the write would bypass the hooks.
"""
import collections
import itertools
import warnings

import numpy as np

import autograd
from autograd.tensor import Tensor

_next_id = itertools.count()


class RemovableHandle:
    """Unregisters one hook: `handle.remove()`, or use the handle as a context manager."""

    def __init__(self, hooks, extra=()):
        self.id = next(_next_id)
        self.hooks = hooks  # the ordered dict id → hook the hook lives in
        self.extra = extra  # sets of ids that may hold this one (with_kwargs, always_call)

    def remove(self):
        self.hooks.pop(self.id, None)
        for ids in self.extra:
            ids.discard(self.id)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.remove()


def add_hook(hooks, hook, prepend=False, extra=()):
    """Put `hook` in the ordered dict `hooks` (first when prepend) and return its handle."""
    handle = RemovableHandle(hooks, extra)
    hooks[handle.id] = hook
    if prepend:
        hooks.move_to_end(handle.id, last=False)
    return handle


def new_hook_dict():
    return collections.OrderedDict()


class _Junction:
    """The tensors among `values` that require grad, passed through one joint autograd node.

    `joined` is the tensor whose gradient holds every such tensor's gradient; `replaced()` gives the
    values with those tensors replaced by their pieces of `joined`. An `upstream` junction (the inputs', for
    the outputs' junction) is joined too, by an empty slice: its node then always receives a gradient (zeros
    when every output's is withheld), as PyTorch's input BackwardHookFunction does."""

    def __init__(self, values, upstream=None):
        self.values = values
        self.index = [i for i, value in enumerate(values) if isinstance(value, Tensor) and value.requires_grad]
        originals = [values[i] for i in self.index]
        dtype = np.result_type(*[t.dtype for t in originals])
        self.link = () if upstream is None else (upstream.joined[:0].to(dtype),)
        self.joined = autograd.cat([t.to(dtype).reshape(-1) for t in originals] + list(self.link))
        self.shapes = [t.shape for t in originals]
        self.dtypes = [t.dtype for t in originals]
        self.bounds = np.cumsum([0] + [int(np.prod(shape, dtype=np.int64)) for shape in self.shapes])
        self.received = [False] * len(originals)
        self.pieces = [self._piece(self.joined, k) for k in range(len(originals))]
        for k, piece in enumerate(self.pieces):
            piece.register_hook(self._noter(k))
        self.nodes = [piece.grad_fn for piece in self.pieces]

    def _piece(self, joined, k):
        # (the cast comes before the reshape, so every piece is a view, whose node changes after any in-place write)
        return joined[self.bounds[k]:self.bounds[k + 1]].to(self.dtypes[k]).reshape(self.shapes[k])

    def check_unchanged(self):
        """Refuse, as PyTorch does, a piece changed in place (directly, through a view, under no_grad or via
        detach()) after it was handed out: the write would bypass the hooks and their gradients would be wrong."""
        for k, i in enumerate(self.index):
            if self.pieces[k].grad_fn is not self.nodes[k]:
                raise RuntimeError(
                    f"Output {i} of BackwardHookFunction is a view and is being modified inplace: a tensor passed "
                    "through a module's full backward hook (an output, or an input inside forward) was changed in "
                    "place (out += x, ReLU(inplace=True), y[i] = v, y.mul_(2), ...), which would make the hook's "
                    "gradients wrong. This behavior is forbidden. You can fix this by cloning it first "
                    "(out = module(x).clone()) or by using the out-of-place operation (out = out + x)."
                )

    def _noter(self, k):
        def note(grad):
            self.received[k] = True
        return note

    def replaced(self):
        """The values with each tensor that requires grad replaced by its piece (a tuple)."""
        values = list(self.values)
        for k, i in enumerate(self.index):
            values[i] = self.pieces[k]
        return tuple(values)

    def unpack(self, joined_grad, materialize):
        """One gradient per value. A tensor that requires no grad, or that received none, gets zeros
        when `materialize` (what PyTorch gives for inputs), else None (for outputs); a non-tensor None."""
        grads = [None] * len(self.values)
        if materialize:
            for i, value in enumerate(self.values):
                if isinstance(value, Tensor):
                    grads[i] = autograd.zeros(value.shape, dtype=value.dtype)
        for k, i in enumerate(self.index):
            if self.received[k] or materialize:
                grads[i] = self._piece(joined_grad, k)
        return tuple(grads)

    def pieces_of(self, grads, like):
        """`grads` (one per value) as the join's pieces (flattened, in the dtype of `like`'s): None where a value
        gets no gradient."""
        for value in grads:
            if value is not None and not isinstance(value, Tensor):  # (PyTorch's TypeError, not an AttributeError)
                raise TypeError(f"expected a Tensor or None, but a backward hook returned {type(value).__name__}")
        parts = tuple(None if grads[i] is None else grads[i].to(like[k].dtype).reshape(-1)
                      for k, i in enumerate(self.index))
        return parts + tuple(like[len(parts):])  # (the link's, unchanged)


def _requires_grad(values):
    return any(isinstance(value, Tensor) and value.requires_grad for value in values)


class BackwardHook:
    """The full backward hooks and backward pre-hooks of one call of `module`."""

    def __init__(self, module, hooks, pre_hooks):
        self.module = module
        self.hooks = list(hooks)
        self.pre_hooks = list(pre_hooks)
        self.inputs = None  # the input _Junction, or None when no input requires grad
        self.n_inputs = 0
        self.grad_outputs = None

    def setup_input_hook(self, args):
        """The arguments forward should receive (the inputs' pieces)."""
        self.n_inputs = len(args)
        if not (_requires_grad(args) and autograd.is_grad_enabled()):
            return args
        self.inputs = _Junction(args)
        self.inputs.joined.grad_fn.register_hook(self._input_hook)  # on the join's node: it may withhold a piece
        return self.inputs.replaced()

    def setup_output_hook(self, result):
        """What the caller of the module receives (the outputs' pieces)."""
        is_tuple = isinstance(result, tuple)
        values = result if is_tuple else (result,)
        if not (_requires_grad(values) and autograd.is_grad_enabled()):
            return result
        outputs = _Junction(values, upstream=self.inputs)
        outputs.joined.grad_fn.register_hook(lambda pieces, grads: self._output_hook(outputs, pieces, grads[0]))
        replaced = outputs.replaced()
        return replaced if is_tuple else replaced[0]

    def _output_hook(self, outputs, pieces, joined_grad):
        """The output join node's hook: `pieces` are what it sends to each output, joined_grad the whole."""
        outputs.check_unchanged()
        self.grad_outputs = outputs.unpack(joined_grad, materialize=False)
        for pre_hook in self.pre_hooks:
            new = pre_hook(self.module, self.grad_outputs)
            if new is None:
                continue
            if len(new) != len(self.grad_outputs):
                raise RuntimeError(f"Backward pre hook returned an invalid number of grad_output, got {len(new)}, "
                                   f"but expected {len(self.grad_outputs)}")
            self.grad_outputs = tuple(new)
        grad_outputs = self.grad_outputs
        if self.inputs is None:
            self._call_hooks_without_inputs()
        return outputs.pieces_of(grad_outputs, pieces)

    def _call_hooks_without_inputs(self):
        warnings.warn("Full backward hook is firing when gradients are computed with respect to module outputs "
                      "since no inputs require gradients.", stacklevel=2)
        grad_inputs = (None,) * self.n_inputs
        for hook in self.hooks:
            result = hook(self.module, grad_inputs, self.grad_outputs)
            if result is not None and not (isinstance(result, tuple) and all(r is None for r in result)):
                raise RuntimeError("Backward hook for Modules where no input requires gradient should always "
                                   "return None or None for all gradients.")
        self.grad_outputs = None

    def _input_hook(self, pieces, grad_outputs):
        """The join node's hook: `pieces` are what it sends to each joined input, grad_outputs[0] the whole."""
        if self.grad_outputs is None:  # the gradient reached the inputs without passing the outputs
            return None
        self.inputs.check_unchanged()
        joined_grad = grad_outputs[0]
        grad_inputs = self.inputs.unpack(joined_grad, materialize=True)
        for hook in self.hooks:
            new = hook(self.module, grad_inputs, self.grad_outputs)
            if new is None:
                continue
            if len(new) != len(grad_inputs):
                raise RuntimeError(f"Backward hook returned an invalid number of grad_input, got {len(new)}, "
                                   f"but expected {len(grad_inputs)}")
            grad_inputs = tuple(new)
        self.grad_outputs = None
        return self.inputs.pieces_of(grad_inputs, pieces)
