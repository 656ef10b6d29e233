"""A training day under load: 40 participants' pages and the facilitator's, one round of four
vignettes answered within a minute, then the facilitator closes the round and reveals.

One Voilà server as ``make app`` starts it (or, with ``--hub``, the JupyterHub deployment of
deploy/hub with its Voilà service), on a fresh PostgreSQL database (127.0.0.1:5432, user
postgres) that is dropped afterwards, and one headless Chromium with a context per person.
The facilitator creates a session and opens a round of four vignettes; the participants
join with the code and distinct names; their 160 submissions are spread at random over the
minute, each with a colour and a justification of its own.

Measured per answer: from the participant's click on "Afgiv svar" to the moment the
facilitator's grid of the open round shows its ✓ (both taken in the browser); p50 and p95.
The peak resident memory of the server side (server and every kernel; with ``--hub`` also the
hub and its proxy) and of the browser, sampled every 0.5 s; the CPU used while answering.
Afterwards the store must hold exactly the 160 answers as given: none lost, none twice.

In the same run, first, the baseline: the same measurement with one participant (rounds of
four over all packaged vignettes, a submission every 1-3 s). And, as a measurement of the
mechanism the facilitator's page could use instead of its poll, a trigger in the benchmark's
database notifies a channel when an answer is stored: the time from the click until a
listener has that notification is the floor of a push with LISTEN/NOTIFY.

    .venv/bin/python benchmarks/training_day.py [--participants 40] [--hub]

Needs Chromium (/usr/bin/chromium or TILSYNWIDGETS_CHROMIUM) and PostgreSQL; ``--hub`` needs
the hub's proxy (``npm ci --prefix deploy/hub``).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import numpy as np
import psutil  # type: ignore[import-untyped]
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy import create_engine, func, select

import _training_pages as pages
import _training_resources as resources
from _training_pages import Opened, Target
from tilsynwidgets.domain.training.vignettes import vignettes
from tilsynwidgets.store import schema
from tilsynwidgets.store.store import Store
from tilsynwidgets.store.training import TrainingStore
from tilsynwidgets.widgets.training.discussion import DiscussionView

ROOT = Path(__file__).resolve().parents[1]
# The tests' server and browser helpers are loaded from their files; they import tests._processes.
sys.path.insert(0, str(ROOT))
SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
AIM_P95_S = 3.0
ROUND_SIZE = 4
SHOWN_TIMEOUT_S = 60.0
KERNEL_ID = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
# Each person has a browser of their own in the foreground: no timer throttling of pages
# that Chromium would otherwise treat as background tabs.
FOREGROUND = (
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
)


def load_module(relative: str, name: str) -> ModuleType:
    """A module of the tests (their server, browser and hub helpers) as a plain module."""
    path = ROOT / relative
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"{path} kunne ikke indlæses")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


# --- where the apps run --------------------------------------------------------------------------


@dataclass(frozen=True)
class Deployment:
    """The apps, reached as ``facilitator``/``participants`` (user names to sign in as)."""

    target: Target
    server_root: int
    """The process whose tree is the server side (Voilà, or the hub)."""
    database_url: str
    facilitator: str
    participants: tuple[str, ...]


@contextmanager
def voila(folder: Path, browser_helpers: ModuleType, n: int) -> Iterator[Deployment]:
    from tests.hub._hub import fresh_database  # the tests' own; sys.path holds ROOT

    with fresh_database(SERVER, prefix="tilsynwidgets_traeningsdag") as url:
        with Store.open(url) as store:
            store.upgrade()
        os.environ.pop("TILSYNWIDGETS_CONFIG", None)
        os.environ["TILSYNWIDGETS_DATABASE_URL"] = url
        os.environ["TILSYNWIDGETS_DATA_DIR"] = str(folder / "data")
        os.environ["TILSYNWIDGETS_MAX_KERNELS"] = str(n + 10)
        with browser_helpers.running_voila(
            browser_helpers.NOTEBOOKS, folder / "voila.log"
        ) as server:
            users = tuple(f"lokal-{i}" for i in range(1, n + 1))
            yield Deployment(Target(server.base_url), server.process.pid, url, "lokal", users)


@contextmanager
def hub(folder: Path, n: int) -> Iterator[Deployment]:
    """The hub deployment; the facilitator is the trainer's account, the participants the
    course accounts (kursus-1 …)."""
    hub_helpers = load_module("tests/hub/_hub.py", "tilsyn_hub_helpers")
    reason = hub_helpers.proxy_missing_reason()
    if reason:
        raise SystemExit(reason)
    # One kernel a person (the login goes straight on to the app); room to spare.
    env = {**os.environ, "TILSYNWIDGETS_MAX_KERNELS": str(n + 10)}
    with hub_helpers.running_hub(folder, SERVER, env) as trial:
        course = [u for u, groups in trial.users.items() if "kursusdeltager" in groups]
        if len(course) < n:
            raise SystemExit(f"Hubben har kun {len(course)} kursuskonti; {n} er bedt om.")
        base = f"{trial.service_url('X').split('voila/render/')[0]}"

        def sign_in(page: Page, user: str, url: str, wait: bool) -> None:
            # The login goes on to the app, as a link to it does: one kernel a person.
            trial.login(page, user, url, "load" if wait else "commit")

        yield Deployment(
            Target(base, sign_in),
            trial.process.pid,
            trial.database_url,
            trial.user_in("underviser"),
            tuple(course[:n]),
        )


# --- one session ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    """One answer: who, which round and position, when clicked and when the facilitator
    saw it (``None``: not within :data:`SHOWN_TIMEOUT_S`)."""

    name: str
    round_no: int
    position: int
    clicked: float
    shown: float | None


@dataclass
class Session:
    """What one session measured."""

    code: str = ""
    submissions: list[Submission] = field(default_factory=list)
    behind_s: float = 0.0
    """How far the driver fell behind its schedule at worst (the clicks are still timed)."""
    answering: resources.Usage = field(default_factory=resources.Usage)
    waiting: resources.Usage = field(default_factory=resources.Usage)
    """Everyone joined, no round open: what the pages' polls cost alone."""
    problems: list[str] = field(default_factory=list)

    @property
    def latencies(self) -> list[float]:
        return [s.shown - s.clicked for s in self.submissions if s.shown is not None]

    @property
    def not_shown(self) -> int:
        return sum(s.shown is None for s in self.submissions)


def _schedule(
    rng: np.random.Generator, n_people: int, size: int, span_s: float
) -> list[tuple[float, int, int]]:
    """(seconds after the round opened, person, position): each person's ``size``
    submissions at random times within ``span_s``, taken in the vignettes' order."""
    events = []
    for person in range(n_people):
        for position, at in enumerate(sorted(rng.uniform(0, span_s, size))):
            events.append((float(at), person, position))
    return sorted(events)


def justification(name: str, position: int) -> str:
    return f"{name} om vignet {position + 1}: ny leder og flere bekymrende henvendelser."


def _wait_until_shown(
    facilitator: Opened, expected: set[tuple[str, int]]
) -> dict[tuple[str, int], float]:
    deadline = time.monotonic() + SHOWN_TIMEOUT_S
    shown = pages.seen(facilitator.page)
    while not expected <= shown.keys() and time.monotonic() < deadline:
        time.sleep(0.5)
        shown = pages.seen(facilitator.page)
    return shown


def _join_all(
    browser: Browser, deployment: Deployment, people: Sequence[str], code: str, batch: int
) -> list[Opened]:
    """Open the participants' pages ``batch`` at a time (their kernels start meanwhile)
    and join the session under the names ``Deltager <user>``."""
    opened: list[Opened] = []
    try:
        for start in range(0, len(people), batch):
            group = [
                pages.open_app(browser, deployment.target, user, "Deltager.ipynb", wait=False)
                for user in people[start : start + batch]
            ]
            opened += group
            for each, user in zip(group, people[start : start + batch], strict=True):
                pages.join(each.page, code, f"Deltager {user}")
            print(f"  {len(opened)} af {len(people)} deltagere er med", file=sys.stderr)
    except BaseException:
        for each in opened:
            each.close()
        raise
    return opened


def _answer_round(
    result: Session,
    facilitator: Opened,
    opened: Sequence[Opened],
    names: Sequence[str],
    number: int,
    size: int,
    span_s: float,
    rng: np.random.Generator,
) -> None:
    """Each participant answers the round's ``size`` vignettes at random times within
    ``span_s``; wait until the facilitator's grid shows them all (or time runs out)."""
    began = time.time()
    for at, person, position in _schedule(rng, len(opened), size, span_s):
        wait = began + at - time.time()
        if wait > 0:
            time.sleep(wait)
        result.behind_s = max(result.behind_s, -wait)
        colour = pages.COLOURS[int(rng.integers(0, len(pages.COLOURS)))]
        pages.answer(opened[person].page, position, colour, justification(names[person], position))
    expected = {(name, position) for name in names for position in range(size)}
    shown = _wait_until_shown(facilitator, expected)
    for name, each in zip(names, opened, strict=True):
        clicked = pages.submits(each.page)
        if len(clicked) != size:  # the store check then says whether the answer was kept
            missed = sorted(set(range(size)) - clicked.keys())
            result.problems.append(f"{name}: klik på «Afgiv svar» ikke set for vignet {missed}")
        result.submissions += [
            Submission(name, number, position, at, shown.get((name, position)))
            for position, at in clicked.items()
        ]


def run_session(
    browser: Browser,
    deployment: Deployment,
    people: Sequence[str],
    rounds: Sequence[tuple[int, float]],
    rng: np.random.Generator,
    batch: int,
    quiet_s: float,
) -> Session:
    """The facilitator and ``people`` in a session of ``rounds`` (size, seconds to spread the
    answers over). Before the first round everyone waits ``quiet_s``. The facilitator
    closes every round and reveals the last; each page must say its answers are saved."""
    result = Session()
    facilitator = pages.open_app(
        browser, deployment.target, deployment.facilitator, "Facilitator.ipynb"
    )
    opened: list[Opened] = []
    try:
        result.code = pages.create_session(facilitator.page, f"Belastning {len(people)}")
        kernel = facilitator.page.evaluate(KERNEL_ID)
        meter = resources.Meter(
            deployment.server_root, resources.kernel_pid(deployment.server_root, kernel)
        )
        opened = _join_all(browser, deployment, people, result.code, batch)
        names = [f"Deltager {user}" for user in people]
        meter.start()
        time.sleep(quiet_s)
        result.waiting = meter.stop()
        for number, (size, span_s) in enumerate(rounds, start=1):
            pages.open_round(facilitator.page, number, size)
            for each in opened:
                pages.wait_for_round(each.page, number)
            meter.start()
            _answer_round(result, facilitator, opened, names, number, size, span_s, rng)
            result.answering.add(meter.stop())
            given = sum(n for n, _ in rounds[:number])  # earlier rounds' forms stay shown
            for name, each in zip(names, opened, strict=True):
                if (saved := pages.saved_count(each.page)) != given:
                    result.problems.append(f"{name}: siden siger {saved} af {given} svar gemt")
            if number == len(rounds):
                pages.close_and_reveal(facilitator.page, number)
            else:
                pages.close_round(facilitator.page, number)
            for each in opened:
                pages.wait_for_round(each.page, number, "lukket")
        result.problems += [f"facilitator: {p}" for p in facilitator.problems] + [
            f"{name}: {p}" for name, each in zip(names, opened, strict=True) for p in each.problems
        ]
    finally:
        for each in [facilitator, *opened]:
            each.close()
    return result


# --- afterwards ----------------------------------------------------------------------------------


def notified_latencies(
    session: Session, database_url: str, listener: resources.AnswerNotifications
) -> list[float]:
    """From each click until its answer's notification arrived (the floor of a push)."""
    with Store.open(database_url) as store:
        training = TrainingStore(store)
        ids = {p.display_name: p.participant_id for p in training.participants(session.code)}
        rounds = {r.number: r.vignette_ids for r in training.state(session.code).rounds}
    found = []
    for s in session.submissions:
        key = (session.code, ids[s.name], rounds[s.round_no][s.position])
        if key in listener.arrived:
            found.append(listener.arrived[key] - s.clicked)
    return found


def check_store(session: Session, database_url: str) -> list[str]:
    """Exactly the answers given, each once, with the justification its participant wrote."""
    table = schema.training_answers
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(func.count()).where(table.c.session_code == session.code)
            ).scalar_one()
    finally:
        engine.dispose()
    with Store.open(database_url) as store:
        training = TrainingStore(store)
        names = {p.participant_id: p.display_name for p in training.participants(session.code)}
        rounds = {r.number: r.vignette_ids for r in training.state(session.code).rounds}
        stored = training.answers(session.code)
    given = {
        (s.name, rounds[s.round_no][s.position]): justification(s.name, s.position)
        for s in session.submissions
    }
    found = [((names.get(a.participant_id, "?"), a.vignette_id), a.justification) for a in stored]
    problems = []
    if rows != len(given):
        problems.append(f"{rows} rækker i lageret, {len(given)} svar afgivet")
    if len({key for key, _ in found}) != len(found):
        problems.append("samme deltager og vignet mere end én gang")
    if dict(found) != given:
        lost = len(given.keys() - dict(found).keys())
        problems.append(f"{lost} svar mangler eller har en anden begrundelse end afgivet")
    return problems


def refresh_cost(session: Session, database_url: str, repeat: int = 7) -> dict[str, float]:
    """Median seconds of the reads and the recomputation one refresh of the facilitator's
    page does (as FacilitatorApp.refresh), here in one process without load; and of a
    cheap query that says whether anything changed."""
    table = schema.training_answers
    changed = select(func.count(), func.max(table.c.submitted_at)).where(
        table.c.session_code == session.code
    )
    view = DiscussionView()
    times: dict[str, list[float]] = {}
    with Store.open(database_url) as store:
        training = TrainingStore(store)
        for _ in range(repeat):
            marks = [time.perf_counter()]
            state = training.state(session.code)
            marks.append(time.perf_counter())
            answers = training.answers_frame(session.code)
            marks.append(time.perf_counter())
            people = training.participants_frame(session.code)
            marks.append(time.perf_counter())
            view.update(answers, people, state)
            marks.append(time.perf_counter())
            with store.connection() as conn:
                conn.execute(changed).one()
            marks.append(time.perf_counter())
            labels = ("state", "answers", "participants", "figures", "changed")
            for label, begin, end in zip(labels, marks, marks[1:], strict=False):
                times.setdefault(label, []).append(end - begin)
    return {label: statistics.median(values) for label, values in times.items()}


# --- the run -------------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def _spread(values: Sequence[float]) -> tuple[float, float]:
    return float(np.percentile(values, 50)), float(np.percentile(values, 95))


def _usage_rows(when: str, usage: resources.Usage, cores: int) -> list[tuple[str, str]]:
    ours = usage.cores(usage.server_s + usage.browser_s)
    return [
        (f"CPU {when}: server og kerner", f"{usage.cores(usage.server_s):.2f} kerner"),
        ("  heraf facilitatorens kerne", f"{usage.cores(usage.facilitator_s):.2f} kerner"),
        ("  Chromium og driveren", f"{usage.cores(usage.browser_s):.2f} kerner"),
        ("  hele maskinen", f"{usage.busy * 100:.0f} % af {cores} kerner"),
        ("  andre processer (fx andres test)", f"{max(0.0, usage.busy * cores - ours):.2f} kerner"),
        ("  load average (1 min)", f"{usage.load:.1f}"),
    ]


def report(
    baseline: Session,
    day: Session,
    notified: tuple[list[float], list[float]],
    sampler: resources.ResourceSampler,
    costs: dict[str, float],
    n_people: int,
) -> None:
    base50, base95 = _spread(baseline.latencies)
    day50, day95 = _spread(day.latencies)
    nan = (float("nan"), float("nan"))
    push50, push95 = _spread(notified[1]) if notified[1] else nan
    solo50, solo95 = _spread(notified[0]) if notified[0] else nan
    cores = psutil.cpu_count() or 1
    verdict = "nået" if day95 <= AIM_P95_S else "IKKE nået"
    refresh = costs["state"] + costs["answers"] + costs["participants"] + costs["figures"]
    mb = 2**20
    rows = [
        ("deltagere × vignetter", f"{n_people} × {ROUND_SIZE}"),
        ("svar afgivet / vist hos facilitator", f"{len(day.submissions)} / {len(day.latencies)}"),
        ("svarene spredt over (faktisk)", f"{day.answering.seconds:.0f} s"),
        ("driveren højst bagud for sin plan", _ms(day.behind_s)),
        ("klik → facilitatorens ✓, p50", _s(day50)),
        ("klik → facilitatorens ✓, p95", _s(day95)),
        ("grundlinje (1 deltager), p50", _s(base50)),
        (f"grundlinje (1 deltager), p95 (n={len(baseline.latencies)})", _s(base95)),
        ("forhold p95 / grundlinjens p95", f"{day95 / base95:.1f}x"),
        (f"mål p95 ≤ {AIM_P95_S:.0f} s på {cores} kerner", verdict),
        ("klik → NOTIFY modtaget, p50 / p95", f"{_ms(push50)} / {_ms(push95)}"),
        ("  grundlinje, p50 / p95", f"{_ms(solo50)} / {_ms(solo95)}"),
        ("én opdatering af facilitatorsiden (efter visning)", _ms(refresh)),
        ("  heraf læsning (forløb, svar, deltagere)", _ms(refresh - costs["figures"])),
        ("  heraf tal og HTML (DiscussionView)", _ms(costs["figures"])),
        ("  forespørgsel 'er der nyt?' (antal, seneste)", _ms(costs["changed"])),
        ("skøn med push: NOTIFY p95 + én opdatering", _ms(push95 + refresh)),
        ("højeste RSS, server og alle kerner", f"{sampler.peak_server / mb:.0f} MB"),
        ("  højeste PSS, server og alle kerner", f"{sampler.peak_server_pss / mb:.0f} MB"),
        ("  kerner på én gang (højst)", f"{sampler.peak_kernels}"),
        ("højeste PSS, Chromium (alle sider)", f"{sampler.peak_browser_pss / mb:.0f} MB"),
        *_usage_rows("mens alle venter (kun sidernes poll)", day.waiting, cores),
        *_usage_rows("mens der svares", day.answering, cores),
    ]
    width = max(len(label) for label, _ in rows) + 2
    for label, value in rows:
        print(f"{label + ':':<{width}}{value:>16}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=40, help="deltagere (40)")
    parser.add_argument("--minute", type=float, default=60.0, help="sekunder at svare i (60)")
    parser.add_argument("--batch", type=int, default=4, help="sider der åbnes ad gangen (4)")
    parser.add_argument("--quiet", type=float, default=15.0, help="sekunders venten før runde 1")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--hub", action="store_true", help="gennem JupyterHub (deploy/hub)")
    args = parser.parse_args(argv)

    browser_helpers = load_module("tests/browser/conftest.py", "tilsyn_browser_helpers")
    missing = browser_helpers.chromium_missing_reason()
    if missing:
        print(missing, file=sys.stderr)
        return 2
    rng = np.random.default_rng(args.seed)
    n_vignettes = len(vignettes().ids)
    solo = [(min(ROUND_SIZE, n_vignettes - n), 2.0 * ROUND_SIZE) for n in range(0, n_vignettes, 4)]
    with tempfile.TemporaryDirectory(prefix="tilsynwidgets-traeningsdag-") as tmp:
        folder = Path(tmp)
        where = (
            hub(folder, args.participants)
            if args.hub
            else voila(folder, browser_helpers, args.participants)
        )
        with where as deployment, sync_playwright() as playwright:
            resources.add_answer_trigger(deployment.database_url)
            listener = resources.AnswerNotifications(deployment.database_url)
            listener.start()
            sampler = resources.ResourceSampler(deployment.server_root, os.getpid())
            sampler.start()
            browser = playwright.chromium.launch(
                executable_path=str(browser_helpers.chromium_path()),
                args=[*browser_helpers.CHROMIUM_ARGS, *FOREGROUND],
                headless=True,
            )
            try:
                print("Grundlinje: én deltager ...", file=sys.stderr)
                people = deployment.participants
                baseline = run_session(
                    browser, deployment, people[:1], solo, rng, args.batch, args.quiet
                )
                print(f"Kursusdagen: {args.participants} deltagere ...", file=sys.stderr)
                day = run_session(
                    browser,
                    deployment,
                    people,
                    [(ROUND_SIZE, args.minute)],
                    rng,
                    args.batch,
                    args.quiet,
                )
            finally:
                browser.close()
                sampler.stop()
                listener.stop()
            notified = (
                notified_latencies(baseline, deployment.database_url, listener),
                notified_latencies(day, deployment.database_url, listener),
            )
            problems = check_store(baseline, deployment.database_url) + check_store(
                day, deployment.database_url
            )
            costs = refresh_cost(day, deployment.database_url)
    print(f"\nEn kursusdag under last ({'gennem hubben' if args.hub else 'Voilà'}):")
    report(baseline, day, notified, sampler, costs, args.participants)
    for problem in problems:
        print(f"FEJL: {problem}", file=sys.stderr)
    for problem in [*baseline.problems, *day.problems]:
        print(f"Browseren meldte: {problem}", file=sys.stderr)
    if day.not_shown or baseline.not_shown:
        print(f"FEJL: {day.not_shown + baseline.not_shown} svar blev ikke vist", file=sys.stderr)
    return 1 if problems or day.not_shown or baseline.not_shown else 0


if __name__ == "__main__":
    sys.exit(main())
