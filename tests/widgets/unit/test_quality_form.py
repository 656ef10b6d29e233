from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tests.presentation._shown import number, table_captioned, tables_in
from tests.widgets.test_walkthrough import problems, widget_texts

from tilsynwidgets.domain.core.danish_numbers import danish_decimal
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.quality.completeness import NOTHING_SCORED, scoring_gaps
from tilsynwidgets.domain.quality.model import (
    QualityAssessment,
    QualityModel,
    criterion_scores,
    quality_model,
    theme_scores,
)
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.unit.quality_form import NOT_SCORED, QualityPanel, ScoringSheet

NOW = datetime(2026, 11, 1, 9, 5, tzinfo=UTC)
HOSTILE = "<img src=x onerror=alert(1)>"
L200 = "2025-l200-illustrativ"


def _unit(store: Store, kind: UnitKind) -> Unit:
    return next(u for u in store.units() if u.kind is kind)


def _panel(store: Store, saved: list[QualityAssessment] | None = None) -> QualityPanel:
    on_saved = saved.append if saved is not None else (lambda _: None)
    return QualityPanel(store, "Tilsynsførende A", on_saved, clock=lambda: NOW)


def _opened(
    store: Store, kind: UnitKind = UnitKind.TILBUD, version: str | None = None
) -> tuple[QualityPanel, Unit, QualityModel]:
    unit = _unit(store, kind)
    model = quality_model(kind, version)
    panel = _panel(store)
    panel.show(unit, model, store.quality_assessments(unit.id))
    return panel, unit, model


def _sheet(panel: QualityPanel) -> ScoringSheet:
    assert panel.sheet is not None
    return panel.sheet


def _score(panel: QualityPanel, scores: dict[str, int]) -> None:
    for key, value in scores.items():
        _sheet(panel).scores[key].value = value


def test_each_indicator_is_scored_with_the_scales_danish_wording(sample_store: Store) -> None:
    panel, _, model = _opened(sample_store)
    dropdown = _sheet(panel).scores[model.indicator_ids[0]]
    assert dropdown.label == NOT_SCORED
    assert [label for label, _ in dropdown.options] == [
        "Ikke scoret",
        "5 – i meget høj grad opfyldt",
        "4 – i høj grad opfyldt",
        "3 – i middel grad opfyldt",
        "2 – i lav grad opfyldt",
        "1 – i meget lav grad opfyldt",
    ]
    assert set(_sheet(panel).scores) == set(model.indicator_ids)
    assert len(_sheet(panel).children) == len(model.themes)
    assert _sheet(panel).titles[0] == "1. Uddannelse og beskæftigelse · score – · 0 af 3 scoret"
    assert "Tilsynsførende: Tilsynsførende A" in panel.heading.value
    assert "nu 1. november 2026 kl. 10.05" in panel.heading.value
    assert "Ingen indikatorer er scoret endnu." in panel.live.value


def test_scores_shown_live_equal_the_models_criterion_and_theme_scores(
    sample_store: Store,
) -> None:
    panel, _, model = _opened(sample_store)
    scores = {"k5a": 5, "k5b": 2, "k5c": 4, "k6a": 1, "k7a": 4, "k9a": 3, "k9b": 4, "k10a": 2}
    _score(panel, scores)
    expected = theme_scores(model, scores)
    (table,) = tables_in(panel.live.value)
    names = {f"{t.number}. {t.title}": t.id for t in model.themes}
    shown = {names[row[0]]: number(row[1]) for row in table.rows}
    assert shown == {key: round(value, 1) for key, value in expected.items()}
    assert "<svg" in panel.live.value  # three themes or more: the radar
    by_criterion = criterion_scores(model, scores)
    for criterion_id, html in _sheet(panel).criterion_scores.items():
        score = by_criterion.get(criterion_id)
        assert html.value.endswith(
            f"kriteriets score: {danish_decimal(score, 1) if score is not None else '–'}</p>"
        )
    assert _sheet(panel).titles[2] == (
        f"3. Målgrupper, metoder og resultater · score {danish_decimal(expected['t3'], 1)} "
        "· 4 af 5 scoret"
    )
    _score(panel, {"k5b": 0})  # back to Ikke scoret
    assert "k5b" not in panel.draft["scores"]
    after = theme_scores(model, {k: v for k, v in scores.items() if k != "k5b"})
    (table,) = tables_in(panel.live.value)
    assert number(table.rows[0][1]) == round(after["t3"], 1)


def test_saving_appends_exactly_one_row_read_back_equal(sample_store: Store) -> None:
    saved: list[QualityAssessment] = []
    unit = _unit(sample_store, UnitKind.PLEJEFAMILIE)
    model = quality_model(UnitKind.PLEJEFAMILIE)
    before = sample_store.quality_assessments(unit.id)
    panel = _panel(sample_store, saved)
    panel.show(unit, model, before)
    theme = model.themes[3]
    _score(panel, dict.fromkeys(theme.indicator_ids, 4))
    _sheet(panel).notes[theme.criteria[0].id].value = "Barnet trives.\nSe notat."
    result = panel.save()
    assert result is not None
    after = sample_store.quality_assessments(unit.id)
    assert after == [*before, result]
    assert saved == [result]
    assert result.model_version == model.version
    assert result.scores == dict.fromkeys(theme.indicator_ids, 4)
    assert result.notes == {theme.criteria[0].id: "Barnet trives.\nSe notat."}
    assert (result.assessor, result.assessed_at) == ("Tilsynsførende A", NOW)
    assert "er gemt i enhedens historik af Tilsynsførende A" in panel.status.value
    # the saved one is shown as the latest; the form starts again blank
    assert "<b>Seneste kvalitetsvurdering</b> 1. november 2026" in panel.saved.value
    assert panel.draft == {"scores": {}, "notes": {}}
    assert _sheet(panel).scores[theme.indicator_ids[0]].value == 0
    assert sample_store.load_draft(panel.drafts.key) is None  # type: ignore[arg-type]


def test_too_little_scored_is_refused_in_danish_naming_the_theme(sample_store: Store) -> None:
    panel, unit, model = _opened(sample_store)
    before = sample_store.quality_assessments(unit.id)
    assert panel.save() is None
    assert f"Kvalitetsvurderingen kan ikke gemmes: {NOTHING_SCORED}" in panel.status.value
    _score(panel, dict.fromkeys(model.themes[5].indicator_ids, 5))  # theme 6 whole
    _score(panel, {"k5a": 3})  # theme 3 begun
    assert panel.save() is None
    (gap,) = scoring_gaps(model, panel.draft["scores"])
    assert gap.message.startswith("Tema 3 (Målgrupper, metoder og resultater) er kun delvist")
    assert gap.message in panel.status.value
    assert gap.message in _sheet(panel).theme_errors["t3"].value  # at the theme
    assert _sheet(panel).selected_index == 2  # and the theme is opened
    assert sample_store.quality_assessments(unit.id) == before
    _score(panel, {"k5a": 0})  # fixing it removes the error at once
    assert _sheet(panel).theme_errors["t3"].value == ""
    assert panel.save() is not None


def test_a_note_too_long_is_refused_at_its_field(sample_store: Store) -> None:
    panel, unit, model = _opened(sample_store)
    _score(panel, dict.fromkeys(model.themes[6].indicator_ids, 4))
    criterion = model.themes[6].criteria[0]
    _sheet(panel).notes[criterion.id].value = "x" * 2001
    assert "Noten må højst have 2.000 tegn" in _sheet(panel).note_errors[criterion.id].value
    before = sample_store.quality_assessments(unit.id)
    assert panel.save() is None
    assert f"kriteriet «{criterion.text}»: Noten må højst have 2.000 tegn" in (panel.status.value)
    assert sample_store.quality_assessments(unit.id) == before
    _sheet(panel).notes[criterion.id].value = "x" * 2000
    assert _sheet(panel).note_errors[criterion.id].value == ""


def test_hostile_text_is_escaped_where_it_is_shown(sample_store: Store) -> None:
    unit = _unit(sample_store, UnitKind.TILBUD).model_copy(update={"name": HOSTILE})
    model = quality_model(UnitKind.TILBUD)
    panel = _panel(sample_store)
    panel.show(unit, model, sample_store.quality_assessments(unit.id))
    assert "<img" not in panel.heading.value
    _score(panel, dict.fromkeys(model.themes[6].indicator_ids, 4))
    criterion = model.themes[6].criteria[1]
    _sheet(panel).notes[criterion.id].value = HOSTILE
    assert panel.save() is not None
    assert "<img" not in panel.saved.value
    notes = table_captioned(panel.saved.value, "Noter til kriterierne")
    assert notes.rows == [[criterion.text, "7. Fysiske rammer", HOSTILE]]


def test_the_draft_comes_back_in_a_new_panel(sample_store: Store) -> None:
    panel, unit, model = _opened(sample_store)
    _score(panel, {"k7a": 2})
    _sheet(panel).notes["k7"].value = "Kladde"
    again = _panel(sample_store)
    again.show(unit, model, sample_store.quality_assessments(unit.id))
    assert again.draft == {"scores": {"k7a": 2}, "notes": {"k7": "Kladde"}}
    assert _sheet(again).scores["k7a"].value == 2
    assert _sheet(again).notes["k7"].value == "Kladde"
    assert "kladde til denne kvalitetsvurdering er gendannet" in again.status.value
    # a draft made under another version of the model is not poured into this one
    other = _panel(sample_store)
    other.show(unit, quality_model(UnitKind.TILBUD, L200), [])
    assert other.draft == {"scores": {}, "notes": {}}


def test_the_2025_version_is_scored_without_themes_one_and_two(sample_store: Store) -> None:
    panel, _, model = _opened(sample_store, UnitKind.TILBUD, L200)
    assert [title.split(" · ")[0] for title in _sheet(panel).titles] == [
        f"{t.number}. {t.title}" for t in model.themes
    ]
    assert "k1a" not in _sheet(panel).scores
    _score(panel, dict.fromkeys(model.themes[0].indicator_ids, 3))
    saved = panel.save()
    assert saved is not None
    assert saved.model_version == L200
    assert "(kvalitetsmodel 2025-l200-illustrativ)" in panel.saved.value


def test_a_model_of_another_kind_is_refused(sample_store: Store) -> None:
    panel = _panel(sample_store)
    with pytest.raises(ValueError, match="gælder plejefamilie, men enheden er tilbud"):
        panel.show(_unit(sample_store, UnitKind.TILBUD), quality_model(UnitKind.PLEJEFAMILIE), [])


def test_every_text_of_the_form_is_danish(sample_store: Store) -> None:
    panel, _, model = _opened(sample_store)
    seen = [list(widget_texts(panel))]
    panel.save()  # refused: nothing scored
    _score(panel, {"k5a": 4, "k9a": 2})
    panel.save()  # refused: themes begun
    seen.append(list(widget_texts(panel)))
    _score(panel, {"k5a": 0, "k9a": 0, **dict.fromkeys(model.themes[4].indicator_ids, 5)})
    assert panel.save() is not None
    seen.append(list(widget_texts(panel)))
    found = [(where, text, problems(text)) for texts in seen for where, text in texts]
    assert [item for item in found if item[2]] == []
    assert any("kun delvist scoret" in text for _, text, _ in found)
