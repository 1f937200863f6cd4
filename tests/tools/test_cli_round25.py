"""hostile25c C2: the CLI run from a working folder that no longer exists (a shell left in a removed folder): file
mode says so in one line and exits 2, without a traceback of the CLI's own frames; expr mode, which needs no
working folder for an absolute -o, still draws; a file whose import removes the working folder is still drawn
to the absolute -o."""
import subprocess

from .conftest import ROOT, command

BUILD = "import autograd\ndef build():\n    x = autograd.tensor([1., 2.], requires_grad=True)\n    return (x * x).sum()\n"


def run_in_removed_folder(folder, *args):
    """Run autograd-viz with `folder` as its working folder, removed just before the command starts."""
    folder.mkdir()
    script = 'cd "$0" && rmdir "$0" && exec "$@"'
    return subprocess.run(["sh", "-c", script, str(folder), *command(), *args], capture_output=True, text=True,
                          timeout=120, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
                          stdin=subprocess.DEVNULL)


def test_file_mode_from_a_removed_folder_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "m.py").write_text(BUILD)
    for output in (str(tmp_path / "g.svg"), "g.svg"):
        done = run_in_removed_folder(tmp_path / "gone", "file", f"{tmp_path / 'm.py'}:build", "-o", output)
        assert done.returncode == 2, done.stderr
        assert done.stderr.strip().count("\n") == 0 and "Traceback" not in done.stderr
        assert "working folder no longer exists" in done.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["m.py"]


def test_expr_mode_from_a_removed_folder_still_draws_to_an_absolute_output(tmp_path):
    done = run_in_removed_folder(tmp_path / "gone", "expr", "x*2", "-v", "x=1", "-o", str(tmp_path / "e.svg"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "e.svg").read_text().lstrip().startswith("<")


def test_a_file_whose_import_removes_the_working_folder_is_still_drawn(tmp_path):
    (tmp_path / "rm.py").write_text("import os\nos.rmdir(os.getcwd())\n" + BUILD)
    (tmp_path / "here").mkdir()
    done = subprocess.run([*command(), "file", f"{tmp_path / 'rm.py'}:build", "-o", str(tmp_path / "g.svg")],
                          cwd=tmp_path / "here", capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}, stdin=subprocess.DEVNULL)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert (tmp_path / "g.svg").is_file() and not (tmp_path / "here").exists()



def test_a_file_the_user_may_not_read_is_one_line_not_a_traceback(tmp_path, monkeypatch, capsys):
    import os

    from tools.viz_cli.main import main

    model = tmp_path / "model.py"
    model.write_text(BUILD)
    readable = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: False if str(path) == str(model) else readable(path, mode))
    assert main(["file", f"{model}:build", "-o", str(tmp_path / "g.svg")]) == 2
    error = capsys.readouterr().err
    assert "not readable" in error and "Traceback" not in error
