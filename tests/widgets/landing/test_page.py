from __future__ import annotations

from pathlib import Path

from tilsynwidgets.app_index import AppEntry, AppIndex, app_index
from tilsynwidgets.widgets.landing.page import landing_html, landing_page

NOTEBOOKS = Path(__file__).resolve().parents[3] / "notebooks"


def test_every_listed_app_is_a_notebook_that_exists() -> None:
    for app in app_index().apps:
        assert (NOTEBOOKS / app.notebook).is_file(), app.notebook


def test_landing_lists_the_apps_in_danish() -> None:
    html = landing_page().value
    assert '<a href="Portefoelje.ipynb"' in html
    assert "Porteføljeoverblik" in html
    assert "understøtter den tilsynsfaglige vurdering" in html


def test_landing_escapes_its_texts() -> None:
    index = AppIndex(
        version="x",
        title="<b>t</b>",
        intro="i",
        apps=(AppEntry(notebook="A.ipynb", title="<script>", audience="a", description="d"),),
    )
    html = landing_html(index)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_a_store_problem_is_shown_above_the_apps_escaped() -> None:
    html = landing_html(app_index(), "Lageret skal <opgraderes>.")
    assert html.index("Lageret kan ikke bruges endnu") < html.index("Porteføljeoverblik")
    assert "Lageret skal &lt;opgraderes&gt;." in html
    assert "Lageret kan ikke bruges endnu" not in landing_html(app_index())
