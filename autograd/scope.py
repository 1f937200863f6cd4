"""The stack of modules that are running, so each recorded op knows which module made it.

`nn.Module.__call__` enters `module_scope(name)`; graph drawings group ops by this path
(e.g. ('encoder', 'fc1')) to draw a model as its architecture. Each thread runs its own modules:
the path is kept with the thread's grad mode (autograd/grad_mode.py).

Each name in the path is a `ModuleCall`: a str equal to the name that also knows which call of the module it
was, so the explorer can tell apart the 165 calls of one RNN cell (equal names, different calls), and which
module it was (a weak reference), so the explorer can name a parameter 'fc1.weight' without being given names.

A function composed of several ops names itself the same way (`module_scope("cross_entropy")`), so that a
drawing shows it as one box a learner can open, and names the pieces it makes with `name_output`
('x − max' inside log_softmax, an LSTM step's 'h3' and 'c3').
"""
import contextlib
import itertools
import weakref

from .grad_mode import per_thread

_calls = itertools.count()


class ModuleCall(str):
    """A module's name in a scope path; `call` numbers the calls of every module, in the order they began;
    `module` is a weak reference to the module called (None for a scope the code names, such as 'step 3');
    `input_shape` the shape of the tensor it was called with first (None if none), so the explorer can tell the
    model's input from a reshape of it that a module made."""

    def __new__(cls, name, module=None, input_shape=None, path=None):
        part = super().__new__(cls, name)
        part.path = path  # the module's named_modules() path in the outermost module called ('' for that one), or None
        part.input_shape = input_shape
        part.call = next(_calls)
        part.module = None if module is None else weakref.ref(module)
        part.names = None  # {sequence_nr of a node recorded in this call: its output's name} (name_output)
        part.paths = None  # {id(module): its path from this module}, made when it is the outermost module called
        return part


def current_scope():
    return per_thread.state.scope


@contextlib.contextmanager
def module_scope(name, module=None, input_shape=None, path=None):
    state = per_thread.state
    outer = state.scope
    state.scope = outer + (ModuleCall(name, module, input_shape, path),)
    try:
        yield
    finally:
        state.scope = outer


def name_output(tensor, name):
    """Name, for drawings and the explorer, a tensor an op made inside the current scope or a scope within it
    (a piece of a composite function: 'x − max' inside log_softmax; attention's 'weights', made by softmax).
    The name is kept by the call that recorded the op, keyed by the op's place in the record, not on the
    tensor: a node that kept its output would keep it alive (a cycle). Nothing happens for a tensor no op
    recorded here (no grad needed, or made outside this scope)."""
    node, scope = tensor._ctx, current_scope()
    if node is None or not scope or len(node.scope) < len(scope) or node.scope[len(scope) - 1] is not scope[-1]:
        return tensor
    call = node.scope[-1]
    if call.names is None:
        call.names = {}
    call.names[node.sequence_nr] = name
    return tensor


def given_name(node):
    """The name a scope gave the output of `node` (name_output), or None."""
    names = node.scope[-1].names if node.scope else None
    return None if names is None else names.get(node.sequence_nr)
