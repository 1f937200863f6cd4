"""Run the benchmarks and print a table of median times and ratios.

    python -m tools.bench              # every case
    python -m tools.bench mlp overhead # some of them

Times are medians over repeated runs with Python's garbage collector paused (as `timeit` does).
PyTorch is timed when installed (the `oracle` extra); its column is empty otherwise.
"""
import argparse
import importlib
import os
import platform

CASES = ["mlp", "overhead", "conv", "lstm"]
SCALE = {"us": 1e6, "ms": 1e3, "s": 1.0}


def _format(seconds, unit):
    return "—" if seconds is None else f"{seconds * SCALE[unit]:.3g} {unit.replace('us', 'µs')}"


def _ratio(ours, other):
    return "—" if other is None else f"{ours / other:.2f}×"


def table(rows):
    header = ["case", "glassgrad", "NumPy by hand", "PyTorch", "vs NumPy", "vs PyTorch", "note"]
    lines = [header] + [
        [r.name, _format(r.glassgrad, r.unit), _format(r.numpy, r.unit), _format(r.torch, r.unit),
         _ratio(r.glassgrad, r.numpy), _ratio(r.glassgrad, r.torch), r.note]
        for r in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(line, widths)) + " |" for line in lines]
    out.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases", nargs="*", metavar="case", help=f"any of {', '.join(CASES)} (default: all)")
    args = parser.parse_args(argv)
    unknown = set(args.cases) - set(CASES)
    if unknown:
        parser.error(f"unknown case(s) {', '.join(sorted(unknown))}; choose from {', '.join(CASES)}")
    try:
        import torch

        torch.set_num_threads(os.cpu_count() or 1)
    except ImportError:
        torch = None
    rows = []
    for name in args.cases or CASES:
        module = importlib.import_module(f"tools.bench.{name}")
        print(f"running {name} ...", flush=True)
        rows.extend(module.run(torch))
    print(f"\n{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"PyTorch {'not installed' if torch is None else torch.__version__}\n")
    print(table(rows))


if __name__ == "__main__":
    main()
