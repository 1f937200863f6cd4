"""logcumsumexp's primitive: the running log-sum-exp along an axis, computed pairwise so that nothing overflows."""
import numpy as np

from ..function import Function
from .elementwise import Abs, Exp, Log, Where
from .shapes import GetItem


class LogCumsumExp(Function):
    """out_i = log Σ_{j ≤ i} exp(a_j) along axis;  da_j = Σ_{i ≥ j} g_i exp(a_j − out_i)

    The forward is np.logaddexp.accumulate (stable at ±1000); the rule is taken in log space as PyTorch's: the
    positive and the negative parts of g each through a reversed logcumsumexp, exp(a + revlogcumsumexp(log|g| −
    out)), then subtracted."""

    saves_output = True

    __slots__ = ("axis",)

    def __init__(self, axis):
        self.axis = axis

    def forward(self, a):
        wide = a.astype(np.float64) if a.dtype in (np.float16, np.float32) else a
        with np.errstate(invalid="ignore"):  # +inf after −inf... and NaN give NaN, as PyTorch's
            out = (0 + np.logaddexp.accumulate(wide, axis=self.axis)).astype(a.dtype, copy=False)  # (a −0 is +0)
        return np.asarray(out, order="C")  # row-major, as PyTorch's

    def backward(self, ops, g):
        a, = ops.inputs(self)
        out = ops.output(self)
        grad = ops.array(g)
        lowest = np.finfo(grad.dtype).min  # log 0 taken as the lowest number, not −inf (−inf − −inf is NaN)
        with np.errstate(divide="ignore"):
            log_abs = ops(Log, ops(Abs, g))
        reverse = (slice(None),) * self.axis + (slice(None, None, -1),)
        parts = []
        for sign in (grad > 0, grad < 0):
            with np.errstate(over="ignore"):  # the lowest number minus more is −inf: exp gives its 0
                log_part = ops(Where, log_abs, lowest, condition=sign) - out
                running = ops(GetItem, ops(LogCumsumExp, ops(GetItem, log_part, index=reverse), axis=self.axis),
                              index=reverse)
                parts.append(ops(Exp, running + a))
        return (parts[0] - parts[1],)

    def label(self):
        return f"logcumsumexp(dim={self.axis})"
