"""Test set-up shared by the unit tests and the notebooks run by nbval.

Tests never touch a user's own data: the configured store points at a fresh temporary
folder. Notebooks need a portfolio to show, so when nbval collects any, the synthetic
national portfolio is loaded there once, at a fixed date so their outputs are stable.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    folder = Path(tempfile.mkdtemp(prefix="tilsynwidgets-test-"))
    for name in ("TILSYNWIDGETS_DATABASE_URL", "TILSYNWIDGETS_CONFIG"):
        os.environ.pop(name, None)
    os.environ["TILSYNWIDGETS_DATA_DIR"] = str(folder)
    # The apps work as of the sample's data date, so the notebooks' outputs do not drift with
    # the calendar (signals have windows; visits fall due).
    from tilsynwidgets.sample.load import REFERENCE_DATE

    os.environ["TILSYNWIDGETS_AS_OF"] = REFERENCE_DATE.isoformat()
    config.stash[_FOLDER] = folder


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    if not any(str(item.path).endswith(".ipynb") for item in items):
        return
    from tilsynwidgets.sample.load import REFERENCE_DATE, load_sample
    from tilsynwidgets.store.store import Store

    with Store.open() as store:
        store.upgrade()
        if store.is_empty():
            load_sample(store, REFERENCE_DATE)


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(_FOLDER, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


_FOLDER = pytest.StashKey[Path]()
