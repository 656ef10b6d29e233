"""Migrations, on SQLite and PostgreSQL: the revisions build exactly today's tables, an upgrade
is one locked transaction, and an app refuses a store of another revision in Danish."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine, inspect, text

from tilsynwidgets.store import Store, StoreError
from tilsynwidgets.store import migrate as migrate_module
from tilsynwidgets.store.migrate import (
    BASELINE,
    SchemaMismatchError,
    SchemaState,
    head_revision,
    schema_status,
)
from tilsynwidgets.store.schema import metadata

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def _run_revisions(conn: Connection, target: str) -> None:
    config = migrate_module._config(conn)
    command.upgrade(config, target)


def _triggers(conn: Connection) -> dict[str, str]:
    if conn.dialect.name == "sqlite":
        rows = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
        return {name: " ".join(sql.split()) for name, sql in rows}
    rows = conn.execute(
        text(
            "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger "
            "WHERE NOT tgisinternal AND tgrelid::regclass::text NOT LIKE 'pg_%'"
        )
    )
    return {name: definition for name, definition in rows}


def _indexes(conn: Connection) -> set[tuple[str, str, tuple[str, ...]]]:
    inspector = inspect(conn)
    return {
        (table, str(index["name"]), tuple(str(c) for c in index["column_names"]))
        for table in inspector.get_table_names()
        for index in inspector.get_indexes(table)
    }


def _at_baseline_without_version(url: str) -> None:
    """A store as the release before migrations made it: revision 0001, no version table."""
    with Store.open(url) as store, store.engine.begin() as conn:
        _run_revisions(conn, BASELINE)
        conn.execute(text("DROP TABLE alembic_version"))


def test_the_revisions_build_exactly_todays_tables(engine_url: str, tmp_path: Path) -> None:
    """An empty store is created from the tables at once; the revisions run one by one must
    give the same columns, keys, indexes and triggers."""
    other = (
        f"sqlite:///{tmp_path / 'revisions.sqlite'}"
        if engine_url.startswith("sqlite")
        else engine_url
    )
    with Store.open(engine_url) as created:
        created.upgrade(NOW)
        with created.engine.connect() as conn:
            created_triggers, created_indexes = _triggers(conn), _indexes(conn)
    if other == engine_url:  # PostgreSQL: the same schema, emptied, built by the revisions
        with Store.open(engine_url) as store, store.engine.begin() as conn:
            for table in (*reversed(metadata.sorted_tables),):
                conn.execute(text(f"DROP TABLE {table.name} CASCADE"))
            conn.execute(text("DROP TABLE alembic_version"))
    with Store.open(other) as store:
        with store.engine.begin() as conn:
            _run_revisions(conn, "head")
        with store.engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), metadata)
            assert differences == []
            assert _triggers(conn) == created_triggers
            assert _indexes(conn) == created_indexes
        assert schema_status(store.engine).state is SchemaState.CURRENT


def test_a_new_store_is_created_at_the_newest_revision(engine_url: str) -> None:
    with Store.open(engine_url) as store:
        assert schema_status(store.engine).state is SchemaState.EMPTY
        result = store.upgrade(NOW)
        assert result.describe() == f"Lageret er oprettet med skemaets version {head_revision()}."
        status = schema_status(store.engine)
        assert (status.state, status.revision) == (SchemaState.CURRENT, head_revision())
        store.check_schema()
        assert store.upgrade(NOW).describe().startswith("Lageret har allerede den nyeste")


def test_an_app_refuses_an_empty_store_and_names_the_command(engine_url: str) -> None:
    with Store.open(engine_url) as store, pytest.raises(SchemaMismatchError) as caught:
        store.check_schema()
    assert str(caught.value) == (
        "Lageret er ikke oprettet endnu. Det oprettes med kommandoen 'tilsynwidgets opgrader' "
        "(den, der driver serveren, kører den); åbn derefter siden igen."
    )


def test_a_store_of_a_newer_release_is_refused_and_left_alone(engine_url: str) -> None:
    with Store.open(engine_url) as store:
        store.upgrade(NOW)
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
        with pytest.raises(SchemaMismatchError, match="nyere udgave af tilsynwidgets"):
            store.check_schema()
        with pytest.raises(SchemaMismatchError, match="Intet er ændret"):
            store.upgrade(NOW)
        assert schema_status(store.engine).revision == "9999"


def test_an_old_store_is_stamped_and_upgraded(engine_url: str) -> None:
    _at_baseline_without_version(engine_url)
    with Store.open(engine_url) as store:
        assert schema_status(store.engine).state is SchemaState.UNVERSIONED
        with pytest.raises(SchemaMismatchError, match="kommandoen 'tilsynwidgets opgrader'"):
            store.check_schema()
        result = store.upgrade(NOW)
        assert result.before.state is SchemaState.UNVERSIONED
        assert result.packaged_added == ("2026.1",)
        store.check_schema()
        columns = {c["name"] for c in inspect(store.engine).get_columns("assessments")}
        assert "model_shape" in columns


def test_a_failed_upgrade_changes_nothing(engine_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _at_baseline_without_version(engine_url)

    def fail(*_args: object) -> list[str]:
        raise RuntimeError("stopped after the revisions ran")

    monkeypatch.setattr("tilsynwidgets.store.catalogues.insert_packaged", fail)
    with Store.open(engine_url) as store:
        with pytest.raises(RuntimeError):
            store.upgrade(NOW)
        names = set(inspect(store.engine).get_table_names())
        columns = {c["name"] for c in inspect(store.engine).get_columns("assessments")}
    assert "alembic_version" not in names
    assert "model_shape" not in columns


def test_a_database_with_other_tables_is_not_touched(engine_url: str) -> None:
    with Store.open(engine_url) as store:
        with store.engine.begin() as conn:
            conn.execute(text("CREATE TABLE units (nummer INTEGER)"))
        with pytest.raises(SchemaMismatchError, match="ikke dem, tilsynwidgets opretter"):
            store.upgrade(NOW)
        assert set(inspect(store.engine).get_table_names()) == {"units"}


def test_an_app_role_is_only_granted_on_postgresql(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'x.sqlite'}") as store:
        with pytest.raises(StoreError, match="kun gives på PostgreSQL"):
            store.upgrade(NOW, app_role="tilsynwidgets_app")
        assert schema_status(store.engine).state is SchemaState.EMPTY


UPGRADER = """
import sys, time
from pathlib import Path
from tilsynwidgets.store import Store
url, number, folder = sys.argv[1], sys.argv[2], Path(sys.argv[3])
with Store.open(url) as store:
    (folder / f"ready-{number}").touch()
    while not (folder / "go").exists():
        time.sleep(0.001)
    print(store.upgrade().before.state.name)
"""


def test_servers_starting_together_upgrade_once(engine_url: str, tmp_path: Path) -> None:
    _at_baseline_without_version(engine_url)
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", UPGRADER, engine_url, str(n), str(tmp_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("ready-*"))) < len(workers):
        assert time.monotonic() < deadline
        assert all(w.poll() is None for w in workers), [w.communicate() for w in workers]
        time.sleep(0.02)
    (tmp_path / "go").touch()
    results = [w.communicate(timeout=60) for w in workers]
    assert [w.returncode for w in workers] == [0] * 4, [err for _, err in results]
    assert sorted(out.strip() for out, _ in results) == ["CURRENT"] * 3 + ["UNVERSIONED"]
    engine = create_engine(engine_url.replace("sqlite://", "sqlite+pysqlite://", 1))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
        assert conn.execute(text("SELECT count(*) FROM catalogue_versions")).scalar_one() == 1
    engine.dispose()


def test_the_revisions_read_without_alembic_are_alembic_s_own() -> None:
    scripts = ScriptDirectory.from_config(migrate_module._config())
    oldest_first = [script.revision for script in reversed(list(scripts.walk_revisions()))]
    assert list(migrate_module.known_revisions()) == oldest_first
    assert head_revision() == scripts.get_current_head()


def test_an_app_checking_its_store_never_imports_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    with Store.open(url) as store:
        store.upgrade()
    probe = (
        "import sys\n"
        "from tilsynwidgets import apps\n"
        "from tilsynwidgets.store import Store\n"
        f"Store.open({url!r}).check_schema()\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in {'alembic', 'openpyxl'}], "
        "sorted(m for m in sys.modules if m.split('.')[0] in {'alembic', 'openpyxl'})\n"
    )
    subprocess.run([sys.executable, "-c", probe], check=True)
