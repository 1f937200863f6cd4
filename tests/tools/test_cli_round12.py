"""hostile12a's CLI findings: a user function that calls sys.exit, `-o -`, and --sizes with a model other than mlp."""
import textwrap

import pytest

from tools.viz_cli.main import main


def user_file(tmp_path, body):
    path = tmp_path / "user.py"
    path.write_text(textwrap.dedent(body))
    return f"{path}:build"


@pytest.mark.parametrize("call", ["sys.exit(0)", "sys.exit(5)", "sys.exit('bye')", "sys.exit()", "raise SystemExit(2)"])
def test_a_user_function_calling_sys_exit_is_a_failure_with_a_message(tmp_path, capsys, call):
    target = user_file(tmp_path, f"""
        import sys
        def build():
            {call}
    """)
    assert main(["file", target, "-o", str(tmp_path / "out.svg")]) == 1
    err = capsys.readouterr().err
    assert "called sys.exit(" in err and "nothing was written" in err
    assert not (tmp_path / "out.svg").exists()


def test_sys_exit_at_import_of_the_user_file_is_a_failure_too(tmp_path, capsys):
    target = user_file(tmp_path, """
        import sys
        sys.exit(3)
    """)
    assert main(["file", target, "-o", str(tmp_path / "out.svg")]) == 1
    err = capsys.readouterr().err
    assert "called sys.exit(3)" in err and "while it was imported" in err  # (not blamed on build(): hostile24c U4)
    assert f"{target}()" not in err


def test_a_working_user_function_still_draws(tmp_path):
    target = user_file(tmp_path, """
        import autograd
        def build():
            return autograd.tensor([1.0, 2.0], requires_grad=True).sum()
    """)
    assert main(["file", target, "-o", str(tmp_path / "out.dot")]) == 0
    assert (tmp_path / "out.dot").read_text().startswith("digraph")


@pytest.mark.parametrize("command", [["expr", "x*2", "-v", "x=1"], ["model", "mlp"]])
def test_output_to_standard_output_is_refused_clearly(tmp_path, capsys, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    assert main([*command, "-o", "-", "-f", "dot"]) == 2
    assert "standard output is not supported" in capsys.readouterr().err
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("name", ["cnn", "rnn", "attention"])
def test_sizes_with_a_model_other_than_mlp_is_refused(tmp_path, capsys, name):
    assert main(["model", name, "--sizes", "2,4,1", "-o", str(tmp_path / "m.dot")]) == 2
    assert "--sizes" in capsys.readouterr().err and not (tmp_path / "m.dot").exists()


def test_sizes_of_mlp_is_used_and_defaults(tmp_path):
    assert main(["model", "mlp", "--sizes", "3,5,1", "-o", str(tmp_path / "a.dot")]) == 0
    assert main(["model", "mlp", "-o", str(tmp_path / "b.dot")]) == 0
    assert "(5, 3) float32" in (tmp_path / "a.dot").read_text()
    assert "(16, 2) float32" in (tmp_path / "b.dot").read_text()
    assert main(["model", "cnn", "-o", str(tmp_path / "c.dot")]) == 0
