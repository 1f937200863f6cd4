"""Grad mode: whether operations record the graph that backward() walks.

`no_grad()` turns recording off (inference, optimizer updates, running statistics);
`enable_grad()` turns it back on inside a `no_grad` block. Both work as context managers
and as decorators, as in PyTorch. The mode belongs to the thread that sets it: a `no_grad`
block in an evaluation thread does not stop another thread from recording.
"""
import functools
import threading


class _ThreadState(threading.local):
    enabled = True  # each thread starts with grad mode on


_state = _ThreadState()


def is_grad_enabled():
    """True when new operations are being recorded for backpropagation (in this thread)."""
    return _state.enabled


class _GradModeContext:
    """Sets grad mode to `self.mode` inside a `with` block, and around each call of a decorated function."""

    mode = True

    def __enter__(self):
        self.previous = _state.enabled
        _state.enabled = self.mode
        return self

    def __exit__(self, *exc):
        _state.enabled = self.previous
        return False

    def __call__(self, fn):
        mode = self.mode

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            previous = _state.enabled
            _state.enabled = mode
            try:
                return fn(*args, **kwargs)
            finally:
                _state.enabled = previous

        return wrapper


class no_grad(_GradModeContext):
    """Operations inside build no graph: `with no_grad(): ...` or `@no_grad()`."""

    mode = False


class enable_grad(_GradModeContext):
    """Record the graph again, e.g. inside a `no_grad` block."""

    mode = True


class set_grad_enabled(_GradModeContext):
    """Set grad mode to `mode`. As in PyTorch it takes effect at once, so it works as a plain call
    (`set_grad_enabled(False)`), as a `with` block (the previous mode comes back at its end) and as
    a decorator."""

    def __init__(self, mode):
        self.mode = bool(mode)
        self.previous = _state.enabled
        _state.enabled = self.mode

    def __enter__(self):
        return self

    def __call__(self, fn):
        _state.enabled = self.previous  # decorating a function must not change the mode now
        return super().__call__(fn)
