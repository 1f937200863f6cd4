"""NumPy's floating-point RuntimeWarnings (log(0), 0/0, exp overflow, inf - inf) never reach the user from
glassgrad's own computations, as PyTorch prints nothing; the results are PyTorch's. The ops run in a fresh
interpreter started with `-W error::RuntimeWarning` (pytest's own warning capture would hide the filter), so
any warning left fails the run. The user's own NumPy calls still warn."""
import json
import math
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
ROOT = Path(__file__).resolve().parents[2]

BATTERY = """
import json, math, sys
import numpy as np
L = __import__(sys.argv[1])
VALUES = [0.0, -0.0, 1.0, -1.0, 2.0, -2.5, 0.5, math.inf, -math.inf, math.nan, 1e300, -1e300, 1e-300, 700.0, -700.0,
          1000.0, -1000.0]
UNARY = {
    "exp": lambda x: x.exp(), "log": lambda x: x.log(), "log1p": lambda x: x.log1p(), "sqrt": lambda x: x.sqrt(),
    "sin": lambda x: x.sin(), "cos": lambda x: x.cos(), "tanh": lambda x: x.tanh(), "sigmoid": lambda x: x.sigmoid(),
    "relu": lambda x: x.relu(), "abs": lambda x: x.abs(), "log2": lambda x: x.log2(), "log10": lambda x: x.log10(),
    "erf": lambda x: x.erf(), "asin": lambda x: x.asin(), "acos": lambda x: x.acos(), "atan": lambda x: x.atan(),
    "sinh": lambda x: x.sinh(), "cosh": lambda x: x.cosh(), "reciprocal": lambda x: 1 / x, "pow-1": lambda x: x ** -1,
    "pow2": lambda x: x ** 2, "pow3": lambda x: x ** 3, "rpow": lambda x: 2 ** x, "square": lambda x: x * x,
    "sign": lambda x: x.sign(), "floor": lambda x: x.floor(), "clamp": lambda x: x.clamp(-1, 1), "x-x": lambda x: x - x,
    "x/x": lambda x: x / x, "x*0": lambda x: x * 0, "softmax": lambda x: x.reshape(-1, 1).softmax(-1),
}
ROWS = {
    "sum": lambda x: x.sum(), "mean": lambda x: x.mean(), "std": lambda x: x.std(), "softmax": lambda x: x.softmax(-1),
    "log_softmax": lambda x: x.log_softmax(-1), "logsumexp": lambda x: x.logsumexp(-1),
    "cumsum": lambda x: x.cumsum(0), "cumprod": lambda x: x.cumprod(0), "amax": lambda x: x.amax(0),
}
PAIRS = [[0.0, 0.0], [math.inf, 1.0], [math.inf, -math.inf], [math.nan, 1.0], [1000.0, -1000.0], [-math.inf, -math.inf]]
BINARY = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b, "div": lambda a, b: a / b,
          "pow": lambda a, b: a ** b, "atan2": lambda a, b: a.atan2(b), "maximum": lambda a, b: L.maximum(a, b)}
out = {}
for name, f in UNARY.items():
    x = L.tensor(np.array(VALUES), requires_grad=True)
    y = f(x)
    if y.requires_grad:
        y.sum().backward()
    out[name] = y.detach().numpy().reshape(-1).tolist()
for name, f in ROWS.items():
    for i, pair in enumerate(PAIRS):
        x = L.tensor(np.array(pair), requires_grad=True)
        f(x).sum().backward()
        out[f"{name} {pair}"] = f(x).detach().numpy().reshape(-1).tolist()
for name, f in BINARY.items():
    a = L.tensor(np.repeat(VALUES, len(VALUES)), requires_grad=True)
    b = L.tensor(np.tile(VALUES, len(VALUES)), requires_grad=True)
    y = f(a, b)
    y.sum().backward()
    out[name] = y.detach().numpy().tolist()
print(json.dumps(out))
"""


def run(library, warnings="error::RuntimeWarning"):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, "-W", warnings, "-c", textwrap.dedent(BATTERY), library],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


def test_no_numpy_warning_escapes_and_the_values_are_pytorchs():
    ours = run("autograd")
    assert ours.returncode == 0, ours.stderr[-3000:]
    theirs = run("torch", warnings="default")
    assert theirs.returncode == 0, theirs.stderr[-3000:]
    ours, theirs = json.loads(ours.stdout), json.loads(theirs.stdout)
    for name, expected in theirs.items():
        np.testing.assert_allclose(np.array(ours[name]), np.array(expected), rtol=1e-6, atol=0, equal_nan=True,
                                   err_msg=name)


def test_the_users_own_numpy_still_warns():
    import autograd  # noqa: F401  (its filter is installed)

    with pytest.warns(RuntimeWarning, match="divide by zero"):
        np.log(np.zeros(1))


def test_sign_of_nan_is_zero_as_in_pytorch():
    import autograd

    values = [math.nan, -0.0, 0.0, -2.0, 3.0, math.inf]
    assert autograd.tensor(values).sign().tolist() == torch.tensor(values).sign().tolist()
    assert autograd.tensor([1, -2, 0]).sign().tolist() == [1, -1, 0]
