"""The stack of modules that are running, so each recorded op knows which module made it.

`nn.Module.__call__` enters `module_scope(name)`; graph drawings group ops by this path
(e.g. ('encoder', 'fc1')) to draw a model as its architecture.
"""
import contextlib
import threading


class _ThreadState(threading.local):
    """Each thread runs its own modules: the path is kept per thread."""

    path = ()


_state = _ThreadState()


def current_scope():
    return _state.path


@contextlib.contextmanager
def module_scope(name):
    outer = _state.path
    _state.path = outer + (name,)
    try:
        yield
    finally:
        _state.path = outer
