"""The criteria workshop, headless, on a small sample: loading with progress, an edit that
changes the figures as the domain computes them, drill-down, and opening a version."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from tests.presentation._shown import table_captioned
from tests.presentation.test_workshop_tables import assert_changes_shown

from tilsynwidgets.domain.workshop.effect import WorkshopData, effect
from tilsynwidgets.sample.load import load_sample
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.workshop.app import WorkshopApp
from tilsynwidgets.widgets.workshop.effect import CHANGES_CAPTION

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[WorkshopApp]:
    with Store.open(f"sqlite:///{tmp_path / 'workshop.sqlite'}") as store:
        store.upgrade()
        load_sample(store, date(2026, 11, 1), n_tilbud=80, n_plejefamilier=120)
        shell = WorkshopApp(store, "Konsulent K", clock=lambda: T0)
        shell.load()
        yield shell


def _edit_threshold(app: WorkshopApp, criterion_id: str, value: float) -> None:
    assert app.editor is not None
    app.editor.list.value = next(
        n for n, c in enumerate(app.editor.criteria) if c.id == criterion_id
    )
    app.editor.threshold.value = value


def test_loading_stores_the_packaged_version_and_hides_the_progress(app: WorkshopApp) -> None:
    assert app.progress.layout.display == "none"
    assert [v.name for v in app.catalogues.versions()] == ["2026.1"]
    assert "Redigerer en arbejdskopi af <b>2026.1</b>" in app.heading.value
    assert "Beregnet for 200 enheder" in app.timing.value
    assert "200 enheder" in app.effect_summary()
    result = app.effect_panel.result if app.effect_panel is not None else None
    assert result is not None
    assert f"{result.no_suggestion} intet forslag" in app.effect_summary()
    assert f"Intet forslag {result.no_suggestion}" in app.quick.value


def test_an_edit_redraws_the_figures_the_domain_computes(app: WorkshopApp) -> None:
    assert app.effect_panel is not None
    assert app.editor is not None
    assert "<b>0 enheder</b> får et andet forslag" in app.effect_panel.changes.value
    _edit_threshold(app, "whistleblower", 0.0)  # every unit with a known value fires
    data = WorkshopData.prepare(app.store.units_frame(), app.store.current_choices())
    expected = effect(data, app.editor.catalogue(), app.catalogues.versions()[0].catalogue)
    assert expected.changes is not None
    result = app.effect_panel.result
    assert result is not None
    assert result.changes is not None
    assert len(result.changes) == len(expected.changes) > 0
    moved = len(expected.changes)
    noun = "enhed" if moved == 1 else "enheder"
    assert f"<b>{moved} {noun}</b> får et andet forslag" in app.effect_panel.changes.value
    changed = "ændret forslag" if moved == 1 else "ændrede forslag"
    assert f"<b>{moved}</b> {changed}" in app.quick.value
    assert_changes_shown(table_captioned(app.effect_panel.changes.value, CHANGES_CAPTION), expected)
    assert len(app.effect_panel.changed_units.options) == len(expected.changes)
    unit_id = app.effect_panel.changed_units.options[0][1]
    app.effect_panel.changed_units.value = unit_id
    shown = app.effect_panel.unit.value
    assert "Det redigerede katalogs forslag" in shown
    assert "Illustrativt risikokatalog, version" in shown  # the working copy keeps its title
    assert "Illustrativt katalog – tærsklerne er ikke fastsat" in shown
    assert unit_id in shown


def test_opening_a_saved_version_makes_it_the_comparison(app: WorkshopApp) -> None:
    assert app.versions is not None
    assert app.effect_panel is not None
    _edit_threshold(app, "whistleblower", 0.0)
    app.versions.name.value = "2026.2-nul"
    app.versions.comment.value = "Alle whistleblowerhenvendelser tæller."
    app.versions.save_button.click()
    assert app.baseline is not None
    assert app.baseline.name == "2026.2-nul"
    assert "<b>0 enheder</b> får et andet forslag" in app.effect_panel.changes.value
    app.versions.choice.value = "2026.1"
    app.versions.open_button.click()
    assert app.baseline.name == "2026.1"
    assert app.editor is not None
    whistle = next(c for c in app.editor.criteria if c.id == "whistleblower")
    assert whistle.threshold == 1.0


def test_a_version_saved_in_the_workshop_can_be_put_in_force(app: WorkshopApp) -> None:
    assert app.versions is not None
    assert app.in_force is not None
    assert app.in_force in app.body.children
    _edit_threshold(app, "whistleblower", 2.0)
    app.versions.name.value = "2026.2-to"
    app.versions.comment.value = "To whistleblowerhenvendelser før kriteriet slår til."
    app.versions.save_button.click()
    # the new version is offered at once, and put in force by the workshop's author
    assert ("2026.2-to", "2026.2-to") in app.in_force.choice.options
    app.in_force.choice.value = "2026.2-to"
    app.in_force.reason.value = "Afprøvet på porteføljen: færre forslag på én henvendelse."
    app.in_force.put_button.click()
    entry = app.store.catalogue_in_force_entry()
    assert entry is not None
    assert (entry.version, entry.put_by, entry.put_at) == ("2026.2-to", "Konsulent K", T0)
    in_force = app.store.catalogue_in_force()
    assert in_force.version == "2026.2-to"
    assert next(c for c in in_force.criteria if c.id == "whistleblower").threshold == 2.0
    assert "I brug siden 20. november 2026 kl. 10.00, taget i brug af Konsulent K" in (
        app.in_force.current.value
    )
