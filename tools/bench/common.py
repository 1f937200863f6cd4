"""Timing helpers shared by the benchmark cases.

Each case module has `run(torch)` (torch is the module, or None when it is not installed)
and returns a list of Row: one line of the table, times in seconds (None when not measured)."""
import dataclasses
import gc
import statistics
import time


@dataclasses.dataclass
class Row:
    name: str
    glassgrad: float
    numpy: float | None = None
    torch: float | None = None
    unit: str = "ms"  # how to print the times: "ms", "us" or "s"
    note: str = ""


def median_time(fn, repeat=20, warmup=3):
    """Median wall time of fn() in seconds, after a few warm-up calls, with the GC paused."""
    for _ in range(warmup):
        fn()
    times = []
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeat):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    finally:
        if gc_was_enabled:
            gc.enable()
    return statistics.median(times)
