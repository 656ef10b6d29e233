from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tilsynwidgets.sample.load import load_sample
from tilsynwidgets.store.errors import StoreNotEmptyError
from tilsynwidgets.store.provenance import read_provenance
from tilsynwidgets.store.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(f"sqlite:///{tmp_path / 'x.sqlite'}") as opened:
        opened.upgrade()
        yield opened


def test_everything_generated_is_stored(store: Store) -> None:
    messages: list[str] = []
    counts = load_sample(
        store, date(2026, 11, 1), n_tilbud=15, n_plejefamilier=25, report=messages.append
    )
    assert counts.units == len(store.units_frame()) == 40
    assert counts.assessments == len(store.assessments_frame())
    assert counts.plans == len(store.plans_frame())
    assert counts.quality_assessments == len(store.quality_assessments_frame())
    assert counts.checklist_changes == len(store.checklist_changes_frame())
    stored = store.self_assessments()
    assert counts.self_assessments == len(stored) == 8  # two for four of five socialtilsyn
    assert len({item.socialtilsyn for item in stored}) == 4
    assert all(item.assessed_at.date() < date(2026, 11, 1) for item in stored)
    assert messages[0] == "Danner enheder ..."
    assert messages[-1] == "Skriver til databasen ..."


def test_loads_only_into_an_empty_store(store: Store) -> None:
    load_sample(store, date(2026, 11, 1), n_tilbud=5, n_plejefamilier=5)
    before = len(store.assessments_frame())
    with pytest.raises(StoreNotEmptyError, match=r"kun i et tomt lager\. Intet er gemt\."):
        load_sample(store, date(2026, 11, 1), n_tilbud=5, n_plejefamilier=5)
    assert len(store.assessments_frame()) == before


def test_the_provenance_is_written_with_the_data(store: Store) -> None:
    load_sample(store, date(2026, 10, 1), seed=7, n_tilbud=3, n_plejefamilier=3)
    provenance = read_provenance(store)
    assert provenance is not None
    assert (provenance.source, provenance.data_as_of) == (
        "Syntetisk eksempelportefølje (frø 7)",
        date(2026, 10, 1),
    )
