"""The stack of modules that are running, so each recorded op knows which module made it.

`nn.Module.__call__` enters `module_scope(name)`; graph drawings group ops by this path
(e.g. ('encoder', 'fc1')) to draw a model as its architecture. Each thread runs its own modules:
the path is kept with the thread's grad mode (autograd/grad_mode.py).
"""
import contextlib

from .grad_mode import per_thread


def current_scope():
    return per_thread.state.scope


@contextlib.contextmanager
def module_scope(name):
    state = per_thread.state
    outer = state.scope
    state.scope = outer + (name,)
    try:
        yield
    finally:
        state.scope = outer
