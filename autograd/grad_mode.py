"""Grad mode: whether operations record the graph that backward() walks.

`no_grad()` turns recording off (inference, optimizer updates, running statistics);
`enable_grad()` turns it back on inside a `no_grad` block. Both work as context managers
and as decorators, as in PyTorch.
"""
import functools

_state = {"enabled": True}


def is_grad_enabled():
    """True when new operations are being recorded for backpropagation."""
    return _state["enabled"]


class set_grad_enabled:
    """Set grad mode to `mode` inside a `with` block (or a decorated function)."""

    def __init__(self, mode):
        self.mode = bool(mode)
        self.previous = []

    def __enter__(self):
        self.previous.append(_state["enabled"])
        _state["enabled"] = self.mode
        return self

    def __exit__(self, *exc):
        _state["enabled"] = self.previous.pop()
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.__class__(self.mode):
                return fn(*args, **kwargs)

        return wrapper


class no_grad(set_grad_enabled):
    """Operations inside build no graph: `with no_grad(): ...` or `@no_grad()`."""

    def __init__(self):
        super().__init__(False)

    def __call__(self, fn):
        return set_grad_enabled(False)(fn)


class enable_grad(set_grad_enabled):
    """Record the graph again, e.g. inside a `no_grad` block."""

    def __init__(self):
        super().__init__(True)

    def __call__(self, fn):
        return set_grad_enabled(True)(fn)
