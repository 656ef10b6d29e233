from __future__ import annotations

from datetime import date
from pathlib import Path

from tilsynwidgets import apps
from tilsynwidgets.sample.load import load_sample
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.overview.app import summary_text


def test_a_store_not_yet_created_says_what_to_run(data_dir: Path) -> None:
    assert apps.data_status() == "Lageret kan ikke bruges endnu; se beskeden øverst på siden."
    assert apps.store_problem() == (
        "Lageret er ikke oprettet endnu. Det oprettes med kommandoen 'tilsynwidgets opgrader' "
        "(den, der driver serveren, kører den); åbn derefter siden igen."
    )


def test_an_empty_store_says_how_to_load(data_dir: Path) -> None:
    with Store.open() as store:
        store.upgrade()
    assert "indlaes-eksempel" in apps.data_status()


def test_status_and_overview_on_the_configured_store(data_dir: Path) -> None:
    with Store.open() as store:
        store.upgrade()
        load_sample(store, date(2026, 11, 1), n_tilbud=12, n_plejefamilier=18)
    assert apps.data_status() == "Lageret indeholder 30 enheder: 12 tilbud og 18 plejefamilier."
    overview = apps.portfolio_overview(as_of=date(2026, 11, 1))
    assert summary_text(overview.data).startswith("30 enheder: 12 tilbud og 18 plejefamilier.")
    assert overview.data.rules.id == "socialtilsyn-7-4"
    assert "Socialtilsyn" in overview.chosen.value
    assert "Data pr. 1. november 2026 · Kilde: Syntetisk eksempelportefølje (frø 2022)" in (
        overview.headline.value
    )


def test_landing_is_html() -> None:
    assert "Porteføljeoverblik" in apps.landing().value  # type: ignore[attr-defined]


def test_the_landing_page_heads_the_apps_with_the_store_problem(data_dir: Path) -> None:
    page = apps.landing().value  # type: ignore[attr-defined]
    assert "Lageret kan ikke bruges endnu" in page
    assert "Lageret er ikke oprettet endnu." in page
    with Store.open() as store:
        store.upgrade()
    assert "Lageret kan ikke bruges endnu" not in apps.landing().value  # type: ignore[attr-defined]
