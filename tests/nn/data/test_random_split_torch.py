"""random_split reads lengths as PyTorch's does: fractions when their sum is close to 1 and at most 1 (an empty
dataset split by fractions gives empty subsets; fractions summing to 1.0000000000000002 are refused), counts
otherwise; the split sizes equal PyTorch's for random fraction lists and datasets of every size, empty included."""
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nn.data import random_split


def split_sizes(split, n, lengths):
    """The sizes of the subsets, or the error's type; and the warnings given."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            sizes = [len(part) for part in split(range(n), lengths)]
        except (ValueError, TypeError) as error:
            sizes = type(error).__name__
    return sizes, [str(w.message) for w in caught]


@settings(max_examples=300, deadline=None)
@given(n=st.integers(0, 40), weights=st.lists(st.floats(0.001, 1), min_size=1, max_size=6), rounded=st.booleans())
def test_fractions_split_as_pytorchs(n, weights, rounded):
    torch = pytest.importorskip("torch")
    fractions = [w / sum(weights) for w in weights]  # normalised in floating point: the sum may be 1 ± 1 ulp
    if rounded:
        fractions = [round(f, 2) for f in fractions]
    assert split_sizes(random_split, n, fractions) == split_sizes(torch.utils.data.random_split, n, fractions)


@pytest.mark.parametrize("n, lengths", [
    (0, [0.8, 0.2]), (0, [1.0]), (0, []), (0, [0, 0]), (3, [0.5, 0.5, 0.0]), (1, [1]), (2, [1]), (5, [0, 1]),
    (40, [0.1, 0.2, 0.7000000000000002]), (3, [1, 2]), (3, [2, 2]), (3, [1.5, -0.5]), (3, [0.5, 0.6]),
    (3, [1.2, -0.2]), (3, [0.3, 0.3]),
])
def test_edge_lengths_split_or_fail_as_pytorchs(n, lengths):
    torch = pytest.importorskip("torch")
    assert split_sizes(random_split, n, lengths) == split_sizes(torch.utils.data.random_split, n, lengths)


def test_fractions_over_one_by_an_ulp_are_refused_with_a_message_that_says_why():
    fractions = [0.1, 0.2, 0.7000000000000002]
    assert sum(fractions) == 1.0000000000000002
    with pytest.raises(ValueError, match=r"fractions must sum to at most 1; these sum to 1.0000000000000002"):
        random_split(range(40), fractions)


def test_an_empty_dataset_split_by_fractions_gives_empty_subsets_and_warns():
    with pytest.warns(UserWarning) as caught:
        parts = random_split(range(0), [0.8, 0.2])
    assert [str(w.message) for w in caught] == [f"Length of split at index {i} is 0. This might result in an empty "
                                                "dataset." for i in (0, 1)]
    assert [list(part) for part in parts] == [[], []]
