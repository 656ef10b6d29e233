"""Synthetic supervision history for a sample portfolio: præ/post assessments, intensity
plans, quality assessments and organisational checklists, drawn reproducibly from a seed.

Every record is a validated domain model, so the sample exercises the same rules as real use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pandas as pd

from tilsynwidgets.domain.core.categories import Phase, RiskCategory
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
from tilsynwidgets.domain.quality.model import QualityAssessment, quality_model
from tilsynwidgets.domain.risk.assessment import InformationSource, RiskAssessment, Suggestion
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue, default_catalogue
from tilsynwidgets.domain.risk.evaluation import PortfolioEvaluation, evaluate_portfolio
from tilsynwidgets.domain.risk.quality_basis import reference_to
from tilsynwidgets.domain.support.measures import ChecklistChange, measures_for
from tilsynwidgets.sample.profile import SampleProfile, sample_profile

__all__ = ["SampleHistoryRecords", "generate_history"]

Progress = Callable[[int, int], None]


@dataclass(slots=True)
class SampleHistoryRecords:
    assessments: list[RiskAssessment] = field(default_factory=list)
    plans: list[PlanDecision] = field(default_factory=list)
    quality_assessments: list[QualityAssessment] = field(default_factory=list)
    checklist_changes: list[ChecklistChange] = field(default_factory=list)


def generate_history(
    units: pd.DataFrame,
    seed: int,
    as_of: date,
    *,
    catalogue: CriteriaCatalogue | None = None,
    profile: SampleProfile | None = None,
    progress: Progress | None = None,
) -> SampleHistoryRecords:
    """History for every unit of a frame from :func:`generate_units_frame` (needs ``latent``)."""
    generator = _HistoryGenerator(
        np.random.default_rng([seed, 1]),
        as_of,
        profile or sample_profile(),
        evaluate_portfolio(units, catalogue or default_catalogue()),
        units,
    )
    total = len(units)
    for position in range(total):
        generator.unit(position)
        done = position + 1
        if progress is not None and (done % 500 == 0 or done == total):
            progress(done, total)
    return generator.records


class _HistoryGenerator:
    def __init__(
        self,
        rng: np.random.Generator,
        as_of: date,
        profile: SampleProfile,
        evaluation: PortfolioEvaluation,
        units: pd.DataFrame,
    ) -> None:
        self.rng = rng
        self.as_of = as_of
        self.profile = profile
        self.evaluation = evaluation
        self.units = units
        self.latent = units["latent"].cat.codes.to_numpy()
        self.records = SampleHistoryRecords()
        # The sample's plans follow the default rule set, its templates and hours model.
        self.rules = default_ruleset()
        self.hours = hours_model(self.rules)
        self.template_version = template_set(self.rules).version
        team_names = [t for kind in UnitKind for t in profile.teams.get(kind, ())]
        self.team_index = {name: i for i, name in enumerate(team_names)}

    def unit(self, position: int) -> None:
        row = self.units.iloc[position]
        suggestion = self.evaluation.suggestion(position, row)
        latent = int(self.latent[position])
        history = self.profile.history
        team = self.team_index.get(str(row["team"]), 0)
        number = self.rng.integers(1, history.inspectors_per_team + 1)
        inspector = f"tk-{row['socialtilsyn']}-{team + 1}{number}"
        last: tuple[RiskCategory, datetime] | None = None
        for cycle in range(history.cycles):
            year = self.as_of.year - (history.cycles - 1 - cycle)
            start = date(year, 1, 10) + timedelta(days=int(self.rng.integers(0, 240)))
            if start > self.as_of:
                continue
            earlier = cycle < history.cycles - 1
            prae_rank = self._shift(latent, history.prae_judgement_shift + (0.15 if earlier else 0))
            prae_at = _at(start, self.rng)
            prae = self._assessment(row, Phase.PRAE, prae_rank, suggestion, inspector, prae_at)
            self._plan(row, prae.chosen, team, inspector, prae_at)
            last = (prae.chosen, prae_at)
            post_day = start + timedelta(days=int(self.rng.integers(30, 150)))
            if post_day > self.as_of:
                continue
            post_rank = self._shift(prae_rank, history.post_movement, toward=latent)
            post_at = _at(post_day, self.rng)
            post = self._assessment(row, Phase.POST, post_rank, suggestion, inspector, post_at)
            # The quality assessment is made the day before the post categorisation that
            # rests on it (drawn after it, so the sample's random draws keep their order).
            quality = self._quality(row, post_rank, inspector, post_at - timedelta(days=1))
            self.records.assessments[-1] = post.model_copy(
                update={"quality": reference_to(quality)}
            )
            last = (RiskCategory.from_rank(post_rank), post_at)
        if last is not None:
            self._checklist(row, last[0], inspector, last[1])

    def _shift(self, rank: int, probability: float, toward: int | None = None) -> int:
        if self.rng.random() >= probability:
            return rank
        step = int(np.sign(toward - rank)) if toward is not None and toward != rank else 0
        if step == 0:
            step = 1 if self.rng.random() < 0.5 else -1
        return int(np.clip(rank + step, 0, 2))

    def _assessment(
        self,
        row: pd.Series,
        phase: Phase,
        rank: int,
        suggestion: Suggestion,
        inspector: str,
        at: datetime,
    ) -> RiskAssessment:
        texts = self.profile.texts
        chosen = RiskCategory.from_rank(rank)
        deviates = suggestion.category is not None and chosen != suggestion.category
        based_on = [InformationSource.RISIKOSIGNALER, InformationSource.SKRIFTLIGT_MATERIALE]
        if phase is Phase.POST:
            based_on += [InformationSource.KVALITETSVURDERING, InformationSource.TILSYNSBESOEG]
        if self.rng.random() < 0.3:
            based_on.append(InformationSource.KOMMUNER)
        assessment = RiskAssessment(
            unit_id=str(row["id"]),
            phase=phase,
            suggested=suggestion.category,
            reasons=suggestion.reasons,
            catalogue_version=suggestion.catalogue_version,
            unknown_signals=suggestion.unknown_signals,
            chosen=chosen,
            justification=self._pick(texts.justification[chosen]),
            deviation_justification=self._pick(texts.deviation) if deviates else "",
            based_on=tuple(based_on),
            assessor=inspector,
            assessed_at=at,
        )
        self.records.assessments.append(assessment)
        return assessment

    def _plan(
        self, row: pd.Series, category: RiskCategory, team: int, inspector: str, at: datetime
    ) -> None:
        shares = self.profile.history.plan_varied_share_by_team
        kind = UnitKind(row["kind"])
        template = template_for(category, kind, int(row["capacity"]), self.rules)
        plan = template
        if self.rng.random() < shares[team % len(shares)]:
            plan = self._vary(plan, category)
        unchanged = is_template_unchanged(plan, template)
        self.records.plans.append(
            PlanDecision(
                unit_id=str(row["id"]),
                category=category,
                plan=plan,
                estimated_hours=estimate_hours(plan, self.hours),
                template_unchanged=unchanged,
                reason=self._pick(self.profile.texts.plan_unchanged) if unchanged else "",
                author=inspector,
                decided_at=at + timedelta(days=int(self.rng.integers(1, 15))),
                ruleset_id=self.rules.id,
                unit_kind=kind,
                template_version=self.template_version,
            )
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

    def _quality(
        self, row: pd.Series, rank: int, inspector: str, at: datetime
    ) -> QualityAssessment:
        model = quality_model(UnitKind(row["kind"]))
        mean = self.profile.history.quality_mean[rank]
        ids = model.indicator_ids
        scores = np.clip(np.rint(self.rng.normal(mean, 0.7, len(ids))), 1, 5).astype(int)
        assessment = QualityAssessment(
            unit_id=str(row["id"]),
            model_version=model.version,
            scores={i: int(s) for i, s in zip(ids, scores, strict=True)},
            assessor=inspector,
            assessed_at=at,
        )
        self.records.quality_assessments.append(assessment)
        return assessment

    def _checklist(
        self, row: pd.Series, category: RiskCategory, inspector: str, after: datetime
    ) -> None:
        share = self.profile.history.measure_in_place.get(category)
        if share is None:
            return
        for measure in measures_for(category):
            in_place = bool(self.rng.random() < share)
            self.records.checklist_changes.append(
                ChecklistChange(
                    unit_id=str(row["id"]),
                    measure_id=measure.id,
                    in_place=in_place,
                    note="" if in_place else self._pick(self.profile.texts.checklist_missing_note),
                    author=inspector,
                    changed_at=after + timedelta(days=int(self.rng.integers(2, 30))),
                )
            )

    def _pick(self, options: tuple[str, ...]) -> str:
        return options[int(self.rng.integers(0, len(options)))]


def _at(day: date, rng: np.random.Generator) -> datetime:
    moment = time(int(rng.integers(8, 16)), int(rng.integers(0, 60)))
    return datetime.combine(day, moment, tzinfo=UTC)
