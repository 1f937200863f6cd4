"""Anomaly mode: find the first operation that produced NaN or Inf.

Inside `with detect_anomaly():` every forward result and every gradient is checked. The first
operation that turns finite inputs into NaN/Inf, or a backward rule that returns NaN, raises a
RuntimeError that names the operation, the pass (forward or backward) and the line of user code
that created it. Unlike PyTorch, which checks only gradients (for NaN), forward results are
checked too: `x / x` at 0 raises in the forward pass here, at the op that made the NaN.
"""
import contextlib
import os
import traceback

import numpy as np

from .decorators import decorate

class _State:
    """Anomaly mode is one setting for the whole process, as in PyTorch 2.13 (not per thread)."""

    enabled = False
    check_nan = True
    in_backward = False


state = _State()
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def is_anomaly_enabled():
    return state.enabled


def is_anomaly_check_nan_enabled():
    """The check_nan setting, as PyTorch's: True by default, also while anomaly mode is off."""
    return state.check_nan


class detect_anomaly:
    """Context manager (and decorator) that turns anomaly mode on: each op remembers where the user's
    code created it and, with check_nan=True (the default), every forward result is checked for
    NaN/Inf and every gradient for NaN. With check_nan=False the mode is on without the checks, as in PyTorch."""

    def __init__(self, check_nan=True):
        self.check_nan = bool(check_nan)
        self.previous = []

    def __enter__(self):
        self.previous.append((state.enabled, state.check_nan))
        state.enabled, state.check_nan = True, self.check_nan
        return self

    def __exit__(self, *exc):
        state.enabled, state.check_nan = self.previous.pop()
        return False

    def __call__(self, fn):
        """As a decorator: anomaly mode on around each call (each step of a generator function)."""
        return decorate(fn, lambda: detect_anomaly(self.check_nan))


def user_frame():
    """The innermost stack frame outside glassgrad's engine, as 'file:line in function'."""
    for frame in reversed(traceback.extract_stack()[:-1]):
        if not os.path.abspath(frame.filename).startswith(_PACKAGE_DIR):
            return f"{frame.filename}:{frame.lineno} in {frame.name}"
    return "unknown location"


@contextlib.contextmanager
def checking_backward():
    """While backward rules run, their own ops are checked as part of the backward pass."""
    previous = state.in_backward
    state.in_backward = True
    try:
        yield
    finally:
        state.in_backward = previous


def is_finite(array):
    return not np.issubdtype(array.dtype, np.inexact) or bool(np.isfinite(array).all())


def check_forward(fn, arrays, out):
    """Raise if `fn` produced NaN/Inf from finite inputs."""
    if not state.check_nan or is_finite(out) or not all(is_finite(a) for a in arrays):
        return
    raise RuntimeError(
        f"Anomaly detected: function '{fn.label()}' produced NaN or Inf in its forward pass "
        f"from finite inputs (created at {fn.created_at})."
    )


def check_backward(fn, grad_in, position):
    """Raise if the backward rule of `fn` returned a NaN gradient (an array). An infinite one passes, as in
    PyTorch, whose backward check looks for NaN only."""
    if not state.check_nan or not np.issubdtype(grad_in.dtype, np.inexact) or not np.isnan(grad_in).any():
        return
    raise RuntimeError(
        f"Anomaly detected: function '{fn.label()}Backward' returned NaN values in its "
        f"gradient for input {position} (forward created at {fn.created_at})."
    )
