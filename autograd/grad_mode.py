"""Grad mode: whether operations record the graph that backward() walks.

`no_grad()` turns recording off (inference, optimizer updates, running statistics);
`enable_grad()` turns it back on inside a `no_grad` block; `inference_mode()` is no_grad for code
that only evaluates (inside it, enable_grad records nothing either). They work as context
managers and as decorators, with or without parentheses, of functions and of generator functions
(whose every step, throw and close then runs in the mode), as in PyTorch. The mode belongs to the
thread that sets it: a `no_grad` block in an evaluation thread does not stop another thread from
recording.
"""
import threading

from .decorators import decorate


class _Modes:
    """One thread's modes, read once per op (`per_thread.state`): ops are recorded when `recording`,
    that is grad mode is on and inference mode off."""

    __slots__ = ("grad_enabled", "inference", "recording", "scope")

    def __init__(self):
        self.set(True, False)  # each thread starts with grad mode on
        self.scope = ()  # the nn.Module path that is running (see autograd/scope.py)

    def set(self, grad_enabled, inference):
        self.grad_enabled, self.inference = grad_enabled, inference
        self.recording = grad_enabled and not inference


class _PerThread(threading.local):
    def __init__(self):
        self.state = _Modes()


per_thread = _PerThread()


def is_grad_enabled():
    """True when new operations are being recorded for backpropagation (in this thread)."""
    return per_thread.state.grad_enabled


def is_inference_mode_enabled():
    return per_thread.state.inference


class _GradModeContext:
    """Sets grad mode to `self.mode` inside a `with` block, and around each call (or each step of a
    generator) of a decorated function. `@no_grad` works without parentheses too."""

    mode = True

    def __new__(cls, *args, **kwargs):
        if len(args) == 1 and callable(args[0]) and not kwargs and cls in (no_grad, enable_grad):
            return decorate(args[0], cls)  # @no_grad without parentheses
        return super().__new__(cls)

    def __enter__(self):
        state = per_thread.state
        self.previous = (state.grad_enabled, state.inference)
        state.set(self.mode, state.inference)  # inside inference mode, nothing is recorded whatever the mode
        return None

    def __exit__(self, *exc):
        per_thread.state.set(*self.previous)
        return False

    def clone(self):
        """A fresh context with the same mode (a decorator enters one per call)."""
        return type(self)()

    def __call__(self, fn):
        return decorate(fn, self.clone)


class no_grad(_GradModeContext):
    """Operations inside build no graph: `with no_grad(): ...`, `@no_grad()` or `@no_grad`."""

    mode = False


class enable_grad(_GradModeContext):
    """Record the graph again, e.g. inside a `no_grad` block (not inside inference_mode)."""

    mode = True


class inference_mode(_GradModeContext):
    """`no_grad` for code that only evaluates; `inference_mode(False)` turns it off again, with grad
    mode on. `@inference_mode` works without parentheses.

    It differs from PyTorch's in one way: tensors made inside are ordinary tensors, where PyTorch
    makes "inference tensors" that it refuses to save for backward later."""

    def __new__(cls, mode=True):
        if callable(mode) and not isinstance(mode, bool):
            return decorate(mode, cls)  # @inference_mode without parentheses
        return object.__new__(cls)

    def __init__(self, mode=True):
        self.enabled = bool(mode)

    def __enter__(self):
        state = per_thread.state
        self.previous = (state.grad_enabled, state.inference)
        state.set(not self.enabled, self.enabled)
        return None

    def clone(self):
        return inference_mode(self.enabled)


class set_grad_enabled(_GradModeContext):
    """Set grad mode to `mode` (a bool), at once, as PyTorch's: a plain call, a `with` block (at its end grad mode
    is what it was at the call; inference mode is left as it is then) or a decorator."""

    def __new__(cls, mode):
        return object.__new__(cls)

    def __init__(self, mode):
        if not isinstance(mode, bool):
            raise TypeError(f"set_grad_enabled(): argument 'mode' must be bool, not {type(mode).__name__}")
        self.mode, self.previous = mode, per_thread.state.grad_enabled
        per_thread.state.set(mode, per_thread.state.inference)

    def __enter__(self):
        per_thread.state.set(self.mode, per_thread.state.inference)

    def __exit__(self, *exc):
        per_thread.state.set(self.previous, per_thread.state.inference)

    def clone(self):  # (a new one: it sets the mode now and restores, at its end, the mode of now; PyTorch's)
        return set_grad_enabled(self.mode)

    def __call__(self, fn):
        self.__exit__()  # decorating a function must not change the mode now
        return super().__call__(fn)
