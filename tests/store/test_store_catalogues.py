"""Criteria catalogue versions in the store, on SQLite and PostgreSQL: saved under a new name
and never overwritten, refused changes in the database itself, and the packaged catalogue
stored once as the first version even when several processes start at once."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import DBAPIError

from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue, default_catalogue
from tilsynwidgets.domain.workshop.versions import CatalogueVersion, new_version
from tilsynwidgets.store import Store, StoredRowError, StoreError
from tilsynwidgets.store.catalogues import (
    PACKAGED_AUTHOR,
    CatalogueStore,
    VersionNameTakenError,
)
from tilsynwidgets.store.schema import APPEND_ONLY_MESSAGE, catalogue_versions

T0 = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)


def _stricter() -> CriteriaCatalogue:
    data = default_catalogue().model_dump(mode="json")
    for item in data["criteria"]:
        if item["id"] == "whistleblower_flere":
            item["threshold"] = 2
    return CriteriaCatalogue.model_validate(data)


def _version(
    name: str,
    *,
    at: datetime = T0,
    author: str = "Metodekonsulent M",
    comment: str = "Skærpet tærskel for whistleblowerhenvendelser.",
    based_on: str | None = None,
) -> CatalogueVersion:
    return new_version(
        _stricter(), name=name, author=author, comment=comment, saved_at=at, based_on=based_on
    )


def _count(store: Store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM catalogue_versions")).scalar_one()


def test_save_list_and_get(store: Store) -> None:
    catalogues = CatalogueStore(store)
    assert catalogues.versions() == []
    first = _version("2026.2-whistleblower", based_on="2026.1")
    second = _version("2026.3", at=T0 + timedelta(days=3), based_on=first.name)
    third = _version("2026.2b", at=T0 + timedelta(hours=1))
    for version in (first, second, third):
        catalogues.save(version)
    assert [v.name for v in catalogues.versions()] == ["2026.3", "2026.2b", "2026.2-whistleblower"]
    assert catalogues.get("2026.2-whistleblower") == first
    assert catalogues.get("2026.3") == second
    assert catalogues.get("findes-ikke") is None
    stored = catalogues.get("2026.3")
    assert stored is not None
    assert stored.based_on == "2026.2-whistleblower"
    assert stored.catalogue.version == "2026.3"
    assert stored.saved_at == T0 + timedelta(days=3)


def test_the_columns_hold_what_people_query_by(store: Store) -> None:
    CatalogueStore(store).save(_version("v2", based_on="2026.1"))
    table = catalogue_versions
    with store.engine.connect() as conn:
        row = conn.execute(select(table)).one()
    assert (row.name, row.author, row.based_on, row.saved_at) == (
        "v2",
        "Metodekonsulent M",
        "2026.1",
        T0,
    )
    assert row.recorded_at.tzinfo is not None
    assert CatalogueVersion.model_validate(row.model) == _version("v2", based_on="2026.1")


def test_a_taken_name_is_refused_and_nothing_is_written(store: Store) -> None:
    catalogues = CatalogueStore(store)
    original = _version("v2")
    catalogues.save(original)
    again = _version("v2", author="En anden", comment="Vil overskrive.", at=T0 + timedelta(1))
    with pytest.raises(VersionNameTakenError) as caught:
        catalogues.save(again)
    assert str(caught.value) == "Versionen 'v2' findes allerede; vælg et nyt navn. Intet er gemt."
    assert isinstance(caught.value, StoreError)
    assert caught.value.name == "v2"
    assert _count(store) == 1
    assert catalogues.get("v2") == original
    assert catalogues.versions() == [original]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE catalogue_versions SET author = 'Ondsindet'",
        "UPDATE catalogue_versions SET name = 'v9'",
        "DELETE FROM catalogue_versions",
    ],
)
def test_the_database_refuses_to_change_a_version(store: Store, statement: str) -> None:
    catalogues = CatalogueStore(store)
    catalogues.save(_version("v2"))
    with pytest.raises(DBAPIError) as caught, store.engine.begin() as conn:
        conn.execute(text(statement))
    assert APPEND_ONLY_MESSAGE in str(caught.value)
    assert catalogues.get("v2") == _version("v2")


def test_truncate_cannot_empty_the_versions(store: Store) -> None:
    # PostgreSQL has TRUNCATE and a trigger refuses it; SQLite has no TRUNCATE at all.
    CatalogueStore(store).save(_version("v2"))
    with pytest.raises(DBAPIError) as caught, store.engine.begin() as conn:
        conn.execute(text("TRUNCATE catalogue_versions"))
    if store.engine.dialect.name == "postgresql":
        assert APPEND_ONLY_MESSAGE in str(caught.value)
    assert _count(store) == 1


def test_ensure_packaged_stores_the_packaged_catalogue_once(store: Store) -> None:
    catalogues = CatalogueStore(store)
    assert catalogues.ensure_packaged(T0) is True
    assert catalogues.ensure_packaged(T0 + timedelta(days=1)) is False
    store.upgrade()
    assert catalogues.ensure_packaged(T0 + timedelta(days=2)) is False
    (packaged,) = catalogues.versions()
    assert packaged.name == default_catalogue().version
    assert packaged.catalogue == default_catalogue()
    assert packaged.author == PACKAGED_AUTHOR == "tilsynwidgets (pakket katalog)"
    assert "data/criteria.yaml" in packaged.comment
    assert packaged.saved_at == T0
    assert packaged.based_on is None


def test_the_packaged_catalogue_reaches_a_store_with_other_versions_untouched(
    store: Store,
) -> None:
    catalogues = CatalogueStore(store)
    own = _version("eget-katalog")
    catalogues.save(own)
    assert catalogues.ensure_packaged(T0 + timedelta(days=1)) is True
    assert [v.name for v in catalogues.versions()] == ["2026.1", "eget-katalog"]
    assert catalogues.get("eget-katalog") == own


def test_upgrading_an_existing_store_adds_the_packaged_catalogue(store: Store) -> None:
    catalogues = CatalogueStore(store)
    catalogues.save(_version("eget-katalog"))
    result = store.upgrade(T0 + timedelta(days=2))
    assert result.packaged_added == ("2026.1",)
    assert "Kriteriekatalogets version '2026.1' fra denne udgave er tilføjet." in (
        result.describe()
    )
    assert store.upgrade().packaged_added == ()
    assert [v.name for v in catalogues.versions()] == ["2026.1", "eget-katalog"]


HOSTILE = (
    "'); DROP TABLE catalogue_versions; --\n"
    "<script>alert('x')</script> <img src=x onerror=alert(1)>\n"
    '"\\u0000" \\x00 %s %(name)s {0} ${HOME} `rm -rf /`\n'
    "\u202eomvendt tekst\u202c æøå ÆØÅ 😀 \t tabulator"
)


def test_a_hostile_comment_is_stored_as_typed(store: Store) -> None:
    catalogues = CatalogueStore(store)
    version = _version("v2", comment=HOSTILE, author="Robert'); DROP TABLE units;--")
    catalogues.save(version)
    stored = catalogues.get("v2")
    assert stored is not None
    assert stored.comment == HOSTILE
    assert stored.author == "Robert'); DROP TABLE units;--"
    with store.engine.connect() as conn:
        assert conn.execute(select(catalogue_versions.c.comment)).scalar_one() == HOSTILE
    assert store.units() == []  # the units table is still there


def test_a_hostile_name_finds_nothing(store: Store) -> None:
    catalogues = CatalogueStore(store)
    catalogues.save(_version("v2"))
    assert catalogues.get("v2' OR '1'='1") is None
    assert catalogues.get("%") is None


def test_an_unreadable_row_is_named(store: Store) -> None:
    row = {
        "name": "gammel",
        "author": "M",
        "comment": "Gemt med en ældre datamodel.",
        "saved_at": T0,
        "recorded_at": T0,
        "based_on": None,
        "model": {"name": "gammel", "catalogue": {"version": "gammel"}},
    }
    with store.engine.begin() as conn:
        conn.execute(insert(catalogue_versions), row)
    catalogues = CatalogueStore(store)
    catalogues.save(_version("v2"))
    assert [v.name for v in catalogues.versions()] == ["v2"]
    [problem] = store.unreadable_rows
    assert (problem.table, problem.key) == ("catalogue_versions", "gammel")
    with pytest.raises(StoredRowError, match="Versionen 'gammel' af kriteriekataloget kan ikke"):
        catalogues.get("gammel")


# Several apps start at once: each stores the packaged catalogue if none is stored, then
# tries to save a version under the same new name.
WORKER = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from tilsynwidgets.domain.workshop.versions import new_version
from tilsynwidgets.domain.risk.criteria import default_catalogue
from tilsynwidgets.store import Store
from tilsynwidgets.store.catalogues import CatalogueStore, VersionNameTakenError

url, number, folder = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
with Store.open(url) as store:
    catalogues = CatalogueStore(store)
    (folder / f"ready-{number}").touch()
    while not (folder / "go").exists():
        time.sleep(0.001)
    stored = catalogues.ensure_packaged(datetime.now(UTC))
    version = new_version(
        default_catalogue(), name="samtidig", author=f"Konsulent {number}",
        comment="Gemt samtidig med de andre.", saved_at=datetime.now(UTC), based_on="2026.1",
    )
    try:
        catalogues.save(version)
        saved = "saved"
    except VersionNameTakenError:
        saved = "taken"
print(stored, saved, number)
"""

WORKERS = 8


def test_simultaneous_starts_store_the_packaged_catalogue_once(
    store: Store, engine_url: str, tmp_path: Path
) -> None:
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, engine_url, str(n), str(tmp_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WORKERS)
    ]
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("ready-*"))) < WORKERS:
        assert time.monotonic() < deadline, "arbejderne blev ikke klar"
        assert all(w.poll() is None for w in workers), [w.communicate() for w in workers]
        time.sleep(0.05)
    (tmp_path / "go").touch()
    results = [w.communicate(timeout=120) for w in workers]
    assert [w.returncode for w in workers] == [0] * WORKERS, [e for _, e in results if e]
    lines = [out.split() for out, _ in results]
    assert sorted(stored for stored, _, _ in lines) == ["False"] * (WORKERS - 1) + ["True"]
    assert sorted(saved for _, saved, _ in lines) == ["saved"] + ["taken"] * (WORKERS - 1)
    (saver,) = [number for _, saved, number in lines if saved == "saved"]

    catalogues = CatalogueStore(store)
    assert sorted(v.name for v in catalogues.versions()) == ["2026.1", "samtidig"]
    together = catalogues.get("samtidig")
    assert together is not None
    assert together.author == f"Konsulent {saver}"


def _stored_at_shape_1(store: Store, version: CatalogueVersion, **catalogue: object) -> None:
    """``version`` as the release before the illustrative mark stored it (no such field)."""
    model = version.model_dump(mode="json")
    del model["catalogue"]["illustrative"]
    model["catalogue"].update(catalogue)
    row = {
        "name": version.name,
        "author": version.author,
        "comment": version.comment,
        "saved_at": version.saved_at,
        "recorded_at": T0,
        "based_on": version.based_on,
        "model": model,
        "model_shape": 1,
    }
    with store.engine.begin() as conn:
        conn.execute(insert(catalogue_versions), row)


def test_a_version_stored_before_the_illustrative_mark_reads_as_illustrative(
    store: Store,
) -> None:
    catalogues = CatalogueStore(store)
    plain = _version("v1")
    _stored_at_shape_1(store, plain.model_copy(update={"name": "v1"}))
    _stored_at_shape_1(store, _version("v2"), illustrative=False)  # says so: kept
    read = catalogues.get("v1")
    assert read is not None
    assert read.catalogue.illustrative is True
    assert read.catalogue.criteria == plain.catalogue.criteria
    kept = catalogues.get("v2")
    assert kept is not None
    assert kept.catalogue.illustrative is False
    assert store.unreadable_rows == []


def test_a_new_version_is_stored_at_shape_2_and_keeps_its_mark(store: Store) -> None:
    catalogues = CatalogueStore(store)
    data = _stricter().model_dump(mode="json")
    mine = new_version(
        CriteriaCatalogue.model_validate({**data, "illustrative": False}),
        name="v3",
        author="Metodekonsulent M",
        comment="Fastsat efter afprøvning.",
        saved_at=T0,
    )
    catalogues.save(mine)
    with store.engine.connect() as conn:
        shape = conn.execute(select(catalogue_versions.c.model_shape)).scalar_one()
    assert shape == 2
    assert catalogues.get("v3") == mine
