"""L-BFGS (PyTorch's torch.optim.LBFGS): a quasi-Newton method that keeps the last `history_size` steps
s = Δθ and gradient changes y = Δg, and turns the gradient into a direction d ≈ −H⁻¹g with them.

Each call of step(closure) runs up to max_iter iterations (at most max_eval evaluations of closure):
    first iteration:  d = −g,  t = min(1, 1/Σ|g|)·lr
    then:             (s, y) = (t·d, g − g_prev) joins the history when y·s > 1e-10, H₀ = y·s / y·y, and
                      the two-loop recursion gives d = −H g from it;  t = lr
    θ ← θ + t·d  (t from a strong-Wolfe line search with line_search_fn='strong_wolfe')
and stops early when max|g| ≤ tolerance_grad, when g·d > −tolerance_change, or when the step (max|t·d|)
or the change of the loss falls below tolerance_change. The vectors are the parameters' gradients joined
into one NumPy array, so the update, like every optimizer's, records no graph.
"""
from collections.abc import Mapping

import numpy as np

from autograd import enable_grad, no_grad
from autograd.graph import increment_version

from .optimizer import Optimizer, _numbers, _restored, _writable_array, weak


class LBFGS(Optimizer):
    """L-BFGS (see the module's docstring). One parameter group only, as in PyTorch; step needs a closure
    that zeroes the gradients, recomputes the loss, calls backward and returns the loss."""

    own_state = ("d", "t", "old_dirs", "old_stps", "ro", "prev_flat_grad", "prev_loss", "n_iter", "func_evals")  # (the state its step keeps as NumPy arrays)

    def __init__(self, params, lr=1, max_iter=20, max_eval=None, tolerance_grad=1e-7, tolerance_change=1e-9,
                 history_size=100, line_search_fn=None):
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        defaults = dict(lr=lr, max_iter=max_iter, max_eval=max_eval, tolerance_grad=tolerance_grad,
                        tolerance_change=tolerance_change, history_size=history_size, line_search_fn=line_search_fn)
        super().__init__(params, defaults)
        if len(self.param_groups) != 1:
            raise ValueError("LBFGS doesn't support per-parameter options (parameter groups)")
        self._params = self.param_groups[0]["params"]

    def load_state_dict(self, state_dict):
        """As Optimizer's, also for a state in PyTorch's layout: the history old_dirs, old_stps (lists of flat
        vectors), ro (a list of numbers), H_diag and t, as tensors, are read as the arrays and numbers this step
        keeps, each checked to have the flat length (or to be one number) and cast to the parameters' dtype."""
        if isinstance(state_dict, Mapping) and isinstance(state_dict.get("state"), Mapping):
            state_dict = {**state_dict, "state": {index: self._in_own_layout(index, saved)
                                                  for index, saved in state_dict["state"].items()}}
        super().load_state_dict(state_dict)

    def _in_own_layout(self, index, saved):
        if not isinstance(saved, Mapping):
            return saved  # (refused by Optimizer.load_state_dict)
        param, flat = self._params[0], self._state_shape(None)
        saved = dict(saved)
        for key in ("old_dirs", "old_stps"):
            if isinstance(saved.get(key), (list, tuple)):
                saved[key] = [_restored(value, param, flat, key, index) for value in saved[key]]
        if isinstance(saved.get("ro"), (list, tuple)):
            saved["ro"] = [_number(_restored(value, param, (), "ro", index)) for value in saved["ro"]]
        for key in ("H_diag", "t", "prev_loss"):  # (PyTorch's first step length t is a tensor)
            if key in saved:
                saved[key] = _number(_restored(saved[key], param, (), key, index))
        return saved

    # ----- the parameters as one flat vector -----

    def _state_shape(self, param):
        """The state (d, prev_flat_grad, ...) is kept under the first parameter, as flat vectors over all of them."""
        return (sum(p.numel() for p in self._params),)

    def _flat_grad(self):
        return np.concatenate([np.zeros(p.numel(), p.dtype) if p.grad is None else p.grad.detach().numpy().ravel()
                               for p in self._params])

    def _add_step(self, t, d):
        """θ ← θ + t·d, written into the parameters' own arrays."""
        offset = 0
        for p in self._params:
            array = _writable_array(p)
            array += (t * d[offset : offset + array.size]).reshape(array.shape).astype(array.dtype, copy=False)
            increment_version(p)
            offset += array.size

    def _evaluate(self, closure):
        with enable_grad():
            loss = closure()
        return float(loss), self._flat_grad()

    # ----- one step -----

    def step(self, closure):
        """Run up to max_iter L-BFGS iterations; returns the loss closure gave at the start."""
        if closure is None:
            raise RuntimeError("LBFGS.step needs a closure that recomputes the loss (and calls backward)")
        self._opt_called = True
        group = _numbers(self.param_groups[0])
        state = self.state.setdefault(self._params[0], {})
        self._own_state_as_arrays(self._params[0], state)  # (tensors a subclass overriding step() loaded)
        state.setdefault("func_evals", 0)
        state.setdefault("n_iter", 0)
        with enable_grad():
            orig_loss = closure()
        loss, flat_grad = float(orig_loss), self._flat_grad()
        state["func_evals"] += 1
        if np.abs(flat_grad).max() <= group["tolerance_grad"]:
            return orig_loss
        with no_grad():
            self._iterate(closure, group, state, loss, flat_grad)
        return orig_loss

    def _iterate(self, closure, group, state, loss, flat_grad):
        lr, max_iter, tolerance_change = group["lr"], group["max_iter"], group["tolerance_change"]
        current_evals, n_iter = 1, 0
        while n_iter < max_iter:
            n_iter += 1
            state["n_iter"] += 1
            d = self._direction(state, flat_grad, group["history_size"])
            state["prev_flat_grad"], state["prev_loss"] = flat_grad.copy(), loss
            prev_loss = loss
            t = min(1.0, 1.0 / np.abs(flat_grad).sum()) * weak(lr) if state["n_iter"] == 1 else weak(lr)
            gtd = flat_grad.dot(d)
            state["d"], state["t"] = d, t
            if gtd > -tolerance_change:
                break
            if group["line_search_fn"] is not None:
                if group["line_search_fn"] != "strong_wolfe":
                    raise RuntimeError("only 'strong_wolfe' is supported")
                loss, flat_grad, t, evals = _strong_wolfe(
                    lambda step, d=d: self._directional_evaluate(closure, step, d), t, d, loss, flat_grad, gtd,
                    max_ls=group["max_eval"] - current_evals)
                state["t"] = t
                self._add_step(t, d)
            else:
                self._add_step(t, d)
                evals = 0
                if n_iter != max_iter:
                    loss, flat_grad = self._evaluate(closure)
                    evals = 1
            current_evals += evals
            state["func_evals"] += evals
            if (n_iter == max_iter or current_evals >= group["max_eval"]
                    or np.abs(flat_grad).max() <= group["tolerance_grad"]
                    or np.abs(d * t).max() <= tolerance_change or abs(loss - prev_loss) < tolerance_change):
                break

    def _direction(self, state, flat_grad, history_size):
        """−g on the first iteration; afterwards −H g by the two-loop recursion over the kept (s, y) pairs."""
        if state["n_iter"] == 1:
            state.update(old_dirs=[], old_stps=[], ro=[], H_diag=1)
            return -flat_grad
        y, s = flat_grad - state["prev_flat_grad"], state["d"] * state["t"]
        ys = y.dot(s)
        if ys > 1e-10:
            if len(state["old_dirs"]) == history_size:
                for key in ("old_dirs", "old_stps", "ro"):
                    state[key].pop(0)
            state["old_dirs"].append(y)
            state["old_stps"].append(s)
            state["ro"].append(1.0 / ys)
            state["H_diag"] = ys / y.dot(y)
        old_dirs, old_stps, ro = state["old_dirs"], state["old_stps"], state["ro"]
        alphas = state.setdefault("al", [None] * history_size)  # (PyTorch keeps the two-loop's α in the state)
        q = -flat_grad
        for i in reversed(range(len(old_dirs))):
            alphas[i] = old_stps[i].dot(q) * ro[i]
            q = q - alphas[i] * old_dirs[i]
        r = q * state["H_diag"]
        for i in range(len(old_dirs)):
            beta = old_dirs[i].dot(r) * ro[i]
            r = r + (alphas[i] - beta) * old_stps[i]
        return r

    def _directional_evaluate(self, closure, t, d):
        """The loss and gradient at θ + t·d, with θ put back afterwards."""
        saved = [p.detach().numpy().copy() for p in self._params]
        self._add_step(t, d)
        loss, flat_grad = self._evaluate(closure)
        for p, values in zip(self._params, saved, strict=True):
            _writable_array(p)[...] = values
            increment_version(p)
        return loss, flat_grad


def _number(value):
    """A 0-d array as its NumPy scalar, as the step computes ro and H_diag; anything else as it is."""
    return value[()] if isinstance(value, np.ndarray) else value


def _cubic_minimum(x1, f1, g1, x2, f2, g2, bounds=None):
    """The minimiser of the cubic through (x1, f1) and (x2, f2) with slopes g1, g2, clamped to bounds (by default
    [min(x1, x2), max(x1, x2)]); the middle of the bounds when the cubic has no minimum."""
    low, high = bounds if bounds is not None else (min(x1, x2), max(x1, x2))
    d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    d2_square = d1 ** 2 - g1 * g2
    if d2_square < 0:
        return (low + high) / 2.0
    d2 = np.sqrt(d2_square)
    if x1 <= x2:
        position = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
    else:
        position = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
    return min(max(position, low), high)


def _strong_wolfe(evaluate, t, d, f, g, gtd, c1=1e-4, c2=0.9, tolerance_change=1e-9, max_ls=25):
    """A step t along d satisfying the strong Wolfe conditions, f(t) ≤ f + c1·t·g·d and |g(t)·d| ≤ −c2·g·d: first
    a bracket is found by growing t (cubic extrapolation), then narrowed (cubic interpolation, the zoom).
    Returns (loss, gradient, t, evaluations)."""
    search = _Bracket(f, g, gtd, c1, c2, evaluate, d)
    done, iteration = search.find(t, max_ls)
    if not done:
        search.zoom(iteration, tolerance_change, max_ls)
    low = search.low
    return search.f[low], search.g[low], search.t[low], search.evals


class _Bracket:
    """The strong Wolfe line search's state: an interval of steps t (with their losses f, gradients g and
    slopes gtd along d) known to hold a point that satisfies the conditions, and which end is lower."""

    def __init__(self, f, g, gtd, c1, c2, evaluate, d):
        self.f0, self.g0, self.gtd0, self.c1, self.c2 = f, g, gtd, c1, c2
        self.evaluate, self.d, self.evals = evaluate, d, 0

    def _trial(self, t):
        f_new, g_new = self.evaluate(t)
        self.evals += 1
        return f_new, g_new, g_new.dot(self.d)

    def _sufficient(self, t, f_new):
        return f_new <= self.f0 + self.c1 * t * self.gtd0

    def _curvature(self, gtd_new):
        return abs(gtd_new) <= -self.c2 * self.gtd0

    def find(self, t, max_ls):
        """Grow t until [t_prev, t] brackets a good step, or t is one (done); returns (done, iterations)."""
        f_new, g_new, gtd_new = self._trial(t)
        t_prev, f_prev, g_prev, gtd_prev = 0, self.f0, self.g0, self.gtd0
        for iteration in range(max_ls):
            if not self._sufficient(t, f_new) or (iteration > 1 and f_new >= f_prev):
                self._set([t_prev, t], [f_prev, f_new], [g_prev, g_new.copy()], [gtd_prev, gtd_new])
                return False, iteration
            if self._curvature(gtd_new):
                self._set([t], [f_new], [g_new], [gtd_new])
                return True, iteration
            if gtd_new >= 0:
                self._set([t_prev, t], [f_prev, f_new], [g_prev, g_new.copy()], [gtd_prev, gtd_new])
                return False, iteration
            step = _cubic_minimum(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, bounds=(t + 0.01 * (t - t_prev), t * 10))
            t_prev, f_prev, g_prev, gtd_prev, t = t, f_new, g_new.copy(), gtd_new, step
            f_new, g_new, gtd_new = self._trial(t)
        self._set([0, t], [self.f0, f_new], [self.g0, g_new], [self.gtd0, gtd_new])
        return False, max_ls

    def _set(self, t, f, g, gtd):
        self.t, self.f, self.g, self.gtd = t, f, g, gtd
        self.low = 0 if f[0] <= f[-1] else 1

    def zoom(self, iteration, tolerance_change, max_ls):
        """Narrow the bracket until its lower end satisfies both conditions."""
        insufficient_progress, d_norm = False, np.abs(self.d).max()
        while iteration < max_ls:
            if abs(self.t[1] - self.t[0]) * d_norm < tolerance_change:
                return
            t = _cubic_minimum(self.t[0], self.f[0], self.gtd[0], self.t[1], self.f[1], self.gtd[1])
            t, insufficient_progress = self._kept_inside(t, insufficient_progress)
            f_new, g_new, gtd_new = self._trial(t)
            iteration += 1
            high = 1 - self.low
            if not self._sufficient(t, f_new) or f_new >= self.f[self.low]:
                self._replace(high, t, f_new, g_new.copy(), gtd_new)
                self.low = 0 if self.f[0] <= self.f[1] else 1
                continue
            if gtd_new * (self.t[high] - self.t[self.low]) >= 0 and not self._curvature(gtd_new):
                self._replace(high, self.t[self.low], self.f[self.low], self.g[self.low], self.gtd[self.low])
            self._replace(self.low, t, f_new, g_new.copy(), gtd_new)
            if self._curvature(gtd_new):
                return

    def _kept_inside(self, t, insufficient_progress):
        """PyTorch's safeguard: a trial step too close to an end of the bracket (within a tenth of its width)
        is moved inward, at once if the last trial made too little progress or t lies outside."""
        low, high = min(self.t), max(self.t)
        eps = 0.1 * (high - low)
        if min(high - t, t - low) >= eps:
            return t, False
        if insufficient_progress or t >= high or t <= low:
            return (high - eps if abs(t - high) < abs(t - low) else low + eps), False
        return t, True

    def _replace(self, end, t, f, g, gtd):
        self.t[end], self.f[end], self.g[end], self.gtd[end] = t, f, g, gtd
