"""A printable HTML report: one standalone document with the charts and tables shown.

Every text is escaped. Chart markup is kept only when it comes wrapped in :class:`SafeHtml`,
which our own chart helpers' output is (``SafeHtml(quarter_chart_svg(counts))``); a plain
string passed as a chart is escaped and shows as text. Every table is a labelled frame made
for people (``presentation.tables.for_people``: Danish headers, labels, Danish numbers) and
drawn by ``table_html``; a raw domain frame is refused, so codes and ``NaN`` never reach a
printed page. The document loads nothing from outside:
styles are inline and there are no scripts, fonts or images by URL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html import escape

import pandas as pd

from tilsynwidgets.domain.core.local_time import DANISH_TIME, format_stamp
from tilsynwidgets.presentation.tables import table_html

__all__ = ["ReportSection", "SafeHtml", "report_html"]


@dataclass(frozen=True)
class SafeHtml:
    """HTML that is already safe (made by our own helpers) and is inserted as it is.

    Deliberately not a ``str`` subclass: a plain string can never pass for safe HTML.
    """

    html: str

    def __html__(self) -> str:
        return self.html


@dataclass(frozen=True)
class ReportSection:
    """One section: a Danish heading, an optional chart, an optional table and a note."""

    heading: str
    chart: SafeHtml | str | None = None
    table: pd.DataFrame | None = None
    table_caption: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if self.table is not None and "row_headers" not in self.table.attrs:
            raise ValueError(
                f"Tabellen i afsnittet «{self.heading}» er ikke gjort klar til læsere "
                "(brug for_people med en tabelbeskrivelse)."
            )


def _html_of(content: SafeHtml | str) -> str:
    return content.html if isinstance(content, SafeHtml) else escape(str(content))


def _iso(value: date) -> str:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(DANISH_TIME).isoformat(timespec="minutes")
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    return value.isoformat()


_STYLE = """
@page { size: A4; margin: 15mm 12mm; }
html { font-family: "Segoe UI", Arial, Helvetica, sans-serif; font-size: 11pt; color: #222; }
body { margin: 0 auto; max-width: 190mm; padding: 8mm 0; }
header.tw-report-header { border-bottom: 2px solid #444; margin-bottom: 6mm; }
header.tw-report-header h1 { font-size: 18pt; margin: 0 0 2mm; }
.tw-stamp { margin: 0 0 1mm; color: #444; }
section.tw-section { margin-bottom: 8mm; }
section.tw-section h2 { font-size: 14pt; margin: 0 0 3mm; }
.tw-note { color: #444; }
table.tw-facts { border-collapse: collapse; margin: 2mm 0 3mm; }
table.tw-facts th { text-align: left; padding: 1px 12px 1px 0; font-weight: 600; }
table.tw-facts td { padding: 1px 0; }
.tw-chart { margin: 2mm 0 4mm; }
table { page-break-inside: auto; }
table.tw-labelled { font-size: 10pt; }
table.tw-labelled th, table.tw-labelled td { padding: 2px 6px; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
@media print {
  body { padding: 0; max-width: none; }
  section.tw-section + section.tw-section { break-before: page; page-break-before: always; }
  h2 { break-after: avoid; page-break-after: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _section(section: ReportSection) -> str:
    parts = [f"<h2>{escape(section.heading)}</h2>"]
    if section.note:
        parts.append(f'<p class="tw-note">{escape(section.note)}</p>')
    if section.chart is not None:
        parts.append(f'<div class="tw-chart">{_html_of(section.chart)}</div>')
    if section.table is not None:
        parts.append(table_html(section.table, section.table_caption))
    return f'<section class="tw-section">{"".join(parts)}</section>'


def report_html(
    *,
    title: str,
    data_as_of: date,
    source: str,
    sections: Sequence[ReportSection],
    pseudonymised: bool | None = None,
    created_at: datetime | None = None,
    facts: Sequence[tuple[str, str]] = (),
) -> str:
    """A complete, standalone, printable HTML document (A4, one section per page).

    The header carries the title, the "data pr." stamp and the data source; when
    ``pseudonymised`` is given, whether plejefamilier are pseudonymised; and when the
    report was made (``created_at``, default now). ``facts`` (label, text), e.g. the
    filters, the period and who made the report, follow as a small table.
    """
    created = created_at if created_at is not None else datetime.now(DANISH_TIME)
    stamps = [
        f'<p class="tw-stamp">Data pr. <time datetime="{escape(_iso(data_as_of))}">'
        f"{escape(format_stamp(data_as_of))}</time></p>",
        f'<p class="tw-stamp">Datakilde: {escape(source)}</p>',
    ]
    if pseudonymised is not None:
        status = (
            "Plejefamilier er pseudonymiseret."
            if pseudonymised
            else "Plejefamilier vises med navn og id (personoplysninger)."
        )
        stamps.append(f'<p class="tw-stamp">{status}</p>')
    stamps.append(
        f'<p class="tw-stamp">Rapporten er dannet <time datetime="{escape(_iso(created))}">'
        f"{escape(format_stamp(created))}</time></p>"
    )
    if facts:
        rows = "".join(
            f'<tr><th scope="row">{escape(label)}</th><td>{escape(text)}</td></tr>'
            for label, text in facts
        )
        stamps.append(f'<table class="tw-facts"><tbody>{rows}</tbody></table>')
    body = "".join(_section(section) for section in sections)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="da">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f'<header class="tw-report-header"><h1>{escape(title)}</h1>{"".join(stamps)}</header>\n'
        f"<main>{body}</main>\n</body>\n</html>\n"
    )
