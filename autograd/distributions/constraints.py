"""The sets that a distribution's parameters and values must lie in (PyTorch's torch.distributions.constraints),
each a name for messages and a test over a NumPy array: `check(array)` is True where an element (or, for a constraint
over vectors, a last-axis row) belongs. Validation reads values only, so it works on arrays, not on the graph."""
import numpy as np


class Constraint:
    def __init__(self, name, check, event_dim=0):
        self.name, self.check, self.event_dim = name, check, event_dim

    def __repr__(self):
        return self.name


real = Constraint("Real()", lambda x: x == x)
real_vector = Constraint("IndependentConstraint(Real(), 1)", lambda x: np.all(x == x, axis=-1), event_dim=1)
positive = Constraint("GreaterThan(lower_bound=0.0)", lambda x: x > 0)
unit_interval = Constraint("Interval(lower_bound=0.0, upper_bound=1.0)", lambda x: (x >= 0) & (x <= 1))
boolean = Constraint("Boolean()", lambda x: (x == 0) | (x == 1))
simplex = Constraint("Simplex()", lambda x: np.all(x >= 0, axis=-1) & (np.abs(x.sum(-1) - 1) < 1e-6), event_dim=1)


def integer_interval(lower, upper):
    """Whole numbers from lower to upper, both included."""
    return Constraint(f"IntegerInterval(lower_bound={lower}, upper_bound={upper})",
                      lambda x: (x % 1 == 0) & (x >= lower) & (x <= upper))


def multinomial(upper):
    """Count vectors: non-negative entries summing to at most `upper` (PyTorch's check, weaker than == upper)."""
    return Constraint(f"Multinomial(upper_bound={upper})",
                      lambda x: np.all(x >= 0, axis=-1) & (x.sum(-1) <= upper), event_dim=1)


nonnegative = Constraint("GreaterThanEq(lower_bound=0.0)", lambda x: x >= 0)
nonnegative_integer = Constraint("IntegerGreaterThan(lower_bound=0)", lambda x: (x % 1 == 0) & (x >= 0))
