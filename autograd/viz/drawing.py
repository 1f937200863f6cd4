"""`draw_graph`: a tensor's graph as a `graphviz.Digraph` that Jupyter displays inline.

The `graphviz` Python package (pure Python, `pip install graphviz`) is needed only here; the
drawing it returns renders through `render.py`, so `graphviz-pure` works where `dot` is missing.
"""
import functools

from .dot import dot_body, to_dot
from .extract import extract
from .notebook import svg_bundle
from .render import save
from .simplify import cap, collapse_modules as collapse


def draw_graph(tensor, params=None, show_data=True, show_grad=True, rankdir="LR", cluster_modules=True,
               collapse_modules=False, max_nodes=None, precision=4):
    """Draw the graph that computed `tensor`.

    params:           {name: tensor} naming leaves, e.g. dict(model.named_parameters())
    show_data/grad:   include a preview of each tensor's data / grad (scalars are shown in full)
    rankdir:          'LR' (left to right), 'TB', 'RL' or 'BT'
    cluster_modules:  draw the ops of each nn.Module inside a box labelled with it (fc1: Linear)
    collapse_modules: True draws each innermost module as one box; an int collapses at that depth
    max_nodes:        keep only this many nodes, those nearest the output
    precision:        decimals of the numbers shown (printed as PyTorch prints them)

    Draw before `backward()`: it frees the graph (or pass retain_graph=True to it; to see every
    gradient arrive, use `autograd.viz.explore`).
    """
    graph = simplified_graph(tensor, params, show_data, show_grad, collapse_modules, max_nodes, precision)
    return _drawing_class()(body=dot_body(graph, rankdir, cluster_modules))


def dot_source(tensor, params=None, show_data=True, show_grad=True, rankdir="LR", cluster_modules=True,
               collapse_modules=False, max_nodes=None, precision=4):
    """The DOT text of `draw_graph(...)` with the same options, without needing the graphviz package."""
    graph = simplified_graph(tensor, params, show_data, show_grad, collapse_modules, max_nodes, precision)
    return to_dot(graph, rankdir, cluster_modules)


def simplified_graph(tensor, params, show_data, show_grad, collapse_modules, max_nodes, precision):
    """The extracted graph, collapsed and capped as asked."""
    graph = extract(tensor, params, show_data, show_grad, precision)
    if collapse_modules:
        graph = collapse(graph, collapse_modules)
    return cap(graph, max_nodes)


@functools.cache
def _drawing_class():
    try:
        import graphviz
    except ImportError:
        raise ImportError("draw_graph returns a graphviz.Digraph: pip install graphviz "
                          "(or use autograd.viz.dot_source for the DOT text)") from None

    class GraphDrawing(graphviz.Digraph):
        """A graphviz.Digraph that renders with dot or graphviz-pure, whichever is installed."""

        def __repr__(self):  # no memory address: a saved notebook shows the same text on every run
            edges = sum("->" in line and "style=invis" not in line for line in self.body)  # (not layout hints)
            nodes = sum("label=" in line and "->" not in line for line in self.body)
            return f"<GraphDrawing: {nodes} nodes, {edges} edges>"

        def _repr_mimebundle_(self, include=None, exclude=None, **_):
            return svg_bundle(self.source, repr(self))

        def save_as(self, path, fmt=None):
            """Write svg, png, pdf or dot to `path` (the format from its suffix unless `fmt`)."""
            return save(self.source, path, fmt)

    return GraphDrawing
