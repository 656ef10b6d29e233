"""The Store API on both engines: units, append-only history, drafts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pydantic import BaseModel

from tilsynwidgets.domain.core.units import Socialtilsyn, Unit, UnitType
from tilsynwidgets.domain.risk.current import current_categories
from tilsynwidgets.sample.load import load_sample
from tilsynwidgets.store import (
    DuplicateUnitError,
    Store,
    StoreError,
    UnknownUnitError,
)
from tilsynwidgets.store.history import (
    ASSESSMENTS,
    CHECKLIST_CHANGES,
    PLANS,
    QUALITY_ASSESSMENTS,
    SELF_ASSESSMENTS,
)

# -- units --------------------------------------------------------------------------------


def test_new_store_is_empty_until_units_are_loaded(store: Store, build: SimpleNamespace) -> None:
    assert store.is_empty()
    assert store.units() == []
    assert store.upsert_units([build.unit(), build.foster_family()]) == 2
    assert not store.is_empty()


def test_units_round_trip_equal(store: Store, build: SimpleNamespace) -> None:
    units = [
        build.unit("T-002", last_unannounced_visit=date(2025, 1, 31)),
        build.foster_family("P-001"),
        build.unit("T-001", signals={}),
    ]
    store.upsert_units(units)
    assert store.units() == sorted(units, key=lambda unit: unit.id)
    assert store.unit("P-001") == units[1]
    assert store.unit("P-001").signals == {"skaerpet_tilsyn": False}


def test_upsert_replaces_a_stored_unit(store: Store, build: SimpleNamespace) -> None:
    store.upsert_units([build.unit()])
    changed = build.unit(team="Team 2", capacity=20, signals={"paabud": True})
    assert store.upsert_units([changed]) == 1
    assert store.units() == [changed]


def test_upsert_of_nothing_writes_nothing(store: Store) -> None:
    assert store.upsert_units([]) == 0
    assert store.is_empty()


def test_missing_unit_is_a_danish_key_error(store: Store) -> None:
    with pytest.raises(KeyError) as caught:
        store.unit("X-404")
    assert isinstance(caught.value, UnknownUnitError)
    assert str(caught.value) == "Enheden 'X-404' findes ikke i databasen."


def test_duplicate_ids_in_one_batch_write_nothing(store: Store, build: SimpleNamespace) -> None:
    original = build.unit("T-001")
    store.upsert_units([original])
    batch = [build.unit("T-002"), build.unit("T-001", team="Ny"), build.unit("T-001")]
    with pytest.raises(DuplicateUnitError, match=r"flere gange: 'T-001'\. Intet er gemt\."):
        store.upsert_units(batch)
    assert store.units() == [original]


def test_a_row_the_database_rejects_rolls_back_the_whole_batch(
    store: Store, build: SimpleNamespace
) -> None:
    original = build.unit("T-001")
    store.upsert_units([original])
    broken = Unit.model_construct(  # bypasses validation: NOT NULL fails in the database
        id="T-003",
        name=None,  # type: ignore[arg-type]
        unit_type=UnitType.VOKSNE_BOTILBUD,
        socialtilsyn=Socialtilsyn.NORD,
        team="Team 1",
        capacity=3,
        last_announced_visit=None,
        last_unannounced_visit=None,
        signals={},
    )
    batch = [build.unit("T-001", team="Ændret"), build.unit("T-002"), broken]
    with pytest.raises(StoreError, match="Intet er gemt"):
        store.upsert_units(batch)
    assert store.units() == [original]


def test_open_without_url_uses_the_configured_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, build: SimpleNamespace
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TILSYNWIDGETS_CONFIG", raising=False)
    monkeypatch.delenv("TILSYNWIDGETS_DATABASE_URL", raising=False)
    monkeypatch.setenv("TILSYNWIDGETS_DATA_DIR", str(tmp_path / "data"))
    with Store.open() as store:
        store.upgrade()
        store.upsert_units([build.unit()])
    assert (tmp_path / "data" / "tilsynwidgets.sqlite").is_file()
    with Store.open(f"sqlite:///{tmp_path / 'data' / 'tilsynwidgets.sqlite'}") as again:
        assert again.units() == [build.unit()]


# -- history ------------------------------------------------------------------------------

HISTORIES = ["assessment", "plan", "checklist_change", "quality_assessment"]


def _api(
    store: Store, noun: str
) -> tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]]:
    """append one, append many, read back."""
    return (
        getattr(store, f"append_{noun}"),
        getattr(store, f"append_{noun}s"),
        getattr(store, f"{noun}s"),
    )


@pytest.mark.parametrize("noun", HISTORIES)
def test_history_round_trips_to_equal_models_in_time_order(
    store: Store, build: SimpleNamespace, noun: str
) -> None:
    append, append_many, read = _api(store, noun)
    make = getattr(build, noun)
    store.upsert_units([build.unit("T-001"), build.unit("T-002")])
    late, early, other = make("T-001", 90), make("T-001", 5), make("T-002", 30)
    append(late)
    assert append_many([early, other]) == 2
    stored: Sequence[BaseModel] = read()
    assert stored == [early, other, late]
    assert [type(item) for item in stored] == [type(early)] * 3
    assert read("T-001") == [early, late]
    assert read("T-404") == []


def test_assessment_with_deviation_and_reasons_round_trips(
    store: Store, build: SimpleNamespace
) -> None:
    store.upsert_units([build.unit()])
    deviating = build.deviating_assessment()
    store.append_assessment(deviating)
    (stored,) = store.assessments()
    assert stored == deviating
    assert stored.is_deviation
    assert stored.reasons[0].observed is True
    assert stored.reasons[1].observed == 2.0
    assert stored.assessed_at == deviating.assessed_at


def test_plan_round_trips_with_its_nested_intensity_plan(
    store: Store, build: SimpleNamespace
) -> None:
    store.upsert_units([build.unit()])
    plan = build.plan(estimated_hours=123.456789)
    store.append_plan(plan)
    assert store.plans() == [plan]
    assert store.plans()[0].plan == plan.plan


@pytest.mark.parametrize("noun", HISTORIES)
def test_history_for_an_unknown_unit_writes_nothing(
    store: Store, build: SimpleNamespace, noun: str
) -> None:
    append, append_many, read = _api(store, noun)
    make = getattr(build, noun)
    store.upsert_units([build.unit("T-001")])
    with pytest.raises(UnknownUnitError) as caught:
        append_many([make("T-001", 1), make("X-404", 2), make("T-001", 3)])
    assert caught.value.unit_ids == ["X-404"]
    assert "findes ikke" in str(caught.value)
    assert "Intet er gemt" in str(caught.value)
    with pytest.raises(UnknownUnitError):
        append(make("X-404"))
    assert read() == []


def test_bulk_append_of_nothing_is_a_no_op(store: Store) -> None:
    assert store.append_assessments([]) == 0
    assert store.append_plans(iter([])) == 0


def test_public_api_cannot_change_or_remove_history() -> None:
    public = {name for name in dir(Store) if not name.startswith("_")}
    changing = ("update", "delete", "remove", "edit", "replace", "clear", "truncate", "drop")
    offenders = {name for name in public if any(word in name for word in changing)}
    assert offenders == set()
    for noun in HISTORIES:
        history_api = {name for name in public if noun in name}
        plural = f"{noun}s"
        expected = {f"append_{noun}", f"append_{plural}", plural, f"{plural}_frame"}
        if noun == "assessment":  # "quality_/self_assessment…" also contain "assessment"
            history_api = {n for n in history_api if "quality" not in n and "self" not in n}
        if noun == "plan":  # a read-only frame of the plans' visits
            expected |= {"plan_visits_frame"}
        if noun == "assessment":  # each unit's latest, read-only (for the queue)
            expected |= {"latest_assessments"}
        assert history_api == expected
    self_api = {name for name in public if "self_assessment" in name}
    assert self_api == {"append_self_assessment", "self_assessments"}
    # The only removal in the API is of drafts, which are not history.
    assert {name for name in public if "discard" in name} == {"discard_draft"}


# -- loading a whole portfolio ------------------------------------------------------------


def test_load_portfolio_writes_units_and_all_history(store: Store, build: SimpleNamespace) -> None:
    units = [build.unit("T-001"), build.foster_family("P-001")]
    store.load_portfolio(
        units,
        assessments=[build.assessment("T-001"), build.assessment("P-001", 5)],
        plans=[build.plan("T-001")],
        quality_assessments=[build.quality_assessment("P-001")],
        checklist_changes=[build.checklist_change("T-001")],
        self_assessments=[build.self_assessment("nord")],
    )
    assert store.units() == sorted(units, key=lambda unit: unit.id)
    assert len(store.assessments()) == 2
    assert store.plans() == [build.plan("T-001")]
    assert store.quality_assessments() == [build.quality_assessment("P-001")]
    assert store.checklist_changes() == [build.checklist_change("T-001")]
    assert store.self_assessments() == [build.self_assessment("nord")]


def test_load_portfolio_is_all_or_nothing(store: Store, build: SimpleNamespace) -> None:
    with pytest.raises(UnknownUnitError, match="'X-404'"):
        store.load_portfolio(
            [build.unit("T-001")],
            assessments=[build.assessment("T-001")],
            plans=[build.plan("X-404")],
        )
    assert store.is_empty()
    assert store.assessments() == []
    assert store.plans() == []


def test_self_assessments_round_trip_in_time_order(store: Store, build: SimpleNamespace) -> None:
    # About a socialtilsyn, not a unit: no unit needs to be stored first.
    late, early = build.self_assessment("syd", 90), build.self_assessment("nord", 5)
    store.append_self_assessment(late)
    store.append_self_assessment(early)
    stored = store.self_assessments()
    assert stored == [early, late]
    assert stored[0].ratings == early.ratings
    assert stored[1].assessed_at == late.assessed_at


def test_a_hostile_note_is_stored_as_typed(store: Store, build: SimpleNamespace) -> None:
    hostile = "<img src=x onerror=alert(1)> '; DROP TABLE self_assessments; --"
    item = build.self_assessment(comment=hostile)
    store.append_self_assessment(item)
    assert store.self_assessments()[0].comment == hostile


def test_reading_before_the_tables_exist_is_a_danish_error(engine_url: str) -> None:
    with Store.open(engine_url) as store, pytest.raises(StoreError, match="tilsynwidgets opgrader"):
        store.is_empty()


def test_current_choices_equal_the_latest_assessment(store: Store) -> None:
    load_sample(store, date(2026, 11, 1), n_tilbud=20, n_plejefamilier=20)
    expected = current_categories(store.assessments_frame()).astype(str)
    choices = store.current_choices()
    assert choices.sort_index().to_dict() == expected.sort_index().to_dict()


# -- corrections ----------------------------------------------------------------------------


def test_a_correction_is_a_new_row_pointing_back(store: Store, build: SimpleNamespace) -> None:
    store.upsert_units([build.unit("T-001"), build.unit("T-002")])
    store.append_assessment(build.assessment("T-001", minutes=0))
    [original] = store.history_rows(ASSESSMENTS, "T-001")
    corrected = build.assessment(
        "T-001",
        minutes=1,
        chosen="roed",
        deviation_justification=("Kommunens oplysninger var ikke med i første vurdering."),
    )
    new_id = store.append_correction(original.id, corrected)

    rows = store.history_rows(ASSESSMENTS, "T-001")
    assert [(r.id, r.corrects) for r in rows] == [(original.id, None), (new_id, original.id)]
    assert [r.item for r in rows] == [original.item, corrected]
    assert store.current_choices().to_dict() == {"T-001": "roed"}


def test_a_correction_of_a_missing_row_or_another_unit_is_refused(
    store: Store, build: SimpleNamespace
) -> None:
    store.upsert_units([build.unit("T-001"), build.unit("T-002")])
    store.append_assessment(build.assessment("T-001"))
    [original] = store.history_rows(ASSESSMENTS)
    with pytest.raises(StoreError, match="række 999 findes ikke blandt risikovurderinger"):
        store.append_correction(999, build.assessment("T-001", minutes=1))
    with pytest.raises(StoreError, match=f"række {original.id} handler om en anden enhed"):
        store.append_correction(original.id, build.assessment("T-002", minutes=1))
    assert len(store.assessments()) == 1


def test_every_history_kind_can_be_corrected(store: Store, build: SimpleNamespace) -> None:
    store.upsert_units([build.unit()])
    cases = [
        (ASSESSMENTS, store.append_assessment, build.assessment),
        (PLANS, store.append_plan, build.plan),
        (CHECKLIST_CHANGES, store.append_checklist_change, build.checklist_change),
        (QUALITY_ASSESSMENTS, store.append_quality_assessment, build.quality_assessment),
        (SELF_ASSESSMENTS, store.append_self_assessment, build.self_assessment),
    ]
    for kind, append, make in cases:
        append(make(minutes=0))
        [stored] = store.history_rows(kind)
        new_id = store.append_correction(stored.id, make(minutes=3))
        assert [(r.id, r.corrects) for r in store.history_rows(kind)] == [
            (stored.id, None),
            (new_id, stored.id),
        ]
    [own, _] = store.history_rows(SELF_ASSESSMENTS)
    with pytest.raises(StoreError, match="handler om en anden enhed"):
        store.append_correction(own.id, build.self_assessment("nord", minutes=5))
