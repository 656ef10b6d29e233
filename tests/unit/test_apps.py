from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from tilsynwidgets import apps
from tilsynwidgets.domain.risk.criteria import default_catalogue
from tilsynwidgets.domain.workshop.in_force import CatalogueInForce
from tilsynwidgets.domain.workshop.versions import CatalogueVersion
from tilsynwidgets.sample.load import load_sample
from tilsynwidgets.store.catalogues import CatalogueStore
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


def test_the_apps_suggest_with_the_catalogue_in_force(data_dir: Path) -> None:
    when = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    with Store.open() as store:
        store.upgrade()
        load_sample(store, date(2026, 11, 1), n_tilbud=12, n_plejefamilier=18)
        assert apps.inspector(store).catalogue == default_catalogue()  # none put in force yet
        packaged = default_catalogue()
        catalogue = packaged.model_copy(
            update={"version": "skaerpet-2027", "criteria": packaged.criteria[:3]}
        )
        CatalogueStore(store).save(
            CatalogueVersion(
                name="skaerpet-2027",
                catalogue=catalogue,
                author="mk",
                comment="Færre kriterier.",
                saved_at=when,
            )
        )
        store.put_catalogue_in_force(
            CatalogueInForce(
                version="skaerpet-2027",
                put_by="mk",
                put_at=when,
                reason="Afprøvet på porteføljen og drøftet med ledelsen.",
            )
        )
    assert apps.inspector().catalogue == catalogue
    assert apps.overview_data(as_of=date(2026, 11, 1)).catalogue == catalogue
