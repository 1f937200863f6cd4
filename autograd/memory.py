"""Keep freed large arrays inside the process, so that the next training step reuses them (glibc only).

A training step allocates the same large temporaries every time (im2col columns, activations, their
gradients). glibc's malloc serves a large request with a fresh mmap and unmaps it when it is freed, so
every step pays the kernel a page fault per 4 KiB page it touches again (a conv net step: about 5,000;
a VGG-style step: about 15,000), which was up to half of a step's time. With `keep_freed_memory()`,
malloc never uses mmap and keeps up to `trim_mib` MiB of freed memory at the top of its heap:

    mallopt(M_MMAP_MAX, 0)                        every block comes from the heap
    mallopt(M_TRIM_THRESHOLD, trim_mib · 2²⁰)      free memory is given back to the OS only beyond this

The process's peak memory is unchanged; its resident size no longer shrinks between steps (up to
`trim_mib` MiB, default 1024). `import autograd` applies it unless the environment variable
GLASSGRAD_MALLOC is 0; `restore_default_malloc()` puts glibc's defaults back. Elsewhere (macOS,
Windows, musl) these are no-ops that return False.
"""
import ctypes
import ctypes.util
import os
import sys

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, M_MMAP_MAX = -1, -3, -4  # glibc's <malloc.h>
GLIBC_MMAP_MAX, GLIBC_DEFAULT_THRESHOLD = 65536, 128 * 1024  # its defaults (both thresholds 128 KiB)


def _mallopt():
    """glibc's mallopt, or None where the C library is not glibc."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    return libc.mallopt if hasattr(libc, "gnu_get_libc_version") else None  # that one exists in glibc only


def keep_freed_memory(trim_mib=1024):
    """Make glibc's malloc keep freed memory for reuse instead of unmapping it; True if applied."""
    mallopt = _mallopt()
    if mallopt is None:
        return False
    return bool(mallopt(M_MMAP_MAX, 0)) and bool(mallopt(M_TRIM_THRESHOLD, int(trim_mib) * 2**20))


def restore_default_malloc():
    """glibc's default limits again: blocks from 128 KiB up mmapped, freed heap beyond 128 KiB given back.
    (glibc's sliding of these limits as blocks are freed stays off once mallopt has been called.)"""
    mallopt = _mallopt()
    if mallopt is None:
        return False
    return all(bool(mallopt(option, value)) for option, value in (
        (M_MMAP_MAX, GLIBC_MMAP_MAX), (M_TRIM_THRESHOLD, GLIBC_DEFAULT_THRESHOLD),
        (M_MMAP_THRESHOLD, GLIBC_DEFAULT_THRESHOLD)))


def apply_from_environment():
    """What `import autograd` does: keep_freed_memory() unless GLASSGRAD_MALLOC=0."""
    if os.environ.get("GLASSGRAD_MALLOC", "1").strip() != "0":
        keep_freed_memory()


apply_from_environment()
