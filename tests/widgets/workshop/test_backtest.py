"""The backtest as the workshop shows it: the line saying each suggestion is computed from
the information received by the day of the assessment, the table per phase and the
suggested × chosen table of the phase picked, each read back from the HTML and compared
with the domain's figures."""

from __future__ import annotations

from tests.domain.workshop._history import (
    edited_catalogue,
    generated_data,
    hand_assessments,
    hand_data,
    hand_frame,
    hand_units,
)
from tests.presentation._shown import table_captioned
from tests.presentation.test_workshop_tables import (
    PHASE_NAMES,
    assert_backtest_shown,
    assert_confusion_shown,
    workshop_backtest,
)

from tilsynwidgets.domain.risk.criteria import default_catalogue
from tilsynwidgets.domain.workshop.backtest import (
    BACKTEST_ROWS,
    NO_SUGGESTIONS,
    BacktestData,
    assessment_signals,
    backtest,
)
from tilsynwidgets.widgets.workshop.backtest import (
    BACKTEST_CAPTION,
    CONFUSION_CAPTION,
    BacktestPanel,
    backtest_html,
    confusion_html,
)


def test_the_backtest_says_what_it_compares_and_shows_the_domain_s_figures() -> None:
    result = workshop_backtest()
    html = backtest_html(result, generated_data())
    assert (
        "<b>Hvert forslag er beregnet af de oplysninger, tilsynet havde modtaget til og med "
        "dagen for vurderingen – ikke af dagens oplysninger.</b>" in html
    )
    assert "450 vurderinger fra 6. januar 2025 til 30. januar 2026." in html
    assert "Ændringerne er arbejdskopien mod «2026.1»." in html
    assert "en vurdering uden forslag (for lidt kendt) tæller som uenig" in html
    assert_backtest_shown(table_captioned(html, BACKTEST_CAPTION), result)


def test_each_phase_s_suggested_against_chosen_table() -> None:
    result = workshop_backtest()
    for row in BACKTEST_ROWS:
        caption = f"{CONFUSION_CAPTION} ({PHASE_NAMES[row]})"
        shown = table_captioned(confusion_html(result, row), caption)
        assert_confusion_shown(shown, result.confusion[row])


def test_the_panel_draws_the_phase_picked() -> None:
    panel = BacktestPanel(generated_data())
    assert [label for label, _ in panel.phase.options] == list(PHASE_NAMES.values())
    result = workshop_backtest()
    panel.show(result)
    assert panel.phase.value == "i_alt"
    caption = f"{CONFUSION_CAPTION} (I alt)"
    assert_confusion_shown(
        table_captioned(panel.confusion.value, caption), result.confusion["i_alt"]
    )
    panel.phase.value = "ny"
    caption = f"{CONFUSION_CAPTION} (Nye oplysninger)"
    assert_confusion_shown(table_captioned(panel.confusion.value, caption), result.confusion["ny"])
    again = backtest(generated_data(), default_catalogue(), edited_catalogue())
    panel.show(again)  # an edit keeps the phase picked
    assert_confusion_shown(table_captioned(panel.confusion.value, caption), again.confusion["ny"])
    assert_backtest_shown(table_captioned(panel.summary.value, BACKTEST_CAPTION), again)


def test_without_a_baseline_and_without_any_suggestion() -> None:
    data = hand_data(only="p1")
    result = backtest(data, default_catalogue())  # too little known on both days
    html = backtest_html(result, data)
    assert "Ingen gemt version at sammenligne ændringerne med." in html
    assert "2 vurderinger fra 1. juni 2025 til 12. juni 2025." in html
    assert f"<p><i>{NO_SUGGESTIONS}</i></p>" in html
    assert_backtest_shown(table_captioned(html, BACKTEST_CAPTION), result)
    shown = table_captioned(confusion_html(result, "i_alt"), f"{CONFUSION_CAPTION} (I alt)")
    assert shown.rows[-1] == ["Intet forslag", "0", "1", "1"]
    assert shown.rows[2] == ["● Grøn", "0", "0", "0"]


def test_no_assessments() -> None:
    none = hand_assessments().iloc[:0]
    empty = BacktestData.prepare(none, assessment_signals(hand_frame(), none), hand_units())
    result = backtest(empty, default_catalogue())
    assert backtest_html(result, empty) == (
        "<p>Der er ingen gemte vurderinger at sammenligne forslagene med.</p>"
    )
    panel = BacktestPanel(empty)
    panel.show(result)
    assert panel.confusion.value == ""
