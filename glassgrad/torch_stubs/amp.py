"""torch.amp and torch.autocast: mixed precision, which glassgrad does not do.

autocast: a context (and decorator) that casts nothing. glassgrad computes every operation in its
inputs' own dtypes, so under `autocast(device_type='cpu', dtype=torch.bfloat16)` a float32 model still
computes in float32, where PyTorch would compute matrix products in bfloat16: the losses agree with
PyTorch's float32 run, not with its mixed-precision one. It warns once when asked to cast; where
PyTorch itself disables autocast (device 'cuda' without a GPU, a CPU dtype other than float16 and
bfloat16) it warns with PyTorch's message.

GradScaler: PyTorch's loss scaling, exactly. For device 'cuda' (the default) with enabled=True it warns,
as PyTorch does without a GPU, and disables itself; a disabled scaler leaves the loss as it is, steps the
optimizer, and its update, unscale_ and state_dict do nothing. GradScaler('cpu') is enabled as in
PyTorch: scale() multiplies by the scale (65536 to start), unscale_() divides the gradients, step() skips
the optimizer when a gradient is inf or NaN, and update() halves the scale after a skipped step and
doubles it after growth_interval (2000) good steps in a row.
"""
import math
import warnings

import numpy as np

from autograd import Tensor, float16, no_grad

from .top_level import bfloat16

__all__ = ["autocast", "GradScaler", "is_autocast_available"]

_warned = set()


def is_autocast_available(device_type):
    """True for 'cpu' (the contexts exist and cast nothing), False for any other device."""
    return device_type == "cpu"


class autocast:  # noqa: N801  (PyTorch's name)
    """`with autocast(device_type='cpu', dtype=torch.bfloat16):` runs the block unchanged (see the module)."""

    def __init__(self, device_type, dtype=None, enabled=True, cache_enabled=None):
        if not isinstance(device_type, str):
            raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")
        self.device_type, self.dtype, self.enabled = device_type, dtype, enabled
        if not enabled:
            return
        if device_type == "cuda":
            warnings.warn("CUDA is not available or torch_xla is imported. Disabling autocast.", stacklevel=2)
            self.enabled = False
        elif device_type != "cpu":
            raise RuntimeError(f"glassgrad is a CPU library: autocast(device_type={device_type!r}) is not available, "
                               "use 'cpu'")
        elif dtype is not None and dtype is not bfloat16 and dtype != float16:
            warnings.warn("In CPU autocast, but the target dtype is not supported. Disabling autocast.\n"
                          "CPU Autocast only supports dtypes of torch.bfloat16, torch.float16 currently.",
                          stacklevel=2)
            self.enabled = False
        elif "autocast" not in _warned:
            _warned.add("autocast")
            warnings.warn("glassgrad's autocast casts nothing: operations compute in their inputs' dtypes "
                          "(float32 for a float32 model), where PyTorch would compute some in "
                          f"{'bfloat16' if dtype is None else dtype}", stacklevel=2)

    def __enter__(self):
        return self

    def __exit__(self, *exception):
        return False

    def __call__(self, function):
        """As a decorator: the function runs inside this context."""
        def run(*args, **kwargs):
            with self:
                return function(*args, **kwargs)

        run.__wrapped__ = function
        return run


class GradScaler:
    """Loss scaling for float16 training (PyTorch's GradScaler; see the module for what it does here)."""

    def __init__(self, device="cuda", init_scale=2.0**16, growth_factor=2.0, backoff_factor=0.5, growth_interval=2000,
                 enabled=True):
        self._device = device
        self._enabled = enabled
        if device == "cuda" and enabled:
            warnings.warn("torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  Disabling.",
                          stacklevel=2)
            self._enabled = False
        elif device != "cpu" and enabled:
            raise RuntimeError(f"glassgrad is a CPU library: GradScaler({device!r}) is not available, use 'cpu'")
        if self._enabled:
            if growth_factor <= 1.0:
                raise AssertionError("The growth factor must be > 1.0.")
            if backoff_factor >= 1.0:
                raise AssertionError("The backoff factor must be < 1.0.")
            self._scale = float(np.float32(init_scale))  # PyTorch keeps it in a float32 tensor
            self._growth_factor, self._backoff_factor = growth_factor, backoff_factor
            self._growth_interval, self._growth_tracker = growth_interval, 0
            self._optimizer_states = {}  # id(optimizer) -> {"stage": ..., "found_inf": bool}

    def is_enabled(self):
        return self._enabled

    def get_scale(self):
        """The current scale as a Python float (1.0 when disabled)."""
        return self._scale if self._enabled else 1.0

    def scale(self, outputs):
        """outputs · scale: a tensor, or (recursively) a list or tuple of tensors; unchanged when disabled."""
        if not self._enabled:
            return outputs
        if isinstance(outputs, Tensor):
            return outputs * self._scale
        if isinstance(outputs, (list, tuple)):
            return type(outputs)(self.scale(output) for output in outputs)
        raise ValueError("outputs must be a Tensor or an iterable of Tensors")

    def _state(self, optimizer):
        return self._optimizer_states.setdefault(id(optimizer), {"stage": "ready", "found_inf": False})

    def unscale_(self, optimizer):
        """Divide the optimizer's gradients by the scale, in place, and note whether any is inf or NaN."""
        if not self._enabled:
            return
        state = self._state(optimizer)
        if state["stage"] == "unscaled":
            raise RuntimeError("unscale_() has already been called on this optimizer since the last update().")
        if state["stage"] == "stepped":
            raise RuntimeError("unscale_() is being called after step().")
        inverse = float(np.float32(1.0 / self._scale))  # PyTorch: scale.double().reciprocal().float()
        with no_grad():
            for group in optimizer.param_groups:
                for param in group["params"]:
                    if param.grad is None:
                        continue
                    if param.grad.dtype == float16:
                        raise ValueError("Attempting to unscale FP16 gradients.")
                    param.grad.mul_(inverse)
                    state["found_inf"] |= not bool(np.isfinite(param.grad.numpy()).all())
        state["stage"] = "unscaled"

    def step(self, optimizer, *args, **kwargs):
        """optimizer.step(), unscaling first if unscale_ was not called; skipped if a gradient is inf or NaN."""
        if not self._enabled:
            return optimizer.step(*args, **kwargs)
        if "closure" in kwargs:
            raise RuntimeError("Closure use is not currently supported if GradScaler is enabled.")
        state = self._state(optimizer)
        if state["stage"] == "stepped":
            raise RuntimeError("step() has already been called since the last update().")
        if state["stage"] == "ready":
            self.unscale_(optimizer)
        result = None if state["found_inf"] else optimizer.step(*args, **kwargs)
        state["stage"] = "stepped"
        return result

    def update(self, new_scale=None):
        """New scale: new_scale if given; else ·backoff_factor after an inf, ·growth_factor after
        growth_interval steps in a row without one."""
        if not self._enabled:
            return
        if new_scale is not None:
            if isinstance(new_scale, Tensor):
                if new_scale.numel() != 1 or new_scale.requires_grad:
                    raise AssertionError("new_scale should be a float or a 1-element torch.FloatTensor with "
                                         "requires_grad=False.")
                new_scale = new_scale.item()
            self._scale = float(np.float32(new_scale))
        else:
            if not self._optimizer_states:
                raise AssertionError("No inf checks were recorded prior to update.")
            if any(state["found_inf"] for state in self._optimizer_states.values()):
                self._scale = float(np.float32(self._scale * self._backoff_factor))
                self._growth_tracker = 0
            else:
                self._growth_tracker += 1
                if self._growth_tracker == self._growth_interval:
                    with np.errstate(over="ignore"):
                        grown = float(np.float32(self._scale * self._growth_factor))
                    self._scale = grown if math.isfinite(grown) else self._scale  # PyTorch's rule
                    self._growth_tracker = 0
        self._optimizer_states = {}

    def state_dict(self):
        """{"scale", "growth_factor", "backoff_factor", "growth_interval", "_growth_tracker"}; {} when disabled."""
        if not self._enabled:
            return {}
        return {"scale": self._scale, "growth_factor": self._growth_factor, "backoff_factor": self._backoff_factor,
                "growth_interval": self._growth_interval, "_growth_tracker": self._growth_tracker}

    def load_state_dict(self, state_dict):
        if not self._enabled:
            return
        if len(state_dict) == 0:
            raise RuntimeError("The source state dict is empty, possibly because it was saved "
                               "from a disabled instance of GradScaler.")
        self._scale = float(state_dict["scale"])
        self._growth_factor = float(state_dict["growth_factor"])
        self._backoff_factor = float(state_dict["backoff_factor"])
        self._growth_interval = int(state_dict["growth_interval"])
        self._growth_tracker = int(state_dict["_growth_tracker"])
