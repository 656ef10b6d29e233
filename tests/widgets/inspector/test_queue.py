"""«Venter på stillingtagen» above the unit picker: the domain's queue, filtered like the
picker, longest wait first, a button per unit, one unit computed again at a time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
from tests.domain.information._records import record

from tilsynwidgets.domain.core.unit_search import UnitQuery
from tilsynwidgets.domain.information.as_of import records_frame
from tilsynwidgets.domain.information.queue import reconsideration_queue
from tilsynwidgets.presentation.information import queue_frame, queue_item_html
from tilsynwidgets.widgets.inspector.queue import QUEUE_TITLE, QueuePanel

TODAY = date(2026, 11, 1)
ASSESSED = datetime(2026, 9, 1, 12, tzinfo=UTC)
UNITS = pd.DataFrame(
    {
        "id": ["T-1", "T-2", "P-3", "T-4"],
        "name": ["Bøgely", "Egely", "Plejefamilie Hansen", "Fyrrely"],
        "unit_type": ["voksne_botilbud", "boern_doegn", "plejefamilie_almen", "voksne_botilbud"],
        "socialtilsyn": ["midt", "midt", "syd", "midt"],
        "team": ["Team A", "Team B", "Team A", "Team A"],
    }
)


def _queue(*records: object, now: dict[str, str] | None = None) -> pd.DataFrame:
    assessments = pd.DataFrame(
        {
            "unit_id": list(UNITS["id"]),
            "assessed_at": [ASSESSED] * len(UNITS),
            "suggested": ["groen"] * len(UNITS),
        }
    )
    suggested = pd.Series(now or {}, dtype=object).reindex(UNITS["id"]).fillna("groen")
    return reconsideration_queue(records_frame(list(records)), assessments, suggested, TODAY)  # type: ignore[arg-type]


RECORDS = (
    record(1, "T-1", "whistleblower", date(2026, 10, 20)),
    record(2, "T-2", "vold_overgreb", date(2026, 9, 10)),
    record(3, "P-3", "sammenbrud", date(2026, 10, 1)),
    record(4, "T-4", "klage", date(2026, 10, 25)),  # moves the suggestion below
)


def _panel(opened: list[str] | None = None) -> QueuePanel:
    panel = QueuePanel(UNITS, (opened if opened is not None else []).append, limit=3)
    panel.set_queue(_queue(*RECORDS, now={"T-4": "roed"}))
    return panel


def test_the_queue_is_listed_longest_wait_first_with_its_reasons() -> None:
    panel = _panel()
    assert panel.listed() == ["T-2", "P-3", "T-1"]  # limit 3: T-4 waited least
    assert panel.get_title(0) == f"{QUEUE_TITLE} (4)"
    assert "Viser de 3, der har ventet længst, af 4." in panel.more.value
    expected = queue_frame(_queue(*RECORDS, now={"T-4": "roed"}), UNITS)
    first = expected.to_dict("records")[0]
    assert panel.rows[0].text.value == queue_item_html(first)
    assert "Vold eller overgreb kræver stillingtagen" in panel.rows[0].text.value
    assert "⚠ 52 dage" in panel.rows[0].text.value  # 10 September → 1 November, past 30
    assert "2 har ventet over 30 dage (⚠)" in panel.intro.value  # T-2 and P-3


def test_the_picker_s_filters_narrow_the_queue() -> None:
    panel = _panel()
    panel.show(UnitQuery(socialtilsyn="midt", team="Team A"))
    assert panel.listed() == ["T-1", "T-4"]
    assert "Forslaget er nu ▲ Rød (var ● Grøn)" in panel.rows[1].text.value
    assert panel.get_title(0) == f"{QUEUE_TITLE} (2)"
    assert panel.more.value == ""
    panel.show(UnitQuery(unit_type="plejefamilie_almen"))
    assert panel.listed() == ["P-3"]
    panel.show(UnitQuery(socialtilsyn="nord"))
    assert panel.listed() == []
    assert "Ingen enheder venter på stillingtagen blandt de fundne enheder." in panel.intro.value
    # A search for one unit shows whether it waits; the colour filter reads the colour in force.
    panel.show(UnitQuery(text="bøgely"))
    assert panel.listed() == ["T-1"]
    colours = pd.Series({"T-1": "groen", "T-2": "roed", "P-3": "roed", "T-4": "gul"})
    panel.show(UnitQuery(category="roed"), colours)
    assert panel.listed() == ["T-2", "P-3"]
    panel.show(UnitQuery())
    assert len(panel.listed()) == 3


def test_a_unit_s_button_opens_it() -> None:
    opened: list[str] = []
    panel = _panel(opened)
    panel.rows[1].open.click()
    assert opened == ["P-3"]


def test_one_unit_is_computed_again_and_rows_are_reused() -> None:
    panel = _panel()
    built = list(panel.rows)
    decided = _queue(*RECORDS[:1])  # T-1 alone, as computed again after new information
    panel.replace_unit("T-2", decided.iloc[0:0])  # T-2 decided: off the queue
    assert "T-2" not in set(panel.queue["unit_id"])
    assert panel.listed() == ["P-3", "T-1", "T-4"]
    assert panel.rows == built
    again = _queue(record(9, "T-2", "whistleblower", date(2026, 10, 30)))
    panel.replace_unit("T-2", again)
    assert list(panel.queue["unit_id"]) == ["P-3", "T-1", "T-4", "T-2"]
    empty = QueuePanel(UNITS, [].append)
    empty.set_queue(_queue())
    assert empty.listed() == []
    assert "Ingen enheder venter på stillingtagen." in empty.intro.value
