from __future__ import annotations

import ctypes.util
import sys

import pytest

from tilsynwidgets import memory


def test_freed_memory_goes_back_where_glibc_is_there() -> None:
    memory._trim.cache_clear()
    assert memory.release_freed_memory() is (sys.platform == "linux")


def test_without_a_c_library_it_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    memory._trim.cache_clear()
    monkeypatch.setattr(ctypes.util, "find_library", lambda _name: None)
    try:
        assert memory.release_freed_memory() is False
    finally:
        memory._trim.cache_clear()
