"""The workshop's figures as HTML: kappa, criteria, sweep chart, changed units."""

from __future__ import annotations

from datetime import date

import pandas as pd

from tilsynwidgets.domain.risk.criteria import default_catalogue
from tilsynwidgets.domain.workshop.effect import WorkshopData, effect
from tilsynwidgets.domain.workshop.sweep import threshold_sweep
from tilsynwidgets.sample.units import generate_units_frame
from tilsynwidgets.widgets.workshop.effect import (
    EffectPanel,
    agreement_html,
    criteria_html,
    sweep_html,
)


def _data() -> WorkshopData:
    units = generate_units_frame(7, date(2026, 11, 1), n_tilbud=60, n_plejefamilier=90)
    chosen = pd.Series(["roed", "gul", "groen"] * 50, index=units["id"])
    return WorkshopData.prepare(units, chosen)


def test_agreement_and_criteria_tables() -> None:
    result = effect(_data(), default_catalogue())
    html = agreement_html(result)
    assert "Cohens kappa" in html
    assert "150 enheder med en valgt farve" in html
    criteria = criteria_html(result)
    assert "Afgør alene" in criteria
    assert criteria.count("<tr>") >= len(default_catalogue().criteria)


def test_sweep_chart_marks_the_current_threshold_and_escapes() -> None:
    data = _data()
    sweep = threshold_sweep(data, default_catalogue(), "whistleblower")
    html = sweep_html(sweep, "<b>Whistle</b> ≥ 1")
    assert html.count("<polyline") == 3
    assert ">nu<" in html
    assert "<b>Whistle</b>" not in html


def test_the_panel_without_a_baseline_and_with_one() -> None:
    data = _data()
    panel = EffectPanel(data, lambda unit_id: f"<p>{unit_id}</p>")
    panel.show(effect(data, default_catalogue()))
    assert "Ingen gemt version" in panel.changes.value
    assert "Socialtilsyn" in panel.distribution.value
    panel.split.value = "unit_type"
    assert "plejefamilie" in panel.distribution.value
    comparisons = [c for c in default_catalogue().criteria if c.threshold is not None]
    assert len(panel.sweep_choice.options) == len(comparisons)
    edited = default_catalogue().model_copy(update={"criteria": default_catalogue().criteria[1:]})
    panel.show(effect(data, edited, default_catalogue()))
    assert "enheder får et andet forslag" in panel.changes.value
