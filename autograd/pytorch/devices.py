"""Devices: glassgrad computes on the CPU only.

`device('cpu')` (also `'cpu:0'`) is accepted wherever PyTorch takes a device; any other device
(`'cuda'`, `'mps'`, ...) raises an error that says glassgrad is a CPU library, rather than
silently computing somewhere else than asked.
"""

_KNOWN_TYPES = ("cpu", "cuda", "mps", "xpu", "meta", "hip", "xla", "ipu", "hpu", "mtia", "vulkan")


class device:  # noqa: N801  (PyTorch's name)
    """A device as PyTorch names it: `device('cpu')`, `device('cpu', 0)`, `device('cuda:1')`.

    Making a device object for another type is allowed (d2l builds `device('cuda:0')` to test
    for GPUs); putting a tensor on it is what raises (see `check_device`)."""

    __slots__ = ("type", "index")

    def __init__(self, type, index=None):  # noqa: A002  (PyTorch's argument name)
        if isinstance(type, device):
            type, index = type.type, type.index if index is None else index
        if isinstance(type, int) and not isinstance(type, bool):
            raise RuntimeError(f"device({type}) names an accelerator by its index; glassgrad is a CPU library: "
                               "use 'cpu'")
        if not isinstance(type, str):
            raise TypeError(f"device(): expected a string such as 'cpu', got {type!r}")
        name, _, number = type.partition(":")
        if name not in _KNOWN_TYPES:
            raise RuntimeError(f"Expected one of {', '.join(_KNOWN_TYPES)} device type at start of device string: "
                               f"{type}")
        if number:
            if index is not None:
                raise RuntimeError(f"type (string) must not include an index because index was passed explicitly: {type}")
            if not number.isdigit():
                raise RuntimeError(f"Invalid device string: {type!r}")
            index = int(number)
        if index is not None and index < 0:
            raise RuntimeError(f"Device index must not be negative, got {index}")
        self.type, self.index = name, index

    def __repr__(self):
        if self.index is None:
            return f"device(type={self.type!r})"
        return f"device(type={self.type!r}, index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):  # a device never equals a string, as in PyTorch
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self):
        return hash((self.type, self.index))


CPU = device("cpu")


def check_device(where):
    """`where` (None, a string, an int or a device) as a device, which must be the CPU."""
    if where is None:
        return CPU
    found = device(where)
    if found.type != "cpu" or found.index not in (None, 0):
        raise RuntimeError(f"glassgrad is a CPU library: device {str(found)!r} is not available, use 'cpu' "
                           "(torch.cuda.is_available() is False here)")
    return CPU
