"""Synthetic supervision history for a sample portfolio: præ, post and assessments on new
information, intensity plans, quality assessments and organisational checklists, drawn
reproducibly from a seed.

The history follows the information (:mod:`tilsynwidgets.sample.information`): each
assessment's suggestion is the catalogue's as of its own day, from the records received by
then, and it lists the records received since the unit's previous assessment. The chosen
colour mostly follows the suggestion; with the profile's probabilities the supervisor's
judgement moves it one step toward the unit's latent colour (what the supervisor knows
beyond the catalogue), or keeps the category when new information moves the suggestion.
Every record is a validated domain model, so the sample exercises the same rules as real use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import partial

import numpy as np
import pandas as pd

from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.local_time import DANISH_TIME
from tilsynwidgets.domain.intensity.plans import PlanDecision
from tilsynwidgets.domain.quality.model import QualityAssessment
from tilsynwidgets.domain.risk.assessment import InformationSource, RiskAssessment, Suggestion
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue, default_catalogue
from tilsynwidgets.domain.risk.quality_basis import reference_to
from tilsynwidgets.domain.support.measures import ChecklistChange
from tilsynwidgets.sample.calendar import at_work, day_number
from tilsynwidgets.sample.decisions import Moment, candidates, unit_moments
from tilsynwidgets.sample.information import SampleInformation
from tilsynwidgets.sample.plans import PlanMaker
from tilsynwidgets.sample.profile import SampleProfile, sample_profile
from tilsynwidgets.sample.suggestions import SuggestionsAsOf

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
    information: SampleInformation,
    seed: int,
    *,
    catalogue: CriteriaCatalogue | None = None,
    profile: SampleProfile | None = None,
    progress: Progress | None = None,
) -> SampleHistoryRecords:
    """History for every unit of a frame from :func:`~tilsynwidgets.sample.units.
    draw_units_frame` (needs ``latent``) with its ``information``; the quality assessments
    are the information's."""
    profile = profile or sample_profile()
    calendar = information.calendar
    found = candidates(information.table, calendar, len(units), profile.information.decisions, seed)
    suggestions = SuggestionsAsOf(
        units, information, found.positions, found.days, catalogue or default_catalogue()
    )
    today = day_number(calendar.as_of)
    generator = _HistoryGenerator(np.random.default_rng([seed, 1]), profile, units, information)
    total = len(units)
    for position in range(total):
        moments = unit_moments(
            position,
            found.arrivals[position],
            found.scheduled[position],
            partial(suggestions.rank, position),
            today,
        )
        generator.unit(position, moments, suggestions)
        done = position + 1
        if progress is not None and (done % 500 == 0 or done == total):
            progress(done, total)
    return generator.records


class _HistoryGenerator:
    def __init__(
        self,
        rng: np.random.Generator,
        profile: SampleProfile,
        units: pd.DataFrame,
        information: SampleInformation,
    ) -> None:
        self.rng = rng
        self.profile = profile
        self.units = units
        self.information = information
        self.latent = units["latent"].cat.codes.to_numpy()
        self.kinds_by_id = dict(
            zip(information.table["id"], information.table["kind"], strict=True)
        )
        self.quality_of_row = {
            int(row): assessment
            for row, assessment in zip(
                information.quality.cycle_rows, information.quality.assessments, strict=True
            )
        }
        self.records = SampleHistoryRecords(
            quality_assessments=list(information.quality.assessments)
        )
        end = datetime.combine(information.calendar.as_of, time(17, 30), DANISH_TIME)
        self.plans = PlanMaker(rng, profile, end)

    def unit(self, position: int, moments: list[Moment], suggestions: SuggestionsAsOf) -> None:
        row = self.units.iloc[position]
        latent = int(self.latent[position])
        inspector = str(self.information.calendar.inspectors[position])
        chosen: RiskCategory | None = None
        at: datetime | None = None
        for moment in moments:
            suggestion = suggestions.suggestion(position, moment.day)
            at = at_work(moment.day, self.rng)
            previous = chosen
            chosen = self._choose(moment.phase, suggestion, latent, previous)
            assessment = self._assessment(row, moment, suggestion, chosen, previous, inspector, at)
            self.records.assessments.append(assessment)
            if moment.phase is Phase.PRAE or (moment.phase is Phase.NY and chosen != previous):
                self.records.plans.append(self.plans.plan(row, chosen, inspector, at))
        if chosen is not None and at is not None:
            self.records.checklist_changes += self.plans.checklist(row, chosen, inspector, at)

    def _choose(
        self,
        phase: Phase,
        suggestion: Suggestion,
        latent: int,
        previous: RiskCategory | None,
    ) -> RiskCategory:
        history = self.profile.history
        suggested = suggestion.category
        if phase is Phase.NY and previous is not None:
            if suggested is None or suggested == previous:
                return previous
            follows = self.rng.random() < history.new_information_follows
            return suggested if follows else previous
        base = suggested.rank if suggested is not None else latent
        shift = history.prae_judgement_shift if phase is Phase.PRAE else history.post_movement
        if base != latent and self.rng.random() < shift:
            base += 1 if latent > base else -1
        return RiskCategory.from_rank(base)

    def _assessment(
        self,
        row: pd.Series,
        moment: Moment,
        suggestion: Suggestion,
        chosen: RiskCategory,
        previous: RiskCategory | None,
        inspector: str,
        at: datetime,
    ) -> RiskAssessment:
        texts = self.profile.texts
        deviates = suggestion.category is not None and chosen != suggestion.category
        if moment.phase is Phase.NY:
            said = texts.new_information
            justification = self._pick(said.changed if chosen != previous else said.unchanged)
        else:
            justification = self._pick(texts.justification[chosen])
        quality = self.quality_of_row.get(moment.cycle_row) if moment.phase is Phase.POST else None
        return RiskAssessment(
            unit_id=str(row["id"]),
            phase=moment.phase,
            suggested=suggestion.category,
            reasons=suggestion.reasons,
            catalogue_version=suggestion.catalogue_version,
            unknown_signals=suggestion.unknown_signals,
            chosen=chosen,
            justification=justification,
            deviation_justification=self._pick(texts.deviation) if deviates else "",
            based_on=self._based_on(moment),
            assessor=inspector,
            assessed_at=at,
            quality=reference_to(quality) if quality is not None else None,
            information=moment.information,
        )

    def _based_on(self, moment: Moment) -> tuple[InformationSource, ...]:
        based_on = [InformationSource.RISIKOSIGNALER, InformationSource.SKRIFTLIGT_MATERIALE]
        if moment.phase is Phase.POST:
            based_on += [InformationSource.KVALITETSVURDERING, InformationSource.TILSYNSBESOEG]
        elif moment.phase is Phase.NY:
            kinds = {self.kinds_by_id[i] for i in moment.information}
            sources = self.profile.history.new_information_sources
            based_on += [source for kind, source in sources.items() if kind in kinds]
        if self.rng.random() < 0.3:
            based_on.append(InformationSource.KOMMUNER)
        return tuple(dict.fromkeys(based_on))

    def _pick(self, options: tuple[str, ...]) -> str:
        return options[int(self.rng.integers(0, len(options)))]
