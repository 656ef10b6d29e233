"""Make the committed stores of the release before migrations, for the upgrade tests.

Run it with the package of that release importable (commit e86342d, "One home for code
labels, colour names and Danish numbers …"), for example from a worktree of that commit:

    git worktree add ../previous-release e86342d
    PYTHONPATH=../previous-release/src .venv/bin/python tests/upgrade/make_previous_store.py \\
        --postgresql postgresql+psycopg://postgres@127.0.0.1:5432/postgres

It writes ``previous_store.sqlite`` and ``previous_store.postgresql.sql`` (a plain
``pg_dump`` of a database made by that release) next to this file, and ``previous_store.json``
with the number of rows in every table, which the upgrade tests compare with what today's
code reads. The data are the synthetic sample (small), a training session with a closed
round and answers, a saved catalogue version and a draft: every table holds rows.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from fixture_dump import write_stores  # next to this script
from tilsynwidgets.domain.criteria import default_catalogue
from tilsynwidgets.domain.vignettes import vignettes

import tilsynwidgets
from tilsynwidgets.domain.training import Answer, EventKind, SessionEvent, TrainingSession
from tilsynwidgets.sample.load import load_sample
from tilsynwidgets.store import Store
from tilsynwidgets.store.catalogues import CatalogueStore
from tilsynwidgets.store.training import TrainingStore

HERE = Path(__file__).parent
AS_OF = date(2026, 11, 1)
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def fill(store: Store) -> None:
    """The previous release's data in every table."""
    store.create_schema()  # the previous release's API
    load_sample(store, AS_OF, n_tilbud=24, n_plejefamilier=16)
    catalogues = CatalogueStore(store)
    catalogues.ensure_packaged(NOW)
    from tilsynwidgets.domain.catalogue_versions import new_version

    catalogues.save(
        new_version(
            default_catalogue(),
            name="2026.2-skarpere-klager",
            author="Metodekonsulent A",
            comment="Prøver en lavere tærskel for klager.",
            saved_at=NOW + timedelta(minutes=5),
            based_on=default_catalogue().version,
        )
    )
    training = TrainingStore(store)
    ids = vignettes().ids[:3]
    code = "KURS26"
    training.create_session(
        TrainingSession(
            code=code,
            title="Kursusdag i november",
            vignette_ids=ids,
            vignette_version=vignettes().version,
            created_by="Underviser B",
            created_at=NOW,
        )
    )
    training.record_event(
        SessionEvent(
            session_code=code,
            kind=EventKind.ROUND_OPENED,
            round_no=1,
            vignette_ids=ids[:2],
            by="Underviser B",
            at=NOW + timedelta(minutes=1),
        )
    )
    for number, colour in enumerate(("roed", "gul", "groen")):
        person, _ = training.join(code, f"Deltager {number}", None, NOW)
        for vignette_id in ids[:2]:
            training.submit(
                Answer(
                    session_code=code,
                    round_no=1,
                    participant_id=person.participant_id,
                    vignette_id=vignette_id,
                    category=colour,
                    justification=f"Deltager {number} begrunder sit svar om {vignette_id}.",
                    submitted_at=NOW + timedelta(minutes=2 + number),
                )
            )
    training.record_event(
        SessionEvent(
            session_code=code,
            kind=EventKind.ROUND_CLOSED,
            round_no=1,
            by="Underviser B",
            at=NOW + timedelta(minutes=10),
        )
    )
    first = store.units()[0].id
    store.save_draft("Tilsynsførende C", first, "risikovurdering", {"chosen": "gul"})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgresql", help="URL of a PostgreSQL server's maintenance database")
    args = parser.parse_args()
    print(f"tilsynwidgets from {Path(tilsynwidgets.__file__).parent}", file=sys.stderr)

    found, _ = write_stores("previous_store", fill, args.postgresql)
    summary = {"commit": "e86342d", "as_of": AS_OF.isoformat(), "rows": found}
    (HERE / "previous_store.json").write_text(
        json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(json.dumps(found, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
