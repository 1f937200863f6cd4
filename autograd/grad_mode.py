"""Grad mode: whether operations record the graph that backward() walks.

`no_grad()` turns recording off (inference, optimizer updates, running statistics);
`enable_grad()` turns it back on inside a `no_grad` block; `inference_mode()` is no_grad for code
that only evaluates. They work as context managers and as decorators (of functions and of
generator functions, whose every step then runs in the mode), as in PyTorch. The mode belongs to
the thread that sets it: a `no_grad` block in an evaluation thread does not stop another thread
from recording.
"""
import functools
import inspect
import threading


class _Modes:
    """One thread's modes, read once per recorded op (`per_thread.state`)."""

    __slots__ = ("grad_enabled", "inference", "scope")

    def __init__(self):
        self.grad_enabled = True  # each thread starts with grad mode on
        self.inference = False
        self.scope = ()  # the nn.Module path that is running (see autograd/scope.py)


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
    generator) of a decorated function."""

    mode = True
    inference = None  # None: inference mode is left as it is

    def __enter__(self):
        state = per_thread.state
        self.previous = (state.grad_enabled, state.inference)
        state.grad_enabled = self.mode
        if self.inference is not None:
            state.inference = self.inference
        return self

    def __exit__(self, *exc):
        state = per_thread.state
        state.grad_enabled, state.inference = self.previous
        return False

    def clone(self):
        """A fresh context with the same mode (a decorator enters one per call)."""
        return type(self)()

    def __call__(self, fn):
        if inspect.isgeneratorfunction(fn):
            @functools.wraps(fn)
            def generator(*args, **kwargs):
                steps = fn(*args, **kwargs)
                to_send = None
                while True:  # every step of the generator runs inside the mode, as PyTorch's decorator does
                    with self.clone():
                        try:
                            value = steps.send(to_send)
                        except StopIteration as stop:
                            return stop.value
                    to_send = yield value

            return generator

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.clone():
                return fn(*args, **kwargs)

        return wrapper


class no_grad(_GradModeContext):
    """Operations inside build no graph: `with no_grad(): ...` or `@no_grad()`."""

    mode = False


class enable_grad(_GradModeContext):
    """Record the graph again, e.g. inside a `no_grad` block."""

    mode = True


class inference_mode(_GradModeContext):
    """`no_grad` for code that only evaluates (`inference_mode(False)` changes nothing).

    It differs from PyTorch's in one way: tensors made inside are ordinary tensors, where PyTorch
    makes "inference tensors" that it refuses to save for backward later."""

    def __init__(self, mode=True):
        self.enabled = bool(mode)
        if self.enabled:
            self.mode, self.inference = False, True
        else:
            self.mode, self.inference = is_grad_enabled(), None

    def __enter__(self):
        if not self.enabled:  # inference_mode(False): the mode of the block around it
            self.mode = is_grad_enabled()
        return super().__enter__()

    def clone(self):
        return inference_mode(self.enabled)


class set_grad_enabled(_GradModeContext):
    """Set grad mode to `mode`. As in PyTorch it takes effect at once, so it works as a plain call
    (`set_grad_enabled(False)`), as a `with` block (the previous mode comes back at its end) and as
    a decorator."""

    def __init__(self, mode):
        state = per_thread.state
        self.mode = bool(mode)
        self.previous = (state.grad_enabled, state.inference)
        state.grad_enabled = self.mode

    def __enter__(self):
        return self

    def clone(self):
        context = _GradModeContext()
        context.mode = self.mode
        return context

    def __call__(self, fn):
        per_thread.state.grad_enabled = self.previous[0]  # decorating a function must not change the mode now
        return super().__call__(fn)
