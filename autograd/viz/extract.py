"""Extraction: turn a tensor's history into a `Graph` of tensor boxes and op nodes.

Each tensor becomes one box (kind 'parameter', 'constant', 'intermediate' or 'output') with its
name, shape, dtype and a preview of its data and grad; each recorded op becomes one node between
its input tensors and its output (micrograd's picture: value -> op -> value). Ids follow the walk
order ('t0', 't1', ... and 'op0', 'op1', ...), so the same computation always gives the same text.
"""
from ..function import Function
from ..scope import given_name
from ..tensor import Tensor
from .graph import Graph, Node, check_integer
from .preview import PRECISION, shape_text, values_text
from .text import shown
from .walk import freed, node_inputs, walk, walk_edges

MAX_PRECISION = 30  # decimals: more than float64 holds, and a label stays a line
FREED_NOTE = "backward() freed the values between ops: draw before it, pass retain_graph=True, or use explore()"


def extract(root, params=None, show_data=True, show_grad=True, precision=PRECISION):
    """The graph that computed `root`.

    params:    {name: tensor} naming leaves, e.g. dict(model.named_parameters()), or an nn.Module;
               a tensor's own `.name` is used otherwise. Tensors named in `params` are drawn as
               parameters. A name may be any object: it is shown as `text.shown` writes it.
    precision: decimals of the numbers shown (PyTorch's print format)
    """
    check_drawable(root, "draw_graph", precision)
    names = param_names(params)
    if root._ctx is not None and freed(root._ctx):
        return _extract_after_backward(root, names, show_data, show_grad, precision)
    tensors = walk(root)
    tensor_ids, op_ids = graph_ids(tensors)
    consumer_scopes = _consumer_scopes(tensors)
    graph = Graph(root=tensor_ids[id(root)])
    for tensor in tensors:
        if tensor._ctx is not None:
            op = graph.add(Node(id=op_ids[id(tensor)], kind="op", title=op_label(tensor._ctx),
                                scope=scope_of(tensor._ctx)))
            for t in node_inputs(tensor) or ():
                graph.edges.append((tensor_ids[id(t)], op.id))
            graph.edges.append((op.id, tensor_ids[id(tensor)]))
        kind = _kind(tensor, tensor is root, id(tensor) in names)
        graph.add(Node(
            id=tensor_ids[id(tensor)],
            kind=kind,
            title=tensor_name(tensor, names) or _given_name(tensor),
            rows=_tensor_rows(tensor, show_data, show_grad, precision),
            scope=_tensor_scope(tensor, kind, consumer_scopes.get(id(tensor), [])),
        ))
    return graph


def _given_name(tensor):
    """The name the code that made `tensor` gave it in its module or function (autograd/scope.name_output:
    'x − max' inside log_softmax, an RNN's 'h3'), or '': the box sits in that module's cluster."""
    return shown(given_name(tensor._ctx)) if tensor._ctx is not None and given_name(tensor._ctx) else ""


def _extract_after_backward(root, names, show_data, show_grad, precision):
    """The graph of `root` once backward() has freed it. Its nodes keep their edges (the nodes and
    the leaves that require grad that fed them), not the values in between: draw the ops, joined
    directly, and the leaves with their gradients; the output's box says what was freed."""
    items = walk_edges(root._ctx)
    leaves = [item for item in items if not isinstance(item, Function)]
    ids = {id(item): f"t{i}" for i, item in enumerate(leaves)}
    ids.update({id(item): f"op{i}" for i, item in enumerate(i for i in items if isinstance(i, Function))})
    users = {}
    for item in items:
        for edge in item.edges if isinstance(item, Function) else ():
            if edge is not None:
                users.setdefault(id(edge), []).append(scope_of(item))
    graph = Graph(root=f"t{len(leaves)}")
    for item in items:
        if isinstance(item, Function):
            graph.add(Node(id=ids[id(item)], kind="op", title=op_label(item), scope=scope_of(item)))
            graph.edges += [(ids[id(edge)], ids[id(item)]) for edge in item.edges if edge is not None]
        else:
            graph.add(Node(id=ids[id(item)], kind="parameter", title=tensor_name(item, names),
                           rows=_tensor_rows(item, show_data, show_grad, precision),
                           scope=_common_prefix(users.get(id(item), []))))
    rows = _tensor_rows(root, show_data, show_grad, precision) + (FREED_NOTE,)
    graph.add(Node(id=graph.root, kind="output", title=tensor_name(root, names), rows=rows, scope=scope_of(root._ctx)))
    graph.edges.append((ids[id(root._ctx)], graph.root))
    return graph


def check_drawable(tensor, what, precision):
    """Refuse, naming the problem, a `tensor` that is not a Tensor or a `precision` that is not a number of decimals."""
    if not isinstance(tensor, Tensor):
        raise TypeError(f"{what} takes a Tensor, got {type(tensor).__name__}")
    check_integer(precision, "precision", 0, MAX_PRECISION)


def param_names(params):
    """{id(tensor): name as shown} from `params`: a {name: tensor} mapping or an nn.Module."""
    if params is None:
        return {}
    if hasattr(params, "named_parameters"):
        params = dict(params.named_parameters())
    if not hasattr(params, "items"):
        raise TypeError(f"params must be a dict {{name: tensor}}, e.g. dict(model.named_parameters()), or an "
                        f"nn.Module, got {type(params).__name__}")
    names = {}
    for name, tensor in params.items():
        if not isinstance(tensor, Tensor):
            raise TypeError(f"params must map names to tensors, but params[{shown(name, 60)!r}] is "
                            f"{type(tensor).__name__}")
        names[id(tensor)] = shown(name)
    return names


def tensor_name(tensor, names):
    """The name a tensor is shown with: its key in `params`, else its own `.name`, else ''."""
    return names[id(tensor)] if id(tensor) in names else shown(getattr(tensor, "name", None))


def op_label(function):
    """The op's label as shown, e.g. 'mul' or 'sum(dim=1)'."""
    return shown(function.label())


def scope_of(function):
    """The module path an op was recorded in, each module's name as shown."""
    return tuple(shown(part) for part in function.scope)


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
            scopes.setdefault(id(t), []).append(scope_of(tensor._ctx))
    return scopes


def _tensor_scope(tensor, kind, consumer_scopes):
    """The module a tensor is drawn in.

    An op's output belongs to the op's module. A parameter, or a one-element constant (a literal
    in a module's code), belongs to the innermost module that all its users share, so fc1.weight
    is drawn inside fc1. Larger constants are the data fed in from outside, so they stay outside."""
    if tensor._ctx is not None:
        return scope_of(tensor._ctx)
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
