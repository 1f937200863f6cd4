"""Extraction: turn a tensor's history into a `Graph` of tensor boxes and op nodes.

Each tensor becomes one box (kind 'parameter', 'constant', 'intermediate' or 'output') with its
name, shape, dtype and a preview of its data and grad; each recorded op becomes one node between
its input tensors and its output (micrograd's picture: value -> op -> value). Ids follow the walk
order ('t0', 't1', ... and 'op0', 'op1', ...), so the same computation always gives the same text.
"""
from .graph import Graph, Node
from .preview import PRECISION, shape_text, values_text
from .walk import node_inputs, walk

FREED_NOTE = ("backward() freed this graph: draw before backward(), or call backward(retain_graph=True), "
              "or use autograd.viz.explore(output) to watch the backward pass")


def extract(root, params=None, show_data=True, show_grad=True, precision=PRECISION):
    """The graph that computed `root`.

    params:    {name: tensor} naming leaves, e.g. dict(model.named_parameters()); a tensor's own
               `.name` is used otherwise. Tensors named in `params` are drawn as parameters.
    precision: decimals of the numbers shown (PyTorch's print format)
    """
    names = {id(t): name for name, t in (params or {}).items()}
    tensors = walk(root)
    tensor_ids, op_ids = graph_ids(tensors)
    consumer_scopes = _consumer_scopes(tensors)
    graph = Graph(root=tensor_ids[id(root)])
    for tensor in tensors:
        if tensor._ctx is not None:
            op = graph.add(Node(id=op_ids[id(tensor)], kind="op", title=tensor._ctx.label(), scope=tensor._ctx.scope))
            inputs = node_inputs(tensor)
            if inputs is None:
                op.rows = (FREED_NOTE,)
            for t in inputs or ():
                graph.edges.append((tensor_ids[id(t)], op.id))
            graph.edges.append((op.id, tensor_ids[id(tensor)]))
        kind = _kind(tensor, tensor is root, id(tensor) in names)
        graph.add(Node(
            id=tensor_ids[id(tensor)],
            kind=kind,
            title=names.get(id(tensor)) or tensor.name or "",
            rows=_tensor_rows(tensor, show_data, show_grad, precision),
            scope=_tensor_scope(tensor, kind, consumer_scopes.get(id(tensor), [])),
        ))
    return graph


def graph_ids(tensors):
    """The drawing's ids, from the walk order: {id(tensor): 't3'} for every tensor and
    {id(tensor): 'op1'} for the op that made each non-leaf."""
    tensor_ids = {id(t): f"t{i}" for i, t in enumerate(tensors)}
    made = [t for t in tensors if t._ctx is not None]
    return tensor_ids, {id(t): f"op{i}" for i, t in enumerate(made)}


def _kind(tensor, is_root, is_named_parameter):
    if is_root:
        return "output"
    if tensor._ctx is not None:
        return "intermediate"
    return "parameter" if is_named_parameter or tensor.requires_grad else "constant"


def _tensor_rows(tensor, show_data, show_grad, precision):
    rows = [shape_text(tensor._data)]
    if show_data:
        rows.append("data " + values_text(tensor._data, precision))
    if show_grad and tensor.grad is not None:
        rows.append("grad " + values_text(tensor.grad._data, precision))
    return tuple(rows)


def _consumer_scopes(tensors):
    """id(tensor) -> the module paths of the ops that read it."""
    scopes = {}
    for tensor in tensors:
        for t in node_inputs(tensor) or ():
            scopes.setdefault(id(t), []).append(tensor._ctx.scope)
    return scopes


def _tensor_scope(tensor, kind, consumer_scopes):
    """The module a tensor is drawn in.

    An op's output belongs to the op's module. A parameter, or a one-element constant (a literal
    in a module's code), belongs to the innermost module that all its users share, so fc1.weight
    is drawn inside fc1. Larger constants are the data fed in from outside, so they stay outside."""
    if tensor._ctx is not None:
        return tensor._ctx.scope
    if kind == "parameter" or (kind == "constant" and tensor._data.size == 1):
        return _common_prefix(consumer_scopes)
    return ()


def _common_prefix(paths):
    if not paths:
        return ()
    prefix = paths[0]
    for path in paths[1:]:
        n = 0
        while n < min(len(prefix), len(path)) and prefix[n] == path[n]:
            n += 1
        prefix = prefix[:n]
    return prefix
