"""What a training day costs the machine: memory and CPU of the server side and of the
browser, taken with psutil, and a listener that times PostgreSQL notifications of answers.

:class:`ResourceSampler` sums the resident memory of a process tree (the Voilà server and
its kernels, or the hub with its proxy, service and kernels) and, apart, of the browser,
every 0.5 s, keeping the peaks (RSS counts pages shared between Chromium's processes once
per process, so for the browser PSS is the figure to read); :class:`Meter` measures the CPU
used over a window as :class:`Usage`.

:class:`AnswerNotifications` is a measurement of the mechanism the facilitator's page could
use instead of a poll: a trigger added to the benchmark's own database notifies a channel
when an answer is stored, and a listener notes when each notification arrives.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field

import psutil  # type: ignore[import-untyped]
import psycopg
from sqlalchemy import create_engine, make_url, text

from tilsynwidgets.store import schema

SAMPLE_INTERVAL_S = 0.5
PSS_EVERY = 4
"""PSS reads each process's smaps (about 0.5 ms each): every fourth sample only."""
CHANNEL = "tw_benchmark_answer"

ProcessKey = tuple[int, float]
"""pid and start time: a reused pid is another process."""


def tree(root: int) -> list[psutil.Process]:
    """``root`` and every process below it (those gone meanwhile left out)."""
    try:
        top = psutil.Process(root)
        return [top, *top.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _rss(processes: list[psutil.Process]) -> int:
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.Error:
            continue
    return total


def _pss(processes: list[psutil.Process]) -> int:
    """Proportional set size: shared pages counted once across the processes."""
    total = 0
    for process in processes:
        try:
            total += process.memory_full_info().pss
        except psutil.Error:
            continue
    return total


def cpu_snapshot(root: int) -> dict[ProcessKey, float]:
    """CPU seconds (user + system) used so far by each process of ``root``'s tree."""
    found: dict[ProcessKey, float] = {}
    for process in tree(root):
        try:
            times = process.cpu_times()
            found[(process.pid, process.create_time())] = times.user + times.system
        except psutil.Error:
            continue
    return found


def cpu_between(before: dict[ProcessKey, float], after: dict[ProcessKey, float]) -> float:
    """CPU seconds used between two snapshots (a process started meanwhile counts whole)."""
    return sum(used - before.get(key, 0.0) for key, used in after.items())


def kernel_pid(root: int, kernel_id: str) -> int | None:
    """The process of the kernel ``kernel_id`` (its connection file is named after it)."""
    for process in tree(root):
        try:
            if any(kernel_id in part for part in process.cmdline()):
                return int(process.pid)
        except psutil.Error:
            continue
    return None


def kernels(root: int) -> int:
    """How many ipykernel processes run below ``root``."""
    count = 0
    for process in tree(root):
        try:
            count += any("ipykernel" in part for part in process.cmdline())
        except psutil.Error:
            continue
    return count


@dataclass
class Usage:
    """CPU over a window: seconds of it, CPU seconds of the server's tree, of the
    facilitator's kernel and of the browser; the machine's busy share and load."""

    seconds: float = 0.0
    server_s: float = 0.0
    facilitator_s: float = 0.0
    browser_s: float = 0.0
    """This process, the browser driver and Chromium."""
    busy: float = 0.0
    """Share of the machine's CPU time that was busy (the last window)."""
    load: float = 0.0
    """The machine's 1-minute load average at the end (the highest of the windows)."""

    def add(self, other: Usage) -> None:
        self.seconds += other.seconds
        self.server_s += other.server_s
        self.facilitator_s += other.facilitator_s
        self.browser_s += other.browser_s
        self.busy = other.busy
        self.load = max(self.load, other.load)

    def cores(self, cpu_s: float) -> float:
        return cpu_s / self.seconds if self.seconds else 0.0


@dataclass
class Meter:
    """Measures :class:`Usage` between :meth:`start` and :meth:`stop`; the browser is this
    process's tree less the server's."""

    server_root: int
    facilitator_pid: int | None
    began: float = 0.0
    _server: dict[ProcessKey, float] = field(default_factory=dict)
    _facilitator: dict[ProcessKey, float] = field(default_factory=dict)
    _browser: dict[ProcessKey, float] = field(default_factory=dict)
    _system: tuple[float, float] = (0.0, 0.0)

    @staticmethod
    def _machine() -> tuple[float, float]:
        times = psutil.cpu_times()
        return sum(times), times.idle + times.iowait

    def _browser_now(self, server: dict[ProcessKey, float]) -> dict[ProcessKey, float]:
        mine = cpu_snapshot(os.getpid())
        return {key: used for key, used in mine.items() if key not in server}

    def _kernel_now(self) -> dict[ProcessKey, float]:
        return cpu_snapshot(self.facilitator_pid) if self.facilitator_pid else {}

    def start(self) -> None:
        self._server = cpu_snapshot(self.server_root)
        self._browser = self._browser_now(self._server)
        self._facilitator = self._kernel_now()
        self._system = self._machine()
        self.began = time.time()

    def stop(self) -> Usage:
        server = cpu_snapshot(self.server_root)
        total, idle = self._machine()
        spent = total - self._system[0]
        return Usage(
            seconds=time.time() - self.began,
            server_s=cpu_between(self._server, server),
            facilitator_s=cpu_between(self._facilitator, self._kernel_now()),
            browser_s=cpu_between(self._browser, self._browser_now(server)),
            busy=1 - (idle - self._system[1]) / spent if spent else 0.0,
            load=os.getloadavg()[0],
        )


@dataclass
class ResourceSampler:
    """Peak resident memory of the server's tree and of the browser's (``browser_root``'s
    tree less the server's: this process, whose children are the browser and, with a
    plain Voilà server, the server), sampled in a thread."""

    server_root: int
    browser_root: int
    peak_server: int = 0
    peak_server_pss: int = 0
    peak_browser: int = 0
    peak_browser_pss: int = 0
    peak_kernels: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="ressourcer", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        sample = 0
        while not self._stop.is_set():
            server = tree(self.server_root)
            self.peak_server = max(self.peak_server, _rss(server))
            apart = {p.pid for p in server} | {self.browser_root}
            browser = [p for p in tree(self.browser_root) if p.pid not in apart]
            self.peak_browser = max(self.peak_browser, _rss(browser))
            self.peak_kernels = max(self.peak_kernels, kernels(self.server_root))
            if sample % PSS_EVERY == 0:
                self.peak_server_pss = max(self.peak_server_pss, _pss(server))
                self.peak_browser_pss = max(self.peak_browser_pss, _pss(browser))
            sample += 1
            self._stop.wait(SAMPLE_INTERVAL_S)


def add_answer_trigger(database_url: str) -> None:
    """Notify :data:`CHANNEL` with ``session|participant|vignette`` when an answer is first
    stored. Only in the benchmark's own, temporary database."""
    table = schema.training_answers.name
    engine = create_engine(database_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "CREATE FUNCTION tw_benchmark_notify() RETURNS trigger AS $$ BEGIN "
                    f"PERFORM pg_notify('{CHANNEL}', NEW.session_code || '|' || "
                    "NEW.participant_id || '|' || NEW.vignette_id); RETURN NEW; END $$ "
                    "LANGUAGE plpgsql"
                )
            )
            conn.execute(
                text(
                    f"CREATE TRIGGER tw_benchmark_answer AFTER INSERT ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION tw_benchmark_notify()"
                )
            )
    finally:
        engine.dispose()


@dataclass
class AnswerNotifications:
    """Listens on :data:`CHANNEL`; ``arrived[(session, participant_id, vignette)]`` is
    when (time.time()) the first notification of that answer came."""

    database_url: str
    arrived: dict[tuple[str, str, str], float] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        url = make_url(self.database_url).set(drivername="postgresql")
        conninfo = url.render_as_string(hide_password=False)
        connection = psycopg.connect(conninfo, autocommit=True)
        connection.execute(f"LISTEN {CHANNEL}")
        self._thread = threading.Thread(
            target=self._run, args=(connection,), name="notifikationer", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self, connection: psycopg.Connection[tuple[object, ...]]) -> None:
        with connection:
            while not self._stop.is_set():
                for notice in connection.notifies(timeout=0.5):
                    at = time.time()
                    session, participant, vignette = notice.payload.split("|")
                    self.arrived.setdefault((session, participant, vignette), at)
