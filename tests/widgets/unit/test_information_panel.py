"""The tab «Oplysninger»: the list and the form together; «Ret» and «Træk tilbage» open the
form right under the record, and it goes back under the list when saved or given up."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from tests.widgets.unit._information_store import TILBUD, information, small_store

from tilsynwidgets.domain.information.records import Information
from tilsynwidgets.presentation.information import listing
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.unit.information_form import NEW_TITLE
from tilsynwidgets.widgets.unit.information_panel import InformationPanel

NOW = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)
DAY = date(2026, 11, 1)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with small_store(tmp_path) as found:
        found.append_information(information(TILBUD.id, "klage", date(2026, 10, 1), antal=1))
        found.append_information(information(TILBUD.id, "whistleblower", date(2026, 10, 5)))
        yield found


def _panel(store: Store, saved: list[Information]) -> InformationPanel:
    panel = InformationPanel(
        store, "tk-test", saved.append, clock=lambda: NOW, working_day=lambda: DAY
    )
    _show(panel, store)
    return panel


def _show(panel: InformationPanel, store: Store) -> None:
    unit = store.unit(TILBUD.id, as_of=DAY)
    panel.show(unit, listing(store.information(TILBUD.id), None, DAY))


def _row(panel: InformationPanel, kind: str):  # type: ignore[no-untyped-def]
    return next(
        row
        for row in panel.list.news.rows
        if row.item is not None and row.item.record.information.kind == kind
    )


def test_the_form_opens_under_the_record_and_goes_back_when_given_up(store: Store) -> None:
    panel = _panel(store, [])
    assert panel.home.children == (panel.form,)
    complaint = _row(panel, "klage")
    complaint.correct.click()
    assert complaint.slot.children == (panel.form,)
    assert panel.home.children == ()
    assert "Ret oplysning nr." in panel.form.heading.value
    report = _row(panel, "whistleblower")
    report.withdraw.click()  # another record: the form moves there
    assert report.slot.children == (panel.form,)
    assert complaint.slot.children == ()
    panel.form.cancel.click()
    assert panel.home.children == (panel.form,)
    assert report.slot.children == ()
    assert panel.form.heading.value == f"<h4>{NEW_TITLE}</h4>"


def test_a_saved_correction_is_listed_and_the_form_is_new_again(store: Store) -> None:
    saved: list[Information] = []
    panel = _panel(store, saved)
    complaint = _row(panel, "klage")
    complaint.correct.click()
    panel.form.form.set_draft({"antal": "4"})
    panel.form.form.submit_button.click()  # type: ignore[union-attr]
    assert len(saved) == 1
    assert saved[0].values.antal == 4
    _show(panel, store)  # as the app does after a save
    assert panel.home.children == (panel.form,)
    assert all(slot.children == () for slot in panel.list.slots())
    kinds = [item.record.information.kind for item in panel.list.rows_shown()]
    assert kinds.count("klage") == 2  # the correction and the struck-through original
    assert panel.list.status is not panel.form.status  # one message in one place
