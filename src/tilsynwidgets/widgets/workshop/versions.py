"""Catalogue versions in the workshop: open one, save the edited catalogue as a new named
version (never overwriting), list them, show the difference between two, and import or
export YAML. An import that fails says where, in Danish, and changes nothing."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime

import ipywidgets as widgets
from pydantic import ValidationError

from tilsynwidgets.domain.core.danish_numbers import counted
from tilsynwidgets.domain.core.errors import DataFileError
from tilsynwidgets.domain.core.local_time import in_danish_time
from tilsynwidgets.domain.core.messages import validation_messages
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue
from tilsynwidgets.domain.workshop.catalogue_yaml import catalogue_from_yaml, catalogue_to_yaml
from tilsynwidgets.domain.workshop.diff import catalogue_diff
from tilsynwidgets.domain.workshop.versions import (
    CatalogueVersion,
    exported_version,
    new_version,
)
from tilsynwidgets.forms import CleanTextarea
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.presentation.tables import table_html
from tilsynwidgets.presentation.workshop_tables import versions_table
from tilsynwidgets.store.catalogues import CatalogueStore
from tilsynwidgets.widgets.common.status import StatusLine

__all__ = ["VERSIONS_CAPTION", "VersionsPanel", "import_problems"]

VERSIONS_CAPTION = "Nyeste først; intet overskrives"


class VersionsPanel(widgets.VBox):
    """``current`` gives the edited catalogue; ``opened`` receives a catalogue to edit and
    the version it is based on (``None`` for an imported file); ``saved`` (if given) hears
    of each version saved."""

    def __init__(
        self,
        catalogues: CatalogueStore,
        author: str,
        current: Callable[[], CriteriaCatalogue],
        opened: Callable[[CriteriaCatalogue, CatalogueVersion | None], None],
        clock: Callable[[], datetime] | None = None,
        saved: Callable[[CatalogueVersion], None] | None = None,
    ) -> None:
        self.catalogues = catalogues
        self.saved = saved
        self.author = author
        self.current = current
        self.opened = opened
        self.clock = clock or (lambda: datetime.now(UTC))
        self.based_on: CatalogueVersion | None = None
        self.status = StatusLine()
        self.choice = widgets.Dropdown(description="Version", layout=widgets.Layout(width="32em"))
        self.open_button = widgets.Button(description="Åbn versionen")
        self.name = widgets.Text(description="Nyt navn", placeholder="fx 2026.2-whistleblower")
        self.comment = CleanTextarea(
            description="Kommentar", placeholder="Hvad er ændret, og hvorfor?"
        )
        self.save_button = widgets.Button(description="Gem som ny version", button_style="primary")
        self.listing = widgets.HTML()
        self.diff_old = widgets.Dropdown(description="Fra")
        self.diff_new = widgets.Dropdown(description="Til")
        self.diff_button = widgets.Button(description="Vis forskelle")
        self.diff = widgets.HTML()
        self.upload = widgets.FileUpload(
            accept=".yaml,.yml", multiple=False, description="Vælg fil"
        )
        self.import_button = widgets.Button(description="Indlæs YAML")
        self.export_button = widgets.Button(description="Eksportér som YAML")
        self.link = widgets.HTML()
        self.open_button.on_click(self.status.guard(self._open))
        self.save_button.on_click(self.status.guard(self._save))
        self.diff_button.on_click(self.status.guard(self._diff))
        self.import_button.on_click(self.status.guard(self._import))
        self.export_button.on_click(self.status.guard(self.export))
        super().__init__(
            [
                widgets.HBox([self.choice, self.open_button]),
                widgets.HTML("<h4>Gem den redigerede udgave</h4>"),
                self.name,
                self.comment,
                self.save_button,
                self.status,
                widgets.HTML("<h4>Versioner</h4>"),
                self.listing,
                widgets.HTML("<h4>Forskelle mellem to versioner</h4>"),
                widgets.HBox([self.diff_old, self.diff_new, self.diff_button]),
                self.diff,
                widgets.HTML("<h4>YAML</h4>"),
                widgets.HBox([self.upload, self.import_button, self.export_button]),
                self.link,
            ]
        )
        self.refresh()

    def refresh(self) -> list[CatalogueVersion]:
        """Read the stored versions and show them."""
        versions = self.catalogues.versions()
        names = [(v.name, v.name) for v in versions]
        for box in (self.choice, self.diff_old, self.diff_new):
            chosen = box.value
            box.options = names
            box.value = (
                chosen if chosen in {n for n, _ in names} else (names[0][1] if names else None)
            )
        if len(names) > 1 and self.diff_old.value == self.diff_new.value:
            self.diff_old.value = names[1][1]
        self.listing.value = table_html(versions_table(versions), VERSIONS_CAPTION)
        return versions

    def open_version(self, name: str) -> None:
        version = self.catalogues.get(name)
        if version is None:
            self.status.error(f"Versionen '{name}' findes ikke.")
            return
        self.based_on = version
        self.choice.value = version.name
        self.edited()
        self.opened(version.catalogue, version)

    def _open(self) -> None:
        if self.choice.value:
            self.open_version(self.choice.value)
            self.status.info(f"Versionen '{self.choice.value}' er åbnet til redigering.")

    def _save(self) -> None:
        try:
            version = new_version(
                self.current(),
                name=self.name.value,
                author=self.author,
                comment=self.comment.value,
                saved_at=self.clock(),
                based_on=self.based_on.name if self.based_on else None,
            )
        except ValidationError as exc:
            self.status.error(
                "Versionen er ikke gemt: " + "; ".join(validation_messages(exc, CatalogueVersion))
            )
            return
        self.catalogues.save(version)
        self.based_on = version
        self.edited()
        self.name.value = self.comment.value = ""
        self.refresh()
        self.choice.value = version.name
        self.opened(version.catalogue, version)
        if self.saved is not None:
            self.saved(version)
        self.status.success(f"Gemt som version '{version.name}' af {self.author}.")

    def _diff(self) -> None:
        old = self.catalogues.get(self.diff_old.value or "")
        new = self.catalogues.get(self.diff_new.value or "")
        if old is None or new is None:
            self.status.error("Vælg to versioner.")
            return
        lines = catalogue_diff(old.catalogue, new.catalogue).describe()
        self.diff.value = (
            f"<p><b>{escape(old.name)} → {escape(new.name)}</b></p><ul>"
            + "".join(f"<li>{escape(line)}</li>" for line in lines)
            + "</ul>"
        )

    def _import(self) -> None:
        files = list(self.upload.value)
        if not files:
            self.status.error("Vælg en YAML-fil først.")
            return
        upload = files[0]  # ipywidgets 8: a dict with name, content (memoryview), …
        name = str(upload["name"])
        try:
            catalogue = catalogue_from_yaml(bytes(upload["content"]), source=name)
        except DataFileError as exc:
            self.status.error(f"Filen er ikke indlæst; intet er ændret. {import_problems(exc)}")
            return
        self.based_on = None
        self.edited()
        self.opened(catalogue, None)
        self.status.success(
            f"{name} er indlæst ({counted(len(catalogue.criteria), 'kriterium', 'kriterier')}). "
            "Gem den som en ny "
            "version for at beholde den."
        )

    def export(self) -> str:
        """The edited catalogue as YAML, offered as a download named after the version it
        is exported as (:func:`exported_version`: the opened version's name while it is
        unchanged, else a dated working copy of it); returns the text."""
        catalogue = self.current()
        day = in_danish_time(self.clock()).date()
        version = exported_version(catalogue, self.based_on, day)
        text = catalogue_to_yaml(catalogue.model_copy(update={"version": version}))
        encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
        filename = f"kriterier-{version}.yaml"
        self.link.value = (
            f'<a download="{escape(filename)}" href="data:application/x-yaml;base64,{encoded}" '
            f'class="tw-download">Hent {escape(filename)}</a>'
        )
        return text

    def edited(self) -> None:
        """The edited catalogue changed (an edit, or another version opened or saved): a
        download offered before no longer holds it, and is taken away."""
        self.link.value = ""


def import_problems(error: DataFileError) -> str:
    """The problems of an imported catalogue file in one Danish line; each field is named by
    its title (``linje 5, Kriterium 1, Id``) by the reader of the file."""
    listed = "; ".join(str(problem) for problem in error.problems)
    return f"{error.source} er ugyldig ({len(error.problems)} fejl): {listed}"
