"""Exercises with checks for the course notebooks.

Each notebook has a sheet, `exercises/nbNN.py`, listing its exercises; the reference solutions live apart, in
`solutions/nbNN.py`, so that reading a notebook or its checks does not give them away. In a notebook:

    from exercises import nb01 as ex

    def sigmoid_backward(x, g):            # a starter cell, tagged "exercise"
        raise NotImplementedError          # the learner replaces this line

    sigmoid_backward = ex.check("sigmoid_backward", sigmoid_backward)

`check` runs the exercise's check on the answer and prints one line: solved, not attempted yet, or what is wrong
(which element, which shape, how far off). It returns the answer when it passes and the reference solution
otherwise, so the cells below an unsolved exercise still run. `ex.hint(name)` prints the hint and
`ex.solution(name)` prints the reference solution.

An exercise's check is a function of the answer that returns a short success message, or raises `Wrong` with a
message for the learner. Every exercise also lists wrong answers its check must reject: CI runs each check on its
solution and on each wrong answer (tests/notebooks/test_exercises.py).
"""
import importlib
import inspect
import re
from dataclasses import dataclass, field

import numpy as np

LEVELS = ("apply", "implement", "derive", "predict", "debug")


class Wrong(Exception):
    """An answer that does not pass, with the reason in words a learner understands."""


class NotAttempted(Exception):
    """The starter cell is unchanged: it raised NotImplementedError or holds `...`."""


@dataclass
class Exercise:
    """One exercise: `check(answer)` returns a success message or raises Wrong; `wrong` are answers it must
    reject; `level` is one of LEVELS (apply a formula, implement code, derive a result, predict then see,
    debug a broken loop)."""
    name: str
    number: str
    level: str
    title: str
    check: callable
    hint: str
    wrong: tuple = field(default_factory=tuple)

    def __post_init__(self):
        if self.level not in LEVELS:
            raise ValueError(f"exercise {self.name}: level {self.level!r} is not one of {LEVELS}")
        if not self.wrong:
            raise ValueError(f"exercise {self.name}: give at least one wrong answer the check must reject")


class Sheet:
    """The exercises of one notebook, found by name; the solutions are imported only when needed."""

    def __init__(self, notebook, exercises):
        self.notebook = notebook  # e.g. "nb01": the solutions are in solutions/nb01.py
        self.exercises = {exercise.name: exercise for exercise in exercises}
        if len(self.exercises) != len(exercises):
            raise ValueError(f"{notebook}: two exercises share a name")

    def __getitem__(self, name):
        if name not in self.exercises:
            raise KeyError(f"{self.notebook} has no exercise {name!r}; it has {', '.join(self.exercises)}")
        return self.exercises[name]

    def reference(self, name):
        """The reference solution of exercise `name` (the object of that name in solutions/nbNN.py)."""
        self[name]
        return getattr(importlib.import_module(f"solutions.{self.notebook}"), name)

    def verify(self, name, answer):
        """(passed, message): run the check on `answer`, turning anything the answer raises into a message."""
        try:
            if answer is Ellipsis:
                raise NotAttempted
            with np.errstate(all="ignore"):  # an overflow or a 0/0 is reported in words, not as NumPy warnings
                return True, self[name].check(answer)
        except NotAttempted:
            return False, "not attempted yet"
        except NotImplementedError:
            return False, "not attempted yet"
        except Wrong as wrong:
            return False, str(wrong)
        except Exception as error:  # the learner's code failed: say how, never break the notebook
            return False, f"your answer raised {type(error).__name__}: {error}"

    def check(self, name, answer):
        """Check `answer`, print the verdict, and return what the cells below should use."""
        exercise = self[name]
        passed, message = self.verify(name, answer)
        heading = f"Exercise {exercise.number} ({exercise.title})"
        if passed:
            print(f"✓ {heading}: solved. {message}")
            return answer
        if message == "not attempted yet":
            print(f"… {heading}: not attempted yet. The cells below use the reference solution; "
                  f"ex.hint({name!r}) gives a hint.")
        else:
            print(f"✗ {heading}: {message}\n  The cells below use the reference solution until yours passes; "
                  f"ex.hint({name!r}) gives a hint.")
        return self.reference(name)

    def hint(self, name):
        print(f"Hint for exercise {self[name].number}: {self[name].hint}")

    def solution(self, name):
        """Print the reference solution: its source, or for a value the comment that explains it and the value."""
        reference = self.reference(name)
        try:
            print(inspect.getsource(reference))
        except TypeError:  # a value, not a function or class: show the reasoning kept with it in solutions/
            print(value_with_reasoning(importlib.import_module(f"solutions.{self.notebook}"), name, reference))


def value_with_reasoning(module, name, value):
    """The lines of `module`'s source that assign `name`, with the comment block just above them (the reasoning
    kept with a value in solutions/); `name = repr(value)` if the source has no such assignment."""
    lines = inspect.getsource(module).splitlines()
    starts = [i for i, line in enumerate(lines) if re.match(rf"{name}\s*=", line)]
    if not starts:
        return f"{name} = {value!r}"
    first = last = starts[0]
    while first > 0 and lines[first - 1].startswith("#"):
        first -= 1
    while last + 1 < len(lines) and lines[last + 1].strip() and not re.match(r"[A-Za-z_#]", lines[last + 1]):
        last += 1  # the assignment's continuation lines
    return "\n".join(lines[first:last + 1])


# ---------------------------------------------------------------------------------------- messages for learners
def as_array(value, what="your answer"):
    """`value` (a Tensor, array, list or number) as a float NumPy array, or Wrong saying what it is."""
    if hasattr(value, "detach"):
        value = value.detach().numpy()
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise Wrong(f"{what} should be numbers (a tensor, array or number), not {type(value).__name__}") from None
    return array


def factor_note(got, expected, known=None):
    """' (yours is k times the right one: why)' when `got` is a constant multiple k ≠ 1 of `expected`, else ''.
    `known` maps factors to the typical mistake behind them, e.g. {N: "the sum over the N examples, not the mean"};
    a factor −1 is named as a sign error unless `known` says otherwise."""
    got, expected = as_array(got), as_array(expected)
    if got.shape != expected.shape or not np.vdot(expected, expected):
        return ""
    scale = float(np.vdot(got, expected) / np.vdot(expected, expected))
    if np.isclose(scale, 1) or not np.allclose(got, scale * expected, rtol=1e-6, atol=1e-9):
        return ""
    reasons = {-1.0: "the sign is flipped", **(known or {})}
    why = next((reason for factor, reason in reasons.items() if np.isclose(scale, factor, rtol=1e-6)), "")
    return f" (yours is {scale:.4g} times the right one{': ' + why if why else ''})"


def compare(got, expected, what="your answer", rtol=1e-5, atol=1e-7):
    """Raise Wrong, naming the shape or the first element that differs and by how much, unless `got` matches."""
    got, expected = as_array(got, what), as_array(expected, "the expected value")
    if got.shape != expected.shape:
        raise Wrong(f"{what} has shape {tuple(got.shape)}, expected {tuple(expected.shape)}")
    if np.isnan(got).any() and not np.isnan(expected).any():
        where = tuple(int(i) for i in np.argwhere(np.isnan(got))[0])
        raise Wrong(f"{what} holds NaN (first at index {where}): look for a 0/0 or log(0)")
    close = np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
    if not close.all():
        index = tuple(int(i) for i in np.argwhere(~close)[0])
        at = f" at [{', '.join(map(str, index))}]" if got.ndim else ""
        value, target = got[index], expected[index]
        raise Wrong(f"{what}{at} is {value:.6g}, expected {target:.6g} (off by {value - target:.3g}); "
                    f"{int((~close).sum())} of {close.size} values differ")
