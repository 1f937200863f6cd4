"""nn.save / nn.load: checkpoints without pickle, in the format the file name asks for.

    nn.save(model.state_dict(), "model.npz")                 # any tree of tensors, numbers, strings
    model.load_state_dict(nn.load("model.npz"))
    nn.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": 3}, "run.npz")

    nn.save(model.state_dict(), "model.safetensors")         # a flat dict of tensors, which PyTorch reads:
    torch_model.load_state_dict(safetensors.torch.load_file("model.safetensors"))

`.safetensors` (the name ends so): a flat mapping of str → tensor, nothing else; the format of
Hugging Face's `safetensors`, read by PyTorch and by nn.load. Anything else: `.npz`, a zip of .npy
arrays and a JSON description of the tree (dicts, OrderedDicts and Counters with str, int, float, bool or None
keys, lists, tuples, sets, frozensets, Tensors, Parameters, arrays, NumPy scalars, Python numbers, strings and
None, and Size, dtype and device objects: nn/checkpoint_values.py), which comes back with the same types and values (a tensor's requires_grad included, as
torch.load gives it); a tensor referenced twice comes back as one, and tensors that share memory (a tensor
and its views) come back sharing it (nn/checkpoint_views.py). A list, tuple or dict referenced twice comes
back as two equal copies, not one object as torch.load's unpickling gives (a change to one copy does not
show in the other): the JSON tree has no references between containers.

As torch.save, nn.save writes exactly `path`. Unlike torch.save, it never destroys the previous
checkpoint: a new file or an existing regular one is written beside `path`, flushed to disk, then renamed over
it, so a save that fails midway (a value that cannot be saved, a full disk) leaves the old file whole. A file
the user may not write (chmod 444) is refused, as torch.save's open refuses it. What is not such a file (a
device, a FIFO, /dev/stdout, a file with several hard links, a file mounted on its own) is written in place, as
torch.save writes it. nn.load reads both
formats (recognised by their first bytes), checks every header against the file's real size before
allocating, and never unpickles; a damaged or crafted file raises ValueError saying what is wrong.
"""
import collections
import collections.abc
import errno
import io
import os
import stat
import uuid
import zipfile
import zlib

import numpy as np

from autograd.tensor import Tensor

from . import checkpoint_npz, checkpoint_safetensors, checkpoint_values, checkpoint_views
from .checkpoint_npz import Damaged
from .lazy import is_lazy
from .module import Parameter

SCALARS = (bool, int, float, str, type(None))
ARRAY_KINDS = {"tensor": Tensor, "parameter": Parameter, "array": np.asarray, "scalar": lambda array: array[()]}
# A tensor's or a Parameter's entry carries "requires_grad" only where it differs from the default
# (files written before the flag existed hold none: their parameters required grad, their tensors not).
REQUIRES_GRAD_DEFAULT = {"tensor": False, "parameter": True}
SEQUENCES = {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}
MAPPINGS = {"dict": dict, "OrderedDict": collections.OrderedDict,
            "Counter": lambda pairs: collections.Counter(dict(pairs))}  # (Counter(pairs) would count the pairs)
CONVERSIONS = {"defaultdict": " (convert it with dict(value))", "bytes": " (convert it with list(value), or save "
               "np.frombuffer(value, np.uint8))", "bytearray": " (convert it with list(value))",
               "deque": " (convert it with list(value))", "range": " (convert it with list(value))"}
# what zipfile, zlib, json and the readers raise on a damaged file (NotImplementedError: zipfile's "version 14.8")
READ_ERRORS = (ValueError, EOFError, RecursionError, OSError, NotImplementedError, zipfile.BadZipFile, zlib.error)


class EmptyFile(ValueError, EOFError):
    """nn.load of a file of 0 bytes: a ValueError, as for every file that is not a checkpoint, and the EOFError
    torch.load raises there."""


class IsADirectory(IsADirectoryError, RuntimeError):
    """nn.save to a path that is a folder: the OSError it is, and the RuntimeError torch.save raises there."""


class InvalidFileName(ValueError, RuntimeError):
    """nn.save to a path that names no file ('', 'x.pt/', 'x/.'): torch.save's RuntimeError "invalid file name"."""


class NotWritable(PermissionError, RuntimeError):
    """nn.save over a file the user may not write (read-only, or another user's): the PermissionError it is, and
    the RuntimeError torch.save raises there ("open file failed with strerror: Permission denied")."""


class NotAFile(TypeError, AttributeError):
    """nn.load of something that is neither a path nor a file object (an int, None): the TypeError it is, and the
    AttributeError torch.load raises there ("'int' object has no attribute 'seek'")."""


def save(obj, f, format=None):
    """Write `obj` to `f` (a path, or a binary file object, which receives the checkpoint in one write where its
    writes land: at its position, or at its end when it was opened for appending).

    format: "npz" or "safetensors"; by default "safetensors" when the path ends in .safetensors."""
    name = str(getattr(f, "name", "")) if hasattr(f, "write") else os.fsdecode(f)
    if format is None:
        format = "safetensors" if name.endswith(".safetensors") else "npz"
    if format == "safetensors":
        arrays = _flat_arrays(obj)  # everything is checked before a byte is written

        def write(file):
            checkpoint_safetensors.write(file, arrays)
    elif format == "npz":
        writer = _TreeWriter()
        tree = writer.describe(obj)
        checkpoint_views.share_storages(writer.tensors, writer.arrays)  # tensors sharing memory keep sharing it

        def write(file):
            checkpoint_npz.write(file, tree, writer.arrays)
    else:
        raise ValueError(f"nn.save: format must be 'npz' or 'safetensors', got {format!r}")
    if hasattr(f, "write"):
        _require_binary(f, "wb")
        f.write(_in_memory(write))
    else:
        _write_atomically(name, write)


def load(f, map_location=None, *, weights_only=True):
    """Read a checkpoint written by nn.save (or any .npz of numeric arrays, or any .safetensors file).

    Returns the saved tree; a safetensors file or a plain .npz gives an OrderedDict name → Tensor. From a file
    object, it reads the checkpoint that starts at the file's position (of several saved one after the other into
    one file, the first from its start, as torch.load) and leaves an .npz one's file at that checkpoint's end.
    map_location: None or "cpu" (the only device). weights_only is accepted for PyTorch's sake: nothing
    is ever unpickled, whatever its value."""
    if map_location is not None and str(map_location) != "cpu":
        raise ValueError(f"nn.load: map_location must be 'cpu' (glassgrad has no other device), got {map_location!r}")
    if hasattr(f, "read"):
        _require_binary(f, "rb")
        return _load_from(f if _is_file(f) else _read_stream(f), getattr(f, "name", "the file"))
    if not isinstance(f, (str, bytes, os.PathLike)):  # (open() would take an int as a descriptor, read it and close it)
        raise NotAFile(f"nn.load: f must be a path or a binary file object (with read), got {type(f).__name__} "
                       f"{f!r:.80}" + (" (to read an open file descriptor, pass os.fdopen(fd, 'rb', closefd=False))"
                                       if isinstance(f, int) else ""))
    with open(f, "rb") as file:
        return _load_from(file if _is_file(file) else _read_stream(file), f)


def _in_memory(write):
    """The bytes `write` writes, made in memory: a file object receives them in one forward write, as torch.save's
    writer gives it. Written there directly, zipfile would seek back to complete each member's header, and in a
    stream whose writes land at its end (a file opened with 'ab' or 'a+b') those bytes would go astray."""
    buffer = io.BytesIO()
    write(buffer)
    return buffer.getvalue()


def seekable(file):
    """Whether the file object can seek: its seekable() says so; an object without one that can seek to where it
    is (read, seek and tell, which torch.load asks for) can too. Any other is read whole into memory first."""
    if hasattr(file, "seekable"):
        return file.seekable()
    try:
        file.seek(file.tell())
    except (AttributeError, OSError):  # (io.UnsupportedOperation is an OSError)
        return False
    return True


def _is_file(file):
    """Whether the file object reads a file of known size: a regular file's, or (without a descriptor) one that can
    seek. A device, a FIFO or a pipe cannot say where it ends (/dev/zero's end is at 0 and it never ends), nor can
    a file of size 0 that may not be empty (/proc/self/status): those are read as streams."""
    try:
        info = os.fstat(file.fileno())
    except (AttributeError, OSError, ValueError):  # (io.UnsupportedOperation is an OSError and a ValueError)
        return seekable(file)
    return stat.S_ISREG(info.st_mode) and info.st_size > 0


def _read_stream(file):
    """The bytes of a stream of unknown length, in memory. Its first bytes must start a checkpoint before any more
    is read, so an endless stream of anything else (/dev/zero) is refused at once."""
    head = b""
    while len(head) < 9:
        chunk = file.read(9 - len(head))
        if not chunk:
            break
        head += chunk
    if not (head.startswith(b"PK") or head[8:9] in (b"{", b" ", b"\t", b"\r", b"\n")):
        return io.BytesIO(head)  # (which _load_from names as what it is not)
    chunks = [head]
    while chunk := file.read(1 << 20):
        chunks.append(chunk)
    return io.BytesIO(b"".join(chunks))


def _require_binary(file, mode):
    if isinstance(file, io.TextIOBase):
        raise TypeError(f"nn.save/nn.load need a file opened in binary mode ('{mode}'), got a text file")


def _load_from(file, name):
    start = file.tell()
    size = file.seek(0, os.SEEK_END) - start
    file.seek(start)
    if size == 0 and start > 0:
        raise EmptyFile(f"nn.load: {name} is not a valid checkpoint here: there is nothing left to read from its "
                        f"position {start} on (to read it from the start, seek(0) first)")
    if size == 0:
        raise EmptyFile(f"nn.load: {name} is not a valid checkpoint: it is empty (0 bytes)")
    magic = file.read(9)
    file.seek(start)
    try:
        if magic.startswith(b"PK"):
            tree, arrays = checkpoint_npz.read(file, size)
            if tree is None:
                return collections.OrderedDict((key, Tensor(array)) for key, array in arrays.items())
            made = {}
            obj = _rebuild(tree, arrays, made)
            unused = set(arrays) - set(made)
            if unused:
                raise Damaged(f"it holds arrays its tree never mentions: {sorted(unused)[:5]}")
            return obj
        if _is_safetensors(magic, size):
            arrays = checkpoint_safetensors.read(file, size)
            return collections.OrderedDict((key, Tensor(array)) for key, array in arrays.items())
        raise Damaged("it is neither a .npz archive nor a safetensors file"
                      + (" (it is a single .npy array)" if magic.startswith(b"\x93NUMPY") else "")
                      + (" (it is a pickle, which nn.load never unpickles)" if magic.startswith(b"\x80") else ""))
    except READ_ERRORS as error:
        detail = str(error) if isinstance(error, Damaged) else f"{type(error).__name__}: {error}"
        raise ValueError(f"nn.load: {name} is not a valid checkpoint: {detail}") from None


def _is_safetensors(magic, size):
    """Whether the first 9 bytes start a safetensors file: a header length, then the JSON header's "{" (or a
    blank before it, which JSON and the safetensors package allow, when the length fits the file)."""
    if len(magic) < 9:
        return False
    return magic[8:9] == b"{" or (magic[8] in b" \t\r\n" and int.from_bytes(magic[:8], "little") <= size - 8)


def _write_atomically(path, write):
    """Write the checkpoint to `path` as torch.save's open(path, 'wb') would, without ever destroying the previous
    file: a new file, or an existing regular file with one name that the user may write, is written beside it
    under a short temporary name, flushed to disk, then renamed over it (atomic on POSIX), keeping its permission
    bits, its extended attributes where allowed and, where allowed, its owner (its inode changes). A file the user
    may not write (chmod 444) is refused, as open() refuses it, though the folder would allow the rename. A
    symbolic link is followed (the link stays, its target changes, a dangling link's target is created). Anything
    else that exists (a device such as /dev/null, a FIFO, /dev/stdout, /proc/self/fd/N, a regular file with
    several hard links, a file mounted on its own that cannot be renamed over) is opened and written in place, as
    PyTorch does: replacing it would remove the device or the pipe, or part a hard link from its other names. The
    checkpoint is then made in memory first, so a value that cannot be saved still leaves the file untouched."""
    if os.path.basename(os.fsdecode(path)) in ("", "."):  # (else the temporary file would go to another folder)
        raise InvalidFileName(f"nn.save: invalid file name: {os.fsdecode(path)!r} names no file (it is empty, or ends "
                              "in '/' or '/.'); give a file name such as model.npz")
    existing = _existing(path)
    if existing is not None and (not stat.S_ISREG(existing.st_mode) or existing.st_nlink != 1
                                 or _through_proc(path)):
        _write_in_place(path, write)
        return
    if existing is not None:
        _require_writable(path)
    path = os.path.realpath(path) if os.path.islink(path) else path
    directory = os.path.dirname(os.fsdecode(path)) or os.curdir  # (as given: an ancestor may be unreadable)
    if not os.path.isdir(directory):  # (PyTorch's error and type)
        raise RuntimeError(f"Parent directory {directory} does not exist (saving {path}).")
    temporary = os.path.join(directory, f".nn-save-{uuid.uuid4().hex[:12]}.tmp")  # short: any legal name saves
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
    except PermissionError:
        if existing is None:  # (named by the user's path, not the hidden temporary file's)
            raise PermissionError(errno.EACCES, f"Permission denied (cannot create a file in {directory})",
                                  path) from None
        _write_in_place(path, write)  # a folder that refuses new files, a file that may be written: as PyTorch
        return
    except OSError as error:
        raise type(error)(error.errno, f"{error.strerror} (cannot create a file in {directory})", path) from None
    try:
        with os.fdopen(descriptor, "wb") as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
        if existing is not None:
            _keep_owner_mode_and_attributes(temporary, path, existing)
        _replace(temporary, path, existing, write)
    except BaseException:
        if os.path.lexists(temporary):
            os.unlink(temporary)
        raise
    _fsync_directory(directory)


def _replace(temporary, path, existing, write):
    """Rename the written temporary file over `path`; a file mounted on its own (docker -v file:file, a
    Kubernetes subPath), which cannot be renamed over (EBUSY), is written in place instead, as torch.save does."""
    try:
        os.replace(temporary, path)
    except OSError as error:
        if error.errno != errno.EBUSY or existing is None:  # (named by the user's path, not the temporary's)
            raise type(error)(error.errno, error.strerror, os.fsdecode(path)) from None
        os.unlink(temporary)
        _write_in_place(path, write)


def _require_writable(path):
    """Refuse a file the user may not open for writing, as torch.save's open(path, 'wb') refuses it (opened
    without truncating it: the kernel decides, as for open, whatever the user's ids and capabilities)."""
    try:
        os.close(os.open(path, os.O_WRONLY))
    except PermissionError:
        raise NotWritable(errno.EACCES, "Permission denied: nn.save does not replace a file you may not write "
                          "(make it writable first, or save under another name)", os.fsdecode(path)) from None


def _existing(path):
    """os.stat of what `path` names (through symbolic links), or None where nothing is there yet."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):  # (a missing parent folder is named below)
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:  # (PyTorch's type)
            raise RuntimeError(f"nn.save: cannot open {os.fsdecode(path)}: it is a symbolic link that leads back to "
                               "itself (too many levels of symbolic links)") from None
        raise
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectory(errno.EISDIR, "Is a directory: nn.save writes a file; give a file name in it, such as "
                           "model.npz", path)
    return info


def _through_proc(path):
    """Whether `path` leads through /proc (/proc/self/fd/3, /dev/stdout): an open descriptor's file, which must
    be written, not replaced (the descriptor would go on showing the old file)."""
    current = os.path.abspath(os.fsdecode(path))
    for _ in range(40):  # (the kernel's own limit on links followed)
        if current.startswith("/proc/"):
            return True
        if not os.path.islink(current):
            return False
        current = os.path.join(os.path.dirname(current), os.readlink(current))
    return False


def _write_in_place(path, write):
    """open(path, 'wb') and one write of the checkpoint, made in memory first."""
    data = _in_memory(write)
    with open(path, "wb") as file:
        file.write(data)


def _keep_owner_mode_and_attributes(temporary, path, existing):
    """Give the new file the old one's permission bits, its extended attributes (where the platform and the user
    may: a security attribute may be refused) and, where the user may (root, or a group of theirs), its owner and
    group."""
    if (existing.st_uid, existing.st_gid) != (os.getuid(), os.getgid()):
        try:
            os.chown(temporary, existing.st_uid, existing.st_gid)
        except PermissionError:
            try:
                os.chown(temporary, -1, existing.st_gid)
            except PermissionError:
                pass
    try:
        names = os.listxattr(path)
    except (AttributeError, OSError):  # (not on this platform or file system)
        names = []
    for name in names:
        try:
            os.setxattr(temporary, name, os.getxattr(path, name))
        except OSError:
            pass
    os.chmod(temporary, stat.S_IMODE(existing.st_mode))


def _fsync_directory(directory):
    """Make the rename itself durable (where the platform allows opening a directory)."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _numeric_array(value, key):
    if is_lazy(value):
        raise ValueError(
            f"nn.save: '{key}' belongs to a lazy module that has not run yet (it has no shape or values); "
            "call the model once on an example batch first"
        )
    array = value.detach().numpy() if isinstance(value, Tensor) else np.asarray(value)
    if array.dtype.kind not in checkpoint_npz.NUMERIC_KINDS or array.dtype.fields is not None:
        raise TypeError(f"nn.save: '{key}' holds {array.dtype} data; only numeric arrays can be saved")
    if array.dtype.newbyteorder("=") not in checkpoint_npz.TENSOR_DTYPES:
        raise TypeError(f"nn.save: '{key}' holds {array.dtype} data, which no tensor has (nn.load would refuse it)")
    return array


def _flat_arrays(obj):
    """{name: array} of a flat str → tensor mapping, the only thing safetensors stores."""
    if not isinstance(obj, collections.abc.Mapping):
        raise TypeError(f"nn.save: a .safetensors file holds a dict of tensors, got {type(obj).__name__}; use .npz")
    arrays = {}
    for key, value in obj.items():
        if (not isinstance(key, str) or key == checkpoint_safetensors.METADATA
                or not checkpoint_safetensors.is_utf8(key)):
            raise TypeError(f"nn.save: safetensors names must be Unicode strings other than "
                            f"'{checkpoint_safetensors.METADATA}', got {key!r}; use .npz")
        if not isinstance(value, (Tensor, np.ndarray)):
            raise TypeError(f"nn.save: '{key}' is a {type(value).__name__}; a .safetensors file holds only "
                            "tensors (save numbers, strings and nested dicts to .npz)")
        arrays[key] = _numeric_array(value, key)
    shared = checkpoint_views.sharing_groups((key, arrays[key]) for key in obj if isinstance(obj[key], Tensor))
    if shared:  # safetensors' own save_file refuses them too
        raise RuntimeError(f"nn.save: some tensors share memory, which a .safetensors file cannot keep (they would "
                           f"load as separate copies): {shared[:5]}; save to .npz, which keeps the sharing, or save "
                           "a clone() of all but one")
    return arrays


class _TreeWriter:
    """Describes a tree as JSON; its arrays go into `arrays` under zip member names."""

    def __init__(self):
        self.arrays = {}
        self.described = {}  # id of an array already described -> its description (kept shared)
        self.tensors = []  # (array, description) of each tensor described (see checkpoint_views)

    def describe(self, value, key="", ancestors=frozenset(), name=None):
        if isinstance(value, (Tensor, np.ndarray, np.generic)):
            if id(value) not in self.described:
                member = self.member_name(name)
                self.arrays[member] = _numeric_array(value, key)
                self.described[id(value)] = _array_description(value, member)
                if isinstance(value, Tensor):
                    self.tensors.append((self.arrays[member], self.described[id(value)]))
            return self.described[id(value)]
        if type(value) in SCALARS:
            checkpoint_values.check_text(value, f"'{key}'")
            return {"value": value}
        leaf = checkpoint_values.describe(value, key)
        if leaf is not None:
            return leaf
        if id(value) in ancestors:
            raise ValueError(f"nn.save: '{key}' contains itself; a checkpoint must be a tree")
        if len(ancestors) >= 100:
            raise ValueError(f"nn.save: '{key}' is nested more than 100 levels deep")
        ancestors = ancestors | {id(value)}
        if type(value) in (dict, collections.OrderedDict, collections.Counter):
            for k in value:
                checkpoint_values.check_text(k, f"the key {k!r}" + (f" of '{key}'" if key else ""))
                if type(k) not in SCALARS:
                    raise TypeError(f"nn.save: '{key}' has the key {k!r} of type {type(k).__name__}; keys must be "
                                    "str, int, float, bool or None")
            pairs = [[k, self.describe(v, f"{key}.{k}" if key else str(k), ancestors, k if not key else None)]
                     for k, v in value.items()]
            return {type(value).__name__: pairs}
        if type(value) in (list, tuple, set, frozenset):
            items = [self.describe(v, f"{key}[{i}]", ancestors) for i, v in enumerate(value)]
            return {type(value).__name__: items}
        raise TypeError(f"nn.save: '{key}' cannot be saved without pickle (got {type(value).__name__}); only "
                        "tensors, arrays, numbers, strings, None, Size, dtypes, devices and dicts, OrderedDicts, "
                        f"Counters, lists, tuples and sets of them can{CONVERSIONS.get(type(value).__name__, '')}")

    def member_name(self, key):
        """The dict key itself where it is a plain, unused name; else a fresh arrayN."""
        if isinstance(key, str) and key.isprintable() and "\\" not in key and 0 < len(key) <= 200 \
                and key not in self.arrays:
            return key
        number = len(self.arrays)
        while f"array{number}" in self.arrays:
            number += 1
        return f"array{number}"


def _array_description(value, member):
    """{kind: member}, plus "requires_grad" for a tensor or Parameter whose flag is not its kind's default."""
    if isinstance(value, Tensor):
        kind = "parameter" if isinstance(value, Parameter) else "tensor"
        if value.requires_grad != REQUIRES_GRAD_DEFAULT[kind]:
            return {kind: member, "requires_grad": value.requires_grad}
        return {kind: member}
    return {"array" if isinstance(value, np.ndarray) else "scalar": member}


def _rebuild(description, arrays, made):
    """The value a description stands for; `made` maps array names already rebuilt to (description, object)."""
    if not isinstance(description, dict) or not 1 <= len(description) <= 4:
        raise Damaged(f"its tree holds a malformed entry {str(description)[:80]}")
    kind, content = next(iter(description.items()))
    if kind in ARRAY_KINDS:
        return _rebuild_array(description, arrays, made)
    if len(description) != 1:
        raise Damaged(f"its tree holds a malformed entry {str(description)[:80]}")
    if kind == "value" and isinstance(content, SCALARS):
        return content
    if kind in checkpoint_values.KINDS:
        return checkpoint_values.rebuild(kind, content)
    if kind in SEQUENCES and isinstance(content, list):
        items = [_rebuild(item, arrays, made) for item in content]
        try:
            return SEQUENCES[kind](items)
        except TypeError:  # (a set of lists: nn.save writes none)
            raise Damaged(f"its tree holds a {kind} of values that cannot be in one") from None
    if kind in MAPPINGS and isinstance(content, list):
        if not all(isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], SCALARS) for pair in content):
            raise Damaged(f"its tree holds a malformed {kind}")
        repeated = checkpoint_npz.repeated_keys(key for key, _ in content)
        if repeated:  # 1, 1.0 and True are one key: no saved dict holds two of them
            raise Damaged(f"its tree holds a {kind} that repeats the key(s) {repeated[:5]}")
        return MAPPINGS[kind]((key, _rebuild(value, arrays, made)) for key, value in content)
    raise Damaged(f"its tree holds an entry of unknown kind {kind!r}")


def _rebuild_array(description, arrays, made):
    """The tensor, Parameter, array or NumPy scalar of an entry {kind: array name[, "requires_grad": flag]
    [, "view": [offset, shape, strides], "object": number]} (a view of a storage shared with other tensors:
    checkpoint_views; "object" tells the tensors of one storage apart, so that one referenced twice loads as
    one, and files written before it existed make each entry its own tensor)."""
    (kind, content), *options = description.items()
    options = dict(options)
    if (options and kind not in REQUIRES_GRAD_DEFAULT) or not set(options) <= {"requires_grad", "view", "object"} \
            or type(options.get("requires_grad", False)) is not bool or type(options.get("object", 0)) is not int \
            or ("object" in options and "view" not in options):
        raise Damaged(f"its tree holds a malformed entry {str(description)[:80]}")
    flag = options.get("requires_grad")
    if not isinstance(content, str):
        raise Damaged(f"its tree names an array with {str(content)[:80]}, which is not a name")
    if content not in arrays:
        raise Damaged(f"its tree refers to a missing array {str(content)[:80]!r}")
    key = (content, options.get("object")) if "view" in options else content
    if key not in made or key == (content, None):
        array = _view_of_storage(content, options["view"], arrays, made) if "view" in options else arrays[content]
        made[key] = description, _make_array(kind, array, content, flag)
    made_description, value = made[key]
    if made_description != description:  # the writer describes each tensor once
        raise Damaged(f"its tree refers to the array {content[:80]!r} as both {_what(made_description)} "
                      f"and {_what(description)}")
    return value


def _view_of_storage(name, view, arrays, made):
    """The view `view` of the storage array `name`: every view of one storage shares its memory."""
    if made.setdefault(name, ("storage", arrays[name]))[0] != "storage":
        raise Damaged(f"its tree refers to the array {name[:80]!r} both as a storage and as a whole tensor")
    problem = checkpoint_views.view_problem(view, arrays[name])
    if problem:
        raise Damaged(f"its tree holds {problem} ({str(view)[:80]}) of the array {name[:80]!r}")
    return checkpoint_views.make_view(view, arrays[name])


def _what(description):
    """What an array entry makes: "a tensor", "a parameter with requires_grad=False", ..."""
    if description == "storage":
        return "a storage"
    (kind, _), *options = description.items()
    flag = dict(options).get("requires_grad")
    return f"a {kind}" + (f" with requires_grad={flag}" if flag is not None else "")


def _make_array(kind, array, name, flag):
    if kind not in REQUIRES_GRAD_DEFAULT:
        return ARRAY_KINDS[kind](array)
    requires_grad = REQUIRES_GRAD_DEFAULT[kind] if flag is None else flag
    try:
        return ARRAY_KINDS[kind](array, requires_grad=requires_grad)
    except RuntimeError as error:  # a dtype that cannot require grad (integer, bool, complex)
        raise Damaged(f"its tree makes the {array.dtype} array {name[:80]!r} a {kind} that requires grad "
                      f"({error})") from None
