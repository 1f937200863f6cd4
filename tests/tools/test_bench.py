"""tools.bench: the reference versions compute what glassgrad computes, and the table says what was measured.

The hand-written NumPy gradients and the loss written once for MyGrad and HIPS autograd are checked here
with NumPy itself as the namespace, against glassgrad's layers (whose gradients the engine tests check)."""
import importlib.util
import re
import sys

import numpy as np
import pytest

import autograd
import nn
from nn import functional as F
from tools.bench import __main__ as bench
from tools.bench import conv, lstm, mlp, overhead, worker
from tools.bench.common import Workload, median_time


def test_hand_written_convolution_matches_glassgrad():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 3, 6, 6))
    weight, bias = rng.standard_normal((4, 3, 3, 3)), rng.standard_normal(4)
    upstream = rng.standard_normal((2, 4, 6, 6))
    out, cache = conv.conv_forward(x, weight, bias)
    grad_x, grad_weight, grad_bias = conv.conv_backward(upstream, weight, cache)

    xt, wt, bt = (autograd.tensor(a, requires_grad=True) for a in (x, weight, bias))
    expected = F.conv2d(xt, wt, bt, padding=1)
    (expected * autograd.tensor(upstream)).sum().backward()
    np.testing.assert_allclose(out, expected.detach().numpy(), atol=1e-10)
    for mine, theirs in [(grad_x, xt), (grad_weight, wt), (grad_bias, bt)]:
        np.testing.assert_allclose(mine, theirs.grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(conv._conv(np, x, weight, bias), out, atol=1e-10)  # the MyGrad / HIPS version


def test_hand_written_pooling_matches_glassgrad():
    rng = np.random.default_rng(2)
    x, upstream = rng.standard_normal((2, 3, 4, 6)), rng.standard_normal((2, 3, 2, 3))
    out, is_max = conv.pool_forward(x)
    xt = autograd.tensor(x, requires_grad=True)
    expected = F.max_pool2d(xt, 2)
    (expected * autograd.tensor(upstream)).sum().backward()
    np.testing.assert_allclose(out, expected.detach().numpy())
    np.testing.assert_allclose(conv.pool_backward(upstream, is_max), xt.grad.numpy())
    np.testing.assert_allclose(conv._pool(np, x), out)


def test_hand_written_lstm_matches_glassgrad():
    rng = np.random.default_rng(3)
    length, batch, features, hidden = 4, 3, 5, 6
    inputs, upstream = rng.standard_normal((length, batch, features)), rng.standard_normal((length, batch, hidden))
    model = nn.LSTM(features, hidden).double()
    weights = [p.detach().numpy().copy() for p in model.parameters()]
    outputs, cache = lstm.lstm_forward(inputs, weights)
    grads = lstm.lstm_backward(upstream, inputs, weights, cache)

    expected, _ = model(autograd.tensor(inputs))
    (expected * autograd.tensor(upstream)).sum().backward()
    np.testing.assert_allclose(outputs, expected.detach().numpy(), atol=1e-12)
    for mine, param in zip(grads, model.parameters(), strict=True):
        np.testing.assert_allclose(mine, param.grad.numpy(), atol=1e-12)


def test_hand_written_million_chain_gives_the_engines_value_and_derivative(monkeypatch):
    monkeypatch.setattr(overhead, "MILLION", 1000)
    value, derivative = overhead.million_numpy()()
    x = autograd.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(1000):
        y = y * autograd.tensor(overhead.FACTOR)
    y.backward()
    assert value == y.item() and derivative == x.grad.item() and derivative > 1.00009


def test_numpy_style_losses_match_glassgrad_models():
    weights, x, y = mlp._problem(np.random.default_rng(0))
    h = autograd.tensor(x)
    for i in range(0, len(weights), 2):
        h = h @ autograd.tensor(weights[i]) + autograd.tensor(weights[i + 1])
        h = h.relu() if i < len(weights) - 2 else h
    assert mlp.loss(np, weights, x, y) == pytest.approx(F.cross_entropy(h, autograd.tensor(y)).item(), rel=1e-5)

    params, images, labels = conv._problem()
    model = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3, padding=1),
                          nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16 * 7 * 7, conv.CLASSES))
    model.load_state_dict(params)
    expected = F.cross_entropy(model(autograd.tensor(images)), autograd.tensor(labels)).item()
    assert conv.loss(np, list(params.values()), images, labels) == pytest.approx(expected, rel=1e-5)

    inputs, target, params = lstm._problem(np.random.default_rng(0))
    model = nn.LSTM(lstm.INPUT, lstm.HIDDEN)
    model.load_state_dict(params)
    expected = F.mse_loss(model(autograd.tensor(inputs))[0], autograd.tensor(target)).item()
    assert lstm.loss(np, list(params.values()), inputs, target) == pytest.approx(expected, rel=1e-5)


def test_median_time_pauses_the_collector_only_when_asked():
    import gc

    seen = []
    median_time(lambda: seen.append(gc.isenabled()), repeat=2, warmup=0)
    median_time(lambda: seen.append(gc.isenabled()), repeat=2, warmup=0, gc_paused=True)
    assert seen == [True, True, False, False] and gc.isenabled()


def test_worker_times_one_workload_in_its_own_process():
    answer = bench.run_worker(sys.executable, "overhead", 0, "glassgrad", threads=1)
    assert answer["seconds"] > 0 and answer["peak_mib"] > 1


@pytest.mark.skipif(importlib.util.find_spec("mygrad") is not None, reason="MyGrad is installed here")
def test_an_engine_that_is_not_installed_is_reported_not_fatal():
    assert "mygrad" in bench.run_worker(sys.executable, "mlp", 0, "mygrad", threads=1)["missing"]


def test_hips_worker_drops_this_repository_from_the_import_path(monkeypatch):
    monkeypatch.chdir(worker.ROOT)
    monkeypatch.setattr("sys.path", ["", str(worker.ROOT), str(worker.ROOT / "tools" / ".."), "/elsewhere"])
    worker._drop_repository_from_path()
    assert sys.path == ["/elsewhere"]


@pytest.mark.skipif(importlib.util.find_spec("autograd.numpy") is not None, reason="HIPS autograd is installed here")
def test_hips_missing_says_how_to_install_it():
    assert "--python hips=" in bench.run_worker(sys.executable, "mlp", 0, "hips", threads=1)["missing"]


def fake_results():
    fast = Workload("fast", {}, unit="us")
    slow = Workload("slow", {}, unit="s")
    results = {
        ("fast", "glassgrad"): [{"seconds": 2e-6, "peak_mib": 40.0, "version": "0.1"},
                                {"seconds": 4e-6, "peak_mib": 42.0, "version": "0.1"},
                                {"seconds": 3e-6, "peak_mib": 41.0, "version": "0.1"}],
        ("fast", "torch"): [{"seconds": 6e-6, "peak_mib": 300.0, "version": "2"}] * 3,
        ("slow", "glassgrad"): [{"seconds": 5.0, "peak_mib": 900.0, "version": "0.1"}] * 3,
        ("fast", "mygrad"): [{"missing": "No module named 'mygrad'"}] * 3,
    }
    return results, [fast, slow]


def test_table_gives_median_spread_memory_and_ratios_and_drops_engines_that_never_ran():
    results, workloads = fake_results()
    lines = bench.table(results, workloads, ["glassgrad", "numpy", "torch", "mygrad"]).splitlines()
    assert lines[0] == "| workload | glassgrad | PyTorch | glassgrad ÷ NumPy | glassgrad ÷ PyTorch |"
    assert lines[2] == "| fast | 3 µs (2–4), 42 MiB | 6 µs (6–6), 300 MiB | — | 0.50× (0.33–0.67) |"
    assert lines[3] == "| slow | 5 s (5–5), 900 MiB | — | — | — |"


def test_notes_name_versions_and_why_an_engine_did_not_run():
    results, _ = fake_results()
    text = bench.notes(results, bench.parse_args(["--rounds", "3"]))
    assert "glassgrad 0.1, PyTorch 2" in text and "3 round(s)" in text
    assert "MyGrad did not run: No module named 'mygrad'" in text


@pytest.mark.parametrize("argv, message", [
    (["nosuch"], "unknown case(s) nosuch"),
    (["--vs-torch", "overhead"], "unknown case(s) overhead; choose from per_op, scalar_chain"),
    (["--engines", "glassgrad,jax"], "unknown engine(s) jax"),
    (["--python", "hips"], "--python takes ENGINE=PATH"),
    (["--rounds", "0"], "must be at least 1"),
])
def test_bad_arguments_are_named(argv, message, capsys):
    with pytest.raises(SystemExit):
        bench.parse_args(argv)
    assert message in capsys.readouterr().err


def test_vs_torch_mode_reports_each_workload_with_ratio_spread_faults_and_memory(capsys):
    pytest.importorskip("torch")
    from tools.bench import models

    chosen = ["per_op", "vgg", "lstm"]  # every workload would take a dozen fresh processes for the memory
    bench.main(["--vs-torch", "--size", "tiny", "--rounds", "2", *chosen])
    lines = capsys.readouterr().out.strip().splitlines()
    assert "2 round(s) interleaved" in lines[0] and "1 BLAS thread" in lines[0]
    assert lines[2].startswith("| workload | glassgrad | PyTorch | glassgrad ÷ PyTorch |")
    rows = [line.split(" | ") for line in lines[4:]]
    assert [row[0].lstrip("| ") for row in rows[:-1]] == [models.WORKLOADS[name][0] for name in chosen]
    number = r"[0-9.e+-]+"
    for row in rows[:-1]:
        for time_cell in row[1:3]:
            assert re.fullmatch(rf"{number} (µs|ms|s) \({number}–{number}\)", time_cell)
        low, median, high = (float(x) for x in re.fullmatch(rf"({number})× \(({number})–({number})\)", row[3]).group(2, 1, 3))
        assert 0 < low <= median <= high
        assert re.fullmatch(r"\d+, \d+", row[4]) and re.fullmatch(r"\d+, \d+ \|", row[5])
    assert rows[-1][0] == "| peak memory, largest over the workloads" and rows[-1][1].endswith(" MiB")


@pytest.mark.parametrize("name", ["mlp", "conv", "vgg", "lstm"])
def test_vs_torch_workloads_train_the_same_model_in_both_engines(name):
    torch = pytest.importorskip("torch")
    from tools.bench import models

    build = models.WORKLOADS[name][1]
    losses = {}
    for engine, T in [("glassgrad", models.glassgrad_namespace()), ("torch", torch)]:
        step, _ = build(T, "tiny")
        losses[engine] = [step().item() for _ in range(3)]  # the later losses follow SGD updates
    np.testing.assert_allclose(losses["glassgrad"], losses["torch"], rtol=1e-4)
    assert losses["glassgrad"][0] != losses["glassgrad"][2]


def test_the_bare_loop_computes_the_engines_gradients():
    """tools/bench/bare_loop.py times a bare record-and-walk loop as the floor of a Python engine: it must
    compute what the engine computes (here tanh(y·w) chained, w reaching every node, and a broadcast)."""
    from autograd.primitives import Add, Mul, Sum, Tanh
    from tools.bench import bare_loop

    rng = np.random.default_rng(4)
    w0, b0 = rng.standard_normal(5).astype(np.float32), rng.standard_normal((3, 1)).astype(np.float32)
    w, b = bare_loop.Value(w0, requires_grad=True), bare_loop.Value(b0, requires_grad=True)
    y = w
    for _ in range(4):
        y = bare_loop.record(Tanh, bare_loop.record(Add, bare_loop.record(Mul, y, w), b))
    sums = bare_loop.backward(bare_loop.record(Sum, y))

    we, be = autograd.tensor(w0, requires_grad=True), autograd.tensor(b0, requires_grad=True)
    ye = we
    for _ in range(4):
        ye = autograd.tanh(ye * we + be)
    ye.sum().backward()
    np.testing.assert_allclose(sums[w], we.grad.numpy(), rtol=1e-6)
    np.testing.assert_allclose(sums[b], be.grad.numpy(), rtol=1e-6)
