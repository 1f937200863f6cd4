"""Numbers as PyTorch prints them, and short text for a tensor's shape, data and grad.

PyTorch chooses one format for all the values of a tensor (torch/_tensor_str.py), looking at the
finite nonzero values:
  - all integral:  '2.'  (scientific if max/min > 1000 or max > 1e8)
  - otherwise:     '-1.5000' with `precision` decimals (scientific if max/min > 1000, max > 1e8
                   or min < 1e-4), scientific being '1.2346e-05'.
Integer and boolean tensors print as Python prints them.
"""
import math

import numpy as np

PRECISION = 4  # decimals, PyTorch's default (torch.set_printoptions(precision=4))
PREVIEW_VALUES = 4  # how many values of a non-scalar tensor are shown
BOX_VALUES = 2  # the values an explorer box shows of a larger tensor (its panel shows all): boxes stay narrow
SMALL_ARRAY = 256  # values up to which the format is chosen in plain Python (faster than NumPy there)


def number_format(array, precision=PRECISION):
    """A function that writes one value of `array` the way PyTorch would write it inside that tensor."""
    array = np.asarray(array)
    if array.dtype.kind != "f":
        return lambda value: str(value.item() if isinstance(value, np.generic) else value)
    magnitudes = _finite_magnitudes(array)
    if magnitudes is None:
        return _integral
    big, small, integral = magnitudes
    spread = big / small  # Python floats: 1e308 / 1e-308 is inf, without NumPy's overflow warning, as in PyTorch
    if integral:
        scientific = spread > 1000.0 or big > 1.0e8
        return (lambda value: f"{value:.{precision}e}") if scientific else _integral
    scientific = spread > 1000.0 or big > 1.0e8 or small < 1.0e-4
    return (lambda value: f"{value:.{precision}e}") if scientific else (lambda value: f"{value:.{precision}f}")


def _finite_magnitudes(array):
    """(largest, smallest, all integral) of the finite nonzero |values|, or None when there are none; in
    plain Python for a small array, where NumPy's calls cost more than the work."""
    if array.size <= SMALL_ARRAY:
        finite = [abs(v) for v in array.reshape(-1).tolist() if v != 0 and math.isfinite(v)]
        return (max(finite), min(finite), all(v == math.ceil(v) for v in finite)) if finite else None
    values = array.reshape(-1).astype(np.float64)
    finite = np.abs(values[np.isfinite(values) & (values != 0)])
    if finite.size == 0:
        return None
    return float(finite.max()), float(finite.min()), bool(np.all(finite == np.ceil(finite)))


def _integral(value):
    """'2.', PyTorch's form of an integral float; 'inf' and 'nan' without the dot."""
    text = f"{value:.0f}"
    return text if np.isinf(value) or np.isnan(value) else text + "."


def scalar_text(value, precision=PRECISION):
    """A single number, e.g. '-1.5000', '2.' or '1.0000e-05'."""
    return number_format(value, precision)(value)


def clean_number(text):
    """A number as the explorer's panel writes it: PyTorch's text without the zeros that say nothing:
    '6.' -> '6', '0.9900' -> '0.99', '-0.0000' -> '0', '1.0000e-05' -> '1e-05', '0.0000e+00' -> '0'."""
    mantissa, e, exponent = text.partition("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return "0" if mantissa in ("0", "-0", "") else mantissa + e + exponent


def clean_values(array, precision=PRECISION):
    """All the values of `array` in reading order, each as `clean_number` writes it (one format, PyTorch's choice)."""
    array = np.asarray(array)
    write = number_format(array, precision)
    return [clean_number(write(value)) for value in array.reshape(-1).tolist()]


def values_text(array, precision=PRECISION, count=PREVIEW_VALUES, clean=False):
    """A scalar alone; otherwise the first `count` values in reading order, all in one format
    (`clean`: each as clean_number writes it)."""
    array = np.asarray(array)
    pytorch = number_format(array, precision)
    write = (lambda value: clean_number(pytorch(value))) if clean else pytorch
    flat = array.reshape(-1)
    if flat.size == 1:
        return write(flat[0])
    shown = ", ".join(write(v) for v in flat[:count])
    return f"[{shown}, ...]" if flat.size > count else f"[{shown}]"


def box_values(array, precision=PRECISION):
    """The values an explorer's graph box writes: every value of a tensor of at most PREVIEW_VALUES, else the first
    BOX_VALUES, clean, in the format PyTorch would choose for the values shown: '[1, 2, 3]', '[0.5, -1, ...]'."""
    count = PREVIEW_VALUES if np.size(array) <= PREVIEW_VALUES else BOX_VALUES
    array = np.asarray(array)
    shown = array.reshape(-1)[:count] if array.size > count else array  # the format is chosen from these alone:
    text = values_text(shown, precision, count=count, clean=True)       # a tiny value further on does not make
    return text[:-1] + ", ...]" if array.size > count else text          # '0.3888' read '3.8878e-01'


def box_text(array, precision=PRECISION):
    """A gradient as the explorer's graph boxes write it: the first values, clean, then for a larger tensor its
    largest magnitude, so a gradient whose first values are 0 does not read as none: '[0, 0, ...]  max |·| 0.25'.
    (draw_graph's boxes keep values_text.)"""
    array = np.asarray(array)
    text = box_values(array, precision)
    if array.size <= PREVIEW_VALUES or array.dtype.kind not in "fc" or not np.isfinite(array).all():
        return text
    return f"{text}  max |·| {clean_number(scalar_text(np.abs(array).max(), precision))}"


def summary_text(array, precision=PRECISION, clean=False):
    """One line for a tensor of any size: the values of a small one; shape, first values and
    min / max / mean of a larger one (`clean`: numbers as clean_number writes them)."""
    array = np.asarray(array)
    if array.size <= PREVIEW_VALUES:
        return values_text(array, precision, clean=clean)
    stats = ""
    if array.dtype.kind == "f":
        low, high, mean = (scalar_text(v, precision) for v in (array.min(), array.max(), _mean(array)))
        if clean:
            low, high, mean = map(clean_number, (low, high, mean))
        stats = f"  min {low}  max {high}  mean {mean}"
    return f"shape {tuple(array.shape)}  {values_text(array, precision, clean=clean)}{stats}"


def _mean(array):
    """The mean, in float64 and as a sum of value / size, so that it overflows only where a value is
    infinite (NumPy's sum of [1e308] * 6 is inf); inf and -inf together give nan, without a warning."""
    with np.errstate(invalid="ignore"):
        return np.sum(array.astype(np.float64) / array.size)


def shape_text(array):
    """'(32, 2) float32', or 'scalar float64' for a 0-d array."""
    shape = "scalar" if array.ndim == 0 else str(tuple(array.shape))
    return f"{shape} {array.dtype}"
