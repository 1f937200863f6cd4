"""The explorer's panel data: the names, numbers and texts the side panel shows for each tensor, op and
backward step (the page's JSON keys "tensors", "ops", "rules", "seed" and "backward"; explore.py builds
the drawing and assembles the page)."""
import inspect

from .extract import graph_ids, op_label, param_names, scope_of, tensor_name
from .preview import scalar_text, shape_text, summary_text, values_text
from .text import module_path, shown
from .trace import local_derivatives
from .walk import drawn_inputs

INPUT_LETTERS = "abcdefghijklmnopqrstuvwxyz"  # the inputs of an op: a, b, ..., z, then x27, x28, ... (as the page)


def rule_text(function):
    """The local rule of a primitive, as its docstring writes it: 'out = a * b;  da = g * b, db = g * a'."""
    doc = inspect.getdoc(type(function)) or type(function).__name__
    return shown(" ".join(line.strip() for line in doc.split("\n\n")[0].splitlines()))


class Ids:
    """Names, drawing ids and number formats of the tensors of one graph."""

    def __init__(self, tensors, params, nodes, precision):
        self.names = param_names(params)  # id(tensor) -> its name in params, as shown
        self.tensor_ids, self.op_ids = graph_ids(tensors)
        self.output_of = {id(t._ctx): t for t in tensors if t._ctx is not None}  # id(node) -> the tensor it made
        self.number = {id(self.output_of[id(node)]): k + 1 for k, node in enumerate(nodes)}  # topological order
        self.precision = precision
        self.scopes = {}  # drawing id -> the module path it was made in
        self.shown = {}  # drawing id -> the id of the node that shows it (after collapse and cap)
        self.rule_keys = {}  # primitive class -> the key of its rule in the page's data

    def name(self, tensor):
        return tensor_name(tensor, self.names) or self.tensor_ids[id(tensor)]

    def write(self, array):
        return values_text(array, self.precision)

    def summary(self, array):
        return summary_text(array, self.precision)

    def scalar(self, array):
        return scalar_text(array.item(), self.precision)


def tensor_details(tensor, grads, ids):
    """What the page knows of a tensor: name, shape, data and final grad, module, whether a leaf,
    and the node that shows it when that is not its own box."""
    key = ids.tensor_ids[id(tensor)]
    details = {"name": ids.name(tensor), "shape": shape_text(tensor._data), "data": ids.summary(tensor._data)}
    if id(tensor) in grads:
        details["grad"] = ids.summary(grads[id(tensor)])
    if tensor._ctx is None:
        details["leaf"] = True
    if ids.scopes[key]:
        details["module"] = module_path(ids.scopes[key])
    return _with_place(details, key, ids)


def op_details(tensor, ids):
    """An op: its label, the key of its rule (one per primitive class: two classes may share a label),
    step number, module and input tensors."""
    node = tensor._ctx
    rule = ids.rule_keys.setdefault(type(node), str(len(ids.rule_keys)))
    details = {"label": op_label(node), "rule": rule, "step": ids.number[id(tensor)],
               "inputs": [ids.tensor_ids[id(t)] for t in drawn_inputs(node)]}
    if node.scope:
        details["module"] = module_path(scope_of(node))
    return _with_place(details, ids.op_ids[id(tensor)], ids)


def _with_place(details, key, ids):
    if ids.shown[key] != key:
        details["shown"] = ids.shown[key]
    return details


def backward_step(step, ids):
    """One backward step: the op, its output, the upstream gradient g and what each input receives."""
    out = ids.output_of[id(step.node)]
    spelled = step.g.size == 1 and all(r.grad is None or r.tensor._data.size == 1 for r in step.inputs)
    derivatives = local_derivatives(step) if spelled else [None] * len(step.inputs)
    return {
        "op": ids.op_ids[id(out)],
        "out": ids.tensor_ids[id(out)],
        "g": ids.summary(step.g),
        "inputs": [input_grad(letter, received, derivative, step.g, ids)
                   for letter, received, derivative in zip(map(input_letter, range(len(step.inputs))), step.inputs,
                                                           derivatives, strict=True)],
    }


def input_letter(k):
    """The name of an op's k-th input (from 0) in the rule's text: 'a', 'b', ..., 'z', then 'x27', 'x28', ..."""
    return INPUT_LETTERS[k] if k < len(INPUT_LETTERS) else f"x{k + 1}"


def input_grad(letter, received, derivative, g, ids):
    """What one input receives, with the product spelled out for numbers and the sum of paths."""
    if received.grad is None:
        return {}
    entry = {"grad": ids.summary(received.grad), "total": ids.write(received.total)}
    if derivative is not None:
        product = f"{ids.scalar(g)} × {ids.scalar(derivative)} = {ids.write(received.grad)}"
        entry["spelled"] = f"g × ∂out/∂{letter} = {product}"
    elif received.local.shape != received.grad.shape:
        entry["summed"] = (f"the rule gives shape {tuple(received.local.shape)}, summed over the broadcast axes "
                           f"to {tuple(received.grad.shape)}")
    if received.before is not None:
        entry["sum"] = f"{ids.write(received.before)} + {ids.write(received.grad)} = {ids.write(received.total)}"
    return entry
