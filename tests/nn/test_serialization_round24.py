"""hostile24c: saving to what is not a plain file of its own, and loading from what never ends, against PyTorch.

S1: a save to a character device, a FIFO or /dev/stdout as a pipe writes into it (it stays what it was).
S2: a save over a file with several hard links writes the one file every name shows; owner and mode are kept.
U1: every name the file system accepts saves (the temporary file's name is short).
Symbolic links: followed (a dangling one creates its target); a link to itself is refused as PyTorch refuses it.
H1: an endless or non-seekable stream (/dev/zero, a FIFO, a file object that returns zeros forever) is refused at
once, never read without bound; an exhausted file object is not called "empty"."""
import io
import os
import stat
import subprocess
import sys
import threading

import pytest

import autograd
import nn
from glassgrad.torch_stubs.serialization import load as glass_load
from glassgrad.torch_stubs.serialization import save as glass_save

torch = pytest.importorskip("torch")

LIBRARIES = {"glassgrad": (autograd, glass_save, glass_load), "torch": (torch, torch.save, torch.load)}


def checkpoint(lib):
    return {"w": lib.ones(3), "epoch": 2}


def as_list(loaded):
    return {key: value.tolist() if hasattr(value, "tolist") else value for key, value in loaded.items()}


def read_in_thread(fifo):
    """Open the FIFO for reading in a thread; returns (thread, received bytes list)."""
    received = []
    thread = threading.Thread(target=lambda: received.append(open(fifo, "rb").read()), daemon=True)
    thread.start()
    return thread, received


# S1: devices, FIFOs, pipes ----------------------------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="mknod needs root")
@pytest.mark.parametrize("name", ["glassgrad", "torch"])
def test_a_save_to_a_character_device_writes_into_it_and_leaves_it_a_device(tmp_path, name):
    lib, save, _ = LIBRARIES[name]
    device = tmp_path / "mynull"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a private copy of the null device
    save(checkpoint(lib), device)
    assert stat.S_ISCHR(os.lstat(device).st_mode) and os.listdir(tmp_path) == ["mynull"]


@pytest.mark.parametrize("name", ["glassgrad", "torch"])
def test_a_save_to_a_fifo_streams_the_checkpoint_to_its_reader(tmp_path, name):
    lib, save, load = LIBRARIES[name]
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    thread, received = read_in_thread(fifo)
    save(checkpoint(lib), fifo)
    thread.join(10)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and sorted(os.listdir(tmp_path)) == ["pipe"]
    assert as_list(load(io.BytesIO(received[0]))) == {"w": [1.0, 1.0, 1.0], "epoch": 2}


@pytest.mark.parametrize("suffix", [".npz", ".safetensors"])
def test_nn_save_to_a_fifo_streams_either_format(tmp_path, suffix):
    fifo = tmp_path / f"pipe{suffix}"
    os.mkfifo(fifo)
    thread, received = read_in_thread(fifo)
    nn.save({"w": autograd.arange(3.0)}, fifo)
    thread.join(10)
    assert nn.load(io.BytesIO(received[0]))["w"].tolist() == [0.0, 1.0, 2.0]


def test_a_save_to_dev_stdout_that_is_a_pipe_reaches_the_pipe(tmp_path):
    """`python save.py | gzip > ck.gz`: /dev/stdout (a /proc/self/fd link to a pipe) is written, not replaced."""
    script = ("import glassgrad; glassgrad.install_as_torch(); import torch; "
              "torch.save({'w': torch.ones(2)}, '/dev/stdout')")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120, cwd=os.getcwd(),
                          env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert nn.load(io.BytesIO(done.stdout))["w"].tolist() == [1.0, 1.0]


def test_a_failed_save_to_a_fifo_writes_nothing_into_it(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(TypeError):  # refused before the FIFO is opened: no reader needed, nothing blocks
        nn.save({"w": autograd.ones(1), "bad": object()}, fifo)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


# S2: hard links, owner and mode -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["glassgrad", "torch"])
def test_a_save_over_a_hard_link_changes_the_one_file_both_names_show(tmp_path, name):
    lib, save, load = LIBRARIES[name]
    save({"w": lib.ones(2)}, tmp_path / "ckpt.pt")
    os.link(tmp_path / "ckpt.pt", tmp_path / "latest.pt")
    save({"w": lib.full((2,), 7.0)}, tmp_path / "latest.pt")
    assert os.path.samefile(tmp_path / "ckpt.pt", tmp_path / "latest.pt")
    assert load(tmp_path / "ckpt.pt")["w"].tolist() == [7.0, 7.0]


def test_a_save_over_a_file_with_one_name_keeps_its_mode_and_stays_atomic(tmp_path, monkeypatch):
    path = tmp_path / "ckpt.npz"
    nn.save({"w": autograd.ones(2)}, path)
    os.chmod(path, 0o604)
    before = path.read_bytes()
    monkeypatch.setattr(os, "replace", lambda *args: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    with pytest.raises(OSError, match="No space"):
        nn.save({"w": autograd.zeros(2)}, path)
    monkeypatch.undo()
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["ckpt.npz"]
    nn.save({"w": autograd.zeros(2)}, path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o604 and nn.load(path)["w"].tolist() == [0.0, 0.0]


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="giving a file away needs root")
@pytest.mark.parametrize("name", ["glassgrad", "torch"])
def test_a_save_over_another_users_file_keeps_its_owner(tmp_path, name):
    lib, save, _ = LIBRARIES[name]
    path = tmp_path / "ckpt.pt"
    save({"w": lib.ones(2)}, path)
    os.chown(path, 1000, 1000)
    save({"w": lib.zeros(2)}, path)
    assert (os.stat(path).st_uid, os.stat(path).st_gid) == (1000, 1000)


def test_a_folder_that_refuses_new_files_still_lets_an_existing_file_be_saved_over(tmp_path, monkeypatch):
    """As torch.save's open(path, 'wb'): the file is written in place when no temporary file can be made beside it
    (a read-only folder holding a writable checkpoint; simulated, since root may write anywhere)."""
    path = tmp_path / "ckpt.npz"
    nn.save({"w": autograd.ones(2)}, path)
    real_open = os.open

    def refusing(name, *args, **kwargs):
        if os.path.basename(os.fsdecode(name)).startswith(".nn-save-"):
            raise PermissionError(13, "Permission denied", name)
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    nn.save({"w": autograd.zeros(2)}, path)
    with pytest.raises(PermissionError, match="cannot create a file in") as caught:  # a new file cannot be made
        nn.save({"w": autograd.zeros(2)}, tmp_path / "new.npz")
    monkeypatch.undo()
    assert caught.value.filename == str(tmp_path / "new.npz")
    assert nn.load(path)["w"].tolist() == [0.0, 0.0] and os.listdir(tmp_path) == ["ckpt.npz"]


# U1: long names ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("length", [238, 250, 255])
@pytest.mark.parametrize("name", ["glassgrad", "torch"])
def test_every_name_the_file_system_accepts_saves(tmp_path, name, length):
    lib, save, load = LIBRARIES[name]
    path = tmp_path / ("a" * (length - 3) + ".pt")
    save(checkpoint(lib), path)
    save(checkpoint(lib), path)  # over an existing file too
    assert as_list(load(path)) == {"w": [1.0, 1.0, 1.0], "epoch": 2} and os.listdir(tmp_path) == [path.name]


# symbolic links ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["glassgrad", "torch"])
def test_a_save_through_a_symbolic_link_writes_its_target_and_keeps_the_link(tmp_path, name):
    lib, save, load = LIBRARIES[name]
    save({"w": lib.ones(1)}, tmp_path / "real.pt")
    os.symlink("real.pt", tmp_path / "link.pt")
    os.symlink(tmp_path / "new.pt", tmp_path / "dangling.pt")
    save({"w": lib.zeros(1)}, tmp_path / "link.pt")
    save({"w": lib.full((1,), 5.0)}, tmp_path / "dangling.pt")  # creates the link's target
    assert os.path.islink(tmp_path / "link.pt") and os.path.islink(tmp_path / "dangling.pt")
    assert load(tmp_path / "real.pt")["w"].tolist() == [0.0] and load(tmp_path / "new.pt")["w"].tolist() == [5.0]


@pytest.mark.parametrize("name", ["glassgrad", "torch"])
def test_a_save_through_a_link_to_itself_or_into_a_missing_folder_is_refused(tmp_path, name):
    lib, save, _ = LIBRARIES[name]
    os.symlink("loop", tmp_path / "loop")
    with pytest.raises(RuntimeError, match="symbolic links"):
        save(checkpoint(lib), tmp_path / "loop")
    os.symlink(tmp_path / "no" / "such.pt", tmp_path / "dangling")
    with pytest.raises(RuntimeError):
        save(checkpoint(lib), tmp_path / "dangling")
    assert os.path.islink(tmp_path / "loop") and sorted(os.listdir(tmp_path)) == ["dangling", "loop"]


# H1: endless and non-seekable sources -----------------------------------------------------------------------------

class Zeros:
    """A file object whose read() returns zeros forever (as /dev/zero's), seekable or not."""

    def __init__(self, seekable):
        self.can_seek = seekable
        self.requested = 0

    def read(self, size=-1):
        if size is None or size < 0:  # "everything": it never ends
            raise AssertionError("read without bound")
        self.requested += size
        if self.requested > 1 << 26:
            raise AssertionError("read without bound")
        return bytes(size)

    def readline(self, size=-1):
        return b"\0"

    def seekable(self):
        return self.can_seek

    def seek(self, offset, whence=0):
        if not self.can_seek:
            raise io.UnsupportedOperation("seek")
        return 0

    def tell(self):
        return 0


@pytest.mark.parametrize("seekable", [True, False])
@pytest.mark.parametrize("loader", [nn.load, glass_load])
def test_an_endless_file_object_is_refused_at_once(loader, seekable):
    with pytest.raises(ValueError, match="not a valid checkpoint"):
        loader(Zeros(seekable))


@pytest.mark.parametrize("loader", [nn.load, glass_load])
def test_a_character_device_that_never_ends_is_refused_at_once(loader):
    """/dev/zero is only read, never written; a path and a file object, each in a child under a short timeout."""
    name = "nn.load" if loader is nn.load else "glassgrad.torch_stubs.serialization.load"
    module, function = name.rsplit(".", 1)
    for source in ["'/dev/zero'", "open('/dev/zero', 'rb')"]:
        script = (f"import resource; resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30)); "
                  f"import {module}\ntry:\n    {name}({source})\nexcept ValueError as e:\n    print(e)")
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60, cwd=os.getcwd(),
                              env={**os.environ, "PYTHONPATH": os.getcwd()})
        assert done.returncode == 0 and "not a valid checkpoint" in done.stdout.decode(), done.stderr.decode()[-2000:]
        assert "empty" not in done.stdout.decode()


@pytest.mark.parametrize("loader", [nn.load, glass_load])
def test_a_fifo_fed_by_a_thread_is_read_to_its_end(tmp_path, loader):
    """PyTorch refuses a FIFO (OSError: Illegal seek); glassgrad reads it as it reads a pipe (a stated leniency)."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    stream = io.BytesIO()
    nn.save({"w": autograd.ones(2)}, stream)

    def feed():
        with open(fifo, "wb") as writer:
            writer.write(stream.getvalue())

    threading.Thread(target=feed, daemon=True).start()
    assert loader(fifo)["w"].tolist() == [1.0, 1.0]


def test_a_fifo_that_sends_zeros_forever_is_refused_after_its_first_bytes(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    stop = threading.Event()

    def feed():
        try:
            with open(fifo, "wb") as writer:
                while not stop.is_set():
                    writer.write(bytes(1 << 16))
        except BrokenPipeError:
            pass

    threading.Thread(target=feed, daemon=True).start()
    outcome = []

    def load():
        try:
            glass_load(fifo)
        except Exception as error:  # (what the test checks below)
            outcome.append(error)

    loader = threading.Thread(target=load, daemon=True)
    loader.start()
    loader.join(10)
    finished = not loader.is_alive()
    stop.set()  # (a reader still reading then meets the end of the stream)
    loader.join(10)
    assert finished, "the FIFO was read on for 10 s"
    assert isinstance(outcome[0], ValueError) and "neither a .npz archive nor a safetensors file" in str(outcome[0])


def test_an_exhausted_file_object_is_not_called_empty():
    stream = io.BytesIO()
    nn.save({"w": autograd.ones(1)}, stream)
    with pytest.raises(EOFError, match="nothing left to read") as caught:  # (PyTorch: a bare EOFError)
        glass_load(stream)
    assert "empty" not in str(caught.value)
    stream = io.BytesIO()
    torch.save({"w": torch.ones(1)}, stream)
    with pytest.raises(EOFError):
        torch.load(stream)
    with pytest.raises(EOFError, match="empty"):
        glass_load(io.BytesIO())
    with pytest.raises(ValueError, match="nothing left to read from its position"):
        nn.load(stream)


def test_a_pytorch_checkpoint_is_still_named_as_such_from_a_path_and_a_file_object(tmp_path):
    torch.save({"w": torch.ones(2)}, tmp_path / "theirs.pt")
    with pytest.raises(ValueError, match="written by PyTorch"):
        glass_load(tmp_path / "theirs.pt")
    with open(tmp_path / "theirs.pt", "rb") as file, pytest.raises(ValueError, match="written by PyTorch"):
        glass_load(file)


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
@pytest.mark.parametrize("name", ["glassgrad", "torch"])
def test_a_save_to_an_open_descriptors_proc_path_writes_the_file_it_has_open(tmp_path, name):
    lib, save, load = LIBRARIES[name]
    path = tmp_path / "held.pt"
    save({"w": lib.ones(1)}, path)
    with open(path, "rb") as held:
        save({"w": lib.full((1,), 4.0)}, f"/proc/self/fd/{held.fileno()}")
        held.seek(0)
        assert load(io.BytesIO(held.read()))["w"].tolist() == [4.0]  # the descriptor shows the new checkpoint
    assert load(path)["w"].tolist() == [4.0] and os.listdir(tmp_path) == ["held.pt"]


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs /proc")
@pytest.mark.parametrize("loader", [nn.load, glass_load])
def test_a_proc_file_whose_size_says_0_is_read_and_named_as_no_checkpoint(loader, tmp_path):
    with pytest.raises(ValueError, match="neither a .npz archive nor a safetensors file"):  # (PyTorch: IndexError)
        loader("/proc/self/status")
    (tmp_path / "empty.pt").write_bytes(b"")
    with pytest.raises(EOFError, match="empty \\(0 bytes\\)"):
        loader(tmp_path / "empty.pt")
