"""A small sample portfolio in an SQLite store, for headless widget tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tilsynwidgets.sample.load import load_sample
from tilsynwidgets.store.store import Store

AS_OF = date(2026, 11, 1)


@pytest.fixture
def sample_store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(f"sqlite:///{tmp_path / 'widgets.sqlite'}") as store:
        store.upgrade()
        load_sample(store, AS_OF, n_tilbud=12, n_plejefamilier=18)
        yield store
