"""glassgrad against PyTorch on the same model code, in one process: `python -m tools.bench --vs-torch`.

Every workload of tools/bench/models.py is built once with each engine; then, round after round, each
engine runs it in turn (the order alternating between rounds), so a slow phase of a shared machine slows
both alike. A round's time is the median CPU time (time.process_time) of its steps, with the garbage
collector on and one BLAS / OpenMP thread (set before NumPy and PyTorch are imported: the timing runs
in a fresh process). The report gives, per workload, each engine's median round, glassgrad's time over
PyTorch's as the median of the rounds' ratios with their range (lowest–highest), the minor page faults
per step (memory the kernel had to hand the process), and each engine's peak resident memory for the
workload, measured in a fresh process per engine and workload (interpreter, imports and workload).
"""
import gc
import json
import os
import statistics
import subprocess
import sys
import time

from .worker import ROOT

ENGINES = ("glassgrad", "torch")
TITLES = {"glassgrad": "glassgrad", "torch": "PyTorch"}
SCALE = {"us": 1e6, "ms": 1e3, "s": 1.0}


def namespace(engine):
    if engine == "torch":
        import torch

        torch.set_num_threads(1)
        return torch
    from .models import glassgrad_namespace

    return glassgrad_namespace()


def minor_faults():
    try:
        import resource
    except ImportError:  # Windows
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def time_round(step, per, repeat, warmup):
    """(median CPU seconds of one step ÷ per, minor page faults per step) over `repeat` steps."""
    for _ in range(warmup):
        step()
    gc.collect()
    times, faults = [], minor_faults()
    for _ in range(repeat):
        start = time.process_time()
        step()
        times.append(time.process_time() - start)
    return statistics.median(times) / per, (minor_faults() - faults) / repeat


def time_all(names, rounds, size):
    """{workload: {engine: {"seconds": [per round], "faults": [per round]}}}, engines interleaved."""
    from .models import WORKLOADS

    spaces = {engine: namespace(engine) for engine in ENGINES}
    results = {}
    for name in names:
        _, build, _, repeat = WORKLOADS[name]
        steps = {engine: build(spaces[engine], size) for engine in ENGINES}
        results[name] = {engine: {"seconds": [], "faults": []} for engine in ENGINES}
        for round_number in range(rounds):
            order = ENGINES if round_number % 2 == 0 else ENGINES[::-1]
            for engine in order:
                step, per = steps[engine]
                seconds, faults = time_round(step, per, repeat, warmup=2 if round_number == 0 else 1)
                results[name][engine]["seconds"].append(seconds)
                results[name][engine]["faults"].append(faults)
        del steps
    return results


def peak_mib():
    """This process's peak resident memory in MiB (VmHWM on Linux, else ru_maxrss), or None."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def memory_peak(engine, name, size):
    """The peak resident memory (MiB) of this process after building workload `name` and running three
    steps: the interpreter, the engine's imports and the workload together."""
    from .models import WORKLOADS

    step, _ = WORKLOADS[name][1](namespace(engine), size)
    for _ in range(3 if name != "scalar_chain" else 1):
        step()
    return peak_mib()


def run_child(args):
    """Run `python -m tools.bench.versus ARGS` with one BLAS / OpenMP thread; its JSON answer."""
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    done = subprocess.run([sys.executable, "-m", "tools.bench.versus", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"tools.bench.versus {' '.join(args)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(names, rounds, size):
    """Times (one process, engines interleaved) and peak memory (a fresh process per engine and workload)."""
    times = run_child(["time", str(rounds), size, *names])
    memory = {engine: {name: run_child(["memory", engine, size, name]) for name in names} for engine in ENGINES}
    return times, memory


def spread(values, fmt, unit=""):
    """'median unit (lowest–highest)', or 'median unit' for one value."""
    text = fmt(statistics.median(values)) + unit
    return text + (f" ({fmt(min(values))}–{fmt(max(values))})" if len(values) > 1 else "")


def report(times, memory, rounds):
    """Markdown: one row per workload, then the largest peak of each engine over all workloads."""
    from .models import WORKLOADS

    header = ["workload", "glassgrad", "PyTorch", "glassgrad ÷ PyTorch", "minor faults / step (glassgrad, PyTorch)",
              "peak MiB (glassgrad, PyTorch)"]
    rows = []
    for name, result in times.items():
        title, _, unit, _ = WORKLOADS[name]
        cells = [spread(result[e]["seconds"], lambda t, u=unit: f"{t * SCALE[u]:.3g}", " " + unit.replace("us", "µs"))
                 for e in ENGINES]
        ratios = [ours / theirs for ours, theirs in zip(result["glassgrad"]["seconds"], result["torch"]["seconds"], strict=True)]
        faults = ", ".join(f"{statistics.median(result[e]['faults']):.0f}" for e in ENGINES)
        peaks = ", ".join(f"{memory[e][name]:.0f}" for e in ENGINES)
        rows.append([title, *cells, spread(ratios, lambda r: f"{r:.2f}", "×"), faults, peaks])
    largest = {e: max(memory[e].values()) for e in ENGINES}
    rows.append(["peak memory, largest over the workloads", *(f"{largest[e]:.0f} MiB" for e in ENGINES),
                 f"{largest['glassgrad'] / largest['torch']:.2f}×", "", ""])
    lines = [header, ["---"] * len(header)] + rows
    note = (f"CPU time (process_time), 1 BLAS thread, collector on, {rounds} round(s) interleaved; "
            "time: median round (fastest–slowest); ratio: median of the rounds' ratios (lowest–highest)")
    return note + "\n\n" + "\n".join("| " + " | ".join(line) + " |" for line in lines)


def main(rounds, size="full", names=None):
    from .models import WORKLOADS

    names = list(names or WORKLOADS)
    times, memory = measure(names, rounds, size)
    print(report(times, memory, rounds))


if __name__ == "__main__":
    task, *rest = sys.argv[1:]
    if task == "time":
        answer = time_all(rest[2:], int(rest[0]), rest[1])
    else:
        answer = memory_peak(rest[0], rest[2], rest[1])
    print(json.dumps(answer))
