"""The row-by-row check of log-softmax's backward pass, where cross-entropy's gradient is formed.

log_softmax(x) = s − log Σ exp(s), with s = x − m and m = max x along the dim (a constant the code names
'max over dim d', autograd/functional/reductions.py). At the backward step of s = x − m, x receives its
whole gradient, which the chain rule through log_softmax makes

    dx = g − softmax(x) · Σ g      (g: the gradient of log_softmax's output, Σ along the dim)

and for cross-entropy, where g = −one-hot / N (the mean over N rows), dx = (softmax − one-hot) / N. The check
puts both sides side by side for each row of a 2-D x (N, C) with dim 1, so a learner can see it hold."""
import numpy as np

from ..functional.reductions import shift_name
from ..primitives import Sub
from .walk import drawn_inputs

MAX_ROWS = 32  # rows shown; a larger batch shows its first rows


def row_check(step, grads, ids):
    """The check for `step` as the page shows it ("check": title, formula, columns, rows), or None where the
    step is not the x − m of a log_softmax over dim 1 of a 2-D x."""
    found = _log_softmax_at(step, ids)
    if found is None:
        return None
    x, log_probs = found
    g, shown = grads.get(id(log_probs)), step.inputs[0].grad
    if g is None or shown is None or x._data.ndim != 2:
        return None
    p = _softmax_rows(x._data.astype(np.float64))
    expected = g - p * g.sum(axis=1, keepdims=True)
    tolerance = 1e-4 if x._data.dtype == np.float32 else 1e-9
    ok = np.isclose(expected, shown, rtol=tolerance, atol=tolerance * max(1.0, float(np.abs(expected).max())))
    one_hot, n = _one_hot(g)
    name, write = ids.name(x), ids.values
    rule = (f"log_softmax's backward: d({name}) = G − softmax({name}) · ΣG per row, "
            f"G = the gradient of its output {ids.name(log_probs)}")
    if one_hot is not None:
        title = f"row by row: softmax − one-hot, for {name}"
        formula = f"{rule}; here G = −one-hot / {n:g} (cross-entropy's mean), so d({name}) = (softmax − one-hot) / {n:g}"
        columns = ["row", "softmax", "one-hot", f"(softmax − one-hot) / {n:g}", "gradient", ""]
        sides = [p, one_hot, expected]
    else:
        title = f"row by row: log_softmax's backward, for {name}"
        formula = rule
        columns = ["row", "softmax", "G", "G − softmax · ΣG", "gradient", ""]
        sides = [p, g, expected]
    rows = [[str(r)] + [", ".join(write(side[r])) for side in sides] + [", ".join(write(shown[r])),
            "✓" if ok[r].all() else "✗"] for r in range(min(len(p), MAX_ROWS))]
    return {"title": title, "formula": formula, "columns": columns, "rows": rows, "holds": bool(ok.all())}


def _log_softmax_at(step, ids):
    """(x, log_softmax's output) when `step` is the x − m of a log_softmax along dim 1, else None."""
    node = step.node
    inputs = drawn_inputs(node)
    if not isinstance(node, Sub) or inputs is None or len(inputs) != 2:
        return None
    x, m = inputs
    if m._ctx is not None or getattr(m, "name", None) != shift_name(1) or x._data.ndim != 2:
        return None
    shifted = ids.output_of[id(node)]
    for made in ids.naming.readers.get(id(shifted), []):
        made_inputs = drawn_inputs(made._ctx)
        if isinstance(made._ctx, Sub) and made_inputs[0] is shifted and made_inputs[1]._ctx is not None:
            return x, made
    return None


def _softmax_rows(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _one_hot(g):
    """(one-hot, N) when every row of g is −one-hot / N for one N, else (None, None)."""
    nonzero = g != 0
    if not np.all(nonzero.sum(axis=1) == 1):
        return None, None
    values = g[nonzero]
    if not np.allclose(values, values[0]) or values[0] >= 0:
        return None, None
    return nonzero.astype(np.float64), float(np.round(-1.0 / values[0], 6))
