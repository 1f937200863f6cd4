"""`autograd-viz model` and `autograd-viz file`."""
import os
import re
import textwrap

import pytest

from tools.viz_cli import main, models


def test_the_model_names_in_the_parser_are_the_built_in_models():
    assert set(main.MODELS) == {"mlp", "cnn", "rnn", "attention"}
    for name in main.MODELS:
        loss, params = models.build_model_loss(name, "2,4,1", seed=0)
        assert loss.shape == () and params


@pytest.mark.parametrize("name, clusters", [
    ("mlp", ["MLP", "fc1: Linear", "act1: Tanh", "fc2: Linear", "act2: Tanh", "fc3: Linear", "BCEWithLogitsLoss"]),
    ("cnn", ["CNN", "conv1: Conv2d", "act1: ReLU", "pool1: MaxPool2d", "conv2: Conv2d", "act2: ReLU",
             "flatten: Flatten", "fc: Linear", "CrossEntropyLoss", "cross_entropy", "log_softmax"]),
    ("rnn", ["SequenceRegressor", "lstm: LSTM", *(f"step {t}" for t in range(1, 6)), "head: Linear", "MSELoss"]),
    ("attention", ["AttentionClassifier", "attn: MultiheadAttention", "softmax", "out_proj: Linear", "head: Linear",
                   "CrossEntropyLoss", "cross_entropy", "log_softmax"]),
])
def test_each_model_is_drawn_clustered_by_module(cli, tmp_path, name, clusters):
    result = cli("model", name, "--backward", "-o", f"{name}.dot")
    assert result.returncode == 0, result.stderr
    dot = (tmp_path / f"{name}.dot").read_text()
    labels = re.findall(r'subgraph cluster_\d+ \{\n\t+label="([^"]+)"', dot)
    assert labels == clusters
    assert "grad " in dot and "<b>" in dot  # parameters are named and have grads


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_model_renders(cli, tmp_path, fmt):
    result = cli("model", "mlp", "--sizes", "2,16,16,1", "--collapse", "-o", f"mlp.{fmt}")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / f"mlp.{fmt}").stat().st_size > 1000


def test_max_nodes_caps_a_large_model(cli, tmp_path):
    result = cli("model", "rnn", "--max-nodes", "40", "-o", "rnn.dot")
    assert result.returncode == 0, result.stderr
    dot = (tmp_path / "rnn.dot").read_text()
    assert "more nodes" in dot and len(re.findall(r"^\t+(t|op|module)\d+ \[", dot, re.M)) == 40


@pytest.mark.parametrize("sizes", ["2,x,1", "2", "2,0,1", "2," + ",".join(["4"] * 20)])
def test_bad_sizes_exit_2(cli, sizes):
    result = cli("model", "mlp", "--sizes", sizes)
    assert result.returncode == 2 and "--sizes" in result.stderr


USER_FILE = textwrap.dedent('''
    import autograd
    import nn

    def build():
        x = autograd.tensor([1.0, 2.0], requires_grad=True)
        x.name = "x"
        return (x * x).sum()

    def build_model():
        model = nn.Linear(2, 1)
        return model(autograd.ones(3, 2)).mean(), model

    def broken():
        raise RuntimeError("my model is broken")

    def not_a_tensor():
        return 42
''')


@pytest.fixture
def user_file(tmp_path):
    path = tmp_path / "my_model.py"
    path.write_text(USER_FILE)
    return path


@pytest.mark.parametrize("fmt", ["svg", "png", "dot"])
def test_file_draws_the_returned_tensor(cli, tmp_path, user_file, fmt):
    result = cli("file", "my_model.py:build", "--backward", "-o", f"out.{fmt}")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / f"out.{fmt}").stat().st_size > 200


def test_file_names_parameters_from_a_returned_module(cli, tmp_path, user_file):
    assert cli("file", f"{user_file}:build_model", "-o", "out.dot").returncode == 0
    dot = (tmp_path / "out.dot").read_text()
    assert "<b>weight</b>" in dot and "<b>bias</b>" in dot


def test_file_help_says_it_runs_your_code(cli):
    assert "RUNS YOUR CODE" in cli("file", "--help").stdout


@pytest.mark.parametrize("target, code, message", [
    ("missing.py:build", 2, "no such file"),
    ("my_model.py:nothing", 2, "has no function 'nothing'"),
    ("my_model.py", 2, "expected FILE.py:FUNCTION"),
    ("my_model.py:broken", 1, "my model is broken"),
    ("my_model.py:not_a_tensor", 2, "returned int; expected a Tensor"),
])
def test_file_errors(cli, user_file, target, code, message):
    result = cli("file", target, "-o", "out.svg")
    assert result.returncode == code and message in result.stderr
    if code == 2:  # the CLI's own checks: one line, no traceback
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["__init__", "__new__", "__reduce__", "__reduce_ex__", "__repr__", "__eq__",
                                  "__class__", "__dir__", "__getattribute__", "__loader__", "__builtins__",
                                  "__spec__", "textwrap_not_imported", "print", "len"])
def test_a_name_the_file_does_not_define_is_no_function(user_file, name):
    """Only the file's own names are looked up, not the module type's methods (which a module object also has)."""
    from tools.viz_cli.errors import UsageError
    from tools.viz_cli.user_file import call_user_function
    with pytest.raises(UsageError, match=rf"has no function '{name}' \(its functions: build, build_model, broken, "
                                         r"not_a_tensor\)"):
        call_user_function(f"{user_file}:{name}")


def test_a_dunder_target_exits_2_with_one_line(cli, user_file):
    result = cli("file", "my_model.py:__init__", "-o", "out.svg")
    assert result.returncode == 2 and "has no function '__init__'" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_a_build_that_changes_directory_does_not_move_the_output(cli, tmp_path):
    """-o is where the user ran the command, even if their build() calls os.chdir (hostile23c S4)."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "wander.py").write_text(
        "import os\nimport autograd\n\n\ndef build():\n"
        f"    os.chdir({str(elsewhere)!r})\n"
        "    x = autograd.tensor([1.0, 2.0], requires_grad=True)\n    return (x * x).sum()\n")
    result = cli("file", "wander.py:build", "-o", "g.dot")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "g.dot").is_file() and not (elsewhere / "g.dot").exists()


REMOVES_ITS_FOLDER = ("import os\nimport shutil\nimport autograd\n\n\ndef build():\n"
                      "    here = os.getcwd()\n    os.chdir(os.path.dirname(here))\n    shutil.rmtree(here)\n"
                      "    x = autograd.tensor([1.0, 2.0], requires_grad=True)\n    return (x * x).sum()\n")


def test_a_build_that_removes_the_folder_it_ran_in_gets_a_one_line_error(cli, tmp_path):
    """-o g.dot was to go in that folder: nothing to write into, and no traceback of the CLI's own (hostile24c C3)."""
    (tmp_path / "remove.py").write_text(REMOVES_ITS_FOLDER)
    result = cli("file", "remove.py:build", "-o", "g.dot")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and "cannot write" in result.stderr and "g.dot" in result.stderr
    assert not tmp_path.exists() and not (tmp_path.parent / "g.dot").exists()


def test_a_build_that_removes_the_folder_it_ran_in_still_writes_an_output_elsewhere(cli, tmp_path_factory, tmp_path):
    kept = tmp_path_factory.mktemp("kept")
    (tmp_path / "remove.py").write_text(REMOVES_ITS_FOLDER)
    result = cli("file", "remove.py:build", "-o", str(kept / "g.dot"))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert (kept / "g.dot").is_file()


def test_a_fifo_given_as_the_file_is_named_for_what_it_is(cli, tmp_path):
    os.mkfifo(tmp_path / "fifo.py")
    result = cli("file", "fifo.py:build", "-o", "g.dot")
    assert result.returncode == 2 and "not a regular file" in result.stderr and "no such file" not in result.stderr
