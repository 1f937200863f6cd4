"""The README's first command, `python -m tools.demo`, with few epochs so the test is quick."""
import subprocess
import sys

from .conftest import ROOT


def test_demo_writes_the_boundary_plot_and_the_graph(tmp_path):
    out = tmp_path / "demo"
    done = subprocess.run([sys.executable, "-m", "tools.demo", "--epochs", "20", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert "accuracy:" in done.stdout and "training" in done.stderr  # the tqdm bar goes to stderr
    png = (out / "decision_boundary.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000
    svg = (out / "forward_graph.svg").read_text()
    assert "<svg" in svg and "fc1.weight" in svg and "CrossEntropyLoss" in svg
