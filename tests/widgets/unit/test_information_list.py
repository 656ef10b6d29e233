"""The unit's information listed in the tab "Oplysninger": news first, earlier folded, a
button per record in force, rows reused from unit to unit."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.domain.information._records import record

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.information.records import InformationRecord
from tilsynwidgets.presentation.information import listing, record_html
from tilsynwidgets.widgets.unit.information_list import EARLIER, NO_NEWS, InformationList

TODAY = date(2026, 11, 1)
ASSESSED = datetime(2026, 9, 1, 12, tzinfo=UTC)

RECORDS = [
    record(1, "T-1", "klage", date(2026, 8, 1)),  # before the latest assessment
    record(2, "T-1", "lederskifte", date(2026, 8, 15)),  # before, too
    record(3, "T-1", "whistleblower", date(2026, 10, 1), date(2026, 10, 2)),
    record(4, "T-1", "klage", date(2026, 10, 20), antal=2),
    record(5, "T-1", "klage", date(2026, 10, 20), date(2026, 10, 22), replaces=4, antal=3),
    record(6, "T-1", "overfoert_signal", date(2026, 10, 21), signal="complaints", vaerdi=1.0),
]


def _list() -> tuple[InformationList, list[tuple[str, int]]]:
    pressed: list[tuple[str, int]] = []

    def correct(item: InformationRecord) -> None:
        pressed.append(("ret", item.id))

    def withdraw(item: InformationRecord) -> None:
        pressed.append(("træk", item.id))

    return InformationList(correct, withdraw), pressed


def test_news_come_first_newest_first_and_the_earlier_ones_are_folded() -> None:
    shown, _ = _list()
    found = listing(RECORDS, ASSESSED, TODAY)
    shown.show(found, UnitKind.TILBUD)
    assert [item.id for item in shown.rows_shown()] == [5, 6, 4, 3]
    assert "2 nye oplysninger siden seneste vurdering" in shown.summary.value
    assert "1 kræver stillingtagen" in shown.summary.value
    assert "1. september 2026 kl. 14.00" in shown.summary.value  # named once
    assert "september" not in shown.news_title.value
    assert shown.no_news.layout.display == "none"
    assert shown.earlier.selected_index is None  # folded
    assert shown.earlier.get_title(0) == f"{EARLIER} (2)"
    assert not shown.earlier_rows.rows  # drawn only when opened
    shown.earlier.selected_index = 0
    assert [item.id for item in shown.rows_shown()] == [5, 6, 4, 3, 2, 1]
    rows = shown.news.rows
    assert rows[0].html.value == record_html(found.pending[0])


def test_only_records_in_force_of_a_registrable_kind_have_buttons() -> None:
    shown, pressed = _list()
    shown.show(listing(RECORDS, ASSESSED, TODAY), UnitKind.TILBUD)
    visible = {
        row.item.id: row.buttons.layout.display != "none"
        for row in shown.news.rows
        if row.item is not None
    }
    # 6 is a transferred signal, 4 is replaced by its correction 5.
    assert visible == {5: True, 6: False, 4: False, 3: True}
    correction = next(row for row in shown.news.rows if row.item and row.item.id == 5)
    correction.correct.click()
    correction.withdraw.click()
    assert pressed == [("ret", 5), ("træk", 5)]


def test_rows_are_reused_and_a_unit_without_news_says_so() -> None:
    shown, _ = _list()
    shown.show(listing(RECORDS, ASSESSED, TODAY), UnitKind.TILBUD)
    built = list(shown.news.rows)
    shown.show(listing(RECORDS[:1], ASSESSED, TODAY), UnitKind.TILBUD)
    assert shown.news.rows == built  # no new widgets
    assert all(row.box.layout.display == "none" for row in built)
    assert shown.no_news.layout.display is None
    assert NO_NEWS in shown.no_news.value
    assert shown.summary.value == ""
    assert "(1. september 2026 kl. 14.00)" in shown.news_title.value
    shown.show(listing([], None, TODAY), UnitKind.TILBUD)
    assert shown.earlier.layout.display == "none"
    assert "ikke risikovurderet endnu" in shown.news_title.value


def test_a_failing_button_shows_why() -> None:
    def broken(_record: InformationRecord) -> None:
        raise ValueError("Oplysningen hører ikke til den valgte enhed.")

    shown = InformationList(broken, broken)
    shown.show(listing(RECORDS, ASSESSED, TODAY), UnitKind.TILBUD)
    shown.news.rows[0].correct.click()
    assert "Oplysningen hører ikke til den valgte enhed." in shown.status.value


def test_a_plejefamilie_cannot_change_a_kind_it_cannot_have() -> None:
    shown, _ = _list()
    records = [record(1, "P-1", "magtanvendelse", date(2026, 10, 1))]  # tilbud only
    shown.show(listing(records, ASSESSED, TODAY), UnitKind.PLEJEFAMILIE)
    assert shown.news.rows[0].buttons.layout.display == "none"
