"""Drafts: kept per typed key, replaced on save, removed on discard, on both engines."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy.exc import IntegrityError

from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.store import Store, schema
from tilsynwidgets.store.history import ASSESSMENTS


def test_drafts_are_upserted_loaded_and_discarded(store: Store) -> None:
    key = DraftKey.assessment("Tilsynsførende A", "T-001")
    assert store.load_draft(key) is None
    store.save_draft(key, {"chosen": "gul", "justification": "Halvt skrevet"})
    assert store.load_draft(key) == {"chosen": "gul", "justification": "Halvt skrevet"}
    store.save_draft(key, {"chosen": "roed"})
    assert store.load_draft(key) == {"chosen": "roed"}
    assert store.discard_draft(key) is True
    assert store.load_draft(key) is None
    assert store.discard_draft(key) is False


def test_drafts_are_kept_apart_by_owner_kind_and_subject(store: Store) -> None:
    keys = [
        DraftKey.assessment("A", "T-001"),
        DraftKey.assessment("B", "T-001"),
        DraftKey.assessment("A", "T-002"),
        DraftKey.plan("A", "T-001"),
        DraftKey.quality("A", "T-001"),
        DraftKey.quality("A", "T-002"),
        DraftKey.self_assessment("A", "nord"),
        DraftKey.self_assessment("A", "syd"),
        DraftKey.training_answer("A", "K7M2QX", "v1"),
        DraftKey.training_answer("A", "K7M2QX", "v2"),
        DraftKey.training_answer("A", "AB12CD", "v1"),
        # the parts of one kind never meet another's: a unit and a vignette alike
        DraftKey.training_answer("A", "T-001", "T-001"),
    ]
    for number, key in enumerate(keys):
        store.save_draft(key, {"n": number})
    assert [store.load_draft(key) for key in keys] == [{"n": n} for n in range(len(keys))]
    assert store.discard_draft(DraftKey.plan("A", "T-001"))
    assert store.load_draft(DraftKey.assessment("A", "T-001")) == {"n": 0}
    assert store.discard_draft(DraftKey.quality("A", "T-001"))
    assert store.load_draft(DraftKey.assessment("A", "T-001")) == {"n": 0}
    assert store.load_draft(DraftKey.quality("A", "T-002")) == {"n": 5}


def test_draft_payload_is_stored_in_its_json_form(store: Store) -> None:
    key = DraftKey.plan("A", "T-001")
    store.save_draft(key, {"visit": date(2025, 2, 3), "based_on": ("a", "b")})
    assert store.load_draft(key) == {"visit": "2025-02-03", "based_on": ["a", "b"]}


def test_draft_without_assessor_is_refused_in_danish(store: Store) -> None:
    with pytest.raises(ValueError, match="tilsynsførende"):
        store.save_draft(DraftKey.assessment("  ", "T-001"), {})


@pytest.mark.parametrize(
    "row",
    [
        {"kind": "risikovurdering", "unit_id": ""},
        {"kind": "risikovurdering", "unit_id": "T-001", "vignette_id": "v1"},
        {"kind": "traening", "session_code": "K7M2QX"},
        {"kind": "traening", "vignette_id": "v1", "unit_id": "T-001"},
        {"kind": "selvevaluering", "socialtilsyn": "nord", "unit_id": "T-001"},
        {"kind": "kvalitetsvurdering", "unit_id": ""},
        {"kind": "kvalitetsvurdering", "socialtilsyn": "nord"},
        {"kind": "ukendt", "unit_id": "T-001"},
        {"kind": "tilsynsintensitet", "owner": "", "unit_id": "T-001"},
    ],
)
def test_the_database_refuses_a_draft_key_with_the_wrong_parts(
    store: Store, row: dict[str, str]
) -> None:
    values = {"owner": "A", "payload": {}, "updated_at": datetime.now(UTC), **row}
    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.execute(schema.drafts.insert(), values)


def test_a_stored_row_that_no_longer_validates_is_named_and_the_rest_is_read(
    store: Store, build: SimpleNamespace
) -> None:
    store.upsert_units([build.unit()])
    store.append_assessment(build.assessment(minutes=0))
    row = ASSESSMENTS.row(build.assessment(minutes=1), build.at(1))
    row["model"] = {**row["model"], "justification": "for kort"}
    with store.engine.begin() as conn:
        conn.execute(ASSESSMENTS.table.insert(), row)
    store.append_assessment(build.assessment(minutes=2))

    read = store.assessments()

    assert [item.assessed_at for item in read] == [build.at(0), build.at(2)]
    [problem] = store.unreadable_rows
    assert (problem.table, problem.key) == ("assessments", "2")
    assert problem.describe().startswith(
        "Tabellen assessments (risikovurderinger), række 2: feltet 'justification'"
    )


def test_a_draft_with_invisible_characters_is_stored_alike_on_both_engines(store: Store) -> None:
    payload = {"begrundelse": "Linje 1\x0bLinje 2\x00", "liste": ["a\x1bb"], "tal": 3}
    store.save_draft(DraftKey.assessment("Anna\x00 B", "T-001"), payload)
    assert store.load_draft(DraftKey.assessment("Anna B", "T-001")) == {
        "begrundelse": "Linje 1\nLinje 2",
        "liste": ["ab"],
        "tal": 3,
    }
