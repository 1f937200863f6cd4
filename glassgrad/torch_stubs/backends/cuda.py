"""torch.backends.cuda: `matmul.allow_tf32` and its neighbours, settable, with no effect (no GPU here)."""
import types

matmul = types.SimpleNamespace(  # PyTorch's defaults
    allow_tf32=False,
    allow_fp16_reduced_precision_reduction=True,
    allow_bf16_reduced_precision_reduction=True,
)


def is_built():
    """False: glassgrad has no CUDA build."""
    return False


# Switches for the kernels of scaled_dot_product_attention: all on by default, as in PyTorch (on a
# CPU-only machine they only say which kernels may be chosen; glassgrad always computes the formula).
_sdp = {"flash": True, "mem_efficient": True, "math": True}


def flash_sdp_enabled():
    return _sdp["flash"]


def mem_efficient_sdp_enabled():
    return _sdp["mem_efficient"]


def math_sdp_enabled():
    return _sdp["math"]


def enable_flash_sdp(enabled):
    _sdp["flash"] = bool(enabled)


def enable_mem_efficient_sdp(enabled):
    _sdp["mem_efficient"] = bool(enabled)


def enable_math_sdp(enabled):
    _sdp["math"] = bool(enabled)
