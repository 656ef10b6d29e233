"""The records the store makes itself, on both engines: a unit's snapshot of signals carried
over as records (stored again, changed, or left out), and a quality assessment's lowest
theme score."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import text

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.quality.model import QualityAssessment, quality_model
from tilsynwidgets.store import Store
from tilsynwidgets.store.derived import (
    IMPORT,
    quality_information,
    registered_moment,
    transferred_information,
)
from tilsynwidgets.store.provenance import read_provenance

TODAY = date(2026, 11, 25)  # not the day the tests run: the setting is what counts
SNAPSHOT = {"complaints": 2.0, "leader_changed": True, "staff_turnover_pct": 31.5}


@pytest.fixture(autouse=True)
def working_day(monkeypatch: pytest.MonkeyPatch) -> date:
    """The apps (and ``upsert_units``) work as of :data:`TODAY`."""
    monkeypatch.setenv("TILSYNWIDGETS_AS_OF", TODAY.isoformat())
    return TODAY


def _carried(store: Store, unit_id: str = "T-001") -> list[tuple[Any, ...]]:
    """(id, signal, value, received_on, replaces, withdrawn, registered_by) per record."""
    return [
        (
            r.id,
            r.information.values.signal,
            r.information.values.vaerdi,
            r.information.received_on,
            r.information.replaces,
            r.information.withdrawn,
            r.information.registered_by,
        )
        for r in store.information(unit_id)
        if r.information.kind == "overfoert_signal"
    ]


def test_an_update_carries_the_snapshot_over_on_the_working_day(
    store: Store, build: SimpleNamespace
) -> None:
    store.upsert_units([build.unit()])
    carried = _carried(store)
    assert sorted(row[1:] for row in carried) == [
        ("complaints", 2.0, TODAY, None, False, "opdatering"),
        ("leader_changed", 1.0, TODAY, None, False, "opdatering"),
        ("staff_turnover_pct", 31.5, TODAY, None, False, "opdatering"),
    ]
    assert store.unit("T-001").signals == SNAPSHOT
    assert store.unit("T-001", as_of=date(2026, 11, 24)).signals == {}
    store.upsert_units([build.unit(name="Nyt navn")])  # the same snapshot the same day
    assert _carried(store) == carried
    assert store.unit("T-001").name == "Nyt navn"


def test_a_changed_snapshot_replaces_and_a_left_out_signal_is_withdrawn(
    store: Store, build: SimpleNamespace
) -> None:
    store.import_units([build.unit()], "a.csv", date(2026, 11, 1))
    before = {row[1]: row[0] for row in _carried(store)}
    store.import_units(
        [build.unit(signals={"complaints": 2, "leader_changed": False})],
        "b.csv",
        date(2026, 11, 20),
    )
    later = [row for row in _carried(store) if row[0] not in before.values()]
    assert sorted(row[1:] for row in later) == [
        ("complaints", 2.0, date(2026, 11, 20), before["complaints"], False, "import"),
        ("leader_changed", 0.0, date(2026, 11, 20), before["leader_changed"], False, "import"),
        (
            "staff_turnover_pct",
            31.5,
            date(2026, 11, 20),
            before["staff_turnover_pct"],
            True,
            "import",
        ),
    ]
    assert store.unit("T-001", as_of=date(2026, 11, 19)).signals == SNAPSHOT
    assert store.unit("T-001", as_of=date(2026, 11, 20)).signals == {
        "complaints": 2.0,  # the later count, not the two added
        "leader_changed": False,
    }
    provenance = read_provenance(store)
    assert provenance is not None
    assert (provenance.source, provenance.data_as_of) == ("b.csv", date(2026, 11, 20))


def test_a_load_carries_over_on_the_data_date_or_the_working_day(
    store: Store, build: SimpleNamespace
) -> None:
    store.load_portfolio([build.unit("T-001")], provenance=("Eksempel", date(2026, 11, 1)))
    store.load_portfolio([build.foster_family("P-001")])
    assert {row[3] for row in _carried(store, "T-001")} == {date(2026, 11, 1)}
    assert {row[3] for row in _carried(store, "P-001")} == {TODAY}
    assert {row[6] for row in _carried(store, "P-001")} == {"indlæsning"}
    frame = store.units_frame(as_of=date(2026, 11, 1)).set_index("id")
    assert frame.loc["T-001", "complaints"] == 2.0
    assert frame["skaerpet_tilsyn"].isna().to_dict() == {"P-001": True, "T-001": True}


def test_a_carried_over_record_says_where_it_came_from() -> None:
    now = datetime(2026, 12, 1, 8, tzinfo=UTC)
    item = transferred_information(
        "T-001", "paabud", True, date(2026, 11, 1), occasion=IMPORT, at=now
    )
    assert item.kind == "overfoert_signal"
    assert (item.values.signal, item.values.vaerdi) == ("paabud", 1.0)
    assert item.origin.value == "socialtilsynet"
    assert item.description == (
        "Overført fra enhedens risikosignaler pr. 1. november 2026 ved import af enheder"
    )
    assert item.registered_at == now
    # A data date ahead of the clock: registered at the start of that day, Danish time.
    ahead = registered_moment(date(2026, 12, 24), now)
    assert ahead == datetime(2026, 12, 23, 23, tzinfo=UTC)


def _quality(unit_id: str = "T-001", **changes: Any) -> QualityAssessment:
    """Theme 1 scored 1, 1 and 4 (criterion means 1 and 4: 2,5; indicator mean 2,0), every
    other indicator 3: the lowest theme score is 2,5 by the model's aggregation."""
    model = quality_model(UnitKind.TILBUD)
    scores = dict.fromkeys(model.indicator_ids, 3)
    first, second = model.themes[0].criteria[:2]
    scores.update({i.id: 1 for i in first.indicators})
    scores.update({i.id: 4 for i in second.indicators})
    fields: dict[str, Any] = {
        "unit_id": unit_id,
        "model_version": model.version,
        "scores": scores,
        "assessor": "Tilsynsførende D",
        # 23:30 UTC is the next day in Denmark
        "assessed_at": datetime(2026, 10, 31, 23, 30, tzinfo=UTC),
    }
    fields.update(changes)
    return QualityAssessment.model_validate(fields)


def test_a_quality_assessment_is_also_a_record_of_its_lowest_theme_score(
    store: Store, build: SimpleNamespace
) -> None:
    store.upsert_units([build.unit(signals={})])
    store.append_quality_assessment(_quality())
    [record] = store.information("T-001")
    item = record.information
    assert item.kind == "kvalitetsvurdering"
    assert item.values.laveste_temascore == 2.5
    assert (item.concerns_on, item.received_on) == (date(2026, 11, 1), date(2026, 11, 1))
    assert item.description == "Kvalitetsvurdering (model 2026.1-illustrativ)"
    assert item.registered_by == "Tilsynsførende D"
    assert store.unit("T-001", as_of=date(2026, 11, 1)).signals == {"lowest_theme_score": 2.5}
    assert store.unit("T-001", as_of=date(2026, 10, 31)).signals == {}


def test_a_quality_assessment_without_a_score_to_take_gives_no_record(
    store: Store, build: SimpleNamespace
) -> None:
    store.upsert_units([build.unit(signals={})])
    store.append_quality_assessments(
        [build.quality_assessment(), _quality(scores={})]  # a model not shipped; nothing scored
    )
    assert len(store.quality_assessments()) == 2
    assert store.information("T-001") == []
    assert quality_information(_quality(), UnitKind.PLEJEFAMILIE) is None  # another model


def test_a_load_records_the_quality_assessments_too(store: Store, build: SimpleNamespace) -> None:
    store.load_portfolio(
        [build.unit(signals={})],
        quality_assessments=[_quality(), build.quality_assessment()],
        only_if_empty=True,
    )
    assert [r.information.kind for r in store.information("T-001")] == ["kvalitetsvurdering"]
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM quality_assessments")).scalar_one() == 2
