"""The leadership report as Chromium prints it (A4 PDF), read back page by page.

The HTML report is pinned cell by cell elsewhere (``tests/exports``); this test checks what
the printed pages hold: every page's text lies inside the paper, every table cell of the HTML
is printed in order (nothing cut away by the page or a narrow column), each section starts on
its own page, and no page shows a raw value.
"""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass

import pypdfium2 as pdfium
import pytest
from playwright.sync_api import Browser
from tests.presentation._shown import FORBIDDEN, tables_in

from tilsynwidgets.domain.portfolio.leadership import Filters
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipData
from tilsynwidgets.exports.leadership import leadership_report

pytestmark = pytest.mark.browser

KEY = b"k" * 32
MM = 72 / 25.4  # PDF points per millimetre
A4 = (210 * MM, 297 * MM)
SIDE_MARGIN, END_MARGIN = 12 * MM, 15 * MM  # the report's @page margins
MIN_DIGIT_HEIGHT = 6.0  # points
SLACK = 1.0  # points: glyph boxes may touch the edge of the printable area
SECTION = re.compile(r"<h2[^>]*>(.*?)</h2>", re.S)


@dataclass
class PrintedPage:
    text: str
    width: float
    height: float
    outside: list[str]  # characters drawn (partly) outside the printable area
    digit_height: float  # median height of the printed digits, in points


def _printed(pdf: bytes) -> list[PrintedPage]:
    document = pdfium.PdfDocument(pdf)
    pages = []
    for index in range(len(document)):
        page = document[index]
        width, height = page.get_size()
        text_page = page.get_textpage()
        text = text_page.get_text_range()
        outside, digits = [], []
        for char in range(text_page.count_chars()):
            left, bottom, right, top = text_page.get_charbox(char)
            if right <= left:  # spaces and line breaks have no box
                continue
            if text_page.get_text_range(char, 1).isdigit():
                digits.append(top - bottom)
            if (
                left < SIDE_MARGIN - SLACK
                or right > width - SIDE_MARGIN + SLACK
                or bottom < END_MARGIN - SLACK
                or top > height - END_MARGIN + SLACK
            ):
                outside.append(text_page.get_text_range(char, 1))
        height_of_digits = statistics.median(digits) if digits else math.inf
        pages.append(PrintedPage(text, width, height, outside, height_of_digits))
    return pages


def _plain(text: str) -> str:
    """Text without whitespace: PDF text extraction breaks lines where the page did."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def report_and_pages(
    sample_leadership: LeadershipData, browser: Browser
) -> tuple[str, list[PrintedPage]]:
    view = sample_leadership.view(Filters(), {"syd": 400.0, "nord": 350.5})
    report = leadership_report(view, key=KEY, reveal=False, self_assessments=[])
    page = browser.new_page()
    try:
        page.set_content(report, wait_until="load")
        pdf = page.pdf(format="A4", print_background=True)
    finally:
        page.close()
    return report, _printed(pdf)


def test_pages_are_a4_and_nothing_is_printed_outside_the_margins(
    report_and_pages: tuple[str, list[PrintedPage]],
) -> None:
    _report, pages = report_and_pages
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert abs(page.width - A4[0]) < 2
        assert abs(page.height - A4[1]) < 2
        assert not page.outside, f"side {number}: tegn uden for margenen: {page.outside[:20]}"
        # Chromium shrinks a page whose content is too wide; the tables' 10 pt digits are
        # about 7 pt high, shrunk to fit they fall under 6.
        assert page.digit_height >= MIN_DIGIT_HEIGHT, f"side {number} er skrumpet for at passe"


def test_every_table_cell_is_printed_in_order(
    report_and_pages: tuple[str, list[PrintedPage]],
) -> None:
    report, pages = report_and_pages
    printed = _plain("".join(page.text for page in pages))
    tables = tables_in(report)
    assert len(tables) >= 8
    position = 0
    for table in tables:
        for cell in [*table.header, *(c for row in table.rows for c in row)]:
            wanted = _plain(cell)
            if not wanted:
                continue
            found = printed.find(wanted, position)
            assert found >= 0, f"«{cell}» (tabellen «{table.caption}») er ikke udskrevet"
            position = found + len(wanted)


def test_each_section_starts_a_page_in_the_order_of_the_report(
    report_and_pages: tuple[str, list[PrintedPage]],
) -> None:
    """The first section follows the report's header on page 1; every later one opens a page."""
    report, pages = report_and_pages
    titles = [re.sub(r"<[^>]+>", "", t).strip() for t in SECTION.findall(report)]
    assert len(titles) >= 8
    assert titles[0] in pages[0].text
    starts = [0]
    for title in titles[1:]:
        first = [n for n, page in enumerate(pages) if page.text.lstrip().startswith(title)]
        assert first, f"afsnittet «{title}» begynder ikke en side"
        starts.append(first[0])
    assert starts == sorted(set(starts)), "afsnittene står ikke hver på sin side i rækkefølge"


def test_no_page_shows_a_raw_value(report_and_pages: tuple[str, list[PrintedPage]]) -> None:
    _report, pages = report_and_pages
    raw = sorted(FORBIDDEN - {""})
    for number, page in enumerate(pages, start=1):
        words = set(re.findall(r"[\w<>]+", page.text))
        assert not words & set(raw), f"side {number}: {sorted(words & set(raw))}"
        without_times = re.sub(r"kl\.\s*\d{2}\.\d{2}", "", page.text)
        assert not re.search(r"\b\d+\.\d{1,2}\b", without_times), (
            f"side {number} har et tal med decimalpunktum"
        )
