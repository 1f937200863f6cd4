"""hostile25c C3: Generator.set_state with a state it did not write is refused with PyTorch's error type and a
message naming the problem (not NumPy's IndexError); a state from get_rng_state (a uint8 tensor) restores the
stream, as PyTorch's Generator.set_state takes torch.get_rng_state()'s."""
import numpy as np
import pytest

import autograd

torch = pytest.importorskip("torch")

LIBRARIES = {"glassgrad": autograd, "torch": torch}

FOREIGN_STATES = {  # state -> the error PyTorch raises
    "PyTorch's mt19937 state": (lambda lib: lib.zeros(5056, dtype=lib.uint8), RuntimeError),
    "a 3-byte state": (lambda lib: lib.zeros(3, dtype=lib.uint8), RuntimeError),
    "a float tensor": (lambda lib: lib.zeros(48), TypeError),
    "an int64 tensor": (lambda lib: lib.zeros(6, dtype=lib.int64), TypeError),
    "a list": (lambda lib: [0] * 48, TypeError),
    "None": (lambda lib: None, TypeError),
}


@pytest.mark.parametrize("name", FOREIGN_STATES)
@pytest.mark.parametrize("library", LIBRARIES)
def test_a_foreign_state_is_refused_with_pytorchs_error_type(library, name):
    lib = LIBRARIES[library]
    make, error = FOREIGN_STATES[name]
    generator = lib.Generator().manual_seed(3)
    with pytest.raises(error) as caught:
        generator.set_state(make(lib))
    if library == "glassgrad":
        assert "state" in str(caught.value) and "index" not in str(caught.value)
    assert lib.rand(2, generator=generator).tolist() == lib.rand(2, generator=lib.Generator().manual_seed(3)).tolist()


def test_a_wrong_size_names_the_size_expected_and_found():
    with pytest.raises(RuntimeError, match=r"size 48 .*size to be 5056"):
        autograd.Generator().set_state(autograd.zeros(5056, dtype=autograd.uint8))


@pytest.mark.parametrize("library", LIBRARIES)
def test_get_rng_states_tensor_restores_a_generator(library):
    lib = LIBRARIES[library]
    lib.manual_seed(11)
    state = lib.get_rng_state()
    expected = lib.rand(3).tolist()
    generator = lib.Generator()
    assert generator.set_state(state) is generator
    assert lib.rand(3, generator=generator).tolist() == expected


def test_get_states_own_dict_still_restores_and_an_impossible_one_is_refused():
    generator = autograd.Generator().manual_seed(5)
    state = generator.get_state()
    expected = autograd.rand(2, generator=generator).tolist()
    assert autograd.rand(2, generator=generator.set_state(state)).tolist() == expected
    with pytest.raises(RuntimeError, match="Invalid PCG64 state"):
        generator.set_state({"bit_generator": "PCG64"})
    assert np.isfinite(autograd.rand(2, generator=generator).numpy()).all()
