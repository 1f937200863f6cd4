"""Mish, Hardswish, Hardsigmoid, CELU, SELU, Softsign, Tanhshrink, Threshold and GLU as layers (formulas in
nn/functional/activations_extra.py)."""
from ..functional import activations_extra as F
from ..module import Module


class _Elementwise(Module):
    """An activation with an optional inplace flag: forward is `function(input, inplace)`."""

    function = None

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return type(self).function(input, inplace=self.inplace)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class Mish(_Elementwise):
    """y = x tanh(softplus(x))"""

    function = F.mish


class Hardswish(_Elementwise):
    """y = x · relu6(x + 3) / 6"""

    function = F.hardswish


class Hardsigmoid(_Elementwise):
    """y = relu6(x + 3) / 6"""

    function = F.hardsigmoid


class SELU(_Elementwise):
    """y = scale · (x if x > 0 else α (eˣ − 1))"""

    function = F.selu


class CELU(Module):
    """y = x if x > 0 else α (e^(x/α) − 1)"""

    def __init__(self, alpha=1.0, inplace=False):
        super().__init__()
        self.alpha, self.inplace = alpha, inplace

    def forward(self, input):
        return F.celu(input, self.alpha, self.inplace)

    def extra_repr(self):
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class Softsign(Module):
    """y = x / (1 + |x|)"""

    def forward(self, input):
        return F.softsign(input)


class Tanhshrink(Module):
    """y = x − tanh(x)"""

    def forward(self, input):
        return F.tanhshrink(input)


class Threshold(Module):
    """y = value if x ≤ threshold else x"""

    def __init__(self, threshold, value, inplace=False):
        super().__init__()
        self.threshold, self.value, self.inplace = threshold, value, inplace

    def forward(self, input):
        return F.threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self):
        return f"threshold={self.threshold}, value={self.value}" + (", inplace=True" if self.inplace else "")


class GLU(Module):
    """y = a σ(b), with a, b the two halves of x along dim"""

    def __init__(self, dim=-1):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.glu(input, self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"
