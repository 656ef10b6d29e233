"""Make the committed stores of the release at schema revision 0002, for the upgrade tests.

Run it with the package of that release importable (commit c6cb206, "Review: Danish numbers
through Babel's locale data; revisions without downgrade stubs; …"), for example from a
worktree of that commit (its modules have that release's layout, not today's):

    git worktree add ../release-0002 c6cb206
    PYTHONPATH=../release-0002/src .venv/bin/python tests/upgrade/make_release_0002_store.py \\
        --postgresql postgresql+psycopg://postgres@127.0.0.1:5432/postgres

It writes ``release_0002_store.sqlite`` and ``release_0002_store.postgresql.sql`` (a plain
``pg_dump`` of a database made by that release) next to this file, and
``release_0002_store.json`` with the number of rows in every table and every draft the store
holds, described by the key that draft has from revision 0003 on (written here from what
each draft is about, not by reading the old encoding), so that the upgrade tests can read
each one back through today's API.

The data are those of ``make_previous_store.py`` (the synthetic sample, a training session
with a closed round and answers, a saved catalogue version), plus drafts in all three of that
release's encodings, each written by that release's own code: the inspector's risk
assessment and plan (``DraftKeeper``), a participant's unsubmitted answer in an open round
(``ParticipantApp``) and a leader's unsaved self-assessment (``SelfAssessmentPanel``); and
two drafts whose key fits no encoding (an unknown form, an unknown socialtilsyn), which that
release's ``Store.save_draft`` accepted.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from fixture_dump import write_stores  # next to this script
from tilsynwidgets.domain.catalogue_versions import new_version
from tilsynwidgets.domain.criteria import default_catalogue
from tilsynwidgets.domain.vignettes import vignettes
from tilsynwidgets.widgets.drafts import DraftKeeper
from tilsynwidgets.widgets.participant import ParticipantApp
from tilsynwidgets.widgets.self_assessment import SelfAssessmentPanel

import tilsynwidgets
from tilsynwidgets.assessor import Assessor
from tilsynwidgets.domain.training import Answer, EventKind, SessionEvent, TrainingSession
from tilsynwidgets.sample.load import load_sample
from tilsynwidgets.store import Store
from tilsynwidgets.store.catalogues import CatalogueStore
from tilsynwidgets.store.training import TrainingStore
from tilsynwidgets.widgets import assessment_panel, plan_panel

HERE = Path(__file__).parent
COMMIT = "c6cb206"
AS_OF = date(2026, 11, 1)
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
CODE = "KURS26"
INSPECTOR = "Tilsynsførende C"
LEADER = Assessor("Leder D", "test")


def _failed(message: str) -> None:
    raise SystemExit(f"A draft could not be written: {message}")


def fill(store: Store) -> list[dict[str, Any]]:
    """That release's data in every table; returns the drafts as today's keys describe them."""
    store.upgrade(NOW)
    load_sample(store, AS_OF, n_tilbud=24, n_plejefamilier=16)
    catalogues = CatalogueStore(store)
    catalogues.ensure_packaged(NOW)
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
    training.create_session(
        TrainingSession(
            code=CODE,
            title="Kursusdag i november",
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
    for number, colour in enumerate(("roed", "gul", "groen")):
        person, _ = training.join(CODE, f"Deltager {number}", None, NOW)
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
    drafts: list[dict[str, Any]] = []

    # The inspector's risk assessment and plan of the same unit, through the keeper.
    first = store.units()[0].id
    for form, kind, payload in (
        (
            assessment_panel.FORM_NAME,
            "risikovurdering",
            {"phase": "prae", "chosen": "gul", "justification": "Halvt skrevet begrundelse"},
        ),
        (
            plan_panel.FORM_NAME,
            "tilsynsintensitet",
            {"category": "roed", "plan": {"visits": {"unannounced_per_year": 3}}, "reason": ""},
        ),
    ):
        keeper = DraftKeeper(store, INSPECTOR, form, _failed)
        keeper.unit_id = first
        if not keeper.save(payload):
            _failed(form)
        drafts.append({"kind": kind, "owner": INSPECTOR, "unit_id": first, "payload": payload})

    # A participant's unsubmitted answer to the open round's vignette, as the app keeps it.
    app = ParticipantApp(training, clock=lambda: NOW + timedelta(minutes=12))
    app.code.value, app.name.value = CODE, "Deltager 1"
    app.join_button.click()
    assert app.me is not None, app.status.value
    answer = app.forms[ids[2]]
    answer.form.control("category").value = "gul"
    answer.form.control("justification").value = "Jeg er ikke færdig med at begrunde"
    key = {"session_code": CODE, "vignette_id": ids[2]}
    old_key = (app.me.participant_id, ids[2], f"traening:{CODE}")
    payload = store.load_draft(*old_key)
    assert payload is not None
    drafts.append({"kind": "traening", "owner": app.me.participant_id, **key, "payload": payload})

    # A leader's unsaved self-assessment of one socialtilsyn, as the panel keeps it.
    panel = SelfAssessmentPanel(store, LEADER, clock=lambda: NOW)
    panel.socialtilsyn.value = "nord"
    first_measure = next(iter(panel.levels))
    panel.levels[first_measure].value = "delvist"
    panel.notes[first_measure].value = "Vi mangler en fast sparringsaftale"
    payload = store.load_draft(LEADER.name, "", "selvevaluering:nord")
    assert payload is not None
    drafts.append(
        {"kind": "selvevaluering", "owner": LEADER.name, "socialtilsyn": "nord", "payload": payload}
    )

    # Two drafts whose key fits none of the encodings (that release's store took them).
    store.save_draft(INSPECTOR, "", "ny_enhed", {"name": "Et tilbud under oprettelse"})
    store.save_draft(LEADER.name, "", "selvevaluering:vest", {"comment": "Intet sådant tilsyn"})
    return drafts


def _comparable(drafts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The drafts without the participant's id, which is random on each engine."""
    return [{k: v for k, v in d.items() if k != "owner" or d["kind"] != "traening"} for d in drafts]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgresql", help="URL of a PostgreSQL server's maintenance database")
    args = parser.parse_args()
    print(f"tilsynwidgets from {Path(tilsynwidgets.__file__).parent}", file=sys.stderr)
    found, drafts = write_stores("release_0002_store", fill, args.postgresql, _comparable)
    summary: dict[str, Any] = {
        "commit": COMMIT,
        "revision": "0002",
        "as_of": AS_OF.isoformat(),
        "rows": found,
        "drafts": drafts,
        "unconverted_drafts": [
            {"assessor": INSPECTOR, "unit_id": "", "form": "ny_enhed"},
            {"assessor": LEADER.name, "unit_id": "", "form": "selvevaluering:vest"},
        ],
    }
    (HERE / "release_0002_store.json").write_text(
        json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(json.dumps(found, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
