"""pad: PyTorch's torch.nn.functional.pad, in its constant mode (autograd.pad)."""
import autograd


def pad(input, pad, mode="constant", value=None):
    """input padded by `pad` = (left, right) of the last axis, then (top, bottom) of the one before, ...
    with `value` (0 by default); a negative width crops. Only mode='constant' is implemented."""
    if mode != "constant":
        raise NotImplementedError(f"pad: glassgrad implements only mode='constant', got mode={mode!r}")
    return autograd.pad(input, pad, 0.0 if value is None else value)
