"""A store made by the release at schema revision 0003 (79f0ddd) upgrades on both engines:
every row reads back equal, today's functions read every model, the drafts of each kind
that release knew are kept and a draft of a quality assessment can be stored, and the new
table of catalogue versions in force is there, empty and append-only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import inspect

from tilsynwidgets import apps
from tilsynwidgets.domain.core.drafts import DraftKey, DraftKind
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.risk.criteria import default_catalogue
from tilsynwidgets.domain.workshop.in_force import new_entry, packaged_reference
from tilsynwidgets.store import Store
from tilsynwidgets.store.catalogues import CatalogueStore
from tilsynwidgets.store.history import ASSESSMENTS
from tilsynwidgets.store.migrate import (
    SchemaMismatchError,
    SchemaState,
    head_revision,
    schema_status,
)
from tilsynwidgets.store.training import TrainingStore

NOW = datetime(2026, 12, 14, 12, 0, tzinfo=UTC)
EveryRow = Callable[[Store], dict[str, list[dict[str, Any]]]]  # the conftest's fixture
CarriedOver = Callable[[dict[str, Any], dict[str, Any]], None]  # the conftest's fixture
RefusesChanges = Callable[[Store, str, str], None]  # the conftest's fixture
REASON = "Den skarpere klagetærskel er afprøvet på porteføljen i værkstedet."


def _engine(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def _drafts(release_0003: dict[str, Any], url: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = release_0003["drafts"][_engine(url)]
    return found


def _key(described: dict[str, Any]) -> DraftKey:
    tilsyn = described.get("socialtilsyn")
    return DraftKey(
        DraftKind(described["kind"]),
        described["owner"],
        unit_id=described.get("unit_id"),
        session_code=described.get("session_code"),
        vignette_id=described.get("vignette_id"),
        socialtilsyn=Socialtilsyn(tilsyn) if tilsyn else None,
    )


def test_the_fixture_is_the_release_at_revision_0003(
    release_0003_store: str, release_0003: dict[str, Any]
) -> None:
    with Store.open(release_0003_store) as store:
        status = schema_status(store.engine)
        names = set(inspect(store.engine).get_table_names())
        with pytest.raises(SchemaMismatchError, match="tidligere udgave"):
            apps.inspector(store)
    assert (status.state, status.revision) == (SchemaState.BEHIND, "0003")
    assert release_0003["commit"] == "79f0ddd"
    assert "catalogue_in_force" not in names
    assert {"drafts", "unconverted_drafts", "catalogue_versions"} <= names


def test_every_row_reads_back_equal(
    release_0003_store: str,
    release_0003: dict[str, Any],
    every_row: EveryRow,
    carried_over: CarriedOver,
) -> None:
    with Store.open(release_0003_store) as store:
        before = every_row(store)
        result = store.upgrade(NOW)
        after = every_row(store)
        store.check_schema()
        again = store.upgrade(NOW)
    assert result.describe() == f"Lageret er opgraderet fra version 0003 til {head_revision()}."
    assert result.packaged_added == ()
    assert again.describe().startswith("Lageret har allerede den nyeste version")
    assert after.pop("catalogue_in_force") == []
    assert after.pop("export_log") == []  # revision 0006's table, empty
    assert after.pop("training_participant_changes") == []  # revision 0007's table, empty
    carried_over(before, after)  # revision 0005: the snapshots of signals become records
    assert after == before
    assert {name: len(rows) for name, rows in after.items()} == release_0003["rows"]


def test_todays_functions_read_every_row(
    release_0003_store: str, release_0003: dict[str, Any]
) -> None:
    rows = release_0003["rows"]
    with Store.open(release_0003_store) as store:
        store.upgrade(NOW)
        assert len(store.units()) == len(store.units_frame()) == rows["units"]
        assert len(store.assessments()) == len(store.assessments_frame()) == rows["assessments"]
        assert len(store.plans()) == rows["plans"]
        assert len(store.checklist_changes()) == rows["checklist_changes"]
        assert len(store.quality_assessments()) == rows["quality_assessments"]
        assert len(store.self_assessments()) == rows["self_assessments"]
        corrections = [row for row in store.history_rows(ASSESSMENTS) if row.corrects is not None]
        assert len(corrections) == 1
        assert corrections[0].item.justification.startswith("Rettet:")
        versions = CatalogueStore(store).versions()
        names = {version.name for version in versions}
        assert names == {release_0003["packaged_version"], release_0003["saved_version"]}
        # stored before a catalogue could say so: read as illustrative, like the packaged one
        assert all(version.catalogue.illustrative for version in versions)
        training = TrainingStore(store)
        [session] = training.sessions()
        assert len(training.events(session.code)) == rows["training_events"]
        assert len(training.answers(session.code)) == rows["training_answers"]
        assert store.unreadable_rows == []


def test_the_drafts_are_kept_and_a_quality_draft_can_be_stored(
    release_0003_store: str, release_0003: dict[str, Any]
) -> None:
    described = _drafts(release_0003, release_0003_store)
    assert {DraftKind(d["kind"]) for d in described} == set(DraftKind) - {DraftKind.QUALITY}
    with Store.open(release_0003_store) as store:
        store.upgrade(NOW)
        for draft in described:
            assert store.load_draft(_key(draft)) == draft["payload"], draft["kind"]
        unit_id = next(d["unit_id"] for d in described if d["kind"] == "risikovurdering")
        quality = DraftKey.quality("Tilsynsførende C", unit_id)
        assert store.load_draft(quality) is None
        store.save_draft(quality, {"scores": {"1.1.a": 4}, "notes": {}})
        assert store.load_draft(quality) == {"scores": {"1.1.a": 4}, "notes": {}}
        for draft in described:  # the draft of the same unit's assessment is its own
            assert store.load_draft(_key(draft)) == draft["payload"], draft["kind"]


def test_the_catalogue_in_force_is_there_empty_and_append_only(
    release_0003_store: str, release_0003: dict[str, Any], refuses_changes: RefusesChanges
) -> None:
    saved = release_0003["saved_version"]
    entry = new_entry(saved, put_by="Metodekonsulent A", reason=REASON, put_at=NOW)
    with Store.open(release_0003_store) as store:
        store.upgrade(NOW)
        assert store.catalogue_in_force_history() == []
        assert store.catalogue_in_force() == default_catalogue()
        store.put_catalogue_in_force(entry)
        stored = CatalogueStore(store).get(saved)
        assert stored is not None
        assert store.catalogue_in_force() == stored.catalogue
        assert store.catalogue_in_force().version == saved
        packaged = new_entry(
            packaged_reference(release_0003["packaged_version"]),
            put_by="Metodekonsulent B",
            reason=REASON,
            put_at=NOW.replace(hour=13),
        )
        store.put_catalogue_in_force(packaged)
        assert store.catalogue_in_force() == default_catalogue()
        refuses_changes(store, "catalogue_in_force", "version = 'andet'")
        assert store.catalogue_in_force_history() == [packaged, entry]
