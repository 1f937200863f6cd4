"""The checks every functional makes first: its input is a Tensor (a list or an array is refused, as PyTorch),
and a hyperparameter given as a NumPy scalar is the Python number it holds (`hyperparameter`)."""
from autograd.functional.arithmetic import require_tensor
from autograd.pytorch.conversion import python_number


def check_tensor(function, value, argument="input", position=1):
    """PyTorch's TypeError for an argument that is not a Tensor, e.g. nn.Linear(2, 2)([[1., 2.]]):
    "linear(): argument 'input' (position 1) must be Tensor, not list" (autograd's require_tensor)."""
    require_tensor(value, function, argument, position)


def hyperparameter(value):
    """A number argument (dropout's p, label_smoothing, momentum, eps, max_norm) as PyTorch reads it: a NumPy
    scalar as the Python number it holds, so that 1 − p, 1/(1 − p), 1 − momentum are computed in double
    precision, as PyTorch's, not in np.float16's or np.float32's (autograd's python_number)."""
    return python_number(value)
