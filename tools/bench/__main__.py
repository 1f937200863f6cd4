"""Run the benchmarks and print a table of median times, peak memory and ratios.

    python -m tools.bench                      # every case, every engine that is installed
    python -m tools.bench mlp overhead         # some cases
    python -m tools.bench --engines glassgrad,torch --rounds 5
    python -m tools.bench --python hips=/tmp/hips/bin/python    # an engine from another environment
    python -m tools.bench --vs-torch --rounds 5    # the same model code on glassgrad and PyTorch, one process
    python -m tools.bench --vs-torch vgg conv      # some of its workloads (see tools/bench/models.py)
    python -m tools.bench.explorer                 # the explorer's build and open times (tools/bench/explorer.py)

Every workload runs in each engine in a fresh process of its own (tools/bench/worker.py), one after the
other, with the BLAS and OpenMP pools limited to --threads (default 1: on a shared machine, threads that
wait for busy cores make times swing tenfold). A time is the median over repeated steps in that process,
with the garbage collector running as in user code (the million-op chain is also timed with it paused);
with --rounds N, every process is run N times and the table gives the median round and, in brackets,
the fastest and slowest. A ratio is taken within each round, whose processes ran minutes apart at
most, and the table gives the median of the rounds' ratios with their range in brackets. Memory is each
process's peak resident size: the interpreter, the engine's imports and the workload together.
PyTorch, MyGrad and HIPS autograd are timed when installed (`pip install torch mygrad`; HIPS autograd
in its own environment, see other_engines.py).
"""
import argparse
import importlib
import json
import os
import platform
import statistics
import subprocess
import sys

from . import versus
from .models import WORKLOADS as VERSUS
from .common import ENGINES
from .worker import ROOT

CASES = ["mlp", "overhead", "conv", "lstm"]
SCALE = {"us": 1e6, "ms": 1e3, "s": 1.0}


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases", nargs="*", metavar="case",
                        help=f"any of {', '.join(CASES)}; with --vs-torch any of {', '.join(VERSUS)} (default: all)")
    parser.add_argument("--vs-torch", action="store_true",
                        help="run tools/bench/models.py's workloads on glassgrad and PyTorch in one process, "
                             "rounds interleaved, CPU time (see tools/bench/versus.py)")
    parser.add_argument("--size", choices=["full", "tiny"], default="full",
                        help="with --vs-torch: the issue's sizes, or a few elements each (to check that it runs)")
    parser.add_argument("--engines", default=",".join(ENGINES),
                        help=f"comma-separated, from {', '.join(ENGINES)} (default: all)")
    parser.add_argument("--rounds", type=int, default=1, help="run every measurement this many times (default 1)")
    parser.add_argument("--threads", type=int, default=1, help="BLAS / OpenMP threads per engine (default 1)")
    parser.add_argument("--python", action="append", default=[], metavar="ENGINE=PATH",
                        help="run ENGINE's workers with this interpreter (e.g. a venv holding HIPS autograd)")
    args = parser.parse_args(argv)
    known = VERSUS if args.vs_torch else CASES
    unknown = set(args.cases) - set(known)
    if unknown:
        parser.error(f"unknown case(s) {', '.join(sorted(unknown))}; choose from {', '.join(known)}")
    args.engines = args.engines.split(",")
    unknown = set(args.engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engine(s) {', '.join(sorted(unknown))}; choose from {', '.join(ENGINES)}")
    interpreters = {}
    for item in args.python:
        engine, _, path = item.partition("=")
        if engine not in ENGINES or not path:
            parser.error(f"--python takes ENGINE=PATH with ENGINE one of {', '.join(ENGINES)}, got {item!r}")
        interpreters[engine] = path
    args.python = interpreters
    if args.rounds < 1 or args.threads < 1:
        parser.error("--rounds and --threads must be at least 1")
    return args


def run_worker(python, case, index, engine, threads):
    """One measurement in a fresh process: the worker's JSON answer, or {"missing": the error}."""
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads),
               MKL_NUM_THREADS=str(threads))
    done = subprocess.run([python, "-m", "tools.bench.worker", case, str(index), engine], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit status {done.returncode}"]
        return {"missing": f"failed: {lines[-1]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_all(args):
    """{(workload title, engine): [the worker's answer in each round]}, in table order, and the workloads."""
    workloads = [(case, i, w) for case in args.cases or CASES
                 for i, w in enumerate(importlib.import_module(f"tools.bench.{case}").WORKLOADS)]
    results = {}
    for round_number in range(args.rounds):
        for case, index, workload in workloads:
            for engine in args.engines:
                if engine not in workload.builders:
                    continue
                print(f"round {round_number + 1}/{args.rounds}: {workload.title}: {ENGINES[engine]} ...",
                      file=sys.stderr, flush=True)
                answer = run_worker(args.python.get(engine, sys.executable), case, index, engine, args.threads)
                results.setdefault((workload.title, engine), []).append(answer)
    return results, [w for _, _, w in workloads]


def summary(answers):
    """The median time over rounds and (fastest, slowest), or None if the engine did not run."""
    times = [a["seconds"] for a in answers if "seconds" in a]
    return (statistics.median(times), min(times), max(times)) if times else None


def cell(answers, unit):
    times = summary(answers)
    if times is None:
        return "—"
    median, fastest, slowest = (f"{t * SCALE[unit]:.3g}" for t in times)
    text = f"{median} {unit.replace('us', 'µs')}"
    if len(answers) > 1:
        text += f" ({fastest}–{slowest})"
    peaks = [a["peak_mib"] for a in answers if a.get("peak_mib") is not None]
    return text + (f", {max(peaks):.0f} MiB" if peaks else "")


def ratio(results, title, engine):
    """glassgrad's time over `engine`'s, round by round: within a round the two ran close together, so a
    slow phase of a shared machine slows both. The median of the rounds' ratios and, over rounds, the range."""
    rounds = zip(results.get((title, "glassgrad"), []), results.get((title, engine), []), strict=False)
    ratios = [ours["seconds"] / other["seconds"] for ours, other in rounds if "seconds" in ours and "seconds" in other]
    if not ratios:
        return "—"
    text = f"{statistics.median(ratios):.2f}×"
    return text + (f" ({min(ratios):.2f}–{max(ratios):.2f})" if len(ratios) > 1 else "")


def table(results, workloads, engines):
    """Markdown: one row per workload, one column per engine that ran, then glassgrad's ratios."""
    ran = [e for e in engines if any(summary(results.get((w.title, e), [])) for w in workloads)]
    header = ["workload"] + [ENGINES[e] for e in ran] + ["glassgrad ÷ NumPy", "glassgrad ÷ PyTorch"]
    lines = [header] + [
        [w.title] + [cell(results.get((w.title, e), []), w.unit) for e in ran]
        + [ratio(results, w.title, "numpy"), ratio(results, w.title, "torch")]
        for w in workloads
    ]
    return "\n".join("| " + " | ".join(line) + " |" for line in [lines[0], ["---"] * len(header)] + lines[1:])


def notes(results, args):
    """Versions of the engines that ran, and why the others did not."""
    versions, missing = {}, {}
    for (_, engine), answers in results.items():
        for answer in answers:
            if "version" in answer:
                versions[engine] = answer["version"]
            elif "missing" in answer:
                missing.setdefault(engine, answer["missing"])
    lines = [f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
             f"{args.threads} thread(s) per engine, {args.rounds} round(s); "
             + ", ".join(f"{ENGINES[e]} {v}" for e, v in versions.items())]
    lines += [f"{ENGINES[e]} did not run: {why}" for e, why in missing.items() if e not in versions]
    return "\n".join(lines)


def main(argv=None):
    args = parse_args(argv)
    if args.vs_torch:
        versus.main(args.rounds, args.size, args.cases)
        return
    results, workloads = measure_all(args)
    print(notes(results, args) + "\n")
    print(table(results, workloads, args.engines))


if __name__ == "__main__":
    main()
