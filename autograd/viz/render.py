"""Rendering DOT text to svg, png or pdf: a thin call to a Graphviz program.

The program is Graphviz's `dot` when it is on PATH, else `graphviz-pure` (a pip-installable port:
`pip install graphviz-pure`, svg and png only). The environment variable AUTOGRAD_VIZ_RENDERER
(`dot`, `graphviz-pure` or `none`) picks one explicitly. With none available, `save` writes the
DOT text instead and says in one line how to get a renderer. A layout that runs past RENDER_SECONDS
(Graphviz's time grows faster than the graph: 4,000 nodes in a chain take dot 8 s, 20,000 more than
5 minutes) is stopped with an error that says how to draw fewer nodes.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

FORMATS = ("svg", "png", "pdf", "dot")
RENDERER_FORMATS = {"dot": ("svg", "png", "pdf"), "graphviz-pure": ("svg", "png"), "none": ()}
RENDER_SECONDS = 120
SVG_START = re.compile(r"<\?xml ")
INSTALL_HINT = "pip install graphviz-pure (svg, png) or install Graphviz's dot (svg, png, pdf: apt-get install graphviz)"


class RendererNotFound(RuntimeError):
    """No installed program can draw this format."""


def find_renderer(fmt):
    """The path of a program that renders `fmt`, or None."""
    chosen = os.environ.get("AUTOGRAD_VIZ_RENDERER")
    if chosen and chosen not in RENDERER_FORMATS:
        raise ValueError(f"AUTOGRAD_VIZ_RENDERER must be one of {', '.join(RENDERER_FORMATS)}, got {chosen!r}")
    names = [chosen] if chosen else ["dot", "graphviz-pure"]
    for name in names:
        if fmt in RENDERER_FORMATS.get(name, ()):
            path = shutil.which(name) or _beside_python(name)
            if path:
                return path
    return None


def _beside_python(name):
    """A console script installed in the running virtual environment, which may not be on PATH."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.is_file() and os.access(candidate, os.X_OK) else None


def render(dot_text, fmt):
    """The bytes of `dot_text` drawn as `fmt` ('svg', 'png' or 'pdf')."""
    program = find_renderer(fmt)
    if program is None:
        raise RendererNotFound(f"no installed Graphviz program renders {fmt}: {INSTALL_HINT}")
    try:
        done = subprocess.run([program, f"-T{fmt}"], input=dot_text.encode(), capture_output=True,
                              timeout=RENDER_SECONDS)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"{Path(program).name} did not finish laying out the graph in {RENDER_SECONDS} s: "
                           "draw fewer nodes (max_nodes=N, or collapse_modules=True for a model)") from None
    if done.returncode != 0:
        raise RuntimeError(_failure(Path(program).name, done.returncode, done.stderr.decode(errors="replace").strip()))
    return done.stdout


def _failure(name, returncode, stderr):
    """What went wrong when the renderer exited with `returncode`: its own message, or, when a signal killed it
    (a negative code, or 128 + the signal's number from a wrapper script: 139 is a segmentation fault, which
    Graphviz meets on very large graphs), that it crashed, and how to draw less."""
    signal_number = -returncode if returncode < 0 else returncode - 128 if returncode > 128 and not stderr else None
    if signal_number is None:
        return f"{name} failed (exit status {returncode}): {stderr or 'no message'}"
    try:
        signal_name = signal.Signals(signal_number).name
    except ValueError:
        signal_name = "an unknown signal"
    said = f": {stderr}" if stderr else ""
    return (f"{name} crashed (signal {signal_number}, {signal_name}) while laying out the graph{said}. Draw"
            " fewer nodes: --max-nodes N on the command line (max_nodes=N in Python), or --collapse"
            " (collapse_modules=True) to draw each module as one box")


def render_svgs(dot_texts, processes=2):
    """The SVG text of each DOT text, laid out by one program run per batch of graphs (its start-up is paid
    once per batch, not per graph), `processes` batches at a time."""
    if not dot_texts:
        return []
    batches = [dot_texts[k::processes] for k in range(min(processes, len(dot_texts)))]
    with ThreadPoolExecutor(len(batches)) as pool:
        laid_out = list(pool.map(_render_batch, batches))
    return [laid_out[k % len(batches)][k // len(batches)] for k in range(len(dot_texts))]


def _render_batch(dot_texts):
    return _split_svgs(render("".join(dot_texts), "svg").decode(), len(dot_texts))


def _split_svgs(text, count):
    """The documents of a program's output for several graphs, each beginning with its '<?xml' line."""
    starts = [match.start() for match in SVG_START.finditer(text)]
    if len(starts) != count:
        raise RuntimeError(f"the renderer drew {len(starts)} graphs out of {count}")
    return [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)], strict=True)]


def format_of(path, fmt=None):
    """The output format: `fmt` if given, else the file's suffix."""
    fmt = (fmt or Path(path).suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} for {path}: choose one of {', '.join(FORMATS)}")
    return fmt


def save(dot_text, path, fmt=None):
    """Write the drawing to `path` and return the path written.

    When no renderer is installed for the format, write the DOT text next to it (same name,
    suffix .dot), print one line saying how to install a renderer, and return that path."""
    path = Path(path)
    fmt = format_of(path, fmt)
    if fmt == "dot":
        path.write_text(dot_text)
        return path
    try:
        path.write_bytes(render(dot_text, fmt))
        return path
    except RendererNotFound:
        fallback = path.with_suffix(".dot")
        fallback.write_text(dot_text)
        print(f"no renderer for {fmt} found, so wrote the DOT text to {fallback}; to get {path.name}: "
              f"{INSTALL_HINT}", file=sys.stderr)
        return fallback
