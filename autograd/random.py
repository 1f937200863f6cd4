"""One NumPy Generator behind every random function in glassgrad (init, dropout, shuffling).

`manual_seed(s)` makes everything that follows reproducible."""
import numpy as np

_state = {"generator": np.random.default_rng()}


def manual_seed(seed):
    """Reseed the generator that every random function uses."""
    _state["generator"] = np.random.default_rng(seed)
    return _state["generator"]


def default_generator():
    """The current NumPy Generator (pass it on, or use it to draw numbers)."""
    return _state["generator"]


class Generator(np.random.Generator):
    """PyTorch's `torch.Generator()`: a random number generator of its own, passed as `generator=` to
    the functions that draw (randn, randperm, multinomial, DataLoader, random_split, ...).

    It is a NumPy Generator (so everything that takes one takes it) with PyTorch's methods:
    `manual_seed(s)` (returns the generator, so `Generator().manual_seed(42)` works), `seed()`,
    `initial_seed()`, `get_state()` / `set_state()`. The numbers differ from PyTorch's: the
    algorithm is NumPy's PCG64."""

    def __init__(self, device="cpu"):
        if str(device) != "cpu":
            raise RuntimeError(f"glassgrad computes on the CPU: a Generator cannot be on device {device!r}")
        self._initial_seed = int(np.random.SeedSequence().entropy % 2**63)
        super().__init__(np.random.PCG64(self._initial_seed))

    @property
    def device(self):
        return "cpu"

    def manual_seed(self, seed):
        self._initial_seed = int(seed)
        self.bit_generator.state = np.random.PCG64(self._initial_seed).state
        return self

    def seed(self):
        """Seed from fresh entropy; returns the seed."""
        self.manual_seed(int(np.random.SeedSequence().entropy % 2**63))
        return self._initial_seed

    def initial_seed(self):
        return self._initial_seed

    def get_state(self):
        return dict(self.bit_generator.state)

    def set_state(self, state):
        self.bit_generator.state = state
        return self
