"""Make the committed stores of the release at schema revision 0006, for the upgrade tests.

Run it with the package of that release importable (commit 2ccadd6, "One home for stopping
the test servers' process trees", the last of that release), for example from an export of
that commit:

    mkdir ../release-0006 && git archive 2ccadd6 src | tar -x -C ../release-0006
    PYTHONPATH=../release-0006/src .venv/bin/python tests/upgrade/make_release_0006_store.py \\
        --postgresql postgresql+psycopg://postgres@127.0.0.1:5432/postgres

It writes ``release_0006_store.sqlite`` and ``release_0006_store.postgresql.sql`` (a plain
``pg_dump`` of a database made by that release) next to this file, and
``release_0006_store.json`` with the number of rows in every table, the data date, and what
that release read back from its own store: everything ``make_release_0005_store.py``
records, the display names of the training session's participants, and the log of exports.

The data: what ``make_release_0005_store.py`` stores (its ``fill``: that release's store is
called the same way in this one, so it runs here unchanged, with this release's code), and
two exports in the log of exports, one that revealed plejefamiliers real names and one that
did not, each logged by this release's own store.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from fixture_dump import write_stores  # next to this script
from make_release_0005_store import AS_OF, CODE, NOW, SAVED_VERSION, comparable
from make_release_0005_store import fill as fill_as_release_0005

import tilsynwidgets
from tilsynwidgets.domain.core.export_record import ExportRecord
from tilsynwidgets.store import Store
from tilsynwidgets.store.training import TrainingStore

HERE = Path(__file__).parent
COMMIT = "2ccadd6"
EXPORTS = (
    ExportRecord(
        made_at=NOW + timedelta(minutes=30),
        made_by="Leder D",
        what="Excel-projektmappe",
        filters="Syd · Alle typer · Alle teams · 1. januar 2026 – 1. november 2026",
        real_names=True,
        rows=11,
    ),
    ExportRecord(
        made_at=NOW + timedelta(minutes=45),
        made_by="Leder D",
        what="Rapport til udskrift",
        filters="Alle · Alle typer · Alle teams · Hele historikken",
        real_names=False,
        rows=21,
    ),
)


def fill(store: Store) -> dict[str, Any]:
    """That release's data in every table; returns what that release reads back."""
    found = fill_as_release_0005(store)
    for record in EXPORTS:
        store.log_export(record)
    participants = TrainingStore(store).participants(CODE)
    return found | {
        "participants": sorted(p.display_name for p in participants),
        "exports": [record.model_dump(mode="json") for record in store.export_log()],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgresql", help="URL of a PostgreSQL server's maintenance database")
    args = parser.parse_args()
    print(f"tilsynwidgets from {Path(tilsynwidgets.__file__).parent}", file=sys.stderr)
    found, filled = write_stores("release_0006_store", fill, args.postgresql, comparable)
    summary: dict[str, Any] = {
        "commit": COMMIT,
        "revision": "0006",
        "as_of": AS_OF.isoformat(),
        "saved_version": SAVED_VERSION,
        "session_code": CODE,
        "rows": found,
        **filled["sqlite"],
    }
    (HERE / "release_0006_store.json").write_text(
        json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(json.dumps(found, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
