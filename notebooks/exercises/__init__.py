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
        """Print the reference solution (its source, or its value)."""
        reference = self.reference(name)
        try:
            print(inspect.getsource(reference))
        except TypeError:  # a value, not a function or class
            print(f"{name} = {reference!r}")


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
