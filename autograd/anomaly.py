"""Anomaly mode: find the first operation that produced NaN or Inf.

Inside `with detect_anomaly():` every forward result and every gradient is checked.
The first operation that turns finite inputs into NaN/Inf raises a RuntimeError that names
the operation, the pass (forward or backward) and the line of user code that created it.
"""
import contextlib
import os
import threading
import traceback

import numpy as np

class _ThreadState(threading.local):
    """Anomaly mode belongs to the thread that turns it on, as in PyTorch."""

    enabled = False
    in_backward = False


_state = _ThreadState()
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def is_anomaly_enabled():
    return _state.enabled


class detect_anomaly:
    """Context manager (and decorator) that turns anomaly checks on."""

    def __init__(self, check_nan=True):
        self.mode = bool(check_nan)
        self.previous = []

    def __enter__(self):
        self.previous.append(_state.enabled)
        _state.enabled = self.mode
        return self

    def __exit__(self, *exc):
        _state.enabled = self.previous.pop()
        return False

    def __call__(self, fn):
        def wrapper(*args, **kwargs):
            with detect_anomaly(self.mode):
                return fn(*args, **kwargs)

        return wrapper


def user_frame():
    """The innermost stack frame outside glassgrad's engine, as 'file:line in function'."""
    for frame in reversed(traceback.extract_stack()[:-1]):
        if not os.path.abspath(frame.filename).startswith(_PACKAGE_DIR):
            return f"{frame.filename}:{frame.lineno} in {frame.name}"
    return "unknown location"


@contextlib.contextmanager
def checking_backward():
    """While backward rules run, their own ops are checked as part of the backward pass."""
    previous = _state.in_backward
    _state.in_backward = True
    try:
        yield
    finally:
        _state.in_backward = previous


def is_finite(array):
    return not np.issubdtype(array.dtype, np.inexact) or bool(np.isfinite(array).all())


def check_forward(fn, arrays, out):
    """Raise if `fn` produced NaN/Inf from finite inputs."""
    if is_finite(out) or not all(is_finite(a) for a in arrays):
        return
    raise RuntimeError(
        f"Anomaly detected: function '{fn.label()}' produced NaN or Inf in its forward pass "
        f"from finite inputs (created at {fn.created_at})."
    )


def check_backward(fn, grad_in, position):
    """Raise if the backward rule of `fn` returned a NaN/Inf gradient."""
    if is_finite(grad_in._data):
        return
    raise RuntimeError(
        f"Anomaly detected: function '{fn.label()}Backward' returned NaN or Inf values in its "
        f"gradient for input {position} (forward created at {fn.created_at})."
    )
