"""The explorer's drawings: the graph folded into groups (fold.py), one small drawing per group a learner can
open (views.py), all laid out by Graphviz in a few batched runs (render.py), and what the page needs to know
of them (the page's JSON keys "views", "boxes" and "folded"; each op and tensor's "view")."""
import re

from .dot import to_dot
from .fold import group_tree
from .graph import check_integer
from .render import render_svgs
from .text import module_path
from .views import DRAWN_NODES, ViewBuilder, boxed_groups, plan_views

# One outline per tensor box instead of one per row: the same layout, a third of the SVG's shapes.
TABLE_WITH_CELL_BORDERS, TABLE_WITH_ONE_OUTLINE = 'border="0" cellborder="1"', 'border="1" cellborder="0"'
SVG_WIDTH = re.compile(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+)')
LEGIBLE_WIDTH = 1000  # points: an open drawing wider is folded (at fit the page shrinks to 0.75 at most: 10 px text)


class Drawings:
    """The views of one explorer: `svgs` (one per view, the whole graph's first), `views` (the page's
    "views"), `boxes` (the page's "boxes") and `place` ({node id: the view that draws it itself}).

    ops: ({op id: the call numbers of its modules}, the op ids in the order the code ran them, {op id: its step
    number}, {op id: its label}); options: rankdir, cluster_modules, collapse_modules, max_nodes (explore's)."""

    def __init__(self, graph, ops, options):
        op_calls, order, number, labels = ops
        rankdir, cluster_modules, collapse_modules, max_nodes = options
        check_options(collapse_modules, max_nodes)
        self.max_nodes = DRAWN_NODES if max_nodes is None else max_nodes
        self.root, self.home = group_tree(graph, op_calls, order, number)
        self.builder = ViewBuilder(graph, self.home, labels, number, self.max_nodes)
        self.to_dot = lambda g: to_dot(g, rankdir, cluster_modules).replace(TABLE_WITH_CELL_BORDERS,
                                                                            TABLE_WITH_ONE_OUTLINE)
        self.collapse_modules = bool(collapse_modules)
        self.plan = plan_views(self.root, self.max_nodes, self.collapse_modules)
        self.too_wide = 0  # the whole graph's width in points when it was folded for being too wide, else 0
        self.svgs = render_svgs([self.to_dot(self.builder.draw(view).graph) for view in self.plan])
        self._fold_wide_views()
        self.place = self._places()

    def _fold_wide_views(self):
        """Fold, rather than shrink, an open drawing too wide to read when fitted to a window: draw its group
        folded, and its inner groups as views of their own."""
        for index, view in enumerate(self.plan):
            width = float(SVG_WIDTH.search(self.svgs[index])[1])
            if view.expanded and boxed_groups(view.group) and width > LEGIBLE_WIDTH:
                view.expanded = False
                if index == 0:
                    self.too_wide = round(width)
                added = []
                for child in boxed_groups(view.group):
                    planned, first = plan_views(child, self.max_nodes), len(self.plan) + len(added)
                    for inner in planned:
                        inner.parent = index if inner.parent is None else inner.parent + first
                    added += planned
                self.svgs[index] = render_svgs([self.to_dot(self.builder.draw(view).graph)])[0]
                self.plan += added
                self.svgs += render_svgs([self.to_dot(self.builder.draw(child).graph) for child in added])

    def _places(self):
        """Each node -> the view that draws it itself: that of the innermost group around it that has one."""
        view_of = {id(view.group): index for index, view in enumerate(self.plan)}
        place = {}
        for node_id, group in self.home.items():
            while id(group) not in view_of:
                group = group.parent
            place[node_id] = view_of[id(group)]
        return place

    def views(self):
        """The page's "views": title, the view it opens from ("parent"), the box that opens it there ("box"), and
        what the page says of it ("note": what is folded or cut, '' for nothing)."""
        return [{"title": view.group.label, "parent": view.parent, "box": view.group.id,
                 "note": _note(view, self.max_nodes)} for view in self.plan]

    def boxes(self):
        """The page's "boxes": every group's box and every cap's 'N more nodes' box, by drawing id."""
        boxes = {}
        for index, view in enumerate(self.plan):
            for node in view.graph.nodes.values():
                if node.kind == "elided":
                    boxes[node.id] = {"kind": "elided", "name": node.title}
            if view.parent is not None:
                boxes[view.group.id] = {"kind": "module", "name": view.group.label, "view": index,
                                        "module": module_path([g.label for g in view.group.path()[1:]])}
        return boxes

    def folded(self, op_count):
        """One sentence for the page when the whole graph does not open in one drawing, else ''."""
        if self.plan[0].expanded:
            return ""
        if self.too_wide:
            reason = (f"{op_count} ops: drawn whole, the graph is {self.too_wide} points wide, too wide to read in "
                      f"a window (more than {LEGIBLE_WIDTH})")
        elif self.collapse_modules:
            reason = f"{op_count} ops, folded as asked (collapse_modules)"
        else:
            reason = f"{op_count} ops: too many to draw at once (more than {self.max_nodes} nodes, max_nodes)"
        return (f"{reason}, so the graph is folded into modules, time steps and runs of ops ({len(self.plan)} "
                f"drawings of at most {self.max_nodes} nodes). Click a box to open it, Esc to go back up; the box "
                "holding the current op is red, and 'follow the op' (f) opens it.")


def check_options(collapse_modules, max_nodes):
    """Refuse, naming it, a `max_nodes` that is not a count, or a `collapse_modules` neither a bool nor a depth."""
    if max_nodes is not None:
        check_integer(max_nodes, "max_nodes", 1)
    if not isinstance(collapse_modules, bool) and (not isinstance(collapse_modules, int) or collapse_modules < 1):
        raise ValueError(f"collapse_modules must be True or a depth >= 1, got {collapse_modules!r}")


def _note(view, max_nodes):
    parts = [] if view.expanded else ["each box folds a group of ops: click it to open it"]
    if view.capped:
        parts.append(f"{view.capped} more nodes not drawn: one drawing holds {max_nodes} at most (max_nodes)")
    return "; ".join(parts)
