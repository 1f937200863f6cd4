"""The base class of glassgrad's probability distributions, PyTorch's torch.distributions.Distribution: shapes,
sampling shapes and argument validation.

A distribution has a batch_shape (independent distributions side by side, from its parameters' broadcast shape)
and an event_shape (the shape of one draw: () for Normal, (k,) for Multinomial over k outcomes). sample(sample_shape)
returns sample_shape + batch_shape + event_shape. With validate_args (on by default, as in PyTorch), the constructor
raises a ValueError for parameters outside their constraint, and log_prob for a value outside the support or of a
shape that does not broadcast."""
import numpy as np

from ..creation import tensor
from ..pytorch.size import Size
from ..tensor import Tensor


def as_parameter(value, like=None):
    """A Tensor as given (gradients flow to it), or a Python number as a tensor of like's dtype (float32 without)."""
    if isinstance(value, Tensor):
        return value
    return tensor(value, dtype=like.dtype if isinstance(like, Tensor) else np.float32)


def broadcast_all(*values):
    """The values as Tensors expanded to their common shape (numbers take the first tensor's dtype)."""
    like = next((v for v in values if isinstance(v, Tensor)), None)
    params = [as_parameter(v, like) for v in values]
    shape = np.broadcast_shapes(*(tuple(p.shape) for p in params))
    return [p if tuple(p.shape) == shape else p.expand(*shape) for p in params]


def values_of(x):
    """The NumPy array of a Tensor, read without touching the graph."""
    return x.detach().numpy()


class Distribution:
    """What every distribution has: batch_shape, event_shape, sample, log_prob, and validation."""

    arg_constraints = {}
    support = None
    has_rsample = False
    _validate_default = True

    @staticmethod
    def set_default_validate_args(value):
        """Turn validation on or off for distributions created later without validate_args (PyTorch's default: on)."""
        if value not in (True, False):
            raise ValueError(f"set_default_validate_args expects True or False, got {value!r}")
        Distribution._validate_default = value

    def __init__(self, batch_shape=(), event_shape=(), validate_args=None):
        self._batch_shape, self._event_shape = Size(batch_shape), Size(event_shape)
        self._validate_args = Distribution._validate_default if validate_args is None else validate_args
        if self._validate_args:
            for name, constraint in self.arg_constraints.items():
                value = self.__dict__.get(name)  # the parameters given; those computed from them lazily are skipped
                if value is not None and not np.all(constraint.check(values_of(value))):
                    raise ValueError(
                        f"Expected parameter {name} ({type(value).__name__} of shape {tuple(value.shape)}) of "
                        f"distribution {self!r} to satisfy the constraint {constraint!r}, but found invalid "
                        f"values:\n{value}"
                    )

    @property
    def batch_shape(self):
        return self._batch_shape

    @property
    def event_shape(self):
        return self._event_shape

    @property
    def stddev(self):
        return self.variance.sqrt()

    def _extended_shape(self, sample_shape=()):
        """sample_shape + batch_shape + event_shape, the shape that sample(sample_shape) returns."""
        return Size(tuple(Size(sample_shape)) + tuple(self._batch_shape) + tuple(self._event_shape))

    def sample(self, sample_shape=()):
        raise NotImplementedError(f"{type(self).__name__} does not implement sample")

    def log_prob(self, value):
        raise NotImplementedError(f"{type(self).__name__} does not implement log_prob")

    def entropy(self):
        raise NotImplementedError(f"{type(self).__name__} does not implement entropy (neither does PyTorch's)")

    def rsample(self, sample_shape=()):
        raise NotImplementedError(
            f"{type(self).__name__} has no reparameterized sample (rsample): its samples are not differentiable "
            "in its parameters; use sample()"
        )

    def _validate_sample(self, value):
        """PyTorch's checks on log_prob's argument: a Tensor, event_shape on the right, broadcastable with
        batch_shape + event_shape, inside the support."""
        if not isinstance(value, Tensor):
            raise ValueError("The value argument to log_prob must be a Tensor")
        event_dims = len(self._event_shape)
        if tuple(value.shape[len(value.shape) - event_dims :]) != tuple(self._event_shape):
            raise ValueError(f"The right-most size of value must match event_shape: {value.shape} vs "
                             f"{self._event_shape}.")
        expected = tuple(self._batch_shape) + tuple(self._event_shape)
        for i, j in zip(reversed(tuple(value.shape)), reversed(expected), strict=False):
            if i != 1 and j != 1 and i != j:
                raise ValueError(f"Value is not broadcastable with batch_shape+event_shape: {value.shape} vs "
                                 f"{Size(expected)}.")
        if not np.all(self.support.check(values_of(value))):
            raise ValueError(
                f"Expected value argument ({type(value).__name__} of shape {tuple(value.shape)}) to be within the "
                f"support ({self.support!r}) of the distribution {self!r}, but found invalid values:\n{value}"
            )

    def __repr__(self):
        shown = []
        for name in self.arg_constraints:
            value = self.__dict__.get(name)
            if value is not None:
                shown.append(f"{name}: {value if value.numel() == 1 else value.shape}")
        return f"{type(self).__name__}({', '.join(shown)})"
