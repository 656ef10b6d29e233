"""A unit's information and the reconsideration queue as people read them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pandas as pd
from tests.domain.information._records import record
from tests.domain.risk.test_assessment import assessment
from tests.presentation._shown import tables_in

from tilsynwidgets.domain.information.as_of import records_frame
from tilsynwidgets.domain.information.kinds import information_kinds
from tilsynwidgets.domain.information.queue import reconsideration_queue
from tilsynwidgets.domain.information.records import InformationRecord
from tilsynwidgets.presentation.information import (
    DECIDE,
    information_list_html,
    listing,
    pending_line,
    queue_frame,
    queue_html,
    queue_item_html,
    queue_reason,
    record_html,
    unit_listing,
    value_text,
)

TODAY = date(2026, 11, 1)
ASSESSED = datetime(2026, 9, 1, 12, tzinfo=UTC)
HOSTILE = "<img src=x onerror=alert(1)>"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _described(item: InformationRecord, description: str) -> InformationRecord:
    info = item.information.model_copy(update={"description": description})
    return InformationRecord(item.id, info)


def test_values_read_the_danish_way() -> None:
    assert value_text("antal", 1200) == "1.200"
    assert value_text("personaleomsaetning_pct", 12.5) == "12,5 %"
    assert value_text("afviger", True) == "Ja"
    assert value_text("afviger", False) == "Nej"
    assert value_text("frist", date(2026, 12, 1)) == "1. december 2026"
    assert value_text("signal", "complaints") != "complaints"  # the signal's label
    assert value_text("antal", None) == "–"
    assert value_text("antal", float("nan")) == "–"


def test_a_record_shows_kind_dates_origin_values_and_who_escaped() -> None:
    item = _described(
        record(7, "T-1", "paabud", date(2026, 10, 1), date(2026, 10, 3), frist=date(2026, 12, 1)),
        HOSTILE,
    )
    html = record_html(item)
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    text = _text(html)
    assert "Påbud" in text
    assert DECIDE in text
    assert "nr. 7" in text
    assert "Vedrører 1. oktober 2026 · modtaget 3. oktober 2026" in text
    assert "kilde: Socialtilsynets eget tilsyn" in text
    assert "Frist: 1. december 2026" in text
    assert "Registreret af tk-test 3. oktober 2026 kl. 12.00" in text  # 10 UTC is 12 in Danish


def test_only_kinds_that_require_a_decision_are_marked() -> None:
    assert DECIDE in record_html(record(1, "T-1", "whistleblower", TODAY))
    assert DECIDE not in record_html(record(2, "T-1", "klage", TODAY, antal=2))
    assert "Antal: 2" in _text(record_html(record(2, "T-1", "klage", TODAY, antal=2)))


def test_corrections_and_withdrawals_show_as_such_and_strike_the_old_record() -> None:
    first = record(1, "T-1", "klage", date(2026, 10, 1), antal=1)
    fixed = record(2, "T-1", "klage", date(2026, 10, 1), date(2026, 10, 5), replaces=1, antal=3)
    gone = record(3, "T-1", "whistleblower", date(2026, 10, 2))
    withdrawn = record(
        4, "T-1", "whistleblower", date(2026, 10, 2), date(2026, 10, 6), replaces=3, withdrawn=True
    )
    found = listing([first, fixed, gone, withdrawn], None, TODAY)
    by_id = {item.id: item for item in found.pending}
    old = record_html(by_id[1])
    assert "<del" in old
    assert "Rettet ved nr. 2" in _text(old)
    new = _text(record_html(by_id[2]))
    assert new.startswith("Rettelse: Klage")
    assert "Retter nr. 1" in new
    assert "Antal: 3" in new
    assert "<del" not in record_html(by_id[2])
    assert "Trukket tilbage ved nr. 4" in _text(record_html(by_id[3]))
    assert DECIDE not in record_html(by_id[3])  # withdrawn: nothing left to decide on
    back = _text(record_html(by_id[4]))
    assert back.startswith("Tilbagetrækning: Whistleblowerhenvendelse")
    assert "Trækker nr. 3" in back
    assert "Begrundelse: Oplysning til test" in back
    assert [item.id for item in found.pending] == [4, 2, 3, 1]  # newest received first
    assert found.waiting_ids == (2,)  # the correction holds; the withdrawn report does not


def test_a_transferred_signal_shows_the_signal_by_its_label() -> None:
    item = record(5, "T-1", "overfoert_signal", TODAY, signal="complaints", vaerdi=4.0)
    text = _text(record_html(item))
    assert text.startswith("Overført risikosignal: Klager")
    assert "Klager: 4" in text


def test_the_listing_splits_at_the_latest_assessment_like_the_queue() -> None:
    records = [
        record(1, "T-1", "whistleblower", date(2026, 8, 1)),  # before the assessment
        record(2, "T-1", "whistleblower", date(2026, 10, 1), date(2026, 10, 2)),
        record(3, "T-1", "klage", date(2026, 10, 20)),
        record(4, "T-1", "overfoert_signal", date(2026, 10, 21), signal="complaints", vaerdi=1.0),
        record(5, "T-1", "klage", date(2026, 11, 20)),  # received after the working day
    ]
    found = listing(records, ASSESSED, TODAY)
    assert [item.id for item in found.earlier] == [1]
    assert [item.id for item in found.pending] == [5, 4, 3, 2]
    assert found.waiting_ids == (3, 2)
    assert [r.id for r in found.deciding] == [2]
    assessments = pd.DataFrame(
        {"unit_id": ["T-1"], "assessed_at": [ASSESSED], "suggested": ["groen"]}
    )
    queue = reconsideration_queue(
        records_frame(records), assessments, pd.Series({"T-1": "groen"}), TODAY
    )
    assert queue["pending"].tolist() == [len(found.waiting)]
    line = pending_line(found)
    assert line == (
        "2 nye oplysninger siden seneste vurdering den 1. september 2026 kl. 14.00; "
        "1 kræver stillingtagen."
    )


def test_the_whole_list_folds_the_earlier_information() -> None:
    records = [
        record(1, "T-1", "klage", date(2026, 8, 1)),
        record(2, "T-1", "whistleblower", date(2026, 10, 1)),
    ]
    html = information_list_html(listing(records, ASSESSED, TODAY))
    news, _, earlier = html.partition("<details>")
    assert "Whistleblowerhenvendelse" in news
    assert "Klage" not in news
    assert "Tidligere oplysninger (1)" in earlier
    assert "Klage" in earlier
    nothing = information_list_html(listing([records[0]], ASSESSED, TODAY))
    assert "Ingen nye oplysninger siden seneste vurdering." in nothing
    assert pending_line(listing([records[0]], ASSESSED, TODAY)) == ""


def test_a_units_listing_splits_at_its_latest_assessment_whatever_their_order() -> None:
    records = [
        record(1, "T-00001", "klage", date(2026, 7, 1)),
        record(2, "T-00001", "whistleblower", date(2026, 10, 1)),
    ]
    older = assessment(assessed_at=datetime(2026, 6, 1, 9, tzinfo=UTC))
    newer = assessment(assessed_at=ASSESSED)
    found = unit_listing(records, [newer, older], TODAY)
    assert found.since == ASSESSED
    assert [item.id for item in found.pending] == [2]
    assert [item.id for item in found.earlier] == [1]
    never = unit_listing(records, [], TODAY)
    assert never.since is None
    assert [item.id for item in never.pending] == [2, 1]
    assert pending_line(never).endswith("og ingen risikovurdering endnu; 1 kræver stillingtagen.")


def _queue_row(**given: object) -> dict[str, object]:
    row: dict[str, object] = {
        "kinds": ("whistleblower",),
        "requires_decision": True,
        "moves_suggestion": False,
        "suggested_then": "groen",
        "suggested_now": "groen",
    }
    return row | given


def test_the_reason_names_the_kinds_and_the_moved_suggestion() -> None:
    assert queue_reason(_queue_row()) == "Whistleblowerhenvendelse kræver stillingtagen"
    both = _queue_row(kinds=("klage", "paabud", "whistleblower"))
    assert queue_reason(both) == "Påbud og whistleblowerhenvendelse kræver stillingtagen"
    moved = _queue_row(requires_decision=False, moves_suggestion=True, suggested_now="roed")
    assert queue_reason(moved) == "Forslaget er nu ▲ Rød (var ● Grøn)"
    gone = _queue_row(requires_decision=False, moves_suggestion=True, suggested_now=None)
    assert queue_reason(gone) == "Kataloget har nu intet forslag (var ● Grøn)"
    both_ways = _queue_row(moves_suggestion=True, suggested_then=None, suggested_now="gul")
    assert queue_reason(both_ways) == (
        "Whistleblowerhenvendelse kræver stillingtagen; forslaget er nu ■ Gul (var intet forslag)"
    )


def _queue() -> tuple[pd.DataFrame, pd.DataFrame]:
    records = records_frame(
        [
            record(1, "T-1", "whistleblower", date(2026, 10, 1)),
            record(2, "T-2", "klage", date(2026, 10, 25)),
        ]
    )
    assessments = pd.DataFrame(
        {
            "unit_id": ["T-1", "T-2"],
            "assessed_at": [ASSESSED, ASSESSED],
            "suggested": ["groen", "groen"],
        }
    )
    queue = reconsideration_queue(
        records, assessments, pd.Series({"T-1": "groen", "T-2": "roed"}), TODAY
    )
    units = pd.DataFrame(
        {
            "id": ["T-1", "T-2", "T-3"],
            "name": [HOSTILE, "Bøgely", "Tredje"],
            "socialtilsyn": ["midt", "syd", "nord"],
            "team": ["Team A", "Team B", "Team C"],
        }
    )
    return queue, units


def test_the_queue_table_reads_each_unit_against_the_domain() -> None:
    queue, units = _queue()
    frame = queue_frame(queue, units)
    alert = information_kinds().queue.waiting_alert_days
    assert list(frame["unit_id"]) == ["T-1", "T-2"]  # longest wait first
    assert list(frame["days_waiting"]) == [31, 7]
    assert list(frame["over_alert"]) == [alert < 31, alert < 7]
    html = queue_html(frame, caption="Venter på stillingtagen")
    assert "<img" not in html
    (shown,) = tables_in(html)
    assert shown.header == [
        "Id",
        "Navn",
        "Socialtilsyn",
        "Team",
        "Årsag",
        "Nye oplysninger",
        "Venter siden",
        "Dage",
    ]
    assert shown.rows[0] == [
        "T-1",
        HOSTILE,
        "Socialtilsyn Midt",
        "Team A",
        "Whistleblowerhenvendelse kræver stillingtagen",
        "1",
        "1. oktober 2026",
        "⚠ 31",
    ]
    assert shown.rows[1][4] == "Forslaget er nu ▲ Rød (var ● Grøn)"
    assert shown.rows[1][7] == "7"
    limited = queue_html(frame, limit=1)
    assert len(tables_in(limited)[0].rows) == 1
    assert "Viser de 1, der har ventet længst, af 2." in _text(limited)


def test_a_queue_line_for_the_inspector() -> None:
    queue, units = _queue()
    frame = queue_frame(queue, units)
    first, second = (queue_item_html(row) for row in frame.to_dict("records"))
    assert "<img" not in first
    assert _text(first) == (
        "T-1 – &lt;img src=x onerror=alert(1)&gt; · Whistleblowerhenvendelse kræver "
        "stillingtagen 1 ny oplysning · venter siden 1. oktober 2026 · ⚠ 31 dage"
    )
    assert "⚠" not in second
    assert "7 dage" in _text(second)


def test_an_empty_queue_draws_an_empty_table() -> None:
    _, units = _queue()
    empty = reconsideration_queue(
        records_frame([]),
        pd.DataFrame(columns=["unit_id", "assessed_at", "suggested"]),
        pd.Series(dtype=object),
        TODAY,
    )
    frame = queue_frame(empty, units)
    assert frame.empty
    assert tables_in(queue_html(frame))[0].rows == []


def test_a_percentage_is_named_once_with_its_sign() -> None:
    item = record(
        3,
        "T-1",
        "personaleforhold",
        date(2026, 6, 30),
        periode_start=date(2026, 1, 1),
        personaleomsaetning_pct=12.5,
        sygefravaer_pct=4.0,
    )
    text = _text(record_html(item))
    assert (
        "Periodens start: 1. januar 2026 · Personalegennemstrømning: 12,5 % · Sygefravær: 4 %"
    ) in text
