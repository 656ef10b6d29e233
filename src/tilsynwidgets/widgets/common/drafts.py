"""Autosave: a form's draft is written to the store on every change, per assessor, unit
and form, and restored when the inspector comes back (reload, new kernel)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tilsynwidgets.store.errors import StoreError
from tilsynwidgets.store.store import Store

__all__ = ["DraftKeeper"]


class DraftKeeper:
    """Saves and restores one form's drafts; failures are reported, never swallowed."""

    def __init__(
        self, store: Store, assessor: str, form: str, report: Callable[[str], None]
    ) -> None:
        self.store = store
        self.assessor = assessor
        self.form = form
        self.report = report
        self.unit_id: str | None = None
        self.paused = False

    def save(self, payload: dict[str, Any]) -> bool:
        if self.unit_id is None or self.paused:
            return False
        try:
            self.store.save_draft(self.assessor, self.unit_id, self.form, payload)
        except StoreError as exc:
            self.report(f"Kladden kunne ikke gemmes: {exc}")
            return False
        return True

    def load(self) -> dict[str, Any] | None:
        if self.unit_id is None:
            return None
        try:
            return self.store.load_draft(self.assessor, self.unit_id, self.form)
        except StoreError as exc:
            self.report(f"Kladden kunne ikke hentes: {exc}")
            return None

    def discard(self) -> None:
        if self.unit_id is None:
            return
        try:
            self.store.discard_draft(self.assessor, self.unit_id, self.form)
        except StoreError as exc:
            self.report(f"Kladden kunne ikke slettes: {exc}")
