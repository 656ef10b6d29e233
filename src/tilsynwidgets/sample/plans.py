"""The sample's intensity plans and organisational checklists: a plan follows each præ and
each change of category on new information; the checklist follows the unit's latest colour."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.intensity.plans import (
    IntensityPlan,
    PlanDecision,
    estimate_hours,
    hours_model,
    is_template_unchanged,
    template_for,
    template_set,
)
from tilsynwidgets.domain.intensity.rulesets import default_ruleset
from tilsynwidgets.domain.support.measures import ChecklistChange, measures_for
from tilsynwidgets.sample.profile import SampleProfile

__all__ = ["PlanMaker"]


class PlanMaker:
    """Plans and checklist changes for the sample, drawn from the history's random stream."""

    def __init__(self, rng: np.random.Generator, profile: SampleProfile, latest: datetime) -> None:
        self.rng = rng
        self.profile = profile
        self.latest = latest
        # The sample's plans follow the default rule set, its templates and hours model.
        self.rules = default_ruleset()
        self.hours = hours_model(self.rules)
        self.template_version = template_set(self.rules).version
        self.team_index = profile.team_numbers()

    def _after(self, moment: datetime, days: int) -> datetime:
        """``days`` after ``moment``, but never after the data date's end."""
        return min(moment + timedelta(days=days), max(moment, self.latest))

    def plan(
        self, row: pd.Series, category: RiskCategory, inspector: str, at: datetime
    ) -> PlanDecision:
        team = self.team_index.get(str(row["team"]), 0)
        shares = self.profile.history.plan_varied_share_by_team
        kind = UnitKind(row["kind"])
        template = template_for(category, kind, int(row["capacity"]), self.rules)
        plan = template
        if self.rng.random() < shares[team % len(shares)]:
            plan = self._vary(plan, category)
        unchanged = is_template_unchanged(plan, template)
        return PlanDecision(
            unit_id=str(row["id"]),
            category=category,
            plan=plan,
            estimated_hours=estimate_hours(plan, self.hours),
            template_unchanged=unchanged,
            reason=self._pick(self.profile.texts.plan_unchanged) if unchanged else "",
            author=inspector,
            decided_at=self._after(at, int(self.rng.integers(1, 15))),
            ruleset_id=self.rules.id,
            unit_kind=kind,
            template_version=self.template_version,
        )

    def _vary(self, plan: IntensityPlan, category: RiskCategory) -> IntensityPlan:
        """Adjust a template the way a supervisor fits it to a concrete unit."""
        choice = int(self.rng.integers(0, 3))
        if choice == 0:
            visits = plan.visits.model_copy(
                update={"unannounced_per_year": plan.visits.unannounced_per_year + 1}
            )
            return plan.model_copy(update={"visits": visits})
        if choice == 1:
            delta = 1.0 if category is RiskCategory.ROED or self.rng.random() < 0.5 else -1.0
            hours = max(1.0, plan.visit_scope.hours_per_visit + delta)
            scope = plan.visit_scope.model_copy(update={"hours_per_visit": hours})
            return plan.model_copy(update={"visit_scope": scope})
        follow_up = plan.follow_up.model_copy(
            update={"follow_up_meetings_per_year": plan.follow_up.follow_up_meetings_per_year + 1}
        )
        return plan.model_copy(update={"follow_up": follow_up})

    def checklist(
        self, row: pd.Series, category: RiskCategory, inspector: str, after: datetime
    ) -> list[ChecklistChange]:
        share = self.profile.history.measure_in_place.get(category)
        if share is None:
            return []
        changes = []
        for measure in measures_for(category):
            in_place = bool(self.rng.random() < share)
            changes.append(
                ChecklistChange(
                    unit_id=str(row["id"]),
                    measure_id=measure.id,
                    in_place=in_place,
                    note="" if in_place else self._pick(self.profile.texts.checklist_missing_note),
                    author=inspector,
                    changed_at=self._after(after, int(self.rng.integers(2, 30))),
                )
            )
        return changes

    def _pick(self, options: tuple[str, ...]) -> str:
        return options[int(self.rng.integers(0, len(options)))]
