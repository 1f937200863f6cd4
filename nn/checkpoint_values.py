"""Values of a checkpoint tree that are neither containers nor arrays and not JSON's own: how nn.save writes
them and nn.load checks and rebuilds them, without pickle (no code can run from a file).

    torch.Size([2, 3])    {"Size": [2, 3]}           a Size (a saved x.shape; any ints, as torch.Size keeps them)
    torch.float32         {"dtype": "float32"}       a dtype of a tensor, as the library shows it (under
                                                     install_as_torch() torch.float32, else NumPy's float32)
    np.dtype("float32")   {"numpy_dtype": "float32"} a NumPy dtype object: loads as one (np.dtype), whatever the mode
    torch.device("cpu:0") {"device": "cpu:0"}        a device, any that torch.device makes ("cpu", "cpu:0", "meta",
                                                     "cuda:1": making one is allowed, a tensor on it is refused)
    1+2j                  {"complex": [1.0, 2.0]}    a Python complex

(Sets, frozensets and collections.Counter are containers: nn/serialization.py describes them.)

A string holding a surrogate pair as two code points ("\\ud83d\\ude00", as surrogateescape can give) is refused
(check_text): the JSON text writes it as it writes the one character "😀", so it would load changed.
"""
import re

import numpy as np

from autograd.pytorch.devices import device
from autograd.pytorch.dtypes import TorchDtype, shown
from autograd.pytorch.size import Size

from .checkpoint_npz import TENSOR_DTYPES, Damaged

DTYPE_NAMES = {dtype.name: dtype for dtype in TENSOR_DTYPES}
SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
DEVICE = re.compile("[a-z]+(:[0-9]{1,9})?")  # what str() of a device gives: its type, then ":index" if it has one


def check_text(value, what):
    """Refuse a str holding a high surrogate followed by a low one (two code points that JSON reads back as one)."""
    if type(value) is str and not value.isascii():
        pair = SURROGATE_PAIR.search(value)
        if pair:
            high, low = (f"U+{ord(c):04X}" for c in pair.group())
            joined = pair.group().encode("utf-16", "surrogatepass").decode("utf-16")
            raise ValueError(f"nn.save: {what} holds the surrogates {high} {low} as two code points, which would "
                             f"load as the one character {joined!r}; join them first: "
                             "text.encode('utf-16', 'surrogatepass').decode('utf-16')")


def describe(value, key):
    """The description of `value` if it is one of these kinds; else None."""
    if type(value) is Size:
        return {"Size": list(value)}
    if isinstance(value, (np.dtype, TorchDtype)):
        dtype = np.dtype(value)
        if dtype not in TENSOR_DTYPES or not dtype.isnative:
            raise TypeError(f"nn.save: '{key}' is the dtype {dtype.str}, which no tensor has; save a tensor dtype "
                            f"({', '.join(sorted(DTYPE_NAMES))}) or its name as a string")
        return {"dtype" if type(value) is TorchDtype else "numpy_dtype": dtype.name}
    if type(value) is device:
        return {"device": str(value)}
    if type(value) is complex:
        return {"complex": [value.real, value.imag]}
    return None


def rebuild(kind, content):
    """The value of {kind: content}, or Damaged where the content is not what nn.save writes."""
    if kind == "Size" and type(content) is list and all(type(n) is int for n in content):
        return Size(content)  # (any int, as torch.Size keeps: torch.Size([-1, 2]) is a valid value)
    if kind == "dtype" and type(content) is str and content in DTYPE_NAMES:
        return shown(DTYPE_NAMES[content])
    if kind == "numpy_dtype" and type(content) is str and content in DTYPE_NAMES:
        return DTYPE_NAMES[content]
    if kind == "device" and type(content) is str and DEVICE.fullmatch(content):
        try:
            return device(content)
        except RuntimeError:  # (a type torch.device does not know)
            pass
    if kind == "complex" and type(content) is list and len(content) == 2 and all(type(x) is float for x in content):
        return complex(*content)
    raise Damaged(f"its tree holds a malformed {kind} entry {str(content)[:80]}")


KINDS = ("Size", "dtype", "numpy_dtype", "device", "complex")
