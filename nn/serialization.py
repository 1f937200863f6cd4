"""nn.save / nn.load: checkpoints as NumPy .npz archives, read back without unpickling anything.

    nn.save(model.state_dict(), "model.npz")
    model.load_state_dict(nn.load("model.npz"))

    nn.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": 3}, "run.npz")

A flat mapping of tensors is stored as one array per key. Anything nested (the state_dict of an
optimizer or a scheduler) is stored as its arrays plus one JSON text, `__structure__`, that
describes the tree: dicts (with their key types), lists, tuples, numbers, strings, None, and
references to the arrays. Loading rebuilds the same tree; nothing is ever unpickled.
"""
import collections
import json
import zipfile

import numpy as np

from autograd.tensor import Tensor

STRUCTURE = "__structure__"
SCALARS = (bool, int, float, str, type(None))


def save(state, path):
    """Write `state` to `path` (or a file object) as an uncompressed .npz file."""
    arrays = collections.OrderedDict()
    if all(isinstance(value, (Tensor, np.ndarray, np.generic, *SCALARS)) for value in state.values()):
        for key, value in state.items():
            arrays[key] = _array(value, key)
    else:
        arrays[STRUCTURE] = np.array(json.dumps(_describe(state, arrays, "")))
    np.savez(path, **arrays)


def _array(value, key):
    array = np.asarray(value._data if isinstance(value, Tensor) else value)
    if array.dtype == object:
        raise TypeError(f"nn.save: '{key}' is not numeric data (got {type(value).__name__})")
    return array


def _describe(value, arrays, key):
    """A JSON-able description of `value`; its arrays go into `arrays` under numbered names."""
    if isinstance(value, (Tensor, np.ndarray, np.generic)):
        name = f"a{len(arrays)}"
        arrays[name] = _array(value, key)
        return {"tensor" if isinstance(value, Tensor) else "array": name}
    if isinstance(value, dict):
        return {"dict": [[k, _describe(v, arrays, f"{key}.{k}")] for k, v in value.items()]}
    if isinstance(value, (list, tuple)):
        items = [_describe(v, arrays, f"{key}[{i}]") for i, v in enumerate(value)]
        return {"tuple" if isinstance(value, tuple) else "list": items}
    if isinstance(value, SCALARS):
        return {"value": value}
    raise TypeError(f"nn.save: '{key.lstrip('.')}' cannot be saved without pickle (got {type(value).__name__}); "
                    "only tensors, arrays, numbers, strings, None and dicts, lists and tuples of them can")


def _rebuild(description, archive):
    (kind, content), = description.items()
    if kind == "tensor":
        return Tensor(archive[content])
    if kind == "array":
        return archive[content]
    if kind == "dict":
        return {key: _rebuild(value, archive) for key, value in content}
    if kind in ("list", "tuple"):
        items = [_rebuild(value, archive) for value in content]
        return tuple(items) if kind == "tuple" else items
    return content


def load(path):
    """Read a file written by nn.save: the same tree for a nested checkpoint, otherwise an
    OrderedDict key → Tensor. Pickled objects are refused."""
    try:
        archive = np.load(path, allow_pickle=False)
        if not isinstance(archive, np.lib.npyio.NpzFile):
            raise ValueError("it holds a single array, not a .npz archive of named arrays")
        with archive:
            if STRUCTURE in archive.files:
                return _rebuild(json.loads(str(archive[STRUCTURE])), archive)
            return collections.OrderedDict((key, Tensor(archive[key])) for key in archive.files)
    except FileNotFoundError:
        raise
    except (ValueError, OSError, EOFError, zipfile.BadZipFile) as error:
        raise ValueError(f"nn.load: {path} is not a valid .npz checkpoint written by nn.save ({error})") from None
