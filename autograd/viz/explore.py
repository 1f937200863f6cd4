"""`explore(output)`: watch the forward and backward passes run, step by step, in a web page.

    >>> explorer = explore(loss, params=dict(model.named_parameters()))
    >>> explorer                     # in Jupyter: shown inline
    >>> explorer.save("backprop.html")   # one self-contained file, opens from disk, no network

The graph is today's drawing (Graphviz layout, module clusters, collapse_modules, max_nodes) with
a step number on every op, and every tensor named as the panel names it (naming.py). The page steps
forward through the ops in the order the code ran them (values appear), then backward in the engine's
order (gradients arrive), and at each backward step shows the op's local rule (its primitive's
docstring), the upstream gradient g, the inputs, and what each input receives: for single numbers the
derivative and the product spelled out, for tensors their values; a gradient that reaches a tensor
along a second path shows the sum being formed. Clicking a tensor shows all its values and its
gradient at the current step (whole_tensors.py decides which tensors the page holds whole).

The page's JSON (`Explorer.data`): "title"; "tensors", "ops", "rules", "forward", "seed", "backward"
(the panel's, explore_data.py documents each entry); "boxes" (module and elided boxes of the drawing);
"budget" (the most values of one tensor, and of the page, held whole).

The backward pass is recorded on its own (trace.py): the caller's .grad and the graph are left as
they were, so explore() works before or after your own backward(retain_graph=True).
"""
import html
from pathlib import Path

from ..engine import topological_order
from ..function import edge_of
from .dot import to_dot
from .explore_data import Ids, backward_step, op_details, rule_text, tensor_details
from .extract import check_drawable, extract
from .page import explorer_page
from .preview import PRECISION
from .render import render
from .simplify import cap
from .simplify import collapse_modules as collapse
from .text import module_path, shown
from .trace import trace_backward
from .walk import walk
from .whole_tensors import PAGE_VALUES, TENSOR_VALUES, gradient_history, kept_whole

__all__ = ["Explorer", "explore", "rule_text"]  # rule_text: the panel's rule of a primitive (explore_data.py)
# One outline per tensor box instead of one per row: the same layout, a third of the SVG's shapes.
TABLE_WITH_CELL_BORDERS, TABLE_WITH_ONE_OUTLINE = 'border="0" cellborder="1"', 'border="1" cellborder="0"'


class Explorer:
    """A recorded forward and backward pass as one HTML page (`html`)."""

    def __init__(self, html, data):
        self.html = html
        self.data = data  # what the page shows, as plain data (the page's JSON)

    def _repr_html_(self):
        """Jupyter: the page in an iframe, so that several explorers in one notebook stay apart; sandboxed
        (its script runs, in an origin of its own), so that nothing in it can reach the notebook."""
        return (f'<iframe srcdoc="{html.escape(self.html)}" sandbox="allow-scripts" '
                'style="width:100%;height:620px;border:1px solid #ddd" title="glassgrad explorer"></iframe>')

    def save(self, path):
        """Write the page to `path` (one file, everything inline) and return the path."""
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
    title:      the page's title (any object, shown as text); by default it names the output
    The caller's .grad is not touched and the graph is not freed.
    """
    check_drawable(output, "explore", precision)
    check_not_freed(output)
    tensors = walk(output)
    steps, edge_grads = trace_backward(output, gradient)
    grads = {id(t): edge_grads[id(edge_of(t))] for t in tensors if id(edge_of(t)) in edge_grads}
    ids = Ids(tensors, output, params, topological_order([output._ctx]), precision)
    ids.history = gradient_history(steps, output, grads[id(output)])
    ids.whole = kept_whole(tensors, ids.history)

    graph = extract(output, params, show_data=True, show_grad=False, precision=precision)
    for tensor in tensors:
        box = graph.nodes[ids.tensor_ids[id(tensor)]]
        box.title = ids.name(tensor)  # the name the panel uses: unnamed tensors get theirs here (naming.py)
        if tensor._ctx is not None:
            node = graph.nodes[ids.op_ids[id(tensor)]]
            node.title = f"{ids.number[id(tensor)]}: {node.title}"
        if id(tensor) in grads:
            box.rows += ("grad " + ids.write(grads[id(tensor)]),)
    ids.scopes = {node_id: node.scope for node_id, node in graph.nodes.items()}
    if collapse_modules:
        graph = collapse(graph, collapse_modules)
    graph = cap(graph, max_nodes)
    ids.shown = _displayed_ids(graph, ids.scopes)
    dot = to_dot(graph, rankdir, cluster_modules).replace(TABLE_WITH_CELL_BORDERS, TABLE_WITH_ONE_OUTLINE)
    svg = render(dot, "svg").decode()

    forward = ids.forward
    data = {
        "title": shown(title) or f"backward pass of {ids.name(output)}",
        "tensors": {ids.tensor_ids[id(t)]: tensor_details(t, ids) for t in tensors},
        "ops": {ids.op_ids[id(t)]: op_details(t, ids) for t in forward},
        "rules": {ids.rule_keys[type(t._ctx)]: rule_text(t._ctx) for t in forward},  # keys given by "ops"
        "boxes": {node.id: {"kind": node.kind, "name": node.title, "module": module_path(node.scope)}
                  for node in graph.nodes.values() if node.kind in ("module", "elided")},
        "forward": [{"op": ids.op_ids[id(t)], "out": ids.tensor_ids[id(t)]} for t in forward],  # as the code ran
        "seed": {"out": ids.tensor_ids[id(output)], "grad": ids.write(grads[id(output)])},  # as the drawing writes
        "backward": [backward_step(step, ids, grads) for step in steps],
        "budget": {"tensor": TENSOR_VALUES, "page": PAGE_VALUES},  # whole tensors kept (whole_tensors.py)
    }
    return Explorer(explorer_page(svg, data), data)


def check_not_freed(output):
    """Refuse, saying why and what to do, a graph whose values backward() has already freed."""
    if output._ctx is not None and output._ctx.inputs is None:
        raise RuntimeError("explore: backward() already freed the values between the ops of this graph, so there "
                           "is nothing to step through: call explore() before backward(), or pass "
                           "retain_graph=True to backward() (draw_graph can still draw the freed graph)")


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
