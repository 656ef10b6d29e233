"""Thirty participants submit at the same moment, each from their own process (as each
Voilà page has its own kernel): nothing is lost and nothing is duplicated, on SQLite and
on PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from tilsynwidgets.domain.training import EventKind, SessionEvent, TrainingSession
from tilsynwidgets.domain.vignettes import vignettes
from tilsynwidgets.store import Store
from tilsynwidgets.store.training import TrainingStore

PARTICIPANTS = 30
CODE = "C0NCUR".replace("0", "Q")
IDS = vignettes().ids[:4]
COLOURS = ("roed", "gul", "groen")

# One participant's page: join, wait for the go signal, answer every vignette of the open
# round, then change the first answer (a resubmit must replace, not duplicate).
WORKER = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from tilsynwidgets.domain.training import Answer
from tilsynwidgets.store import Store
from tilsynwidgets.store.training import TrainingStore

url, code, number, folder = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
ids, colours = sys.argv[5].split(","), ("roed", "gul", "groen")
with Store.open(url) as store:
    training = TrainingStore(store)
    (folder / f"ready-{number}").touch()
    while not (folder / "go").exists():
        time.sleep(0.001)
    me, _ = training.join(code, f"Deltager nr. {number}", None, datetime.now(UTC))
    answers = [(v, colours[(number + i) % 3]) for i, v in enumerate(ids)]
    answers.append((ids[0], colours[(number + 1) % 3]))
    for vignette_id, colour in answers:
        training.submit(Answer(
            session_code=code, round_no=1, participant_id=me.participant_id,
            vignette_id=vignette_id, category=colour,
            justification=f"Begrundelse fra deltager {number} om {vignette_id}.",
            submitted_at=datetime.now(UTC),
        ))
print("ok")
"""


def _expected(number: int) -> dict[str, str]:
    found = {v: COLOURS[(number + i) % 3] for i, v in enumerate(IDS)}
    found[IDS[0]] = COLOURS[(number + 1) % 3]
    return found


def test_thirty_simultaneous_participants_lose_and_duplicate_nothing(
    store: Store, engine_url: str, tmp_path: Path
) -> None:
    training = TrainingStore(store)
    now = datetime.now(UTC)
    training.create_session(
        TrainingSession(
            code=CODE,
            title="Samtidighed",
            vignette_ids=IDS,
            vignette_version=vignettes().version,
            created_by="F",
            created_at=now,
        )
    )
    training.record_event(
        SessionEvent(
            session_code=CODE,
            kind=EventKind.ROUND_OPENED,
            round_no=1,
            vignette_ids=IDS,
            by="F",
            at=now,
        )
    )
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, engine_url, CODE, str(n), str(tmp_path), ",".join(IDS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(PARTICIPANTS)
    ]
    deadline = time.monotonic() + 300
    while len(list(tmp_path.glob("ready-*"))) < PARTICIPANTS:
        assert time.monotonic() < deadline, "arbejderne blev ikke klar"
        assert all(w.poll() is None for w in workers), [w.communicate() for w in workers]
        time.sleep(0.05)
    (tmp_path / "go").touch()
    results = [w.communicate(timeout=300) for w in workers]
    assert [w.returncode for w in workers] == [0] * PARTICIPANTS, [e for _, e in results if e]

    participants = training.participants(CODE)
    assert len(participants) == PARTICIPANTS
    number_of = {p.participant_id: int(p.display_name.rsplit(" ", 1)[1]) for p in participants}
    assert sorted(number_of.values()) == list(range(PARTICIPANTS))
    answers = training.answers_frame(CODE)
    assert len(answers) == PARTICIPANTS * len(IDS)
    assert not answers.duplicated(["participant_id", "vignette_id"]).any()
    for pid, mine in answers.groupby("participant_id"):
        got = dict(zip(mine["vignette_id"], mine["category"], strict=True))
        assert got == _expected(number_of[str(pid)])
