"""Starting a page's timer on an app that opens running: without an event loop it is turned
on and that is all; in a kernel's event loop it is started again each second until the
first tick arrives, and given up after a while."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import ipywidgets as widgets
import pytest

from tilsynwidgets.widgets.training import poll_start
from tilsynwidgets.widgets.training.participant import poller
from tilsynwidgets.widgets.training.poll_start import start_when_shown

R = TypeVar("R")


def _in_a_thread(work: Callable[[], R]) -> R:
    """``work`` in a thread of its own: no event loop there unless ``work`` starts one (the
    browser tests' Playwright runs one in the main thread of the same test process)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(work).result()


def _recorded_play() -> tuple[widgets.Play, list[bool]]:
    play = poller(lambda: None, 1000)
    seen: list[bool] = []
    play.observe(lambda change: seen.append(bool(change.new)), names=["playing"])
    return play, seen


def test_without_an_event_loop_it_is_only_turned_on() -> None:
    play, seen = _recorded_play()
    assert _in_a_thread(lambda: start_when_shown(play)) is None
    assert seen == [True]


def test_started_again_each_second_until_the_first_tick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(poll_start, "START_EVERY_S", 0.01)
    play, seen = _recorded_play()

    async def shown_after_three_attempts() -> None:
        assert start_when_shown(play) is not None
        while seen.count(False) < 3:
            await asyncio.sleep(0.005)
        play.value += 1  # the browser's first tick
        await asyncio.sleep(0.1)

    _in_a_thread(lambda: asyncio.run(shown_after_three_attempts()))
    assert seen == [True, False, True, False, True, False, True]


def test_given_up_when_no_page_shows_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(poll_start, "START_EVERY_S", 0.001)
    monkeypatch.setattr(poll_start, "GIVE_UP_AFTER", 4)
    play, seen = _recorded_play()

    async def never_shown() -> None:
        start_when_shown(play)
        await asyncio.sleep(0.2)

    _in_a_thread(lambda: asyncio.run(never_shown()))
    assert seen == [True] + [False, True] * 4
    assert play.playing
