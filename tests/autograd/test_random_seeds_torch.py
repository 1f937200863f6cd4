"""manual_seed and Generator.manual_seed take the seeds PyTorch takes (negative ones modulo 2**64) and refuse
the others with PyTorch's error types; initial_seed() says the seed."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import autograd

torch = pytest.importorskip("torch")

SEEDS = [0, 1, -1, -5, -2**63, 2**63, 2**64 - 1, 2**64, -2**63 - 1, 3.9, -0.5, True, "7", "abc", 1e20, float("nan"),
         None, np.int64(-3), np.uint64(2**64 - 1)]


def outcome(call):
    try:
        return ("ok", call())
    except Exception as error:  # noqa: BLE001  the type is what is compared
        return (type(error).__name__,)


@pytest.mark.parametrize("seed", SEEDS, ids=repr)
def test_manual_seed_accepts_and_refuses_what_pytorch_does(seed):
    def seeded(lib):
        def call():
            lib.manual_seed(seed)
            return lib.initial_seed()
        return outcome(call)

    assert seeded(autograd) == seeded(torch)


@pytest.mark.parametrize("seed", SEEDS, ids=repr)
def test_generator_manual_seed_accepts_and_refuses_what_pytorch_does(seed):
    def seeded(lib):
        return outcome(lambda: lib.Generator().manual_seed(seed).initial_seed())

    assert seeded(autograd) == seeded(torch)


@given(st.integers(-2**63, -1))
def test_a_negative_seed_is_the_same_as_its_value_modulo_2_64(seed):
    autograd.manual_seed(seed)
    first = autograd.randn(3).tolist()
    autograd.manual_seed(seed + 2**64)
    assert autograd.randn(3).tolist() == first
    generator = autograd.Generator().manual_seed(seed)
    assert generator.initial_seed() == seed % 2**64
    assert autograd.randn(2, generator=generator).tolist() == \
        autograd.randn(2, generator=autograd.Generator().manual_seed(seed % 2**64)).tolist()


def test_positive_seeds_give_the_numbers_they_gave_before():
    autograd.manual_seed(42)
    assert autograd.rand(3).tolist() == np.random.default_rng(42).random(3).astype(np.float32).tolist()
