"""docs/reading-the-engine.md stays true: its line counts are the files', the core stays within 1,500
non-blank lines, every file it names exists, and no import of the project forms a cycle."""
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "reading-the-engine.md"
CORE_ROW = re.compile(r"^\| (\d+) \| `([^`]+)` \| (\d+) \|", re.M)


def non_blank_lines(path):
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def test_the_core_table_gives_each_files_lines_and_the_core_fits_in_1500():
    rows = CORE_ROW.findall(GUIDE.read_text(encoding="utf-8"))
    assert rows, "the guide's core table was not found"
    wrong = [(name, int(said), non_blank_lines(ROOT / name)) for _, name, said in rows
             if non_blank_lines(ROOT / name) != int(said)]
    assert not wrong, f"line counts to update in the guide (file, said, is): {wrong}"
    assert sum(int(said) for _, _, said in rows) <= 1500
    assert [int(order) for order, _, _ in rows] == list(range(1, len(rows) + 1))


def test_every_primitive_file_is_in_the_guide():
    text = GUIDE.read_text(encoding="utf-8")
    for path in sorted((ROOT / "autograd" / "primitives").glob("*.py")):
        assert path.name in text, f"{path.name} is not mentioned in the reading guide"


def test_the_readme_links_the_guide():
    assert "docs/reading-the-engine.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_no_import_cycle_and_no_private_tensor_state_outside_autograd():
    tool = ROOT.parent / "shared" / "tools" / "structure.py"
    if not tool.exists():
        import pytest

        pytest.skip("../shared/tools/structure.py is not beside this checkout")
    result = subprocess.run([sys.executable, str(tool)], cwd=ROOT, capture_output=True, text=True)
    assert "import cycles: 0" in result.stdout, result.stdout
    assert result.returncode == 0, result.stdout
