"""Give memory an app no longer uses back to the operating system.

Building an app reads the store's records as one JSON document and turns it into columns;
the temporary Python objects are freed, but glibc keeps the freed heap inside the process,
so every page's kernel stayed 50-75 MB above what it holds (measured with the national
sample; docs/decisions.md). ``malloc_trim(0)`` hands it back. Elsewhere than glibc
(macOS, musl) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Callable
from functools import cache

__all__ = ["release_freed_memory"]


@cache
def _trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


def release_freed_memory() -> bool:
    """Collect garbage and return freed heap to the system; ``True`` when that was done."""
    gc.collect()
    trim = _trim()
    if trim is None:
        return False
    trim(0)
    return True
