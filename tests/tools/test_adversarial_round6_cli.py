"""Sixth adversarial pass (#19): autograd-viz's file mode with user code that fights back. The user's own
traceback is the only one: the tool itself never crashes after (or while reporting) the user's code."""
import textwrap

import pytest

USER_FILE = textwrap.dedent('''
    import sys

    import autograd


    def closes_stdout():
        sys.stdout.close()
        return (autograd.ones(2, requires_grad=True) * 2).sum()


    class Unprintable(Exception):
        def __str__(self):
            raise RuntimeError("no message")


    def raises_unprintable():
        raise Unprintable()


    def returns_torch_tensor():
        class Tensor:  # stands for torch.Tensor: a class named Tensor from another library
            pass
        Tensor.__module__ = "torch"
        return Tensor()
''')


@pytest.fixture
def user_file(tmp_path):
    (tmp_path / "hostile.py").write_text(USER_FILE)


def test_a_function_that_closes_stdout_still_gets_its_drawing(cli, tmp_path, user_file):
    """Was: the file was written, then `print("wrote ...")` crashed with ValueError: I/O operation on closed file."""
    result = cli("file", "hostile.py:closes_stdout", "-o", "g.dot")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and (tmp_path / "g.dot").stat().st_size > 100


def test_an_exception_whose_message_cannot_be_printed_is_reported_in_one_line(cli, user_file):
    """Was: the tool's own traceback (RuntimeError: no message) while formatting the user's exception."""
    result = cli("file", "hostile.py:raises_unprintable", "-o", "g.dot")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "autograd-viz: failed while running: Unprintable: <its message could not be printed: RuntimeError>")
    assert result.stderr.count("Traceback") == 1 and "hostile.py" in result.stderr  # the user's own


def test_a_tensor_of_another_library_is_named_with_its_module(cli, user_file):
    """Was: "returned Tensor; expected a Tensor" for a PyTorch tensor."""
    result = cli("file", "hostile.py:returns_torch_tensor", "-o", "g.dot")
    assert result.returncode == 2
    assert "returned torch.Tensor; expected a Tensor (glassgrad's autograd.Tensor)" in result.stderr
