"""The inspector's app: see what waits for a decision, choose a unit, see its signals,
information, history and suggested colour, then categorise it (præ, post or because of new
information), register new information, plan the intensity and tick the organisational
support."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import NamedTuple

import ipywidgets as widgets
import pandas as pd

from tilsynwidgets.assessor import Assessor
from tilsynwidgets.config import load_settings
from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.danish_numbers import counted, danish_count
from tilsynwidgets.domain.core.refusals import failure_text
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.information.as_of import records_frame
from tilsynwidgets.domain.information.kinds import InformationKinds, information_kinds
from tilsynwidgets.domain.information.queue import reconsideration_queue, suggestions_of
from tilsynwidgets.domain.information.records import Information, InformationRecord
from tilsynwidgets.domain.intensity.plans import PlanDecision
from tilsynwidgets.domain.intensity.rulesets import LegalRuleSet
from tilsynwidgets.domain.portfolio.standing import unit_standing
from tilsynwidgets.domain.quality.model import QualityAssessment, QualityModel, quality_model
from tilsynwidgets.domain.risk.assessment import RiskAssessment
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue, suggest_category
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.presentation.information import unit_listing
from tilsynwidgets.store.errors import UnknownUnitError
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common.status import StatusLine
from tilsynwidgets.widgets.inspector.checklist import ChecklistPanel
from tilsynwidgets.widgets.inspector.picker import UnitPicker
from tilsynwidgets.widgets.inspector.queue import QueuePanel
from tilsynwidgets.widgets.unit.assessment_form import AssessmentPanel
from tilsynwidgets.widgets.unit.card import history_html, signals_html, unit_facts_html
from tilsynwidgets.widgets.unit.information_panel import InformationPanel
from tilsynwidgets.widgets.unit.plan_form import PlanPanel
from tilsynwidgets.widgets.unit.quality_form import QualityPanel
from tilsynwidgets.widgets.unit.standing import standing_html

__all__ = ["InspectorApp"]


class _Panels(NamedTuple):
    assessment: AssessmentPanel
    information: InformationPanel
    plan: PlanPanel
    quality: QualityPanel
    checklist: ChecklistPanel


_log = logging.getLogger(__name__)

NO_COLOUR = (
    "<p style='color:#8a4b00'>Enheden har ingen risikokategori endnu, og kataloget har intet "
    "forslag, fordi for mange oplysninger mangler. Vælg en kategori under "
    "«Risikokategorisering» først; planen og de organisatoriske tiltag følger kategorien.</p>"
)

TABS = (
    "Risikokategorisering",
    "Oplysninger",
    "Tilsynsintensitet",
    "Kvalitetsvurdering",
    "Organisatorisk understøttelse",
    "Historik",
)


class InspectorApp(widgets.VBox):
    def __init__(
        self,
        store: Store,
        assessor: Assessor,
        catalogue: CriteriaCatalogue,
        rules: LegalRuleSet,
        units: pd.DataFrame,
        categories: pd.Series,
        clock: Callable[[], datetime] | None = None,
        as_of: date | None = None,
        kinds: InformationKinds | None = None,
    ) -> None:
        self.store = store
        self.assessor = assessor
        self.catalogue = catalogue
        self.rules = rules
        self.clock = clock or (lambda: datetime.now(UTC))
        self.as_of = as_of if as_of is not None else load_settings().working_day()
        """The day the app works as of (signals, queue, visits due): by default the configured
        working day, the one the store reckons signals on (``TILSYNWIDGETS_AS_OF``, else
        today in Danish time)."""
        self.kinds = kinds or information_kinds()
        self._panels: _Panels | None = None
        self.status = StatusLine()
        self.picker = UnitPicker(units, categories, team=assessor.team)
        self.queue = QueuePanel(units, self.open_unit, kinds=self.kinds)
        self.suggested_now = pd.Series(dtype=object)
        """Today's suggestion per unit id (a colour code, None where there is none)."""
        self.standing = widgets.HTML()
        self.details = widgets.HTML()
        self.signals = widgets.HTML()
        self.history = widgets.HTML()
        # Shown in the plan and support tabs while the unit has no colour to plan for.
        self.no_colour = (widgets.HTML(), widgets.HTML())
        # The four forms are built when the first unit is chosen, so the app starts
        # with the picker only (measured in benchmarks/app_startup.py).
        # Each tab is a slot filled once: models the browser may still be building are
        # never replaced or closed under it.
        self._slots = tuple(widgets.VBox() for _ in _Panels._fields)
        self.tabs = widgets.Tab(children=[*self._slots, self.history], titles=TABS)
        # The suggestion stands beside the choice, in the categorisation tab.
        # The unit as it stands comes first, right under its name; the signals after it.
        self.work = widgets.VBox([self.details, self.standing, self.signals, self.tabs])
        self.work.layout.display = "none"
        self.hint = widgets.HTML("<p>Vælg en enhed i listen for at begynde.</p>")
        who = widgets.HTML(
            f"<p>Tilsynsførende: <b>{escape(assessor.name)}</b> "
            f"<small>({escape(assessor.source)})</small></p>"
        )
        self.picker.observe(self._unit_chosen, names=["unit_id"])
        for control in (
            self.picker.search,
            self.picker.socialtilsyn,
            self.picker.unit_type,
            self.picker.category,
            self.picker.my_team,
        ):
            control.observe(self._filtered, names=["value"])
        self.compute_queue()
        super().__init__([who, self.queue, self.picker, self.status, self.hint, self.work])

    @property
    def assessment(self) -> AssessmentPanel:
        return self._built().assessment

    @property
    def information(self) -> InformationPanel:
        return self._built().information

    @property
    def plan(self) -> PlanPanel:
        return self._built().plan

    @property
    def quality(self) -> QualityPanel:
        return self._built().quality

    @property
    def checklist(self) -> ChecklistPanel:
        return self._built().checklist

    def _built(self) -> _Panels:
        if self._panels is None:
            name = self.assessor.name
            self._panels = _Panels(
                AssessmentPanel(self.store, name, self._assessed, self.clock),
                InformationPanel(
                    self.store, name, self._informed, self.clock, self.today, self.kinds
                ),
                PlanPanel(self.store, name, self.rules, self._planned, self.clock),
                QualityPanel(self.store, name, self._quality_assessed, self.clock),
                ChecklistPanel(self.store, name, self.clock),
            )
            panels = self._panels
            contents = (
                [panels.assessment],
                [panels.information],
                [self.no_colour[0], panels.plan],
                [panels.quality],
                [self.no_colour[1], panels.checklist],
            )
            for slot, content in zip(self._slots, contents, strict=True):
                slot.children = content
        return self._panels

    def _unit_chosen(self, change: dict[str, object]) -> None:
        unit_id = change["new"]
        if isinstance(unit_id, str) and unit_id:
            try:
                self.show(unit_id)
            except Exception as exc:  # shown, never swallowed
                reason = failure_text(exc, _log, "enheden kunne ikke vises")
                self.status.error(f"Enheden kunne ikke vises: {reason}")

    def show(self, unit_id: str) -> None:
        """Show everything about ``unit_id`` and prepare its forms; its place in the queue is
        computed again from what the store holds now."""
        unit = self.store.unit(unit_id, as_of=self.today())
        suggestion = suggest_category(unit.signals, self.catalogue, unit.kind)
        assessments = self.store.assessments(unit_id)
        plans = self.store.plans(unit_id)
        changes = self.store.checklist_changes(unit_id)
        quality = self.store.quality_assessments(unit_id)
        records = self.store.information(unit_id)
        standing = unit_standing(unit, assessments, plans, self.rules, self.today())
        latest = standing.category
        found = unit_listing(records, assessments, self.today(), self.kinds)
        # Planned for the category in force; before the first assessment, for the suggestion.
        current = latest.chosen if latest else suggestion.category
        self.details.value = unit_facts_html(unit)
        self.signals.value = signals_html(unit)
        self.standing.value = standing_html(standing)
        self.history.value = history_html(
            assessments, plans, changes, {record.id: record for record in records}
        )
        self.assessment.show(unit, suggestion, quality, found, latest.chosen if latest else None)
        self.information.show(unit, found)
        self.quality.show(unit, self.quality_model(unit), quality)
        self._show_by_colour(unit, current, standing.plan)
        self._requeue(unit_id, suggestion.category, assessments, records)
        self.status.clear()
        self.hint.layout.display = "none"
        self.work.layout.display = None

    def _show_by_colour(
        self, unit: Unit, current: RiskCategory | None, plan: PlanDecision | None
    ) -> None:
        """The plan and the support measures follow a colour; without one they wait."""
        panels: tuple[widgets.VBox, widgets.VBox] = (self.plan, self.checklist)
        if current is None:
            for notice, panel in zip(self.no_colour, panels, strict=True):
                notice.value = NO_COLOUR
                panel.layout.display = "none"
            return
        for notice, panel in zip(self.no_colour, panels, strict=True):
            notice.value = ""
            panel.layout.display = None
        self.plan.show(unit, current, plan)
        self.checklist.show(unit.id, current)

    def today(self) -> date:
        """The day the app works as of: the signals, the queue and the visits due are
        reckoned on it."""
        return self.as_of

    # -- the queue ------------------------------------------------------------------------

    def compute_queue(self) -> None:
        """The whole reconsideration queue, from the store and today's suggestions for every
        unit (when the app starts; afterwards only a changed unit is computed again)."""
        self.suggested_now = suggestions_of(self.picker.units.set_index("id"), self.catalogue)
        queue = reconsideration_queue(
            self.store.information_frame(),
            self.store.latest_assessments(),
            self.suggested_now,
            self.today(),
            self.kinds,
        )
        self.queue.set_queue(queue)
        self.queue.show(self.picker.query(), self.picker.categories)

    def _requeue(
        self,
        unit_id: str,
        suggested: RiskCategory | None,
        assessments: list[RiskAssessment],
        records: list[InformationRecord],
    ) -> None:
        """``unit_id``'s place in the queue, from its records and assessments as stored now."""
        self.suggested_now.loc[unit_id] = suggested.value if suggested is not None else None
        history = pd.DataFrame(
            {
                "unit_id": [a.unit_id for a in assessments],
                "assessed_at": pd.to_datetime([a.assessed_at for a in assessments], utc=True),
                "suggested": [a.suggested.value if a.suggested else None for a in assessments],
            }
        )
        rows = reconsideration_queue(
            records_frame(records),
            history,
            self.suggested_now.loc[[unit_id]],
            self.today(),
            self.kinds,
        )
        self.queue.replace_unit(unit_id, rows)

    def _filtered(self, _change: object) -> None:
        self.queue.show(self.picker.query(), self.picker.categories)

    def open_linked(self, unit_id: str) -> None:
        """Open the unit a link names (``Tilsynsfoerende.ipynb?enhed=<id>``, from another
        app's drill-down). The id is only a wish: the store checks that it exists and that
        the person sees it, and says in Danish, as for any unknown unit, when not."""
        try:
            self.store.unit(unit_id, as_of=self.today())
            self.picker.choose(unit_id)  # refused too for a unit added since the app started
        except UnknownUnitError as exc:
            self.status.error(exc.message)
        except ValueError as exc:
            self.status.error(str(exc))

    def open_unit(self, unit_id: str) -> None:
        """Open ``unit_id`` from the queue, at its information."""
        self.picker.choose(unit_id)
        if self.picker.unit_id == unit_id and self.work.layout.display is None:
            self.tabs.selected_index = TABS.index("Oplysninger")

    def _informed(self, information: Information) -> None:
        # New signals, suggestion and place in the queue; the form starts a new registration.
        self.show(information.unit_id)
        self.tabs.selected_index = TABS.index("Oplysninger")

    def _assessed(self, assessment: RiskAssessment) -> None:
        self.picker.update_category(assessment.unit_id, assessment.chosen)
        self.queue.categories = self.picker.categories
        self.show(assessment.unit_id)
        self.tabs.selected_index = 0

    def _planned(self, decision: PlanDecision) -> None:
        self.show(decision.unit_id)
        self.tabs.selected_index = TABS.index("Tilsynsintensitet")

    def _quality_assessed(self, assessment: QualityAssessment) -> None:
        # The post assessment offers the new quality assessment at once.
        self.show(assessment.unit_id)
        self.tabs.selected_index = TABS.index("Kvalitetsvurdering")

    def quality_model(self, unit: Unit) -> QualityModel:
        """The quality model version the rule set in force names for the unit's kind."""
        return quality_model(unit.kind, self.rules.quality_model[unit.kind])

    def summary(self) -> str:
        """One Danish line: how many units there are to choose from, by current colour."""
        counts = self.picker.categories.value_counts()
        colours = ", ".join(
            counted(int(counts.get(c.value, 0)), one, many)
            for c, one, many in (
                (RiskCategory.ROED, "rød", "røde"),
                (RiskCategory.GUL, "gul", "gule"),
                (RiskCategory.GROEN, "grøn", "grønne"),
            )
        )
        units = counted(len(self.picker.units), "enhed", "enheder")
        return f"{units} at vælge imellem: {colours}."

    def waiting(self) -> str:
        """One Danish line: how many units wait for a decision, and how many past the alert."""
        frame = self.queue.frame
        alert = self.kinds.queue.waiting_alert_days
        late = int(frame["over_alert"].sum())
        return (
            f"{counted(len(frame), 'enhed venter', 'enheder venter')} på stillingtagen; "
            f"{danish_count(late)} har ventet over {danish_count(alert)} dage."
        )
