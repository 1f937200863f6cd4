"""`explore(output)`: watch the forward and backward passes run, step by step, in a web page.

    >>> explorer = explore(loss, params=dict(model.named_parameters()))
    >>> explorer                     # in Jupyter: shown inline
    >>> explorer.save("backprop.html")   # one self-contained file, opens from disk, no network

The graph is drawn by Graphviz, top to bottom, with a step number on every op and every tensor named as
the panel names it (naming.py); a graph too large for one drawing opens folded into its modules, time
steps and runs of ops, each box opening a drawing of its own (explore_views.py), so any graph opens in
seconds. The page steps forward through the ops in the order the code ran them (values appear), then
backward in the engine's order (gradients arrive), and at each backward step shows the op's local rule (its primitive's
docstring), the upstream gradient g, the inputs, and what each input receives: for single numbers the
derivative and the product spelled out, for tensors their values; a gradient that reaches a tensor
along a second path shows the sum being formed. Clicking a tensor shows all its values and its
gradient at the current step (whole_tensors.py decides which tensors the page holds whole).

The page's JSON (`Explorer.data`): "title"; "tensors", "ops", "rules", "forward", "seed", "backward"
(the panel's, explore_data.py documents each entry); "views", "boxes", "folded" and each op and tensor's
"view" (the drawings, explore_views.py); "budget" (the most values of one tensor, and of the page, held whole);
"counting", where the graph has time steps or repeated calls: how ops, steps and calls are numbered (naming.py).

The backward pass is recorded on its own (trace.py): the caller's .grad and the graph are left as
they were, so explore() works before or after your own backward(retain_graph=True). It runs no hook (a
tensor's register_hook, a node's, a module's backward hooks): each runs only in your own backward(), as
often as your code calls it, so the page shows the gradients the rules give, before any hook changes them.
A custom autograd.Function's backward is its rule, not a hook: explore() runs it once, as any rule, to compute
the gradients the page shows, so a side effect in it (a counter, a print) happens once more per explore().
"""
import html
from pathlib import Path

from ..engine import topological_order
from ..function import edge_of
from .explore_data import Ids, backward_step, op_details, rule_text, tensor_details
from .explore_views import Drawings
from .extract import check_drawable, extract, op_label, scope_of
from .naming import counting
from .page import explorer_page
from .preview import PRECISION, box_text, box_values
from .text import module_path, shown
from .trace import trace_backward
from .walk import freed, walk
from .whole_tensors import PAGE_VALUES, TENSOR_VALUES, gradient_history, kept_whole

__all__ = ["Explorer", "explore", "rule_text"]  # rule_text: the panel's rule of a primitive (explore_data.py)


class Explorer:
    """A recorded forward and backward pass as one HTML page (`html`)."""

    def __init__(self, html, data):
        self.html = html
        self.data = data  # what the page shows, as plain data (the page's JSON)

    def __repr__(self):  # no memory address: a saved notebook shows the same text on every run
        return (f"<Explorer: {self.data['title']}, {len(self.data['forward'])} forward and "
                f"{len(self.data['backward'])} backward steps>")

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


def explore(output, params=None, gradient=None, rankdir="TB", cluster_modules=True, collapse_modules=False,
            max_nodes=None, precision=PRECISION, title=None):
    """Record the graph of `output` and its backward pass, and return an `Explorer` of them.

    params:     {name: tensor} naming leaves, e.g. dict(model.named_parameters()); without it a parameter is
                named as the outermost model called names it in named_parameters(), whichever module used it,
                and where several models are called at the top (a GAN's D(G(z))) after the model's class,
                numbered if two share one ('Sequential#1.0.weight'): pass params= to choose the names
    gradient:   the seed dL/d(output) when `output` is not a scalar, as for backward()
    rankdir:    'TB' (top to bottom: a model stays narrow), 'LR', 'RL' or 'BT'
    cluster_modules: draw the ops of each module call inside a box labelled with it
    collapse_modules: True opens the page folded to modules (each module a box, opened by a click) even
                when the whole graph fits in one drawing
    max_nodes:  the most nodes one drawing holds (default views.DRAWN_NODES); a larger graph opens folded
                into its modules, time steps and runs of ops, each opened in the page (fold.py, views.py)
    precision:  decimals of the numbers shown (printed as PyTorch prints them)
    title:      the page's title (any object, shown as text); by default it names the output
    The caller's .grad is not touched, the graph is not freed and no hook runs; a custom Function's backward
    (its rule) runs once, as every rule does, to compute the gradients shown.
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
        data_row = "data " + box_values(tensor.detach().numpy(), precision)  # as the panel writes numbers
        box.rows = tuple(data_row if row.startswith("data ") else row for row in box.rows)
        if id(tensor) in grads:
            box.rows += ("grad " + box_text(grads[id(tensor)], precision),)
    ids.scopes = {node_id: node.scope for node_id, node in graph.nodes.items()}
    order = [ids.op_ids[id(t)] for t in ids.forward]
    op_calls = {ids.op_ids[id(t)]: tuple(getattr(part, "call", part) for part in t._ctx.scope) for t in ids.forward}
    number = {ids.op_ids[id(t)]: ids.number[id(t)] for t in ids.forward}
    labels = {ids.op_ids[id(t)]: op_label(t._ctx) for t in ids.forward}
    options = (rankdir, cluster_modules, collapse_modules, max_nodes)
    drawings = Drawings(graph, (op_calls, order, number, labels), options)
    ids.place = drawings.place

    forward = ids.forward
    data = {
        "title": shown(title) or _title(output, ids),
        "tensors": {ids.tensor_ids[id(t)]: tensor_details(t, ids) for t in tensors},
        "ops": {ids.op_ids[id(t)]: op_details(t, ids) for t in forward},
        "rules": {ids.rule_keys[type(t._ctx)]: rule_text(t._ctx) for t in forward},  # keys given by "ops"
        "boxes": drawings.boxes(),  # folded groups and cut-off nodes, by drawing id (explore_views.py)
        "views": drawings.views(),  # the drawings, the whole graph's first (explore_views.py)
        "folded": drawings.folded(len(forward)),  # what the page folded, in a sentence ('' when nothing)
        "forward": [{"op": ids.op_ids[id(t)], "out": ids.tensor_ids[id(t)]} for t in forward],  # as the code ran
        "seed": {"out": ids.tensor_ids[id(output)], "grad": box_text(grads[id(output)], precision)},  # as boxes write
        "backward": [backward_step(step, ids, grads) for step in steps],
        "budget": {"tensor": TENSOR_VALUES, "page": PAGE_VALUES},  # whole tensors kept (whole_tensors.py)
    }
    numbered = counting(forward, [t["name"] for t in data["tensors"].values()])  # how ops, steps, calls are numbered
    if numbered:
        data["counting"] = numbered
    return Explorer(explorer_page(drawings.svgs, data), data)


def check_not_freed(output):
    """Refuse, saying why and what to do, a graph whose values backward() has already freed."""
    if output._ctx is not None and freed(output._ctx):
        raise RuntimeError("explore: backward() already freed the values between the ops of this graph, so there "
                           "is nothing to step through: call explore() before backward(), or pass "
                           "retain_graph=True to backward() (draw_graph can still draw the freed graph)")


def _title(output, ids):
    """What the output is: its name, the op that made it and the module it was made in; or the function that
    returned it, for the result of one recorded as a box of its own ('the output of cross_entropy')."""
    scope = scope_of(output._ctx)
    made_by = op_label(output._ctx)
    if scope and getattr(output._ctx.scope[-1], "module", True) is None:  # a function's scope, not a module's
        made_by, scope = scope[-1], scope[:-1]
    module = module_path(scope)
    return f"backward pass of {ids.name(output)}, the output of {made_by}" + (f" in {module}" if module else "")
