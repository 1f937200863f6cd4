"""Execute every teaching notebook in notebooks/ from a clean kernel; a failing cell (each notebook ends with a
cell of asserts on what it taught) fails the test.

The kernel is started with the interpreter running pytest (sys.executable), through a kernelspec written to a
temporary folder, so a stale or foreign `python3` kernelspec elsewhere on the machine cannot be picked up.
"""
import json
import os
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="executing notebooks needs nbformat (pip install -e '.[test]')")
nbclient = pytest.importorskip("nbclient", reason="executing notebooks needs nbclient (pip install -e '.[test]')")
pytest.importorskip("ipykernel", reason="executing notebooks needs ipykernel (pip install -e '.[test]')")

from jupyter_client.kernelspec import KernelSpecManager  # noqa: E402  (installed with nbclient)
from jupyter_client.manager import KernelManager  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
CELL_TIMEOUT_S = 180


@pytest.fixture(scope="session")
def kernel_spec_manager(tmp_path_factory):
    """A kernelspec named python3 that runs this interpreter, with the repository first on the path."""
    folder = tmp_path_factory.mktemp("kernels") / "python3"
    folder.mkdir()
    pythonpath = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (pytest)",
        "language": "python",
        "env": {"PYTHONPATH": pythonpath},
    }
    (folder / "kernel.json").write_text(json.dumps(spec))
    return KernelSpecManager(kernel_dirs=[str(folder.parent)])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path, kernel_spec_manager):
    nb = nbformat.read(path, as_version=4)
    km = KernelManager(kernel_name="python3", kernel_spec_manager=kernel_spec_manager)
    client = nbclient.NotebookClient(
        nb, km=km, timeout=CELL_TIMEOUT_S, kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},  # the notebook's folder is its working directory
    )
    try:
        client.execute()  # raises CellExecutionError, with the cell and its traceback, on the first failing cell
    finally:
        if km.has_kernel:  # nbclient leaves a kernel it was handed running: stop it, or each notebook leaks one
            km.shutdown_kernel(now=True)
