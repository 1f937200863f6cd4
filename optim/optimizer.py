"""Optimizer: what every optimizer shares — parameter groups, zero_grad, step and checkpoints.

An optimizer holds its parameters in `param_groups`, a list of dicts: each has "params" (a list of
tensors) and its own options ("lr", "momentum", ...), falling back to the optimizer's defaults.
`step()` walks every parameter that has a gradient and hands its values to the subclass's
`update(param, grad, state, group)`, which changes the parameter in place following one formula.

Updates compute on NumPy arrays read through Tensor's public API: `param.detach().numpy()` is the
parameter's own memory, which the update writes into (`param -= lr * grad`), as PyTorch's optimizers
update their parameters in place. An update is not part of the model's computation and records no
graph; `autograd.graph.increment_version` then counts the write as any in-place op counts its own, so
a graph that saved the parameter refuses to backward through it.
"""
import copy
import warnings
from collections import defaultdict
from collections.abc import Mapping

import numpy as np

from autograd import Tensor, enable_grad, float32, no_grad, tensor
from autograd.graph import forget_grad, increment_version


class _RequiredParameter:
    """Marks an option (like SGD's lr in old PyTorch) that every parameter group must set."""

    def __repr__(self):
        return "<required parameter>"


required = _RequiredParameter()


class Optimizer:
    """Base class: subclasses pass their defaults and implement `update`.

    params: an iterable of tensors, of (name, tensor) pairs (named_parameters(): the names are kept in each
    group's "param_names" and in the state dict, as PyTorch's), or of dicts {"params": [...], "lr": ..., ...}
    (parameter groups).
    defaults: the options a group gets when it does not set them.
    """

    own_state = ()  # the state keys whose values this class's step keeps as NumPy arrays; any other (a user's
    # optimizer's, a subclass's own entries), and every key of a subclass that overrides step(), keeps a loaded
    # tensor a tensor, and gets these keys' arrays and step counts from a built-in's checkpoint as PyTorch's tensors

    filled_on_load = {}  # {option: value} that a loaded group lacking the option gets (a built-in's: PyTorch's
    # __setstate__'s values); any other option PyTorch added over time (LATER_OPTIONS) gets the optimizer's default

    def __init__(self, params, defaults):
        if isinstance(params, Tensor):
            raise TypeError(
                "params argument given to the optimizer should be an iterable of Tensors or dicts, "
                f"but got {type(params).__name__}"
            )
        self.defaults = defaults
        self.state = defaultdict(dict)  # parameter -> dict of its running quantities (NumPy arrays, step counts)
        self.param_groups = []
        groups = list(params)
        if not groups:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def __repr__(self):
        lines = [f"{type(self).__name__} ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            lines += [f"    {key}: {value}" for key, value in sorted(group.items()) if key != "params"]
        return "\n".join(lines + [")"])

    def add_param_group(self, param_group):
        """Add a group of parameters with its own options (e.g. unfreezing layers while fine-tuning)."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group).__name__}")
        params = param_group["params"]
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, set):
            raise TypeError(
                "optimizer parameters need to be organized in ordered collections, but the ordering of "
                "tensors in sets will change between runs. Please use a list instead."
            )
        group = param_group  # (the caller's own dict, filled in, as PyTorch's: a later edit of it reaches the step)
        group.update(_split_names(list(params)))
        for param in group["params"]:
            if not isinstance(param, Tensor):
                raise TypeError(f"optimizer can only optimize Tensors, but one of the params is {type(param).__name__}")
            if not param.is_leaf:
                raise ValueError("can't optimize a non-leaf Tensor")
        for name, default in self.defaults.items():
            if default is required and name not in group:
                raise ValueError(f"parameter group didn't specify a value of required optimization parameter {name}")
            group.setdefault(name, default)
        if len({id(p) for p in group["params"]}) != len(group["params"]):  # (PyTorch's warning: each copy is stepped)
            warnings.warn("optimizer contains a parameter group with duplicate parameters; in future, this will cause "
                          "an error; see github.com/pytorch/pytorch/issues/40967 for more information", stacklevel=3)
        if any(("param_names" in other) != ("param_names" in group) for other in self.param_groups):
            raise ValueError("all optimizer param groups should be with/without names. cannot add param group "
                             f"{'with' if 'param_names' in group else 'without'} names to the optimizer")
        existing = {id(p) for other in self.param_groups for p in other["params"]}
        if any(id(p) in existing for p in group["params"]):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(group)

    def zero_grad(self, set_to_none=True):
        """Forget the gradients: set each .grad to None (the default) or fill it with zeros in place, as
        PyTorch's: a .grad in a graph is cut from it first (detach_), any other only stops requiring grad, so a
        .grad that is a view (a slice of one flat gradient buffer, a transposed or expanded tensor) zeroes the
        memory it views."""
        for group in self.param_groups:
            for param in group["params"]:
                forget_grad(param, set_to_none)

    def step(self, closure=None):
        """One update of every parameter that has a gradient; parameters whose .grad is None are skipped.

        closure: an optional function that recomputes the loss (zero_grad, forward, backward) and
        returns it; step returns that loss.
        """
        loss = None
        self._opt_called = True  # what a scheduler's first step() looks for (PyTorch's name)
        if closure is not None:
            with enable_grad():
                loss = closure()
        with no_grad():
            for group in self.param_groups:
                options = _numbers(group)
                for param in group["params"]:
                    if param.grad is None:
                        continue
                    grad = param.grad.detach().numpy()
                    if group["maximize"]:
                        grad = -grad
                    state = self.state.get(param, {})
                    self._own_state_as_arrays(param, state)
                    self._check_state_fits(param, state)
                    self.update(_writable_array(param), grad, state, options)
                    if state:  # (an update that keeps nothing, SGD's without momentum, leaves no state, as PyTorch's)
                        self.state[param] = state
                    increment_version(param)  # the update wrote into param's memory
        return loss

    def _keeps_own_state_as_arrays(self):
        """Whether this class's step is the one its own_state describes. A subclass that overrides step() (a
        PyTorch-style step of its own that keeps tensors under the parent's key names) loads tensors as tensors,
        as PyTorch's optimizers do."""
        owner = next(klass for klass in type(self).__mro__ if "own_state" in vars(klass))
        return type(self).step is owner.step

    def _own_state_as_arrays(self, param, state):
        """The built-in step reads its own state as arrays: a state loaded as tensors into a subclass that
        overrides step() and calls super().step() is converted when that step first meets it."""
        for key in type(self).own_state:
            if isinstance(state.get(key), Tensor):
                state[key] = _restored(state[key], param, self._state_shape(param), key, "(loaded as a tensor)")

    def _check_state_fits(self, param, state):
        """PyTorch's RuntimeError, saying why: a state array made for a parameter whose .data has since been
        replaced by a tensor of another shape (NumPy's own error would only name two shapes)."""
        shape = self._state_shape(param)
        for key, value in state.items():
            if isinstance(value, np.ndarray) and value.shape != shape:
                raise RuntimeError(f"{type(self).__name__}: the optimizer state '{key}' of a parameter has shape "
                                   f"{value.shape}, but the parameter now has shape {tuple(param.shape)} (its .data "
                                   "was replaced by a tensor of another shape after the state was made)")

    def update(self, param, grad, state, group):
        """Change the parameter's array `param` in place to its new value, given its gradient `grad` (an
        array that must not be modified), its `state` dict (filled on the first call; its arrays are
        updated in place) and its group's options."""
        raise NotImplementedError

    # ----- checkpoints -----
    def state_dict(self):
        """A snapshot {"state": {index: {...}}, "param_groups": [{..., "params": [indices]}]}.

        Parameters are numbered in the order of the groups, as in PyTorch. The arrays are copies:
        later steps do not change a snapshot already taken (a deliberate difference: PyTorch's holds the
        optimizer's own state tensors, which its later steps change, and which an optimizer loading it shares).
        """
        index_of, start = {}, 0
        groups = []
        for group in self.param_groups:
            packed = {key: value for key, value in group.items() if key != "params"}
            index_of.update({id(p): i for i, p in enumerate(group["params"], start)})  # (one listed twice: its last)
            packed["params"] = [index_of[id(p)] for p in group["params"]]
            start += len(group["params"])
            groups.append(packed)
        state = {index_of[id(p)]: copy.deepcopy(s) for p, s in self.state.items() if id(p) in index_of}
        state.update({k: copy.deepcopy(v) for k, v in self.state.items() if not isinstance(k, Tensor)})  # (as PyTorch:
        return {"state": state, "param_groups": groups}  # a subclass's own entries, self.state["global_step"])

    def _state_shape(self, param):
        """The shape of the arrays in `param`'s state: its own (LBFGS's flat vectors differ)."""
        return param.shape

    def load_state_dict(self, state_dict):
        """Restore options and running state saved by `state_dict()` of the same kind of optimizer
        over parameters of the same shapes. Everything is checked before anything changes: on any
        mismatch it raises ValueError saying what does not match, and the optimizer is as it was. The groups are
        then new dicts made from the saved ones (see _loaded_group), in a new param_groups list, as PyTorch's."""
        if not isinstance(state_dict, Mapping) or not {"state", "param_groups"} <= set(state_dict):
            raise ValueError("loaded state dict must be a dict with 'state' and 'param_groups', as "
                             f"optimizer.state_dict() returns; got {type(state_dict).__name__}")
        saved_groups, saved_state = state_dict["param_groups"], state_dict["state"]
        if not isinstance(saved_groups, (list, tuple)) or not isinstance(saved_state, Mapping):
            raise ValueError("loaded state dict's 'param_groups' must be a list and its 'state' a dict")
        if len(saved_groups) != len(self.param_groups):
            raise ValueError(
                f"loaded state dict has a different number of parameter groups: "
                f"{len(saved_groups)} saved, {len(self.param_groups)} in this optimizer"
            )
        param_of_index = {}
        for i, (group, saved) in enumerate(zip(self.param_groups, saved_groups, strict=True)):
            if not isinstance(saved, Mapping) or not isinstance(saved.get("params"), (list, tuple)):
                raise ValueError(f"loaded state dict's parameter group {i} is not a dict with a 'params' list")
            if len(group["params"]) != len(saved["params"]):
                raise ValueError(
                    f"loaded state dict contains a parameter group that doesn't match the size of optimizer's "
                    f"group: group {i} has {len(saved['params'])} parameters saved, {len(group['params'])} here"
                )
            missing = sorted(set(self.defaults) - set(saved) - LATER_OPTIONS - set(type(self).filled_on_load))
            if missing:
                raise ValueError(
                    f"loaded state dict's parameter group {i} lacks options of {type(self).__name__}: {missing} "
                    f"(was it saved by a different kind of optimizer?)"
                )
            for index, param in zip(saved["params"], group["params"], strict=True):
                if not isinstance(index, (int, np.integer)) or isinstance(index, bool) or param_of_index.get(
                        index, param) is not param:  # (a parameter listed twice has one index at both places)
                    raise ValueError(f"loaded state dict's parameter group {i} has the parameter index {index!r}: "
                                     "indices must be integers, distinct for distinct parameters")
                param_of_index[int(index)] = param
        arrays = self._keeps_own_state_as_arrays()
        state, own = {}, type(self).own_state if arrays else ()
        for index, saved_param_state in saved_state.items():
            if isinstance(index, str) and not index.isdigit():  # (a subclass's own entry, kept as it is; "0" is refused
                # below: a parameter index made a string on the way, by JSON, whose state PyTorch would drop silently)
                state[index] = copy.deepcopy(saved_param_state)
                continue
            if index not in param_of_index:
                raise ValueError(
                    f"loaded state dict has state for parameter index {index!r}, but its parameter groups "
                    f"list only the indices {sorted(param_of_index)}"
                )
            if not isinstance(saved_param_state, Mapping):
                raise ValueError(f"loaded state dict's state of parameter {index} is not a dict")
            param = param_of_index[index]
            shape = self._state_shape(param)
            restored = {key: _restored(value, param, shape, key, index, key not in own)
                        for key, value in saved_param_state.items()}
            state[param] = restored if arrays else {key: _as_pytorch_keeps(value, key) if key in type(self).own_state
                                                    else value for key, value in restored.items()}
        self.state = defaultdict(dict, state)
        self.param_groups = [self._loaded_group(group, saved) for group, saved in
                             zip(self.param_groups, saved_groups, strict=True)]

    def _loaded_group(self, group, saved):
        """The group as PyTorch's load makes it: a new dict, a deep copy of the saved one (not sharing a tensor lr
        with the dict), with this group's parameters, and its param_names where the saved group has none. A key only
        the current group has (a scheduler's initial_lr, a user's own) is dropped; an option an older checkpoint
        lacks gets the value PyTorch's __setstate__ writes (filled_on_load), or else the optimizer's default."""
        loaded = copy.deepcopy(dict(saved, params=[]))
        loaded["params"] = group["params"]
        if "param_names" in group:
            loaded.setdefault("param_names", group["param_names"])
        for name, value in type(self).filled_on_load.items():
            loaded.setdefault(name, value)
        for name in LATER_OPTIONS & set(self.defaults):
            loaded.setdefault(name, self.defaults[name])
        return loaded


LATER_OPTIONS = {"foreach", "fused", "capturable", "differentiable", "maximize", "amsgrad", "nesterov",
                 "decoupled_weight_decay"}  # options PyTorch added over time: an older state dict may lack them


def kernel_options(**options):
    """PyTorch's options that choose how a step runs, not what it computes -- foreach (one kernel for all the
    parameters), fused (one kernel per step), capturable (CUDA graphs), differentiable (a step autograd sees) --
    checked as PyTorch 2.13 checks them on the CPU and returned for the optimizer's defaults (they stand in its
    param_groups, as PyTorch's). glassgrad has one NumPy update: they change nothing in its arithmetic.

    Refused: fused with foreach, fused with differentiable (RuntimeError, PyTorch's messages); capturable=True
    unless fused (AssertionError: PyTorch's CPU step refuses it; here already at construction); differentiable=True
    (NotImplementedError, a RuntimeError: glassgrad's steps never record a graph, and PyTorch's refuses
    it for leaf parameters)."""
    if options.get("fused") and options.get("foreach"):
        raise RuntimeError("`fused` and `foreach` cannot be `True` together.")
    if options.get("fused") and options.get("differentiable"):
        raise RuntimeError("`fused` does not support `differentiable`")
    if options.get("capturable") and not options.get("fused"):  # (PyTorch's fused CPU kernel takes it)
        raise AssertionError("If capturable=True, params and state_steps must be on supported devices: ['cuda', "
                             "'xpu', 'hpu', 'privateuseone', 'xla'] (glassgrad computes on the CPU)")
    if options.get("differentiable"):
        raise NotImplementedError("differentiable=True is not supported by glassgrad: its optimizer steps never "
                                  "record a graph")
    return options


def _numbers(group):
    """The group's options with a one-element Tensor (PyTorch accepts lr=torch.tensor(0.01), Adam's
    betas=(torch.tensor(0.9), torch.tensor(0.999)), weight_decay=torch.tensor(0.1), ...) read as a 0-d array of
    its dtype, so that what a step computes from it (Adam's lr / (1 − β1^t) and √(1 − β2^t), AdamW's 1 − lr·λ,
    Adagrad's decayed lr, SGD's 1 − dampening) is rounded and promoted as PyTorch's tensor arithmetic does it (float32
    for torch.tensor(0.1)), and `divide` knows it for a tensor's. NumPy scalars the user gave stay NumPy scalars
    (a user's 0-d array becomes one): PyTorch's step combines them with NumPy. `weak` applies the results to the
    arrays, as PyTorch applies a number to a tensor."""
    def number(value):
        if isinstance(value, tuple):
            return tuple(number(item) for item in value)
        if isinstance(value, Tensor) and value.dtype.kind == "f":
            return value.detach().numpy().reshape(()).copy()
        if isinstance(value, np.ndarray) and value.ndim == 0:  # (a user's: a NumPy scalar, not a tensor's number)
            value = value[()]
        return value.item() if isinstance(value, Tensor) else value
    return {key: number(value) for key, value in group.items()}


def weak(number):
    """A hyperparameter (or a number made from them) as PyTorch applies it to a tensor: as a Python float, which
    takes the array's dtype (NumPy would let an np.float64 or a 0-d float64 array promote a float32 update)."""
    return float(number)


def divide(number, value, of_tensor=False):
    """number / value as PyTorch rounds it where a tensor takes part. A Python number over a tensor's (`of_tensor`:
    Adam's γ / (1 − β₁ᵗ) with tensor betas, Adagrad's γ / (1 + (t − 1)·η) with a tensor lr_decay):
    Tensor.__rtruediv__ multiplies by the reciprocal, rounded to the tensor's dtype, the product made in float32
    (float64 for a float64 tensor) and rounded to that dtype. A tensor's number over another number (a tensor lr):
    divided in the tensor's dtype, a float16 one as PyTorch's half division, by the float32 reciprocal. Anything
    else, NumPy scalars the user gave included (lr=np.float16(0.1)), is divided by NumPy, as in PyTorch's step
    (a NumPy scalar beside a tensor's number is not weak here, as it is in PyTorch: docs/differences-from-pytorch.md)."""
    if of_tensor and isinstance(value, np.floating) and not isinstance(number, (np.generic, np.ndarray)):
        wide = np.float64 if value.dtype == np.float64 else np.float32
        return value.dtype.type(wide(1 / value) * wide(number))
    if isinstance(number, np.ndarray) and not isinstance(value, np.ndarray):
        if number.dtype == np.float16:
            return np.float16(np.float32(number) * (1 / np.float32(value)))
        return number / weak(value)
    return number / value


def _split_names(params):
    """{"params": tensors} from a group's params, with "param_names" where they are (name, tensor) pairs, as
    named_parameters() gives them (PyTorch's rule: all named, or none)."""
    named = [item for item in params if isinstance(item, tuple)]
    if not named:
        return {"params": params}
    if len(named) != len(params):
        raise ValueError("all optimizer params should be with/without names. Some param names are missing")
    return {"params": [item[1] for item in named], "param_names": [item[0] for item in named]}


def _as_pytorch_keeps(value, key):
    """A built-in step's state value (loaded into a subclass whose own step() reads PyTorch's tensors) in the form
    PyTorch's optimizers keep it: an array as a tensor, a step count as a float32 0-d tensor."""
    if isinstance(value, np.ndarray):
        return tensor(value)
    if key == "step" and isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        return tensor(float(value), dtype=float32)
    return value


def _writable_array(param):
    """The parameter's own array, for an update to write into (refused, as copy_ would, for a tensor whose
    elements share memory, such as an expand()ed one)."""
    array = param.detach().numpy()
    if not array.flags.writeable:
        raise RuntimeError("the optimizer cannot update a parameter whose elements share memory (an expanded "
                           "view, say): more than one element refers to a single memory location; clone() it first")
    return array


def _restored(value, param, shape, key, index, tensors_kept=False):
    """A copy of one saved state value, checked to have `shape` and, for a floating-point parameter, cast to its
    dtype (PyTorch's rule, whatever the value's dtype: an int64 exp_avg steps as a float one). A step count saved
    as a one-element tensor (PyTorch's format: 'step': tensor(3.)) is read as the number that this library keeps,
    and must not be negative. tensors_kept: tensors stay tensors (for an optimizer that keeps them)."""
    if isinstance(value, Tensor) and tensors_kept:  # (in a float parameter's dtype, but the step, as PyTorch)
        restored = value.detach().clone()
        return restored.to(param.dtype) if param.dtype.kind == "f" and key != "step" else restored
    if isinstance(value, Tensor):
        value = value.detach().numpy()
    if key == "step":
        return _step_count(value, index)
    if not isinstance(value, np.ndarray):
        return copy.deepcopy(value)
    if value.shape != shape:
        raise ValueError(f"loaded state dict's '{key}' of parameter {index} has shape {value.shape}, but "
                         f"{'the parameter has shape' if shape == param.shape else 'this optimizer expects'} {shape}")
    dtype = param.dtype if param.dtype.kind == "f" else value.dtype
    return np.array(value, dtype=dtype)


def _step_count(value, index):
    """A loaded step count as a number (an int where it is whole). A negative one is refused: the bias
    corrections of its next step would be 0 or negative (PyTorch's step fails on a complex square root)."""
    if isinstance(value, np.ndarray) and value.size != 1:
        raise ValueError(f"loaded state dict's 'step' of parameter {index} has shape {value.shape}: a step count "
                         "is one number")
    step = value.item() if isinstance(value, np.ndarray) else copy.deepcopy(value)
    if isinstance(step, (int, float, np.number)) and not isinstance(step, bool) and step < 0:
        raise ValueError(f"loaded state dict's 'step' of parameter {index} is {step}: a step count is the number "
                         "of steps taken, never negative")
    return int(step) if isinstance(step, (float, np.floating)) and float(step).is_integer() else step
