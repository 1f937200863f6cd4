"""Tensors that share memory keep sharing it through an .npz checkpoint, as through torch.save/torch.load.

When two or more tensors saved in one checkpoint show the same memory (a tensor and its view, `w` and
`w.data`, two slices of one buffer), the memory is saved once, as a 1-D "storage" array, and each of
those tensors as a view of it: {"tensor": storage name, "view": [offset, shape, strides] in elements, "object":
its number among them} (a tensor referenced twice, [x, x, x[2:]], is one object and loads as one).
nn.load makes one array of each storage and each tensor a strided view of it, so a write through one
reaches the others. (As in PyTorch, the loaded tensors share memory but are not views of one another in
autograd's sense, and the whole memory block is saved, even the parts no saved tensor shows.)
A tensor whose elements overlap (an expanded one: a zero stride along an axis of size > 1; unfold's windows)
is saved the same way, even alone: it loads with its strides, as torch.load's does, so a write into one
element shows in every window that holds it; an expanded one refuses in-place writes, as it did before saving.
(Any other lone view is saved as a copy of its elements: the same values, row-major strides; PyTorch saves its
whole storage and keeps its strides.)
One difference from PyTorch: two tensors made by separate from_numpy calls on one array load sharing memory (the
memory they really share); PyTorch gives each from_numpy its own storage object and torch.save keeps storages apart
by that object, so they load independent. glassgrad keeps no storage object besides the array, and such tensors
cannot be told from `w` and `w.data`, which must keep sharing.
A .safetensors file cannot keep sharing at all: nn.save refuses tensors that share memory there, as
safetensors' own save_file does.

A view read from a file is checked before it is made: its addresses (from the lowest to the highest
element) must lie inside the storage, and it can have no more than MAX_ELEMENTS elements (a crafted view
cannot reach other memory, nor stand for an enormous tensor). Its elements may overlap, as an expanded
tensor's or an unfold's do: such a view has more elements than its storage and loads as saved.
"""
import numpy as np

from autograd.inplace import overlaps

MAX_DIMS = 64  # NumPy's limit
MAX_NUMBER = 2**48  # any offset, size or stride of a real view is smaller (its bytes must fit in NumPy's intp)
MAX_ELEMENTS = 2**31  # an expanded view stands for at most this many elements (a float32 one: 8 GB once copied)


def memory_owner(array):
    """The array whose memory `array` shows: the last ndarray in its chain of .base (through as_strided's helper
    object). Memory NumPy does not own (the bytes or memoryview under a loaded checkpoint's storage) ends the chain
    at the ndarray made on it, so tensors loaded as views of one storage are saved again as views of it."""
    owner = link = array
    while getattr(link, "base", None) is not None:
        link = link.base
        if isinstance(link, np.ndarray):
            owner = link
    return owner


def sharing_groups(named_arrays):
    """The groups of names (two or more) whose arrays show the same memory, from (name, array) pairs."""
    groups = {}
    for name, array in named_arrays:
        groups.setdefault(id(memory_owner(array)), []).append(name)
    return [names for names in groups.values() if len(names) > 1]


def share_storages(entries, arrays):
    """Rewrite the descriptions of tensors that share memory as views of one storage.

    entries: (array, description) of each tensor described, whose member is arrays[description[kind]];
    arrays: {member name: array}, changed in place (the shared arrays' members give way to the storage's)."""
    groups = {}
    for array, description in entries:
        groups.setdefault(id(memory_owner(array)), []).append((array, description))
    for group in groups.values():
        if len(group) > 1:
            _as_views_of_one_storage(group, arrays)
        elif overlaps(group[0][0]) and _ownable(group):  # (else saved whole: memory NumPy does not own)
            _as_views_of_one_storage(group, arrays)


def is_expanded(array):
    """An expanded tensor: a zero stride along an axis of size > 1 (NumPy gives an empty array zero strides)."""
    return array.size > 0 and any(s == 0 and n > 1 for s, n in zip(array.strides, array.shape, strict=True))


def _ownable(group):
    """Whether the memory the arrays of `group` show can be saved as one storage (an ndarray laid out in one
    block, of their dtype)."""
    owner = memory_owner(group[0][0])
    return isinstance(owner, np.ndarray) and (owner.flags.c_contiguous or owner.flags.f_contiguous) and \
        all(array.dtype == owner.dtype for array, _ in group)


def _as_views_of_one_storage(group, arrays):
    first_array, first_description = group[0]
    owner = memory_owner(first_array)
    kind = next(iter(first_description))
    name = first_description[kind]
    if not _ownable(group):
        names = ", ".join(repr(description[next(iter(description))]) for _, description in group)
        raise ValueError(f"nn.save: the tensors {names} share memory in a way an .npz checkpoint cannot keep "
                         "(a view as another dtype, or memory NumPy does not own); save a clone() of one of them")
    storage = owner.reshape(-1, order="F" if owner.flags.f_contiguous and not owner.flags.c_contiguous else "C")
    for number, (array, description) in enumerate(group):
        arrays.pop(description[next(iter(description))], None)
        description[next(iter(description))] = name
        description["view"] = _view_of(array, storage)
        description["object"] = number  # (a tensor referenced twice is described once: it loads as one)
    arrays[name] = storage


def _view_of(array, storage):
    """[offset, shape, strides] of `array` in elements of `storage`, which holds its memory."""
    itemsize = storage.itemsize
    offset = array.__array_interface__["data"][0] - storage.__array_interface__["data"][0]
    if offset % itemsize or any(s % itemsize for s in array.strides):
        raise ValueError("nn.save: a tensor shares memory with another at a place that is not a whole number of "
                         "elements from it; save a clone() of it")
    return [offset // itemsize, list(array.shape), [s // itemsize for s in array.strides]]


def view_problem(view, storage):
    """What is wrong with a view [offset, shape, strides] of a 1-D `storage` read from a file (None if nothing)."""
    if not (isinstance(view, list) and len(view) == 3 and isinstance(view[1], list) and isinstance(view[2], list)):
        return "a malformed view"
    offset, shape, strides = view
    numbers = [offset, *shape, *strides]
    if not all(type(n) is int for n in numbers) or len(shape) != len(strides) or len(shape) > MAX_DIMS:
        return "a malformed view"
    if any(abs(n) > MAX_NUMBER for n in numbers):
        return "a view with a number out of range"
    if storage.ndim != 1:
        return "a view of an array that is not a 1-D storage"
    if offset < 0 or any(n < 0 for n in shape):
        return "a view with a negative offset or size"
    if 0 in shape:
        return None if offset <= storage.size else "a view outside its storage"
    count = 1
    for n in shape:
        count *= n
    if count > MAX_ELEMENTS:  # (its memory is bounded below, but overlaps and repeats can show it many times)
        return f"a view of {count} elements of a storage of {storage.size}"
    low = offset + sum((n - 1) * s for n, s in zip(shape, strides, strict=True) if s < 0)
    high = offset + sum((n - 1) * s for n, s in zip(shape, strides, strict=True) if s > 0)
    if low < 0 or high >= storage.size:
        return "a view outside its storage"
    return None


def make_view(view, storage):
    """The view [offset, shape, strides] of `storage` (checked by view_problem first); an expanded one is
    read-only, so that writing to it is refused (PyTorch's rule), not done once per repeat."""
    offset, shape, strides = view
    start = storage[offset:] if 0 not in shape else storage[:0]
    array = np.lib.stride_tricks.as_strided(start, tuple(shape), tuple(s * storage.itemsize for s in strides))
    if is_expanded(array):
        array.flags.writeable = False
    return array
