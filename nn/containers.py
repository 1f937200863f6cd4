"""Containers: Sequential (a chain of modules), ModuleList and ModuleDict (a list and a dict whose
modules are registered), ParameterList and ParameterDict (the same for parameters).

A list's members are named "0", "1", ... as in PyTorch, so a parameter key reads e.g. '0.weight';
a dict's members are named by their keys."""
import collections
import collections.abc
import operator

from autograd.pytorch.printing import dtype_name
from autograd.tensor import Tensor

from .module import Module, Parameter


class Sequential(Module):
    """Apply modules one after another: Sequential(a, b, c)(x) = c(b(a(x))).

    Also accepts an OrderedDict name → module, whose names then replace "0", "1", ..."""

    def __init__(self, *args):
        super().__init__()
        if len(args) == 1 and isinstance(args[0], collections.OrderedDict):
            for name, module in args[0].items():
                self.add_module(name, module)
        else:
            for index, module in enumerate(args):
                self.add_module(str(index), module)

    def forward(self, x):
        for module in self._modules.values():
            x = module(x)
        return x

    def __getitem__(self, index):
        modules = list(self._modules.items())
        if isinstance(index, slice):
            return type(self)(collections.OrderedDict(modules[index]))  # (built through add_module, as PyTorch's)
        return modules[index][1]

    def __setitem__(self, index, module):
        """Replace the module at position `index`; it keeps that position's name."""
        setattr(self, list(self._modules)[int(_position(index, len(self)))], module)

    def __delitem__(self, index):
        """Remove the module(s) at index (an int or a slice); the rest are renamed 0, 1, ... as in PyTorch."""
        names = list(self._modules)
        _delete_and_renumber(self, names[index] if isinstance(index, slice) else [names[int(_position(index, len(self)))]])

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def append(self, module):
        self.add_module(str(len(self)), module)
        return self

    def insert(self, index, module):
        """Put `module` at position `index` (negative counts from the end; len(self) appends); the modules are
        renamed 0, 1, ... in their new order, as PyTorch's."""
        if not isinstance(module, Module):
            raise AssertionError(f"module should be of type: {Module}")
        index = operator.index(index)
        if not -len(self) <= index <= len(self):
            raise IndexError(f"Index out of range: {index}")
        modules = list(self._modules.values())
        modules.insert(index, module)
        _renumber(self, modules)
        return self

    def extend(self, sequential):
        for module in sequential:
            self.append(module)
        return self

    def pop(self, key):
        """Remove and return the module at `key` (an int; a slice gives a Sequential of them)."""
        value = self[key]
        del self[key]
        return value

    def __add__(self, other):
        """A new Sequential of self's modules, then other's."""
        if not isinstance(other, Sequential):
            raise ValueError(f"add operator supports only objects of Sequential class, but {type(other)} is given.")
        return Sequential(*self, *other)

    def __iadd__(self, other):
        if not isinstance(other, Sequential):
            raise ValueError(f"add operator supports only objects of Sequential class, but {type(other)} is given.")
        offset = len(self)
        for position, module in enumerate(list(other)):
            self.add_module(str(offset + position), module)
        return self

    def __mul__(self, other):
        """A new Sequential repeating self's modules `other` times (the same module objects each time)."""
        if not isinstance(other, int):
            raise TypeError(f"unsupported operand type(s) for *: {type(self)} and {type(other)}")
        if other <= 0:
            raise ValueError(f"Non-positive multiplication factor {other} for {type(self)}")
        return Sequential(*(list(self) * other))

    __rmul__ = __mul__

    def __imul__(self, other):
        repeated = self * other  # (the same checks)
        for position, module in enumerate(list(repeated)[len(self):], start=len(self)):
            self.add_module(str(position), module)
        return self


def _position(index, length):
    """The member name ("0", "1", ...) of list index `index` (negative counts from the end), as PyTorch checks it."""
    index = operator.index(index)
    if not -length <= index < length:
        raise IndexError(f"index {index} is out of range")
    return str(index % length)


def _delete_and_renumber(container, names):
    """Remove the members `names` of a Sequential or ModuleList (delattr, as PyTorch's) and name the rest
    "0", "1", ... in order."""
    for name in names:
        delattr(container, name)
    container._modules = {str(position): module for position, module in enumerate(container._modules.values())}
    _name_members(container)


def _renumber(container, modules):
    """Hold `modules` under the names "0", "1", ... in order, writing `_modules` itself as PyTorch's containers do
    (so no add_module or __setattr__ of a subclass is called)."""
    container._modules.clear()
    container._modules.update((str(position), module) for position, module in enumerate(modules))
    _name_members(container)


def _name_members(container):
    """Each member knows the name its container holds it under (for drawings: Module._scope_label)."""
    for name, module in container._modules.items():
        if module is not None:
            object.__setattr__(module, "_scope_name", name)


class ModuleList(Module):
    """A list of modules, registered so that their parameters belong to the owner.
    It has no forward: the owner decides how to call them."""

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self += modules  # (through __iadd__ and extend, as PyTorch's)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return type(self)(list(self._modules.values())[index])
        return self._modules[_position(index, len(self))]

    def __setitem__(self, index, module):
        setattr(self, _position(index, len(self)), module)

    def __delitem__(self, index):
        """Remove the module(s) at index (an int or a slice); the rest are renumbered 0, 1, ..."""
        _delete_and_renumber(self, list(self._modules)[index] if isinstance(index, slice) else [_position(index, len(self))])

    def pop(self, index):
        module = self[index]
        del self[index]
        return module

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def __iadd__(self, modules):
        return self.extend(modules)

    def __add__(self, other):
        return ModuleList(list(self) + list(other))

    def append(self, module):
        self.add_module(str(len(self)), module)
        return self

    def extend(self, modules):
        if not isinstance(modules, collections.abc.Iterable):
            raise TypeError(f"ModuleList.extend should be called with an iterable, but got {type(modules).__name__}")
        offset = len(self)
        for position, module in enumerate(modules):
            self.add_module(str(offset + position), module)
        return self

    def insert(self, index, module):
        """Put `module` before position `index` (list.insert's rule for any index)."""
        if not isinstance(module, Module):
            raise TypeError(f"{type(module).__name__} is not a Module subclass")
        modules = list(self._modules.values())
        modules.insert(operator.index(index), module)
        _renumber(self, modules)


def _pairs(kind, items):
    """(key, value) pairs from a mapping, a ModuleDict/ParameterDict or an iterable of pairs, checked as
    PyTorch's update checks them."""
    if not isinstance(items, collections.abc.Iterable):
        raise TypeError(f"{kind}.update should be called with an iterable of key/value pairs, but got "
                        f"{type(items).__name__}")
    if isinstance(items, (collections.abc.Mapping, ModuleDict, ParameterDict)):
        return list(items.items())
    pairs = []
    for j, pair in enumerate(items):
        if not isinstance(pair, collections.abc.Iterable):
            raise TypeError(f"{kind} update sequence element #{j} should be Iterable; is{type(pair).__name__}")
        pair = list(pair)
        if len(pair) != 2:
            raise ValueError(f"{kind} update sequence element #{j} has length {len(pair)}; 2 is required")
        pairs.append(pair)
    return pairs


class ModuleDict(Module):
    """A dict of modules, registered under their keys (so a parameter key reads e.g. 'head.weight'),
    kept in insertion order. It has no forward: the owner decides how to call them."""

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.update(modules)

    def __getitem__(self, key):
        return self._modules[key]

    def __setitem__(self, key, module):
        self.add_module(key, module)

    def __delitem__(self, key):
        del self._modules[key]

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules)

    def __contains__(self, key):
        return key in self._modules

    def clear(self):
        self._modules.clear()

    def pop(self, key):
        module = self[key]
        del self[key]
        return module

    def keys(self):
        return self._modules.keys()

    def items(self):
        return self._modules.items()

    def values(self):
        return self._modules.values()

    def update(self, modules):
        """Add (or replace) modules from a mapping or an iterable of (key, module) pairs, in their order."""
        for key, module in _pairs("ModuleDict", modules):
            self[key] = module


def _member_line(key, value, type_name):
    """One line of a ParameterList's or ParameterDict's repr."""
    if isinstance(value, Tensor):
        kind = "Parameter" if isinstance(value, Parameter) else "Tensor"
        size = "x".join(str(n) for n in value.shape)
        return f"  ({key}): {kind} containing: [{type_name(value)} of size {size}]"
    return f"  ({key}): Object of type: {type(value).__name__}"


def _as_parameter(value):
    """A Tensor that is not a Parameter becomes one (sharing its values), as PyTorch's containers do."""
    if isinstance(value, Tensor) and not isinstance(value, Parameter):
        return Parameter(value.detach())
    return value


class ParameterList(Module):
    """A list of parameters, registered under "0", "1", ... A Tensor put in becomes a Parameter; any
    other object is kept as it is (and not registered), as in PyTorch."""

    def __init__(self, values=None):
        super().__init__()
        self._size = 0
        if values is not None:
            self += values

    def __getitem__(self, index):
        if isinstance(index, slice):
            return ParameterList([self[i] for i in range(*index.indices(len(self)))])
        return getattr(self, _position(index, len(self)))

    def __setitem__(self, index, value):
        setattr(self, _position(index, len(self)), _as_parameter(value))

    def __len__(self):
        return self._size

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __iadd__(self, values):
        return self.extend(values)

    def __call__(self, *args, **kwargs):
        raise RuntimeError("ParameterList should not be called.")

    def append(self, value):
        self._size += 1
        self[self._size - 1] = value
        return self

    def extend(self, values):
        if not isinstance(values, collections.abc.Iterable) or isinstance(values, Tensor):
            raise TypeError(f"ParameterList.extend should be called with an iterable, but got {type(values).__name__}")
        for value in values:
            self.append(value)
        return self

    def extra_repr(self):
        return "\n".join(_member_line(i, value, lambda t: dtype_name(t.dtype)) for i, value in enumerate(self))


class ParameterDict(Module):
    """A dict of parameters, registered under their (string) keys, in insertion order. A Tensor put in
    becomes a Parameter; any other object is kept as it is (and not registered), as in PyTorch.

    As PyTorch's, `update` (and the constructor) take a plain dict's items in sorted key order, and an
    OrderedDict's, a ParameterDict's or a sequence of pairs' in their own order."""

    def __init__(self, parameters=None):
        super().__init__()
        self._keys = {}
        if parameters is not None:
            self.update(parameters)

    @staticmethod
    def _attribute(key):
        if not isinstance(key, str):
            raise TypeError("Index given to ParameterDict cannot be used as a key as it is not a string "
                            f"(type is '{type(key).__name__}').")
        return key

    def __getitem__(self, key):
        attribute = self._attribute(key)
        if key not in self._keys:  # PyTorch's error for a missing key (it looks the key up as an attribute)
            raise AttributeError(f"'ParameterDict' object has no attribute '{key}'")
        return getattr(self, attribute)

    def __setitem__(self, key, value):
        setattr(self, self._attribute(key), _as_parameter(value))
        self._keys[key] = None

    def __delitem__(self, key):
        del self._keys[key]
        delattr(self, key)

    def __len__(self):
        return len(self._keys)

    def __iter__(self):
        return iter(self._keys)

    def __reversed__(self):
        return reversed(list(self._keys))

    def __contains__(self, key):
        return key in self._keys

    def __call__(self, *args, **kwargs):
        raise RuntimeError("ParameterDict should not be called.")

    def copy(self):
        return ParameterDict(collections.OrderedDict(self.items()))

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def clear(self):
        for key in list(self._keys):
            del self[key]

    def pop(self, key):
        value = self[key]
        del self[key]
        return value

    def popitem(self):
        if not self._keys:
            raise KeyError("popitem(): dictionary is empty")
        key = next(reversed(self._keys))
        return key, self.pop(key)

    def get(self, key, default=None):
        return self[key] if key in self else default

    def fromkeys(self, keys, default=None):
        return ParameterDict((key, default) for key in keys)

    def keys(self):
        return self._keys.keys()

    def items(self):
        return ((key, self[key]) for key in self._keys)

    def values(self):
        return (self[key] for key in self._keys)

    def update(self, parameters):
        """Add (or replace) entries from a mapping or an iterable of (key, value) pairs."""
        pairs = _pairs("ParameterDict", parameters)
        if isinstance(parameters, collections.abc.Mapping) and not isinstance(parameters, collections.OrderedDict):
            pairs.sort(key=lambda pair: pair[0])
        for key, value in pairs:
            self[key] = value

    def __or__(self, other):
        merged = self.copy()
        merged.update(other)
        return merged

    def __ror__(self, other):
        merged = other.copy()
        merged.update(self)
        return merged

    def __ior__(self, other):
        self.update(other)
        return self

    def extra_repr(self):
        return "\n".join(_member_line(key, value, lambda t: t.type()) for key, value in self.items())
