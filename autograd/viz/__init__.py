"""Drawing computation graphs: one box per tensor, one node per op, one cluster per nn.Module.

    >>> from autograd.viz import draw_graph
    >>> drawing = draw_graph(loss, params=dict(model.named_parameters()))
    >>> drawing.save_as("loss.svg")          # or display it in Jupyter
    >>> explore(loss).save("backprop.html")  # step through forward and backward in a browser

Two layers: extraction (`extract`, `collapse_modules`, `cap`, `to_dot`: plain data and DOT text,
no Graphviz needed) and rendering (`render`, `save`: a thin call to `dot` or `graphviz-pure`).
"""
from .dot import to_dot
from .drawing import dot_source, draw_graph
from .explore import Explorer, explore
from .extract import extract
from .graph import Graph, Node
from .notebook import tensor_bundle
from .render import FORMATS, RendererNotFound, find_renderer, render, save
from .simplify import cap, collapse_modules
from .walk import retain_grads, walk

__all__ = [
    "FORMATS", "Explorer", "Graph", "Node", "RendererNotFound", "cap", "collapse_modules", "dot_source", "draw_graph",
    "explore", "extract", "find_renderer", "render", "retain_grads", "save", "tensor_bundle", "to_dot", "walk",
]
