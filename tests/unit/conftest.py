"""Fixtures for the tests of the command line, configuration, import and sample data."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The configured data folder is a fresh temporary one (default SQLite store there)."""
    monkeypatch.setenv("TILSYNWIDGETS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("TILSYNWIDGETS_DATABASE_URL", raising=False)
    return tmp_path
