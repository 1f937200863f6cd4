"""`explore(output)`: watch the forward and backward passes run, step by step, in a web page.

    >>> explorer = explore(loss, params=dict(model.named_parameters()))
    >>> explorer                     # in Jupyter: shown inline
    >>> explorer.save("backprop.html")   # one self-contained file, opens from disk, no network

The graph is today's drawing (Graphviz layout, module clusters, collapse_modules, max_nodes) with
a step number on every op. The page steps forward through the ops in topological order (values
appear), then backward in the engine's order (gradients arrive), and at each backward step shows
the op's local rule (its primitive's docstring), the upstream gradient g, the inputs, and what each
input receives: for single numbers the product spelled out, for tensors a summary; a gradient that
reaches a tensor along a second path shows the sum being formed.

The backward pass is recorded on its own (trace.py): the caller's .grad and the graph are left as
they were, so explore() works before or after your own backward(retain_graph=True).
"""
import inspect

from ..engine import topological_order
from .dot import to_dot
from .extract import extract, graph_ids
from .page import explorer_page
from .preview import PRECISION, scalar_text, shape_text, summary_text, values_text
from .render import render
from .simplify import cap, collapse_modules as collapse
from .trace import local_derivatives, trace_backward
from .walk import walk

INPUT_LETTERS = "abcdefghijklmnopqrstuvwxyz"


class Explorer:
    """A recorded forward and backward pass as one HTML page (`html`)."""

    def __init__(self, html, data):
        self.html = html
        self.data = data  # what the page shows, as plain data (the page's JSON)

    def _repr_html_(self):
        """Jupyter: the page in an iframe, so that several explorers in one notebook stay apart."""
        import html

        return (f'<iframe srcdoc="{html.escape(self.html)}" style="width:100%;height:620px;border:1px solid #ddd" '
                'title="glassgrad explorer"></iframe>')

    def save(self, path):
        """Write the page to `path` (one file, everything inline) and return the path."""
        from pathlib import Path

        path = Path(path)
        path.write_text(self.html, encoding="utf-8")
        return path


def explore(output, params=None, gradient=None, rankdir="LR", cluster_modules=True, collapse_modules=False,
            max_nodes=None, precision=PRECISION, title=None):
    """Record the graph of `output` and its backward pass, and return an `Explorer` of them.

    params:     {name: tensor} naming leaves, e.g. dict(model.named_parameters())
    gradient:   the seed dL/d(output) when `output` is not a scalar, as for backward()
    rankdir, cluster_modules, collapse_modules, max_nodes: as in draw_graph
    precision:  decimals of the numbers shown (printed as PyTorch prints them)
    The caller's .grad is not touched and the graph is not freed.
    """
    tensors = walk(output)
    steps, grads = trace_backward(output, gradient)
    forward = topological_order([output])
    ids = _Ids(tensors, params, forward, precision)

    graph = extract(output, params, show_data=True, show_grad=False, precision=precision)
    for tensor in tensors:
        if tensor._ctx is not None:
            node = graph.nodes[ids.op_ids[id(tensor)]]
            node.title = f"{ids.number[id(tensor)]}: {node.title}"
        if id(tensor) in grads:
            graph.nodes[ids.tensor_ids[id(tensor)]].rows += ("grad " + ids.write(grads[id(tensor)]),)
    scopes = {node_id: node.scope for node_id, node in graph.nodes.items()}
    if collapse_modules:
        graph = collapse(graph, collapse_modules)
    graph = cap(graph, max_nodes)
    ids.shown = _displayed_ids(graph, scopes)
    svg = render(to_dot(graph, rankdir, cluster_modules), "svg").decode()

    data = {
        "title": title or f"backward pass of {ids.name(output)}",
        "leaves": [ids.tensor(t) for t in tensors if t._ctx is None],
        "nodes": _node_details(graph, tensors, grads, ids),
        "forward": [_forward_step(t, ids) for t in forward],
        "seed": {"out": ids.tensor(output), "name": ids.name(output), "grad": ids.write(grads[id(output)]),
                 "g": ids.summary(grads[id(output)])},
        "backward": [_backward_step(step, ids) for step in steps],
    }
    return Explorer(explorer_page(svg, data), data)


def rule_text(function):
    """The local rule of a primitive, as its docstring writes it: 'out = a * b;  da = g * b, db = g * a'."""
    doc = inspect.getdoc(type(function)) or type(function).__name__
    return " ".join(line.strip() for line in doc.split("\n\n")[0].splitlines())


class _Ids:
    """Names, drawing ids and number formats of the tensors of one graph."""

    def __init__(self, tensors, params, forward, precision):
        self.names = {id(t): name for name, t in (params or {}).items()}
        self.tensor_ids, self.op_ids = graph_ids(tensors)
        self.number = {id(t): k + 1 for k, t in enumerate(forward)}  # each op's step number (topological order)
        self.precision = precision
        self.shown = {}  # drawing id -> the id of the node that shows it (after collapse and cap)

    def name(self, tensor):
        return self.names.get(id(tensor)) or tensor.name or self.tensor_ids[id(tensor)]

    def tensor(self, tensor):
        return self.shown[self.tensor_ids[id(tensor)]]

    def op(self, tensor):
        return self.shown[self.op_ids[id(tensor)]]

    def write(self, array):
        return values_text(array, self.precision)

    def summary(self, array):
        return summary_text(array, self.precision)

    def scalar(self, array):
        return scalar_text(array.item(), self.precision)


def _displayed_ids(graph, scopes):
    """Each node id of the full graph -> the id of the node that shows it after collapse and cap:
    itself, the box of the module it was collapsed into, or the 'N more nodes' box."""
    modules = [(n.scope + (n.title,), n.id) for n in graph.nodes.values() if n.kind == "module"]
    shown = {}
    for node_id, scope in scopes.items():
        boxes = [(len(path), box) for path, box in modules if scope[: len(path)] == path]
        if node_id in graph.nodes:
            shown[node_id] = node_id
        else:
            shown[node_id] = max(boxes)[1] if boxes else "elided"
    return shown


def _node_details(graph, tensors, grads, ids):
    """What clicking a node shows: {drawing id: {name, kind, module, shape, data, grad, step}}."""
    details = {node.id: {"name": node.title, "kind": node.kind, "module": " / ".join(node.scope)}
               for node in graph.nodes.values()}
    for tensor in tensors:
        node = details.get(ids.tensor_ids[id(tensor)])
        if node is not None:
            node.update(name=ids.name(tensor), shape=shape_text(tensor._data), data=ids.summary(tensor._data),
                        grad=ids.summary(grads[id(tensor)]) if id(tensor) in grads else "")
        op = details.get(ids.op_ids.get(id(tensor)))
        if op is not None:
            op.update(step=ids.number[id(tensor)], rule=rule_text(tensor._ctx))
    return details


def _forward_step(tensor, ids):
    node = tensor._ctx
    return {
        "number": ids.number[id(tensor)],
        "op": ids.op(tensor),
        "out": ids.tensor(tensor),
        "label": node.label(),
        "rule": rule_text(node),
        "inputs": [{"letter": letter, "name": ids.name(t), "value": ids.summary(t._data)}
                   for letter, t in zip(INPUT_LETTERS, node.inputs)],
        "name": ids.name(tensor),
        "data": ids.write(tensor._data),
        "value": ids.summary(tensor._data),
    }


def _backward_step(step, ids):
    out = step.out
    spelled = step.g.size == 1 and all(r.grad is None or r.tensor._data.size == 1 for r in step.inputs)
    derivatives = local_derivatives(step) if spelled else [None] * len(step.inputs)
    return {
        "number": ids.number[id(out)],
        "op": ids.op(out),
        "out": ids.tensor(out),
        "name": ids.name(out),
        "label": out._ctx.label(),
        "rule": rule_text(out._ctx),
        "g": ids.summary(step.g),
        "inputs": [_input_grad(letter, received, derivative, step.g, ids)
                   for letter, received, derivative in zip(INPUT_LETTERS, step.inputs, derivatives)],
    }


def _input_grad(letter, received, derivative, g, ids):
    """What one input receives, with the product spelled out for numbers and the sum of paths."""
    entry = {"letter": letter, "name": ids.name(received.tensor), "node": ids.tensor(received.tensor),
             "value": ids.summary(received.tensor._data), "grad": None}
    if received.grad is None:
        return entry
    entry["grad"] = ids.summary(received.grad)
    entry["total"] = ids.write(received.total)
    if derivative is not None:
        entry["spelled"] = f"g × ∂out/∂{letter} = {ids.scalar(g)} × {ids.scalar(derivative)} = {ids.write(received.grad)}"
    elif received.local.shape != received.grad.shape:
        entry["summed"] = (f"the rule gives shape {tuple(received.local.shape)}, summed over the broadcast axes "
                           f"to {tuple(received.grad.shape)}")
    if received.before is not None:
        entry["sum"] = f"{ids.write(received.before)} + {ids.write(received.grad)} = {ids.write(received.total)}"
    return entry
