"""Run the installed `autograd-viz` command (next to the interpreter; `python -m` otherwise)."""
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def command():
    script = Path(sys.executable).parent / "autograd-viz"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "tools.viz_cli"]


class Result:
    def __init__(self, done, seconds):
        self.returncode, self.stdout, self.stderr, self.seconds = done.returncode, done.stdout, done.stderr, seconds


@pytest.fixture
def cli(tmp_path):
    """cli(*args, renderer=None) runs autograd-viz in tmp_path and returns its exit code, output and time."""
    def run(*args, renderer=None):
        env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
        if renderer:
            env["AUTOGRAD_VIZ_RENDERER"] = renderer
        start = time.perf_counter()
        done = subprocess.run([*command(), *args], cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=120, stdin=subprocess.DEVNULL)
        return Result(done, time.perf_counter() - start)
    return run
