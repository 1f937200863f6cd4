"""Writing a `Graph` as DOT text: one style per kind of node, one nested cluster per module.

The text is exactly what `graphviz.Digraph(body=dot_body(...)).source` gives, so tests can check
it without Graphviz installed and `draw_graph` can hand the same lines to a `graphviz.Digraph`.

Names reach this layer as printable text (`text.shown`); here a name longer than LABEL_LENGTH is
drawn shortened, with the whole of it in the node's tooltip, and every text is escaped for where it
goes: '\\', '"' and '&' in quoted strings, '&', '<', '>' and '\\' in HTML-like labels.
"""
import html

from .text import LABEL_LENGTH, module_path, short

FONT = "Helvetica"
GRAPH_ATTRIBUTES = f'graph [fontname="{FONT}" fontsize=11 nodesep=0.25 ranksep=0.35 rankdir={{rankdir}}]'
NODE_DEFAULTS = f'node [fontname="{FONT}" fontsize=10]'
EDGE_DEFAULTS = "edge [arrowsize=0.6 color=\"#555555\"]"
RANKDIRS = ("LR", "TB", "RL", "BT")

# kind -> (fill colour of a box, or DOT attributes of a node drawn without a table)
TENSOR_FILL = {
    "parameter": "#dbeafe",  # blue: what training changes
    "constant": "#eeeeee",  # grey: data and literals, no gradient wanted
    "intermediate": "#ffffff",
    "output": "#dcfce7",  # green: the tensor that was drawn
    "module": "#ede9fe",  # violet: a collapsed module
}
PLAIN_NODE_STYLE = {
    "op": 'shape=ellipse style=filled fillcolor="#fef3c7" margin="0.05,0.02"',
    "elided": 'shape=note style="filled,dashed" fillcolor="#ffffff" color="#888888"',
}
CLUSTER_STYLE = 'style="rounded,filled" fillcolor="#f7f7f7" color="#aaaaaa" fontsize=11'


def to_dot(graph, rankdir="LR", cluster_modules=True):
    """The whole DOT text of `graph`."""
    return "digraph {\n" + "".join(dot_body(graph, rankdir, cluster_modules)) + "}\n"


def dot_body(graph, rankdir="LR", cluster_modules=True):
    """The statements inside `digraph { ... }`, each a tab-indented line ending in a newline."""
    if rankdir not in RANKDIRS:
        raise ValueError(f"rankdir must be one of {', '.join(RANKDIRS)}, got {rankdir!r}")
    lines = [GRAPH_ATTRIBUTES.format(rankdir=rankdir), NODE_DEFAULTS, EDGE_DEFAULTS]
    if cluster_modules:
        lines += _clustered_nodes(graph)
    else:
        lines += [_node_statement(node) for node in graph.nodes.values()]
    lines += [_edge_statement(source, target) for source, target in graph.edges]
    if cluster_modules:
        lines += [f"{source} -> {leaf} [style=invis]" for source, leaf in _leaves_after_their_op_input(graph)]
    return [f"\t{line}\n" for line in lines]


def _leaves_after_their_op_input(graph):
    """(an op's first input that an op made, a leaf read by that op alone), for each such leaf: an invisible
    edge between them ranks the leaf (a layer's weight, a constant) after the tensor coming into its module,
    not beside the module before, which would set the two modules side by side: a model stays one column."""
    sources, reads = {}, {}
    for source, target in graph.edges:
        sources.setdefault(target, []).append(source)
        reads[source] = reads.get(source, 0) + 1
    pairs = []
    for op, inputs in sources.items():
        made = [t for t in inputs if t in sources]
        if graph.nodes[op].kind == "op" and made:
            pairs += [(made[0], t) for t in inputs if t not in sources and reads[t] == 1]
    return pairs


def _clustered_nodes(graph):
    """Node statements nested in `subgraph cluster_N { ... }` blocks that follow the module paths.

    Sibling clusters come in the order in which their modules finished computing (the walk order
    is topological), so a model reads in the order of its forward pass."""
    members, finished = {}, {}  # module path -> its nodes; module path -> position of its last node
    for position, node in enumerate(graph.nodes.values()):
        members.setdefault(node.scope, []).append(node)
        for depth in range(1, len(node.scope) + 1):
            finished[node.scope[:depth]] = position
    lines = [_node_statement(node) for node in members.get((), [])]
    _write_clusters((), members, finished, lines, counter=[0])
    return lines


def _write_clusters(parent, members, finished, lines, counter):
    children = sorted((path for path in finished if path[:-1] == parent), key=finished.get)
    indent = "\t" * len(parent)
    for path in children:
        lines.append(f"{indent}subgraph cluster_{counter[0]} {{")
        counter[0] += 1
        lines.append(f"{indent}\tlabel={_quote(short(path[-1]))}{_tooltip(path[-1], ())} {CLUSTER_STYLE}")
        lines += [indent + "\t" + _node_statement(node) for node in members.get(path, [])]
        _write_clusters(path, members, finished, lines, counter)
        lines.append(f"{indent}}}")


def _node_statement(node):
    if node.kind in PLAIN_NODE_STYLE:
        label = "\\n".join(_escape(text) for text in (short(node.title), *node.rows) if text)
        return f'{node.id} [label="{label}" {PLAIN_NODE_STYLE[node.kind]}{_tooltip(node.title, node.scope)}]'
    shape = "box3d" if node.kind == "module" else "none"
    return f"{node.id} [label=<{_table(node)}> shape={shape} margin=0{_tooltip(node.title, node.scope)}]"


def _table(node):
    """A one-column HTML-like table: the title in bold (omitted when empty), then one row per line."""
    fill = TENSOR_FILL[node.kind]
    border = 0 if node.kind == "module" else 1
    cells = [f"<tr><td><b>{_html_text(short(node.title))}</b></td></tr>"] if node.title else []
    cells += [f'<tr><td align="left">{_html_text(row)}</td></tr>' for row in node.rows]
    return (f'<table border="0" cellborder="{border}" cellspacing="0" cellpadding="3" bgcolor="{fill}">'
            + "".join(cells) + "</table>")


def _tooltip(title, scope):
    """The name in full when the label shortens it, then the module path."""
    lines = [title] if len(title) > LABEL_LENGTH else []
    if scope:
        lines.append(module_path(scope))
    # Graphviz reads a tooltip's escapes twice (a DOT tooltip "\\\\N" shows the node's name): four backslashes show one
    return f" tooltip={_quote(chr(10).join(lines).replace(chr(92), chr(92) * 2))}" if lines else ""


def _edge_statement(source, target):
    style = " [style=dashed]" if source == "elided" else ""
    return f"{source} -> {target}{style}"


def _html_text(text):
    """Text inside an HTML-like label: markup escaped, '\\' doubled, since Graphviz reads '\\N' there as
    the node's name (its escString rules apply to HTML text too), and ']' as '&#93;' (Graphviz 2.43 rejects a
    cell whose text is ']' or ']]')."""
    return html.escape(text, quote=False).replace("\\", "\\\\").replace("]", "&#93;")


def _escape(text):
    """Text inside a DOT quoted string: '\\' and '"' escaped, '&' too (Graphviz decodes '&amp;' in labels and
    tooltips), and a newline as DOT's line break."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;").replace("\n", "\\n")


def _quote(text):
    return f'"{_escape(text)}"'
