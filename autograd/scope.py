"""The stack of modules that are running, so each recorded op knows which module made it.

`nn.Module.__call__` enters `module_scope(name)`; graph drawings group ops by this path
(e.g. ('encoder', 'fc1')) to draw a model as its architecture.
"""
import contextlib

_stack = [()]


def current_scope():
    return _stack[-1]


@contextlib.contextmanager
def module_scope(name):
    _stack.append(_stack[-1] + (name,))
    try:
        yield
    finally:
        _stack.pop()
