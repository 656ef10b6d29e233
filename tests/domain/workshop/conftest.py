"""The small criteria catalogue of ``small_catalogue.yaml`` and a generated portfolio, shared
by the workshop's tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from tests.domain.workshop._history import synthetic_units

from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue
from tilsynwidgets.domain.workshop.effect import WorkshopData

SMALL = Path(__file__).with_name("small_catalogue.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def small_yaml() -> str:
    """The file's text; criteria[3] starts on line 23, its signal is on line 24."""
    assert SMALL.splitlines()[22] == "  - id: whistleblower"
    return SMALL


@pytest.fixture(scope="session")
def small_catalogue() -> Callable[..., CriteriaCatalogue]:
    """The catalogue built, with top-level fields replaced by ``changes``."""

    def build(**changes: Any) -> CriteriaCatalogue:
        data = yaml.safe_load(SMALL)
        data.update(changes)
        return CriteriaCatalogue.model_validate(data)

    return build


@pytest.fixture(scope="session")
def workshop_sample() -> tuple[pd.DataFrame, WorkshopData]:
    """200 units with signals drawn by :func:`synthetic_units` (not the sample generator,
    whose units no longer carry signals) and it prepared; every 7th unit never assessed."""
    frame = synthetic_units(11, n_tilbud=90, n_plejefamilier=110)
    chosen = pd.Series(frame["latent"].astype(object).to_numpy(), index=frame["id"].to_numpy())
    chosen.iloc[::7] = None  # some units never assessed
    return frame, WorkshopData.prepare(frame, chosen)
