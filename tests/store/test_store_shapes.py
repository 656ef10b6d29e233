"""Model shapes: an older shape is read through the upgrade functions, a newer or broken one
is reported in Danish with its table and row, and the rest of the list is still read."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import insert

from tilsynwidgets.domain.risk.assessment import RiskAssessment
from tilsynwidgets.store import Store, shapes
from tilsynwidgets.store.history import ASSESSMENTS
from tilsynwidgets.store.shapes import RowShapeError, read_models, upgraded


def test_every_table_is_at_the_shape_of_the_previous_release_or_says_why_not() -> None:
    # Shape 1 is the previous release's; a model change raises it and adds an upgrade.
    # Catalogue versions 2: the catalogue says whether it is illustrative.
    assert shapes.CURRENT_SHAPES == {"catalogue_versions": 2}
    assert set(shapes.UPGRADES) == {("catalogue_versions", 1)}
    assert shapes.current_shape("assessments") == 1


def _rename_reason(model: dict[str, Any]) -> dict[str, Any]:
    """A made-up shape 1 → 2 step: the field 'begrundelse' became 'justification'."""
    data = dict(model)
    data["justification"] = data.pop("begrundelse")
    return data


def test_an_older_shape_is_read_through_each_upgrade(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(shapes.CURRENT_SHAPES, "assessments", 3)
    monkeypatch.setitem(shapes.UPGRADES, ("assessments", 1), _rename_reason)
    monkeypatch.setitem(shapes.UPGRADES, ("assessments", 2), lambda m: {**m, "steps": 2})
    assert upgraded("assessments", 1, {"begrundelse": "x"}) == {"justification": "x", "steps": 2}
    assert upgraded("assessments", 2, {"justification": "y"}) == {
        "justification": "y",
        "steps": 2,
    }
    assert upgraded("assessments", 3, {"justification": "z"}) == {"justification": "z"}


def test_a_missing_upgrade_and_a_newer_shape_are_refused_in_danish(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(RowShapeError, match=r"nyere udgave af tilsynwidgets \(form 2; denne"):
        upgraded("plans", 2, {})
    monkeypatch.setitem(shapes.CURRENT_SHAPES, "plans", 2)
    with pytest.raises(RowShapeError, match="mangler en opgradering fra form 1 til 2"):
        upgraded("plans", 1, {})


def test_rows_are_read_old_and_new_and_the_broken_one_is_named(
    store: Store, build: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.upsert_units([build.unit()])
    old = ASSESSMENTS.row(build.assessment(minutes=0), build.at(0))
    model = dict(old["model"])
    model["begrundelse"] = model.pop("justification")
    old.update(model=model, model_shape=1)
    newer = ASSESSMENTS.row(build.assessment(minutes=2), build.at(2))
    newer["model_shape"] = 3
    with store.engine.begin() as conn:
        conn.execute(insert(ASSESSMENTS.table), [old, newer])
    monkeypatch.setitem(shapes.CURRENT_SHAPES, "assessments", 2)
    monkeypatch.setitem(shapes.UPGRADES, ("assessments", 1), _rename_reason)
    store.append_assessment(build.assessment(minutes=1))

    read = store.assessments()

    assert read == [build.assessment(minutes=0), build.assessment(minutes=1)]
    [problem] = store.unreadable_rows
    assert problem.describe() == (
        "Tabellen assessments (risikovurderinger), række 2: rækken er gemt af en nyere udgave "
        "af tilsynwidgets (form 3; denne udgave kender til og med form 2)."
    )
    with store.engine.connect() as conn:
        written = conn.execute(
            ASSESSMENTS.table.select().with_only_columns(ASSESSMENTS.table.c.model_shape)
        ).scalars()
        assert list(written) == [1, 3, 2]  # the new row is written in today's shape


def test_read_models_reports_each_bad_row_once_with_the_field() -> None:
    rows = [("7", 1, {"unit_id": "T-1"}), ("8", 1, "ikke en model")]
    items, problems = read_models(RiskAssessment, "assessments", rows)
    assert items == []
    assert [p.key for p in problems] == ["7", "8"]
    assert "feltet '" in problems[0].reason
    assert "og " in problems[0].reason  # more than one field is missing
