from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from jupyter_client.manager import start_new_kernel
from sqlalchemy import text

from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.domain.risk.assessment import RiskAssessment
from tilsynwidgets.forms import ModelForm
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common.drafts import PAUSE_S, DraftKeeper, loop_scheduler


def test_save_load_discard_per_unit(sample_store: Store) -> None:
    reports: list[str] = []
    keeper = DraftKeeper(sample_store, reports.append)
    assert keeper.save({"a": 1}) is False  # no unit yet
    keeper.key = DraftKey.assessment("tk", "T-00001")
    assert keeper.save({"justification": "<b>x</b>"})
    assert keeper.load() == {"justification": "<b>x</b>"}
    keeper.paused = True
    assert keeper.save({"justification": "ignored while paused"}) is False
    keeper.paused = False
    keeper.discard()
    assert keeper.load() is None
    assert reports == []


def test_a_failure_to_save_is_reported(sample_store: Store) -> None:
    reports: list[str] = []
    keeper = DraftKeeper(sample_store, reports.append, DraftKey.assessment("tk", "T-00001"))
    with sample_store.engine.begin() as conn:
        conn.execute(text("DROP TABLE drafts"))
    assert keeper.save({"a": 1}) is False
    assert keeper.load() is None
    assert len(reports) == 2
    assert reports[0].startswith("Kladden kunne ikke gemmes:")
    assert reports[1].startswith("Kladden kunne ikke hentes:")
    keeper.discard()
    assert reports[2].startswith("Kladden kunne ikke slettes:")


def test_a_pasted_nul_reaches_no_draft_on_either_engine(store: Store) -> None:
    # PostgreSQL cannot store a NUL in JSON: the form's field cleans it before the autosave.
    reports: list[str] = []
    keeper = DraftKeeper(store, reports.append, DraftKey.assessment("tk", "T-00001"))
    form = ModelForm(RiskAssessment, fields=["justification"])
    form.on_change(keeper.save)
    form.control("justification").value = "Indsat fra Word\x00 og PowerPoint\x0bher."
    assert reports == []
    assert keeper.load() == {"justification": "Indsat fra Word og PowerPoint\nher."}
    form.close()


def test_one_keeper_keeps_every_kind_of_draft_apart(sample_store: Store) -> None:
    reports: list[str] = []
    keys = [
        DraftKey.assessment("tk", "T-00001"),
        DraftKey.plan("tk", "T-00001"),
        DraftKey.training_answer("deltager-1", "K7M2QX", "T-00001"),
        DraftKey.self_assessment("tk", "nord"),
    ]
    keepers = [DraftKeeper(sample_store, reports.append, key) for key in keys]
    for number, keeper in enumerate(keepers):
        assert keeper.save({"n": number})
    assert [keeper.load() for keeper in keepers] == [{"n": n} for n in range(len(keys))]
    keepers[2].discard()
    assert [keeper.load() for keeper in keepers] == [{"n": 0}, {"n": 1}, None, {"n": 3}]
    assert reports == []


def test_restoring_pauses_autosave_and_resumes_after_a_failure(sample_store: Store) -> None:
    keeper = DraftKeeper(sample_store, [].append, DraftKey.plan("tk", "T-00001"))
    try:
        with keeper.restoring():
            assert keeper.save({"filled": "halfway"}) is False
            raise RuntimeError("the form could not be filled")
    except RuntimeError:
        pass
    assert keeper.paused is False
    assert keeper.load() is None
    assert keeper.save({"typed": True})


class _Timers:
    """A scheduler that runs nothing until told: the kernel's event loop, by hand."""

    def __init__(self) -> None:
        self.waiting: list[tuple[float, Callable[[], None], list[bool]]] = []

    def __call__(self, delay: float, callback: Callable[[], None]) -> Any:
        cancelled = [False]
        self.waiting.append((delay, callback, cancelled))

        class Handle:
            def cancel(self) -> None:
                cancelled[0] = True

        return Handle()

    def pause(self) -> None:
        """Typing pauses: every timer not cancelled fires."""
        waiting, self.waiting = self.waiting, []
        for _delay, callback, cancelled in waiting:
            if not cancelled[0]:
                callback()


T = TypeVar("T")


def _in_new_loop(work: Coroutine[Any, Any, T]) -> T:
    """Run ``work`` in an event loop of its own thread (a browser driver earlier in the same
    test run may have left a loop running in this one)."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, work).result()


def _stored(store: Store, key: DraftKey) -> dict[str, Any] | None:
    return DraftKeeper(store, [].append, key).load()


def test_typing_writes_one_draft_when_it_pauses_with_every_keystroke(
    sample_store: Store,
) -> None:
    timers = _Timers()
    key = DraftKey.assessment("tk", "T-00001")
    keeper = DraftKeeper(sample_store, [].append, key, schedule=timers)
    form = ModelForm(RiskAssessment, fields=["justification"])
    form.on_edit(keeper.save)
    typed = "Tre klager på et halvt år"
    for end in range(1, len(typed) + 1):  # a text field reports every keystroke
        form.control("justification").value = typed[:end]
    assert keeper.writes == 0
    assert _stored(sample_store, key) is None
    assert all(delay == PAUSE_S for delay, _, _ in timers.waiting)
    timers.pause()
    assert keeper.writes == 1
    assert _stored(sample_store, key) == {"justification": typed}
    form.close()


def test_a_held_draft_is_written_before_a_read_a_new_key_or_the_kernels_end(
    sample_store: Store,
) -> None:
    timers = _Timers()
    first, second = DraftKey.plan("tk", "T-00001"), DraftKey.plan("tk", "T-00002")
    keeper = DraftKeeper(sample_store, [].append, first, schedule=timers)
    assert keeper.save({"typed": "halvt"})
    assert keeper.load() == {"typed": "halvt"}  # the form reads what it held
    assert keeper.save({"typed": "halvt færdigt"})
    keeper.key = second  # another unit chosen before the pause
    assert _stored(sample_store, first) == {"typed": "halvt færdigt"}
    assert keeper.save({"typed": "om den anden enhed"})
    keeper.discard()  # saved as a record: the held draft goes with the draft
    timers.pause()
    assert _stored(sample_store, second) is None
    assert keeper.writes == 2
    assert _stored(sample_store, first) == {"typed": "halvt færdigt"}


def test_outside_a_kernel_every_change_is_written_at_once(sample_store: Store) -> None:
    """A script or a plain test has no kernel whose loop would write later; another
    library's running loop (a browser driver's) is not one."""
    key = DraftKey.plan("tk", "T-00003")
    keeper = DraftKeeper(sample_store, [].append, key)

    async def in_a_loop() -> dict[str, Any] | None:
        keeper.save({"typed": "straks"})
        return _stored(sample_store, key)

    assert _in_new_loop(in_a_loop()) == {"typed": "straks"}
    assert keeper.writes == 1


def test_the_kernels_event_loop_writes_after_the_pause(sample_store: Store) -> None:
    key = DraftKey.self_assessment("tk", "nord")
    keeper = DraftKeeper(sample_store, [].append, key, schedule=loop_scheduler)

    async def typing() -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        keeper.save({"note": "Ledelsen har"})
        keeper.save({"note": "Ledelsen har drøftet"})
        before = _stored(sample_store, key)
        await asyncio.sleep(PAUSE_S + 0.3)
        return before, _stored(sample_store, key)

    before, after = _in_new_loop(typing())
    assert before is None
    assert after == {"note": "Ledelsen har drøftet"}
    assert keeper.writes == 1


def test_a_kernel_that_ends_writes_what_it_held(tmp_path: Path) -> None:
    """A reloaded page's kernel is shut down as Voilà does it (a shutdown request): the draft
    it held back (here with a pause too long to end first) is written on the way out."""
    url = f"sqlite:///{tmp_path / 'kladder.sqlite'}"
    with Store.open(url) as store:
        store.upgrade()
    code = f"""
from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common import drafts

drafts.PAUSE_S = 600
keeper = drafts.DraftKeeper(Store.open({url!r}), print, DraftKey.assessment("tk", "T-00001"))
keeper.save({{"justification": "det sidste ord"}})
print("skrevet", keeper.writes)
"""
    manager, client = start_new_kernel(kernel_name="python3")
    printed: list[str] = []
    try:
        reply = client.execute_interactive(
            code,
            timeout=60,
            output_hook=lambda msg: printed.append(msg["content"].get("text", "")),
        )
        assert reply["content"]["status"] == "ok", reply["content"]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=False)
    assert "".join(printed).strip() == "skrevet 0"  # held in the kernel, not yet written
    with Store.open(url) as store:
        assert _stored(store, DraftKey.assessment("tk", "T-00001")) == {
            "justification": "det sidste ord"
        }
