"""The criteria workshop, headless: loading with progress, an edit that changes the figures
as the domain computes them (the units as of the working day, the backtest as of each
assessment's day), drill-down, and opening a version. A hand-made store shows the backtest
using only what was received by the day of each assessment, end to end."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest
from tests.domain.workshop._history import HAND_ASSESSMENTS, hand_records, hand_units
from tests.presentation._shown import table_captioned
from tests.presentation.test_workshop_tables import assert_backtest_shown, assert_changes_shown

from tilsynwidgets.domain.core.danish_numbers import danish_count, typed_number
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.information.as_of import InformationFrame
from tilsynwidgets.domain.risk.assessment import RiskAssessment
from tilsynwidgets.domain.workshop.backtest import BacktestData, assessment_signals, backtest
from tilsynwidgets.domain.workshop.effect import WorkshopData, effect
from tilsynwidgets.sample.load import load_sample
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.workshop.app import WorkshopApp
from tilsynwidgets.widgets.workshop.backtest import BACKTEST_CAPTION
from tilsynwidgets.widgets.workshop.effect import changes_caption

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)
DAY = date(2026, 11, 1)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[WorkshopApp]:
    with Store.open(f"sqlite:///{tmp_path / 'workshop.sqlite'}") as store:
        store.upgrade()
        load_sample(store, DAY, n_tilbud=80, n_plejefamilier=120)
        shell = WorkshopApp(store, "Konsulent K", clock=lambda: T0, as_of=DAY)
        shell.load()
        yield shell


def _edit_threshold(app: WorkshopApp, criterion_id: str, value: float) -> None:
    assert app.editor is not None
    app.editor.list.value = next(
        n for n, c in enumerate(app.editor.criteria) if c.id == criterion_id
    )
    app.editor.threshold.value = typed_number(value)


def _expected_backtest_data(store: Store, as_of: date) -> BacktestData:
    """The backtest's input computed here, step by step, from what the store holds."""
    units = store.units_frame(as_of=as_of)
    assessments = store.assessments_frame()
    frame = InformationFrame(
        store.information_frame(), pd.Index(units["id"]), units["kind"].tolist()
    )
    return BacktestData.prepare(assessments, assessment_signals(frame, assessments), units)


def test_loading_stores_the_packaged_version_and_hides_the_progress(app: WorkshopApp) -> None:
    assert app.progress.layout.display == "none"
    assert [v.name for v in app.catalogues.versions()] == ["2026.1"]
    assert "Redigerer en arbejdskopi af <b>2026.1</b>" in app.heading.value
    assessments = danish_count(len(app.store.assessments_frame()))  # "1.071"
    assert f"Beregnet for 200 enheder og {assessments} vurderinger" in app.timing.value
    assert "200 enheder pr. 1. november 2026" in app.effect_summary()
    result = app.effect_panel.result if app.effect_panel is not None else None
    assert result is not None
    assert f"{result.no_suggestion} intet forslag" in app.effect_summary()
    assert f"Intet forslag {result.no_suggestion}" in app.quick.value
    assert "Virkning pr. 1. november 2026" in app.quick.value
    assert app.backtest is not None
    assert f"af {assessments} vurderinger" in app.effect_summary()
    assert "Enighed med de valgte farver på vurderingsdagen" in app.quick.value


def test_an_edit_redraws_the_figures_the_domain_computes(app: WorkshopApp) -> None:
    assert app.effect_panel is not None
    assert app.editor is not None
    assert "<b>0 enheder</b> får et andet forslag" in app.effect_panel.changes.value
    _edit_threshold(app, "whistleblower", 0.0)  # every unit with a known value fires
    saved = app.catalogues.versions()[0].catalogue
    data = WorkshopData.prepare(app.store.units_frame(as_of=DAY))
    expected = effect(data, app.editor.catalogue(), saved)
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
    assert_changes_shown(
        table_captioned(app.effect_panel.changes.value, changes_caption(DAY)), expected
    )
    # The backtest: each assessment as of its own day, edited against the opened version.
    tested = backtest(_expected_backtest_data(app.store, DAY), app.editor.catalogue(), saved)
    assert app.effect_panel.backtest is not None
    shown = table_captioned(app.effect_panel.backtest.summary.value, BACKTEST_CAPTION)
    assert_backtest_shown(shown, tested)
    assert len(app.effect_panel.changed_units.options) == len(expected.changes)
    unit_id = app.effect_panel.changed_units.options[0][1]
    app.effect_panel.changed_units.value = unit_id
    shown_unit = app.effect_panel.unit.value
    assert "Det redigerede katalogs forslag" in shown_unit
    assert "Illustrativt risikokatalog, version" in shown_unit  # the working copy's title
    assert "Illustrativt katalog – tærsklerne er ikke fastsat" in shown_unit
    assert unit_id in shown_unit


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
    assert app.backtest is not None
    assert (app.backtest.summary["agreement_change"] == 0).all()  # against itself
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


def test_the_lines_naming_what_is_edited_follow_each_edit_and_save(app: WorkshopApp) -> None:
    assert app.versions is not None
    assert app.footer in app.body.children
    assert app.footer.value == f"<p>{app.effect_summary()}</p>"
    assert app.effect_summary().startswith("Arbejdskopien af 2026.1 foreslår for 200 enheder")
    app.versions.export_button.click()
    assert 'download="kriterier-2026.1.yaml"' in app.versions.link.value
    _edit_threshold(app, "whistleblower", 2.0)
    edited = "Arbejdskopien af 2026.1 med ændringer, der ikke er gemt, foreslår for 200 enheder"
    assert app.effect_summary().startswith(edited)
    assert app.footer.value == f"<p>{app.effect_summary()}</p>"  # redrawn with the edit
    assert "arbejdskopi af <b>2026.1</b> med ændringer, der ikke er gemt." in app.heading.value
    assert app.versions.link.value == ""  # the download of before holds the catalogue of before
    app.versions.export_button.click()
    assert 'download="kriterier-2026.1-arbejdskopi-2026-11-20.yaml"' in app.versions.link.value
    app.versions.name.value = "2026.2-to"
    app.versions.comment.value = "To whistleblowerhenvendelser før kriteriet slår til."
    app.versions.save_button.click()
    assert app.effect_summary().startswith("Arbejdskopien af 2026.2-to foreslår for 200 enheder")
    assert app.footer.value == f"<p>{app.effect_summary()}</p>"  # redrawn with the save
    assert "Redigerer en arbejdskopi af <b>2026.2-to</b>. Forslagene" in app.heading.value
    assert app.versions.link.value == ""
    app.versions.export_button.click()
    assert 'download="kriterier-2026.2-to.yaml"' in app.versions.link.value
    _edit_threshold(app, "whistleblower", 1.0)  # back as saved in 2026.1, not in 2026.2-to
    assert "2026.2-to med ændringer" in app.footer.value


# --- a hand-made store: only what was received by each assessment's day --------------------


@pytest.fixture
def hand_store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(f"sqlite:///{tmp_path / 'hand.sqlite'}") as store:
        store.upgrade()
        store.upsert_units(
            [
                Unit(
                    id=row.id,
                    name=row.name,
                    unit_type=row.unit_type,
                    socialtilsyn=row.socialtilsyn,
                    team="Team 1",
                    capacity=4,
                )
                for row in hand_units().itertuples()
            ]
        )
        for record in hand_records():  # into an empty table: ids 1, 2, … in this order
            assert store.append_information(record.information) == record.id
        store.append_assessments(
            RiskAssessment(
                unit_id=unit_id,
                phase=phase,
                chosen=chosen,
                justification="Vurderet ud fra de oplysninger, der forelå på dagen.",
                based_on=["risikosignaler"],
                assessor="Tilsynsførende A",
                assessed_at=assessed_at.to_pydatetime(),
            )
            for unit_id, phase, chosen, assessed_at in HAND_ASSESSMENTS
        )
        yield store


def test_the_backtest_uses_only_what_was_received_by_each_assessment(hand_store: Store) -> None:
    app = WorkshopApp(hand_store, "Konsulent K", clock=lambda: T0, as_of=date(2025, 7, 1))
    app.load()
    assert app.backtest is not None
    assert app.backtest_data is not None
    rows = app.backtest_data.rows.units
    days = app.backtest_data.days.astype(object).tolist()
    t2_prae = list(zip(rows["id"], days, strict=True)).index(("t2", date(2025, 3, 1)))
    # t2's præ on 1 March 2025: the violence of 20 February was received 1 April: not seen,
    # so the packaged catalogue suggests grøn where gul was chosen.
    assert rows["violence_incidents"].iloc[t2_prae] == 0.0
    assert app.backtest.ranks[t2_prae] == 0
    expected = backtest(
        _expected_backtest_data(hand_store, date(2025, 7, 1)),
        app.editor.catalogue(),
        app.catalogues.versions()[0].catalogue,
    )
    assert (app.backtest.ranks == expected.ranks).all()
    assert app.effect_panel is not None
    assert app.effect_panel.backtest is not None
    html = app.effect_panel.backtest.summary.value
    assert "8 vurderinger fra 1. marts 2025 til 12. juni 2025." in html
    assert_backtest_shown(table_captioned(html, BACKTEST_CAPTION), expected)
