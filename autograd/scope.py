"""The stack of modules that are running, so each recorded op knows which module made it.

`nn.Module.__call__` enters `module_scope(name)`; graph drawings group ops by this path
(e.g. ('encoder', 'fc1')) to draw a model as its architecture. Each thread runs its own modules:
the path is kept with the thread's grad mode (autograd/grad_mode.py).

Each name in the path is a `ModuleCall`: a str equal to the name that also knows which call of the module it
was, so the explorer can tell apart the 165 calls of one RNN cell (equal names, different calls), and which
module it was (a weak reference), so the explorer can name a parameter 'fc1.weight' without being given names.
"""
import contextlib
import itertools
import weakref

from .grad_mode import per_thread

_calls = itertools.count()


class ModuleCall(str):
    """A module's name in a scope path; `call` numbers the calls of every module, in the order they began;
    `module` is a weak reference to the module called (None for a scope the code names, such as 'step 3')."""

    def __new__(cls, name, module=None):
        part = super().__new__(cls, name)
        part.call = next(_calls)
        part.module = None if module is None else weakref.ref(module)
        return part


def current_scope():
    return per_thread.state.scope


@contextlib.contextmanager
def module_scope(name, module=None):
    state = per_thread.state
    outer = state.scope
    state.scope = outer + (ModuleCall(name, module),)
    try:
        yield
    finally:
        state.scope = outer
