"""Make the committed stores of the release at schema revision 0005, for the upgrade tests.

Run it with the package of that release importable (commit 909d491, "Test: the escaped
notice, exactly", the last before revision 0006), for example from an export of that commit:

    mkdir ../release-0005 && git archive 909d491 src | tar -x -C ../release-0005
    PYTHONPATH=../release-0005/src .venv/bin/python tests/upgrade/make_release_0005_store.py \\
        --postgresql postgresql+psycopg://postgres@127.0.0.1:5432/postgres

It writes ``release_0005_store.sqlite`` and ``release_0005_store.postgresql.sql`` (a plain
``pg_dump`` of a database made by that release) next to this file, and
``release_0005_store.json`` with the number of rows in every table, the data date, and what
that release read back from its own store: every unit's signals as of the data date and its
category in force, the records of information it holds and the chain of a correction and a
withdrawal among them, the catalogue versions put in force, the training answers and the
drafts. The upgrade to revision 0006 only adds the log of exports; the tests prove that
today's store reads all of this back equal.

The data: the synthetic sample (units, their information, assessments, plans, quality
assessments, checklists and self-assessments), one imported unit whose snapshot of signals
is carried over as information, a record of information corrected and another withdrawn, one
corrected risk assessment, a saved catalogue version put in force, a training session with
answers, and a draft of every kind that release knew, each saved by that release's own store.
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
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.information.kinds import Origin
from tilsynwidgets.domain.information.records import Information
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
COMMIT = "909d491"
AS_OF = date(2026, 11, 1)
NOW = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
CODE = "KURS29"
INSPECTOR = "Tilsynsførende C"
LEADER = "Leder D"
SAVED_VERSION = "2026.3-skarpere-klager"
IMPORTED = "IMP-1"


def _imported_unit() -> Unit:
    """An imported tilbud whose snapshot knows two signals (carried over as information)."""
    return Unit.model_validate(
        {
            "id": IMPORTED,
            "name": "Importeret 1",
            "unit_type": "voksne_botilbud",
            "socialtilsyn": "syd",
            "team": "Team Import",
            "capacity": 10,
            "signals": {"complaints": 3, "leader_changed": True},
        }
    )


def _record(unit_id: str, kind: str, description: str, **changes: Any) -> Information:
    fields: dict[str, Any] = {
        "unit_id": unit_id,
        "kind": kind,
        "concerns_on": AS_OF,
        "received_on": AS_OF,
        "origin": Origin.ANONYM,
        "description": description,
        "registered_by": INSPECTOR,
        "registered_at": NOW,
    }
    fields.update(changes)
    return Information.model_validate(fields)


def _chain(store: Store, unit_id: str) -> list[int]:
    """A whistleblower report, its correction, and a complaint withdrawn; their ids."""
    first = store.append_information(
        _record(unit_id, "whistleblower", "Henvendelse om nattevagten.")
    )
    corrected = store.append_information(
        _record(
            unit_id,
            "whistleblower",
            "Henvendelse om nattevagten og om medicinhåndteringen.",
            replaces=first,
            registered_at=NOW + timedelta(minutes=1),
        )
    )
    complaint = store.append_information(
        _record(unit_id, "klage", "Klage fra en pårørende.", origin=Origin.PAAROERENDE)
    )
    withdrawn = store.append_information(
        _record(
            unit_id,
            "klage",
            "Klagen var sendt til det forkerte tilbud.",
            origin=Origin.PAAROERENDE,
            replaces=complaint,
            withdrawn=True,
            registered_at=NOW + timedelta(minutes=2),
        )
    )
    return [first, corrected, complaint, withdrawn]


def _catalogue_in_force(store: Store) -> None:
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


def _training(store: Store) -> list[str]:
    """A session with one round open and two answers; the participants' ids."""
    training = TrainingStore(store)
    ids = vignettes().ids[:2]
    training.create_session(
        TrainingSession(
            code=CODE,
            title="Kursusdag i januar",
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
    return participants


def fill(store: Store) -> dict[str, Any]:
    """That release's data in every table; returns what that release reads back."""
    store.upgrade(NOW)
    load_sample(store, AS_OF, n_tilbud=12, n_plejefamilier=8)
    first = store.units()[0].id
    store.import_units([_imported_unit()], "Importeret fra enheder.csv", AS_OF)
    chain = _chain(store, first)
    [row, *_] = store.history_rows(ASSESSMENTS, first)
    corrected = row.item.model_copy(
        update={
            "justification": "Rettet: begrundelsen nævner nu kommunens henvendelse.",
            "assessed_at": row.item.assessed_at + timedelta(minutes=1),
        }
    )
    store.append_correction(row.id, corrected)
    _catalogue_in_force(store)
    participants = _training(store)
    ids = vignettes().ids[:2]
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
    records = {record.id: record for record in store.information(first)}
    answers = TrainingStore(store).answers(CODE)
    names = {participants[1]: "Deltager 1"}  # participant ids differ between engines
    return {
        "drafts": [
            {
                "kind": key.kind.value,
                "owner": names.get(key.owner, key.owner),
                "unit_id": key.unit_id,
                "session_code": key.session_code,
                "vignette_id": key.vignette_id,
                "socialtilsyn": key.socialtilsyn,
                "payload": payload,
            }
            for key, payload in drafts
        ],
        "signals": {
            unit.id: {key: unit.signals[key] for key in sorted(unit.signals)}
            for unit in store.units(as_of=AS_OF)
        },
        "chosen": {str(k): str(v) for k, v in store.current_choices().sort_index().items()},
        "information": len(store.information_frame()),
        "chain": {
            "unit_id": first,
            "records": [records[i].information.model_dump(mode="json") for i in chain],
            "ids": chain,
        },
        "in_force": [e.model_dump(mode="json") for e in store.catalogue_in_force_history()],
        "answers": sorted(a.model_dump(mode="json")["category"] for a in answers),
    }


def comparable(filled: dict[str, Any]) -> dict[str, Any]:
    """What both engines must agree on: signals to 9 decimals (SQLite's JSON functions give
    a mean such as the lowest theme score to 15 significant digits, PostgreSQL to 16)."""
    rounded = {
        unit_id: {key: round(value, 9) for key, value in signals.items()}
        for unit_id, signals in filled["signals"].items()
    }
    return filled | {"signals": rounded}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgresql", help="URL of a PostgreSQL server's maintenance database")
    args = parser.parse_args()
    print(f"tilsynwidgets from {Path(tilsynwidgets.__file__).parent}", file=sys.stderr)
    found, filled = write_stores("release_0005_store", fill, args.postgresql, comparable)
    summary: dict[str, Any] = {
        "commit": COMMIT,
        "revision": "0005",
        "as_of": AS_OF.isoformat(),
        "saved_version": SAVED_VERSION,
        "rows": found,
        **filled["sqlite"],
    }
    (HERE / "release_0005_store.json").write_text(
        json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(json.dumps(found, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
