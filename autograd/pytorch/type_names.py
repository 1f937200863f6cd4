"""PyTorch's legacy type names: float32 <-> 'torch.FloatTensor'."""
import numpy as np

_TYPE_NAMES = {
    "float32": "torch.FloatTensor", "float64": "torch.DoubleTensor", "float16": "torch.HalfTensor",
    "int64": "torch.LongTensor", "int32": "torch.IntTensor", "int16": "torch.ShortTensor",
    "int8": "torch.CharTensor", "uint8": "torch.ByteTensor", "bool": "torch.BoolTensor",
}


def tensor_type_name(dtype):
    """PyTorch's legacy type name of a dtype: float32 -> 'torch.FloatTensor'."""
    return _TYPE_NAMES[np.dtype(dtype).name]


def dtype_of_type_name(name):
    """The dtype of a legacy type name: 'torch.FloatTensor' (or 'FloatTensor', or 'torch.Tensor') -> float32."""
    if name == "torch.Tensor":
        return np.dtype("float32")
    for dtype, type_name in _TYPE_NAMES.items():
        if name in (type_name, type_name[len("torch."):]):
            return np.dtype(dtype)
    raise ValueError(f"invalid type: {name!r} (expected a name such as 'torch.FloatTensor')")

