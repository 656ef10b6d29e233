"""«Venter på stillingtagen» in the leadership app: the section's table is the view's summary
(read back cell by cell), it says that the period does not apply, the filters narrow it, and
every count opens the units behind it with their reason and wait."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from tests.domain.portfolio._leadership_waiting import WAITING_DAYS, waiting_data
from tests.exports.test_exports_waiting import assert_summary
from tests.presentation._shown import tables_in

from tilsynwidgets import apps
from tilsynwidgets.assessor import Assessor
from tilsynwidgets.domain.information.as_of import records_frame
from tilsynwidgets.domain.information.kinds import Origin
from tilsynwidgets.domain.information.records import Information, InformationRecord
from tilsynwidgets.domain.portfolio.drilldown import Figure, FigureKind
from tilsynwidgets.presentation.information import QUEUE_TABLE
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common.drilldown import figure_name
from tilsynwidgets.widgets.leadership.app import WAITING_CAPTION, LeadershipApp

AS_OF = date(2026, 11, 1)


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(f"sqlite:///{tmp_path / 'empty.sqlite'}") as store:
        store.upgrade()
        yield store


@pytest.fixture
def app(empty_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> LeadershipApp:
    monkeypatch.setenv("TILSYNWIDGETS_DATA_DIR", str(tmp_path))
    return LeadershipApp(empty_store, waiting_data(), Assessor("Leder A", "test"))


def _summary(app: LeadershipApp) -> None:
    (shown,) = (t for t in tables_in(app.waiting.value) if t.caption == WAITING_CAPTION)
    assert_summary(shown, app.view, html=True)


def test_the_section_shows_the_views_summary(app: LeadershipApp) -> None:
    _summary(app)
    text = app.waiting.value
    assert (
        "Pr. 1. november 2026 venter 4 enheder på stillingtagen; 2 har ventet over 30 dage. "
        "3 påbud er over fristen, og 1 skærpet tilsyn slutter inden 30 dage."
    ) in text
    assert "Perioden gælder ikke her" in text
    assert "Venter på stillingtagen" in app.children[app.children.index(app.waiting) - 1].value


def test_the_period_does_not_change_it_and_the_filters_narrow_it(app: LeadershipApp) -> None:
    before = app.waiting.value
    app.start.value, app.end.value = date(2025, 1, 1), date(2025, 6, 30)
    assert app.waiting.value == before
    app.socialtilsyn.value = "nord"
    _summary(app)
    assert "venter 2 enheder på stillingtagen" in app.waiting.value
    assert "Socialtilsyn Syd" not in app.waiting.value
    app.socialtilsyn.value = "midt"
    assert "venter ingen enheder på stillingtagen" in app.waiting.value
    assert "<table" not in app.waiting.value  # nothing to tabulate


def test_every_count_opens_its_units_with_reason_and_wait(app: LeadershipApp) -> None:
    drill = app.drilldown
    drill.section.label = "Venter på stillingtagen"
    names = drill.figure_names
    assert names[:5] == [
        "Venter på stillingtagen – i alt (4)",
        "Med oplysninger der kræver stillingtagen – i alt (3)",
        "Ventet over 30 dage – i alt (2)",
        "Påbud over frist – i alt (3)",
        "Skærpet tilsyn slutter inden 30 dage – i alt (1)",
    ]
    assert "Venter på stillingtagen – Team A, Socialtilsyn Syd (2)" in names
    assert "Påbud over frist – Team B, Socialtilsyn Syd (1)" in names
    drill.figure.label = names[0]
    assert [unit for _, unit in drill.units.options] == sorted(WAITING_DAYS)
    (table,) = tables_in(drill.table.value)
    assert table.caption == "Venter på stillingtagen – i alt (4): længst ventet først"
    shared = (*QUEUE_TABLE.rows.values(), *QUEUE_TABLE.columns.values())
    assert table.header == [c.header for c in shared if c.kind != "flag"]  # the inspector's
    alert = 30
    assert [(row[0], row[-1]) for row in table.rows] == [
        (unit, f"⚠ {days}" if days > alert else str(days)) for unit, days in WAITING_DAYS.items()
    ]
    t1 = next(row for row in table.rows if row[0] == "T-1")
    assert t1[1:] == [
        "Bostedet Lærkereden",
        "Socialtilsyn Syd",
        "Team A",
        "Whistleblowerhenvendelse kræver stillingtagen",
        "2",
        "2. september 2026",
        "⚠ 60",
    ]
    t2 = next(row for row in table.rows if row[0] == "T-2")
    assert t2[4] == "Forslaget er nu ■ Gul (var ● Grøn)"
    drill.units.value = "T-1"  # the store has no history of it: the history says so
    assert drill.history.value


def test_the_overdue_orders_list_each_order(app: LeadershipApp) -> None:
    drill = app.drilldown
    drill.section.label = "Venter på stillingtagen"
    drill.figure.label = "Påbud over frist – Team P, Socialtilsyn Nord (2)"
    assert [unit for _, unit in drill.units.options] == ["P-2"]  # one family, two påbud
    (table,) = tables_in(drill.table.value)
    assert table.header[-3:] == ["Påbud givet", "Frist", "Dage over fristen"]
    assert [row[-2:] for row in table.rows] == [
        ["1. september 2026", "61"],
        ["1. oktober 2026", "31"],
    ]
    drill.figure.label = "Skærpet tilsyn slutter inden 30 dage – i alt (1)"
    (table,) = tables_in(drill.table.value)
    assert [row[0] for row in table.rows] == ["P-1"]
    assert table.rows[0][-3:] == ["1. juni 2026", "20. november 2026", "19"]


@pytest.mark.parametrize(
    ("figure", "name"),
    [
        (Figure(FigureKind.WAITING, (), 1344, list), "Venter på stillingtagen – i alt (1.344)"),
        (
            Figure(FigureKind.WAITING_DECISION, ("syd", "Team 2"), 3, list),
            "Med oplysninger der kræver stillingtagen – Team 2, Socialtilsyn Syd (3)",
        ),
        (
            Figure(FigureKind.WAITING_LONG, ("nord", "Team 1"), 1, list),
            "Ventet over 30 dage – Team 1, Socialtilsyn Nord (1)",
        ),
        (
            Figure(FigureKind.ORDER_OVERDUE, ("midt", "Team 3"), 2, list),
            "Påbud over frist – Team 3, Socialtilsyn Midt (2)",
        ),
        (
            Figure(FigureKind.HEIGHTENED_ENDING, (), 7, list),
            "Skærpet tilsyn slutter inden 30 dage – i alt (7)",
        ),
    ],
)
def test_a_figure_of_what_waits_is_named_from_its_codes(figure: Figure, name: str) -> None:
    assert figure_name(figure) == name


def test_on_the_sample_a_report_registered_today_waits(
    sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sample's units, with whistleblower reports registered today about two of them."""
    monkeypatch.setenv("TILSYNWIDGETS_DATA_DIR", str(tmp_path))
    data = apps.leadership_data(sample_store, AS_OF)
    units = data.units
    chosen = [
        str(units.loc[units["kind"] == "tilbud", "id"].iloc[0]),
        str(units.loc[units["kind"] == "plejefamilie", "id"].iloc[0]),
    ]
    records = [
        InformationRecord(
            number,
            Information(
                unit_id=unit,
                kind="whistleblower",
                concerns_on=AS_OF - timedelta(days=days),
                received_on=AS_OF - timedelta(days=days),
                origin=Origin.ANONYM,
                description="Syntetisk henvendelse.",
                registered_by="Tilsynsførende A",
                registered_at=datetime(2026, 11, 1, 9, tzinfo=UTC),
            ),
        )
        for number, (unit, days) in enumerate(zip(chosen, (45, 3), strict=True), start=1)
    ]
    app = LeadershipApp(
        sample_store,
        dataclasses.replace(data, information=records_frame(records)),
        Assessor("Leder A", "test"),
    )
    assert "venter 2 enheder på stillingtagen; 1 har ventet over 30 dage" in app.waiting.value
    _summary(app)
    app.drilldown.section.label = "Venter på stillingtagen"
    app.drilldown.figure.label = "Venter på stillingtagen – i alt (2)"
    assert [unit for _, unit in app.drilldown.units.options] == sorted(chosen)
    app.drilldown.units.value = chosen[0]
    assert "<table" in app.drilldown.history.value
