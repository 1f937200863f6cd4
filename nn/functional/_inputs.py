"""The check every functional makes first: its input is a Tensor (a list or an array is refused, as PyTorch)."""
from autograd.functional.arithmetic import require_tensor


def check_tensor(function, value, argument="input", position=1):
    """PyTorch's TypeError for an argument that is not a Tensor, e.g. nn.Linear(2, 2)([[1., 2.]]):
    "linear(): argument 'input' (position 1) must be Tensor, not list" (autograd's require_tensor)."""
    require_tensor(value, function, argument, position)

