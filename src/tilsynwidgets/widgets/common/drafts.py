"""Autosave: a form's draft is written to the store when typing pauses and restored when
its owner comes back (reload, new kernel). One keeper serves every form that keeps drafts:
the inspector's risk assessment and plan, a participant's training answer and a leader's
self-assessment; the key (``domain.core.drafts.DraftKey``) says whose draft and about what.

A text field reports every keystroke. Writing each one would cost a database write per
letter, so in a kernel (Voilà: a running event loop) the keeper holds the newest draft and
writes it :data:`PAUSE_S` after the last change. Nothing typed is lost: the held draft is
written before the keeper reads or discards a draft, before its key changes, when the
kernel ends (a reloaded page's kernel is shut down, and its exit writes what it held), and
at once outside a kernel (a script, a plain test).
"""

from __future__ import annotations

import asyncio
import atexit
import copy
import sys
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.store.errors import StoreError
from tilsynwidgets.store.store import Store

__all__ = ["PAUSE_S", "DraftKeeper", "Scheduler", "kernel_scheduler", "loop_scheduler"]

PAUSE_S = 0.6
"""Seconds without a change before the held draft is written: longer than the gap between
two keystrokes of someone typing, far shorter than a page takes to reload."""


class Pending(Protocol):
    def cancel(self) -> None: ...


Scheduler = Callable[[float, Callable[[], None]], Pending | None]
"""Calls a function after a delay and returns what cancels it; ``None`` when it cannot
(then the keeper writes at once)."""


def loop_scheduler(delay: float, callback: Callable[[], None]) -> Pending | None:
    """The running event loop, or ``None`` outside one."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    return loop.call_later(delay, callback)


def kernel_scheduler(delay: float, callback: Callable[[], None]) -> Pending | None:
    """The event loop of the kernel the app runs in (Voilà), or ``None`` outside a kernel:
    another library's loop (a browser driver's in a test) would never run the write."""
    kernel = sys.modules.get("ipykernel.kernelbase")
    if kernel is None or not kernel.Kernel.initialized():
        return None
    return loop_scheduler(delay, callback)


_HOLDING: weakref.WeakSet[DraftKeeper] = weakref.WeakSet()
"""Keepers that hold a draft not yet written (written when the kernel ends)."""


@atexit.register
def _write_held_drafts() -> None:
    for keeper in list(_HOLDING):
        keeper.flush()


class DraftKeeper:
    """Saves, restores and discards one form's draft; a failure is reported (Danish, through
    ``report``, e.g. the app's status line), never swallowed and never raised into the form.

    ``key`` is the draft the form holds now (``None`` until the form is about something:
    nothing is saved or loaded then).
    """

    def __init__(
        self,
        store: Store,
        report: Callable[[str], None],
        key: DraftKey | None = None,
        schedule: Scheduler = kernel_scheduler,
    ) -> None:
        self.store = store
        self.report = report
        self.schedule = schedule
        self._key = key
        self._held: tuple[DraftKey, dict[str, Any]] | None = None
        self._timer: Pending | None = None
        self.writes = 0
        """Drafts written to the store by this keeper (one per pause, not per keystroke)."""
        self.paused = False
        """While True nothing is saved. Filling a form's controls (from a draft, a template
        or the latest saved record) fires the same change events as typing; without the
        pause those events would save the half-filled form over the draft being restored,
        or make a draft of what was merely shown. See :meth:`restoring`."""

    @contextmanager
    def restoring(self) -> Iterator[None]:
        """Pause autosave while the form is filled in, whatever happens meanwhile."""
        paused, self.paused = self.paused, True
        try:
            yield
        finally:
            self.paused = paused

    @property
    def key(self) -> DraftKey | None:
        return self._key

    @key.setter
    def key(self, key: DraftKey | None) -> None:
        """The form is about something else now: what it held for the old key is written."""
        if key != self._key:
            self.flush()
        self._key = key

    def save(self, payload: dict[str, Any]) -> bool:
        """Keep ``payload`` as the draft, written after a pause in the changes (or at once
        without an event loop); False when nothing is kept (no key, paused, or the write
        failed)."""
        if self.key is None or self.paused:
            return False
        self._held = (self.key, copy.deepcopy(payload))  # the form goes on changing its own
        if self._timer is not None:
            self._timer.cancel()
        self._timer = self.schedule(PAUSE_S, self._write_held)
        if self._timer is None:
            return self.flush()
        _HOLDING.add(self)
        return True

    def _take_held(self) -> tuple[DraftKey, dict[str, Any]] | None:
        """The draft held back (``None`` if none), no longer held or waiting to be written."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        held, self._held = self._held, None
        _HOLDING.discard(self)
        return held

    def _write_held(self) -> None:
        self._timer = None
        self.flush()

    def flush(self) -> bool:
        """Write the draft held back now; True when one was written."""
        held = self._take_held()
        if held is None:
            return False
        key, payload = held
        try:
            self.store.save_draft(key, payload)
        except StoreError as exc:
            self.report(f"Kladden kunne ikke gemmes: {exc}")
            return False
        self.writes += 1
        return True

    def load(self) -> dict[str, Any] | None:
        """The saved draft, or ``None`` (also when it could not be read: that is reported)."""
        if self.key is None:
            return None
        self.flush()
        try:
            return self.store.load_draft(self.key)
        except StoreError as exc:
            self.report(f"Kladden kunne ikke hentes: {exc}")
            return None

    def discard(self) -> None:
        """Remove the draft (its form was saved); a draft held back is dropped with it."""
        self._take_held()
        if self.key is None:
            return
        try:
            self.store.discard_draft(self.key)
        except StoreError as exc:
            self.report(f"Kladden kunne ikke slettes: {exc}")
