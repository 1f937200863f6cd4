"""The explorer's views: one small drawing per group a learner can open (fold.py makes the groups).

A group whose nodes all fit in `max_nodes` is drawn open: every op and tensor in it, its inner groups as
clusters. A larger one is drawn folded: its own ops and tensors, each inner group as one box (what the
box holds: its ops' numbers and kinds), and the tensors that come in from outside; each box opens a view
of its own. A lone inner group (a model that is one module call) is opened in place, not drawn as one box.
So no drawing handed to Graphviz holds more than about FOLD boxes or `max_nodes` nodes, whatever the size
of the graph, and the time to lay them all out grows linearly with it. A drawing that would still be larger (one op reading hundreds of tensors) is cut by `simplify.cap`, and its view says so.

A box also shows, as boxes of their own, the parameters and data it reads and the tensors it sends out,
each kind when it has at most EXPOSED of them; a leaf read in more than SHARED boxes is drawn without its
arrows to them (a Linear layer's weight and bias, its output); a time step's box has more. An op that reads more
than GATHERED tensors made elsewhere (a stack of every time step's output) reads them from one box that says so:
a drawing stays narrow enough to read.
"""
from dataclasses import dataclass

from ..functional.reductions import shift_name
from .fold import Group, last_op, op_summary
from .graph import Graph, Node
from .simplify import cap

DRAWN_NODES = 160  # the most nodes of one drawing, by default: Graphviz lays it out in about a second at most
EXPOSED = 4
SHARED = 3  # a tensor read in more boxes than this is drawn without its arrows to them
GATHERED = 6  # an op reading more tensors than this from outside its drawing gets them as one box


@dataclass(eq=False)
class View:
    """One drawing: a group, drawn open (`expanded`) or folded, and the view it is opened from."""

    group: Group
    parent: int | None
    expanded: bool
    graph: Graph = None
    capped: int = 0  # nodes the cap left out


def plan_views(root, max_nodes, folded=False):
    """The views of a graph, the whole graph's first: each folded group's inner groups get their own.
    `folded` draws every group with inner groups folded, however small."""
    views = []
    pending = [(root, None)]
    while pending:
        group, parent = pending.pop(0)
        expanded = not boxed_groups(group) or (not folded and group.size <= max_nodes)
        views.append(View(group, parent, expanded))
        if not expanded:
            pending += [(child, len(views) - 1) for child in boxed_groups(group)]
    return views


def lone_groups(group):
    """The groups a folded drawing of `group` opens in place: its only inner group, that one's only inner group,
    ... (a model that is one module call): a drawing of one box would say nothing."""
    lone = []
    while len(group.groups()) == 1:
        group = group.groups()[0]
        lone.append(group)
    return lone


def boxed_groups(group):
    """The inner groups a folded drawing of `group` shows as boxes: those of its last lone group."""
    lone = lone_groups(group)
    return (lone[-1] if lone else group).groups()


class ViewBuilder:
    """Draws views of one graph: `graph` with its nodes' groups (`home`, from fold.group_tree)."""

    def __init__(self, graph, home, labels, number, max_nodes):
        self.graph, self.home, self.labels, self.number, self.max_nodes = graph, home, labels, number, max_nodes
        self.paths = {node_id: group.path() for node_id, group in home.items()}
        self.position = {node_id: k for k, node_id in enumerate(graph.nodes)}
        self.sources, self.readers = {}, {}
        for source, target in graph.edges:
            self.sources.setdefault(target, []).append(source)
            self.readers.setdefault(source, []).append(target)

    def draw(self, view):
        """Fill `view.graph`: the group's nodes, open or folded, and the tensors that come in."""
        group = view.group
        members = sorted(_nodes_in(group), key=self.position.get)
        inside = set(members)
        exposed = set() if view.expanded else {n for child in boxed_groups(group) for n in self._exposed(child)}
        result, place, seen, gathered = Graph(), {}, set(), []
        for node_id in members:
            place[node_id] = self._add(result, node_id, group, view.expanded, exposed)
        for node_id in members:
            outside = [source for source in self.sources.get(node_id, ()) if source not in inside]
            for source in self.sources.get(node_id, ()):
                if len(set(outside)) > GATHERED and source in outside and source not in result.nodes:
                    gathered.append(source)  # one of many tensors an op reads from elsewhere (a stack of 32 steps)
                    edge = ("elided", place[node_id])
                else:
                    if source not in inside and source not in result.nodes:
                        node = self.graph.nodes[source]
                        result.add(Node(node.id, node.kind, node.title, node.rows))
                    edge = (place.get(source, source), place[node_id])
                if source in exposed and edge[1] == self._box_making(source, group):
                    continue  # a box's output also read inside it (an LSTM step's c_t): the box's arrow out is enough
                if edge[0] != edge[1] and edge not in seen:
                    seen.add(edge)
                    result.edges.append(edge)
        if gathered:
            names = [self.graph.nodes[source].title for source in dict.fromkeys(gathered)]
            result.add(Node("elided", "elided", f"{len(names)} tensors made elsewhere",
                            (f"{names[0]} … {names[-1]}", "each drawn where it is made")))
        if not view.expanded:
            _unwire_shared_leaves(result, set(place.values()) - set(members))
        result.root = place[self.graph.root] if self.graph.root in inside else place[last_op(group)]
        if len(result.nodes) > self.max_nodes:
            view.capped = len(result.nodes) - self.max_nodes
            result = cap(result, self.max_nodes)
        view.graph = result
        return view

    def _box_making(self, node_id, group):
        """The id of the box, in a folded drawing of `group`, whose ops made `node_id`; None for a leaf."""
        if self.graph.nodes[node_id].kind not in ("intermediate", "output"):
            return None
        boxes = {id(box) for box in boxed_groups(group)}
        return next((g.id for g in self.paths[node_id] if id(g) in boxes), None)

    def _add(self, result, node_id, group, expanded, exposed):
        """Add the node that shows `node_id` in the view of `group` and return its id: the node itself (in the
        clusters of the groups between), or the box of the inner group that holds it."""
        path = self.paths[node_id]
        inner = path[path.index(group) + 1:]
        if not expanded:  # the lone groups are drawn open, as part of this drawing
            lone = lone_groups(group)
            inner = [g for g in inner if g not in lone]
        node = self.graph.nodes[node_id]
        if expanded or not inner or node_id in exposed:
            scope = tuple(g.label for g in inner) if expanded else ()
            result.add(Node(node.id, node.kind, node.title, node.rows, scope))
            return node_id
        box = inner[0]
        if box.id not in result.nodes:
            result.add(Node(box.id, "module", box.label, (op_summary(box, self.labels, self.number),)))
        return box.id

    def _exposed(self, box):
        """The parameters and the data a box reads, and the tensors it sends out (or the output), each kind
        when it has at most EXPOSED of them."""
        inside = _nodes_in(box)
        kinds = [self.graph.nodes[n].kind for n in inside]
        parameters = [n for n, kind in zip(inside, kinds, strict=True) if kind == "parameter"]
        data = [n for n, kind in zip(inside, kinds, strict=True) if kind == "constant" and _data_read(self.graph.nodes[n])]
        outputs = [n for n, kind in zip(inside, kinds, strict=True)
                   if kind in ("intermediate", "output") and self._leaves_box(n, box)]
        return [n for shown in (parameters, data, outputs) if len(shown) <= EXPOSED for n in shown]

    def _leaves_box(self, node_id, box):
        readers = self.readers.get(node_id, ())
        return node_id == self.graph.root or any(box not in self.paths[r] for r in readers)


def _data_read(node):
    """Whether a constant is data a box reads: not a number, nor a constant its own ops compute from their input
    (softmax's row max, 'max over dim 1', reductions.py), which is no input of the box."""
    return not node.rows[0].startswith("scalar") and not node.title.startswith(shift_name(""))


def _unwire_shared_leaves(graph, boxes):
    """A tensor that many boxes read (an RNN's weights, or their transpose, read at every time step) keeps its
    box, saying so, without an arrow to each: the drawing of each box shows it where it is read."""
    readers = {}
    for source, target in graph.edges:
        if target in boxes and graph.nodes[source].kind not in ("module", "op", "elided"):
            readers.setdefault(source, []).append(target)
    shared = {leaf for leaf, boxes_reading in readers.items() if len(boxes_reading) > SHARED}
    graph.edges = [(source, target) for source, target in graph.edges if source not in shared or target not in boxes]
    for leaf in shared:
        graph.nodes[leaf].rows += (f"read in {len(readers[leaf])} boxes (arrows not drawn)",)


def _nodes_in(group):
    nodes = list(group.nodes)
    for child in group.groups():
        nodes += _nodes_in(child)
    return nodes
