"""Execute the course notebooks and save them, or compare a fresh run's text outputs with the saved ones.

    python -m tools.notebooks                 # re-execute every notebook in notebooks/ and save it (make notebooks)
    python -m tools.notebooks 04 07           # only these (by number or file name)

A notebook is executed from a clean kernel that runs this interpreter, with the project first on the path and
notebooks/ as its working directory (as a learner opens it). The saved outputs are what CI compares a fresh run
with (tests/notebooks/test_notebooks.py): `text_outputs` keeps each cell's text (streams, text/plain, errors)
and leaves out images and HTML, whose bytes are not meant to be compared.
"""
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import nbclient
import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CELL_TIMEOUT_S = 180


def kernel_spec_manager(folder):
    """A kernelspec named python3 in `folder` that runs this interpreter, the repository first on the path (so a
    stale or foreign `python3` kernelspec elsewhere on the machine cannot be picked up)."""
    spec_dir = Path(folder) / "python3"
    spec_dir.mkdir(parents=True, exist_ok=True)
    pythonpath = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)
    spec = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python 3 (glassgrad)", "language": "python", "env": {"PYTHONPATH": pythonpath}}
    (spec_dir / "kernel.json").write_text(json.dumps(spec))
    return KernelSpecManager(kernel_dirs=[str(folder)])


def execute(path, specs):
    """The notebook at `path`, executed top to bottom; raises CellExecutionError on the first failing cell."""
    nb = nbformat.read(path, as_version=4)
    km = KernelManager(kernel_name="python3", kernel_spec_manager=specs)
    client = nbclient.NotebookClient(nb, km=km, timeout=CELL_TIMEOUT_S, kernel_name="python3", record_timing=False,
                                     resources={"metadata": {"path": str(Path(path).parent)}})
    try:
        client.execute()
    finally:
        if km.has_kernel:  # nbclient leaves a kernel it was handed running: stop it, or each notebook leaks one
            km.shutdown_kernel(now=True)
    return nb


def text_outputs(nb):
    """[(cell index, the cell's text outputs joined)] for every code cell: what a fresh run must reproduce."""
    cells = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        texts = []
        for output in cell.get("outputs", []):
            if output.output_type == "stream":  # a stream may arrive in pieces, split differently on each run
                if texts and texts[-1].startswith(f"[{output.name}] "):
                    texts[-1] += output.text
                else:
                    texts.append(f"[{output.name}] {output.text}")
            elif output.output_type == "error":
                texts.append(f"[error] {output.ename}: {output.evalue}")
            elif "text/plain" in output.get("data", {}):
                texts.append(f"[{output.output_type}] {output.data['text/plain']}")
        cells.append((index, "".join(texts)))
    return cells


def chosen(names):
    """The notebooks named on the command line (by number, like 04, or file name), or all of them."""
    if not names:
        return NOTEBOOKS
    picked = [p for p in NOTEBOOKS if any(p.name.startswith(n) or p.name == n for n in names)]
    if len(picked) < len(names):
        raise SystemExit(f"no notebook matches one of {names}; they are {[p.name for p in NOTEBOOKS]}")
    return picked


def main(names):
    with tempfile.TemporaryDirectory() as folder:
        specs = kernel_spec_manager(folder)
        failed = []
        for path in chosen(names):
            start = time.perf_counter()
            try:
                nb = execute(path, specs)
            except nbclient.exceptions.CellExecutionError as error:  # say which, go on with the others
                print(f"{path.name}: FAILED, not saved:\n{str(error)[-2000:]}", flush=True)
                failed.append(path.name)
                continue
            for cell in nb.cells:  # execution counts follow the run; leave no per-run metadata behind
                cell.metadata.pop("execution", None)
            nbformat.write(nb, path)
            print(f"{path.name}: executed and saved in {time.perf_counter() - start:.0f} s", flush=True)
    if failed:
        raise SystemExit(f"{len(failed)} notebooks failed: {', '.join(failed)}")


if __name__ == "__main__":
    main(sys.argv[1:])
