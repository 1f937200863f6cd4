"""Time one workload in one engine, in a process of its own, and print the result as one JSON line.

    python -m tools.bench.worker CASE INDEX ENGINE

prints {"seconds": median time of one step (divided by the workload's `per`), "peak_mib": the process's
peak resident memory, "version": the engine's} or {"missing": why the engine could not run}. The parent
(tools.bench) starts one worker per workload and engine, so that engines do not share memory, threads or
imports, and HIPS autograd's `autograd` does not meet glassgrad's. The hand-written NumPy versions run
with glassgrad's allocator setting (autograd/memory.py), so that page faults do not lift the floor.
"""
import importlib
import importlib.metadata
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DISTRIBUTIONS = {"glassgrad": "glassgrad", "numpy": "numpy", "torch": "torch", "mygrad": "mygrad", "hips": "autograd"}


def _drop_repository_from_path():
    """Make `import autograd` find an installed package, not this repository's engine."""
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT]


def peak_mib():
    """Peak resident memory of this process in MiB, or None where `resource` is missing (Windows)."""
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes on macOS, KiB elsewhere


def measure(case, index, engine):
    from .common import median_time

    workload = importlib.import_module(f"tools.bench.{case}").WORKLOADS[index]
    if engine == "hips":
        _drop_repository_from_path()
    if engine == "numpy":  # the floor runs with the allocator setting of `import autograd` (GLASSGRAD_MALLOC)
        import autograd.memory  # noqa: F401
    try:
        step = workload.builders[engine]()
    except ImportError as error:
        return {"missing": str(error)}
    seconds = median_time(step, workload.repeat, workload.warmup, workload.gc_paused)
    return {"seconds": seconds / workload.per, "peak_mib": peak_mib(), "version": version(engine)}


def version(engine):
    try:
        return importlib.metadata.version(DISTRIBUTIONS[engine])
    except importlib.metadata.PackageNotFoundError:
        return "from source"


if __name__ == "__main__":
    case, index, engine = sys.argv[1:]
    print(json.dumps(measure(case, int(index), engine)))
