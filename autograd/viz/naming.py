"""What the explorer calls each tensor and op, so that the panel and the drawing say the same thing.

Ops are numbered 1, 2, ... in the order the code ran them (`node.sequence_nr`, PyTorch's name for it), and
so are time steps ('step 1' makes h1 from h0, nn/rnn.py) and repeated calls ('cell#2.out'): the page says
so (counting).
A tensor is called, first found:
  - its key in `params` ('fc1.weight'), or the name the user gave it (`t.name = "h"`);
  - the name the code that made it gave it in its scope (autograd/scope.name_output), after the path of the
    modules around it: 'recurrent.h3' and 'recurrent.c3' for an LSTM's state after step 3, 'x − max' inside
    log_softmax, 'loss' for what cross_entropy returns; numbered from 1 where it recurs ('loss#1', 'loss#2');
  - for a parameter of the outermost module called around an op that read it, its name in that module's
    named_parameters() ('fc1.weight'), whichever module used it; where several models were called at the top
    (a GAN's D(G(z))), after the model's class ('Gen.net.0.weight'), numbered if two share one;
  - 'L' when it is the output (the thing differentiated) and has no name;
  - the module (or the function's scope) whose output it is, as a path ('fc1.out', '0.out', 'log_softmax.out'),
    when the op that made it ran in a module and a reader outside that module uses it; a module called several
    times numbers its calls from 1, as the drawing's boxes do ('cell#1.out', 'cell#2.out'), and the tensors
    that leave one call are indexed in the order they were made ('block.out[0]', 'block.out[1]');
  - the op that made it and that op's number ('tanh3': the result of op 3, a tanh);
  - for a constant (a leaf not requiring grad) with no name: a 0-d one by its value ('32', '0.5'); the first
    one that an op inside a module reads, 'input' (the model's input, X), or 'input as rows' / 'input reshaped'
    where its shape is not that of the tensor the model was called with (_input_name); one equal in shape and values to a
    constant named before (not a fill), that one's name (a module that reshapes its input three times, for
    Q, K and V, shows one input, not three);
  - for any other leaf with no name: 'const1', 'const2', ... (data and constants) or 'leaf1', ... (requiring
    grad), numbered in the order the ops first read them.
A made-up name equal to a name the user gave another tensor gets a prime ('L′' for the output when a leaf is
called 'L'), so two tensors never share a name unless the user gave it to both.
"""
import hashlib
import re

import numpy as np

from ..scope import given_name
from .extract import param_names, tensor_name
from .text import shown
from .walk import node_inputs

OUTPUT_NAME = "L"
INPUT_NAME = "input"
INPUT_NAMES = (INPUT_NAME, "input as rows", "input reshaped")  # the model's input, and copies of it a module reshaped
COUNTING = "Ops are numbered from 1, in the order the code ran them"
COUNTING_STEPS = ("a recurrent layer's time steps (step t reads the t-th element of the sequence, index t − 1 in "
                  "Python, and makes h_t, an LSTM also c_t, from h_(t−1); h0 is the starting state)")
COUNTING_CALLS = "the calls of a module or function called several times (#1, #2, ... on its box and what it returns)"


def counting(order, names):
    """How the page numbers things, in a sentence, where the graph has time steps or repeated calls (the page's
    "counting"), else ''. `order`: the op outputs as the code ran them; `names`: every tensor's name."""
    parts = [COUNTING_STEPS] if any(is_time_step(part) for t in order for part in t._ctx.scope) else []
    if any(re.search(r"#\d+\b", name) for name in names):
        parts.append(COUNTING_CALLS)
    return f"{COUNTING}, and so are {' and '.join(parts)}." if parts else ""


def is_time_step(part):
    """Whether a part of a scope is one time step of nn.RNN, nn.LSTM or nn.GRU ('step 3', nn/rnn.py)."""
    return getattr(part, "module", True) is None and re.fullmatch(r"step \d+", part) is not None


def forward_order(nodes):
    """The nodes in the order the code recorded them (a topological order: inputs are recorded first)."""
    return sorted(nodes, key=lambda node: node.sequence_nr)


class Naming:
    """Step numbers of ops and names of tensors for the graph of `output` (`tensors`: walk(output))."""

    def __init__(self, tensors, output, params, nodes):
        self.given = param_names(params)  # id(tensor) -> its name in params, as shown
        made = {id(t._ctx): t for t in tensors if t._ctx is not None}
        self.order = [made[id(node)] for node in forward_order(nodes)]  # op outputs, in the order the code ran
        self.step = {id(t): k for k, t in enumerate(self.order, start=1)}  # id(op output) -> its op's number
        self.names = {}
        self._name_all(tensors, output)

    def name(self, tensor):
        return self.names[id(tensor)]

    def _name_all(self, tensors, output):
        readers = self.readers = _readers(self.order)  # id(tensor) -> the op outputs whose ops read it
        module_outputs = _module_outputs(self.order, readers, output)
        leaf_count, owned, constants = {"const": 0, "leaf": 0}, {}, {}
        prefixes = _model_prefixes(self.order)
        users = {id(t): name for t in tensors if (name := tensor_name(t, self.given))}
        for tensor in self._leaves_in_reading_order(tensors):
            own = users.get(id(tensor)) or _parameter_name(tensor, readers, owned, prefixes)
            if not own and not tensor.requires_grad:
                own = _constant_name(tensor, readers, constants)
            if not own:
                kind = "leaf" if tensor.requires_grad else "const"
                leaf_count[kind] += 1
                own = f"{kind}{leaf_count[kind]}"
            if not tensor.requires_grad and tensor.dim() > 0:
                constants.setdefault(_contents(tensor.detach().numpy()), own)
            self.names[id(tensor)] = own
        given = _numbered_when_repeated([_scope_given_name(tensor._ctx) for tensor in self.order])
        for tensor, given_here in zip(self.order, given, strict=True):
            own = tensor_name(tensor, self.given) or given_here
            if not own and tensor is output:
                own = OUTPUT_NAME
            own = own or module_outputs.get(id(tensor)) or _op_name(tensor, self.step[id(tensor)])
            self.names[id(tensor)] = shown(own)  # bounded, printable
        _avoid_users_names(self.names, users)

    def _leaves_in_reading_order(self, tensors):
        leaves, seen = [], set()
        for made in self.order:
            for tensor in node_inputs(made) or ():
                if tensor._ctx is None and id(tensor) not in seen:
                    seen.add(id(tensor))
                    leaves.append(tensor)
        return leaves + [t for t in tensors if t._ctx is None and id(t) not in seen]


def _avoid_users_names(names, users):
    """Rename, in `names` ({id(tensor): name}), each name the explorer made up that equals a name the user gave
    another tensor (`users`: {id(tensor): params= key or .name}), with primes until it is free: a leaf the user
    called 'L' and the output ('L′'), a variable 'mul1' and op 1's result ('mul1′'). The user's names stay."""
    taken = set(users.values())
    for key, name in names.items():
        if key not in users and name in taken:
            while name in taken:
                name += "′"
            names[key] = name
            taken.add(name)


def _model_prefixes(order):
    """{id(model): 'Gen'} for each model called at the top, when the graph has several (a GAN's D(G(z))): their
    parameters' names start with the model's class, numbered where two share one ('Sequential#1.0.weight',
    'Sequential#2.0.weight'), so two models never give one name to two parameters; {} for one model.
    (PyTorch has no name for a model as a whole: pass params= to choose the names.)"""
    models = {}
    for made in order:
        _, module = _outermost_call(made)
        if module is not None:
            models.setdefault(id(module), type(module).__name__)
    if len(models) < 2:
        return {}
    classes = list(models.values())
    numbered = _numbered_when_repeated(classes)
    return dict(zip(models, numbered, strict=True))


def _outermost_call(made):
    """The outermost module call around the op that made `made`, and its module (None, None outside any, or once
    the module is gone)."""
    outer = next((part for part in made._ctx.scope if getattr(part, "module", None) is not None), None)
    return outer, (outer.module() if outer is not None else None)


def _parameter_name(tensor, readers, owned, prefixes):
    """'fc1.weight' for a parameter of the outermost module called around an op that read it, named as that
    module's named_parameters() names it (whichever inner module used it: a layer handed to a wrapper, a tied
    weight, F.linear(x, self.fc.weight), a ParameterList entry); '' when no such module holds it. `owned`
    caches each outermost module's {id(parameter): name}."""
    for made in readers.get(id(tensor), []):
        outer, module = _outermost_call(made)
        if module is None:
            continue
        if id(module) not in owned:
            owned[id(module)] = {id(p): n for n, p in module.named_parameters()}
        name = owned[id(module)].get(id(tensor))
        if name is not None:
            path = ".".join(part for part in (prefixes.get(id(module)), outer.path, name) if part)
            return shown(path)
    return ""


def _scope_given_name(node):
    """The name the code gave the output of `node` in its scope (autograd/scope.name_output), after the path of
    the modules it ran in ('recurrent.h3'), or ''."""
    name = given_name(node)
    if name is None:
        return ""
    modules = tuple(part for part in node.scope if getattr(part, "module", None) is not None)
    named = modules and (len(modules) > 1 or ": " in modules[0])  # not only the model called at the top
    return shown(f"{_dotted(modules)}.{name}" if named else name)


def _numbered_when_repeated(names):
    """The names, each that occurs more than once numbered from 1 in order, as the boxes of repeated calls are:
    two cross_entropy calls (boxes 'cross_entropy #1' and '#2') make 'loss#1' and 'loss#2' ('' stays '')."""
    counts, seen = {}, {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    numbered = []
    for name in names:
        if name and counts[name] > 1:
            seen[name] = seen.get(name, 0) + 1
            name = f"{name}#{seen[name]}"
        numbered.append(name)
    return numbered


def _constant_name(tensor, readers, constants):
    """The name of an unnamed constant when the graph tells what it is, else '' (see the module's docstring).
    `constants`: {_contents(values): name} of the constants of one dimension or more named so far."""
    values = tensor.detach().numpy()
    if values.ndim == 0:
        return shown(_number_text(values.item()))
    if values.size > 1 and not np.all(values == values.flat[0]) and _contents(values) in constants:
        return constants[_contents(values)]  # the same data again (a module reshaped its input for Q, K and V)
    first_reader = readers.get(id(tensor), [None])[0]
    if first_reader is not None and first_reader._ctx.scope and not set(INPUT_NAMES) & set(constants.values()):
        return _input_name(values.shape, first_reader._ctx.scope)
    return ""


def _input_name(shape, scope):
    """'input' for the model's input as the code passed it (the first tensor the outermost module in `scope` was
    called with); 'input as rows' for a copy of it reshaped to 2-D with the same last axis (an attention block's
    (1, 3, 4) tokens read as a (3, 4) matrix, an LSTM's (2, 5, 3) batch as (10, 3)); 'input reshaped' for any
    other reshape of it, so that the page never shows a shape the user's input does not have as the input's."""
    given = next((part.input_shape for part in scope if getattr(part, "input_shape", None) is not None), None)
    if given is None or given == shape or int(np.prod(given)) != int(np.prod(shape)):
        return INPUT_NAME
    return INPUT_NAMES[1] if len(shape) == 2 and shape[-1] == given[-1] else INPUT_NAMES[2]


def _contents(values):
    """A key equal for arrays of equal shape, dtype and values (one pass over the bytes, not a comparison with
    every constant named before)."""
    return values.shape, values.dtype.str, hashlib.sha1(np.ascontiguousarray(values).tobytes()).hexdigest()


def _number_text(value):
    """'32' for 32.0, '0.5', '0.1768' (4 significant digits), 'True' for a bool."""
    if isinstance(value, (bool, int)):
        return str(value)
    return f"{value:.4g}"


def _op_name(tensor, step):
    """'tanh3' for the result of op 3, a tanh; 'sum5' for 'sum(dim=1)'."""
    base = re.sub(r"[^A-Za-z_]", "", re.split(r"[(\[ ]", tensor._ctx.label(), maxsplit=1)[0]) or "op"
    return f"{base}{step}"


def _readers(order):
    """id(tensor) -> the op outputs whose ops read it."""
    readers = {}
    for made in order:
        for tensor in node_inputs(made) or ():
            readers.setdefault(id(tensor), []).append(made)
    return readers


def _module_outputs(order, readers, output):
    """id(tensor) -> 'fc1.out' for each tensor that leaves the module its op ran in. A module called several
    times numbers its calls from 1, as the drawing's boxes do ('cell#1.out', 'cell#2.out', ...); the tensors
    that leave one call are indexed in the order they were made ('block.out[0]', 'block.out[1]')."""
    leaving = {}  # module path -> {the call: the tensors that leave it}, in the order they were made
    for made in order:
        scope = made._ctx.scope
        if scope and (made is output or any(r._ctx.scope[: len(scope)] != scope for r in readers.get(id(made), []))):
            leaving.setdefault(_dotted(scope), {}).setdefault(getattr(scope[-1], "call", None), []).append(made)
    names = {}
    for path, calls in leaving.items():
        for number, tensors in enumerate(calls.values(), start=1):
            call = path if len(calls) == 1 else f"{path}#{number}"
            for index, made in enumerate(tensors):
                names[id(made)] = f"{call}.out" + (f"[{index}]" if len(tensors) > 1 else "")
    return names


def _dotted(scope):
    """('MLP', 'fc1: Linear') -> 'fc1'; ('Sequential', '0: RNN', 'step 3') -> '0.step 3'; ('MLP',) -> 'MLP' (the
    model called at the top: only its class is known). The innermost module's path in the outermost module called
    (ModuleCall.path, named_modules()' name), then the scopes named in the code inside it ('step 3', nn/rnn.py);
    for a module the outermost one does not hold, the names its callers gave it, joined."""
    known = [k for k, part in enumerate(scope) if getattr(part, "path", None) is not None]
    start = known[-1] if known else 0
    parts = [scope[start].path] if known and scope[start].path else []
    parts += [str(part).rsplit(": ", 1)[0] for k, part in enumerate(scope[start:], start)
              if (k > start or not known) and (k > 0 or ": " in str(part))]
    return ".".join(parts) if parts else str(scope[0])
