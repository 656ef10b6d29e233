from __future__ import annotations

import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pandas as pd
import pytest
from tests.presentation._shown import assert_table, tables_in

from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.exports.report import ReportSection, SafeHtml, report_html
from tilsynwidgets.presentation.html import colour_bars
from tilsynwidgets.presentation.tables import TABLES, Column, Table, for_people

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
VOID = {"meta", "br", "img", "hr", "link", "input", "col", "wbr"}


class _Walker(HTMLParser):
    """Collects tags, attributes and text, and checks that elements nest properly."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.errors: list[str] = []
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _walk(document: str) -> _Walker:
    walker = _Walker()
    walker.feed(document)
    walker.close()
    return walker


def _counts() -> pd.DataFrame:
    return pd.DataFrame(
        {"roed": [2, 1], "gul": [3, 4], "groen": [10, 12]},
        index=["Socialtilsyn Syd", "Socialtilsyn Nord"],
    )


def _coded() -> pd.DataFrame:
    return pd.DataFrame(
        {"roed": [2, 1], "gul": [3, 4], "groen": [1000, 12], "ingen": [0, 7]},
        index=pd.Index(["syd", "nord"], name="socialtilsyn"),
    )


def _table() -> pd.DataFrame:
    return for_people(_coded(), TABLES["distribution_socialtilsyn"])


def _report(**kwargs: object) -> str:
    options: dict[str, object] = {
        "title": "Ledelsesrapport",
        "data_as_of": datetime(2025, 3, 1, 6, 0, tzinfo=UTC),
        "source": "tilsynwidgets-database",
        "sections": [
            ReportSection("Risikokategorier", chart=SafeHtml(colour_bars(_counts()))),
            ReportSection("Enheder", table=_table(), table_caption="Antal enheder"),
        ],
        "created_at": datetime(2025, 3, 4, 9, 30, tzinfo=UTC),
    }
    options.update(kwargs)
    return report_html(**options)  # type: ignore[arg-type]


def test_document_parses_and_nests() -> None:
    document = _report()
    walker = _walk(document)
    assert walker.doctype.lower() == "doctype html"
    assert walker.errors == []
    assert walker.stack == []
    first = walker.tags[0]
    assert first == ("html", {"lang": "da"})
    tags = [tag for tag, _ in walker.tags]
    for tag in ("head", "title", "style", "body", "header", "main", "h1", "section", "table"):
        assert tag in tags
    assert tags.count("section") == 2
    assert ("meta", {"charset": "utf-8"}) in walker.tags


def test_header_has_stamp_and_source() -> None:
    walker = _walk(_report())
    text = " ".join(walker.text)
    assert "Ledelsesrapport" in text
    assert "Data pr. 1. marts 2025 kl. 07.00" in re.sub(r"\s+", " ", text)
    assert "Datakilde: tilsynwidgets-database" in text
    assert "4. marts 2025 kl. 10.30" in text
    times = [attrs["datetime"] for tag, attrs in walker.tags if tag == "time"]
    assert times[0] == "2025-03-01T07:00+01:00"


def test_pseudonymisation_stated_when_given() -> None:
    assert "pseudonymiseret" not in _report()
    assert "Plejefamilier er pseudonymiseret." in _report(pseudonymised=True)
    assert "personoplysninger" in _report(pseudonymised=False)


def test_print_css() -> None:
    document = _report()
    assert "@page" in document
    assert "size: A4" in document
    assert "break-before: page" in document
    assert "page-break-before: always" in document
    assert "@media print" in document


def test_standalone_no_external_resources() -> None:
    document = _report()
    assert not re.search(r"https?://", document, re.IGNORECASE)
    assert "//" not in re.sub(r"<style>.*?</style>", "", document, flags=re.DOTALL)
    walker = _walk(document)
    for tag, attrs in walker.tags:
        assert tag not in ("script", "link", "img", "iframe", "object")
        for name in ("src", "href"):
            assert name not in attrs
    assert "@import" not in document
    assert "url(" not in document


def test_chart_markup_kept() -> None:
    chart = colour_bars(_counts())
    document = _report()
    assert chart in document
    walker = _walk(document)
    titles = [attrs.get("title") or "" for _, attrs in walker.tags]
    assert any(title.endswith(": 2") for title in titles)  # the rød segment of Syd
    assert "Socialtilsyn Syd" in walker.text


def test_plain_string_chart_is_escaped() -> None:
    document = _report(sections=[ReportSection("Graf", chart=HOSTILE)])
    assert "<script>" not in document
    walker = _walk(document)
    assert HOSTILE in "".join(walker.text)
    assert all(tag != "img" for tag, _ in walker.tags)


def test_hostile_heading_title_source_and_note_escaped() -> None:
    document = _report(
        title=HOSTILE,
        source=HOSTILE,
        sections=[ReportSection(HOSTILE, note=HOSTILE, table=_table(), table_caption=HOSTILE)],
    )
    assert "<script>" not in document
    walker = _walk(document)
    assert walker.errors == []
    assert all(tag not in ("script", "img") for tag, _ in walker.tags)
    assert "".join(walker.text).count(HOSTILE) >= 5  # title, h1, source, h2, note, caption


def test_hostile_table_cell_index_and_header_escaped() -> None:
    frame = pd.DataFrame({"y": [HOSTILE]}, index=pd.Index([HOSTILE], name="x"))
    spec = Table({"x": Column(HOSTILE, "text")}, {"y": Column(HOSTILE, "text")})
    document = _report(sections=[ReportSection("Enheder", table=for_people(frame, spec))])
    assert "<script>" not in document
    walker = _walk(document)
    assert walker.errors == []
    assert all(tag not in ("script", "img") for tag, _ in walker.tags)
    cells = [t for t in walker.text if t.strip() == HOSTILE]
    assert len(cells) == 4  # two headers, the row's header and its cell


def test_a_table_is_printed_as_labelled_and_a_raw_frame_is_refused() -> None:
    (shown,) = tables_in(_report())
    assert shown.caption == "Antal enheder"
    assert_table(shown, _coded(), "distribution_socialtilsyn")
    assert shown.rows[0] == ["Socialtilsyn Syd", "2", "3", "1.000", "0"]
    with pytest.raises(ValueError, match="ikke gjort klar til læsere"):
        ReportSection("Enheder", table=_coded())


def test_empty_report_is_still_a_document() -> None:
    walker = _walk(_report(sections=[]))
    assert walker.errors == []
    assert [tag for tag, _ in walker.tags].count("section") == 0


def test_format_stamp() -> None:
    assert format_stamp(date(2025, 12, 24)) == "24. december 2025"
    assert format_stamp(datetime(2025, 7, 1, 12, 0, tzinfo=UTC)) == "1. juli 2025 kl. 14.00"
    assert format_stamp(datetime(2025, 1, 5, 8, 5)) == "5. januar 2025 kl. 08.05"


def test_safe_html_is_not_a_string() -> None:
    assert not isinstance(SafeHtml("<b>x</b>"), str)
    assert SafeHtml("<b>x</b>").__html__() == "<b>x</b>"
