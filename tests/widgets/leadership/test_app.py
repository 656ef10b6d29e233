from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, tzinfo

import openpyxl
import pytest
from tests.presentation._shown import assert_table, table_captioned
from tests.presentation.test_presentation_quarter_chart import assert_draws, read_quarter_chart

from tilsynwidgets import apps
from tilsynwidgets.assessor import Assessor
from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.domain.support.measures import general_measures
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common import exporting
from tilsynwidgets.widgets.leadership.app import LeadershipApp

AS_OF = date(2026, 11, 1)


@pytest.fixture
def app(sample_store: Store, tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> LeadershipApp:
    monkeypatch.setenv("TILSYNWIDGETS_DATA_DIR", str(tmp_path))  # the pseudonym key's folder
    return LeadershipApp(
        sample_store, apps.leadership_data(sample_store, AS_OF), Assessor("Leder A", "test")
    )


def test_summary_and_sections(app: LeadershipApp) -> None:
    assert app.summary().startswith("30 enheder i porteføljen; aktuel risikokategori:")
    assert "30 enheder i udvalget" in app.stamp.value
    assert "Syntetisk eksempelportefølje" in app.stamp.value
    for section in (app.colours, app.quarters, app.movement, app.visits, app.support):
        assert "<table" in section.value
    assert "Angiv kapacitet" in app.resources.value


def test_movement_over_time_draws_the_views_quarters(app: LeadershipApp) -> None:
    """The chart under "Bevægelse over tid" is ``by_quarter``: colours stacked, the units not
    yet assessed beside them, and the same figures in the table beneath."""
    quarters = app.view.by_quarter()
    assert quarters["ingen"].sum() > 0  # the sample has units not yet assessed
    assert_draws(read_quarter_chart(app.quarters.value), quarters)
    app.socialtilsyn.value = str(app.data.units["socialtilsyn"].iloc[0])
    assert_draws(read_quarter_chart(app.quarters.value), app.view.by_quarter())


def test_counts_on_the_screen_agree_with_their_nouns(app: LeadershipApp) -> None:
    moved = app.view.moved()
    up = int((moved["direction"] == "op").sum())
    down = len(moved) - up
    assert f"{up} {'enhed' if up == 1 else 'enheder'} flyttet op og " in app.movement.value
    assert f" {down} {'enhed' if down == 1 else 'enheder'} ned" in app.movement.value
    app.capacity["syd"].value = 1.0
    assert "kvartal(er)" not in app.resources.value
    assert re.search(r"mangler timer i \d+ (kvartal|kvartaler)\.", app.resources.value)
    team = str(app.data.units["team"].iloc[0])
    app.team.value = team
    shown = int((app.data.units["team"] == team).sum())
    assert f"{shown} {'enhed' if shown == 1 else 'enheder'} i udvalget" in app.stamp.value


def test_a_filter_narrows_every_figure(app: LeadershipApp) -> None:
    tilsyn = str(app.data.units["socialtilsyn"].iloc[0])
    expected = int((app.data.units["socialtilsyn"] == tilsyn).sum())
    app.socialtilsyn.value = tilsyn
    assert f"{expected} enheder i udvalget" in app.stamp.value
    assert set(app.view.units["socialtilsyn"]) == {tilsyn}
    app.start.value, app.end.value = date(2026, 6, 1), date(2026, 1, 1)
    assert "Perioden er ugyldig" in app.status.value


def test_drill_down_from_a_figure_to_a_unit_history(app: LeadershipApp) -> None:
    drill = app.drilldown
    drill.section.label = "Præ → post"
    name = next(iter(drill.figure_names))
    count = int(name.rsplit("(", 1)[1].rstrip(")").replace(".", ""))
    drill.figure.label = name
    assert len(drill.units.options) == count
    drill.units.value = drill.units.options[0][1]
    assert "<table" in drill.history.value


def test_the_colours_split_by_type_and_the_drill_down_follows(app: LeadershipApp) -> None:
    app.drilldown.section.label = "Risikokategorier præ og post"
    assert any(" i Socialtilsyn " in name for name in app.drilldown.figure_names)
    app.split.value = "unit_type"
    assert "plejefamilie" in app.colours.value
    assert "Socialtilsyn Syd" not in app.colours.value
    assert not any(" i Socialtilsyn " in name for name in app.drilldown.figure_names)
    name = next(iter(app.drilldown.figure_names))
    app.drilldown.figure.label = name
    assert len(app.drilldown.units.options) == int(
        name.rsplit("(", 1)[1].rstrip(")").replace(".", "")
    )


def test_a_filter_change_keeps_the_chosen_drill_down_section(app: LeadershipApp) -> None:
    app.drilldown.section.label = "Tilsynsbesøg"
    before = set(app.drilldown.figure_names)
    app.socialtilsyn.value = str(app.data.units["socialtilsyn"].iloc[0])
    assert app.drilldown.section.label == "Tilsynsbesøg"
    assert any(name.startswith("Overskredne") for name in app.drilldown.figure_names)
    assert set(app.drilldown.figure_names) != before or len(before) == 1


def test_capacity_shows_whether_intensified_supervision_has_hours(app: LeadershipApp) -> None:
    for box in app.capacity.values():
        box.value = 1.0
    assert "mangler timer" in app.resources.value
    for box in app.capacity.values():
        box.value = 100000.0
    assert "Der er timer nok" in app.resources.value


def test_a_negative_capacity_is_named_and_not_used(app: LeadershipApp) -> None:
    app.capacity["syd"].value = 500.0
    app.capacity["nord"].value = -100.0
    assert app.view.capacity == {"syd": 500.0}
    assert "Kapaciteten kan ikke være negativ" in app.resources.value
    assert "for Socialtilsyn Nord." in app.resources.value
    app.capacity["nord"].value = 0.0
    assert "negativ" not in app.resources.value


def test_capacity_inputs_show_the_whole_name(app: LeadershipApp) -> None:
    for code, box in app.capacity.items():
        assert box.description == label_of(Socialtilsyn(code))
        # ipywidgets cuts a description to its default width; the longest name needs ~12em.
        assert box.style.description_width == "13em"


def test_a_filter_that_matches_no_unit_says_so(app: LeadershipApp) -> None:
    assert app.status.value == ""
    units = app.data.units
    foster_team = units.loc[units["kind"] == "plejefamilie", "team"].iloc[0]
    app.unit_type.value = "boern_doegn"  # a tilbud type: no plejefamilie team has one
    app.team.value = foster_team
    assert app.view.units.empty
    assert "Ingen enheder passer til de valgte filtre" in app.status.value
    app.team.value = None
    assert not app.view.units.empty
    assert "Ingen enheder" not in app.status.value


def test_exports_pseudonymise_plejefamilier_by_default(app: LeadershipApp) -> None:
    data = app.exports.make_workbook()
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames[0] == "Om udtrækket"
    self_sheet = list(workbook["Selvevaluering"].iter_rows(values_only=True))
    assert self_sheet[0][1:] == tuple(label_of(s) for s in Socialtilsyn)
    assert len(self_sheet) == 1 + len(general_measures())
    assert {row[-1] for row in self_sheet[1:]} == {"Ikke vurderet"}  # the sample leaves Nord
    sheet = workbook["Enheder"]
    header, *rows = sheet.iter_rows(values_only=True)
    assert header[:2] == ("Id", "Navn")
    assert len(rows) == len(app.view.units)
    names = {str(row[1]) for row in rows}
    pleje = app.data.units[app.data.units["kind"] == "plejefamilie"]
    assert names.isdisjoint(set(pleje["name"]))
    assert 'download="ledelsesoverblik-alle-2026-11-01.xlsx"' in app.exports.workbook_link.value
    app.exports.reveal.value = True
    revealed = openpyxl.load_workbook(io.BytesIO(app.exports.make_workbook()))
    shown = {str(row[1]) for row in revealed["Enheder"].iter_rows(min_row=2, values_only=True)}
    assert set(pleje["name"]) <= shown
    report = app.exports.make_report()
    assert report.startswith("<!DOCTYPE html>") or "<html" in report
    assert 'lang="da"' in report
    assert "Ledelsens generelle tiltag: selvevaluering" in report
    assert "<td>Leder A (test)</td>" in report
    # Making the report keeps the workbook's link beside its own.
    assert 'download="ledelsesoverblik-alle-2026-11-01.xlsx"' in app.exports.workbook_link.value
    assert 'download="ledelsesoverblik-alle-2026-11-01.html"' in app.exports.report_link.value


def test_a_download_says_when_it_was_made_in_danish_time(
    app: LeadershipApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = datetime(2026, 11, 30, 10, 5, tzinfo=UTC)  # 11.05 in Copenhagen

    class Clock(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> datetime:
            return made.astimezone(tz) if tz else made.replace(tzinfo=None)

    monkeypatch.setattr(exporting, "datetime", Clock)
    app.exports.make_workbook()
    assert "(lavet 30. november 2026 kl. 11.05)" in app.exports.workbook_link.value


def test_export_file_names_follow_the_filters(app: LeadershipApp) -> None:
    app.socialtilsyn.value = "syd"
    app.exports.make_report()
    assert 'download="ledelsesoverblik-syd-2026-11-01.html"' in app.exports.report_link.value


@pytest.mark.parametrize("split", ["socialtilsyn", "unit_type"])
def test_every_screen_table_is_the_views_figure(app: LeadershipApp, split: str) -> None:
    app.socialtilsyn.value = "syd"
    app.split.value = split
    for box in app.capacity.values():
        box.value = 40.0
    view = app.view
    assert view.filters.socialtilsyn == {"syd"}
    by_colour = f"distribution_{split}"
    screen = {  # caption → (widget, the view's figure, the table it is drawn as)
        "Præ, antal enheder": (app.colours, view.distribution(Phase.PRAE, split), by_colour),
        "Post, antal enheder": (app.colours, view.distribution(Phase.POST, split), by_colour),
        "Antal enheder ved kvartalets udgang": (app.quarters, view.by_quarter(), "by_quarter"),
        "Rækker: kategori præ; kolonner: kategori post": (
            app.movement,
            view.transitions(),
            "transitions",
        ),
        "Planlagte uanmeldte besøg": (app.visits, view.unannounced(), "unannounced"),
        "Planlagte besøg pr. kvartal": (app.visits, view.upcoming(), "upcoming"),
        "Tiltag fra redskabet til organisatorisk understøttelse": (
            app.support,
            view.support(),
            "support",
        ),
        "Timer pr. kvartal efter de gældende intensitetsplaner": (
            app.resources,
            view.resources(),
            "resources",
        ),
        "Pr. team": (app.automatism, view.automatism(), "automatism"),
    }
    for caption, (widget, figure, table) in screen.items():
        assert_table(table_captioned(widget.value, caption), figure, table)
    assert view.resources()["capacity"].notna().any()
    assert "Socialtilsyn Nord" not in app.visits.value


def test_the_team_filter_offers_the_teams_of_the_socialtilsyn_chosen(app: LeadershipApp) -> None:
    units = app.data.units
    every = sorted(set(units["team"]))
    assert [value for _, value in app.team.options[1:]] == every
    app.socialtilsyn.value = "syd"
    syd = sorted(set(units.loc[units["socialtilsyn"] == "syd", "team"]))
    assert [value for _, value in app.team.options[1:]] == syd
    assert all(team.startswith("Syd – Team ") for team in syd)
    app.team.value = syd[0]
    assert app.view.filters.team == {syd[0]}
    assert set(app.view.units["team"]) == {syd[0]}
    app.socialtilsyn.value = "nord"  # Syd's team is let go, and the view follows
    assert app.team.value == ""
    assert app.view.filters == app.filters()
    assert set(app.view.units["socialtilsyn"]) == {"nord"}
    app.socialtilsyn.value = ""
    assert [value for _, value in app.team.options[1:]] == every
