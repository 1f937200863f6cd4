"""Random programs of in-place writes through views, run on glassgrad and on PyTorch.

A program starts from y = x * w (x a leaf that requires grad), then takes steps: an in-place op on y
or on a view of it (a row, a column, the transpose, a reshape), sometimes with a value computed from
x, and sometimes reads a view into an accumulator before later steps change it. Both libraries
must agree: the same gradient of x, or both refuse."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd

torch = pytest.importorskip("torch")

VIEWS = {
    "whole": lambda y: y,
    "row": lambda y: y[1],
    "column": lambda y: y[:, 2],
    "transpose": lambda y: y.T,
    "reshape": lambda y: y.view(3, 2),
    "corner": lambda y: y[:1, 1:],
}

OPS = {
    "add_ scalar": lambda lib, t, x: t.add_(0.5),
    "mul_ scalar": lambda lib, t, x: t.mul_(1.5),
    "add_ from x": lambda lib, t, x: t.add_(x.sum() * 0.1),
    "mul_ from x": lambda lib, t, x: t.mul_(x[0, 0]),
    "clamp_": lambda lib, t, x: t.clamp_(min=0.2),
    "fill_": lambda lib, t, x: t.fill_(0.7),
    "copy_ from x": lambda lib, t, x: t.copy_(x.mean() + lib.zeros(tuple(t.shape), dtype=lib.float64)),
    "setitem from x": lambda lib, t, x: t.__setitem__(0, x[1, 1] * 2),
    "+= from x": lambda lib, t, x: t.__iadd__(x.sum()),
    "/= scalar": lambda lib, t, x: t.__itruediv__(4.0),
}

STEP = st.tuples(st.sampled_from(sorted(VIEWS)), st.sampled_from(sorted(OPS)), st.sampled_from(sorted(VIEWS)), st.booleans())


def run(lib, program):
    x = lib.tensor(np.arange(1.0, 7.0).reshape(2, 3) / 4, dtype=lib.float64, requires_grad=True)
    y = x * lib.tensor([[1.0, -2.0, 0.5]], dtype=lib.float64)
    total = (y * 0).sum()
    for target, op, read, square in program:
        seen = VIEWS[read](y)  # a view taken before the write, read after it
        OPS[op](lib, VIEWS[target](y), x)
        total = total + ((seen * seen).sum() if square else seen.sum())
    loss = total + (y * y).sum()
    try:
        loss.backward()
    except RuntimeError as error:
        assert "modified by an inplace operation" in str(error)
        return "refused"
    return np.append(x.grad.detach().numpy().ravel(), loss.item())


@settings(max_examples=150, deadline=None)
@given(st.lists(STEP, min_size=1, max_size=4))
def test_random_in_place_programs_agree_with_pytorch(program):
    ours, theirs = run(autograd, program), run(torch, program)
    if "refused" in (str(ours), str(theirs)):
        assert str(ours) == str(theirs)
    else:
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)
