"""The README's Python examples run as written (the drawing snippet needs a model, so it is left out)."""
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = [b for b in re.findall(r"```python\n(.*?)```", README.read_text(), re.S)
          if "draw_graph(loss" not in b and "install_as_torch" not in b]  # tests/test_install_as_torch.py runs that one


@pytest.mark.parametrize("code", BLOCKS, ids=[f"example{i}" for i in range(len(BLOCKS))])
def test_readme_example_runs(code, capsys):
    exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out  # each example prints what it shows


def test_readme_scalar_example_gives_the_gradients_it_states():
    namespace = {}
    exec(compile(BLOCKS[0], "README.md", "exec"), namespace)
    assert abs(namespace["x"].grad.item() + 1.5) < 1e-4 and abs(namespace["w"].grad.item() - 1.0) < 1e-4


def test_readme_in_place_example_gives_what_it_states():
    (block,) = [b for b in BLOCKS if "a += 10" in b]
    namespace = {}
    exec(compile(block, "README.md", "exec"), namespace)
    assert namespace["w"].grad.tolist() == [18.0, 14.0]
