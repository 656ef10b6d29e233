"""Risk categorisation (præ, post or nye oplysninger): the catalogue's suggestion with its
reasons beside an empty choice of rød / gul / grøn, a justification, the deviation question
when the choice differs from the suggestion, and for post the quality assessment it rests
on. Submit appends to the unit's history.

When information has come since the unit's latest assessment, the tab says so above the
suggestion, and the assessment records the records it takes a position on (of any moment:
a decision takes the unit off the reconsideration queue). Choosing, at the moment "Nye
oplysninger", the colour in force is the decision "ingen ændring", and the tab says so.

No colour is pressed until the inspector presses one: a pre-selected suggestion costs
nothing to accept and a second justification to reject — the automatism the guidance asks
supervisors to counter ("modvirke automatik", seed 001).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from enum import Enum
from typing import Any

import ipywidgets as widgets

from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.domain.core.local_time import format_stamp, in_danish_time
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.information.records import InformationRecord
from tilsynwidgets.domain.labels import label_of, labels
from tilsynwidgets.domain.quality.model import QualityAssessment, quality_model
from tilsynwidgets.domain.risk.assessment import RiskAssessment, Suggestion
from tilsynwidgets.domain.risk.quality_basis import (
    NO_QUALITY_ASSESSMENT,
    newest_first,
    quality_basis_problem,
    reference_to,
)
from tilsynwidgets.forms import FormInvalid, ModelForm
from tilsynwidgets.presentation.html import category_badge, escape
from tilsynwidgets.presentation.information import InformationListing, pending_line
from tilsynwidgets.store.errors import StoreError
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common.drafts import DraftKeeper
from tilsynwidgets.widgets.common.status import StatusLine
from tilsynwidgets.widgets.unit.card import suggestion_html
from tilsynwidgets.widgets.unit.form_parts import field_box
from tilsynwidgets.widgets.unit.quality import quality_html

__all__ = [
    "NOTHING_NEW",
    "NO_CHANGE",
    "NO_CHOICE",
    "AssessmentPanel",
    "quality_label",
    "with_symbol",
]

NO_CHOICE = "Ingen farve valgt endnu"
NO_CHANGE = "Valget er det samme som kategorien i kraft: registreres som «ingen ændring»"
NOTHING_NEW = (
    "der er ingen nye oplysninger siden seneste vurdering at tage stilling til; vælg præ eller post"
)


def with_symbol(member: Enum) -> str:
    """Colour buttons read "▲ Rød", so the choice does not rest on colour alone."""
    if isinstance(member, RiskCategory):
        style = labels().category(member)
        return f"{style.symbol} {style.label}"
    return label_of(member)


def quality_label(assessment: QualityAssessment) -> str:
    """How a quality assessment is offered: "1. oktober 2026 kl. 14.00, af tk-midt-01
    (kvalitetsmodel 2026.1-illustrativ)"."""
    when = format_stamp(in_danish_time(assessment.assessed_at))
    return f"{when}, af {assessment.assessor} (kvalitetsmodel {assessment.model_version})"


_SHOWN = ["phase", "chosen", "justification", "deviation_justification", "based_on"]
_DEVIATION = "deviation_justification"


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
        self.suggestion: Suggestion | None = None
        self.quality_assessments: list[QualityAssessment] = []
        """The unit's quality assessments, newest first (the order they are offered in)."""
        self.waiting: tuple[InformationRecord, ...] = ()
        """The records that came since the latest assessment: the assessment decides on them."""
        self.in_force: RiskCategory | None = None
        """The category in force (the latest assessment's), to name "ingen ændring"."""
        self.status = StatusLine()
        self.drafts = DraftKeeper(store, self.status.error)
        self.form: ModelForm[RiskAssessment] = ModelForm(
            RiskAssessment,
            fixed=self._fixed(None, None),
            fields=_SHOWN,
            overrides={"justification": "textarea", _DEVIATION: "textarea"},
            submit_text="Gem risikovurdering",
            labeller=with_symbol,
            reveal_with={"chosen": [_DEVIATION]},
            extra_checks=self._checks,
        )
        self.form.on_change(self._changed)
        self.form.on_submit(self._submitted)
        self.news = widgets.HTML()
        self.suggestion_box = widgets.HTML()
        self.chosen_badge = widgets.HTML()
        self.quality_choice = widgets.Dropdown(
            description="Bygger på",
            options=[],
            value=None,
            layout=widgets.Layout(width="52em", max_width="100%"),
            style={"description_width": "auto"},
        )
        self.quality_error = widgets.HTML()
        self.quality = widgets.HTML()
        self.quality_box = widgets.VBox(
            [
                widgets.HTML("<b>Kvalitetsvurdering, post-vurderingen bygger på</b>"),
                self.quality_choice,
                self.quality_error,
                self.quality,
            ]
        )
        self.quality_choice.observe(self._quality_chosen, names=["value"])
        # What the choice rests on comes before it: the suggestion and, for post, the
        # quality assessment; then the choice, its justification and the save button.
        super().__init__(
            [
                self.news,
                self.suggestion_box,
                self.quality_box,
                self.chosen_badge,
                self.form,
                self.status,
            ]
        )
        self._refresh()

    def show(
        self,
        unit: Unit,
        suggestion: Suggestion,
        quality_assessments: Sequence[QualityAssessment],
        information: InformationListing | None = None,
        in_force: RiskCategory | None = None,
    ) -> None:
        """Start (or restore the autosaved draft of) an assessment of ``unit``, beside the
        catalogue's ``suggestion``; a post assessment offers the unit's
        ``quality_assessments`` (the latest first and chosen). ``information`` is the unit's
        information split at its latest assessment (what waits is named above the
        suggestion, and the assessment decides on it); ``in_force`` its category in force."""
        self.unit = unit
        self.suggestion = suggestion
        self.waiting = information.waiting if information is not None else ()
        self.in_force = in_force
        line = pending_line(information) if information is not None else ""
        self.news.value = (
            f"<p style='color:#8a4b00'><b>⚠ {escape(line)}</b> Se dem under «Oplysninger».</p>"
            if line
            else ""
        )
        self.quality_assessments = newest_first(
            [q for q in quality_assessments if q.unit_id == unit.id]
        )
        self.drafts.key = DraftKey.assessment(self.assessor, unit.id)
        with self.drafts.restoring():
            self.form.set_fixed(self._fixed(unit, suggestion))
            draft = self.drafts.load()
            if draft is not None:
                self.form.set_draft(draft)
            else:
                self.form.set_draft(self._blank(bool(self.waiting)), fresh=True)
        if draft is not None:
            self.status.info("Din ikke-gemte kladde til denne enhed er gendannet.")
        else:
            self.status.clear()
        self.suggestion_box.value = suggestion_html(suggestion)
        self.quality_error.value = ""
        # New options select the first, the latest: preselecting a reference, not a judgement.
        self.quality_choice.options = [
            (quality_label(q), position) for position, q in enumerate(self.quality_assessments)
        ]
        self.quality_choice.value = 0 if self.quality_assessments else None
        self._refresh()

    def _fixed(self, unit: Unit | None, suggestion: Suggestion | None) -> dict[str, Any]:
        return {
            "unit_id": unit.id if unit else "ingen",
            "suggested": suggestion.category.value if suggestion and suggestion.category else None,
            "reasons": [r.model_dump(mode="json") for r in suggestion.reasons]
            if suggestion
            else [],
            "catalogue_version": suggestion.catalogue_version if suggestion else None,
            "unknown_signals": list(suggestion.unknown_signals) if suggestion else [],
            "assessor": self.assessor,
            "assessed_at": self.clock().isoformat(),
        }

    @staticmethod
    def _blank(news: bool = False) -> dict[str, Any]:
        """A new assessment: no colour chosen (the inspector chooses), no text yet; at the
        moment "Nye oplysninger" when information waits for a decision."""
        return {
            "phase": (Phase.NY if news else Phase.PRAE).value,
            "chosen": None,
            "justification": "",
            "deviation_justification": "",
            "based_on": ["risikosignaler"],
        }

    def _changed(self, draft: dict[str, Any]) -> None:
        self.drafts.save(draft)
        self._refresh()

    def _quality_chosen(self, _change: object) -> None:
        self.quality_error.value = ""
        self._refresh()

    @property
    def chosen_quality(self) -> QualityAssessment | None:
        """The quality assessment chosen in the list (None when there is none)."""
        position = self.quality_choice.value
        if isinstance(position, int) and 0 <= position < len(self.quality_assessments):
            return self.quality_assessments[position]
        return None

    @property
    def deviates(self) -> bool:
        """Whether the chosen colour differs from the suggested one (never without one)."""
        suggested = self.suggestion.category if self.suggestion else None
        chosen = self.form.draft.get("chosen")
        return suggested is not None and chosen is not None and chosen != suggested.value

    def _checks(self, assessment: RiskAssessment) -> list[tuple[str, str]]:
        """A decision on new information needs new information to decide on."""
        if assessment.phase is Phase.NY and not self.waiting:
            return [("phase", NOTHING_NEW)]
        return []

    @property
    def no_change(self) -> bool:
        """Whether the draft decides "ingen ændring": new information, the colour in force."""
        draft = self.form.draft
        return (
            draft.get("phase") == Phase.NY.value
            and self.in_force is not None
            and draft.get("chosen") == self.in_force.value
        )

    # -- the derived view -------------------------------------------------------------

    def _refresh(self) -> None:
        """Show what is chosen, the deviation question when it deviates, and for post the
        quality assessment it rests on (idempotent)."""
        chosen = self.form.draft.get("chosen")
        self.chosen_badge.value = (
            f"<p>Valgt kategori: {category_badge(RiskCategory(chosen))}</p>"
            if chosen
            else f"<p>Valgt kategori: <i>{NO_CHOICE}</i></p>"
        )
        if self.no_change:
            self.chosen_badge.value += f"<p><b>{escape(NO_CHANGE)}</b></p>"
        deviation = field_box(self.form, _DEVIATION)
        if deviation is not None:
            deviation.layout.display = None if self.deviates else "none"
        post = self.unit is not None and self.form.draft.get("phase") == Phase.POST.value
        self.quality_box.layout.display = None if post else "none"
        if not post or self.unit is None:
            self.quality.value = ""
            return
        self.quality_choice.layout.display = None if self.quality_assessments else "none"
        if not self.quality_assessments:
            self.quality.value = f"<p><b>{escape(NO_QUALITY_ASSESSMENT)}</b></p>"
            return
        chosen_quality = self.chosen_quality
        latest = chosen_quality is self.quality_assessments[0]  # newest first
        title = "Seneste kvalitetsvurdering" if latest else "Valgt kvalitetsvurdering"
        self.quality.value = quality_html(quality_model(self.unit.kind), chosen_quality, title)

    # -- saving -----------------------------------------------------------------------

    def _submitted(self, assessment: RiskAssessment) -> None:
        self.save(assessment)

    def save(self, assessment: RiskAssessment | None = None) -> RiskAssessment | None:
        """Append the assessment (stamped now) to the history; errors are shown.

        Checked again here, in the kernel: a post assessment must name one of the unit's
        quality assessments (:func:`~tilsynwidgets.domain.risk.quality_basis.
        quality_basis_problem`), whatever the browser sent.
        """
        try:
            built = assessment or self.form.submit()
        except FormInvalid:
            self.status.error("Ret de markerede felter, før vurderingen kan gemmes.")
            return None
        basis = self.chosen_quality if built.phase is Phase.POST else None
        stamped = built.model_copy(
            update={
                "assessed_at": self.clock(),
                "quality": reference_to(basis) if basis is not None else None,
                _DEVIATION: built.deviation_justification if built.is_deviation else "",
                "information": tuple(record.id for record in self.waiting),
            }
        )
        if built.phase is Phase.NY and not self.waiting:
            self.status.error(f"Risikovurderingen er ikke gemt: {NOTHING_NEW}.")
            return None
        problem = quality_basis_problem(stamped, self.quality_assessments)
        if problem is not None:
            self.quality_error.value = f'<p style="color:#b71c1c">{escape(problem)}</p>'
            self.status.error(f"Risikovurderingen er ikke gemt: {problem}")
            return None
        try:
            self.store.append_assessment(stamped)
        except StoreError as exc:
            self.status.error(f"Risikovurderingen blev ikke gemt: {exc}")
            return None
        self.drafts.discard()
        self.on_saved(stamped)  # the inspector shows the unit again, with a fresh form
        self.status.success(f"Risikovurderingen er gemt i enhedens historik af {self.assessor}.")
        return stamped
