"""The criteria catalogue in force, on SQLite and PostgreSQL: each time a version is put in
force is a row the database will not change; the newest is the catalogue the apps suggest
with, the packaged one until anyone has chosen; an unknown version is refused in Danish."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import DBAPIError

from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue, default_catalogue
from tilsynwidgets.domain.workshop.in_force import CatalogueInForce, new_entry, packaged_reference
from tilsynwidgets.domain.workshop.versions import new_version
from tilsynwidgets.store import Store, StoredRowError
from tilsynwidgets.store.catalogues import PACKAGED_AUTHOR, CatalogueStore
from tilsynwidgets.store.in_force import UnknownCatalogueVersionError
from tilsynwidgets.store.schema import APPEND_ONLY_MESSAGE, catalogue_in_force

T0 = datetime(2026, 11, 30, 13, 5, tzinfo=UTC)
REASON = "Klagetærsklen er afprøvet på porteføljen og giver færre røde forslag."
PACKAGED = packaged_reference(default_catalogue().version)


def _stricter(name: str, store: Store, *, author: str = "Metodekonsulent M") -> CriteriaCatalogue:
    """Save a version whose whistleblower threshold is 2; returns its catalogue."""
    data = default_catalogue().model_dump(mode="json")
    for item in data["criteria"]:
        if item["id"] == "whistleblower_flere":
            item["threshold"] = 2
    version = new_version(
        CriteriaCatalogue.model_validate(data),
        name=name,
        author=author,
        comment="Skærpet tærskel for whistleblowerhenvendelser.",
        saved_at=T0,
    )
    CatalogueStore(store).save(version)
    return version.catalogue


def _entry(version: str, minutes: int = 0, by: str = "Metodekonsulent M") -> CatalogueInForce:
    return new_entry(version, put_by=by, reason=REASON, put_at=T0 + timedelta(minutes=minutes))


def _count(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM catalogue_in_force")).scalar_one())


def test_until_a_version_is_put_in_force_the_packaged_catalogue_is_used(store: Store) -> None:
    assert store.catalogue_in_force() == default_catalogue()
    assert store.catalogue_in_force_entry() is None
    assert store.catalogue_in_force_history() == []


def test_the_newest_entry_is_in_force_and_the_history_lists_them_newest_first(
    store: Store,
) -> None:
    stricter = _stricter("2026.2-whistleblower", store)
    first = _entry("2026.2-whistleblower", 0, "Metodekonsulent A")
    store.put_catalogue_in_force(first)
    assert store.catalogue_in_force() == stricter
    assert store.catalogue_in_force().version == "2026.2-whistleblower"
    assert store.catalogue_in_force() != default_catalogue()
    second = _entry(PACKAGED, 60, "Metodekonsulent B")
    store.put_catalogue_in_force(second)
    assert store.catalogue_in_force() == default_catalogue()
    third = _entry("2026.2-whistleblower", 120)
    store.put_catalogue_in_force(third)
    assert store.catalogue_in_force_history() == [third, second, first]
    assert store.catalogue_in_force_entry() == third
    assert store.catalogue_in_force() == stricter


def test_the_columns_hold_what_people_query_by(store: Store) -> None:
    store.put_catalogue_in_force(_entry(PACKAGED))
    with store.engine.connect() as conn:
        row = conn.execute(select(catalogue_in_force)).one()
    assert (row.version, row.put_by, row.put_at, row.model_shape) == (
        PACKAGED,
        "Metodekonsulent M",
        T0,
        1,
    )
    assert row.recorded_at.tzinfo is not None
    assert CatalogueInForce.model_validate(row.model) == _entry(PACKAGED)


@pytest.mark.parametrize("version", ["findes-ikke", "pakket:1999.1", "pakket:2026.2-egen"])
def test_an_unknown_version_is_refused_in_danish_and_nothing_saved(
    store: Store, version: str
) -> None:
    _stricter("2026.2-egen", store)  # saved in the workshop: not a packaged catalogue
    with pytest.raises(UnknownCatalogueVersionError) as caught:
        store.put_catalogue_in_force(_entry(version))
    label = _entry(version).label()
    assert str(caught.value) == (
        f"Versionen '{label}' af kriteriekataloget findes ikke i lageret. Vælg en gemt version. "
        "Intet er gemt."
    )
    assert isinstance(caught.value, ValueError)
    assert _count(store) == 0
    assert store.catalogue_in_force() == default_catalogue()


def test_an_earlier_releases_packaged_catalogue_stays_in_force_after_an_upgrade(
    store: Store,
) -> None:
    """A release packaging 2027.1 keeps 2026.1 in force: it was stored under its name by the
    release that packaged it, and an upgrade never changes the catalogue in force."""
    older = _stricter("2025.9", store, author=PACKAGED_AUTHOR)
    store.put_catalogue_in_force(_entry("pakket:2025.9"))
    assert store.catalogue_in_force() == older
    assert store.catalogue_in_force_entry() == _entry("pakket:2025.9")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE catalogue_in_force SET version = 'andet'",
        "UPDATE catalogue_in_force SET put_at = recorded_at",
        "DELETE FROM catalogue_in_force",
    ],
)
def test_the_database_refuses_to_change_an_entry(store: Store, statement: str) -> None:
    store.put_catalogue_in_force(_entry(PACKAGED))
    with pytest.raises(DBAPIError) as caught, store.engine.begin() as conn:
        conn.execute(text(statement))
    assert APPEND_ONLY_MESSAGE in str(caught.value)
    assert store.catalogue_in_force_history() == [_entry(PACKAGED)]


def test_an_unreadable_newest_entry_is_said_not_skipped(store: Store) -> None:
    stricter = _stricter("2026.2-whistleblower", store)
    store.put_catalogue_in_force(_entry("2026.2-whistleblower"))
    broken = {**_entry(PACKAGED, 5).model_dump(mode="json"), "reason": "for kort"}
    row = {
        "version": PACKAGED,
        "put_by": "Metodekonsulent M",
        "put_at": T0 + timedelta(minutes=5),
        "recorded_at": T0,
        "model": broken,
        "model_shape": 1,
    }
    with store.engine.begin() as conn:
        conn.execute(insert(catalogue_in_force), row)
    with pytest.raises(StoredRowError, match="Kriteriekataloget i brug kan ikke læses"):
        store.catalogue_in_force()
    # the history skips it and says so; the older entry is not taken for the one in force
    assert store.catalogue_in_force_history() == [_entry("2026.2-whistleblower")]
    [problem] = store.unreadable_rows
    assert (problem.table, problem.key) == ("catalogue_in_force", "2")
    assert "kriteriekatalogets versioner i brug" in problem.describe()
    assert stricter.version == "2026.2-whistleblower"
