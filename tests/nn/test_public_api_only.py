"""nn/, optim/, tools/ and glassgrad/ use Tensor's public API only: no `x._data`, `x._ctx`, `x._version`
or other private state of a Tensor (autograd/tensor.py names it in __slots__ and class attributes), and
no private helper imported from autograd's core (bump_version, version_counter)."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("nn", "optim", "tools", "glassgrad")
FILES = sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))


def tensor_private_names():
    """The private attributes a Tensor has: its slots and the class attributes that start with _."""
    tree = ast.parse((ROOT / "autograd" / "tensor.py").read_text(encoding="utf-8"))
    tensor = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "Tensor")
    names = set()
    for statement in tensor.body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name) and name.id.startswith("_") and not name.id.startswith("__"):
                        names.add(name.id)
            if any(isinstance(t, ast.Name) and t.id == "__slots__" for t in statement.targets):
                names |= {e.value for e in statement.value.elts if e.value.startswith("_") and not e.value.startswith("__")}
    return names


PRIVATE = tensor_private_names()


def test_the_private_names_are_found():
    assert {"_data", "_ctx", "_counter", "_grad", "_requires_grad", "_base"} <= PRIVATE


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_only_the_public_tensor_api_is_used(path):
    problems = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in PRIVATE:
            if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                problems.append(f"line {node.lineno}: .{node.attr}")
        if isinstance(node, ast.ImportFrom) and any(a.name in ("bump_version", "version_counter") for a in node.names):
            problems.append(f"line {node.lineno}: imports a private helper of autograd's core")
    assert not problems, problems
