"""Make the committed stores of the release at schema revision 0003, for the upgrade tests.

Run it with the package of that release importable (commit 79f0ddd, "Review: charts share
svg_text's character width and line height …"), for example from an export of that commit:

    mkdir ../release-0003 && git archive 79f0ddd src | tar -x -C ../release-0003
    PYTHONPATH=../release-0003/src .venv/bin/python tests/upgrade/make_release_0003_store.py \\
        --postgresql postgresql+psycopg://postgres@127.0.0.1:5432/postgres

It writes ``release_0003_store.sqlite`` and ``release_0003_store.postgresql.sql`` (a plain
``pg_dump`` of a database made by that release) next to this file, and
``release_0003_store.json`` with the number of rows in every table and every draft the store
holds (kind, owner, the parts of its key and its payload), so that the upgrade tests can
read each one back through today's API.

The data: the synthetic sample, one corrected risk assessment, the packaged catalogue and a
saved catalogue version, a training session with a closed round, answers and an open round,
and a draft of every kind that release knew, each saved by that release's own store.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from fixture_dump import write_stores  # next to this script

import tilsynwidgets
from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue, default_catalogue
from tilsynwidgets.domain.training.sessions import (
    Answer,
    EventKind,
    SessionEvent,
    TrainingSession,
)
from tilsynwidgets.domain.training.vignettes import vignettes
from tilsynwidgets.domain.workshop.versions import new_version
from tilsynwidgets.sample.load import load_sample
from tilsynwidgets.store import Store
from tilsynwidgets.store.catalogues import CatalogueStore
from tilsynwidgets.store.history import ASSESSMENTS
from tilsynwidgets.store.training import TrainingStore

HERE = Path(__file__).parent
COMMIT = "79f0ddd"
AS_OF = date(2026, 11, 1)
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
CODE = "KURS27"
INSPECTOR = "Tilsynsførende C"
LEADER = "Leder D"
SAVED_VERSION = "2026.2-skarpere-klager"


def fill(store: Store) -> list[dict[str, Any]]:
    """That release's data in every table; returns the drafts it holds, described."""
    store.upgrade(NOW)
    load_sample(store, AS_OF, n_tilbud=24, n_plejefamilier=16)
    first = store.units()[0].id
    [row, *_] = store.history_rows(ASSESSMENTS, first)
    corrected = row.item.model_copy(
        update={
            "justification": "Rettet: begrundelsen nævner nu kommunens henvendelse.",
            "assessed_at": row.item.assessed_at + timedelta(minutes=1),
        }
    )
    store.append_correction(row.id, corrected)
    catalogues = CatalogueStore(store)
    catalogues.ensure_packaged(NOW)
    packaged = default_catalogue().model_dump(mode="json")
    for item in packaged["criteria"]:
        if item["id"] == "klager":
            item["threshold"] = max(1, int(item["threshold"]) - 1)
    catalogues.save(
        new_version(
            CriteriaCatalogue.model_validate(packaged),
            name=SAVED_VERSION,
            author="Metodekonsulent A",
            comment="Prøver en lavere tærskel for klager.",
            saved_at=NOW + timedelta(minutes=5),
            based_on=default_catalogue().version,
        )
    )
    training = TrainingStore(store)
    ids = vignettes().ids[:3]
    training.create_session(
        TrainingSession(
            code=CODE,
            title="Kursusdag i december",
            vignette_ids=ids,
            vignette_version=vignettes().version,
            created_by="Underviser B",
            created_at=NOW,
        )
    )
    event = {"session_code": CODE, "by": "Underviser B"}
    training.record_event(
        SessionEvent(
            **event,
            kind=EventKind.ROUND_OPENED,
            round_no=1,
            vignette_ids=ids[:2],
            at=NOW + timedelta(minutes=1),
        )
    )
    participants = []
    for number, colour in enumerate(("roed", "gul", "groen")):
        person, _ = training.join(CODE, f"Deltager {number}", None, NOW)
        participants.append(person.participant_id)
        for vignette_id in ids[:2]:
            training.submit(
                Answer(
                    session_code=CODE,
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
            **event, kind=EventKind.ROUND_CLOSED, round_no=1, at=NOW + timedelta(minutes=10)
        )
    )
    training.record_event(
        SessionEvent(
            **event,
            kind=EventKind.ROUND_OPENED,
            round_no=2,
            vignette_ids=ids[2:],
            at=NOW + timedelta(minutes=11),
        )
    )

    drafts: list[tuple[DraftKey, dict[str, Any]]] = [
        (
            DraftKey.assessment(INSPECTOR, first),
            {"phase": "prae", "chosen": "gul", "justification": "Halvt skrevet begrundelse"},
        ),
        (
            DraftKey.plan(INSPECTOR, first),
            {"category": "roed", "plan": {"visits": {"unannounced_per_year": 3}}, "reason": ""},
        ),
        (
            DraftKey.training_answer(participants[1], CODE, ids[2]),
            {"category": "gul", "justification": "Jeg er ikke færdig", "plans": False},
        ),
        (
            DraftKey.self_assessment(LEADER, "nord"),
            {"levels": {"ledelsesopbakning": "delvist"}, "notes": {}},
        ),
    ]
    described = []
    for key, payload in drafts:
        store.save_draft(key, payload)
        parts = {
            "unit_id": key.unit_id,
            "session_code": key.session_code,
            "vignette_id": key.vignette_id,
            "socialtilsyn": key.socialtilsyn.value if key.socialtilsyn else None,
        }
        described.append(
            {
                "kind": key.kind.value,
                "owner": key.owner,
                **{part: value for part, value in parts.items() if value is not None},
                "payload": payload,
            }
        )
    return described


def _comparable(drafts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The drafts without the participant's id, which is random on each engine."""
    return [{k: v for k, v in d.items() if k != "owner" or d["kind"] != "traening"} for d in drafts]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgresql", help="URL of a PostgreSQL server's maintenance database")
    args = parser.parse_args()
    print(f"tilsynwidgets from {Path(tilsynwidgets.__file__).parent}", file=sys.stderr)
    found, drafts = write_stores("release_0003_store", fill, args.postgresql, _comparable)
    summary: dict[str, Any] = {
        "commit": COMMIT,
        "revision": "0003",
        "as_of": AS_OF.isoformat(),
        "saved_version": SAVED_VERSION,
        "packaged_version": default_catalogue().version,
        "rows": found,
        "drafts": drafts,
    }
    (HERE / "release_0003_store.json").write_text(
        json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(json.dumps(found, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
