"""PyTorch computes log(0) = -inf, 0/0 = nan, exp(1000) = inf, inf - inf = nan without a word; NumPy warns
("RuntimeWarning: divide by zero encountered in log"). glassgrad's results are PyTorch's, so it prints
nothing either: NumPy's floating-point warnings raised while glassgrad's own code computes (forward passes,
backward rules, losses, optimizers) are ignored.

The filter matches the module where NumPy warns, so NumPy calls in the user's own code warn as before, and
it costs nothing per operation (np.errstate around each op would add about a third to a small op's time).
anomaly mode (autograd.detect_anomaly) is the way to find where a NaN or an infinity first appears.
"""
import warnings

FLOATING_POINT = r"(divide by zero|invalid value|overflow|underflow) encountered"
GLASSGRAD_MODULES = r"(autograd|nn|optim)(\.|$)"


def ignore_inside_glassgrad():
    warnings.filterwarnings("ignore", message=FLOATING_POINT, category=RuntimeWarning, module=GLASSGRAD_MODULES)


ignore_inside_glassgrad()
