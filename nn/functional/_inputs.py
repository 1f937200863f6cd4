"""The check every functional makes first: its input is a Tensor (a list or an array is refused, as PyTorch); and
number arguments read as PyTorch reads them."""
from autograd import Tensor
from autograd.functional.arithmetic import require_tensor
from autograd.pytorch.conversion import python_number


def check_tensor(function, value, argument="input", position=1):
    """PyTorch's TypeError for an argument that is not a Tensor, e.g. nn.Linear(2, 2)([[1., 2.]]):
    "linear(): argument 'input' (position 1) must be Tensor, not list" (autograd's require_tensor)."""
    require_tensor(value, function, argument, position)


def number(value):
    """A number argument (a probability, a slope, a norm, a smoothing) as the Python number PyTorch reads it as: a
    NumPy scalar or a 0-d tensor is its value (so 1 / alpha is not computed in alpha's own dtype)."""
    if isinstance(value, Tensor) and value.ndim == 0:
        return value.item()
    return python_number(value)
