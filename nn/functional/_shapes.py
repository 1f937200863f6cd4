"""Argument handling shared by the layers' functional forms: n-tuples and input-shape checks."""


def ntuple(value, n):
    """(v, v, ...) of length n from a number, or the given tuple."""
    if isinstance(value, (tuple, list)):
        if len(value) != n:
            raise ValueError(f"expected {n} values, got {tuple(value)}")
        return tuple(int(v) for v in value)
    return (int(value),) * n


def check_input(name, input, spatial_dims, channels=None):
    """Raise a ValueError naming `name`, the expected and the given shape unless input is
    (N, C, *spatial) or unbatched (C, *spatial) with C == channels (when given)."""
    expected_ndim = (spatial_dims + 2, spatial_dims + 1)
    channel = input.shape[1 if input.ndim == spatial_dims + 2 else 0] if input.ndim in expected_ndim else None
    if channel is None or (channels is not None and channel != channels):
        spatial = ("L",) if spatial_dims == 1 else ("H", "W", "D")[:spatial_dims]
        c = "C" if channels is None else str(channels)
        batched = "(" + ", ".join(("N", c) + spatial) + ")"
        unbatched = "(" + ", ".join((c,) + spatial) + ")"
        raise ValueError(f"{name}: expected input of shape {batched} or {unbatched}, got {tuple(input.shape)}")
