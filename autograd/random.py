"""One NumPy Generator behind every random function in glassgrad (init, dropout, shuffling).

`manual_seed(s)` makes everything that follows reproducible."""
import numpy as np

from .tensor import Tensor

SEEDS = 2**64  # seeds are 64-bit: PyTorch takes any int in [-2**63, 2**64) and a negative one modulo 2**64


def seed_value(seed):
    """The 64-bit seed PyTorch's manual_seed makes of `seed`: int(seed) (so 3.9 -> 3, "7" -> 7), refused
    outside [-2**63, 2**64) with PyTorch's ValueError, a negative one taken modulo 2**64 (-1 -> 2**64 - 1)."""
    seed = int(seed)
    if not -2**63 <= seed < SEEDS:
        raise ValueError(f"Overflow when unpacking long long: the seed {seed} is not in [-2**63, 2**64)")
    return seed % SEEDS


def uniform_bounds(low, high, dtype):
    """uniform_'s range [low, high) as two floats, checked as PyTorch checks it: numbers (a 0-d tensor too, as a
    TypeError otherwise), each finite and within the dtype's range, low ≤ high, and high − low within it too."""
    bounds = []
    for position, (name, value) in enumerate((("from", low), ("to", high)), 1):
        if isinstance(value, Tensor) and value.ndim == 0:
            value = value.item()
        if not isinstance(value, (int, float, np.integer, np.floating)):
            raise TypeError(f"uniform_(): argument '{name}' (position {position}) must be float, not "
                            f"{type(value).__name__}")
        if not abs(value) <= np.finfo(dtype).max:
            raise RuntimeError(f"uniform_(): {name}={value} is out of bounds for {np.dtype(dtype).name}")
        bounds.append(float(value))
    low, high = bounds
    if low > high:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found from={low} > to={high}")
    if high - low > np.finfo(dtype).max:
        raise RuntimeError(f"uniform_ expects to - from <= the largest {np.dtype(dtype).name}, but found "
                           f"to={high} and from={low}")
    return low, high


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
        self._initial_seed = int(np.random.SeedSequence().entropy % SEEDS)
        super().__init__(np.random.PCG64(self._initial_seed))

    @property
    def device(self):
        return "cpu"

    def manual_seed(self, seed):
        """Reseed; as PyTorch's Generator.manual_seed, the seed must be a Python int (in seed_value's range)."""
        if isinstance(seed, np.integer):
            raise TypeError(f"an integer is required: Generator.manual_seed takes a Python int, not {type(seed).__name__}")
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise RuntimeError(f"manual_seed expected a long, but got {type(seed).__name__}")
        self._initial_seed = seed_value(seed)
        self.bit_generator.state = np.random.PCG64(self._initial_seed).state
        return self

    def seed(self):
        """Seed from fresh entropy; returns the seed."""
        self.manual_seed(int(np.random.SeedSequence().entropy % SEEDS))
        return self._initial_seed

    def initial_seed(self):
        return self._initial_seed

    def get_state(self):
        return dict(self.bit_generator.state)

    def set_state(self, state):
        """Restore a state: what get_state returned (a dict), or what get_rng_state returns (a uint8 tensor). A
        state from PyTorch (its mt19937 state of 5,056 bytes) or of another size or dtype is refused with
        PyTorch's error types: RuntimeError for a byte tensor of the wrong size, TypeError for anything else."""
        if isinstance(state, Tensor):
            state = pcg64_state(state)
        elif not isinstance(state, dict):
            raise TypeError(f"RNG state must be a torch.ByteTensor (a uint8 tensor from get_rng_state) or the dict "
                            f"Generator.get_state returns, got {type(state).__name__}")
        check_pcg64_state(state)
        self.bit_generator.state = state
        return self


_default = Generator()  # the one generator every random function draws from, reseeded in place


def manual_seed(seed):
    """Reseed the generator that every random function uses (seeds as PyTorch takes them: seed_value);
    returns that generator, as torch.manual_seed returns torch.default_generator."""
    seed = seed_value(seed)
    _default._initial_seed, _default.bit_generator.state = seed, np.random.PCG64(seed).state
    return _default


def check_pcg64_state(state):
    """Refuse a PCG64 state the generator can never be in (PyTorch refuses a bad state with "Invalid mt19937
    state"). PCG64 steps state ← a·state + inc (mod 2**128) with an odd increment, which visits every state;
    an even one (all zeros is a fixed point) makes rand return constants and randint never return. The
    buffered half-word is a uint32 and its flag 0 or 1."""
    try:
        inc, has_uint32, uinteger = state["state"]["inc"], state["has_uint32"], state["uinteger"]
        valid = state["bit_generator"] == "PCG64" and inc % 2 == 1 and has_uint32 in (0, 1) and 0 <= uinteger < 2**32
    except (KeyError, TypeError) as error:
        raise RuntimeError(f"Invalid PCG64 state (as get_state returns it): {error!r}") from None
    if not valid:
        raise RuntimeError("Invalid PCG64 state: its increment must be odd, has_uint32 0 or 1 and uinteger a uint32 "
                           "(glassgrad's generator is NumPy's PCG64; PyTorch says 'Invalid mt19937 state')")


_STATE_FIELDS = (("state", 16), ("inc", 16), ("has_uint32", 8), ("uinteger", 8))  # PCG64's state, as bytes


def get_rng_state():
    """The default generator's state as an opaque uint8 tensor (PyTorch's torch.get_rng_state; the bytes are
    NumPy's PCG64 state, not PyTorch's): set_rng_state(state) later makes the stream continue from here."""
    state = _default.bit_generator.state
    values = {**state["state"], "has_uint32": state["has_uint32"], "uinteger": state["uinteger"]}
    raw = b"".join(values[name].to_bytes(size, "little") for name, size in _STATE_FIELDS)
    return Tensor(np.frombuffer(raw, dtype=np.uint8).copy())


def set_rng_state(new_state):
    """Restore a state that get_rng_state returned (PyTorch's torch.set_rng_state)."""
    _default.set_state(pcg64_state(new_state))


def pcg64_state(new_state):
    """The PCG64 state (a dict, as NumPy's bit_generator.state) held by a uint8 tensor from get_rng_state; another
    tensor is refused as PyTorch refuses it (TypeError for another dtype, RuntimeError for another size, such as
    PyTorch's own 5,056-byte mt19937 state)."""
    if not isinstance(new_state, Tensor) or new_state.dtype != np.uint8:
        raise TypeError(f"RNG state must be a torch.ByteTensor (a uint8 tensor from get_rng_state), "
                        f"got {getattr(new_state, 'dtype', type(new_state).__name__)}")
    raw = new_state.numpy().tobytes()
    size = sum(size for _, size in _STATE_FIELDS)
    if len(raw) != size:  # any shape, as PyTorch
        raise RuntimeError(f"Expected an RNG state of size {size} (what get_rng_state returns: glassgrad's generator "
                           f"is NumPy's PCG64, not PyTorch's mt19937) but found the input RNG state size to be "
                           f"{new_state.numel()}")
    values, offset = {}, 0
    for name, width in _STATE_FIELDS:
        values[name], offset = int.from_bytes(raw[offset:offset + width], "little"), offset + width
    return {"bit_generator": "PCG64", "state": {"state": values["state"], "inc": values["inc"]},
            "has_uint32": values["has_uint32"], "uinteger": values["uinteger"]}


def initial_seed():
    """The seed the generator was last seeded with (by manual_seed, or from fresh entropy at import)."""
    return _default.initial_seed()


def default_generator():
    """The Generator every random function draws from (the same object after each manual_seed):
    pass it on, or use it to draw numbers. install_as_torch's torch.default_generator is this object."""
    return _default
