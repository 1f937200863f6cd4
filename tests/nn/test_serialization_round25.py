"""hostile25c: save targets the user may not write or that name no file, and loads of what is not a file, against
PyTorch.

S1: a file the user made read-only (or a symbolic link to one) is refused, never replaced by the atomic rename
(which needs only the folder's permission). Tested as an ordinary user: as root both libraries write.
U1: '', 'x.pt/', 'x/.' are refused by the user's path, and no temporary file is made elsewhere.
U2: a file mounted on its own (the rename over it is EBUSY) is written in place.
H1: nn.load / torch.load of an int (a file descriptor) or another non-path is refused at once, the descriptor
neither read nor closed."""
import errno
import json
import os
import subprocess
import sys

import pytest

import autograd
import nn
from glassgrad.torch_stubs.serialization import load as glass_load
from glassgrad.torch_stubs.serialization import save as glass_save
from nn import serialization

torch = pytest.importorskip("torch")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LIBRARIES = {"glassgrad": (autograd, glass_save, glass_load), "torch": (torch, torch.save, torch.load)}

# Run in a child: imports first, then (as root) becomes the unprivileged user 65534, then saves over `target` in
# the working folder. Prints JSON: the error's type names and message, or "skip" when ids cannot be dropped.
CHILD = r"""
import json, os, sys
sys.path.insert(0, sys.argv[1])
if sys.argv[2] == "glassgrad":
    import glassgrad; glassgrad.install_as_torch()
import torch
os.chdir(sys.argv[3])
if os.geteuid() == 0:
    try:
        os.setgid(65534); os.setuid(65534)
    except OSError:
        print(json.dumps("skip")); sys.exit()
try:
    torch.save({"w": torch.full((2,), 7.0)}, sys.argv[4])
    print(json.dumps(None))
except Exception as error:
    print(json.dumps([[cls.__name__ for cls in type(error).__mro__], str(error)]))
"""


def save_as_ordinary_user(name, folder, target):
    result = subprocess.run([sys.executable, "-c", CHILD, ROOT, name, str(folder), target],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    if outcome == "skip":
        pytest.skip("cannot drop root's ids here")
    return outcome


def protected_checkpoint(lib, save, folder):
    os.chmod(folder, 0o777)  # the folder allows the rename; only the file's own mode protects it
    save({"w": lib.full((2,), 1.0)}, str(folder / "best.pt"))
    os.chmod(folder / "best.pt", 0o444)


# S1 -----------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["glassgrad", "torch"])
@pytest.mark.parametrize("target", ["best.pt", "link.pt"])
def test_a_read_only_checkpoint_is_refused_not_replaced(tmp_path, name, target):
    lib, save, load = LIBRARIES[name]
    protected_checkpoint(lib, save, tmp_path)
    os.symlink("best.pt", tmp_path / "link.pt")
    inode = os.stat(tmp_path / "best.pt").st_ino
    outcome = save_as_ordinary_user(name, tmp_path, target)
    assert outcome is not None, "the read-only file was written"
    classes, message = outcome
    assert "RuntimeError" in classes and "Permission denied" in message  # torch.save's type
    if name == "glassgrad":
        assert "PermissionError" in classes and target in message  # named by the user's own path
    assert load(str(tmp_path / "best.pt"))["w"].tolist() == [1.0, 1.0]
    assert os.stat(tmp_path / "best.pt").st_ino == inode and sorted(os.listdir(tmp_path)) == ["best.pt", "link.pt"]


@pytest.mark.parametrize("name", ["glassgrad", "torch"])
def test_a_writable_checkpoint_is_still_saved_over_by_an_ordinary_user(tmp_path, name):
    lib, save, load = LIBRARIES[name]
    protected_checkpoint(lib, save, tmp_path)
    os.chmod(tmp_path / "best.pt", 0o666)
    assert save_as_ordinary_user(name, tmp_path, "best.pt") is None
    assert load(str(tmp_path / "best.pt"))["w"].tolist() == [7.0, 7.0]


def test_nn_save_refuses_a_read_only_file_by_its_path(tmp_path, monkeypatch):
    """The refusal itself, in this process: open() for writing is refused as it is for an ordinary user."""
    path = tmp_path / "best.npz"
    nn.save({"w": autograd.ones(2)}, path)
    real_open = os.open

    def refusing_open(file, flags, *args):
        if os.fspath(file) == os.fspath(path) and flags & os.O_WRONLY:
            raise PermissionError(errno.EACCES, "Permission denied", file)
        return real_open(file, flags, *args)

    monkeypatch.setattr(os, "open", refusing_open)
    with pytest.raises(PermissionError, match="best.npz") as caught:
        nn.save({"w": autograd.zeros(2)}, path)
    assert isinstance(caught.value, RuntimeError) and ".tmp" not in str(caught.value)
    monkeypatch.undo()
    assert nn.load(path)["w"].tolist() == [1.0, 1.0] and os.listdir(tmp_path) == ["best.npz"]


def test_a_replaced_file_keeps_its_extended_attributes(tmp_path):
    path = tmp_path / "best.npz"
    nn.save({"w": autograd.ones(2)}, path)
    try:
        os.setxattr(path, "user.note", b"best so far")
    except (AttributeError, OSError):
        pytest.skip("no user extended attributes here")
    nn.save({"w": autograd.zeros(2)}, path)
    assert os.getxattr(path, "user.note") == b"best so far"
    assert nn.load(path)["w"].tolist() == [0.0, 0.0]


# U1 -----------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["glassgrad", "torch"])
@pytest.mark.parametrize("target", ["", "x.pt/", "new.pt/", "new/", "x.pt/.", "new/."])
def test_a_path_that_names_no_file_is_refused_by_that_path(tmp_path, monkeypatch, name, target):
    lib, save, _ = LIBRARIES[name]
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "x.pt").write_bytes(b"old")
    monkeypatch.chdir(folder)
    with pytest.raises(RuntimeError, match="invalid file name") as caught:
        save({"a": lib.ones(1)}, target)
    if name == "glassgrad":
        assert repr(target) in str(caught.value) and ".tmp" not in str(caught.value)
    assert os.listdir(tmp_path) == ["work"] and sorted(os.listdir(folder)) == ["x.pt"]
    assert (folder / "x.pt").read_bytes() == b"old"


def test_nn_save_refuses_a_path_that_names_no_file_with_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="invalid file name"):
        nn.save({"a": autograd.ones(1)}, str(tmp_path) + "/")


def test_a_failed_rename_names_the_users_path_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "ck.npz"
    nn.save({"w": autograd.ones(2)}, path)

    def failing_replace(source, target):
        raise OSError(errno.EXDEV, "Invalid cross-device link", source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="ck.npz") as caught:
        nn.save({"w": autograd.zeros(2)}, path)
    assert ".tmp" not in str(caught.value) and os.listdir(tmp_path) == ["ck.npz"]


# U2 -----------------------------------------------------------------------------------------------------------------

def test_a_file_that_cannot_be_renamed_over_is_written_in_place(tmp_path, monkeypatch):
    """A file mounted on its own: the rename over it is EBUSY, and torch.save's open(path, 'wb') writes it."""
    path = tmp_path / "ck.npz"
    nn.save({"w": autograd.ones(2)}, path)
    inode = os.stat(path).st_ino

    def busy_replace(source, target):
        raise OSError(errno.EBUSY, "Device or resource busy", source, target)

    monkeypatch.setattr(os, "replace", busy_replace)
    nn.save({"w": autograd.full((2,), 3.0)}, path)
    monkeypatch.undo()
    assert nn.load(path)["w"].tolist() == [3.0, 3.0]
    assert os.stat(path).st_ino == inode and os.listdir(tmp_path) == ["ck.npz"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mount --bind needs root")
@pytest.mark.parametrize("name", ["glassgrad", "torch"])
def test_a_bind_mounted_file_is_saved_into(tmp_path, name):
    lib, save, load = LIBRARIES[name]
    (tmp_path / "source.pt").write_bytes(b"old")
    (tmp_path / "mounted.pt").write_bytes(b"old")
    if subprocess.run(["mount", "--bind", str(tmp_path / "source.pt"), str(tmp_path / "mounted.pt")],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot bind-mount here")
    try:
        save({"w": lib.ones(2)}, str(tmp_path / "mounted.pt"))
        assert load(str(tmp_path / "source.pt"))["w"].tolist() == [1.0, 1.0]
    finally:
        subprocess.run(["umount", str(tmp_path / "mounted.pt")], check=True)
    assert sorted(os.listdir(tmp_path)) == ["mounted.pt", "source.pt"]


# H1 -----------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["glassgrad", "torch"])
def test_loading_a_file_descriptor_is_refused_and_leaves_it_open(tmp_path, name):
    lib, save, load = LIBRARIES[name]
    path = tmp_path / "ck.pt"
    save({"w": lib.ones(2)}, str(path))
    with open(path, "rb") as file:
        with pytest.raises(AttributeError):  # torch.load's type
            load(file.fileno())
        assert file.tell() == 0 and len(file.read()) == os.path.getsize(path)  # neither read nor closed


@pytest.mark.parametrize("name", ["glassgrad", "torch"])
@pytest.mark.parametrize("value", [0, True, 3.5, None, [1], object()])
def test_loading_what_is_neither_a_path_nor_a_file_is_refused_at_once(name, value):
    _, _, load = LIBRARIES[name]
    with pytest.raises(AttributeError):  # (0 is stdin: it is never read, so this cannot block)
        load(value)


def test_nn_load_names_what_it_was_given(tmp_path):
    with pytest.raises(TypeError, match=r"got int 0 .*os\.fdopen"):
        nn.load(0)
    with pytest.raises(TypeError, match="got NoneType None"):
        serialization.load(None)
