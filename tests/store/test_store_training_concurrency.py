"""Thirty participants submit at the same moment, each from their own process (as each
Voilà page has its own kernel): nothing is lost and nothing is duplicated, and no answer
lands after the facilitator closed the round, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection
from tests._training import with_session

from tilsynwidgets.domain.training.sessions import EventKind, SessionEvent
from tilsynwidgets.domain.training.vignettes import vignettes
from tilsynwidgets.store import Store
from tilsynwidgets.store.training import TrainingStore

PARTICIPANTS = 30
CODE = "C0NCUR".replace("0", "Q")
IDS = vignettes().ids[:4]
COLOURS = ("roed", "gul", "groen")
ACCEPTED_BEFORE_CLOSE = 5 * PARTICIPANTS
"""The close comes once this many answers were accepted (so pages have replaced answers)."""
PAUSE_S = 0.05
"""How long a submit pauses after reading the course (on PostgreSQL; see SUBMITTER)."""

# One participant's page: join, wait for the go signal, answer every vignette of the open
# round, then change the first answer (a resubmit must replace, not duplicate).
WORKER = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from tilsynwidgets.domain.training.sessions import Answer
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

# One participant's page that keeps submitting until the round is closed: attempt k answers
# vignette k % 4 with "Forsøg k". It prints every attempt: accepted or refused, and for an
# accepted one the moment its commit began (time.monotonic is one clock for all processes).
# In this process only, a submit pauses after reading the course, so that when the close
# comes many submits are between reading "the round is open" and committing their answer.
# With ``hold_off`` (SQLite), once the facilitator is closing, a page starts its next attempt
# only when the close has ended: SQLite's lock is not fair, and thirty pages polling for it
# could keep the close waiting past its timeout. On PostgreSQL the pages go on submitting
# throughout: the session locks queue fairly, so the close is not held off by them.
SUBMITTER = """
import json, sys, time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from tilsynwidgets.domain.training.sessions import Answer
from tilsynwidgets.store import Store
from tilsynwidgets.store import training as training_module
from tilsynwidgets.store.training import TrainingRefusal, TrainingStore

url, code, number, folder = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
ids, pause, hold_off = sys.argv[5].split(","), float(sys.argv[6]), sys.argv[7] == "1"

read_course = training_module.session_state
def slow_session_state(events):
    state = read_course(events)
    time.sleep(pause)
    return state
training_module.session_state = slow_session_state

def wait_for(name, seconds):
    deadline = time.monotonic() + seconds
    while not (folder / name).exists() and time.monotonic() < deadline:
        time.sleep(0.001)

with Store.open(url) as store:
    commits = []
    plain = store.transaction
    @contextmanager
    def stamped(failure):
        with plain(failure) as conn:
            yield conn
            commits.append(time.monotonic())  # the body is done; the commit follows
    store.transaction = stamped
    training = TrainingStore(store)
    me, _ = training.join(code, f"Deltager nr. {number}", None, datetime.now(UTC))
    (folder / f"ready-{number}").touch()
    wait_for("go", 120)
    attempts = []
    (folder / f"started-{number}").touch()
    while len(attempts) < 600:  # held off by the close, a page would reach this
        k, vignette_id = len(attempts), ids[len(attempts) % len(ids)]
        commits.clear()
        attempt = {"k": k, "vignette_id": vignette_id, "started": time.monotonic()}
        try:
            training.submit(Answer(
                session_code=code, round_no=1, participant_id=me.participant_id,
                vignette_id=vignette_id, category="gul",
                justification=f"Forsøg {k} fra deltager {number}.",
                submitted_at=datetime.now(UTC),
            ))
        except TrainingRefusal:
            attempts.append({**attempt, "accepted": False, "ended": time.monotonic()})
            break
        attempts.append({**attempt, "accepted": True, "commit_began": commits[-1],
                         "ended": time.monotonic()})
        with open(folder / "accepted", "ab") as tally:
            tally.write(b".")
        if hold_off and (folder / "closing").exists():
            wait_for("closed", 60)
print(json.dumps({"participant_id": me.participant_id, "number": number, "attempts": attempts}))
"""


def _expected(number: int) -> dict[str, str]:
    found = {v: COLOURS[(number + i) % 3] for i, v in enumerate(IDS)}
    found[IDS[0]] = COLOURS[(number + 1) % 3]
    return found


def _open_round(store: Store) -> TrainingStore:
    now = datetime.now(UTC)
    return with_session(store, IDS, "Samtidighed", CODE, now, round_open=True)


@contextmanager
def _participants(script: str, *args: str) -> Iterator[list[subprocess.Popen[str]]]:
    """One process per participant running ``script`` with ``url code number folder ...``;
    any still running when the test ends (it failed) is killed."""
    url, code, folder, *rest = args
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", script, url, code, str(n), folder, *rest],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(PARTICIPANTS)
    ]
    try:
        yield workers
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.communicate()


def _wait_for(done: Callable[[], bool], what: str, workers: list[subprocess.Popen[str]]) -> None:
    """Until ``done()``, failing when a participant's process ends first."""
    deadline = time.monotonic() + 120
    while not done():
        assert time.monotonic() < deadline, f"the participants did not reach {what!r} in time"
        ended = [w.communicate() for w in workers if w.poll() is not None]
        assert not ended, ended
        time.sleep(0.01)


def _everyone(folder: Path, prefix: str) -> Callable[[], bool]:
    """Whether every participant has left a ``prefix-<number>`` file in ``folder``."""
    return lambda: len(list(folder.glob(f"{prefix}-*"))) == PARTICIPANTS


def test_thirty_simultaneous_participants_lose_and_duplicate_nothing(
    store: Store, engine_url: str, tmp_path: Path
) -> None:
    training = _open_round(store)
    with _participants(WORKER, engine_url, CODE, str(tmp_path), ",".join(IDS)) as workers:
        _wait_for(_everyone(tmp_path, "ready"), "ready", workers)
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


def test_no_answer_lands_after_the_round_is_closed(
    store: Store, engine_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The facilitator closes the round while thirty participants submit in a loop.

    "After the close" means after the close's transaction committed. An answer accepted
    then is what a READ COMMITTED race looks like on PostgreSQL without the session row
    locks: a submit reads the course while the round is still open, the close commits, and
    the submit then writes and commits its answer all the same. So (on one monotonic clock
    for all processes) every accepted submit must have begun its commit before the close's
    commit ended and before any page was refused, and the store must hold exactly the
    answers the pages were told were saved.

    Without the session locks in ``_lock_session`` the PostgreSQL case fails: most of the
    submits under way commit after the close (a few even without the pause). On PostgreSQL
    the pages keep submitting while the close waits, so the test also proves that they
    cannot hold the close off: with row locks (``FOR SHARE``) instead of the fair advisory
    locks, thirty pages submitting without a break kept the close waiting until they
    stopped, and a page that is never refused fails the test.
    """
    training = _open_round(store)
    closed: list[float] = []
    plain = store.transaction

    @contextmanager
    def stamped(failure: str) -> Iterator[Connection]:
        with plain(failure) as conn:
            yield conn
        closed.append(time.monotonic())  # the close's commit has ended

    # SQLite runs one write transaction at a time: there is no window to widen, and a pause
    # inside the write lock would only leave the other pages polling for it.
    postgresql = store.engine.dialect.name == "postgresql"
    pause = PAUSE_S if postgresql else 0.0
    hold_off = "0" if postgresql else "1"
    args = (engine_url, CODE, str(tmp_path), ",".join(IDS), str(pause), hold_off)
    tally = tmp_path / "accepted"  # a byte for every accepted submit
    tally.touch()
    with _participants(SUBMITTER, *args) as workers:
        _wait_for(_everyone(tmp_path, "ready"), "ready", workers)
        (tmp_path / "go").touch()
        _wait_for(_everyone(tmp_path, "started"), "started", workers)
        _wait_for(lambda: tally.stat().st_size >= ACCEPTED_BEFORE_CLOSE, "accepted", workers)
        (tmp_path / "closing").touch()
        closing = time.monotonic()
        monkeypatch.setattr(store, "transaction", stamped)
        state = training.record_event(
            SessionEvent(
                session_code=CODE,
                kind=EventKind.ROUND_CLOSED,
                round_no=1,
                by="F",
                at=datetime.now(UTC),
            )
        )
        (tmp_path / "closed").touch()
        results = [w.communicate(timeout=120) for w in workers]
    assert [w.returncode for w in workers] == [0] * PARTICIPANTS, [e for _, e in results if e]
    assert state.open_round is None
    [close_committed] = closed

    told: dict[tuple[str, str], str] = {}  # (participant, vignette) → the last accepted text
    accepted: list[dict[str, Any]] = []
    refused: list[dict[str, Any]] = []
    for out, _ in results:
        page = json.loads(out)
        *saved, last = page["attempts"]
        assert all(a["accepted"] for a in saved), "a page was accepted after a refusal"
        assert not last["accepted"], "a page was never refused"
        accepted += saved
        refused.append(last)
        for attempt in saved:
            key = (page["participant_id"], attempt["vignette_id"])
            told[key] = f"Forsøg {attempt['k']} fra deltager {page['number']}."
    late = [a["commit_began"] - close_committed for a in accepted]
    assert max(late) < 0, (
        f"{sum(t > 0 for t in late)} answers were committed after the close, "
        f"up to {max(late):.3f} s after it"
    )
    first_refusal = min(a["ended"] for a in refused)
    assert all(a["commit_began"] < first_refusal for a in accepted)
    assert all(a["ended"] > closing for a in refused), "a page was refused before the close"
    under_way = [a for a in accepted + refused if a["started"] < closing < a["ended"]]
    assert under_way, "the close met no submit under way: the test proved nothing"
    # The close is not held off: once it waits for its lock, a page's next attempt waits
    # behind it and is refused. Held off, the pages would go on for hundreds of attempts.
    after = [a for a in accepted + refused if a["started"] > closing]
    assert len(after) <= 3 * PARTICIPANTS, f"{len(after)} attempts began after the close"

    stored = {(a.participant_id, a.vignette_id): a.justification for a in training.answers(CODE)}
    assert stored == told
