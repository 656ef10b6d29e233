"""The catalogue in force, in the workshop: put a saved version or the packaged catalogue in
force ("Tag i brug") with a reason, and see since when, by whom and why each version was in
force. The apps suggest with the version in force the next time they are opened.

Everything the browser sends is checked again here, in the kernel: the version must exist
(the store refuses an unknown one in Danish) and the reason is validated by the entry's
model, its message shown at the field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

import ipywidgets as widgets
import pandas as pd
from pydantic import ValidationError

from tilsynwidgets.domain.core.messages import danish_error, field_name
from tilsynwidgets.domain.risk.criteria import default_catalogue
from tilsynwidgets.domain.workshop.in_force import (
    CatalogueInForce,
    new_entry,
    packaged_reference,
    reference_label,
)
from tilsynwidgets.domain.workshop.versions import CatalogueVersion
from tilsynwidgets.forms import CleanTextarea, error_html, help_html
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.presentation.tables import Column, Table, for_people, table_html
from tilsynwidgets.store.catalogues import PACKAGED_AUTHOR, CatalogueStore
from tilsynwidgets.store.in_force import UnknownCatalogueVersionError
from tilsynwidgets.widgets.common.status import StatusLine

__all__ = ["HISTORY", "HISTORY_CAPTION", "InForcePanel", "history_table", "version_choices"]

HISTORY = Table(
    {},
    {
        "version": Column("Version", "text"),
        "put_at": Column("Taget i brug", "time"),
        "put_by": Column("Af", "text"),
        "reason": Column("Begrundelse", "text"),
    },
)
"""The versions put in force, newest (the one in force) first."""

HISTORY_CAPTION = "Versioner i brug, nyeste først; intet overskrives"
_REASON_HELP = (
    "Hvorfor skal apps'ene foreslå med denne version? Skal altid udfyldes (mindst 20 tegn)."
)


def version_choices(versions: Sequence[CatalogueVersion]) -> list[tuple[str, str]]:
    """(label, reference) for each version that can be put in force: the stored versions
    newest first (a packaged catalogue by its ``pakket:`` reference), and this release's
    packaged catalogue when it is not stored yet."""
    references = [
        packaged_reference(v.name) if v.author == PACKAGED_AUTHOR else v.name for v in versions
    ]
    packaged = packaged_reference(default_catalogue().version)
    if packaged not in references:
        references.append(packaged)
    return [(reference_label(reference), reference) for reference in dict.fromkeys(references)]


def history_table(history: Sequence[CatalogueInForce]) -> pd.DataFrame:
    """The versions put in force as people read them (the order given: newest first)."""
    frame = pd.DataFrame(
        {
            "version": [entry.label() for entry in history],
            "put_at": [entry.put_at for entry in history],
            "put_by": [entry.put_by for entry in history],
            "reason": [entry.reason for entry in history],
        },
        columns=list(HISTORY.columns),
    )
    return for_people(frame, HISTORY)


class InForcePanel(widgets.VBox):
    """Who puts a version in force is the workshop's ``author``."""

    def __init__(
        self, catalogues: CatalogueStore, author: str, clock: Callable[[], datetime]
    ) -> None:
        self.catalogues = catalogues
        self.author = author
        self.clock = clock
        self.current = widgets.HTML()
        # One label width for both, wide enough for "Begrundelse" (never "Begrundel…").
        labelled = {"description_width": "7em"}
        self.choice = widgets.Dropdown(
            description="Version", style=labelled, layout=widgets.Layout(width="32em")
        )
        self.reason = CleanTextarea(
            description="Begrundelse",
            placeholder="Hvorfor skal denne version bruges nu?",
            style=labelled,
            layout=widgets.Layout(width="40em", max_width="100%"),
        )
        self.reason_error = widgets.HTML()
        self.put_button = widgets.Button(description="Tag i brug", button_style="primary")
        self.status = StatusLine()
        self.history = widgets.HTML()
        self.put_button.on_click(self.status.guard(self._put))
        super().__init__(
            [
                self.current,
                self.choice,
                self.reason,
                widgets.HTML(help_html(_REASON_HELP)),
                self.reason_error,
                self.put_button,
                self.status,
                self.history,
            ]
        )
        self.refresh()

    def refresh(self, versions: Sequence[CatalogueVersion] | None = None) -> None:
        """Read the versions and the history of versions in force, and show them."""
        if versions is None:
            versions = self.catalogues.versions()
        choices = version_choices(versions)
        chosen = self.choice.value
        self.choice.options = choices
        known = [reference for _, reference in choices]
        self.choice.value = chosen if chosen in known else known[0]
        history = self.catalogues.store.catalogue_in_force_history()
        if history:
            entry = history[0]
            self.current.value = (
                f"<p>Apps'ene foreslår med <b>{escape(entry.label())}</b>. "
                f"{escape(entry.describe())}</p>"
            )
            self.history.value = table_html(history_table(history), HISTORY_CAPTION)
        else:
            packaged = default_catalogue().version
            self.current.value = (
                "<p>Ingen version er taget i brug endnu: apps'ene foreslår med det pakkede "
                f"katalog <b>{escape(packaged)}</b>.</p>"
            )
            self.history.value = ""

    def put_in_force(self, version: str, reason: str) -> CatalogueInForce | None:
        """Put ``version`` in force with ``reason`` (the button's action); ``None`` and a
        Danish message at the field when it is refused, with nothing saved."""
        # Only a role that may put a catalogue in force gets past the store
        # (store/guarded.py), whatever the page shows; who did it is recorded.
        self.reason_error.value = ""
        try:
            entry = new_entry(version, put_by=self.author, reason=reason, put_at=self.clock())
        except ValidationError as exc:
            at_reason = [danish_error(e) for e in exc.errors() if e["loc"][:1] == ("reason",)]
            self.reason_error.value = error_html(m[:1].upper() + m[1:] for m in at_reason)
            others = [
                f"{field_name(e['loc'], CatalogueInForce)}: {danish_error(e)}"
                for e in exc.errors()
                if e["loc"][:1] != ("reason",)
            ]
            problem = "; ".join(others) if others else "ret begrundelsen"
            self.status.error(f"Versionen er ikke taget i brug: {problem}.")
            return None
        try:
            self.catalogues.store.put_catalogue_in_force(entry)
        except UnknownCatalogueVersionError as exc:
            self.status.error(str(exc))
            return None
        self.reason.value = ""
        self.refresh()
        self.status.success(
            f"Versionen {entry.label()} er taget i brug. Apps'ene foreslår med den, "
            "når de åbnes næste gang."
        )
        return entry

    def _put(self) -> None:
        if not self.choice.value:
            self.status.error("Vælg en version.")
            return
        self.put_in_force(self.choice.value, self.reason.value)
