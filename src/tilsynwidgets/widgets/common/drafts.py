"""Autosave: a form's draft is written to the store on every change and restored when its
owner comes back (reload, new kernel). One keeper serves every form that keeps drafts: the
inspector's risk assessment and plan, a participant's training answer and a leader's
self-assessment; the key (``domain.core.drafts.DraftKey``) says whose draft and about what."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.store.errors import StoreError
from tilsynwidgets.store.store import Store

__all__ = ["DraftKeeper"]


class DraftKeeper:
    """Saves, restores and discards one form's draft; a failure is reported (Danish, through
    ``report``, e.g. the app's status line), never swallowed and never raised into the form.

    ``key`` is the draft the form holds now (``None`` until the form is about something:
    nothing is saved or loaded then).
    """

    def __init__(
        self, store: Store, report: Callable[[str], None], key: DraftKey | None = None
    ) -> None:
        self.store = store
        self.report = report
        self.key = key
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

    def save(self, payload: dict[str, Any]) -> bool:
        """Keep ``payload`` as the draft; True when it was saved."""
        if self.key is None or self.paused:
            return False
        try:
            self.store.save_draft(self.key, payload)
        except StoreError as exc:
            self.report(f"Kladden kunne ikke gemmes: {exc}")
            return False
        return True

    def load(self) -> dict[str, Any] | None:
        """The saved draft, or ``None`` (also when it could not be read: that is reported)."""
        if self.key is None:
            return None
        try:
            return self.store.load_draft(self.key)
        except StoreError as exc:
            self.report(f"Kladden kunne ikke hentes: {exc}")
            return None

    def discard(self) -> None:
        """Remove the draft (its form was saved)."""
        if self.key is None:
            return
        try:
            self.store.discard_draft(self.key)
        except StoreError as exc:
            self.report(f"Kladden kunne ikke slettes: {exc}")
