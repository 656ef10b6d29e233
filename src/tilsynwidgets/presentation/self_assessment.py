"""The socialtilsyn's self-assessment of the general leadership measures, as the leadership
review shows it on screen and in its report, and as its workbook's sheet."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from tilsynwidgets.domain.core.local_time import format_stamp, in_danish_time
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.domain.support.self_assessment import (
    MeasureLevel,
    SelfAssessment,
    latest_self_assessments,
    self_assessment_overview,
    self_assessment_table,
)
from tilsynwidgets.presentation.html import escape

__all__ = ["overview_frame", "overview_html"]

_CELL = {
    MeasureLevel.ETABLERET.value: "#c8e6c9",
    MeasureLevel.DELVIST.value: "#fff3c4",
    MeasureLevel.IKKE_ETABLERET.value: "#ffcdd2",
}


def overview_frame(
    items: list[SelfAssessment], places: Iterable[Socialtilsyn] | None = None
) -> pd.DataFrame:
    """The overview in the package's Danish labels (the sheet of the leadership export);
    columns the socialtilsyn of ``places`` (default all five)."""
    return self_assessment_overview(items, label_of, places)


def overview_html(items: list[SelfAssessment], places: Iterable[Socialtilsyn] | None = None) -> str:
    """Measures × socialtilsyn (of ``places``, default all five), each cell the latest level
    (coloured), with who and when."""
    places = None if places is None else list(places)
    words = overview_frame(items, places)  # the texts; the level codes give the colours
    levels = self_assessment_table(items, places)
    latest = latest_self_assessments(items)
    head = "".join(f"<th>{escape(str(name))}</th>" for name in words.columns)
    rows = []
    for (title, texts), (_, codes) in zip(words.iterrows(), levels.iterrows(), strict=True):
        cells = "".join(
            f"<td style='background:{_CELL.get(str(code), '#eeeeee')}'>{escape(str(text))}</td>"
            for text, code in zip(texts, codes, strict=True)
        )
        rows.append(f"<tr><th scope='row'>{escape(str(title))}</th>{cells}</tr>")
    stamps = "".join(
        f"<td><small>{escape(format_stamp(in_danish_time(item.assessed_at).date()))}<br>"
        f"{escape(item.assessor)}</small></td>"
        if (item := latest.get(Socialtilsyn(code)))
        else "<td></td>"
        for code in levels.columns
    )
    return (
        "<table class='tw-table'><caption>Seneste selvevaluering pr. socialtilsyn</caption>"
        f"<thead><tr><th>Tiltag</th>{head}</tr></thead><tbody>{''.join(rows)}"
        f"<tr><th scope='row'>Senest vurderet</th>{stamps}</tr></tbody></table>"
    )
