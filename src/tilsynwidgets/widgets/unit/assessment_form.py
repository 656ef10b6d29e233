"""Risk categorisation (præ/post): choose rød / gul / grøn beside the suggestion, justify it,
and for post see the quality assessment. Submit appends to the unit's history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from enum import Enum
from typing import Any

import ipywidgets as widgets

from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.labels import label_of, labels
from tilsynwidgets.domain.quality.model import QualityAssessment, quality_model
from tilsynwidgets.domain.risk.assessment import RiskAssessment, Suggestion
from tilsynwidgets.forms import FormInvalid, ModelForm
from tilsynwidgets.presentation.html import category_badge
from tilsynwidgets.store.errors import StoreError
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common.drafts import DraftKeeper
from tilsynwidgets.widgets.common.status import StatusLine
from tilsynwidgets.widgets.unit.quality import quality_html

__all__ = ["AssessmentPanel", "with_symbol"]


def with_symbol(member: Enum) -> str:
    """Colour buttons read "▲ Rød", so the choice does not rest on colour alone."""
    if isinstance(member, RiskCategory):
        style = labels().category(member)
        return f"{style.symbol} {style.label}"
    return label_of(member)


_SHOWN = ["phase", "chosen", "justification", "deviation_justification", "based_on"]


class AssessmentPanel(widgets.VBox):
    def __init__(
        self,
        store: Store,
        assessor: str,
        on_saved: Callable[[RiskAssessment], None],
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.store = store
        self.assessor = assessor
        self.on_saved = on_saved
        self.clock = clock or (lambda: datetime.now(UTC))
        self.unit: Unit | None = None
        self.status = StatusLine()
        self.drafts = DraftKeeper(store, self.status.error)
        self.form: ModelForm[RiskAssessment] = ModelForm(
            RiskAssessment,
            fixed=self._fixed(None, None),
            fields=_SHOWN,
            overrides={"justification": "textarea", "deviation_justification": "textarea"},
            submit_text="Gem risikovurdering",
            labeller=with_symbol,
            reveal_with={"chosen": ["deviation_justification"]},
        )
        self.form.on_change(self._changed)
        self.form.on_submit(self._submitted)
        self.quality = widgets.HTML()
        self.chosen_badge = widgets.HTML()
        self.latest_quality: QualityAssessment | None = None
        super().__init__([self.chosen_badge, self.form, self.quality, self.status])

    def show(
        self, unit: Unit, suggestion: Suggestion, latest_quality: QualityAssessment | None
    ) -> None:
        """Start (or restore the autosaved draft of) an assessment of ``unit``."""
        self.unit = unit
        self.latest_quality = latest_quality
        self.drafts.key = DraftKey.assessment(self.assessor, unit.id)
        with self.drafts.restoring():
            self.form.set_fixed(self._fixed(unit, suggestion))
            draft = self.drafts.load()
            if draft is not None:
                self.form.set_draft(draft)
            else:
                self.form.set_draft(self._blank(suggestion), fresh=True)
        if draft is not None:
            self.status.info("Din ikke-gemte kladde til denne enhed er gendannet.")
        else:
            self.status.clear()
        self._show_quality()
        self._show_choice()

    def _fixed(self, unit: Unit | None, suggestion: Suggestion | None) -> dict[str, Any]:
        return {
            "unit_id": unit.id if unit else "ingen",
            "suggested": suggestion.category.value if suggestion else None,
            "reasons": [r.model_dump(mode="json") for r in suggestion.reasons]
            if suggestion
            else [],
            "catalogue_version": suggestion.catalogue_version if suggestion else None,
            "assessor": self.assessor,
            "assessed_at": self.clock().isoformat(),
        }

    @staticmethod
    def _blank(suggestion: Suggestion) -> dict[str, Any]:
        return {
            "phase": Phase.PRAE.value,
            "chosen": suggestion.category.value,
            "justification": "",
            "deviation_justification": "",
            "based_on": ["risikosignaler"],
        }

    def _changed(self, draft: dict[str, Any]) -> None:
        self.drafts.save(draft)
        self._show_quality()
        self._show_choice()

    def _show_choice(self) -> None:
        chosen = self.form.draft.get("chosen")
        self.chosen_badge.value = (
            f"<p>Valgt kategori: {category_badge(RiskCategory(chosen))}</p>" if chosen else ""
        )

    def _show_quality(self) -> None:
        phase = self.form.draft.get("phase")
        if self.unit is None or phase != Phase.POST.value:
            self.quality.value = ""
            return
        self.quality.value = quality_html(quality_model(self.unit.kind), self.latest_quality)

    def _submitted(self, assessment: RiskAssessment) -> None:
        self.save(assessment)

    def save(self, assessment: RiskAssessment | None = None) -> RiskAssessment | None:
        """Append the assessment (stamped now) to the history; errors are shown."""
        try:
            built = assessment or self.form.submit()
        except FormInvalid:
            self.status.error("Ret de markerede felter, før vurderingen kan gemmes.")
            return None
        stamped = built.model_copy(update={"assessed_at": self.clock()})
        try:
            self.store.append_assessment(stamped)
        except StoreError as exc:
            self.status.error(f"Risikovurderingen blev ikke gemt: {exc}")
            return None
        self.drafts.discard()
        self.on_saved(stamped)  # the inspector shows the unit again, with a fresh form
        self.status.success(f"Risikovurderingen er gemt i enhedens historik af {self.assessor}.")
        return stamped
