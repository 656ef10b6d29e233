"""Make the committed stores of the release at schema revision 0004, for the upgrade tests.

Run it with the package of that release importable (commit 20f4cf3, "The category in force
and the plan in force share one rule for the latest record …"), for example from an export
of that commit:

    mkdir ../release-0004 && git archive 20f4cf3 src | tar -x -C ../release-0004
    PYTHONPATH=../release-0004/src .venv/bin/python tests/upgrade/make_release_0004_store.py \\
        --postgresql postgresql+psycopg://postgres@127.0.0.1:5432/postgres

It writes ``release_0004_store.sqlite`` and ``release_0004_store.postgresql.sql`` (a plain
``pg_dump`` of a database made by that release) next to this file, and
``release_0004_store.json`` with the number of rows in every table, the data date, and every
unit's snapshot of signals as that release read it back (``Store.units()``): the upgrade to
revision 0005 turns the snapshots into dated records, and the tests prove that the signals
as of the data date are exactly these.

The data: the synthetic sample (its units know most signals and leave some unknown), three
imported units whose snapshots hold the edge cases (every signal unknown; every signal at
its lowest, counts 0 and flags no; every signal at its highest), one corrected risk
assessment, a saved catalogue version put in force, a training session with answers, and a
draft of every kind that release knew, each saved by that release's own store.
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
from tilsynwidgets.domain.core.signals import SignalKind, signal_catalogue
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue, default_catalogue
from tilsynwidgets.domain.training.sessions import (
    Answer,
    EventKind,
    SessionEvent,
    TrainingSession,
)
from tilsynwidgets.domain.training.vignettes import vignettes
from tilsynwidgets.domain.workshop.in_force import new_entry
from tilsynwidgets.domain.workshop.versions import new_version
from tilsynwidgets.sample.load import load_sample
from tilsynwidgets.store import Store
from tilsynwidgets.store.catalogues import CatalogueStore
from tilsynwidgets.store.history import ASSESSMENTS
from tilsynwidgets.store.training import TrainingStore

HERE = Path(__file__).parent
COMMIT = "20f4cf3"
AS_OF = date(2026, 11, 1)
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
CODE = "KURS28"
INSPECTOR = "Tilsynsførende C"
LEADER = "Leder D"
SAVED_VERSION = "2026.2-skarpere-klager"


def _edge_units() -> list[Unit]:
    """Three imported tilbud: nothing known; every signal at its lowest (counts 0, flags
    no); every signal at its highest (flags yes)."""
    catalogue = signal_catalogue()
    tilbud = [s for s in catalogue.signals if "tilbud" in {k.value for k in s.applies_to}]
    lowest = {s.key: (False if s.kind is SignalKind.FLAG else s.minimum) for s in tilbud}
    highest = {s.key: (True if s.kind is SignalKind.FLAG else s.maximum) for s in tilbud}
    common = {
        "unit_type": "voksne_botilbud",
        "socialtilsyn": "syd",
        "team": "Team Import",
        "capacity": 10,
    }
    return [
        Unit.model_validate({**common, "id": f"IMP-{n}", "name": f"Importeret {n}", "signals": s})
        for n, s in ((1, {}), (2, lowest), (3, highest))
    ]


def fill(store: Store) -> dict[str, Any]:
    """That release's data in every table; returns its drafts and the units' snapshots."""
    store.upgrade(NOW)
    load_sample(store, AS_OF, n_tilbud=24, n_plejefamilier=16)
    first = store.units()[0].id
    store.import_units(_edge_units(), "Importeret fra kanttilfaelde.csv", AS_OF)
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
    store.put_catalogue_in_force(
        new_entry(
            SAVED_VERSION,
            put_by="Metodekonsulent A",
            reason="Den lavere klagetærskel er afprøvet på porteføljen i værkstedet.",
            put_at=NOW + timedelta(minutes=6),
        )
    )
    training = TrainingStore(store)
    ids = vignettes().ids[:2]
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
    training.record_event(
        SessionEvent(
            session_code=CODE,
            by="Underviser B",
            kind=EventKind.ROUND_OPENED,
            round_no=1,
            vignette_ids=ids,
            at=NOW + timedelta(minutes=1),
        )
    )
    participants = []
    for number, colour in enumerate(("roed", "gul")):
        person, _ = training.join(CODE, f"Deltager {number}", None, NOW)
        participants.append(person.participant_id)
        training.submit(
            Answer(
                session_code=CODE,
                round_no=1,
                participant_id=person.participant_id,
                vignette_id=ids[0],
                category=colour,
                justification=f"Deltager {number} begrunder sit svar om {ids[0]}.",
                submitted_at=NOW + timedelta(minutes=2 + number),
            )
        )
    drafts: list[tuple[DraftKey, dict[str, Any]]] = [
        (DraftKey.assessment(INSPECTOR, first), {"phase": "prae", "chosen": "gul"}),
        (DraftKey.plan(INSPECTOR, first), {"category": "roed", "reason": ""}),
        (
            DraftKey.training_answer(participants[1], CODE, ids[1]),
            {"category": "gul", "justification": "Jeg er ikke færdig", "plans": False},
        ),
        (DraftKey.self_assessment(LEADER, "nord"), {"levels": {}, "notes": {}}),
        (DraftKey.quality(INSPECTOR, first), {"scores": {"1.1.a": 4}, "notes": {}}),
    ]
    for key, payload in drafts:
        store.save_draft(key, payload)
    return {
        "drafts": [
            {"kind": key.kind.value, "unit_id": key.unit_id, "payload": payload}
            for key, payload in drafts
        ],
        "signals": {
            unit.id: {key: unit.signals[key] for key in sorted(unit.signals)}
            for unit in store.units()
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgresql", help="URL of a PostgreSQL server's maintenance database")
    args = parser.parse_args()
    print(f"tilsynwidgets from {Path(tilsynwidgets.__file__).parent}", file=sys.stderr)
    found, filled = write_stores("release_0004_store", fill, args.postgresql)
    summary: dict[str, Any] = {
        "commit": COMMIT,
        "revision": "0004",
        "as_of": AS_OF.isoformat(),
        "saved_version": SAVED_VERSION,
        "rows": found,
        "drafts": filled["sqlite"]["drafts"],
        "signals": filled["sqlite"]["signals"],
    }
    (HERE / "release_0004_store.json").write_text(
        json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(json.dumps(found, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
