"""The workshop's figures as the panel shows them: the change matrix, the criteria, the
sweep chart and table of the units as of the working day (and say so), and the backtest
beside them, each read back from the HTML and compared with the domain's figures by row and
column."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import ipywidgets as widgets
import pytest
from tests.domain.workshop._history import edited_catalogue, generated_data
from tests.presentation._shown import table_captioned
from tests.presentation.test_workshop_tables import (
    BLANK,
    assert_backtest_shown,
    assert_changes_shown,
    assert_criteria_shown,
    assert_sweep_shown,
    workshop_backtest,
    workshop_data,
    workshop_effect,
)

from tilsynwidgets.domain.risk.criteria import AggregationRule, default_catalogue
from tilsynwidgets.domain.workshop.effect import effect
from tilsynwidgets.domain.workshop.sweep import threshold_sweep
from tilsynwidgets.widgets.workshop import effect as effect_panel
from tilsynwidgets.widgets.workshop.backtest import BACKTEST_CAPTION
from tilsynwidgets.widgets.workshop.effect import (
    EffectPanel,
    changes_caption,
    changes_html,
    criteria_caption,
    criteria_html,
    sweep_caption,
    sweep_html,
)

DAY = date(2026, 11, 1)
CHANGES_CAPTION = changes_caption(DAY)
CRITERIA_CAPTION = criteria_caption(DAY)
SWEEP_CAPTION = sweep_caption(DAY)


def test_the_figures_of_today_say_which_day_they_are_of() -> None:
    for caption in (CHANGES_CAPTION, CRITERIA_CAPTION, SWEEP_CAPTION):
        assert caption.endswith("(enhederne pr. 1. november 2026)")


def test_criteria_and_changes_are_the_domain_s_figures() -> None:
    result = workshop_effect()
    assert_criteria_shown(table_captioned(criteria_html(result, DAY), CRITERIA_CAPTION), result)
    html = changes_html(result, DAY)
    assert result.changes is not None
    assert (
        f"<b>{len(result.changes)} enheder</b> får et andet forslag end med «2026.1» "
        "pr. 1. november 2026." in html
    )
    assert_changes_shown(table_captioned(html, CHANGES_CAPTION), result)
    alone = effect(workshop_data(), default_catalogue())
    assert changes_html(alone, DAY) == "<p>Ingen gemt version at sammenligne med.</p>"


def test_the_sweep_chart_and_its_table_show_the_same_figures() -> None:
    sweep = threshold_sweep(workshop_data(), default_catalogue(), "whistleblower")
    html = sweep_html(sweep, "<b>Whistle</b> ≥ 1", DAY)
    assert html.count("<polyline") == 3
    assert ">nu<" in html
    assert "<b>Whistle</b>" not in html
    assert "Tærskel: &lt;b&gt;Whistle&lt;/b&gt; ≥ 1" in html
    assert_sweep_shown(table_captioned(html, SWEEP_CAPTION), sweep)


def test_the_panel_without_a_baseline_and_with_one() -> None:
    data = workshop_data()
    panel = EffectPanel(data, lambda unit_id: f"<p>{unit_id}</p>", DAY)
    panel.show(effect(data, default_catalogue()))
    assert "Ingen gemt version" in panel.changes.value
    assert "Hele porteføljen (150 enheder) pr. 1. november 2026" in panel.distribution.value
    result = effect(data, default_catalogue())
    assert f"Intet forslag: {result.no_suggestion}" in panel.distribution.value
    assert result.no_suggestion >= BLANK
    assert "Socialtilsyn Øst" in panel.distribution.value
    panel.split.value = "unit_type"
    assert "Almen plejefamilie" in panel.distribution.value
    assert "plejefamilie_almen" not in panel.distribution.value
    comparisons = [c for c in default_catalogue().criteria if c.threshold is not None]
    assert len(panel.sweep_choice.options) == len(comparisons)
    for label, criterion_id in panel.sweep_choice.options:
        assert criterion_id not in label  # named by the condition, not the id
        assert re.search(r" → (▲ Rød|■ Gul)$", label), label
    result = workshop_effect()
    panel.show(result)
    assert result.changes is not None
    assert_changes_shown(table_captioned(panel.changes.value, CHANGES_CAPTION), result)
    assert len(panel.changed_units.options) == len(result.changes)
    panel.sweep_choice.value = "klager"
    sweep = threshold_sweep(data, edited_catalogue(), "klager")
    assert_sweep_shown(table_captioned(panel.sweep.value, SWEEP_CAPTION), sweep)


def test_an_edit_draws_the_sweep_once_and_a_new_choice_draws_it_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = workshop_data()
    panel = EffectPanel(data, lambda unit_id: unit_id, DAY)
    panel.show(effect(data, default_catalogue()))
    panel.sweep_choice.value = "klager"
    swept: list[str] = []

    def counting(*args: Any, **kwargs: Any) -> Any:
        swept.append(args[2])
        return threshold_sweep(*args, **kwargs)

    monkeypatch.setattr(effect_panel, "threshold_sweep", counting)
    before = list(panel.sweep_choice.options)
    edited = workshop_effect()
    panel.show(edited)
    assert list(panel.sweep_choice.options) != before  # a threshold is in its label: refilled
    assert panel.sweep_choice.value == "klager"
    assert swept == ["klager"]
    panel.sweep_choice.value = "whistleblower"
    assert swept == ["klager", "whistleblower"]
    assert_sweep_shown(
        table_captioned(panel.sweep.value, SWEEP_CAPTION),
        threshold_sweep(data, edited.catalogue, "whistleblower"),
    )


def test_a_unit_that_loses_its_suggestion_is_listed_as_intet_forslag() -> None:
    data = workshop_data()
    strict = default_catalogue().model_copy(
        update={"aggregation": AggregationRule(escalate_after_gul=3, min_known_percent=100)}
    )
    result = effect(data, strict, default_catalogue())
    assert result.changes is not None
    lost = result.changes[result.changes["after"].isna()]
    assert len(lost) > 0
    panel = EffectPanel(data, lambda unit_id: unit_id, DAY)
    panel.show(result)
    labels = [label for label, _ in panel.changed_units.options]
    shown = [label for label in labels if label.endswith("→ Intet forslag")]
    assert len(shown) == min(len(lost), 500)


def test_the_panel_shows_the_backtest_between_today_s_figures() -> None:
    data = workshop_data()
    panel = EffectPanel(data, lambda unit_id: unit_id, DAY, generated_data())
    tested = workshop_backtest()
    panel.show(workshop_effect(), tested)
    assert panel.backtest is not None
    assert panel.backtest in panel.children
    headings = [c.value for c in panel.children if isinstance(c, widgets.HTML)]
    assert "<h3>Forslag mod valgte farver</h3>" in headings
    assert "<h3>Foreslåede farver pr. 1. november 2026</h3>" in headings
    assert "<h3>Kriterierne pr. 1. november 2026</h3>" in headings
    assert panel.children.index(panel.backtest) < panel.children.index(panel.changes)
    assert_backtest_shown(table_captioned(panel.backtest.summary.value, BACKTEST_CAPTION), tested)
    assert tested.catalogue == edited_catalogue()


def test_the_panel_without_assessments_says_so() -> None:
    panel = EffectPanel(workshop_data(), lambda unit_id: unit_id, DAY)
    panel.show(workshop_effect())
    assert panel.backtest is None
    shown = " ".join(c.value for c in panel.children if isinstance(c, widgets.HTML))
    assert "Der er ingen vurderinger at sammenligne forslagene med." in shown
