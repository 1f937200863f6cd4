"""Which tensors the explorer's page holds whole (every value of data and gradient), within a budget that
keeps the page small, and how it holds them; the rest are summarised (shape, first values, min / max / mean)
and the page says so.

A whole float32 tensor travels as the integers its printed digits make ("encoded"), in base64, and the page
writes them back as text (tensor_view.js, `pageValues`), the very text `preview.clean_values` writes:
  fixed (PyTorch's '-0.0123', or '2.' for integral values):  {"encoded": "fixed", "values": base64 of the
      digits (-123) in the fewest bytes ("bytes": 1, 2 or 4) that hold them all, "decimals": d}: digits × 10^-d;
  scientific ('-1.2346e-05'):  {"encoded": "sci", "values": base64 of int32 digits × 256 + exponent + 128
      (-12346, -5), "decimals": d}: digits × 10^(exponent - d).
So a value costs 1.3 to 5.3 characters instead of 2 to 14 as JSON text. Any other dtype, a tensor holding nan
or inf, more decimals than SCI_DECIMALS, and an array of at most SMALL_VALUES values stay lists of texts.
Measured (headless Chromium, 2 shared cores): with TENSOR_VALUES and PAGE_VALUES below, the notebooks' MLP, CNN,
character RNN and attention block keep every tensor whole (0.14, 1.4, 4.0 and 0.9 MB; each opens in under 0.5 s),
the RNN's transposed W_hh after each of its 32 time steps included; the bench's 1,009-op RNN is 3.3 MB."""
import base64

import numpy as np

from .preview import PRECISION, clean_number, clean_values, number_format

TENSOR_VALUES = 65_536  # values of one tensor kept whole: a 256 × 256 matrix, a batch of 4 × 16 × 32 × 32 images
PAGE_VALUES = 1_000_000  # values kept whole in one page, data and every gradient of every tensor together
SMALL_VALUES = 64  # an upstream gradient or a contribution this small is shown whole in its backward step
SCI_DECIMALS = 5  # the most decimals of a scientific value packed in an int32 with its exponent
INTEGER_TYPES = ("<i1", "<i2", "<i4")  # the widths the page decodes (little-endian, as Int8/16/32Array read them)


def gradient_history(steps, output, seed):
    """id(tensor) -> [(k, total)]: the tensor's gradient after backward step k (k = -1: the seed), each
    time it changes (once, or once per path where several paths meet)."""
    history = {id(output): [(-1, seed)]}
    for k, step in enumerate(steps):
        for received in step.inputs:
            if received.total is not None:
                history.setdefault(id(received.tensor), []).append((k, received.total))
    return history


def kept_whole(tensors, history):
    """{id(tensor)} of the tensors held whole: parameters (leaves that require grad) first, then the
    smallest, while the page's budget lasts; none above TENSOR_VALUES values."""
    def cost(tensor):  # its data, its gradient after each change, and each path's share where paths are summed
        changes = len(history.get(id(tensor), ()))
        return tensor.numel() * (1 + changes + max(0, changes - 1))

    ranked = sorted(tensors, key=lambda t: (not (t._ctx is None and t.requires_grad), cost(t)))
    kept, left = set(), PAGE_VALUES
    for tensor in ranked:
        if tensor.numel() <= TENSOR_VALUES and cost(tensor) <= left:
            kept.add(id(tensor))
            left -= cost(tensor)
    return kept


def dims(array):
    """The shape as a list, [] for a scalar: the page lays the values out by it."""
    return list(np.shape(array))


def whole_values(array, precision=PRECISION):
    """Every value of `array` as the page holds it: encoded (above) for a float32 array of more than
    SMALL_VALUES finite values, else the list of texts clean_values writes."""
    array = np.asarray(array)
    if array.size <= SMALL_VALUES or array.dtype != np.float32 or not np.isfinite(array).all():
        return clean_values(array, precision)
    write = number_format(array, precision)
    texts = [write(value) for value in array.reshape(-1).tolist()]
    if any("e" in text for text in texts):
        if precision > SCI_DECIMALS:  # digits × 256 would not fit an int32: the texts themselves
            return [clean_number(text) for text in texts]
        digits = np.array([int(text[:text.index("e")].replace(".", "")) for text in texts], np.int64)
        exponents = np.array([int(text[text.index("e") + 1:]) for text in texts], np.int64)  # float32: -45 to 38
        return {"encoded": "sci", "values": _base64((digits * 256 + exponents + 128).astype("<i4")),
                "decimals": precision}
    decimals = len(texts[0].partition(".")[2])  # 0 for PyTorch's integral form, '2.'
    digits = np.array([int(text.replace(".", "")) for text in texts], np.int64)
    most = int(np.abs(digits).max())
    width = next((kind for kind in INTEGER_TYPES if most <= np.iinfo(kind).max), None)
    if width is None:  # more digits than an int32 holds: the texts themselves
        return [clean_number(text) for text in texts]
    return {"encoded": "fixed", "values": _base64(digits.astype(width)), "bytes": np.dtype(width).itemsize,
            "decimals": decimals}


def decoded(values):
    """The texts of an array as the page holds it (a list of texts, or encoded): what the page shows."""
    if isinstance(values, list):
        return values
    decimals = values["decimals"]
    if values["encoded"] == "fixed":
        digits = np.frombuffer(base64.b64decode(values["values"]), f"<i{values['bytes']}").tolist()
        return [clean_number(_point(n, decimals)) for n in digits]
    packed = np.frombuffer(base64.b64decode(values["values"]), "<i4").astype(np.int64)
    digits, exponents = (packed - (packed % 256)) // 256, packed % 256 - 128
    return [clean_number(f"{_point(n, decimals)}e{e:+03d}") for n, e in zip(digits.tolist(), exponents.tolist(),
                                                                            strict=True)]


def _point(n, decimals):
    """The integer n with a decimal point `decimals` digits from the right: (-123, 4) -> '-0.0123'."""
    text = str(abs(n)).rjust(decimals + 1, "0")
    return ("-" if n < 0 else "") + text[:len(text) - decimals] + "." + text[len(text) - decimals:]


def _base64(array):
    return base64.b64encode(array.tobytes()).decode("ascii")
