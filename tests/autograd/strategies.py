"""Hypothesis strategies: small float64 arrays of 0 to 4 dimensions, broadcastable pairs,
and values kept away from the kinks and poles where finite differences are meaningless."""
import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd

SHAPES = hnp.array_shapes(min_dims=0, max_dims=4, min_side=1, max_side=3)


def values(low=-2.0, high=2.0):
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


def away_from_zero(low=0.2, high=2.0):
    """Floats with |x| in [low, high], either sign: no kink of abs/relu nearby."""
    return st.tuples(st.floats(low, high), st.booleans()).map(lambda p: p[0] if p[1] else -p[0])


def leaf(array):
    return autograd.tensor(array, dtype=np.float64, requires_grad=True)


@st.composite
def tensors(draw, shape=SHAPES, elements=None):
    shape = draw(shape) if isinstance(shape, st.SearchStrategy) else shape
    return leaf(draw(hnp.arrays(np.float64, shape, elements=values() if elements is None else elements)))


@st.composite
def broadcast_pairs(draw, first=None, second=None):
    """Two tensors whose shapes broadcast together (either may be the smaller one)."""
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, max_side=3))
    a, b = shapes.input_shapes
    return (
        leaf(draw(hnp.arrays(np.float64, a, elements=values() if first is None else first))),
        leaf(draw(hnp.arrays(np.float64, b, elements=values() if second is None else second))),
    )


@st.composite
def distinct_tensors(draw, shape=SHAPES):
    """Values pairwise at least 0.1 apart and none within 0.025 of zero, so max/argmax have
    no ties and |x| no kink."""
    shape = draw(shape)
    size = int(np.prod(shape))
    order = draw(st.permutations(range(size)))
    return leaf((np.array(order, dtype=np.float64) * 0.1 - 0.05 * size + 0.025).reshape(shape))
