"""Upgrade a national store made by the release before migrations, and count every row.

The previous release (commit e86342d) is checked out into a temporary git worktree and loads
the synthetic national portfolio (7,300 units with two years of history) into a fresh store
with its own code; today's ``Store.upgrade`` then brings the store to this release. Printed:
rows per table before and after, the upgrade's time, and as the baseline measured in the same
run, one full read of every row of every table (an upgrade that rewrote rows would cost many
such reads; adding columns costs about none). The store is upgraded to this release's newest
revision, whichever it is; tables added by a later revision count as empty before.

    .venv/bin/python benchmarks/upgrade_previous_release.py [--postgresql URL]

``--postgresql`` names a server's maintenance database; a database is created and dropped.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import Connection, Table, create_engine, func, inspect, select, text

from tilsynwidgets.store import Store
from tilsynwidgets.store.schema import metadata

ROOT = Path(__file__).resolve().parents[1]
PREVIOUS = "e86342d"
DATABASE = "tw_bench_previous_release"
LOAD = """
import sys
from datetime import date
from tilsynwidgets.sample.load import load_sample
from tilsynwidgets.store import Store
with Store.open(sys.argv[1]) as store:
    store.create_schema()
    load_sample(store, date(2026, 11, 1))
"""


def _tables(conn: Connection) -> list[Table]:
    """Today's tables that the store has (a later revision may add tables an old store lacks)."""
    present = set(inspect(conn).get_table_names())
    return [table for table in metadata.sorted_tables if table.name in present]


def _counts(url: str) -> dict[str, int]:
    with Store.open(url) as store, store.engine.connect() as conn:
        return {
            table.name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
            for table in _tables(conn)
        }


def _full_read_s(url: str) -> float:
    with Store.open(url) as store, store.engine.connect() as conn:
        tables = _tables(conn)
        start = time.perf_counter()
        for table in tables:
            conn.execute(text(f"SELECT * FROM {table.name}")).all()
        return time.perf_counter() - start


def _measure(url: str, previous_src: Path) -> None:
    subprocess.run(
        [sys.executable, "-c", LOAD, url],
        check=True,
        env={"PYTHONPATH": str(previous_src), "PATH": "/usr/bin:/bin"},
    )
    before = _counts(url)
    baseline = _full_read_s(url)
    with Store.open(url) as store:
        start = time.perf_counter()
        result = store.upgrade()
        upgrade_s = time.perf_counter() - start
    after = _counts(url)
    for line in result.describe().splitlines():
        print(f"  {line}")
    print(f"  {'tabel':<24}{'før':>10}{'efter':>10}")
    for name, count in after.items():
        print(f"  {name:<24}{before.get(name, 0):>10}{count:>10}")
    added = {"catalogue_versions": len(result.packaged_added)}
    same = set(before) <= set(after) and all(
        count == before.get(name, 0) + added.get(name, 0) for name, count in after.items()
    )
    shown = "ja" if same else "NEJ"
    print(f"  alle rækker er der stadig (og kun de pakkede katalogversioner er nye): {shown}")
    print(f"  opgradering: {upgrade_s * 1000:.0f} ms")
    print(f"  grundlinje, alle rækker læst én gang: {baseline * 1000:.0f} ms")
    print(f"  forhold: {upgrade_s / baseline:.2f}")
    if not same:
        raise SystemExit(1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgresql", help="URL of a PostgreSQL server's maintenance database")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tilsynwidgets-previous-") as folder:
        worktree = Path(folder) / "previous"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(worktree), PREVIOUS],
            check=True,
            capture_output=True,
        )
        try:
            print(f"SQLite, national portefølje lavet af udgaven {PREVIOUS}:")
            _measure(f"sqlite:///{Path(folder) / 'store.sqlite'}", worktree / "src")
            if args.postgresql:
                server = create_engine(args.postgresql, isolation_level="AUTOCOMMIT")
                with server.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}"'))
                    conn.execute(text(f'CREATE DATABASE "{DATABASE}"'))
                try:
                    url = server.url.set(database=DATABASE).render_as_string(hide_password=False)
                    print(f"PostgreSQL, national portefølje lavet af udgaven {PREVIOUS}:")
                    _measure(url, worktree / "src")
                finally:
                    with server.connect() as conn:
                        conn.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
                    server.dispose()
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)],
                check=False,
                capture_output=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
