"""Upsample (and UpsamplingNearest2d / UpsamplingBilinear2d), PixelShuffle and PixelUnshuffle as layers
(formulas in nn/functional/resampling.py), and the padding layers (F.pad's modes)."""
from ..functional._shapes import as_int
from ..functional.padding import pad
from ..functional.resampling import interpolate, pixel_shuffle, pixel_unshuffle
from ..module import Module


class Upsample(Module):
    """F.interpolate(input, size or scale_factor, mode, align_corners) as a layer."""

    def __init__(self, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None):
        super().__init__()
        self.size = tuple(size) if isinstance(size, (list, tuple)) else size
        if isinstance(scale_factor, (list, tuple)):
            self.scale_factor = tuple(float(factor) for factor in scale_factor)
        else:
            self.scale_factor = float(scale_factor) if scale_factor else None
        self.mode, self.align_corners, self.recompute_scale_factor = mode, align_corners, recompute_scale_factor

    def forward(self, input):
        return interpolate(input, self.size, self.scale_factor, self.mode, self.align_corners,
                           recompute_scale_factor=self.recompute_scale_factor)

    def extra_repr(self):
        what = f"scale_factor={self.scale_factor!r}" if self.scale_factor is not None else f"size={self.size!r}"
        return f"{what}, mode={self.mode!r}"


class UpsamplingNearest2d(Upsample):
    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="nearest")


class UpsamplingBilinear2d(Upsample):
    """Bilinear with align_corners=True, as PyTorch's."""

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="bilinear", align_corners=True)


class PixelShuffle(Module):
    """(*, C·r², H, W) → (*, C, H·r, W·r)."""

    def __init__(self, upscale_factor):
        super().__init__()
        self.upscale_factor = upscale_factor

    def forward(self, input):
        return pixel_shuffle(input, self.upscale_factor)

    def extra_repr(self):
        return f"upscale_factor={self.upscale_factor}"


class PixelUnshuffle(Module):
    """(*, C, H·r, W·r) → (*, C·r², H, W)."""

    def __init__(self, downscale_factor):
        super().__init__()
        self.downscale_factor = downscale_factor

    def forward(self, input):
        return pixel_unshuffle(input, self.downscale_factor)

    def extra_repr(self):
        return f"downscale_factor={self.downscale_factor}"


class _PadNd(Module):
    """F.pad(input, self.padding, mode): what the padding layers share. The private bases take PyTorch's
    constructor arguments (_ReflectionPadNd() and _ReplicationPadNd() none, _ConstantPadNd(value)), and a subclass
    sets self.padding, as PyTorch's; the public layers take padding, an int (every side) or (left, right[, top,
    bottom])."""

    mode, sides = "constant", 2

    def _set_padding(self, padding):
        padding = as_int(padding)  # (a NumPy integer too, as PyTorch)
        if isinstance(padding, int):
            padding = (padding,) * self.sides
        if len(padding) != self.sides:
            raise ValueError(f"{type(self).__name__}: padding must be an int or a tuple of {self.sides} ints, "
                             f"got {padding}")
        self.padding = tuple(map(as_int, padding))

    def forward(self, input):
        return pad(input, list(self.padding), self.mode, self.value if self.mode == "constant" else None)

    def extra_repr(self):
        return f"{self.padding}"


class _Padding:
    """The __init__(padding) of the public reflection and replication layers (put first among the bases)."""

    def __init__(self, padding):
        super().__init__()
        self._set_padding(padding)


class _ReflectionPadNd(_PadNd):
    mode = "reflect"


class ReflectionPad1d(_Padding, _ReflectionPadNd):
    pass


class ReflectionPad2d(_Padding, _ReflectionPadNd):
    sides = 4


class _ReplicationPadNd(_PadNd):
    mode = "replicate"


class ReplicationPad1d(_Padding, _ReplicationPadNd):
    pass


class ReplicationPad2d(_Padding, _ReplicationPadNd):
    sides = 4


class _ConstantPadNd(_PadNd):
    def __init__(self, value):
        super().__init__()
        self.value = value

    def extra_repr(self):
        return f"padding={self.padding}, value={self.value}"


class ConstantPad1d(_ConstantPadNd):
    def __init__(self, padding, value):
        super().__init__(value)
        self._set_padding(padding)


class ConstantPad2d(_ConstantPadNd):
    sides = 4

    def __init__(self, padding, value):
        super().__init__(value)
        self._set_padding(padding)


class ZeroPad1d(ConstantPad1d):
    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f"{self.padding}"


class ZeroPad2d(ConstantPad2d):
    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f"{self.padding}"
