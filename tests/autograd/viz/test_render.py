"""Real files through real renderers, the fallback without one, and Jupyter display."""
import shutil

import graphviz
import pytest

import autograd
from autograd.viz import dot_source, draw_graph, find_renderer, render, save

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")


@pytest.fixture
def use_renderer(monkeypatch):
    def choose(name):
        monkeypatch.setenv("AUTOGRAD_VIZ_RENDERER", name)
    return choose


def test_graphviz_pure_is_installed_for_the_tests(use_renderer):
    use_renderer("graphviz-pure")
    assert find_renderer("svg") is not None, "pip install graphviz-pure (the test extra installs it)"
    assert find_renderer("pdf") is None  # graphviz-pure has no pdf writer


@pytest.mark.parametrize("renderer", ["graphviz-pure", pytest.param("dot", marks=needs_dot)])
def test_svg_and_png_files(neuron, tmp_path, use_renderer, renderer):
    use_renderer(renderer)
    out, _ = neuron
    text = dot_source(out)
    svg = save(text, tmp_path / "neuron.svg")
    assert svg == tmp_path / "neuron.svg"
    content = svg.read_text()
    assert "<svg" in content and "tanh" in content and "0.7071" in content  # printed as PyTorch prints it
    png = save(text, tmp_path / "neuron.png")
    assert png.read_bytes().startswith(PNG_MAGIC) and png.stat().st_size > 5000


@needs_dot
def test_pdf_through_dot(neuron, tmp_path, use_renderer):
    use_renderer("dot")
    assert save(dot_source(neuron[0]), tmp_path / "neuron.pdf").read_bytes().startswith(b"%PDF")


def test_dot_format_needs_no_renderer(neuron, tmp_path, use_renderer):
    use_renderer("none")
    path = save(dot_source(neuron[0]), tmp_path / "neuron.dot")
    assert path.read_text().startswith("digraph {")


def test_without_a_renderer_the_dot_text_is_written_and_one_line_explains(neuron, tmp_path, use_renderer, capsys):
    use_renderer("none")
    path = save(dot_source(neuron[0]), tmp_path / "neuron.svg")
    assert path == tmp_path / "neuron.dot" and path.read_text().startswith("digraph {")
    message = capsys.readouterr().err
    assert message.count("\n") == 1 and "pip install graphviz-pure" in message
    with pytest.raises(autograd.viz.RendererNotFound):
        render("digraph {}", "svg")


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="choose one of svg, png, pdf, dot"):
        save("digraph {}", tmp_path / "graph.gif")


def test_draw_graph_is_a_digraph_with_the_same_text(neuron, tmp_path, use_renderer):
    use_renderer("graphviz-pure")
    out, leaves = neuron
    drawing = draw_graph(out, params=leaves, rankdir="TB", max_nodes=8)
    assert isinstance(drawing, graphviz.Digraph)
    assert drawing.source == dot_source(out, params=leaves, rankdir="TB", max_nodes=8)
    assert "<svg" in drawing._repr_mimebundle_()["image/svg+xml"]
    assert drawing.save_as(tmp_path / "drawing.png").read_bytes().startswith(PNG_MAGIC)


def test_jupyter_shows_a_tensor_with_its_graph(neuron, use_renderer):
    use_renderer("graphviz-pure")
    out, leaves = neuron
    bundle = out._repr_mimebundle_()
    assert bundle["text/plain"] == repr(out) and "tanh" in bundle["image/svg+xml"]
    assert set(leaves["x1"]._repr_mimebundle_()) == {"text/plain"}  # a leaf has no graph to draw


def test_jupyter_falls_back_to_text_without_a_renderer(neuron, use_renderer):
    use_renderer("none")
    assert set(neuron[0]._repr_mimebundle_()) == {"text/plain"}


def test_an_unknown_renderer_name_is_refused(use_renderer, tmp_path):
    use_renderer("graphviz")  # a near miss: dot, graphviz-pure or none
    with pytest.raises(ValueError, match="AUTOGRAD_VIZ_RENDERER must be one of dot, graphviz-pure, none, got 'graphviz'"):
        save("digraph { a }", tmp_path / "g.svg")
    assert not (tmp_path / "g.dot").exists()


def test_a_layout_that_runs_too_long_is_stopped_with_advice(tmp_path, monkeypatch, use_renderer):
    import importlib

    render_module = importlib.import_module("autograd.viz.render")  # the module, not the function of that name

    fake = tmp_path / "dot"
    fake.write_text(f"#!/bin/sh\nexec {shutil.which('sleep')} 30\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(render_module, "RENDER_SECONDS", 0.5)
    use_renderer("dot")
    with pytest.raises(RuntimeError, match=r"dot did not finish laying out the graph in 0.5 s: draw fewer nodes"):
        render("digraph { a }", "svg")
