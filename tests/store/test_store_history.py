"""The mapping of each history model onto its table row."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from tilsynwidgets.store.history import (
    ASSESSMENTS,
    CHECKLIST_CHANGES,
    PLANS,
    QUALITY_ASSESSMENTS,
    HistoryKind,
)

KINDS: dict[str, HistoryKind[Any]] = {
    "assessment": ASSESSMENTS,
    "plan": PLANS,
    "checklist_change": CHECKLIST_CHANGES,
    "quality_assessment": QUALITY_ASSESSMENTS,
}
RECORDED = datetime(2025, 5, 1, tzinfo=UTC)


@pytest.mark.parametrize("noun", KINDS)
def test_row_fills_every_column_but_the_key(build: SimpleNamespace, noun: str) -> None:
    kind = KINDS[noun]
    item = getattr(build, noun)()
    row = kind.row(item, RECORDED)
    assert set(row) == {column.name for column in kind.table.columns} - {"id"}
    assert row["unit_id"] == item.unit_id
    assert row[kind.when] == getattr(item, kind.when)
    assert row["recorded_at"] == RECORDED
    assert kind.model.model_validate(row["model"]) == item


@pytest.mark.parametrize("noun", KINDS)
def test_frame_columns_exist_in_the_table(noun: str) -> None:
    kind = KINDS[noun]
    assert set(kind.frame) <= {column.name for column in kind.table.columns}
    assert kind.when in kind.frame


def test_assessment_row_keeps_the_decisive_values(build: SimpleNamespace) -> None:
    row = ASSESSMENTS.row(build.deviating_assessment(), RECORDED)
    assert (row["phase"], row["suggested"], row["chosen"], row["deviation"]) == (
        "prae",
        "gul",
        "roed",
        True,
    )


def test_plan_row_keeps_the_decisive_values(build: SimpleNamespace) -> None:
    row = PLANS.row(build.plan(estimated_hours=12.5), RECORDED)
    assert (row["category"], row["estimated_hours"], row["template_unchanged"]) == (
        "gul",
        12.5,
        True,
    )
    assert row["ruleset_id"] == "socialtilsyn-7-4"


def test_checklist_row_keeps_the_decisive_values(build: SimpleNamespace) -> None:
    row = CHECKLIST_CHANGES.row(build.checklist_change(in_place=False), RECORDED)
    assert (row["measure_id"], row["in_place"]) == ("juridisk_oekonomisk_bistand", False)
