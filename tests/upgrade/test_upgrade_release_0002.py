"""A store made by the release at schema revision 0002 (c6cb206) upgrades on both engines:
every draft of its three key encodings is read back through the typed keys with the same
payload, a draft that fits no encoding is kept apart as it was, nothing else changes, and
the apps restore the drafts as before."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError

from tilsynwidgets import apps
from tilsynwidgets.assessor import Assessor
from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.drafts import DraftKey, DraftKind
from tilsynwidgets.domain.intensity.rulesets import default_ruleset
from tilsynwidgets.domain.risk.criteria import default_catalogue
from tilsynwidgets.domain.support.measures import general_measures
from tilsynwidgets.domain.training.vignettes import vignettes
from tilsynwidgets.store import Store
from tilsynwidgets.store.migrate import SchemaMismatchError, SchemaState, schema_status
from tilsynwidgets.store.schema import drafts, metadata, unconverted_drafts
from tilsynwidgets.store.training import TrainingStore
from tilsynwidgets.widgets.inspector.app import InspectorApp
from tilsynwidgets.widgets.leadership.self_assessment import SelfAssessmentPanel
from tilsynwidgets.widgets.training.participant import ParticipantApp
from tilsynwidgets.widgets.unit.plan_form import PlanPanel

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
EveryRow = Callable[[Store], dict[str, list[dict[str, Any]]]]  # the conftest's fixture
CarriedOver = Callable[[dict[str, Any], dict[str, Any]], None]  # the conftest's fixture
INSPECTOR = "Tilsynsførende C"
LEADER = "Leder D"


def _engine(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def _key(described: dict[str, Any]) -> DraftKey:
    """A draft as the fixture's summary describes it → its typed key (built per kind, not
    from the old encoding)."""
    kind = DraftKind(described["kind"])
    owner = described["owner"]
    if kind is DraftKind.ASSESSMENT:
        return DraftKey.assessment(owner, described["unit_id"])
    if kind is DraftKind.PLAN:
        return DraftKey.plan(owner, described["unit_id"])
    if kind is DraftKind.TRAINING_ANSWER:
        return DraftKey.training_answer(owner, described["session_code"], described["vignette_id"])
    return DraftKey.self_assessment(owner, described["socialtilsyn"])


def _drafts(release_0002: dict[str, Any], url: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = release_0002["drafts"][_engine(url)]
    return found


def _table(store: Store, name: str) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(text(f"SELECT * FROM {name}"))]


def test_the_fixture_is_the_release_at_revision_0002(
    release_0002_store: str, release_0002: dict[str, Any]
) -> None:
    with Store.open(release_0002_store) as store:
        status = schema_status(store.engine)
        columns = {c["name"] for c in inspect(store.engine).get_columns("drafts")}
        with pytest.raises(SchemaMismatchError, match="tidligere udgave"):
            apps.inspector(store)
        old = _table(store, "drafts")
    assert (status.state, status.revision) == (SchemaState.BEHIND, "0002")
    assert release_0002["commit"] == "c6cb206"
    assert columns == {"assessor", "unit_id", "form", "payload", "updated_at"}
    forms = sorted(row["form"].split(":")[0] for row in old)
    assert forms == sorted(
        [
            "risikovurdering",
            "tilsynsintensitet",
            "traening",
            "selvevaluering",
            "ny_enhed",
            "selvevaluering",
        ]
    )


def test_every_draft_reads_back_through_its_typed_key(
    release_0002_store: str, release_0002: dict[str, Any]
) -> None:
    described = _drafts(release_0002, release_0002_store)
    # every kind that release had (drafts of a quality assessment came with revision 0004)
    assert {DraftKind(d["kind"]) for d in described} == set(DraftKind) - {DraftKind.QUALITY}
    with Store.open(release_0002_store) as store:
        result = store.upgrade(NOW)
        store.check_schema()
        assert result.describe().startswith("Lageret er opgraderet fra version 0002")
        for draft in described:
            assert store.load_draft(_key(draft)) == draft["payload"], draft["kind"]
        # and nothing answers to a key with its parts swapped or its kind changed
        training = next(d for d in described if d["kind"] == "traening")
        swapped = DraftKey.training_answer(
            training["owner"], training["vignette_id"][:8], training["session_code"]
        )
        assert store.load_draft(swapped) is None
        assessment = next(d for d in described if d["kind"] == "risikovurdering")
        assert store.load_draft(DraftKey.plan(INSPECTOR, assessment["unit_id"])) is not None
        assert store.load_draft(DraftKey.assessment(INSPECTOR, "T-99999")) is None
        assert store.load_draft(DraftKey.self_assessment(LEADER, "syd")) is None


def test_each_encoding_lands_in_its_own_columns(
    release_0002_store: str, release_0002: dict[str, Any]
) -> None:
    described = _drafts(release_0002, release_0002_store)
    parts = ("unit_id", "session_code", "vignette_id", "socialtilsyn")
    with Store.open(release_0002_store) as store:
        store.upgrade(NOW)
        with store.engine.connect() as conn:
            rows = conn.execute(select(drafts).order_by(drafts.c.kind)).mappings().all()
    stored = sorted(
        ({"kind": r["kind"], "owner": r["owner"], **{p: r[p] for p in parts}} for r in rows),
        key=lambda row: row["kind"],
    )
    expected = sorted(
        (
            {"kind": d["kind"], "owner": d["owner"], **{p: d.get(p, "") for p in parts}}
            for d in described
        ),
        key=lambda row: row["kind"],
    )
    assert stored == expected


def test_a_draft_that_fits_no_encoding_is_kept_apart_as_it_was(
    release_0002_store: str, release_0002: dict[str, Any]
) -> None:
    with Store.open(release_0002_store) as store:
        before = {(r["assessor"], r["unit_id"], r["form"]): r for r in _table(store, "drafts")}
        store.upgrade(NOW)
        kept = _table(store, "unconverted_drafts")
        converted = _table(store, "drafts")
    wanted = {(d["assessor"], d["unit_id"], d["form"]) for d in release_0002["unconverted_drafts"]}
    assert {(r["assessor"], r["unit_id"], r["form"]) for r in kept} == wanted
    for row in kept:
        assert row == before[(row["assessor"], row["unit_id"], row["form"])]
    assert len(converted) + len(kept) == len(before) == release_0002["rows"]["drafts"]
    assert unconverted_drafts.name == "unconverted_drafts"


def test_nothing_but_the_drafts_changes(
    release_0002_store: str,
    release_0002: dict[str, Any],
    every_row: EveryRow,
    carried_over: CarriedOver,
) -> None:
    def others(store: Store) -> dict[str, list[dict[str, Any]]]:
        found = {}
        with store.engine.connect() as conn:
            for table in metadata.sorted_tables:
                if table.name in {
                    "drafts",
                    "unconverted_drafts",
                    "catalogue_in_force",
                    "information",
                    "export_log",
                    "training_participant_changes",
                }:
                    continue
                order = ", ".join(column.name for column in table.primary_key.columns)
                result = conn.execute(text(f"SELECT * FROM {table.name} ORDER BY {order}"))
                found[table.name] = [dict(row._mapping) for row in result]
        return found

    with Store.open(release_0002_store) as store:
        before = others(store)
        store.upgrade(NOW)
        after = others(store)
        after["information"] = every_row(store)["information"]
        assert store.unreadable_rows == []
    carried_over(before, after)  # revision 0005: the snapshots of signals become records
    assert after == before
    with Store.open(release_0002_store) as store:
        assert store.catalogue_in_force_history() == []  # revision 0004's table, empty
        assert store.export_log() == []  # revision 0006's table, empty
    counts = {name: len(rows) for name, rows in after.items()}
    assert counts == {k: v for k, v in release_0002["rows"].items() if k != "drafts"}


@pytest.mark.parametrize(
    "row",
    [
        {"kind": "traening", "session_code": "KURS26"},
        {"kind": "selvevaluering", "socialtilsyn": "nord", "unit_id": "P-00001"},
        {"kind": "risikovurdering", "vignette_id": "v1"},
    ],
)
def test_the_upgraded_store_refuses_a_mixed_up_key(
    release_0002_store: str, row: dict[str, str]
) -> None:
    with Store.open(release_0002_store) as store:
        store.upgrade(NOW)
        values = {"owner": "A", "payload": {}, "updated_at": NOW, **row}
        with pytest.raises(IntegrityError), store.engine.begin() as conn:
            conn.execute(drafts.insert(), values)


def test_the_apps_restore_the_upgraded_drafts(
    release_0002_store: str, release_0002: dict[str, Any]
) -> None:
    described = {d["kind"]: d for d in _drafts(release_0002, release_0002_store)}
    with Store.open(release_0002_store) as store:
        store.upgrade(NOW)
        # the inspector's risk assessment, in the inspector app
        unit_id = described["risikovurdering"]["unit_id"]
        inspector = InspectorApp(
            store,
            Assessor(INSPECTOR, "test"),
            default_catalogue(),
            default_ruleset(),
            store.units_frame(),
            store.current_choices(),
            clock=lambda: NOW,
        )
        inspector.picker.search.value = unit_id
        inspector.picker.results.value = unit_id
        assert "gendannet" in inspector.assessment.status.value
        assert inspector.assessment.form.draft["justification"] == "Halvt skrevet begrundelse"
        # the plan, in its panel, for the category it was drafted for
        plan = PlanPanel(store, INSPECTOR, default_ruleset(), lambda _decision: None)
        plan.show(unit_id, RiskCategory.ROED)
        assert "gendannet" in plan.status.value
        assert plan.form.control("visits.unannounced_per_year").value == 3
        # the participant's unsubmitted answer, after joining again
        participant = ParticipantApp(TrainingStore(store), clock=lambda: NOW)
        participant.code.value, participant.name.value = "KURS26", "Deltager 1"
        participant.join_button.click()
        assert participant.me is not None
        assert participant.me.participant_id == described["traening"]["owner"]
        answer = participant.forms[vignettes().ids[2]]
        assert answer.category is not None
        assert answer.category.value == "gul"
        assert answer.form.control("justification").value == "Jeg er ikke færdig med at begrunde"
        # the leader's unsaved self-assessment
        panel = SelfAssessmentPanel(store, Assessor(LEADER, "test"), clock=lambda: NOW)
        panel.socialtilsyn.value = "nord"
        first = general_measures()[0].id
        assert "kladde" in panel.status.value
        assert panel.levels[first].value == "delvist"
        assert panel.notes[first].value == "Vi mangler en fast sparringsaftale"
