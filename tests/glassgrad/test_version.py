"""torch.__version__ under install_as_torch: a string that compares as a version, as PyTorch's TorchVersion."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from glassgrad.torch_stubs.version import TorchVersion, __version__

torch_version = pytest.importorskip("torch.torch_version")
packaging_version = pytest.importorskip("packaging.version")

OTHERS = ["2.0", "2", "2.9", "2.13", "2.13.0", "2.13.1", "2.13.0+cpu", "2.14.0a0", "1.12.1", "10.0", "2.13.0rc1",
          "2.13.0a0+git1234", (2, 0), (2, 13), (2, 13, 0), (2, 13, 1), (3,), (1, 13)]


@pytest.mark.parametrize("other", OTHERS, ids=str)
@pytest.mark.parametrize("mine", [str(__version__), "2.13.0", "2.1", "2.13.0a0", "2.13.0rc2+glassgrad"])
def test_comparisons_agree_with_pytorchs_torchversion(mine, other):
    ours, theirs = TorchVersion(mine), torch_version.TorchVersion(mine)
    assert (ours < other, ours <= other, ours > other, ours >= other, ours == other) == \
        (theirs < other, theirs <= other, theirs > other, theirs >= other, theirs == other)


@given(st.lists(st.integers(0, 30), min_size=1, max_size=4), st.lists(st.integers(0, 30), min_size=1, max_size=4))
def test_release_numbers_compare_as_numbers(first, second):
    a, b = ".".join(map(str, first)), ".".join(map(str, second))
    assert (TorchVersion(a) < b) == (packaging_version.Version(a) < packaging_version.Version(b))
    assert (TorchVersion(a) == b) == (packaging_version.Version(a) == packaging_version.Version(b))


def test_version_is_a_string_that_scripts_and_packaging_read():
    assert isinstance(__version__, str) and __version__ == "2.13.0+glassgrad"
    assert __version__ >= "2.0" and __version__ > "2.9"  # "2.13" > "2.9" as versions, not as strings
    assert packaging_version.parse(__version__).release == (2, 13, 0)
    assert packaging_version.parse(__version__).local == "glassgrad"
    assert __version__.split("+")[0] == "2.13.0" and {__version__: 1}["2.13.0+glassgrad"] == 1


def test_garbage_is_refused_as_packaging_refuses():
    with pytest.raises(ValueError, match="Invalid version"):
        __version__.__lt__("not a version")
