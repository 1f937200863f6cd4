"""Jupyter display: a tensor, or a drawing, shows its graph inline as SVG."""
from .dot import to_dot
from .extract import extract
from .render import RendererNotFound, render
from .simplify import cap

INLINE_MAX_NODES = 200  # an inline picture of a whole training graph helps nobody; cap it


def svg_bundle(dot_text, text):
    """{'image/svg+xml': ..., 'text/plain': text}, or just the text when no renderer is installed."""
    bundle = {"text/plain": text}
    try:
        bundle["image/svg+xml"] = render(dot_text, "svg").decode()
    except RendererNotFound:
        pass
    return bundle


def tensor_bundle(tensor):
    """What Jupyter shows for a tensor: its repr and, when an op made it, the graph behind it."""
    if tensor._ctx is None:
        return {"text/plain": repr(tensor)}
    return svg_bundle(to_dot(cap(extract(tensor), INLINE_MAX_NODES)), repr(tensor))
