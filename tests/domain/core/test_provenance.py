from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from tilsynwidgets.domain.core.provenance import Provenance


def test_describe_names_date_source_and_load_time() -> None:
    entry = Provenance(
        source="Eksempeldata",
        data_as_of=date(2026, 11, 1),
        loaded_at=datetime(2026, 11, 22, 19, 30, tzinfo=UTC),
    )
    assert entry.describe() == (
        "Data pr. 1. november 2026 · Kilde: Eksempeldata · indlæst 22. november 2026 kl. 20.30"
    )


def test_a_blank_source_is_refused() -> None:
    with pytest.raises(ValidationError):
        Provenance(source="  ", data_as_of=date(2026, 11, 1), loaded_at=datetime.now(UTC))
