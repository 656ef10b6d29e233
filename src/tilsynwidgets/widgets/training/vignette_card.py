"""A case vignette as a training participant receives it, and its reference answer for after
the facilitator reveals it.

:func:`vignette_html` shows only what an inspector would have on the table: the narrative,
the unit with its signals and, in a post vignette, the quality assessment. The reference
colour, rationale, factors and plan, and the criteria catalogue's suggestion, are left out
so they cannot steer the answer; :func:`reference_html` shows them. Every text is plain
text from data and is escaped here.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from enum import Enum

import ipywidgets as widgets
from pydantic import BaseModel

from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.core.danish_numbers import danish_number
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.intensity.plans import IntensityPlan
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.domain.quality.model import quality_model
from tilsynwidgets.domain.training.vignettes import Vignette
from tilsynwidgets.presentation.html import category_badge, escape
from tilsynwidgets.widgets.unit.card import unit_html
from tilsynwidgets.widgets.unit.plan_form import hours_html
from tilsynwidgets.widgets.unit.quality import theme_scores_html

__all__ = ["VignetteCard", "plan_summary_html", "reference_html", "vignette_html"]

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")  # as the Vignette model counts paragraphs


def vignette_html(vignette: Vignette) -> str:
    """The case as received: title, phase, date, narrative, the unit and (post) its quality."""
    paragraphs = "".join(
        f"<p>{escape(part.strip()).replace(chr(10), '<br>')}</p>"
        for part in _PARAGRAPH_BREAK.split(vignette.narrative)
        if part.strip()
    )
    quality = ""
    if vignette.phase is Phase.POST:
        quality = theme_scores_html(
            quality_model(vignette.kind),
            vignette.theme_scores(),
            "<b>Kvalitetsvurderingen i sagen</b>",
        )
    return (
        f'<div class="tw-vignette"><h2>{escape(vignette.title)}</h2>'
        f"<p><b>{_title('phase')}:</b> {escape(label_of(vignette.phase))} · "
        f"<b>{_title('as_of')}:</b> {escape(format_stamp(vignette.as_of))}</p>"
        f"<h3>{_title('narrative')}</h3>{paragraphs}"
        f"{unit_html(vignette.unit)}{quality}</div>"
    )


def reference_html(vignette: Vignette) -> str:
    """The reference answer: colour, rationale, factors, sources and the reference plan."""
    deviation = ""
    suggested = vignette.suggestion().category
    if suggested is None:
        deviation = (
            "<p><i>Kriteriekataloget giver intet forslag til sagen, fordi for mange "
            "oplysninger er ukendte; referencen er en faglig vurdering.</i></p>"
        )
    elif vignette.deviates():
        deviation = (
            "<p><i>Referencen afviger fra kriteriekatalogets forslag "
            f"({category_badge(suggested)}); begrundelsen siger hvorfor.</i></p>"
        )
    return (
        '<div class="tw-reference">'
        f"<p><b>{_title('reference_category')}:</b> "
        f"{category_badge(vignette.reference_category)}</p>{deviation}"
        f"<p><b>{_title('rationale')}:</b><br>{_text(vignette.rationale)}</p>"
        f"{_listed('risk_factors', vignette.risk_factors)}"
        f"{_listed('protective_factors', vignette.protective_factors)}"
        f"{_listed('unknowns', vignette.unknowns)}"
        f"<p><b>{_title('based_on')}:</b> {_labels(vignette.based_on)}</p>"
        f"<h4>{_title('reference_plan')}</h4>"
        f"{plan_summary_html(vignette.reference_plan, vignette.template_changes())}"
        f"{hours_html(vignette.reference_plan)}"
        f"<p><b>{_title('plan_rationale')}:</b><br>{_text(vignette.plan_rationale)}</p></div>"
    )


def plan_summary_html(plan: IntensityPlan, changed: Collection[str] = ()) -> str:
    """The seven dimensions as a table, with the model's Danish titles and labels.

    Dimensions named in ``changed`` (field names of :class:`IntensityPlan`) are marked as
    changed from the colour's template.
    """
    rows = []
    for name, field in IntensityPlan.model_fields.items():
        dimension: BaseModel = getattr(plan, name)
        parts = " · ".join(
            f"{escape(sub.title or key)}: {escape(_value(getattr(dimension, key)))}"
            for key, sub in type(dimension).model_fields.items()
        )
        mark = " <small><i>(ændret i forhold til skabelonen)</i></small>" if name in changed else ""
        rows.append(f"<tr><th>{escape(field.title or name)}{mark}</th><td>{parts}</td></tr>")
    return f'<table class="tw-table tw-plan">{"".join(rows)}</table>'


class VignetteCard(widgets.VBox):
    """The case, and below it the reference answer once revealed.

    The reference HTML is only sent to the browser when revealed, so a participant cannot
    read it from the widget state before the facilitator shows it.
    """

    def __init__(self) -> None:
        self.vignette: Vignette | None = None
        self.revealed = False
        self.case = widgets.HTML()
        self.reference = widgets.HTML(layout=widgets.Layout(display="none"))
        super().__init__([self.case, self.reference])

    def show(self, vignette: Vignette) -> None:
        """Show ``vignette`` with its reference hidden (call :meth:`reveal` to show it)."""
        self.vignette = vignette
        self.case.value = vignette_html(vignette)
        self.reveal(False)

    def reveal(self, revealed: bool = True) -> None:
        """Show (or hide again) the reference answer of the vignette shown."""
        self.revealed = revealed and self.vignette is not None
        if self.revealed and self.vignette is not None:
            self.reference.value = f"<h3>Referencesvar</h3>{reference_html(self.vignette)}"
            self.reference.layout.display = None
        else:
            self.reference.value = ""
            self.reference.layout.display = "none"


def _title(name: str) -> str:
    """The Danish title of a Vignette field, escaped (one wording for data and view)."""
    return escape(Vignette.model_fields[name].title or name)


def _text(value: str) -> str:
    return escape(value.strip()).replace("\n", "<br>")


def _listed(name: str, items: Sequence[str]) -> str:
    body = (
        "<ul>" + "".join(f"<li>{_text(item)}</li>" for item in items) + "</ul>"
        if items
        else "<p><i>Ingen nævnt.</i></p>"
    )
    return f"<p><b>{_title(name)}</b></p>{body}"


def _labels(members: Sequence[Enum]) -> str:
    return escape(", ".join(label_of(m) for m in members)) if members else "ingen"


def _value(value: object) -> str:
    """A plan value in Danish: labels for codes, ja/nej, decimal commas."""
    if isinstance(value, Enum):
        return label_of(value)
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int | float):
        return danish_number(value)
    if isinstance(value, tuple):
        return ", ".join(_value(item) for item in value) if value else "ingen"
    return str(value)
