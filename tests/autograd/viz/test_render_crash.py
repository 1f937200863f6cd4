"""When the Graphviz program crashes (a segmentation fault on a very large graph: return code -11, or 139 through
a wrapper script, with nothing on stderr) the error says so and how to draw less (#19, round 7)."""
import importlib
import shutil

import pytest

render = importlib.import_module("autograd.viz.render")  # the module, not the function of that name


def fake_dot(tmp_path, monkeypatch, script):
    program = tmp_path / "dot"
    program.write_text("#!/bin/sh\n" + script + "\n")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:{shutil.which('sh').rsplit('/', 1)[0]}")
    monkeypatch.setenv("AUTOGRAD_VIZ_RENDERER", "dot")


@pytest.mark.parametrize("script", ["kill -SEGV $$", "exit 139"], ids=["killed by the signal", "wrapper's 139"])
def test_a_crash_is_named_with_advice(tmp_path, monkeypatch, script):
    fake_dot(tmp_path, monkeypatch, "cat > /dev/null; " + script)
    with pytest.raises(RuntimeError, match=r"dot crashed \(signal 11, SIGSEGV\) while laying out the graph\. "
                                           r"Draw fewer nodes: --max-nodes N .*max_nodes=N"):
        render.render("digraph { a }", "svg")


@pytest.mark.parametrize("script, message", [
    ("echo 'syntax error in line 1' >&2; exit 1", r"dot failed \(exit status 1\): syntax error in line 1"),
    ("exit 3", r"dot failed \(exit status 3\): no message"),
    ("echo 'out of memory' >&2; exit 137", r"dot failed \(exit status 137\): out of memory"),
])
def test_other_failures_keep_the_programs_message(tmp_path, monkeypatch, script, message):
    fake_dot(tmp_path, monkeypatch, "cat > /dev/null; " + script)
    with pytest.raises(RuntimeError, match=message):
        render.render("digraph { a }", "svg")
