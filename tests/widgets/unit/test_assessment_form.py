"""The risk categorisation form: no colour until the inspector chooses one, the suggestion
beside the choice, the deviation question only on deviation, and a post assessment that
names the quality assessment it rests on."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from tests.widgets.unit._information_store import TILBUD, information, small_store

from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.quality.model import QualityAssessment
from tilsynwidgets.domain.risk.assessment import RiskAssessment, Suggestion
from tilsynwidgets.domain.risk.criteria import default_catalogue, suggest_for
from tilsynwidgets.domain.risk.quality_basis import NO_QUALITY_ASSESSMENT, reference_to
from tilsynwidgets.presentation.html import category_badge
from tilsynwidgets.presentation.information import InformationListing, listing
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.unit.assessment_form import (
    NO_CHANGE,
    NO_CHOICE,
    NOTHING_NEW,
    AssessmentPanel,
    quality_label,
)
from tilsynwidgets.widgets.unit.card import suggestion_html

NOW = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)
WHY = "Flere klager og et nyligt lederskifte giver anledning til bekymring."
DEVIATION = "Nye oplysninger fra kommunen ændrer billedet af enheden."


@pytest.fixture
def saved(sample_store: Store) -> list[RiskAssessment]:
    return []


@pytest.fixture
def panel(sample_store: Store, saved: list[RiskAssessment]) -> AssessmentPanel:
    return AssessmentPanel(sample_store, "tk-test", saved.append, clock=lambda: NOW)


def unit_with_suggestion(store: Store) -> tuple[Unit, Suggestion]:
    for unit_id in store.units_frame()["id"]:
        unit = store.unit(unit_id)
        suggestion = suggest_for(unit, default_catalogue())
        if suggestion.category is not None:
            return unit, suggestion
    raise AssertionError("ingen enhed med et forslag")


def quality_of(store: Store, unit: Unit) -> list[QualityAssessment]:
    return store.quality_assessments(unit.id)


def test_no_colour_is_chosen_until_the_inspector_chooses(
    panel: AssessmentPanel, sample_store: Store
) -> None:
    unit, suggestion = unit_with_suggestion(sample_store)
    panel.show(unit, suggestion, [])
    toggle = panel.form.control("chosen")
    assert toggle.value is None
    assert toggle.index is None  # no button pressed
    assert panel.form.draft["chosen"] is None
    assert NO_CHOICE in panel.chosen_badge.value
    assert category_badge(suggestion.category) not in panel.chosen_badge.value  # type: ignore[arg-type]
    # The suggestion, with its reasons, stands in the form above the choice.
    assert panel.suggestion_box.value == suggestion_html(suggestion)
    assert panel.children.index(panel.suggestion_box) < panel.children.index(panel.form)


def test_saving_without_a_colour_is_refused_at_the_field(
    panel: AssessmentPanel, sample_store: Store, saved: list[RiskAssessment]
) -> None:
    unit, suggestion = unit_with_suggestion(sample_store)
    panel.show(unit, suggestion, [])
    before = len(sample_store.assessments(unit.id))
    panel.form.control("justification").value = WHY
    assert panel.form.submit_button.disabled
    assert panel.save() is None
    assert panel.form.errors_at("chosen") == ("skal udfyldes",)
    assert "Ret de markerede felter" in panel.status.value
    assert len(sample_store.assessments(unit.id)) == before
    assert saved == []


def test_the_chosen_colour_is_shown_never_the_suggestion(
    panel: AssessmentPanel, sample_store: Store
) -> None:
    unit, suggestion = unit_with_suggestion(sample_store)
    panel.show(unit, suggestion, [])
    other = next(c for c in RiskCategory if c is not suggestion.category)
    panel.form.control("chosen").value = other.value
    assert panel.chosen_badge.value == f"<p>Valgt kategori: {category_badge(other)}</p>"


def deviation_shown(panel: AssessmentPanel) -> bool:
    box = next(
        child
        for child in panel.form.children
        if panel.form.control("deviation_justification") in getattr(child, "children", ())
    )
    return box.layout.display != "none"


def test_the_deviation_question_comes_only_with_a_deviation(
    panel: AssessmentPanel, sample_store: Store, saved: list[RiskAssessment]
) -> None:
    unit, suggestion = unit_with_suggestion(sample_store)
    assert suggestion.category is not None
    panel.show(unit, suggestion, [])
    assert not deviation_shown(panel)
    panel.form.control("chosen").value = suggestion.category.value
    assert not deviation_shown(panel)
    other = next(c for c in RiskCategory if c is not suggestion.category)
    panel.form.control("chosen").value = other.value
    assert deviation_shown(panel)
    panel.form.control("justification").value = WHY
    assert not panel.form.valid
    panel.form.control("deviation_justification").value = DEVIATION
    panel.form.control("chosen").value = suggestion.category.value  # agrees after all
    assert not deviation_shown(panel)
    stored = panel.save()
    assert stored is not None
    assert stored.deviation_justification == ""  # a hidden answer is not kept
    assert stored.suggested is suggestion.category
    assert stored.catalogue_version == suggestion.catalogue_version
    assert stored.unknown_signals == suggestion.unknown_signals
    assert sample_store.assessments(unit.id)[-1] == stored == saved[-1]


def test_without_a_suggestion_any_colour_is_chosen_without_a_deviation(
    panel: AssessmentPanel, sample_store: Store
) -> None:
    unit = sample_store.unit(sample_store.units_frame()["id"].iloc[0])
    blank = unit.model_copy(update={"signals": {}})
    suggestion = suggest_for(blank, default_catalogue())
    assert suggestion.category is None
    panel.show(blank, suggestion, [])
    assert "ingen farve" in panel.suggestion_box.value
    panel.form.control("chosen").value = "roed"
    assert not deviation_shown(panel)
    panel.form.control("justification").value = WHY
    stored = panel.save()
    assert stored is not None
    assert stored.suggested is None
    assert stored.is_deviation is False
    assert len(stored.unknown_signals) == suggestion.applicable_signals


def post_ready(panel: AssessmentPanel, colour: str = "gul") -> None:
    panel.form.control("phase").value = Phase.POST.value
    panel.form.control("chosen").value = colour
    panel.form.control("justification").value = WHY
    panel.form.control("deviation_justification").value = DEVIATION


def test_a_post_assessment_names_the_quality_assessment_it_rests_on(
    panel: AssessmentPanel, sample_store: Store
) -> None:
    unit, suggestion = unit_with_suggestion(sample_store)
    first = quality_of(sample_store, unit)
    earlier = QualityAssessment(
        unit_id=unit.id,
        model_version=first[0].model_version if first else "2026.1-illustrativ",
        scores=first[0].scores if first else {},
        assessor="tk-tidligere",
        assessed_at=NOW - timedelta(days=400),
    )
    later = earlier.model_copy(
        update={"assessor": "tk-senere", "assessed_at": NOW - timedelta(days=3)}
    )
    panel.show(unit, suggestion, [later, earlier])
    assert panel.quality_box.layout.display == "none"  # præ: nothing to rest on yet
    post_ready(panel)
    assert panel.quality_box.layout.display is None
    assert [label for label, _ in panel.quality_choice.options] == [
        quality_label(later),
        quality_label(earlier),
    ]
    assert panel.chosen_quality == later  # the latest, preselected
    assert "tk-senere" in panel.quality.value
    assert "<svg" in panel.quality.value
    panel.quality_choice.value = 1
    assert "tk-tidligere" in panel.quality.value
    stored = panel.save()
    assert stored is not None
    assert stored.quality == reference_to(earlier)
    assert sample_store.assessments(unit.id)[-1].quality == reference_to(earlier)


def test_a_post_assessment_without_a_quality_assessment_is_refused(
    panel: AssessmentPanel, sample_store: Store, saved: list[RiskAssessment]
) -> None:
    unit, suggestion = unit_with_suggestion(sample_store)
    before = len(sample_store.assessments(unit.id))
    panel.show(unit, suggestion, [])
    post_ready(panel)
    assert NO_QUALITY_ASSESSMENT in panel.quality.value.replace("&#x27;", "'")
    assert panel.quality_choice.layout.display == "none"
    assert panel.save() is None
    assert NO_QUALITY_ASSESSMENT in panel.quality_error.value
    assert NO_QUALITY_ASSESSMENT in panel.status.value
    assert len(sample_store.assessments(unit.id)) == before
    assert saved == []
    # A præ assessment of the same unit needs none.
    panel.form.control("phase").value = Phase.PRAE.value
    stored = panel.save()
    assert stored is not None
    assert stored.quality is None


# -- the third moment: a decision on new information -------------------------------------

NEWS_DAY = date(2026, 11, 1)
EARLIER = datetime(2026, 9, 1, 12, tzinfo=UTC)


@pytest.fixture
def small(tmp_path: Path) -> Iterator[Store]:
    with small_store(tmp_path) as store:
        yield store


def _news(store: Store) -> tuple[Unit, Suggestion, InformationListing]:
    """T-00001 assessed grøn on 1 September; a whistleblower report and a complaint since."""
    store.append_assessment(
        RiskAssessment(
            unit_id=TILBUD.id,
            phase=Phase.PRAE,
            chosen=RiskCategory.GROEN,
            justification=WHY,
            based_on=("risikosignaler",),
            assessor="tk-test",
            assessed_at=EARLIER,
        )
    )
    for item in (
        information(TILBUD.id, "whistleblower", date(2026, 10, 1), date(2026, 10, 2)),
        information(TILBUD.id, "klage", date(2026, 10, 20)),
    ):
        store.append_information(item)
    unit = store.unit(TILBUD.id, as_of=NEWS_DAY)
    since = max(a.assessed_at for a in store.assessments(TILBUD.id))
    found = listing(store.information(TILBUD.id), since, NEWS_DAY)
    return unit, suggest_for(unit, default_catalogue()), found


def test_new_information_is_named_and_the_decision_records_it(
    small: Store,
) -> None:
    saved: list[RiskAssessment] = []
    panel = AssessmentPanel(small, "tk-test", saved.append, clock=lambda: NOW)
    unit, suggestion, found = _news(small)
    panel.show(unit, suggestion, [], found, RiskCategory.GROEN)
    assert (
        "2 nye oplysninger siden seneste vurdering den 1. september 2026 kl. 14.00; "
        "1 kræver stillingtagen."
    ) in panel.news.value
    assert panel.children.index(panel.news) < panel.children.index(panel.suggestion_box)
    assert panel.form.draft["phase"] == Phase.NY.value  # the moment the news calls for
    panel.form.control("chosen").value = RiskCategory.GROEN.value
    assert NO_CHANGE in panel.chosen_badge.value  # the colour in force: "ingen ændring"
    panel.form.control("chosen").value = RiskCategory.GUL.value
    assert NO_CHANGE not in panel.chosen_badge.value
    panel.form.control("chosen").value = RiskCategory.GROEN.value
    panel.form.control("justification").value = "Henvendelsen er undersøgt ved et uanmeldt besøg."
    if panel.deviates:
        panel.form.control("deviation_justification").value = DEVIATION
    stored = panel.save()
    assert stored is not None
    assert stored.phase is Phase.NY
    assert stored.information == found.waiting_ids
    assert len(stored.information) == 2
    assert small.assessments(TILBUD.id)[-1].information == found.waiting_ids
    assert saved == [stored]


def test_a_decision_on_new_information_needs_new_information(
    small: Store,
) -> None:
    saved: list[RiskAssessment] = []
    panel = AssessmentPanel(small, "tk-test", saved.append, clock=lambda: NOW)
    unit = small.unit(TILBUD.id, as_of=NEWS_DAY)
    nothing = listing([], EARLIER, NEWS_DAY)
    panel.show(unit, suggest_for(unit, default_catalogue()), [], nothing, RiskCategory.GROEN)
    assert panel.news.value == ""
    assert panel.form.draft["phase"] == Phase.PRAE.value
    panel.form.control("phase").value = Phase.NY.value
    panel.form.control("chosen").value = RiskCategory.GROEN.value
    panel.form.control("justification").value = WHY
    assert panel.form.errors_at("phase") == (NOTHING_NEW,)
    assert panel.save() is None
    assert saved == []
    # A præ assessment records no information when none has come.
    panel.form.control("phase").value = Phase.PRAE.value
    if panel.deviates:
        panel.form.control("deviation_justification").value = DEVIATION
    stored = panel.save()
    assert stored is not None
    assert stored.information == ()
