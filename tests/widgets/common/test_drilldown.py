"""Drill-down on screen: a figure's Danish name carries its count, and choosing a section,
a figure and a unit shows the units behind the figure and the unit's history."""

from __future__ import annotations

import re

import pytest
from tests.domain.portfolio._leadership_waiting import waiting_data
from tests.presentation._shown import tables_in
from tests.presentation.test_presentation_tables import assert_overdue_table

from tilsynwidgets.domain.access.person import person_from_groups
from tilsynwidgets.domain.core.danish_numbers import danish_count
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.portfolio.drilldown import Figure, FigureKind
from tilsynwidgets.domain.portfolio.leadership import Filters
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipData, LeadershipView
from tilsynwidgets.domain.support.measures import measure_catalogue
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.store.guarded import GuardedStore
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common.drilldown import SECTION_TITLES, DrillDown, figure_name


@pytest.fixture
def store(sample_store_100: Store) -> Store:
    return sample_store_100


@pytest.fixture
def data(sample_leadership: LeadershipData) -> LeadershipData:
    return sample_leadership


def _no_units() -> list[str]:
    return []


@pytest.mark.parametrize(
    ("figure", "by", "name"),
    [
        (
            Figure(FigureKind.COLOUR, ("prae", "gul", "syd"), 12, _no_units),
            "socialtilsyn",
            "Præ: Gul i Socialtilsyn Syd (12)",
        ),
        (
            Figure(FigureKind.COLOUR, ("post", "ingen", "plejefamilie_almen"), 3, _no_units),
            "unit_type",
            "Post: ingen vurdering i Almen plejefamilie (3)",
        ),
        (
            Figure(FigureKind.QUARTER, ("2026K3", "roed"), 7, _no_units),
            "socialtilsyn",
            "3. kvt. 2026: Rød (7)",
        ),
        (
            Figure(FigureKind.TRANSITION, ("gul", "roed"), 4, _no_units),
            "socialtilsyn",
            "Præ gul → post rød (4)",
        ),
        (
            Figure(FigureKind.OVERDUE, (), 1344, _no_units),
            "socialtilsyn",
            "Overskredne tilsynsbesøg (1.344)",
        ),
        (
            Figure(FigureKind.UNANNOUNCED, ("nord",), 2, _no_units),
            "socialtilsyn",
            "Planer med uanmeldte besøg i Socialtilsyn Nord (2)",
        ),
        (
            Figure(FigureKind.INTENSIFIED, ("midt",), 9, _no_units),
            "socialtilsyn",
            "Planer for rød og gul (intensiveret) i Socialtilsyn Midt (9)",
        ),
        (
            Figure(FigureKind.TEMPLATE, ("Team 2",), 5, _no_units),
            "socialtilsyn",
            "Plan lig skabelonen – Team 2 (5)",
        ),
    ],
)
def test_a_figure_is_named_from_its_codes_with_its_count(
    figure: Figure, by: str, name: str
) -> None:
    assert figure_name(figure, by) == name


def test_a_missing_measure_is_named_by_its_title() -> None:
    measure = measure_catalogue().all_measures()[0]
    figure = Figure(FigureKind.MISSING_MEASURE, ("hovedstaden", measure.id), 6, _no_units)
    assert figure_name(figure) == f"Mangler «{measure.title}» i Socialtilsyn Hovedstaden (6)"


def test_choosing_section_figure_and_unit_shows_the_history(
    store: Store, data: LeadershipData
) -> None:
    drill = DrillDown(store)
    drill.show(data.view(Filters()))
    assert drill.figure.options == (("— vælg et tal —", -1),)
    assert [title for title, _ in drill.section.options[1:]] == list(SECTION_TITLES.values())
    drill.section.value = "visits"
    name, index = next((n, i) for n, i in drill.figure.options if n.startswith("Overskredne"))
    assert name == f"Overskredne tilsynsbesøg ({len(data.view(Filters()).overdue())})"
    drill.figure.value = index
    assert len(drill.units.options) == drill.found[index].count
    assert [unit_id for _, unit_id in drill.units.options] == drill.found[index].find()
    if drill.units.options:
        drill.units.value = drill.units.options[0][1]
        assert "<table" in drill.history.value
    drill.section.value = ""
    assert drill.units.options == ()
    assert drill.table.value == ""


def test_a_waiting_unit_shows_what_came_since_its_latest_assessment(
    store: Store, data: LeadershipData
) -> None:
    """A leader answers «what has happened since we last decided, and what still waits?» for
    one unit: the records registered after its latest assessment, newest first, counted in
    the line above them; the earlier ones folded; and the history under them."""
    drill = DrillDown(store)
    drill.show(data.view(Filters()))
    drill.section.value = "waiting"
    name, index = drill.figure.options[1]
    assert name.startswith("Venter på stillingtagen – i alt")
    drill.figure.value = index
    ids = drill.found[index].find()
    assert ids, "the sample has units waiting for a decision"
    unit_id = ids[0]
    drill.units.value = unit_id
    latest = max(store.assessments(unit_id), key=lambda a: a.assessed_at)
    records = store.information(unit_id)
    news = sorted(
        (r for r in records if r.information.registered_at > latest.assessed_at),
        key=lambda r: (r.information.received_on, r.id),
        reverse=True,
    )
    earlier = [r for r in records if r.information.registered_at <= latest.assessed_at]
    shown = drill.information.value
    assert shown.startswith("<h4>Oplysninger</h4>")
    assert f"siden seneste vurdering den {format_stamp(latest.assessed_at)}" in shown
    head, _, folded = shown.partition("<details>")
    assert re.findall(r"nr\. (\d+)</small>", head) == [str(r.id) for r in news]
    assert f"Tidligere oplysninger ({danish_count(len(earlier))})" in folded
    assert len(re.findall(r"nr\. \d+</small>", folded)) == len(earlier)
    assert drill.history.value.startswith("<h4>Historik</h4><table")
    drill.figure.value = -1
    assert drill.information.value == drill.history.value == ""


@pytest.mark.parametrize("filters", [Filters(), Filters(socialtilsyn={"nord", "syd"})])
def test_the_overdue_figure_lists_due_date_days_overdue_and_last_visit(
    store: Store, data: LeadershipData, filters: Filters
) -> None:
    view = data.view(filters)
    drill = DrillDown(store)
    drill.show(view)
    drill.section.value = "visits"
    index = next(i for n, i in drill.figure.options if n.startswith("Overskredne"))
    drill.figure.value = index
    (shown,) = tables_in(drill.table.value)
    assert shown.caption.startswith("Overskredne tilsynsbesøg")
    assert_overdue_table(shown, view)
    assert len(shown.rows) == len(drill.units.options)
    other = next(i for n, i in drill.figure.options[1:] if i != index)
    drill.figure.value = other
    assert drill.table.value == ""  # only the overdue figure has this table


def test_every_figure_on_screen_finds_the_units_it_names(
    store: Store, data: LeadershipData
) -> None:
    _assert_every_figure_finds_its_units(DrillDown(store), data.view(Filters(socialtilsyn={"syd"})))


def test_every_figure_of_what_waits_on_screen_finds_its_units(store: Store) -> None:
    view = waiting_data().view(Filters())
    drill = DrillDown(store)
    _assert_every_figure_finds_its_units(drill, view, sections=["waiting"])
    assert len(drill.found) == 14  # 5 counts in all, 5 for Team P, 3 for Team A, 1 for Team B


def _assert_every_figure_finds_its_units(
    drill: DrillDown, view: LeadershipView, sections: list[str] | None = None
) -> None:
    drill.show(view, "unit_type")
    for _title, section in drill.section.options[1:]:
        if sections is not None and section not in sections:
            continue
        drill.section.value = section
        for name, index in drill.figure.options[1:]:
            drill.figure.value = index
            count = int(name.rsplit("(", 1)[1].rstrip(")").replace(".", ""))
            if drill.found[index].kind is FigureKind.ORDER_OVERDUE:  # a row per påbud
                (table,) = tables_in(drill.table.value)
                assert len(table.rows) == count, name
                assert len(drill.units.options) <= count, name
            else:
                assert len(drill.units.options) == count, name


def test_a_chosen_unit_links_to_the_inspectors_app_in_a_new_tab(
    store: Store, data: LeadershipData
) -> None:
    drill = DrillDown(store)
    drill.show(data.view(Filters()))
    drill.section.value = "colours"
    drill.figure.value = 0
    assert drill.link.value == ""
    unit_id = drill.units.options[0][1]
    drill.units.value = unit_id
    name = data.units.set_index("id").loc[unit_id, "name"]
    assert drill.link.value.startswith(
        f'<p>Åbn <a href="Tilsynsfoerende.ipynb?enhed={unit_id}" target="_blank" rel="noopener" '
    )
    assert f">{unit_id} – {escape(name)}</a>" in drill.link.value
    drill.figure.value = -1
    assert drill.link.value == ""


def test_no_link_for_a_person_whose_roles_do_not_open_the_inspectors_app(
    store: Store, data: LeadershipData
) -> None:
    guarded = GuardedStore(store, person_from_groups("lis", ["leder-national"]), b"k" * 32)
    drill = DrillDown(guarded)
    drill.show(data.view(Filters()))
    drill.section.value = "colours"
    drill.figure.value = 0
    drill.units.value = drill.units.options[0][1]
    assert "<table" in drill.history.value
    assert drill.link.value == ""


@pytest.mark.parametrize(
    ("figure", "by", "name"),
    [
        (
            Figure(FigureKind.COLOUR, ("seneste", "roed", "Syd – Team Tilbud 1"), 5, _no_units),
            "team",
            "Seneste: Rød i Syd – Team Tilbud 1 (5)",
        ),
        (
            Figure(FigureKind.SUGGESTED, ("gul", "syd"), 1234, _no_units),
            "socialtilsyn",
            "Forslag: Gul i Socialtilsyn Syd (1.234)",
        ),
        (
            Figure(FigureKind.SUGGESTED, ("intet_forslag", "nord"), 2, _no_units),
            "socialtilsyn",
            "Intet forslag i Socialtilsyn Nord (2)",
        ),
    ],
)
def test_the_overviews_figures_are_named_from_their_codes(
    figure: Figure, by: str, name: str
) -> None:
    assert figure_name(figure, by) == name


def test_nothing_is_exported_before_a_figure_is_chosen(store: Store, data: LeadershipData) -> None:
    drill = DrillDown(store)
    drill.show(data.view(Filters()))
    assert drill.exporting.layout.display == "none"
    drill.download.click()
    assert "Vælg et tal først" in drill.status.value
    assert drill.download_link.value == ""
