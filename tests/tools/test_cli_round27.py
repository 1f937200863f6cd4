"""hostile27c U1/U2: file mode refuses a symbolic-link loop (as the input file or as -o) and a source file named
x.pyc as bad usage: one line, exit 2, as a missing file, a folder or a FIFO is, and before the file runs."""
import pytest

BUILD = "import autograd\ndef build():\n    x = autograd.tensor([1., 2.], requires_grad=True)\n    return (x * x).sum()\n"
RAN = "open('ran.txt', 'w').write('imported')\n"  # (a file that says when it was imported)


def assert_refused(done, *phrases):
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().count("\n") == 0 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("autograd-viz: error: ")
    for phrase in phrases:
        assert phrase in done.stderr


def two_link_loop(folder, first, second):
    (folder / first).symlink_to(second)
    (folder / second).symlink_to(first)


@pytest.mark.parametrize("links", [("l1.py", "l2.py"), ("self.py", None)])
def test_an_input_file_that_is_a_symbolic_link_loop_is_refused(cli, tmp_path, links):
    first, second = links
    if second:
        two_link_loop(tmp_path, first, second)
    else:
        (tmp_path / first).symlink_to(first)
    assert_refused(cli("file", f"{first}:build", "-o", "g.svg"), f"{first}: a symbolic link that loops")
    assert not (tmp_path / "g.svg").exists()


@pytest.mark.parametrize("mode", [["file", "ok.py:build"], ["expr", "x*2", "-v", "x=1"], ["model", "mlp"]])
def test_an_output_that_is_a_symbolic_link_loop_is_refused_before_anything_runs(cli, tmp_path, mode):
    (tmp_path / "ok.py").write_text(RAN + BUILD)
    two_link_loop(tmp_path, "o1.svg", "o2.svg")
    assert_refused(cli(*mode, "-o", "o1.svg"), "cannot write", "o1.svg", "symbolic link that loops")
    assert not (tmp_path / "ran.txt").exists()


def test_a_dangling_link_as_output_is_still_written_through(cli, tmp_path):
    (tmp_path / "ok.py").write_text(BUILD)
    (tmp_path / "out.svg").symlink_to("target.svg")
    done = cli("file", "ok.py:build", "-o", "out.svg")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "target.svg").read_text().lstrip().startswith("<")


@pytest.mark.parametrize("name", ["x.pyc", "x.pyo", "x.so"])
def test_a_source_file_not_named_py_is_refused_without_running(cli, tmp_path, name):
    (tmp_path / name).write_text(RAN + BUILD)
    assert_refused(cli("file", f"{name}:build", "-o", "g.svg"), f"{name}: not a Python file")
    assert not (tmp_path / "ran.txt").exists()


def test_a_py_file_still_runs(cli, tmp_path):
    (tmp_path / "x.py").write_text(BUILD)
    done = cli("file", "x.py:build", "-o", "g.svg")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "g.svg").read_text().lstrip().startswith("<")


@pytest.mark.parametrize("suffix", ["svg", "html", "dot"])
def test_an_output_that_is_a_hard_link_to_the_file_being_run_is_refused(cli, tmp_path, suffix):
    """(hostile28c S1: the guard compared resolved paths, which a hard link passes: the drawing replaced the code)"""
    (tmp_path / "model.py").write_text(BUILD)
    (tmp_path / f"hard.{suffix}").hardlink_to(tmp_path / "model.py")
    assert_refused(cli("file", "model.py:build", "-o", f"hard.{suffix}"), "is the file being run")
    assert (tmp_path / "model.py").read_text() == BUILD
