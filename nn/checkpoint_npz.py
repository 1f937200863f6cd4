""".npz checkpoints: a zip of .npy arrays (NumPy's own format) and one JSON text describing the tree.

Writing: the JSON text is the first member, `__glassgrad__.json` (its name does not end in .npy, so
no array can take it; being first, a damaged directory that loses entries loses arrays the tree
refers to, which is detected); each array is one member `NAME.npy`, stored uncompressed. `np.load` reads
such a file too: the arrays under their names, the JSON text as bytes.

Reading trusts nothing in the file. Before an array is allocated, its .npy header is checked
against the size its zip entry declares, and every zip entry against the real size of the file
(a stored entry holds its bytes; deflate inflates at most ~1032×), so a tiny file that declares a
huge array is refused without allocating it; compressed entries (np.savez_compressed's: nn.save writes
none) may inflate to MAX_INFLATED bytes in all, so a small file cannot fill the memory. Object arrays and pickles are refused.
"""
import json
import math
import struct
import zipfile

import numpy as np

TREE_MEMBER = "__glassgrad__.json"
NUMERIC_KINDS = "biufc"  # bool, signed, unsigned, float, complex
TENSOR_DTYPES = {np.dtype(name) for name in ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                                             "uint64", "float16", "float32", "float64", "complex64", "complex128")}
DEFLATE_MAX_RATIO = 1032  # deflate's largest possible expansion; a legitimate entry never exceeds it
MAX_INFLATED = 2**30  # the most bytes the deflated entries of one file may inflate to (nn.save writes none)
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # every entry's timestamp: the same checkpoint gives the same bytes
MAX_DIMENSION = np.iinfo(np.intp).max  # the largest size NumPy allows along one axis
END_RECORD = b"PK\x05\x06"  # a zip's end-of-central-directory record: signature, then 18 bytes, then a comment
CENTRAL_ENTRY = b"PK\x01\x02"
ZIP64_LOCATOR = b"PK\x06\x07"  # 20 bytes just before the end record of a zip64 archive
ZIP64_END_RECORD = 56  # bytes of the zip64 end record (Python's zipfile and PyTorch's writer add nothing after)
SCAN_CHUNK = 1 << 22


class Damaged(ValueError):
    """The file is not a checkpoint this module can read; the message says why."""


def write(file, tree, arrays):
    """Write `arrays` ({member name: ndarray}) and the JSON-able `tree` as a zip to the binary `file`."""
    with zipfile.ZipFile(file, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        archive.writestr(zipfile.ZipInfo(TREE_MEMBER, FIXED_TIME), json.dumps(tree, ensure_ascii=True))
        for name, array in arrays.items():
            with archive.open(zipfile.ZipInfo(name + ".npy", FIXED_TIME), "w", force_zip64=True) as member:
                np.lib.format.write_array(member, array, allow_pickle=False)


def read(file, file_size):
    """(tree or None, {name: ndarray}) from the zip that starts at `file`'s position, followed by
    `file_size` bytes; None when the archive has no tree member (a plain .npz written by NumPy).
    Only that archive is read, and the file is left at its end (see archive_end)."""
    start = file.tell()
    end = archive_end(file, start, file_size)
    try:
        archive = zipfile.ZipFile(_Prefix(file, end))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
        raise Damaged(f"not a readable zip archive ({error})") from None
    with archive:
        infos = archive.infolist()
        if infos and min(info.header_offset for info in infos) != start:
            raise Damaged("its zip archive has no end-of-central-directory record (it is truncated); the next "
                          "record found belongs to an archive that starts elsewhere")
        _check_entries(infos, file_size)
        tree = None
        arrays = {}
        for info in infos:
            if info.filename == TREE_MEMBER:
                tree = parse_json(_read_member(archive, info), "its tree")
            elif info.filename.endswith(".npy"):
                arrays[info.filename[:-4]] = _read_array(archive, info)
            else:
                hint = " (a torch.save file: nn.load never unpickles; save it with safetensors)" \
                    if info.filename.endswith(".pkl") else ""
                raise Damaged(f"its member {info.filename!r} is not a .npy array{hint}")
        if tree is not None and infos[0].filename != TREE_MEMBER:
            raise Damaged(f"its tree member {TREE_MEMBER} is not the archive's first entry")
    file.seek(end)
    return tree, arrays


def archive_end(file, start, file_size):
    """Where the zip archive that starts at `start` ends: after the first end-of-central-directory record
    found from `start` on whose central directory is where the record says and whose first entry is at `start`
    (a record of an archive stored inside a member, as a uint8 tensor holding a checkpoint's bytes, is passed over).

    A stream can hold several archives one after the other (two torch.save calls into one open file);
    zipfile alone would read the LAST one, whose record ends the stream. As torch.load does, nn.load reads
    the one that starts where the stream is: the first (and the second when the stream is positioned there).
    When the record that ends the stream is that archive's (its first entry is at `start`: the usual case),
    nothing more is read; else the file is read once, in chunks, to find the record."""
    file_end = start + file_size
    last = _end_record(file, file_end - 22, start, file_end)
    if last is not None and last[0] == file_end and _first_entry(file, *last[1:]) == start:
        return file_end
    elsewhere = None  # where the first archive found that starts elsewhere starts
    position = start
    while position < file_end:
        file.seek(position)
        chunk = file.read(SCAN_CHUNK + len(END_RECORD) - 1)
        found = chunk.find(END_RECORD)
        while found >= 0:
            record = _end_record(file, position + found, start, file_end)
            first = None if record is None else _first_entry(file, *record[1:])
            if record is not None and first in (start, None):  # (None: the directory does not say; read() checks)
                return record[0]
            if record is not None and elsewhere is None:  # an archive stored inside a member, or one further on
                elsewhere = first
            found = chunk.find(END_RECORD, found + 1)
        if len(chunk) <= SCAN_CHUNK:
            break
        position += SCAN_CHUNK
    if elsewhere is not None:
        raise Damaged("its zip archive has no end-of-central-directory record (it is truncated); the records found "
                      f"belong to archives that start elsewhere (the first at byte {elsewhere - start})")
    raise Damaged("not a readable zip archive (no end-of-central-directory record follows its start: "
                  "it is truncated, or not a zip)")


def _end_record(file, record, start, file_end):
    """(end of the record, where its central directory is, the directory's offset as recorded) of the
    end-of-central-directory record at `record`, if it is a real one: its central directory, of the size it
    declares, lies after `start`, ends where the record starts, and begins with an entry's signature; else None."""
    if record < start:
        return None
    file.seek(record)
    fields = file.read(22)
    if len(fields) < 22 or fields[:4] != END_RECORD:
        return None
    entries, directory_size, directory_offset, comment_size = struct.unpack("<10xHLLH", fields)
    end = record + 22 + comment_size
    directory = record - directory_size
    if record - 20 >= start:
        file.seek(record - 20)
        if file.read(4) == ZIP64_LOCATOR:  # the directory's size and offset are in the zip64 end record before it
            file.seek(record - 20 - ZIP64_END_RECORD + 40)
            sizes = file.read(16)
            if len(sizes) < 16:
                return None
            directory_size, directory_offset = struct.unpack("<QQ", sizes)
            directory, entries = record - 20 - ZIP64_END_RECORD - directory_size, None
    if end > file_end or directory < start:
        return None
    file.seek(directory)
    if file.read(4) == CENTRAL_ENTRY or (entries == 0 and directory_size == 0):
        return end, directory, directory_offset
    return None


def _first_entry(file, directory, directory_offset):
    """Where the archive's first entry is in the stream (its offset as recorded, moved as its directory is),
    or None where the directory does not say (an offset kept in a zip64 field)."""
    file.seek(directory)
    entry = file.read(46)
    if len(entry) < 46 or entry[:4] != CENTRAL_ENTRY:
        return None
    offset, = struct.unpack("<L", entry[42:46])
    return None if offset == 0xFFFFFFFF else offset + directory - directory_offset


class _Prefix:
    """A seekable binary file seen up to `end`: what zipfile reads of it is the archive that ends there."""

    def __init__(self, file, end):
        self.file, self.end = file, end

    def seek(self, offset, whence=0):
        target = {0: offset, 1: self.file.tell() + offset, 2: self.end + offset}[whence]
        return self.file.seek(min(target, self.end))

    def tell(self):
        return self.file.tell()

    def read(self, n=-1):
        left = max(self.end - self.file.tell(), 0)
        return self.file.read(left if n is None or n < 0 else min(n, left))

    def seekable(self):
        return True


def unique_keys(pairs):
    """json's object_pairs_hook: a dict, refusing a key given twice (readers would disagree on it).
    Linear in the number of keys: a header of 100,000 names is checked in well under a second."""
    result = dict(pairs)
    if len(result) != len(pairs):
        raise Damaged(f"a JSON object repeats the key(s) {repeated_keys(key for key, _ in pairs)[:5]}")
    return result


def repeated_keys(keys):
    """The keys that occur more than once, each once, in order of their second occurrence."""
    seen, repeated = set(), {}
    for key in keys:
        if key in seen:
            repeated[key] = None
        seen.add(key)
    return list(repeated)


def parse_json(text, what):
    """JSON text (bytes) as Python values, refusing text that is not UTF-8 or not JSON (a number too long
    for Python's int, nesting too deep, a key given twice) with a message naming the problem."""
    try:
        return json.loads(text.decode("utf-8"), object_pairs_hook=unique_keys)
    except Damaged:
        raise
    except (UnicodeDecodeError, ValueError, RecursionError) as error:  # JSONDecodeError is a ValueError
        raise Damaged(f"{what} is not valid JSON ({error})") from None


def _check_entries(infos, file_size):
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        raise Damaged("the archive holds two entries with the same name")
    if sum(info.compress_size for info in infos) > file_size:
        raise Damaged(f"its entries declare more compressed bytes than the file's {file_size}")
    for info in infos:
        if info.flag_bits & 0x1:
            raise Damaged(f"entry {info.filename!r} is marked encrypted")
        if info.compress_type == zipfile.ZIP_STORED:
            if info.file_size != info.compress_size:
                raise Damaged(f"entry {info.filename!r} is stored uncompressed but declares two different sizes")
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            if info.file_size > DEFLATE_MAX_RATIO * info.compress_size + 64:
                raise Damaged(f"entry {info.filename!r} declares {info.file_size} bytes from "
                              f"{info.compress_size} compressed: more than deflate can produce")
        else:
            raise Damaged(f"entry {info.filename!r} uses zip compression method {info.compress_type}; "
                          "only stored and deflated entries are read")
    inflated = sum(info.file_size for info in infos if info.compress_type == zipfile.ZIP_DEFLATED)
    if inflated > MAX_INFLATED:
        raise Damaged(f"its compressed entries inflate to {inflated} bytes from a file of {file_size}, more than "
                      f"nn.load inflates ({MAX_INFLATED} bytes; nn.save never compresses: save the arrays with "
                      "nn.save or np.savez, not np.savez_compressed)")


def _read_member(archive, info):
    with archive.open(info) as member:
        data = member.read()
    if len(data) != info.file_size:
        raise Damaged(f"entry {info.filename!r} is truncated")
    return data


def _read_array(archive, info):
    """One .npy entry as a writable, native-byte-order array, its header checked before any allocation."""
    name = info.filename
    with archive.open(info) as member:
        try:
            version = np.lib.format.read_magic(member)
            if version == (1, 0):
                shape, fortran_order, dtype = np.lib.format.read_array_header_1_0(member)
            elif version == (2, 0):
                shape, fortran_order, dtype = np.lib.format.read_array_header_2_0(member)
            else:
                raise ValueError(f"unsupported .npy format version {version}")
        except (ValueError, SyntaxError, TypeError, EOFError) as error:
            raise Damaged(f"entry {name!r} has no valid .npy header ({error})") from None
        if any(type(size) is not int or not 0 <= size <= MAX_DIMENSION for size in shape):
            raise Damaged(f"entry {name!r} has no valid .npy header (shape {shape}: a size is not an integer, "
                          "is negative or is larger than NumPy allows)")
        if dtype.hasobject or dtype.kind not in NUMERIC_KINDS or dtype.subdtype is not None:
            raise Damaged(f"entry {name!r} holds dtype {dtype}; only numeric arrays are read (never objects)")
        if dtype.newbyteorder("=") not in TENSOR_DTYPES:
            raise Damaged(f"entry {name!r} holds dtype {dtype}, which no tensor has (PyTorch has no {dtype.name})")
        declared = math.prod(shape) * dtype.itemsize
        available = info.file_size - member.tell()
        if declared != available:
            raise Damaged(f"entry {name!r}: its header declares shape {shape} of {dtype}, {declared} bytes, "
                          f"but the entry holds {available}")
        data = member.read(declared)
        member.read(1)  # reaching the end makes zipfile check the CRC
    if len(data) != declared:
        raise Damaged(f"entry {name!r} is truncated")
    array = np.frombuffer(bytearray(data), dtype)
    array = array.reshape(shape, order="F" if fortran_order else "C")
    return array.astype(dtype.newbyteorder("="), copy=False)
