"""Drill-down: every figure of every section finds exactly as many units as its name says,
each of them selected by the filters, and a chosen unit shows its history."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tilsynwidgets import apps
from tilsynwidgets.domain.portfolio.leadership import Filters
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipData
from tilsynwidgets.sample.load import load_sample
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.leadership.drilldown import SECTIONS, DrillDown, figures

AS_OF = date(2026, 11, 1)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path: Path = tmp_path_factory.mktemp("drill") / "drill.sqlite"
    with Store.open(f"sqlite:///{path}") as opened:
        opened.upgrade()
        load_sample(opened, AS_OF, n_tilbud=40, n_plejefamilier=60)
        yield opened


@pytest.fixture(scope="module")
def data(store: Store) -> LeadershipData:
    return apps.leadership_data(store, AS_OF)


def _count(name: str) -> int:
    return int(name.rsplit("(", 1)[1].rstrip(")"))


@pytest.mark.parametrize("by", ["socialtilsyn", "unit_type"])
@pytest.mark.parametrize(
    "filters",
    [Filters(), Filters(socialtilsyn={"midt"}), Filters(unit_type={"plejefamilie_almen"})],
)
def test_every_figure_finds_as_many_units_as_it_names(
    data: LeadershipData, filters: Filters, by: str
) -> None:
    view = data.view(filters)
    selected = set(view.units["id"])
    for section, make in SECTIONS.items():
        found = make(view, by)
        if section not in {"Organisatorisk understøttelse", "Modvirk automatik"}:
            assert found, section  # the sample has something to show in each of these
        for name, find in found.items():
            ids = find()
            assert len(ids) == _count(name), name
            assert len(set(ids)) == len(ids)
            assert set(ids) <= selected, name


def test_colour_figures_add_up_to_the_selected_units(data: LeadershipData) -> None:
    view = data.view(Filters(socialtilsyn={"syd"}))
    for phase in ("Præ", "Post"):
        total = sum(
            _count(name)
            for name in SECTIONS["Risikokategorier præ og post"](view, "unit_type")
            if name.startswith(f"{phase}:")
        )
        assert total == len(view.units)
    quarter = str(view.by_quarter().index[-1])
    in_quarter = [n for n in SECTIONS["Bevægelse over tid (pr. kvartal)"](view, "") if quarter in n]
    assert sum(_count(n) for n in in_quarter) == len(view.units)


def test_figures_are_the_union_of_the_sections(data: LeadershipData) -> None:
    view = data.view(Filters())
    together = figures(view)
    assert len(together) == sum(len(make(view, "socialtilsyn")) for make in SECTIONS.values())


def test_choosing_section_figure_and_unit_shows_the_history(
    store: Store, data: LeadershipData
) -> None:
    drill = DrillDown(store)
    drill.show(data.view(Filters()))
    assert drill.figure.options == (("— vælg et tal —", ""),)
    drill.section.value = "Tilsynsbesøg"
    name = next(n for n in drill.finders if n.startswith("Overskredne"))
    drill.figure.value = name
    assert len(drill.units.options) == _count(name)
    if drill.units.options:
        drill.units.value = drill.units.options[0][1]
        assert "<table" in drill.history.value
    drill.section.value = ""
    assert drill.units.options == ()
