"""torch.save / torch.load without pickle, built on nn.save / nn.load (their .npz format).

    torch.save(model.state_dict(), "model.pt")
    model.load_state_dict(torch.load("model.pt"))
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "iter_num": 200}, "ckpt.pt")
    torch.save(tensor, buffer)                      # f: a path or a binary file object

What can be saved is what a checkpoint holds: tensors, NumPy arrays, numbers, strings, None, and dicts,
lists and tuples of them, nested (a model's and an optimizer's state_dict are such trees). Anything else
(a whole model, a function, an arbitrary object) is refused with TypeError before anything is written:
PyTorch pickles it, and glassgrad never pickles — save the model's state_dict instead.

The file is glassgrad's checkpoint (an .npz: NumPy arrays and a JSON description), whatever its name;
torch.load reads it (and .safetensors files), never unpickles, and names files written by PyTorch's own
torch.save (pickles, which it cannot read). weights_only and pickle_module are accepted for PyTorch's sake:
nothing is unpickled whatever their values. map_location may be None, 'cpu', torch.device('cpu'), a dict
or a function (everything loads onto the CPU, the only device); a GPU device is refused.
"""
import io
import os
import stat

import nn
from autograd import device
from optim import Optimizer

__all__ = ["save", "load"]

_ADVICE = ("torch.save (glassgrad) saves tensors and state dicts — nested dicts, Counters, lists, tuples and sets "
           "of tensors, NumPy arrays, numbers, strings, None, Size, dtypes and devices — without pickle")


def save(obj, f, pickle_module=None, pickle_protocol=2, _use_new_zipfile_serialization=True,
         _disable_byteorder_record=False):
    """Write `obj` (a state dict, a tensor, or a tree of them) to `f`, a path or a binary file object."""
    if isinstance(f, io.TextIOBase):
        raise TypeError("torch.save needs a path or a file opened in binary mode ('wb'), got a text file")
    if isinstance(obj, (nn.Module, Optimizer)):
        raise TypeError(f"{_ADVICE}; got a whole {type(obj).__name__}. Save its state: "
                        "torch.save(model.state_dict(), f), and later model.load_state_dict(torch.load(f))")
    try:
        nn.save(obj, f, format="npz")
    except TypeError as error:
        raise TypeError(f"{_ADVICE}: {str(error).removeprefix('nn.save: ')}") from None


def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None, **pickle_load_args):
    """The object saved in `f` (a path or a binary file object) by torch.save or nn.save.

    mmap is accepted and changes nothing: the file is read into memory whole, so a loaded tensor does not follow
    later changes to the file (PyTorch's mmap=True maps it instead; its tensors show a file rewritten later).
    An empty file raises EOFError (as torch.load), which is also a ValueError, as any other file that is not a
    checkpoint raises (PyTorch's error there depends on the first byte unpickled: KeyError, UnpicklingError...)."""
    _check_cpu(map_location)
    start = f.tell() if hasattr(f, "read") and nn.serialization.seekable(f) else None
    try:
        return nn.load(f)
    except ValueError:
        if start is not None:
            f.seek(start)
        if _written_by_pytorch(f, start):
            raise ValueError(
                f"torch.load (glassgrad): {getattr(f, 'name', f)!s} was written by PyTorch's torch.save, which "
                "pickles, and glassgrad never unpickles. In PyTorch, save the state dict with safetensors "
                "(safetensors.torch.save_file(model.state_dict(), 'model.safetensors')) and load that file here"
            ) from None
        raise


def _check_cpu(map_location):
    """Every tensor loads onto the CPU: a map_location naming another device is refused."""
    if map_location is None or callable(map_location):
        return
    targets = map_location.values() if isinstance(map_location, dict) else [map_location]
    for target in targets:
        if device(target).type != "cpu":
            raise RuntimeError(
                f"Attempting to deserialize object on a {device(target).type.upper()} device but "
                "torch.cuda.is_available() is False: glassgrad is a CPU library, use map_location='cpu'"
            )


def _written_by_pytorch(f, start):
    """True if f starts as PyTorch's torch.save writes it: a zip whose first member is data.pkl. Only that first
    header is read (at most 30 + 65,535 bytes), and a path only when it is a regular file: a device or a FIFO is
    never read again (/dev/zero would never end), nor a stream already read (start None)."""
    if hasattr(f, "read"):
        return start is not None and _starts_as_pytorch_zip(f)
    try:
        if not stat.S_ISREG(os.stat(f).st_mode):
            return False
        with open(f, "rb") as file:
            return _starts_as_pytorch_zip(file)
    except (OSError, TypeError, ValueError):
        return False


def _starts_as_pytorch_zip(file):
    header = file.read(30)  # a zip's local file header; its name follows
    if not isinstance(header, bytes) or len(header) < 30 or not header.startswith(b"PK\x03\x04"):
        return False
    name = file.read(int.from_bytes(header[26:28], "little"))
    return name == b"data.pkl" or name.endswith(b"/data.pkl")
