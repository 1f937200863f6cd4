"""nn.save / nn.load: a state_dict as a NumPy .npz archive, read back without unpickling anything.

    nn.save(model.state_dict(), "model.npz")
    model.load_state_dict(nn.load("model.npz"))
"""
import collections
import zipfile

import numpy as np

from autograd.tensor import Tensor


def save(state_dict, path):
    """Write a mapping key → tensor (or array or number) to `path` as an uncompressed .npz file.
    Keys keep their order; a file object may be passed instead of a path."""
    arrays = collections.OrderedDict((key, np.asarray(value.data if isinstance(value, Tensor) else value))
                                     for key, value in state_dict.items())
    for key, array in arrays.items():
        if array.dtype == object:
            raise TypeError(f"nn.save: '{key}' is not numeric data (got {type(state_dict[key]).__name__}); "
                            f"only tensors, arrays and numbers can be saved")
    np.savez(path, **arrays)


def load(path):
    """Read a file written by nn.save: an OrderedDict key → Tensor (pickled objects are refused)."""
    try:
        archive = np.load(path, allow_pickle=False)
        if not isinstance(archive, np.lib.npyio.NpzFile):
            raise ValueError("it holds a single array, not a .npz archive of named arrays")
        with archive:
            return collections.OrderedDict((key, Tensor(archive[key])) for key in archive.files)
    except FileNotFoundError:
        raise
    except (ValueError, OSError, EOFError, zipfile.BadZipFile) as error:
        raise ValueError(f"nn.load: {path} is not a valid .npz checkpoint written by nn.save ({error})") from None
