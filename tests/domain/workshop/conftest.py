"""The small criteria catalogue of ``small_catalogue.yaml``, shared by the workshop's tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue

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
