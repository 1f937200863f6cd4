"""Where randomness comes from in nn.data: one rule for `generator` and `random_state` arguments."""
import numpy as np

from autograd import default_generator


def as_generator(seed_or_generator):
    """None: glassgrad's default generator (so `autograd.manual_seed(s)` makes runs repeatable);
    an int: a new NumPy Generator seeded with it; a NumPy Generator: itself."""
    if seed_or_generator is None:
        return default_generator()
    if isinstance(seed_or_generator, np.random.Generator):
        return seed_or_generator
    if isinstance(seed_or_generator, (int, np.integer)) and not isinstance(seed_or_generator, bool):
        return np.random.default_rng(int(seed_or_generator))
    raise TypeError(f"expected None, an int seed or a numpy.random.Generator, got {type(seed_or_generator).__name__}")
