"""The criteria workshop: methods consultants edit a version of the risk criteria and see at
once what it would do to the portfolio. It supports the professional judgement; it never
replaces it: the suggestions it shows are the catalogue's, not decisions."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

import ipywidgets as widgets

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.danish_numbers import counted, danish_count, danish_decimal
from tilsynwidgets.domain.risk.criteria import (
    CriteriaCatalogue,
    default_catalogue,
    suggest_for,
)
from tilsynwidgets.domain.workshop.effect import NO_SUGGESTION_CODE, WorkshopData, effect
from tilsynwidgets.domain.workshop.versions import CatalogueVersion
from tilsynwidgets.presentation.html import category_badge, escape
from tilsynwidgets.presentation.workshop_tables import NO_SUGGESTION
from tilsynwidgets.store.catalogues import CatalogueStore
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common.status import StatusLine
from tilsynwidgets.widgets.unit.card import history_html, suggestion_html, unit_html
from tilsynwidgets.widgets.workshop.criteria_editor import CriteriaEditor
from tilsynwidgets.widgets.workshop.effect import EffectPanel
from tilsynwidgets.widgets.workshop.in_force import InForcePanel
from tilsynwidgets.widgets.workshop.versions import VersionsPanel

__all__ = ["WorkshopApp"]

_STEPS = (
    "Læser kriteriekatalogets versioner",
    "Læser porteføljen",
    "Læser de valgte farver",
    "Forbereder beregningen",
    "Beregner virkningen",
)


class WorkshopApp(widgets.VBox):
    """Built empty and quick; :meth:`load` reads the portfolio with a progress bar (the
    notebook shows the app first, then loads, so the progress is seen)."""

    def __init__(
        self, store: Store, author: str, clock: Callable[[], datetime] | None = None
    ) -> None:
        self.store = store
        self.catalogues = CatalogueStore(store)
        self.author = author
        self.clock = clock or (lambda: datetime.now(UTC))
        self.data: WorkshopData | None = None
        self.baseline: CatalogueVersion | None = None
        self.editor: CriteriaEditor | None = None
        self.effect_panel: EffectPanel | None = None
        self.versions: VersionsPanel | None = None
        self.in_force: InForcePanel | None = None
        self.timing = widgets.HTML()
        self.quick = widgets.HTML()
        self.heading = widgets.HTML()
        self.status = StatusLine()
        self.progress = widgets.IntProgress(
            value=0, min=0, max=len(_STEPS), description="Indlæser", bar_style="info"
        )
        self.step = widgets.HTML()
        self.body = widgets.VBox()
        super().__init__([self.heading, self.progress, self.step, self.status, self.body])

    def summary(self) -> str:
        """One Danish line on the packaged catalogue (before anything is loaded)."""
        catalogue = default_catalogue()
        rule = catalogue.aggregation.escalate_after_gul
        escalation = f"{rule} gule kriterier giver tilsammen rød" if rule else "ingen eskalering"
        return (
            f"Det pakkede kriteriekatalog {catalogue.version} har {len(catalogue.criteria)} "
            f"kriterier; den højeste farve foreslås, og {escalation}."
        )

    def effect_summary(self) -> str:
        """One Danish line on what the catalogue being edited suggests for the portfolio."""
        result = self.effect_panel.result if self.effect_panel is not None else None
        if result is None:
            return "Porteføljen er ikke indlæst endnu."
        counts = ", ".join(
            f"{danish_count(int(result.totals[c]))} {name}"
            for c, name in (
                ("roed", "rød"),
                ("gul", "gul"),
                ("groen", "grøn"),
                (NO_SUGGESTION_CODE, "intet forslag"),
            )
        )
        shown = danish_decimal(result.agreement.kappa)
        based = self.baseline.name if self.baseline else "et importeret katalog"
        return (
            f"Arbejdskopien af {based} foreslår for {counted(result.n_units, 'enhed', 'enheder')}: "
            f"{counts}; Cohens kappa mod de valgte farver {shown}."
        )

    def load(self) -> None:
        """Read the versions and the portfolio (showing progress), then show the workshop."""
        self._advance(0)
        self.catalogues.ensure_packaged(self.clock())
        latest = self.catalogues.versions()[0]
        self._advance(1)
        units = self.store.units_frame()
        self._advance(2)
        chosen = self.store.current_choices()
        self._advance(3)
        self.data = WorkshopData.prepare(units, chosen)
        self._advance(4)
        self.effect_panel = EffectPanel(self.data, self._unit_html)
        self.editor = CriteriaEditor(latest.catalogue, self._edited)
        in_force = self.in_force = InForcePanel(self.catalogues, self.author, self.clock)
        self.versions = VersionsPanel(
            self.catalogues,
            self.author,
            self.editor.catalogue,
            self._opened,
            self.clock,
            saved=lambda _version: in_force.refresh(),
        )
        self.baseline = latest
        self.versions.based_on = latest
        self._edited(self.editor.catalogue())
        self.progress.layout.display = self.step.layout.display = "none"
        self.body.children = (
            widgets.HTML("<h2>Kriterierne</h2>"),
            self.quick,
            self.editor,
            widgets.HTML("<h2>Virkningen på porteføljen</h2>"),
            self.timing,
            self.effect_panel,
            widgets.HTML("<h2>Versioner og YAML</h2>"),
            self.versions,
            widgets.HTML("<h2>Kataloget i brug</h2>"),
            self.in_force,
        )

    def _advance(self, done: int) -> None:
        self.progress.value = done
        self.step.value = f"<p>{escape(_STEPS[done])} … ({done + 1} af {len(_STEPS)})</p>"

    def _heading(self) -> None:
        based = self.baseline.name if self.baseline else "importeret fil"
        self.heading.value = (
            f"<p>Redigerer en arbejdskopi af <b>{escape(based)}</b>. Forslagene understøtter "
            "den faglige vurdering – de træffer ikke beslutningen.</p>"
        )

    def _edited(self, catalogue: CriteriaCatalogue) -> None:
        """A valid edit: evaluate it on the portfolio and redraw, timing the step."""
        if self.data is None or self.effect_panel is None:
            return
        start = time.perf_counter()
        baseline = self.baseline.catalogue if self.baseline else None
        self.effect_panel.show(effect(self.data, catalogue, baseline))
        elapsed = (time.perf_counter() - start) * 1000
        self.timing.value = (
            f"<p><small>Beregnet for {counted(self.data.n_units, 'enhed', 'enheder')} på "
            f"{danish_count(round(elapsed))} ms.</small></p>"
        )
        self.quick.value = self._quick_line()
        self._heading()

    def _quick_line(self) -> str:
        """The effect in one line above the editor, so an edit shows at once."""
        result = self.effect_panel.result if self.effect_panel is not None else None
        if result is None:
            return ""
        colours = " · ".join(
            [
                f"{category_badge(c)} {danish_count(int(result.totals[c.value]))}"
                for c in (RiskCategory.ROED, RiskCategory.GUL, RiskCategory.GROEN)
            ]
            + [f"{NO_SUGGESTION} {danish_count(result.no_suggestion)}"]
        )
        changed = len(result.changes) if result.changes is not None else 0
        shown = danish_decimal(result.agreement.kappa)
        noun = "ændret forslag" if changed == 1 else "ændrede forslag"
        return (
            f"<div style='position:sticky;top:0;background:#f7f7f7;padding:6px 8px;"
            f"border:1px solid #ddd;z-index:2'>Virkning nu: {colours} · "
            f"<b>{danish_count(changed)}</b> {noun} · Cohens kappa mod valgte farver {shown}</div>"
        )

    def _opened(self, catalogue: CriteriaCatalogue, version: CatalogueVersion | None) -> None:
        if self.editor is None:
            return
        if version is not None:
            self.baseline = version
        self.editor.load(catalogue)
        self._edited(self.editor.catalogue())

    def _unit_html(self, unit_id: str) -> str:
        unit = self.store.unit(unit_id)
        parts = [unit_html(unit)]
        if self.editor is not None:
            suggestion = suggest_for(unit, self.editor.catalogue())
            parts.append("<h4>Det redigerede katalogs forslag</h4>" + suggestion_html(suggestion))
        parts.append(
            history_html(
                self.store.assessments(unit_id),
                self.store.plans(unit_id),
                self.store.checklist_changes(unit_id),
            )
        )
        return "".join(parts)
