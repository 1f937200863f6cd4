"""Exercises of notebook 01 (autograd from scratch). Solutions: solutions/nb01.py."""
import numpy as np

import autograd
from exercises import Exercise, Sheet, as_array, compare

POINTS = np.linspace(-3, 3, 13)


def check_tanh_grad(tanh_grad):
    """The learner's d tanh(z)/dz, at 13 points from -3 to 3, against autograd's."""
    z = autograd.tensor(POINTS, requires_grad=True)
    z.tanh().sum().backward()
    got = as_array(tanh_grad(autograd.tensor(POINTS)), "tanh_grad(z)")
    compare(got, z.grad, "tanh_grad(z) for z = linspace(-3, 3, 13)")
    return "It equals the gradient backward() computes at 13 points from -3 to 3."


tanh_grad = Exercise(
    "tanh_grad", "1.1", "derive", "the derivative of tanh", check_tanh_grad,
    hint="tanh(z) = (e^z − e^−z)/(e^z + e^−z); differentiate with the quotient rule and write the result with "
         "tanh(z) itself. The tensor method z.tanh() computes tanh.",
    wrong=(lambda z: 1 - z.tanh(), lambda z: (1 - z.tanh() ** 2)[:-1]),
)

sheet = Sheet("nb01", [tanh_grad])
check, hint, solution = sheet.check, sheet.hint, sheet.solution  # what the notebook calls, as ex.check(...)
