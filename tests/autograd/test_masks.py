"""autograd/masks.py: zero_where is np.where(condition, 0, values) bit for bit, NaN, ±∞ and −0.0 included."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd
from autograd.masks import zero_where


@given(st.sampled_from([np.float16, np.float32, np.float64]), hnp.array_shapes(min_dims=0, max_dims=3, max_side=4),
       st.sampled_from(["C", "transposed", "strided"]), st.data())
def test_zero_where_is_np_where_bit_for_bit(dtype, shape, layout, data):
    values = data.draw(hnp.arrays(dtype, shape, elements=st.floats(allow_nan=True, allow_infinity=True, width=16)))
    condition = data.draw(hnp.arrays(np.bool_, shape))
    if layout == "transposed":
        values, condition = values.T, np.ascontiguousarray(condition.T)  # different memory orders
    elif layout == "strided" and values.ndim:
        values, condition = values[..., ::2], condition[..., ::2]
    ours, expected = zero_where(condition, values), np.where(condition, 0, values)
    assert ours.dtype == expected.dtype and ours.shape == expected.shape
    assert np.ascontiguousarray(ours).tobytes() == np.ascontiguousarray(expected).tobytes()


def test_other_forms_fall_back_to_np_where():
    assert np.array_equal(zero_where(True, np.ones(3)), np.zeros(3))  # a condition that broadcasts
    assert np.array_equal(zero_where(np.array([True, False]), np.array([1, 2])), [0, 2])  # integers


def test_relu_backward_sends_nothing_where_the_output_is_zero_even_an_infinite_or_nan_gradient():
    torch = pytest.importorskip("torch")
    x = np.array([-1.0, 0.0, 2.0, np.nan, 3.0, -4.0], dtype=np.float32)
    g = np.array([np.inf, np.nan, -5.0, 1.0, -0.0, -2.0], dtype=np.float32)
    grads = []
    for lib in (autograd, torch):
        t = lib.tensor(x, requires_grad=True)
        lib.relu(t).backward(lib.tensor(g))
        grads.append(t.grad.numpy())
    assert grads[0].tobytes() == grads[1].tobytes()
