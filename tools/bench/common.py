"""What every benchmark case shares: the description of one workload, and how it is timed.

Each case module (mlp, overhead, conv, lstm) has a list WORKLOADS. A workload names one computation and,
for each engine that can run it, a builder: a function that imports its engine, sets up the problem (the
same weights and data for every engine) and returns `step`, one call of which is what gets timed.
"""
import dataclasses
import gc
import statistics
import time

ENGINES = {  # command-line name -> column title
    "glassgrad": "glassgrad",
    "numpy": "NumPy by hand",
    "torch": "PyTorch",
    "mygrad": "MyGrad",
    "hips": "HIPS autograd",
}


@dataclasses.dataclass
class Workload:
    title: str
    builders: dict  # engine name -> builder() returning step()
    unit: str = "ms"  # how to print the times: "s", "ms" or "us"
    repeat: int = 20  # timed calls of step(); the median is reported
    warmup: int = 3
    per: int = 1  # report the time of one step divided by this (per-op figures)
    gc_paused: bool = False  # time with the garbage collector paused, as `timeit` does


def median_time(step, repeat, warmup, gc_paused=False):
    """Median wall time of step() in seconds, after `warmup` untimed calls.

    The garbage collector runs as it does in user code unless gc_paused: then it is paused while
    timing (objects are still freed by reference counting; only the cycle collector waits)."""
    for _ in range(warmup):
        step()
    times = []
    gc_was_enabled = gc.isenabled()
    if gc_paused:
        gc.disable()
    try:
        for _ in range(repeat):
            start = time.perf_counter()
            step()
            times.append(time.perf_counter() - start)
    finally:
        if gc_was_enabled:
            gc.enable()
    return statistics.median(times)
