"""Starting a page's timer when the app opens in a running state (a reloaded page).

The timer (:func:`tilsynwidgets.widgets.training.participant.poller`) runs in the browser,
which starts it when it sees ``playing`` change, not when it draws the widget. A click
starts it on a page that is shown already; an app that opens with its timer on (the
facilitator's page reopening its running session) has no click, and the browser draws the
page only after the notebook has run. So the kernel says "start" again each second, from
its event loop, until the first tick arrives (the page is shown and the timer runs) or
:data:`GIVE_UP_AFTER` attempts have been made (no page ever showed the app).
"""

from __future__ import annotations

import asyncio

import ipywidgets as widgets

__all__ = ["GIVE_UP_AFTER", "START_EVERY_S", "start_when_shown"]

START_EVERY_S = 1.0
GIVE_UP_AFTER = 300
"""Attempts (one a second): longer than any page takes to show an app."""


def start_when_shown(play: widgets.Play) -> asyncio.TimerHandle | None:
    """Turn ``play`` on now and, in a kernel with a running event loop (Voilà), again each
    second until it ticks. Returns the pending attempt (None without an event loop, as in a
    plain test, where turning it on is all there is to do)."""
    play.playing = True
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    ticked = False
    attempts = 0

    def on_tick(_change: object) -> None:
        nonlocal ticked
        ticked = True
        play.unobserve(on_tick, names=["value"])

    def again() -> None:
        nonlocal attempts
        if ticked or not play.playing or attempts >= GIVE_UP_AFTER:
            return
        attempts += 1
        play.playing = False  # the browser starts the timer on a change to True
        play.playing = True
        loop.call_later(START_EVERY_S, again)

    play.observe(on_tick, names=["value"])
    return loop.call_later(START_EVERY_S, again)
