"""The check every functional makes first: its input is a Tensor (a list or an array is refused, as PyTorch)."""
from autograd.tensor import Tensor


def check_tensor(function, value, argument="input", position=1):
    """PyTorch's TypeError for an argument that is not a Tensor, e.g. nn.Linear(2, 2)([[1., 2.]]):
    "linear(): argument 'input' (position 1) must be Tensor, not list"."""
    if not isinstance(value, Tensor):
        raise TypeError(f"{function}(): argument '{argument}' (position {position}) must be Tensor, "
                        f"not {type(value).__name__}")
