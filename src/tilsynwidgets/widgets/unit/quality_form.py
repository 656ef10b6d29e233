"""The kvalitetsvurdering of one unit, entered where it is made: the unit kind's quality model
(the version the rule set in force names), each indicator scored 1–5 with the scale's Danish
wording, a note per criterion; criterion and theme scores follow the scores as the model
computes them, and saving appends the assessment to the unit's history.

One draft (``scores`` and ``notes``) is the source of truth; the controls mirror it and their
observers only write into it. What must be scored before saving is the domain's rule
(:mod:`tilsynwidgets.domain.quality.completeness`): at least one theme, and every theme begun
scored in full.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import ipywidgets as widgets
from pydantic import ValidationError

from tilsynwidgets.domain.core.danish_numbers import danish_count, danish_decimal
from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.core.refusals import refusal_text
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.quality.completeness import scoring_gaps
from tilsynwidgets.domain.quality.model import (
    NOTE_LENGTH,
    QualityAssessment,
    QualityModel,
    check_assessment,
    criterion_scores,
    note_problem,
    theme_scores,
)
from tilsynwidgets.forms import CleanTextarea
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.store.errors import StoreError
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common.drafts import DraftKeeper
from tilsynwidgets.widgets.common.status import StatusLine
from tilsynwidgets.widgets.unit.quality import assessments_html, theme_scores_html

__all__ = ["NOT_SCORED", "QualityPanel", "ScoringSheet"]

NOT_SCORED = "Ikke scoret"
_ERROR = "<p style='color:#b71c1c;margin:2px 0'>{}</p>"
_RULE = (
    "Scor alle indikatorer i mindst ét tema; et tema, du er begyndt på, skal scores helt, før "
    "vurderingen kan gemmes. Noterne er valgfrie (højst {} tegn pr. kriterium)."
)


def _error(message: str) -> str:
    return _ERROR.format(escape(message)) if message else ""


class ScoringSheet(widgets.Accordion):
    """The controls for one quality model, built once: a section per theme holding its
    criteria, each with a dropdown per indicator, its live score and a note box."""

    def __init__(self, model: QualityModel, changed: Callable[[str, str, Any], None]) -> None:
        self.model = model
        options = [(NOT_SCORED, 0)] + [(f"{s.score} – {s.label}", s.score) for s in model.scale]
        self.scores: dict[str, widgets.Dropdown] = {}
        self.notes: dict[str, CleanTextarea] = {}
        self.note_errors: dict[str, widgets.HTML] = {}
        self.criterion_scores: dict[str, widgets.HTML] = {}
        self.theme_errors: dict[str, widgets.HTML] = {}
        sections = []
        for theme in model.themes:
            self.theme_errors[theme.id] = widgets.HTML()
            blocks: list[widgets.Widget] = [self.theme_errors[theme.id]]
            for criterion in theme.criteria:
                self.criterion_scores[criterion.id] = widgets.HTML()
                blocks.append(self.criterion_scores[criterion.id])
                for indicator in criterion.indicators:
                    dropdown = widgets.Dropdown(
                        options=options,
                        value=0,
                        tooltip=indicator.text,
                        layout=widgets.Layout(width="260px"),
                    )
                    dropdown.observe(
                        lambda change, key=indicator.id: changed("scores", key, change["new"]),
                        names=["value"],
                    )
                    self.scores[indicator.id] = dropdown
                    text = widgets.HTML(
                        f"<span>{escape(indicator.text)}</span>",
                        layout=widgets.Layout(flex="1 1 auto", width="auto"),
                    )
                    blocks.append(widgets.HBox([text, dropdown]))
                note = CleanTextarea(
                    placeholder="Note til kriteriet (valgfri)",
                    rows=2,
                    layout=widgets.Layout(width="100%"),
                )
                note.observe(
                    lambda change, key=criterion.id: changed("notes", key, change["new"]),
                    names=["value"],
                )
                self.notes[criterion.id] = note
                self.note_errors[criterion.id] = widgets.HTML()
                blocks += [note, self.note_errors[criterion.id]]
            sections.append(widgets.VBox(blocks))
        super().__init__(
            children=sections, titles=tuple(self._title(t.id, {}) for t in model.themes)
        )
        self.selected_index = 0

    def _title(self, theme_id: str, shown: dict[str, float], scored: int = 0) -> str:
        theme = next(t for t in self.model.themes if t.id == theme_id)
        score = danish_decimal(shown[theme_id], 1) if theme_id in shown else "–"
        of = len(theme.indicator_ids)
        return f"{theme.number}. {theme.title} · score {score} · {scored} af {of} scoret"

    def fill(self, scores: dict[str, int], notes: dict[str, str]) -> None:
        """Show ``scores`` and ``notes`` (the draft already holds them)."""
        for key, dropdown in self.scores.items():
            dropdown.value = scores.get(key, 0)
        for key, box in self.notes.items():
            box.value = notes.get(key, "")

    def show_scores(self, scores: dict[str, int]) -> dict[str, float]:
        """Criterion scores beside each criterion and theme scores in the section titles, as
        the model computes them; returns the theme scores."""
        by_criterion = criterion_scores(self.model, scores)
        by_theme = theme_scores(self.model, scores)
        for theme in self.model.themes:
            for criterion in theme.criteria:
                score = by_criterion.get(criterion.id)
                shown = danish_decimal(score, 1) if score is not None else "–"
                self.criterion_scores[criterion.id].value = (
                    f"<p style='margin:8px 0 2px'><b>{escape(criterion.text)}</b> "
                    f"· kriteriets score: {shown}</p>"
                )
        self.titles = tuple(
            self._title(t.id, by_theme, sum(1 for i in t.indicator_ids if i in scores))
            for t in self.model.themes
        )
        return by_theme


class QualityPanel(widgets.VBox):
    """The kvalitetsvurdering of one unit: a new assessment, and the saved ones."""

    def __init__(
        self,
        store: Store,
        assessor: str,
        on_saved: Callable[[QualityAssessment], None],
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.store = store
        self.assessor = assessor
        self.on_saved = on_saved
        self.clock = clock or (lambda: datetime.now(UTC))
        self.unit: Unit | None = None
        self.model: QualityModel | None = None
        self.previous: list[QualityAssessment] = []
        self.draft: dict[str, Any] = {"scores": {}, "notes": {}}
        self.tried = False
        """A save was refused: from then on the scoring gaps follow every change."""
        self.sheets: dict[tuple[str, str], ScoringSheet] = {}
        self.status = StatusLine()
        self.drafts = DraftKeeper(store, self.status.error)
        self.heading = widgets.HTML()
        self.sheet_box = widgets.Box(layout=widgets.Layout(width="100%"))
        self.live = widgets.HTML()
        self.save_button = widgets.Button(
            description="Gem kvalitetsvurdering",
            button_style="primary",
            layout=widgets.Layout(width="auto"),  # the whole label, never cut short
        )
        self.save_button.on_click(self.status.guard(self.save))
        self.saved = widgets.HTML()
        super().__init__(
            [
                self.heading,
                self.sheet_box,
                self.live,
                widgets.HBox([self.save_button]),
                self.status,
                widgets.HTML("<h4>Gemte kvalitetsvurderinger</h4>"),
                self.saved,
            ]
        )

    @property
    def sheet(self) -> ScoringSheet | None:
        if self.model is None:
            return None
        return self.sheets.get((self.model.kind.value, self.model.version))

    def show(self, unit: Unit, model: QualityModel, previous: Sequence[QualityAssessment]) -> None:
        """Start (or restore the autosaved draft of) an assessment of ``unit`` under ``model``;
        ``previous`` are the unit's saved assessments in time order."""
        if model.kind is not unit.kind:
            raise ValueError(
                f"Kvalitetsmodellen gælder {model.kind.value}, men enheden er {unit.kind.value}."
            )
        self.unit, self.model, self.previous = unit, model, list(previous)
        key = (model.kind.value, model.version)
        if key not in self.sheets:
            self.sheets[key] = ScoringSheet(model, self._changed)
        sheet = self.sheets[key]
        self.sheet_box.children = (sheet,)
        self.drafts.key = DraftKey.quality(self.assessor, unit.id)
        with self.drafts.restoring():
            restored = self._restored(model, self.drafts.load())
            self.draft = restored or {"scores": {}, "notes": {}}
            sheet.fill(self.draft["scores"], self.draft["notes"])
        self.tried = False
        self.heading.value = (
            f"<p><b>Kvalitetsvurdering af {escape(unit.name)}</b> efter kvalitetsmodel "
            f"{escape(model.version)} (regelsættet i kraft). Tilsynsførende: "
            f"{escape(self.assessor)}; tidspunktet registreres, når vurderingen gemmes (nu "
            f"{format_stamp(self.clock())}).</p><p>{_RULE.format(danish_count(NOTE_LENGTH))}</p>"
        )
        self._refresh()
        self.saved.value = assessments_html(model, self.previous)
        if restored is not None:
            self.status.info("Din ikke-gemte kladde til denne kvalitetsvurdering er gendannet.")
        else:
            self.status.clear()

    @staticmethod
    def _restored(model: QualityModel, draft: dict[str, Any] | None) -> dict[str, Any] | None:
        """The draft's scores and notes that fit ``model`` (None: no draft for this version)."""
        if draft is None or draft.get("model_version") != model.version:
            return None
        indicators = set(model.indicator_ids)
        criteria = {c.id for t in model.themes for c in t.criteria}
        scores = {
            k: v
            for k, v in dict(draft.get("scores") or {}).items()
            if k in indicators and type(v) is int and 1 <= v <= 5
        }
        notes = {
            k: v
            for k, v in dict(draft.get("notes") or {}).items()
            if k in criteria and isinstance(v, str)
        }
        return {"scores": scores, "notes": notes}

    def _changed(self, part: str, key: str, value: Any) -> None:
        """A control's new value into the draft (a value the draft holds already is no change)."""
        held = self.draft[part].get(key)
        new = value or None  # 0 (Ikke scoret) and "" are no value
        if held == new:
            return
        if new is None:
            self.draft[part].pop(key, None)
        else:
            self.draft[part][key] = new
        self._refresh()
        if self.model is not None:
            self.drafts.save({"model_version": self.model.version, **self.draft})

    def _refresh(self) -> None:
        sheet, model = self.sheet, self.model
        if sheet is None or model is None:
            return
        scores: dict[str, int] = self.draft["scores"]
        by_theme = sheet.show_scores(scores)
        self.live.value = (
            theme_scores_html(model, by_theme, "<b>Denne vurdering</b>, ikke gemt endnu")
            if by_theme
            else "<p>Ingen indikatorer er scoret endnu.</p>"
        )
        for key, box in sheet.note_errors.items():
            box.value = _error(note_problem(self.draft["notes"].get(key, "")) or "")
        gaps = (
            {gap.theme_id: gap.message for gap in scoring_gaps(model, scores)} if self.tried else {}
        )
        for theme_id, box in sheet.theme_errors.items():
            box.value = _error(gaps.get(theme_id, ""))

    def _open_first_problem(self) -> None:
        """Open the first theme whose section shows an error, so the error is seen."""
        sheet = self.sheet
        if sheet is None:
            return
        for index, theme in enumerate(sheet.model.themes):
            boxes = [sheet.theme_errors[theme.id]]
            boxes += [sheet.note_errors[c.id] for c in theme.criteria]
            if any(box.value for box in boxes):
                sheet.selected_index = index
                return

    def problems(self) -> list[str]:
        """Why the draft cannot be saved (Danish, naming theme and criterion); empty: it can."""
        if self.model is None:
            return ["Vælg en enhed først."]
        found = [gap.message for gap in scoring_gaps(self.model, self.draft["scores"])]
        for theme in self.model.themes:
            for criterion in theme.criteria:
                problem = note_problem(self.draft["notes"].get(criterion.id, ""))
                if problem:
                    found.append(f"Tema {theme.number}, kriteriet «{criterion.text}»: {problem}.")
        return found

    def assessment(self) -> QualityAssessment:
        """The draft as an assessment stamped now, or ``ValueError`` with Danish text."""
        problems = self.problems()
        if problems or self.unit is None or self.model is None:
            raise ValueError(" ".join(problems))
        try:
            built = QualityAssessment(
                unit_id=self.unit.id,
                model_version=self.model.version,
                scores=self.draft["scores"],
                notes=self.draft["notes"],
                assessor=self.assessor,
                assessed_at=self.clock(),
            )
        except ValidationError as exc:
            raise ValueError(refusal_text(exc, QualityAssessment)) from exc
        check_assessment(self.model, built)
        return built

    def save(self) -> QualityAssessment | None:
        """Append the assessment to the unit's history; refusals are shown in Danish."""
        try:
            built = self.assessment()
        except ValueError as exc:
            self.tried = True
            self._refresh()
            self._open_first_problem()
            self.status.error(f"Kvalitetsvurderingen kan ikke gemmes: {exc}")
            return None
        try:
            self.store.append_quality_assessment(built)
        except StoreError as exc:
            self.status.error(f"Kvalitetsvurderingen blev ikke gemt: {exc}")
            return None
        self.drafts.discard()
        if self.unit is not None and self.model is not None:
            self.show(self.unit, self.model, [*self.previous, built])
        self.on_saved(built)
        self.status.success(f"Kvalitetsvurderingen er gemt i enhedens historik af {self.assessor}.")
        return built
