"""The drawing as plain data: nodes, edges and the module each node belongs to.

Extraction fills a `Graph` from a tensor; simplification (collapse, cap) rewrites it;
`dot.py` writes it as DOT text. Nothing here knows about Graphviz.
"""
from dataclasses import dataclass, field

TENSOR_KINDS = ("parameter", "constant", "intermediate", "output")
KINDS = TENSOR_KINDS + ("op", "module", "elided")


@dataclass
class Node:
    """One box of the drawing.

    id:    deterministic ('t0', 'op3', 'module1', 'elided'): the same graph always gets the same ids
    kind:  one of KINDS; it chooses the style
    title: the tensor's name, the op's label ('mul', 'sum(dim=1)') or the module's label
    rows:  the lines under the title (shape and dtype, data preview, grad preview)
    scope: the nn.Module path it was made in, e.g. ('MLP', 'fc1: Linear'); () outside any module
    """

    id: str
    kind: str
    title: str = ""
    rows: tuple = ()
    scope: tuple = ()


@dataclass
class Graph:
    """Nodes in a deterministic order (inputs before the ops that use them) and directed edges."""

    nodes: dict = field(default_factory=dict)  # id -> Node, in insertion order
    edges: list = field(default_factory=list)  # (source id, target id), data flows source -> target
    root: str = ""  # the id of the tensor that was drawn

    def add(self, node):
        self.nodes[node.id] = node
        return node

    def count(self, kind):
        return sum(1 for node in self.nodes.values() if node.kind == kind)


def check_integer(value, name, minimum, maximum=None):
    """Refuse an option that is not an integer (a bool neither) from `minimum` to `maximum`, naming it."""
    if isinstance(value, bool) or not hasattr(type(value), "__index__"):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if value < minimum or (maximum is not None and value > maximum):
        limits = f"at least {minimum}" if maximum is None else f"from {minimum} to {maximum}"
        raise ValueError(f"{name} must be {limits}, got {value}")
