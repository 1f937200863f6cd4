"""Nothing under nn/ defines a gradient by hand: every layer and loss is a composition of autograd
operations. Scans every .py file under nn/ for Function subclasses, `backward` definitions and
imports of autograd.primitives (where the hand-written derivatives live)."""
import ast
from pathlib import Path

import pytest

NN = Path(__file__).resolve().parents[2] / "nn"
FILES = sorted(NN.rglob("*.py"))


def violations(source):
    problems = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
                if name == "Function":
                    problems.append(f"class {node.name} subclasses autograd's Function (line {node.lineno})")
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == "backward":
            problems.append(f"defines backward (line {node.lineno})")
        if isinstance(node, ast.ImportFrom) and node.module and (
            "primitives" in node.module.split(".") or node.module in ("autograd.function", "function")
        ):
            problems.append(f"imports {node.module} (line {node.lineno})")
        if isinstance(node, ast.ImportFrom) and node.module == "autograd" and any(
            alias.name in ("primitives", "function", "Function") for alias in node.names
        ):
            problems.append(f"imports from autograd the primitives or Function (line {node.lineno})")
        if isinstance(node, ast.Import) and any(
            alias.name.startswith(("autograd.primitives", "autograd.function")) for alias in node.names
        ):
            problems.append(f"imports autograd's primitives or Function (line {node.lineno})")
    return problems


def test_the_scan_finds_nn_files():
    assert NN / "module.py" in FILES and len(FILES) > 10


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(NN)))
def test_no_gradient_is_defined_by_hand(path):
    assert violations(path.read_text()) == []


def test_the_scan_catches_each_kind_of_violation():
    source = (
        "from autograd.function import Function\n"
        "from autograd.primitives import Mul\n"
        "import autograd.primitives.elementwise\n"
        "from autograd import primitives\n"
        "class Square(Function):\n"
        "    def backward(self, grad, out):\n"
        "        return grad\n"
    )
    assert len(violations(source)) == 6
