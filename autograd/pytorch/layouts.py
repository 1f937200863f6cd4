"""torch.layout and torch.strided: how a tensor's elements are laid out in memory.

glassgrad has only the strided layout (a NumPy array: elements at offsets given by strides); PyTorch's sparse
and mkldnn layouts do not exist here. So `x.layout` is always `strided`, and code that checks
`x.layout == torch.strided` (or passes layout=torch.strided) reads as in PyTorch."""


class layout:  # noqa: N801  (PyTorch's name)
    """A memory layout; the one instance is `strided` (PyTorch's layouts are named, not constructed)."""

    __slots__ = ("name",)

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 'torch.layout' instances")

    def __repr__(self):
        return f"torch.{self.name}"

    def __reduce__(self):
        return self.name  # pickled and copied as the module's one object of that name


strided = object.__new__(layout)
strided.name = "strided"
