"""Numbers in drawings and in the explorer are printed as PyTorch prints them."""
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd.viz.preview import scalar_text, summary_text, values_text


@pytest.mark.parametrize("value, text", [
    (-1.4999999999999996, "-1.5000"), (0.7071067811865476, "0.7071"), (2.0, "2."), (0.0, "0."), (-3.0, "-3."),
    (1e-5, "1.0000e-05"), (123456789.0, "1.2346e+08"), (1e9, "1.0000e+09"), (float("inf"), "inf"),
    (float("-inf"), "-inf"), (float("nan"), "nan"),
])
def test_scalars_as_pytorch_prints_them(value, text):
    assert scalar_text(np.float64(value)) == text


def test_one_format_for_all_values_of_a_tensor():
    assert values_text(np.array([1.0, 2.0, 3.0], dtype=np.float32)) == "[1., 2., 3.]"
    assert values_text(np.array([1e-5, 1.0, 2.0])) == "[1.0000e-05, 1.0000e+00, 2.0000e+00]"
    assert values_text(np.arange(6.0) / 4) == "[0.0000, 0.2500, 0.5000, 0.7500, ...]"
    assert values_text(np.array([3, 4])) == "[3, 4]"
    assert scalar_text(np.float64(2 / 3), precision=8) == "0.66666667"


def test_summary_of_a_tensor_gives_shape_entries_and_statistics():
    text = summary_text(np.arange(6.0).reshape(2, 3))
    assert text == "shape (2, 3)  [0., 1., 2., 3., ...]  min 0.  max 5.  mean 2.5000"
    assert summary_text(np.array([0.5, -1.0])) == "[0.5000, -1.0000]"


def torch_text(values):
    torch = pytest.importorskip("torch")
    with np.errstate(all="ignore"):
        text = repr(torch.tensor(values, dtype=torch.float64))
    body = re.sub(r",\s*dtype=.*", "", text[len("tensor("):], flags=re.DOTALL)
    entries = [entry.strip() for entry in body.strip("[]").split(",")]  # PyTorch pads to one width; we do not
    return f"[{', '.join(entries)}]" if body.startswith("[") else entries[0]


finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)


@given(st.lists(finite, min_size=1, max_size=4))
def test_matches_pytorch_on_drawn_values(values):
    expected = torch_text(values if len(values) > 1 else values[0])
    assert values_text(np.array(values if len(values) > 1 else values[0])) == expected


@pytest.mark.parametrize("values", [[1e308, 1e-308], [1e308, 5e307], [-1.7e308, 2.5e-300, 3.0], [1e300, 1e-10], 1.7e308])
def test_extreme_values_print_as_pytorch_prints_them_without_a_warning(values):
    expected = torch_text(values)
    with np.errstate(all="raise"):  # NumPy's overflow of max / min would raise here
        assert values_text(np.array(values)) == expected


def test_the_mean_of_huge_values_does_not_overflow():
    with np.errstate(all="raise"):
        assert summary_text(np.full(6, 1e308)).endswith("mean 1.0000e+308")
        assert summary_text(np.full(6, 3e38, dtype=np.float32)).endswith("mean 3.0000e+38")
        assert summary_text(np.array([np.inf, -np.inf] * 3)).endswith("min -inf  max inf  mean nan")
        assert summary_text(np.array([np.nan, 1.0, 2.0, 3.0, 4.0])).endswith("mean nan")
