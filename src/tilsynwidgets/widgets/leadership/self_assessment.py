"""The socialtilsyn's self-assessment of the general leadership measures (seed 001):
a form per socialtilsyn, prefilled from its latest self-assessment (or an unsaved draft),
and the current picture across the five socialtilsyn."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import ipywidgets as widgets
from pydantic import ValidationError

from tilsynwidgets.assessor import Assessor
from tilsynwidgets.domain.access.roles import Permission
from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.core.messages import validation_messages
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.domain.support.measures import general_measures, measure_catalogue
from tilsynwidgets.domain.support.self_assessment import (
    MeasureLevel,
    SelfAssessment,
    latest_self_assessments,
)
from tilsynwidgets.forms import CleanText, CleanTextarea
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.presentation.self_assessment import overview_html
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common.drafts import DraftKeeper
from tilsynwidgets.widgets.common.status import StatusLine

__all__ = ["SelfAssessmentPanel"]


class SelfAssessmentPanel(widgets.VBox):
    def __init__(
        self, store: Store, author: Assessor, clock: Callable[[], datetime] | None = None
    ) -> None:
        self.store = store
        self.author = author.name
        self.clock = clock or (lambda: datetime.now(UTC))
        self.overview = widgets.HTML()
        self.socialtilsyn = widgets.Dropdown(
            description="Udfyld for",
            # Only where the person may fill it in; the store checks it again on saving.
            options=[
                ("— vælg socialtilsyn —", ""),
                *(
                    (label_of(s), s.value)
                    for s in Socialtilsyn
                    if store.allows(Permission.SELVEVALUERE, s)
                ),
            ],
            value="",
        )
        self.levels: dict[str, widgets.ToggleButtons] = {}
        self.notes: dict[str, widgets.Text] = {}
        rows = []
        for measure in general_measures():
            level = widgets.ToggleButtons(
                options=[(label_of(level), level.value) for level in MeasureLevel],
                value=None,
                style={"button_width": "9.5em"},
            )
            note = CleanText(placeholder="Bemærkning (valgfri)", layout=widgets.Layout(width="60%"))
            self.levels[measure.id], self.notes[measure.id] = level, note
            rows.append(
                widgets.VBox(
                    [
                        widgets.HTML(
                            f"<b>{escape(measure.title)}</b><br>"
                            f"<small style='color:#555'>{escape(measure.text)}</small>"
                        ),
                        level,
                        note,
                    ]
                )
            )
        self.comment = CleanTextarea(
            description="Samlet", placeholder="Samlet bemærkning (valgfri)"
        )
        self.save = widgets.Button(
            description="Gem selvevaluering", button_style="primary", disabled=True
        )
        self.status = StatusLine()
        who = widgets.HTML(
            f"<p>Udfyldes af: <b>{escape(author.name)}</b> <small>({escape(author.source)})"
            "</small></p>"
        )
        self.form = widgets.VBox(
            [
                who,
                widgets.HTML(f"<p>{escape(measure_catalogue().general_intro)}</p>"),
                *rows,
                self.comment,
            ]
        )
        self.form.layout.display = "none"
        self.socialtilsyn.observe(self._chosen, names=["value"])
        for control in (*self.levels.values(), *self.notes.values(), self.comment):
            control.observe(self._keep_draft, names=["value"])
        self.save.on_click(self.status.guard(self._save))
        self.drafts = DraftKeeper(store, self.status.error)
        super().__init__([self.overview, self.socialtilsyn, self.form, self.save, self.status])
        self._show_overview()

    def values(self) -> dict[str, Any]:
        """What the form holds now, as the draft and the model take it."""
        return {
            "ratings": [
                {
                    "measure_id": measure_id,
                    "level": self.levels[measure_id].value,
                    "note": self.notes[measure_id].value,
                }
                for measure_id in self.levels
            ],
            "comment": self.comment.value,
        }

    def _show_overview(self) -> None:
        # Only the socialtilsyn whose units the person sees (their own, or all nationally).
        places = [s for s in Socialtilsyn if self.store.allows(Permission.SE_ENHEDER, s)]
        self.overview.value = overview_html(self.store.self_assessments(), places)

    def _chosen(self, change: dict[str, object]) -> None:
        code = change["new"]
        self.status.clear()
        if not isinstance(code, str) or not code:
            self.drafts.key = None
            self.form.layout.display = "none"
            self.save.disabled = True
            return
        self.drafts.key = DraftKey.self_assessment(self.author, code)
        draft = self.drafts.load()
        latest = latest_self_assessments(self.store.self_assessments()).get(Socialtilsyn(code))
        if draft is not None:
            values = draft
            self.status.info("Din ikke-gemte kladde er hentet frem.")
        elif latest is not None:
            values = latest.model_dump(mode="json", include={"ratings", "comment"})
            if self.status.kind != "error":  # a draft that could not be read says so
                self.status.info(
                    f"Udfyldt med seneste selvevaluering ({format_stamp(latest.assessed_at)}, "
                    f"{latest.assessor}); ret det, der har ændret sig, og gem."
                )
        else:
            values = {"ratings": [], "comment": ""}
        self._fill(values)
        self.form.layout.display = None
        self.save.disabled = False

    def _fill(self, values: dict[str, Any]) -> None:
        given = {r.get("measure_id"): r for r in values.get("ratings", [])}
        # Setting the controls fires the same events as a leader's typing: the keeper is
        # paused so that a half-filled form is not saved over the draft, and so that the
        # latest self-assessment shown here does not become a draft of its own.
        with self.drafts.restoring():
            for measure_id, level in self.levels.items():
                rating = given.get(measure_id, {})
                known = {m.value for m in MeasureLevel}
                level.value = rating.get("level") if rating.get("level") in known else None
                self.notes[measure_id].value = str(rating.get("note") or "")
            self.comment.value = str(values.get("comment") or "")

    def _keep_draft(self, _change: object = None) -> None:
        if self.socialtilsyn.value:
            self.drafts.save(self.values())

    def _save(self) -> None:
        code = self.socialtilsyn.value
        if not code:
            self.status.error("Vælg det socialtilsyn, selvevalueringen gælder.")
            return
        missing = [m.title for m in general_measures() if self.levels[m.id].value is None]
        if missing:
            self.status.error(f"Vurder alle tiltag før du gemmer. Mangler: {', '.join(missing)}.")
            return
        try:
            item = SelfAssessment.model_validate(
                {
                    **self.values(),
                    "socialtilsyn": code,
                    "assessor": self.author,
                    "assessed_at": self.clock(),
                    "catalogue_version": SelfAssessment.current_version(),
                }
            )
        except ValidationError as exc:
            self.status.error(f"Selvevalueringen kan ikke gemmes: {_describe(exc)}.")
            return
        self.store.append_self_assessment(item)
        self.drafts.discard()
        self._show_overview()
        self.status.success(
            f"Selvevaluering for {label_of(Socialtilsyn(code))} gemt af {self.author}."
        )


_RATING = re.compile(r"^Tiltag (\d+)(?=[,:])")


def _describe(exc: ValidationError) -> str:
    """The errors in Danish, each field by its title; a rating by its measure's title, as the
    form shows it (the ratings follow :func:`general_measures`), not by its number."""
    titles = [m.title for m in general_measures()]

    def measure(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return titles[number - 1] if 0 < number <= len(titles) else match.group()

    return "; ".join(
        _RATING.sub(measure, line) for line in validation_messages(exc, SelfAssessment)
    )
