"""The named tuples PyTorch's ops return (its torch.return_types), with PyTorch's type names and fields:
`x.max(1)` is a `max` (values, indices), `x.min(1)` a `min`, `x.sort()` a `sort`, ... Each prints as PyTorch
prints it:

    torch.return_types.min(
    values=tensor([1., 0.]),
    indices=tensor([1, 0]))
"""
import collections

__all__ = ["aminmax", "cummax", "cummin", "kthvalue", "linalg_eig", "linalg_eigh", "max", "median", "min", "mode",
           "nanmedian", "sort", "topk"]


def _return_type(name, fields):
    """A namedtuple type called `name` (PyTorch's), printed as torch.return_types.<name>(...)."""
    base = collections.namedtuple(name, fields)

    def __repr__(self):
        items = ",\n".join(f"{field}={value!r}" for field, value in zip(self._fields, self, strict=True))
        return f"torch.return_types.{name}(\n{items})"

    return type(name, (base,), {"__slots__": (), "__repr__": __repr__, "__module__": __name__})


_VALUES_INDICES = ("values", "indices")
max = _return_type("max", _VALUES_INDICES)  # (PyTorch's names: they shadow the builtins in this module)
min = _return_type("min", _VALUES_INDICES)
sort = _return_type("sort", _VALUES_INDICES)
topk = _return_type("topk", _VALUES_INDICES)
kthvalue = _return_type("kthvalue", _VALUES_INDICES)
median = _return_type("median", _VALUES_INDICES)
nanmedian = _return_type("nanmedian", _VALUES_INDICES)
mode = _return_type("mode", _VALUES_INDICES)
cummax = _return_type("cummax", _VALUES_INDICES)
cummin = _return_type("cummin", _VALUES_INDICES)
aminmax = _return_type("aminmax", ("min", "max"))
linalg_eig = _return_type("linalg_eig", ("eigenvalues", "eigenvectors"))
linalg_eigh = _return_type("linalg_eigh", ("eigenvalues", "eigenvectors"))
