from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from tilsynwidgets.sample.load import load_sample
from tilsynwidgets.sample.portfolio import generate_sample
from tilsynwidgets.store.errors import StoreNotEmptyError
from tilsynwidgets.store.provenance import read_provenance
from tilsynwidgets.store.store import Store

AS_OF = date(2026, 11, 1)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(f"sqlite:///{tmp_path / 'x.sqlite'}") as opened:
        opened.upgrade()
        yield opened


def test_everything_generated_is_stored(store: Store) -> None:
    messages: list[str] = []
    counts = load_sample(store, AS_OF, n_tilbud=15, n_plejefamilier=25, report=messages.append)
    assert counts.units == len(store.units_frame()) == 40
    assert counts.assessments == len(store.assessments_frame())
    assert counts.plans == len(store.plans_frame())
    assert counts.quality_assessments == len(store.quality_assessments_frame())
    assert counts.checklist_changes == len(store.checklist_changes_frame())
    assert counts.information == len(store.information_frame()) > counts.units * 10
    stored = store.self_assessments()
    assert counts.self_assessments == len(stored) == 8  # two for four of five socialtilsyn
    assert len({item.socialtilsyn for item in stored}) == 4
    assert all(item.assessed_at.date() < AS_OF for item in stored)
    assert messages[0] == "Danner enheder, oplysninger og historik ..."
    assert (
        messages[-1] == f"Skriver 40 enheder og {counts.information} oplysninger til databasen ..."
    )


def test_the_stored_records_have_the_ids_the_sample_numbered_them_with(engine_url: str) -> None:
    """The assessments name the records they took a position on by these ids, so the store
    must give each record the number the sample gave it — on both engines."""
    sample = generate_sample(3, AS_OF, n_tilbud=12, n_plejefamilier=18)
    with Store.open(engine_url) as opened:
        opened.upgrade()
        load_sample(opened, AS_OF, seed=3, n_tilbud=12, n_plejefamilier=18)
        stored = {
            record.id: record.information
            for unit in sample.units
            for record in opened.information(unit.id)
        }
        assessments = opened.assessments_frame()
    made = {record.id: record.information for record in sample.information.records}
    assert sorted(stored) == sorted(made) == list(range(1, len(made) + 1))
    assert stored == made
    assert any(item.replaces for item in made.values())  # a påbud met, as a correction
    assert len(assessments) == len(sample.history.assessments)


def test_the_units_carry_no_snapshot_and_their_signals_come_from_the_records(store: Store) -> None:
    load_sample(store, AS_OF, seed=5, n_tilbud=10, n_plejefamilier=10)
    sample = generate_sample(5, AS_OF, n_tilbud=10, n_plejefamilier=10)
    frame = store.units_frame(as_of=AS_OF).set_index("id").sort_index()
    expected = sample.frame.set_index("id").sort_index()
    keys = [k for k in expected.columns if k in frame.columns and expected[k].dtype == float]
    pd.testing.assert_frame_equal(frame[keys], expected[keys], check_dtype=False)


def test_loads_only_into_an_empty_store(store: Store) -> None:
    load_sample(store, AS_OF, n_tilbud=5, n_plejefamilier=5)
    before = len(store.assessments_frame())
    with pytest.raises(StoreNotEmptyError, match=r"kun i et tomt lager\. Intet er gemt\."):
        load_sample(store, AS_OF, n_tilbud=5, n_plejefamilier=5)
    assert len(store.assessments_frame()) == before


def test_the_provenance_is_written_with_the_data(store: Store) -> None:
    load_sample(store, date(2026, 10, 1), seed=7, n_tilbud=3, n_plejefamilier=3)
    provenance = read_provenance(store)
    assert provenance is not None
    assert (provenance.source, provenance.data_as_of) == (
        "Syntetisk eksempelportefølje (frø 7)",
        date(2026, 10, 1),
    )
