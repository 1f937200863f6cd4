"""Size: a tensor's shape, a tuple that prints as `Size([2, 3])` (PyTorch's torch.Size).

One deliberate difference: inside an f-string or str.format (`f"got {x.shape}"`) a Size shows as
the plain tuple `(2, 3)`, the form glassgrad's error messages are written in; repr(), str() and
print() show `Size([2, 3])`. Once `glassgrad.install_as_torch()` has put glassgrad under PyTorch's
names, a Size prints exactly as PyTorch's, `torch.Size([2, 3])`, in f-strings too.
"""


class Size(tuple):
    """A tuple of ints; slicing or adding tuples keeps it a Size; `numel()` is the product."""

    as_torch = False  # set by glassgrad.install_as_torch(): print as `torch.Size([2, 3])` everywhere

    def __new__(cls, sizes=()):
        sizes = tuple(sizes)
        for n in sizes:
            if isinstance(n, bool) or not hasattr(n, "__index__"):
                raise TypeError(f"Size() takes an iterable of 'int' (item {sizes.index(n)} is '{type(n).__name__}')")
        return super().__new__(cls, (int(n) for n in sizes))

    def __repr__(self):
        return f"{'torch.' if Size.as_torch else ''}Size({list(self)})"

    __str__ = __repr__

    def __format__(self, spec):
        return format(repr(self) if Size.as_torch else tuple(self).__repr__(), spec)

    def __getitem__(self, index):
        item = super().__getitem__(index)
        return Size(item) if isinstance(index, slice) else item

    def __add__(self, other):
        return Size(tuple(self) + tuple(other))

    def __radd__(self, other):
        return Size(tuple(other) + tuple(self))

    def __mul__(self, times):
        return Size(tuple(self) * times)

    __rmul__ = __mul__

    def numel(self):
        """The number of elements of a tensor of this shape (1 for Size([]))."""
        count = 1
        for n in self:
            count *= n
        return count
