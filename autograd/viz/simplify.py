"""Making large graphs readable: collapse modules into boxes, or cap the number of nodes drawn."""
import functools
from collections import deque

from .graph import Graph, Node, check_integer
from .text import short

MODULE_OPS_LISTED = 4  # how many distinct op names a collapsed module's box lists


def collapse_modules(graph, depth=True):
    """Replace the ops made inside each module by one box labelled with the module.

    depth=True collapses the innermost modules (those with no submodule of their own: fc1, act,
    fc2), so their parents still show as clusters around the boxes; an int `depth` collapses every
    module at that nesting depth (1: each top-level module is one box). Parameters stay visible as
    a box's inputs, and tensors that leave a module stay visible as its outputs, with their shapes."""
    box_of_scope = _box_key_function(graph, depth)
    consumers = {}
    for source, target in graph.edges:
        consumers.setdefault(source, []).append(target)

    box_ids, box_ops, representative = {}, {}, {}
    for node in graph.nodes.values():
        key = box_of_scope(node.scope)
        if key is None or node.kind in ("parameter", "output"):
            continue
        if node.kind != "op" and any(graph.nodes[c].scope[: len(key)] != key for c in consumers.get(node.id, [])):
            continue  # a tensor leaving the module: keep it, as the module's output
        box_ids.setdefault(key, f"module{len(box_ids)}")
        representative[node.id] = box_ids[key]
        if node.kind == "op":
            box_ops.setdefault(key, []).append(node.title)

    result = Graph(root=graph.root)
    for node in graph.nodes.values():
        key = box_of_scope(node.scope)
        if node.id not in representative:
            scope = node.scope if key is None else key[:-1]  # kept nodes move out of their box
            result.add(Node(node.id, node.kind, node.title, node.rows, scope))
        elif representative[node.id] not in result.nodes:
            result.add(Node(box_ids[key], "module", key[-1], (_ops_summary(box_ops[key]),), key[:-1]))
    seen = set()
    for source, target in graph.edges:
        edge = (representative.get(source, source), representative.get(target, target))
        if edge[0] != edge[1] and edge not in seen:
            seen.add(edge)
            result.edges.append(edge)
    return result


def _box_key_function(graph, depth):
    """scope -> the module path of the box it collapses into, or None when it is not collapsed."""
    if depth is True:
        op_scopes = {node.scope for node in graph.nodes.values() if node.kind == "op"}

        @functools.cache
        def innermost(scope):
            extended = any(len(other) > len(scope) and other[: len(scope)] == scope for other in op_scopes)
            return scope if scope and not extended else None

        return innermost
    if not isinstance(depth, int) or depth < 1:
        raise ValueError(f"collapse_modules must be True or a depth >= 1, got {depth!r}")
    return lambda scope: scope[:depth] if len(scope) >= depth else None


def _ops_summary(op_titles):
    names = [short(name) for name in dict.fromkeys(op_titles)]
    listed = ", ".join(names[:MODULE_OPS_LISTED]) + (", ..." if len(names) > MODULE_OPS_LISTED else "")
    return f"{len(op_titles)} op{'s' if len(op_titles) > 1 else ''}: {listed}"


def cap(graph, max_nodes):
    """Keep the `max_nodes` nodes closest to the output (breadth-first against the arrows) and
    draw one 'N more nodes' box feeding the places where the rest was cut off."""
    if max_nodes is None:
        return graph
    check_integer(max_nodes, "max_nodes", 1)
    if len(graph.nodes) <= max_nodes:
        return graph
    sources = {}
    for source, target in graph.edges:
        sources.setdefault(target, []).append(source)
    kept, queue = {graph.root}, deque([graph.root])
    while queue and len(kept) < max_nodes:
        for source in sources.get(queue.popleft(), []):
            if source not in kept and len(kept) < max_nodes:
                kept.add(source)
                queue.append(source)
    result = Graph(root=graph.root)
    for node in graph.nodes.values():
        if node.id in kept:
            result.add(node)
    hidden = len(graph.nodes) - len(kept)
    result.add(Node("elided", "elided", f"... {hidden} more nodes", (f"max_nodes={max_nodes}",)))
    cut = set()
    for source, target in graph.edges:
        if source in kept and target in kept:
            result.edges.append((source, target))
        elif target in kept and target not in cut:
            cut.add(target)
            result.edges.append(("elided", target))
    return result
