"""A store made by the release before migrations upgrades on both engines without losing or
changing a row, and today's functions and apps read every row of it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import inspect, select

from tilsynwidgets import apps
from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.store import Store
from tilsynwidgets.store.catalogues import CatalogueStore
from tilsynwidgets.store.migrate import (
    BASELINE,
    SchemaMismatchError,
    SchemaState,
    head_revision,
    schema_status,
)
from tilsynwidgets.store.provenance import read_provenance
from tilsynwidgets.store.schema import HISTORY_TABLES, MODEL_TABLES, metadata
from tilsynwidgets.store.training import TrainingStore

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
EveryRow = Callable[[Store], dict[str, list[dict[str, Any]]]]  # the conftest's fixture
CarriedOver = Callable[[dict[str, Any], dict[str, Any]], None]  # the conftest's fixture


def test_the_fixture_is_the_previous_release(previous_store: str, previous: dict[str, Any]) -> None:
    with Store.open(previous_store) as store:
        names = set(inspect(store.engine).get_table_names())
        status = schema_status(store.engine)
    assert "alembic_version" not in names
    assert status.state is SchemaState.UNVERSIONED
    assert previous["commit"] == "e86342d"


def test_apps_refuse_the_old_store_with_the_command_to_run(previous_store: str) -> None:
    with Store.open(previous_store) as store:
        with pytest.raises(SchemaMismatchError) as caught:
            apps.inspector(store)
        assert "tidligere udgave" in str(caught.value)
        assert "kommandoen 'tilsynwidgets opgrader'" in str(caught.value)
        assert apps.store_problem(store) == str(caught.value)


def test_upgrade_keeps_every_row_as_it_was(
    previous_store: str,
    previous: dict[str, Any],
    every_row: EveryRow,
    carried_over: CarriedOver,
) -> None:
    with Store.open(previous_store) as store:
        before = every_row(store)
        result = store.upgrade(NOW)
        after = every_row(store)
        assert schema_status(store.engine).state is SchemaState.CURRENT
    assert result.before.state is SchemaState.UNVERSIONED
    assert result.after == head_revision()
    assert result.packaged_added == ()  # the store holds the packaged 2026.1 already
    assert f"Lageret er opgraderet fra version {BASELINE}" in result.describe()
    # Revision 0005 turns the units' snapshots of signals into records of information.
    carried_over(before, after)
    counts = previous["rows"]
    # Revision 0003 keeps drafts that fit no encoding apart; this release's draft fits one.
    # Revision 0004 adds the catalogue versions put in force: none yet; 0006 the log of
    # exports, 0007 the facilitator's changes to participants (both empty).
    assert {name: len(rows) for name, rows in after.items()} == counts | {
        "unconverted_drafts": 0,
        "catalogue_in_force": 0,
        "export_log": 0,
        "training_participant_changes": 0,
    }
    shaped = {table.name for table in MODEL_TABLES}
    correctable = {table.name for table in HISTORY_TABLES}
    # Revision 0003 keys drafts by kind: the one draft is the same draft under its new key.
    (draft,) = before["drafts"]
    assert after.pop("drafts") == [
        {
            "owner": draft["assessor"],
            "kind": "risikovurdering",
            "unit_id": draft["unit_id"],
            "session_code": "",
            "vignette_id": "",
            "socialtilsyn": "",
            "payload": draft["payload"],
            "updated_at": draft["updated_at"],
        }
    ]
    assert draft["form"] == "risikovurdering"
    assert after.pop("unconverted_drafts") == []
    assert after.pop("catalogue_in_force") == []
    assert after.pop("export_log") == []
    assert after.pop("training_participant_changes") == []
    for name, rows in after.items():
        # The columns this release added hold their defaults; every other value is as it was.
        if name in shaped:
            assert {row.pop("model_shape") for row in rows} <= {1}, name
        if name in correctable:
            assert {row.pop("corrects") for row in rows} <= {None}, name
        assert rows == before[name], name


def test_todays_functions_read_every_row_after_the_upgrade(
    previous_store: str, previous: dict[str, Any]
) -> None:
    counts = previous["rows"]
    with Store.open(previous_store) as store:
        store.upgrade(NOW)
        store.check_schema()
        assert len(store.units()) == len(store.units_frame()) == counts["units"]
        assert len(store.assessments()) == len(store.assessments_frame()) == counts["assessments"]
        assert len(store.plans()) == len(store.plans_frame()) == counts["plans"]
        assert len(store.plan_visits_frame()) == counts["plans"]
        assert len(store.quality_assessments()) == counts["quality_assessments"]
        assert len(store.checklist_changes()) == counts["checklist_changes"]
        assert len(store.self_assessments()) == counts["self_assessments"]
        assert len(store.current_choices()) == len(set(store.assessments_frame()["unit_id"]))
        catalogues = CatalogueStore(store)
        assert len(catalogues.versions()) == counts["catalogue_versions"]
        training = TrainingStore(store)
        sessions = training.sessions()
        assert len(sessions) == counts["training_sessions"]
        code = sessions[0].code
        assert len(training.events(code)) == counts["training_events"]
        assert len(training.participants(code)) == counts["training_participants"]
        assert len(training.answers(code)) == counts["training_answers"]
        first = store.units()[0].id
        draft = DraftKey.assessment("Tilsynsførende C", first)
        assert store.load_draft(draft) == {"chosen": "gul"}
        provenance = read_provenance(store)
        assert provenance is not None
        assert str(provenance.data_as_of) == previous["as_of"]
        assert store.unreadable_rows == []


def test_todays_apps_open_on_the_upgraded_store(previous_store: str) -> None:
    with Store.open(previous_store) as store:
        store.upgrade(NOW)
        assert apps.data_status(store).startswith("Lageret indeholder 40 enheder")
        inspector = apps.inspector(store)
        assert "40" in inspector.summary()
        assert len(apps.leadership_data(store).units) == 40


def test_new_history_is_appended_after_the_old(previous_store: str) -> None:
    with Store.open(previous_store) as store:
        store.upgrade(NOW)
        old = store.assessments()
        latest = old[-1]
        store.append_assessment(latest.model_copy(update={"assessed_at": NOW}))
        with store.engine.connect() as conn:
            table = metadata.tables["assessments"]
            shapes = conn.execute(select(table.c.model_shape).order_by(table.c.id)).scalars()
            assert list(shapes)[-1] == 1
        assert store.assessments()[:-1] == old
