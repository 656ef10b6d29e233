"""The criteria workshop: methods consultants edit a version of the risk criteria and see at
once what it would do to the portfolio as it stands on the working day, and how its
suggestions would have agreed with the colours supervisors chose, each from the information
received by the day of the assessment. It supports the professional judgement; it never
replaces it: the suggestions it shows are the catalogue's, not decisions."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime

import ipywidgets as widgets
import pandas as pd

from tilsynwidgets.config import load_settings
from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.danish_numbers import (
    counted,
    danish_count,
    danish_decimal,
    danish_percent,
)
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.information.as_of import InformationFrame
from tilsynwidgets.domain.risk.criteria import (
    CriteriaCatalogue,
    default_catalogue,
    suggest_for,
)
from tilsynwidgets.domain.workshop.backtest import (
    Backtest,
    BacktestData,
    assessment_signals,
    assessments_in_force,
    backtest,
)
from tilsynwidgets.domain.workshop.effect import NO_SUGGESTION_CODE, WorkshopData, effect
from tilsynwidgets.domain.workshop.versions import CatalogueVersion, unchanged
from tilsynwidgets.memory import release_freed_memory
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

_UNSAVED = "der ikke er gemt,"

_STEPS = (
    "Læser kriteriekatalogets versioner",
    "Læser porteføljen",
    "Læser vurderingerne og oplysningerne",
    "Finder signalerne på hver vurderings dag",
    "Forbereder beregningen",
    "Beregner virkningen",
)


class WorkshopApp(widgets.VBox):
    """Built empty and quick; :meth:`load` reads the portfolio with a progress bar (the
    notebook shows the app first, then loads, so the progress is seen).

    ``as_of`` is the working day the units are shown as of (the configured working day when
    None); the backtest dates each assessment by itself.
    """

    def __init__(
        self,
        store: Store,
        author: str,
        clock: Callable[[], datetime] | None = None,
        as_of: date | None = None,
    ) -> None:
        self.store = store
        self.catalogues = CatalogueStore(store)
        self.author = author
        self.clock = clock or (lambda: datetime.now(UTC))
        self.as_of = as_of or load_settings().working_day()
        self.data: WorkshopData | None = None
        self.backtest_data: BacktestData | None = None
        self.backtest: Backtest | None = None
        self.baseline: CatalogueVersion | None = None
        self.editor: CriteriaEditor | None = None
        self.effect_panel: EffectPanel | None = None
        self.versions: VersionsPanel | None = None
        self.in_force: InForcePanel | None = None
        self.timing = widgets.HTML()
        self.quick = widgets.HTML()
        self.heading = widgets.HTML()
        self.footer = widgets.HTML()
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
        return (
            f"Arbejdskopien af {self._opened_as()} foreslår for "
            f"{counted(result.n_units, 'enhed', 'enheder')} pr. {format_stamp(self.as_of)}: "
            f"{counts}; {self._agreement_text()}."
        )

    def _opened_as(self, name: Callable[[str], str] = str) -> str:
        """What is being edited: ``2026.1``, ``2026.1 med ændringer, der ikke er gemt,`` or
        (a file imported) ``en indlæst fil, der ikke er gemt,``; ``name`` shows the name."""
        based = self.versions.based_on if self.versions is not None else self.baseline
        if based is None:
            return f"en indlæst fil, {_UNSAVED}"
        if self.editor is None or unchanged(self.editor.catalogue(), based):
            return name(based.name)
        return f"{name(based.name)} med ændringer, {_UNSAVED}"

    def _agreement_text(self) -> str:
        """The backtest in all, in a few words."""
        if self.backtest is None or not self.backtest.overall["assessments"]:
            return "ingen vurderinger at sammenligne med"
        overall = self.backtest.overall
        assessments = counted(int(overall["assessments"]), "vurdering", "vurderinger")
        return (
            f"enighed med de valgte farver på vurderingsdagen "
            f"{danish_percent(float(overall['agreement']), 1)} af {assessments}, "
            f"Cohens kappa {danish_decimal(float(overall['kappa']))}"
        )

    def load(self) -> None:
        """Read the versions and the portfolio (showing progress), then show the workshop."""
        self._load()
        release_freed_memory()  # what reading the portfolio left behind, once it is let go

    def _load(self) -> None:
        self._advance(0)
        self.catalogues.ensure_packaged(self.clock())
        latest = self.catalogues.versions()[0]
        self._advance(1)
        units = self.store.units_frame(as_of=self.as_of)  # the units as they stand today
        self._advance(2)
        assessments = assessments_in_force(self.store.assessments_frame())
        records = self.store.information_frame()
        self._advance(3)
        information = InformationFrame(records, pd.Index(units["id"]), units["kind"].tolist())
        signals_at = assessment_signals(information, assessments)
        self._advance(4)
        self.data = WorkshopData.prepare(units)
        self.backtest_data = BacktestData.prepare(assessments, signals_at, units)
        self._advance(5)
        self.effect_panel = EffectPanel(self.data, self._unit_html, self.as_of, self.backtest_data)
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
            self.footer,
        )

    def _advance(self, done: int) -> None:
        self.progress.value = done
        self.step.value = f"<p>{escape(_STEPS[done])} … ({done + 1} af {len(_STEPS)})</p>"

    def _heading(self) -> None:
        """The line above the workshop and the one below it: what is being edited (and
        whether it is changed), redrawn after every edit, opening and saving."""
        opened = self._opened_as(lambda name: f"<b>{escape(name)}</b>").rstrip(",")
        self.heading.value = (
            f"<p>Redigerer en arbejdskopi af {opened}. Forslagene understøtter "
            "den faglige vurdering – de træffer ikke beslutningen.</p>"
        )
        self.footer.value = f"<p>{escape(self.effect_summary())}</p>"

    def _edited(self, catalogue: CriteriaCatalogue) -> None:
        """A valid edit: evaluate it on the portfolio and redraw, timing the step."""
        if self.data is None or self.effect_panel is None:
            return
        start = time.perf_counter()
        baseline = self.baseline.catalogue if self.baseline else None
        tested = self.backtest_data
        self.backtest = backtest(tested, catalogue, baseline) if tested is not None else None
        self.effect_panel.show(effect(self.data, catalogue, baseline), self.backtest)
        elapsed = (time.perf_counter() - start) * 1000
        assessed = counted(tested.n_assessments if tested else 0, "vurdering", "vurderinger")
        self.timing.value = (
            f"<p><small>Beregnet for {counted(self.data.n_units, 'enhed', 'enheder')} og "
            f"{assessed} på {danish_count(round(elapsed))} ms.</small></p>"
        )
        self.quick.value = self._quick_line()
        self._heading()
        if self.versions is not None:
            self.versions.edited()

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
        noun = "ændret forslag" if changed == 1 else "ændrede forslag"
        return (
            f"<div style='position:sticky;top:0;background:#f7f7f7;padding:6px 8px;"
            f"border:1px solid #ddd;z-index:2'>Virkning pr. {format_stamp(self.as_of)}: "
            f"{colours} · <b>{danish_count(changed)}</b> {noun} · "
            f"{escape(_first_upper(self._agreement_text()))}</div>"
        )

    def _opened(self, catalogue: CriteriaCatalogue, version: CatalogueVersion | None) -> None:
        if self.editor is None:
            return
        if version is not None:
            self.baseline = version
        self.editor.load(catalogue)
        self._edited(self.editor.catalogue())

    def _unit_html(self, unit_id: str) -> str:
        unit = self.store.unit(unit_id, as_of=self.as_of)
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


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]
