"""Module and Parameter: the building blocks of every model.

A Module owns Parameters (tensors to be trained), buffers (state that is saved but not trained,
such as batch norm's running mean) and child Modules. Assigning one of them to an attribute
registers it, so `parameters()`, `state_dict()` and `repr()` find it:

    class TwoLayer(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(2, 8)      # a child module: its parameters are fc1.weight, fc1.bias
            self.fc2 = nn.Linear(8, 1)

        def forward(self, x):
            return self.fc2(self.fc1(x).relu())

Calling a module runs `forward` inside `autograd.scope.module_scope`, so every op it records
knows which module made it (graph drawings group ops by module). Hooks, as in PyTorch, let a
learner look inside: `register_forward_hook` to record activations, `register_full_backward_hook`
to see the gradients with respect to a module's outputs and inputs (nn/hooks.py).
"""
import collections
import collections.abc
import functools
import inspect
import warnings

import numpy as np

from autograd.pytorch.devices import check_device
from autograd.pytorch.devices import device as device_type
from autograd.grad_mode import no_grad
from autograd.graph import forget_grad
from autograd.scope import current_scope, module_scope
from autograd.tensor import Tensor

from .hooks import BackwardHook, add_hook, new_hook_dict

EXTRA_STATE = "_extra_state"  # the key suffix of get_extra_state()'s value in a state dict, as PyTorch's
DEFERRED = "glassgrad_deferred_copies"  # local_metadata's list of the copies load_state_dict makes at its end
ASSIGN = "assign_to_params_buffers"  # local_metadata's flag of load_state_dict(assign=True), PyTorch's name


class IncompatibleKeys(collections.namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    """What load_state_dict returns; printed as PyTorch prints it when nothing is missing or unexpected."""

    __slots__ = ()

    def __repr__(self):
        return "<All keys matched successfully>" if not self.missing_keys and not self.unexpected_keys else super().__repr__()

    __str__ = __repr__


def _first_paths(root):
    """{id(module): its path from `root`} for `root` and every module registered under it, at the first path where
    one is held under several: the paths and order of PyTorch's named_modules(), walked through the `_modules`
    dicts themselves, as forward may not call a method a user's class can override (named_modules, children).
    Depth first with an explicit stack, so any nesting depth works; a value in `_modules` that is not a Module
    (put there by hand) is skipped, as PyTorch's forward never looks at it."""
    paths = {id(root): ""}
    stack = [("", iter(root._modules.items()))]  # (prefix of the children's paths, the children not yet seen)
    while stack:
        prefix, children = stack[-1]
        for name, child in children:
            if isinstance(child, Module) and id(child) not in paths:
                paths[id(child)] = prefix + name
                if child._modules:  # (a leaf needs no stack entry)
                    stack.append((prefix + name + ".", iter(child._modules.items())))
                    break
        else:
            stack.pop()
    return paths


class Parameter(Tensor):
    """A Tensor that is a trainable weight of a Module: it requires grad, and assigning it to a
    Module attribute registers it."""

    __slots__ = ()

    def __new__(cls, data=None, requires_grad=True):
        """Made here, as PyTorch's Parameter is: a subclass may define its own __new__ that calls
        super().__new__(cls, data, requires_grad), or an __init__ that does not call Parameter's."""
        parameter = super().__new__(cls)
        Tensor.__init__(parameter, np.empty(0, dtype=np.float32) if data is None else data,
                        requires_grad=requires_grad)
        return parameter

    def __init__(self, *args, **kwargs):
        """Nothing more to do: __new__ made the Parameter (and a subclass's __new__ may take more arguments,
        which Python passes here too)."""

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    def __deepcopy__(self, memo):
        """A new Parameter with a copy of the values and the same requires_grad, but no .grad (PyTorch's rule,
        so copy.deepcopy(model) starts without gradients)."""
        if id(self) not in memo:
            memo[id(self)] = type(self)(self.detach().clone(), self.requires_grad)
        return memo[id(self)]

    def __reduce_ex__(self, protocol):
        """pickle rebuilds a plain Parameter, whatever subclass this is, as PyTorch's Parameter.__reduce_ex__ does
        (with the values, requires_grad and the Python attributes; deepcopy keeps the subclass)."""
        rebuild, (_, *arguments), attributes = super().__reduce_ex__(protocol)
        return rebuild, (Parameter, *arguments), attributes

    def __copy__(self):
        """copy.copy: a Parameter sharing the memory, with requires_grad and the Python attributes; a subclass's copy
        is a plain Parameter, as PyTorch's copy (made through its __reduce_ex__) is."""
        rebuild, arguments, attributes = self.__reduce_ex__(4)
        copied = rebuild(*arguments)
        copied.__dict__.update(attributes)
        return copied


class Module:
    """Base class of every layer and model: subclasses set attributes in __init__ and define forward()."""

    def __init__(self):
        object.__setattr__(self, "_parameters", {})
        object.__setattr__(self, "_buffers", {})
        object.__setattr__(self, "_non_persistent_buffers", set())
        object.__setattr__(self, "_modules", {})
        object.__setattr__(self, "_scope_name", None)  # the attribute name under which a parent holds it
        object.__setattr__(self, "training", True)
        for registry in ("_forward_pre_hooks", "_forward_hooks", "_backward_pre_hooks", "_backward_hooks"):
            object.__setattr__(self, registry, new_hook_dict())
        object.__setattr__(self, "_forward_pre_hooks_with_kwargs", set())  # ids of the hooks that take kwargs
        object.__setattr__(self, "_forward_hooks_with_kwargs", set())
        object.__setattr__(self, "_forward_hooks_always_called", set())

    def __setstate__(self, state):
        """Restore a copy or unpickled module from its __dict__ (copy, deepcopy and pickle call this, as PyTorch's
        Module.__setstate__, so they never reach a subclass's __getattr__ on a module whose __init__ has not run).
        Attributes an older module may lack (hook registries added later) are created empty."""
        self.__dict__.update(state)
        for registry in ("_forward_pre_hooks", "_forward_hooks", "_backward_pre_hooks", "_backward_hooks"):
            if registry not in self.__dict__:
                object.__setattr__(self, registry, new_hook_dict())
        for ids in ("_non_persistent_buffers", "_forward_pre_hooks_with_kwargs", "_forward_hooks_with_kwargs",
                    "_forward_hooks_always_called"):
            if ids not in self.__dict__:
                object.__setattr__(self, ids, set())
        self.__dict__.setdefault("_scope_name", None)

    def forward(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} has no forward() method")

    def _wrapped_call_impl(self, *args, **kwargs):
        return self._call_impl(*args, **kwargs)

    __call__ = _wrapped_call_impl  # calling a module runs self._call_impl, as in PyTorch (a subclass may override it)

    def _call_impl(self, *args, **kwargs):
        """forward inside the module's scope (see _scope_label), between its hooks when it has any."""
        first = args[0] if args else None
        label, path = self._scope_label()
        with module_scope(label, self, tuple(first.shape) if isinstance(first, Tensor) else None, path):
            if self._forward_pre_hooks or self._forward_hooks or self._backward_pre_hooks or self._backward_hooks:
                return self._call_with_hooks(args, kwargs)
            return self.forward(*args, **kwargs)

    def _scope_label(self):
        """(label, path) of this call of the module, for drawings and the explorer. `path` is its path in the
        OUTERMOST module called, as that module's named_modules() would give it (the first path for a module held
        under two; _first_paths), whichever module's forward called it: a layer handed to a wrapper, a layer of a
        Sequential slice, a tied module, a sibling called from a hook are all named as named_parameters() names
        their parameters.
        The label is 'fc1: Linear': the path from the calling module when the module is under it, else the whole
        path ('enc.0: Linear' inside a Residual wrapper); the class alone ('MLP') for a module called at the top
        or one the outermost module does not hold (path None). A module called at the top that a parent holds
        keeps that name ('fc1: Linear' for model.fc1(x))."""
        name = type(self).__name__
        scope = current_scope()
        outer = scope[0] if scope and scope[0].module is not None else \
            next((part for part in scope if part.module is not None), None)
        root = outer.module() if outer is not None else None
        if root is None:
            top = self._scope_name
            return (name, "") if top is None else (f"{top}: {name}", top)
        if outer.paths is None:  # once per call of the outermost module, not once per module it calls
            outer.paths = _first_paths(root)
        inner = outer.paths.get(id(self))
        if not inner:  # not held by the outermost module (a plain list), or the outermost module itself again
            return name, (None if inner is None else outer.path)
        path = f"{outer.path}.{inner}" if outer.path else inner
        caller = scope[-1].path if scope[-1].module is not None else \
            next(part.path for part in reversed(scope) if part.module is not None)
        if caller is not None and (not caller or path.startswith(caller + ".")):
            return f"{path[len(caller) + 1 if caller else 0:]}: {name}", path
        return f"{path}: {name}", path

    def _call_with_hooks(self, args, kwargs):
        """forward between its hooks, in PyTorch's order: forward pre-hooks (which may replace the
        arguments), the backward hooks' wrapping of the inputs, forward, forward hooks (which may
        replace the result), the wrapping of the outputs. Forward hooks registered with
        always_call=True run even when forward (or an earlier hook) raises."""
        result, called = None, set()
        try:
            for hook_id, hook in list(self._forward_pre_hooks.items()):
                args, kwargs = self._run_forward_pre_hook(hook_id, hook, args, kwargs)
            backward_hook = None
            if self._backward_hooks or self._backward_pre_hooks:
                backward_hook = BackwardHook(self, self._backward_hooks.values(), self._backward_pre_hooks.values())
                args = backward_hook.setup_input_hook(args)
            result = self.forward(*args, **kwargs)
            for hook_id, hook in list(self._forward_hooks.items()):
                called.add(hook_id)
                result = self._run_forward_hook(hook_id, hook, args, kwargs, result)
            if backward_hook is not None:
                if not isinstance(result, (Tensor, tuple)):
                    warnings.warn("For backward hooks to be called, module output should be a Tensor or a tuple of "
                                  f"Tensors but received {type(result)}", stacklevel=4)
                result = backward_hook.setup_output_hook(result)
            return result
        except Exception:
            for hook_id, hook in list(self._forward_hooks.items()):
                if hook_id in self._forward_hooks_always_called and hook_id not in called:
                    try:
                        result = self._run_forward_hook(hook_id, hook, args, kwargs, result)
                    except Exception as error:
                        warnings.warn("module forward hook with ``always_call=True`` raised an exception that was "
                                      f"silenced as another error was raised in forward: {error}", stacklevel=4)
            raise

    def _run_forward_pre_hook(self, hook_id, hook, args, kwargs):
        """(args, kwargs) after one forward pre-hook."""
        if hook_id in self._forward_pre_hooks_with_kwargs:
            result = hook(self, args, kwargs)
            if result is None:
                return args, kwargs
            if not (isinstance(result, tuple) and len(result) == 2):
                raise RuntimeError(f"forward pre-hook must return None or a tuple of (new_args, new_kwargs), but got "
                                   f"{result}.")
            return result
        result = hook(self, args)
        if result is None:
            return args, kwargs
        return (result if isinstance(result, tuple) else (result,)), kwargs

    def _run_forward_hook(self, hook_id, hook, args, kwargs, result):
        if hook_id in self._forward_hooks_with_kwargs:
            new = hook(self, args, kwargs, result)
        else:
            new = hook(self, args, result)
        return result if new is None else new

    # ----- hooks -----
    def register_forward_pre_hook(self, hook, *, prepend=False, with_kwargs=False):
        """Call hook(module, args) before every forward (hook(module, args, kwargs) with with_kwargs=True).

        The hook may return new arguments: a tuple (a single other value is wrapped in one), or with
        with_kwargs a pair (args, kwargs). prepend=True puts it before the hooks already registered.
        Returns a handle whose remove() unregisters it."""
        extra = (self._forward_pre_hooks_with_kwargs,)
        handle = add_hook(self._forward_pre_hooks, hook, prepend, extra)
        if with_kwargs:
            self._forward_pre_hooks_with_kwargs.add(handle.id)
        return handle

    def register_forward_hook(self, hook, *, prepend=False, with_kwargs=False, always_call=False):
        """Call hook(module, args, output) after every forward (hook(module, args, kwargs, output) with
        with_kwargs=True); a value it returns replaces the output. always_call=True runs it even when
        forward raises. Returns a handle whose remove() unregisters it."""
        extra = (self._forward_hooks_with_kwargs, self._forward_hooks_always_called)
        handle = add_hook(self._forward_hooks, hook, prepend, extra)
        if with_kwargs:
            self._forward_hooks_with_kwargs.add(handle.id)
        if always_call:
            self._forward_hooks_always_called.add(handle.id)
        return handle

    def register_full_backward_pre_hook(self, hook, prepend=False):
        """Call hook(module, grad_output) when the gradients with respect to the module's outputs are
        known, before they flow into the module; it may return a replacement grad_output (a tuple
        with one entry per output, None where an output received no gradient)."""
        return add_hook(self._backward_pre_hooks, hook, prepend)

    def register_full_backward_hook(self, hook, prepend=False):
        """Call hook(module, grad_input, grad_output) when the gradients with respect to the module's
        positional inputs are known; it may return a replacement grad_input. Built on
        Tensor.register_hook (see nn/hooks.py)."""
        return add_hook(self._backward_hooks, hook, prepend)

    # ----- registration -----
    def __setattr__(self, name, value):
        if "_parameters" not in self.__dict__:  # before Module.__init__: only plain attributes
            if isinstance(value, (Parameter, Module)):
                raise AttributeError(
                    f"cannot assign {type(value).__name__} '{name}' before Module.__init__() call: "
                    f"call super().__init__() first in {type(self).__name__}.__init__"
                )
            object.__setattr__(self, name, value)
        elif isinstance(value, Parameter):
            self._forget(name, keep=self._parameters)  # a parameter assigned anew keeps its place
            self.register_parameter(name, value)
        elif name in self._parameters:  # (before modules, as in PyTorch: a module cannot replace a parameter)
            if value is not None:
                raise TypeError(
                    f"cannot assign {type(value).__name__} as parameter '{name}' (nn.Parameter or None expected)"
                )
            self._parameters[name] = None
        elif isinstance(value, Module):
            self._forget(name, keep=self._modules)
            self._modules[name] = value
            object.__setattr__(value, "_scope_name", name)
        elif name in self._modules:
            if value is not None:
                raise TypeError(
                    f"cannot assign {type(value).__name__} as child module '{name}' (Module or None expected)"
                )
            self._modules[name] = None
        elif name in self._buffers:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(f"cannot assign {type(value).__name__} as buffer '{name}' (Tensor or None expected)")
            self._register_buffer_again(name, value)
        else:
            object.__setattr__(self, name, value)

    def _register_buffer_again(self, name, value):
        """`m.name = tensor` for a buffer goes through self.register_buffer, keeping its persistence, as PyTorch's;
        a subclass's register_buffer without the `persistent` argument gets only (name, value), as there."""
        persistent = name not in self._non_persistent_buffers
        if getattr(self.register_buffer, "__func__", None) is Module.register_buffer or \
                "persistent" in inspect.signature(self.register_buffer).parameters:
            self.register_buffer(name, value, persistent)
        elif not persistent:
            raise RuntimeError("Registering a non-persistent buffer on a Module subclass that implements "
                               "register_buffer() without the persistent argument is not allowed.")
        else:
            self.register_buffer(name, value)

    def _forget(self, name, keep=None):
        """Remove `name` from wherever it is registered (before it is registered anew), except from
        the registry `keep`, where it keeps its place in the order."""
        self.__dict__.pop(name, None)
        for registry in (self._parameters, self._modules, self._buffers):
            if registry is not keep:
                registry.pop(name, None)
        self._non_persistent_buffers.discard(name)

    def _check_name(self, kind, name, registry):
        """PyTorch's checks of a name a parameter, buffer or module is registered under."""
        if not isinstance(name, str):
            raise TypeError(f"{kind} name should be a string. Got {type(name).__name__}")
        if "." in name:
            raise KeyError(f'{kind} name can\'t contain ".", got: {name}')
        if name == "":
            raise KeyError(f'{kind} name can\'t be empty string ""')
        if hasattr(self, name) and name not in registry:
            raise KeyError(f"attribute '{name}' already exists")

    def __getattr__(self, name):  # called only when normal lookup fails
        for registry in ("_parameters", "_buffers", "_modules"):
            members = self.__dict__.get(registry)
            if members is not None and name in members:
                return members[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __dir__(self):  # tab completion shows parameters, buffers and children, as for PyTorch's modules
        # (PyTorch's leaves out names that start with a digit, a Sequential's '0'; this keeps them)
        return sorted(set(super().__dir__()) | set(self._parameters) | set(self._buffers) | set(self._modules))

    def get_submodule(self, target):
        """The module at dotted path `target` ('' is self), e.g. model.get_submodule('encoder.0')."""
        module = self
        for name in target.split(".") if target else []:
            if not isinstance(module._modules.get(name), Module):
                raise AttributeError(f"{type(module).__name__} has no attribute `{name}`")
            module = module._modules[name]
        return module

    def get_parameter(self, target):
        """The Parameter at dotted path `target`, e.g. model.get_parameter('fc1.weight')."""
        return self._get_member(target, "_parameters", "nn.Parameter")

    def get_buffer(self, target):
        """The buffer at dotted path `target`, e.g. model.get_buffer('bn.running_mean')."""
        return self._get_member(target, "_buffers", "buffer")

    def _get_member(self, target, registry, kind):
        module_path, _, name = target.rpartition(".")
        module = self.get_submodule(module_path)
        if name not in getattr(module, registry):
            raise AttributeError(f"`{name}` is not an {kind}" if hasattr(module, name)
                                 else f"{type(module).__name__} has no attribute `{name}`")
        return getattr(module, registry)[name]

    def __delattr__(self, name):
        for members in (self._parameters, self._buffers, self._modules):
            if name in members:
                del members[name]
                self._non_persistent_buffers.discard(name)
                return
        object.__delattr__(self, name)

    def register_parameter(self, name, param):
        """Register `param` (a Parameter, or None for an absent one such as bias=False) as `name`."""
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign parameter before Module.__init__() call")
        self._check_name("parameter", name, self._parameters)
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{type(param).__name__}' object to parameter '{name}' "
                            "(nn.Parameter or None required)")
        if param is not None and not param.is_leaf:
            raise ValueError(f"Cannot assign non-leaf Tensor to parameter '{name}'. Model parameters must be created "
                             f"explicitly. To express '{name}' as a function of another Tensor, compute the value in "
                             "the forward() method.")
        self._parameters[name] = param

    def register_buffer(self, name, tensor, persistent=True):
        """Register `tensor` as state that is saved in state_dict (unless persistent=False) but not trained."""
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        self._check_name("buffer", name, self._buffers)
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"cannot register {type(tensor).__name__} as buffer '{name}' (Tensor or None expected)")
        self._forget(name, keep=self._buffers)
        self._buffers[name] = tensor
        if not persistent:
            self._non_persistent_buffers.add(name)

    def add_module(self, name, module):
        """Register `module` as a child called `name` (setattr, with PyTorch's checks of the name)."""
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{type(module).__name__} is not a Module subclass")
        self._check_name("module", name, self._modules)
        self._modules[name] = module
        if module is not None:
            object.__setattr__(module, "_scope_name", name)

    register_module = add_module

    # ----- traversal -----
    def named_modules(self, memo=None, prefix="", remove_duplicate=True):
        """(dotted name, module) for this module and every descendant, depth first, each once."""
        memo = set() if memo is None else memo
        if remove_duplicate and id(self) in memo:
            return
        memo.add(id(self))
        yield prefix, self
        for name, child in self._modules.items():
            if child is not None:
                yield from child.named_modules(memo, f"{prefix}.{name}" if prefix else name, remove_duplicate)

    def modules(self):
        for _, module in self.named_modules():
            yield module

    def named_children(self):
        seen = set()
        for name, child in self._modules.items():
            if child is not None and id(child) not in seen:
                seen.add(id(child))
                yield name, child

    def children(self):
        for _, child in self.named_children():
            yield child

    def _named_members(self, registry, prefix, recurse, remove_duplicate=True):
        seen = set()
        modules = self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate) if recurse else [(prefix, self)]
        for module_prefix, module in modules:
            for name, member in getattr(module, registry).items():
                if member is None or (remove_duplicate and id(member) in seen):
                    continue
                seen.add(id(member))
                yield (f"{module_prefix}.{name}" if module_prefix else name), member

    def named_parameters(self, prefix="", recurse=True, remove_duplicate=True):
        """(dotted name, Parameter) in definition order, e.g. ('fc1.weight', ...); shared ones once
        (under every name they have with remove_duplicate=False)."""
        return self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse=True):
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(self, prefix="", recurse=True, remove_duplicate=True):
        return self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse=True):
        for _, buffer in self.named_buffers(recurse=recurse):
            yield buffer

    # ----- modes and gradients -----
    def train(self, mode=True):
        """Set training mode (dropout active, batch norm uses batch statistics) here and below."""
        if not isinstance(mode, bool):  # PyTorch's check: train("eval") or train(0) is a mistake
            raise ValueError(f"training mode is expected to be boolean, got {mode!r}")
        self.training = mode  # through __setattr__, as PyTorch's: a module overriding it sees the change
        for child in self.children():  # each child's own train(), so an override (a frozen batch norm) holds
            child.train(mode)
        return self

    def eval(self):
        """Evaluation mode: dropout is the identity, batch norm uses its running statistics."""
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        if not isinstance(requires_grad, bool):  # requires_grad_("False") would switch gradients on
            raise TypeError(f"requires_grad_(): argument 'requires_grad' must be bool, not {type(requires_grad).__name__}")
        for param in self.parameters():
            param.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none=True):
        """Forget the gradients of every parameter: set them to None, or fill them with zeros in place
        (cut from any graph first), as PyTorch does."""
        for param in self.parameters():
            forget_grad(param, set_to_none)

    def apply(self, fn):
        """Call fn(module) on every descendant (children first) and on self; returns self."""
        for child in self.children():
            child.apply(fn)
        fn(self)
        return self

    def _apply(self, fn, recurse=True):
        """Replace every tensor t of this module by fn(t), as PyTorch's Module._apply, through which to(),
        double(), float(), half(), type() and cpu() all go: the children first (when recurse), then each
        parameter (param.data = fn(param), under no_grad: the Parameter object stays, so an optimizer holding it
        keeps working) and its gradient (grad.data = fn(grad)), then each buffer (replaced by fn(buffer)).
        A module that keeps a plain tensor attribute (a cache, a mask) overrides _apply to convert it too."""
        if recurse:
            for child in self.children():
                child._apply(fn)
        for param in self._parameters.values():
            if param is None:
                continue
            with no_grad():
                converted = fn(param)
            if converted is not param:
                param.data = converted
            if param.grad is not None:
                with no_grad():
                    grad = fn(param.grad)
                if grad is not param.grad:
                    param.grad.data = grad
        for name, buffer in self._buffers.items():
            if buffer is not None:
                self._buffers[name] = fn(buffer)
        return self

    def to(self, *args, **kwargs):
        """PyTorch's forms: to(device), to(dtype), to(device, dtype), to(tensor), and the keywords device=,
        dtype=, non_blocking=. Converts floating parameters and buffers (and their gradients) to dtype, through
        _apply. The device must be the CPU ('cpu', device('cpu')): glassgrad has no other; any other is refused."""
        device, dtype = _to_arguments(args, kwargs)
        check_device(device)
        if dtype is not None and dtype.kind != "f":
            raise TypeError(f"nn.Module.to only accepts floating point dtypes, but got desired dtype={dtype}")
        return self._apply(_floating_to(dtype))

    def type(self, dst_type):
        """Every parameter and buffer converted to dst_type (a dtype or a type name such as
        'torch.DoubleTensor'), integer ones included, as PyTorch's Module.type."""
        return self._apply(lambda t: t.type(dst_type))

    def cpu(self):
        return self._apply(lambda t: t.cpu())

    def cuda(self, device=None):
        raise RuntimeError("glassgrad is a CPU library: modules cannot move to CUDA (cuda.is_available() is False)")

    def double(self):
        return self._apply(_floating_to(np.float64))

    def float(self):
        return self._apply(_floating_to(np.float32))

    def half(self):
        return self._apply(_floating_to(np.float16))

    def bfloat16(self):
        raise TypeError("glassgrad computes with NumPy, which has no bfloat16: use model.float() or model.half()")

    def share_memory(self):
        """Nothing to do (PyTorch moves the tensors to shared memory for its worker processes; glassgrad runs in
        one process); returns self, as PyTorch's."""
        return self

    # ----- saving and loading -----
    def get_extra_state(self):
        """What a module that overrides this (with set_extra_state) saves under 'prefix._extra_state'."""
        raise RuntimeError("Module.get_extra_state() is only called on a module that overrides it")

    def set_extra_state(self, state):
        """Restore what get_extra_state saved (called by load_state_dict on a module that overrides it)."""
        raise RuntimeError("Module.set_extra_state() is only called on a module that overrides it")

    def _save_to_state_dict(self, destination, prefix, keep_vars):
        """Put this module's own state (not its children's) into `destination`: every parameter and persistent
        buffer under prefix + name, and get_extra_state() under prefix + '_extra_state' when the class
        overrides it. A module whose saved state differs overrides this, as in PyTorch."""
        for name, tensor in self._own_state().items():
            destination[prefix + name] = tensor if keep_vars else tensor.detach()
        if type(self).get_extra_state is not Module.get_extra_state:
            destination[prefix + EXTRA_STATE] = self.get_extra_state()

    def _own_state(self):
        """name → tensor of this module's parameters and persistent buffers (None ones left out)."""
        buffers = {name: b for name, b in self._buffers.items() if name not in self._non_persistent_buffers}
        return {name: t for name, t in {**self._parameters, **buffers}.items() if t is not None}

    def state_dict(self, *args, destination=None, prefix="", keep_vars=False):
        """An ordered dict key → tensor of every parameter and buffer ('fc1.weight', 'bn.running_mean', ...).

        PyTorch's recursion: this module's _save_to_state_dict, then each child's own state_dict (so a child's
        override of either holds) with prefix + name + '.'. The tensors share memory with the module (detached
        unless keep_vars=True); copy to snapshot. Given a `destination`, it fills and returns that mapping."""
        if args:  # PyTorch's deprecated positional form (destination, prefix, keep_vars)
            warnings.warn("Positional args are being deprecated, use kwargs instead.", FutureWarning, stacklevel=2)
            destination = args[0] if destination is None else destination
            prefix = args[1] if len(args) > 1 and prefix == "" else prefix
            keep_vars = args[2] if len(args) > 2 and keep_vars is False else keep_vars
        destination = collections.OrderedDict() if destination is None else destination
        self._save_to_state_dict(destination, prefix, keep_vars)
        for name, child in self._modules.items():
            if child is not None:
                child.state_dict(destination=destination, prefix=f"{prefix}{name}.", keep_vars=keep_vars)
        return destination

    def load_state_dict(self, state_dict, strict=True, assign=False):
        """Copy values from `state_dict` into the parameters and buffers (with assign=True, make the checkpoint's
        tensors the module's own instead, as PyTorch's: they keep their dtype and memory, a parameter becomes a
        Parameter with the requires_grad of the one it replaces; an optimizer made before then holds the old ones).

        PyTorch's recursion: each module's _load_from_state_dict (an override holds: it may rename keys, then
        call super()) sees the entries under its prefix, and set_extra_state gets its '_extra_state'.
        An uninitialised parameter or buffer of a lazy module takes the checkpoint's shape, as in
        PyTorch (so a lazy model loads without a dry run, and its first forward keeps the values).
        Every entry is checked before anything changes: if any value is not numeric, differs in
        shape, or has a dtype that cannot be cast to its tensor's without changing kind (a float into
        an integer buffer, a complex into a float), or (with strict=True) if a key is missing or
        unexpected, it raises, lists every such key, and leaves the module as it was.
        Returns (missing_keys, unexpected_keys)."""
        if not isinstance(state_dict, collections.abc.Mapping):
            raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict).__name__}.")
        missing, unexpected, mismatched, deferred = [], [], [], []
        unexpected += [key for key in state_dict if not isinstance(key, str)]

        def load(module, local_state, prefix):
            module._load_from_state_dict(local_state, prefix, {DEFERRED: deferred, ASSIGN: assign}, True, missing,
                                         unexpected, mismatched)
            for name, child in module._modules.items():
                if child is not None:
                    inner = f"{prefix}{name}."
                    load(child, {k: v for k, v in local_state.items() if k.startswith(inner)}, inner)

        load(self, {k: v for k, v in state_dict.items() if isinstance(k, str)}, "")
        problems = (["missing keys: " + ", ".join(missing)] if strict and missing else []) + (
            ["unexpected keys: " + ", ".join(map(str, unexpected))] if strict and unexpected else []) + mismatched
        if problems:
            raise RuntimeError(
                f"Error(s) in loading state_dict for {type(self).__name__} (nothing was loaded):\n  "
                + "\n  ".join(problems)
            )
        for action in deferred:
            action()
        return IncompatibleKeys(missing, unexpected)

    def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
                              error_msgs):
        """Check this module's own entries of `state_dict` (under `prefix`, not its children's): missing and
        unexpected keys and bad values are appended to the lists, as PyTorch's. The copies (and
        set_extra_state) wait in local_metadata's list until load_state_dict has checked every module."""
        deferred = local_metadata.get(DEFERRED)
        later = deferred.append if deferred is not None else (lambda action: action())
        own = self._own_state()
        for name, target in own.items():
            key = prefix + name
            if key not in state_dict:
                if strict and name not in getattr(self, "_optional_state", ()):  # batch norm's num_batches_tracked
                    missing_keys.append(key)
                continue
            value, problem = _loadable_array(key, state_dict[key], target)
            if not problem and local_metadata.get(ASSIGN) and not isinstance(state_dict[key], Tensor):
                problem = (f'While copying the parameter named "{key}", expected torch.Tensor or Tensor-like object '
                           f"from checkpoint but received {type(state_dict[key]).__name__} (assign=True makes it "
                           "the module's own tensor)")
            if problem:
                error_msgs.append(problem)
            elif local_metadata.get(ASSIGN) and not _unshaped(target):
                later(functools.partial(_assign, self, name, target, state_dict[key]))
            else:
                later(functools.partial(_copy_into, target, value))
        extra = prefix + EXTRA_STATE
        if type(self).set_extra_state is not Module.set_extra_state:
            if extra in state_dict:
                later(functools.partial(self.set_extra_state, state_dict[extra]))
            elif strict:
                missing_keys.append(extra)
        elif strict and extra in state_dict:
            unexpected_keys.append(extra)
        if strict:
            for key in state_dict:
                if key.startswith(prefix) and key != extra:
                    first, *rest = key[len(prefix):].split(".", 1)
                    if first not in (self._modules if rest else own):
                        unexpected_keys.append(key)

    # ----- printing -----
    def extra_repr(self):
        """The text inside the parentheses of this module's repr (e.g. 'in_features=2, out_features=8')."""
        return ""

    def _get_name(self):
        """The name repr gives the module (its class's, as PyTorch's; a subclass may override it)."""
        return type(self).__name__

    def __repr__(self):
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [
            f"({name}): " + repr(child).replace("\n", "\n  ") for name, child in self._modules.items()
        ]
        lines = extra_lines + child_lines
        if not lines:
            return f"{self._get_name()}()"
        if len(extra_lines) == 1 and not child_lines:
            return f"{self._get_name()}({extra_lines[0]})"
        return f"{self._get_name()}(\n  " + "\n  ".join(lines) + "\n)"


def _unshaped(tensor):
    """A lazy module's uninitialised parameter or buffer (nn.lazy), which has no shape until materialize()."""
    return hasattr(tensor, "materialize")


def _copy_into(target, array):
    """Write a checked checkpoint value into a parameter or buffer (a lazy one takes its shape first)."""
    with no_grad():
        if _unshaped(target):
            target.materialize(array.shape)
        target.copy_(array)


def _assign(module, name, target, value):
    """load_state_dict(assign=True): the checkpoint's tensor becomes the module's parameter or buffer, sharing its
    memory (a Parameter keeps the requires_grad of the one it replaces, as PyTorch's)."""
    tensor = value if isinstance(value, Tensor) else Tensor(np.asarray(value))
    if isinstance(target, Parameter):
        tensor = tensor.requires_grad_(target.requires_grad) if isinstance(tensor, Parameter) else Parameter(
            tensor.detach(), requires_grad=target.requires_grad)
    setattr(module, name, tensor)


def _loadable_array(key, value, target):
    """(array, None) when `value` can be copied into the tensor `target`, else (None, what is wrong).
    An unshaped target (a lazy module's, not yet materialised) takes any shape. A tensor or an array-like object
    (a NumPy array, what nn.load gives) is taken; a list, a number or None is not, as in PyTorch."""
    if not (isinstance(value, Tensor) or hasattr(value, "__array__")):
        return None, (f"invalid value for {key}: expected torch.Tensor or Tensor-like object from checkpoint but "
                      f"received {type(value).__name__}")
    array = value.detach().numpy() if isinstance(value, Tensor) else value
    try:
        array = np.asarray(array)
    except Exception as error:  # whatever the value's own conversion raises is reported, not raised
        return None, f"invalid value for {key}: not an array ({type(error).__name__}: {error})"
    if array.dtype.kind not in "biufc":
        return None, f"invalid value for {key}: checkpoint holds {type(value).__name__} of {array.dtype}, not a number"
    if not _unshaped(target) and array.shape != target.shape:
        return None, f"size mismatch for {key}: checkpoint has shape {array.shape}, the module {target.shape}"
    if not np.can_cast(array.dtype, target.dtype, "same_kind"):
        return None, (f"dtype mismatch for {key}: checkpoint has {array.dtype}, which does not cast to "
                      f"the module's {target.dtype} without changing kind")
    return array, None


def _floating_to(dtype):
    """The conversion Module.to(dtype) applies: floating tensors to dtype, the others (integer buffers such
    as num_batches_tracked) unchanged; with no dtype, every tensor unchanged."""
    def convert(tensor):
        return tensor if dtype is None or tensor.dtype.kind != "f" else tensor.to(dtype)
    return convert


def _to_arguments(args, kwargs):
    """(device or None, NumPy dtype or None) from Module.to's arguments, in PyTorch's three forms:
    to(device=None, dtype=None, non_blocking=False), to(dtype, non_blocking=False), to(tensor, non_blocking=False)
    (a tensor gives the dtype; it goes alone, positionally or as tensor=)."""
    unknown = set(kwargs) - {"device", "dtype", "non_blocking", "copy", "memory_format", "tensor"}
    if unknown or len(args) > 3:
        raise TypeError(f"to() received an invalid combination of arguments: {args}, {sorted(unknown)}")
    device, dtype, tensor = kwargs.get("device"), kwargs.get("dtype"), kwargs.get("tensor")
    if isinstance(dtype, (Tensor, str)):
        raise TypeError(f"to(): dtype= takes a dtype such as float64, got {type(dtype).__name__} (pass a tensor as "
                        "to(tensor) or to(tensor=...))")
    if tensor is not None and not isinstance(tensor, Tensor):
        raise TypeError(f"to(): tensor= takes a Tensor, got {type(tensor).__name__}")
    for arg in args:
        if isinstance(arg, Tensor):
            tensor = _only_one("tensor", tensor, arg)
        elif isinstance(arg, bool):
            continue  # non_blocking
        elif isinstance(arg, (str, int, device_type)):  # a device: 'cpu', 0, device('cpu')
            device = _only_one("device", device, arg)
        else:
            dtype = _only_one("dtype", dtype, arg)
    if tensor is not None:
        if device is not None or dtype is not None:
            raise TypeError("to(): a tensor gives the dtype itself: pass it without a device or dtype")
        dtype = tensor.dtype
    return device, (None if dtype is None else np.dtype(dtype))


def _only_one(kind, given, value):
    if given is not None:
        raise TypeError(f"to() received two values for its {kind}: {given!r} and {value!r}")
    return value
