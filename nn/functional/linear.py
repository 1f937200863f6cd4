"""The affine map of a fully connected layer."""
from autograd.functional.linear import linear  # noqa: F401  one primitive, with its rule (autograd/primitives/linear.py)
