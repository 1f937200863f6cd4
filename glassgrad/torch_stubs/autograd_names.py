"""torch.autograd under install_as_torch(): glassgrad's grad, backward, grad modes and anomaly mode under
PyTorch's module path (`from torch.autograd import grad`, `torch.autograd.set_detect_anomaly(True)`)."""
import autograd
from autograd import anomaly
from autograd.engine import backward as _backward

grad = autograd.grad
gradcheck = autograd.gradcheck
gradgradcheck = autograd.gradgradcheck
detect_anomaly = autograd.detect_anomaly
no_grad = autograd.no_grad
enable_grad = autograd.enable_grad
set_grad_enabled = autograd.set_grad_enabled
inference_mode = autograd.inference_mode
Function = autograd.Function  # custom Functions (autograd/custom_function.py)


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    """torch.autograd.backward: one backward walk from all of `tensors`, seeded with `grad_tensors`, so a hook
    on a tensor they share runs once, with the summed gradient, as in PyTorch. `tensors`: a tensor or any iterable
    of them; `grad_tensors`: one per tensor (None for a scalar)."""
    _backward(tensors, grad_tensors, retain_graph, create_graph, inputs)


class set_detect_anomaly:
    """torch.autograd.set_detect_anomaly(mode, check_nan=True): turn anomaly mode on or off now; as a `with`
    block, the previous setting comes back at its end."""

    def __init__(self, mode, check_nan=True):
        for name, value in (("mode", mode), ("check_nan", check_nan)):
            if not isinstance(value, bool):  # (PyTorch's set_anomaly_enabled takes only bools)
                raise TypeError(f"set_detect_anomaly(): argument '{name}' must be bool, not {type(value).__name__}")
        self.previous = (anomaly.state.enabled, anomaly.state.check_nan)
        anomaly.state.enabled, anomaly.state.check_nan = bool(mode), bool(check_nan)

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        anomaly.state.enabled, anomaly.state.check_nan = self.previous
        return False
