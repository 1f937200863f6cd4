"""Execute every teaching notebook in notebooks/ from a clean kernel and compare its text outputs with the saved
ones: a failing cell (each notebook ends with a cell of asserts on what it taught) fails the test, and so does a
notebook whose saved outputs are stale (re-execute and save them with `make notebooks`).

Execution is tools/notebooks.py's, which `make notebooks` uses too: a kernelspec written to a temporary folder runs
the interpreter running pytest, so a stale or foreign `python3` kernelspec elsewhere cannot be picked up.
"""
import difflib

import pytest

pytest.importorskip("nbformat", reason="executing notebooks needs nbformat (pip install -e '.[test]')")
pytest.importorskip("nbclient", reason="executing notebooks needs nbclient (pip install -e '.[test]')")
pytest.importorskip("ipykernel", reason="executing notebooks needs ipykernel (pip install -e '.[test]')")

import nbformat  # noqa: E402

from tools.notebooks import NOTEBOOKS, execute, kernel_spec_manager, text_outputs  # noqa: E402


@pytest.fixture(scope="session")
def specs(tmp_path_factory):
    return kernel_spec_manager(tmp_path_factory.mktemp("kernels"))


def stale_cells(saved, fresh):
    """A readable diff of each code cell whose fresh text outputs differ from the saved ones."""
    report = []
    for (index, old), (_, new) in zip(text_outputs(saved), text_outputs(fresh), strict=True):
        if old != new:
            diff = difflib.unified_diff(old.splitlines(), new.splitlines(), "saved", "fresh run", lineterm="")
            report.append(f"cell {index}:\n" + "\n".join(diff))
    return report


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_and_its_saved_outputs_are_current(path, specs):
    fresh = execute(path, specs)  # raises CellExecutionError, with the cell and its traceback, on a failing cell
    stale = stale_cells(nbformat.read(path, as_version=4), fresh)
    assert not stale, (f"{path.name}: saved outputs differ from a fresh run in {len(stale)} cells "
                       "(run `make notebooks` and commit):\n" + "\n\n".join(stale[:5]))
