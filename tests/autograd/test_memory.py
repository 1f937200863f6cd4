"""autograd.memory: with glibc, freed large arrays stay in the process, so the next step reuses their pages
instead of faulting them in again; GLASSGRAD_MALLOC=0 turns it off. Measured in fresh processes."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograd import memory

ROOT = Path(__file__).resolve().parents[2]
glibc_only = pytest.mark.skipif(memory._mallopt() is None, reason="the C library is not glibc")
THP = Path("/sys/kernel/mm/transparent_hugepage/enabled")
small_pages = pytest.mark.skipif(THP.exists() and "[always]" in THP.read_text(),
                                 reason="transparent huge pages for every mapping: a few faults per 2 MiB")

FAULTS_OF_REPEATED_LARGE_ARRAYS = """
import ctypes, resource
import autograd
libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype, libc.free.argtypes = ctypes.c_void_p, [ctypes.c_void_p]
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(5):  # what NumPy does for a temporary: malloc, write every page, free
    block = libc.malloc(64 * 2**20)  # 64 MiB: beyond the largest block glibc would keep by itself
    ctypes.memset(block, 1, 64 * 2**20)
    libc.free(block)
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""
PAGES = 64 * 2**20 // 4096


def minor_faults(**env):
    done = subprocess.run([sys.executable, "-c", FAULTS_OF_REPEATED_LARGE_ARRAYS], cwd=ROOT, capture_output=True,
                          text=True, check=True, env=dict(os.environ, **env))
    return json.loads(done.stdout)


@glibc_only
def test_freed_large_arrays_are_reused_without_page_faults():
    assert minor_faults() < 1.5 * PAGES  # the first array's pages only


@glibc_only
@small_pages
def test_glassgrad_malloc_0_leaves_glibc_as_it_is():
    assert minor_faults(GLASSGRAD_MALLOC="0") > 4.5 * PAGES  # every array's pages, five times


@glibc_only
def test_the_setting_can_be_turned_off_and_on_again():
    try:
        assert memory.restore_default_malloc() is True
    finally:
        assert memory.keep_freed_memory() is True


def test_without_glibc_the_functions_do_nothing(monkeypatch):
    monkeypatch.setattr(memory, "_mallopt", lambda: None)
    assert memory.keep_freed_memory() is False and memory.restore_default_malloc() is False
