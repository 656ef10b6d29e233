from __future__ import annotations

import pytest
from pydantic import ValidationError

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.danish_numbers import danish_number
from tilsynwidgets.domain.core.datafiles import parse_model
from tilsynwidgets.domain.core.errors import DataFileError
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.messages import validation_messages
from tilsynwidgets.domain.core.signals import (
    Signal,
    SignalCatalogue,
    SignalKind,
    signal_catalogue,
    signals_context,
)
from tilsynwidgets.domain.risk.aggregation import known_needed
from tilsynwidgets.domain.risk.criteria import (
    AS_SAVED,
    AggregationRule,
    CriteriaCatalogue,
    Criterion,
    Operator,
    applicable_signals,
    default_catalogue,
    explanation_text,
    fires,
    suggest_category,
    threshold_problem,
)

TILBUD = UnitKind.TILBUD
PLEJEFAMILIE = UnitKind.PLEJEFAMILIE


def criterion(**overrides: object) -> Criterion:
    fields: dict[str, object] = {
        "id": "klager",
        "signal": "complaints",
        "operator": "ge",
        "threshold": 3,
        "points_to": "gul",
        "explanation": "Mange klager.",
    }
    fields.update(overrides)
    return Criterion.model_validate(fields)


def catalogue(
    *criteria: Criterion, escalate: int | None = 3, min_known: int = 0
) -> CriteriaCatalogue:
    return CriteriaCatalogue(
        version="test",
        title="Test",
        aggregation=AggregationRule(escalate_after_gul=escalate, min_known_percent=min_known),
        criteria=criteria,
    )


def nothing_to_note(kind: UnitKind) -> dict[str, float | bool]:
    """Every signal of ``kind`` known, and none of them a concern (the score at its best)."""
    values: dict[str, float | bool] = {}
    for key in applicable_signals(kind):
        spec = signal_catalogue().get(key)
        if spec.kind is SignalKind.FLAG:
            values[key] = False
        else:
            values[key] = float(spec.maximum if spec.kind is SignalKind.SCORE else 0)
    return values


@pytest.mark.parametrize(
    ("operator", "value", "expected"),
    [
        ("ge", 3.0, True),
        ("ge", 2.99, False),
        ("gt", 3.0, False),
        ("gt", 3.5, True),
        ("le", 3.0, True),
        ("lt", 3.0, False),
        ("eq", 3.0, True),
        ("eq", 4.0, False),
    ],
)
def test_comparison_at_the_threshold(operator: str, value: float, expected: bool) -> None:
    assert fires(criterion(operator=operator), value) is expected


def test_unknown_values_never_fire() -> None:
    assert fires(criterion(), None) is False
    assert fires(criterion(), float("nan")) is False
    flag = criterion(id="leder", signal="leader_changed", operator="flag", threshold=None)
    assert fires(flag, None) is False
    assert fires(flag, True) is True
    assert fires(flag, False) is False


def test_highest_colour_wins_and_reasons_name_the_criteria() -> None:
    red = criterion(
        id="vold",
        signal="violence_incidents",
        threshold=3,
        points_to="roed",
        explanation="Gentagen vold.",
    )
    yellow = criterion()
    result = suggest_category(
        {"complaints": 5, "violence_incidents": 4}, catalogue(yellow, red), TILBUD
    )
    assert result.category is RiskCategory.ROED
    assert [r.criterion_id for r in result.reasons] == ["vold", "klager"]
    assert result.reasons[0].explanation == "Gentagen vold."
    assert result.reasons[0].observed == 4
    assert result.catalogue_version == "test"


def test_nothing_fires_suggests_groen_without_reasons() -> None:
    result = suggest_category({"complaints": 0}, catalogue(criterion()), TILBUD)
    assert result.category is RiskCategory.GROEN
    assert result.reasons == ()
    assert result.escalated is False


def test_enough_gul_criteria_escalate_to_roed() -> None:
    three = (
        criterion(id="a", signal="complaints", threshold=1),
        criterion(id="b", signal="municipality_concerns", threshold=1),
        criterion(id="c", signal="incident_reports", threshold=1),
    )
    signals = {"complaints": 1, "municipality_concerns": 1, "incident_reports": 1}
    escalated = suggest_category(signals, catalogue(*three, escalate=3), TILBUD)
    assert escalated.category is RiskCategory.ROED
    assert escalated.escalated is True
    not_escalated = suggest_category(signals, catalogue(*three, escalate=None), TILBUD)
    assert not_escalated.category is RiskCategory.GUL
    two = suggest_category({"complaints": 1, "municipality_concerns": 1}, catalogue(*three), TILBUD)
    assert two.category is RiskCategory.GUL


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"signal": "ukendt"}, "ukendt signal 'ukendt'"),
        ({"signal": "leader_changed"}, "et ja/nej-signal skal bruge betingelsen «er sat»"),
        ({"operator": "flag", "threshold": None}, "kan kun bruges på et ja/nej-signal"),
        ({"threshold": None}, "en sammenligning skal have en tærskel"),
        ({"points_to": "groen"}, "skal pege på gul eller rød"),
        ({"operator": "__import__('os')"}, "operator"),
    ],
)
def test_incoherent_criteria_are_refused(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        criterion(**overrides)


def test_duplicate_ids_in_a_catalogue_are_refused() -> None:
    with pytest.raises(ValidationError, match="findes flere gange: klager"):
        catalogue(criterion(), criterion())


def test_describe_speaks_danish() -> None:
    assert criterion().describe() == "Klager ≥ 3"
    assert criterion(threshold=2.5).describe() == "Klager ≥ 2,5"
    assert criterion(signal="force_uses", threshold=1200).describe() == "Magtanvendelser ≥ 1.200"
    flag = criterion(id="leder", signal="leader_changed", operator="flag", threshold=None)
    assert flag.describe() == "Lederskifte er sat"
    assert Operator.LE.symbol == "≤"


MADE_UP_CRITERIA = """\
version: "x"
title: Test
criteria:
  - id: natteopkald
    signal: night_calls
    operator: ge
    threshold: 4
    points_to: gul
    explanation: Mange opkald om natten.
  - id: tag
    signal: roof_leak
    operator: flag
    points_to: roed
    explanation: Taget er utæt.
"""


def test_criteria_are_checked_against_the_signal_catalogue_they_are_given(
    made_up_signals: SignalCatalogue,
) -> None:
    context = signals_context(made_up_signals)
    loaded = parse_model(CriteriaCatalogue, MADE_UP_CRITERIA, source="k.yaml", context=context)
    assert [c.describe(made_up_signals) for c in loaded.criteria] == [
        "Natteopkald ≥ 4",
        "Utæt tag er sat",
    ]
    suggested = suggest_category({"roof_leak": True}, loaded, TILBUD, signal_specs=made_up_signals)
    assert suggested.category is RiskCategory.ROED
    assert suggested.unknown_signals == ("night_calls",)
    assert suggested.applicable_signals == 2
    with pytest.raises(DataFileError) as caught:
        parse_model(CriteriaCatalogue, MADE_UP_CRITERIA, source="k.yaml")
    message = str(caught.value)
    assert "linje 4, Kriterium 1: ukendt signal 'night_calls'" in message
    assert "linje 10, Kriterium 2: ukendt signal 'roof_leak'" in message
    with pytest.raises(ValidationError, match="ukendt signal 'complaints'"):
        Criterion.model_validate(criterion().model_dump(), context=context)


def test_packaged_catalogue_is_valid_and_covers_both_colours() -> None:
    shipped = default_catalogue()
    assert shipped.version
    colours = {c.points_to for c in shipped.criteria}
    assert colours == {RiskCategory.GUL, RiskCategory.ROED}
    known = nothing_to_note(TILBUD) | {"skaerpet_tilsyn": True}
    assert suggest_category(known, shipped, TILBUD).category is RiskCategory.ROED
    assert shipped.illustrative is True
    assert shipped.title == "Illustrativt risikokatalog"


def test_bad_catalogue_file_names_line_and_field() -> None:
    text = """\
version: "x"
title: Test
criteria:
  - id: klager
    signal: complaints
    operator: ge
    threshold: tre
    points_to: gul
    explanation: Mange klager.
"""
    with pytest.raises(DataFileError) as caught:
        parse_model(CriteriaCatalogue, text, source="katalog.yaml")
    message = str(caught.value)
    assert "katalog.yaml" in message
    assert "linje 7, Kriterium 1, Tærskel: skal være et tal" in message


def test_code_in_a_catalogue_is_never_run() -> None:
    text = 'version: "x"\ntitle: !!python/object/apply:os.system ["echo hacked"]\n'
    with pytest.raises(DataFileError, match="er ikke gyldig YAML"):
        parse_model(CriteriaCatalogue, text, source="ond.yaml")


# --- unknown signals --------------------------------------------------------------------------


def test_unknown_signals_are_those_of_the_units_kind_without_a_value() -> None:
    shipped = default_catalogue()
    known = nothing_to_note(TILBUD)
    for key in ("complaints", "force_uses", "paabud"):
        del known[key]
    result = suggest_category(known, shipped, TILBUD)
    assert result.applicable_signals == len(applicable_signals(TILBUD)) == 13
    assert result.unknown_signals == ("force_uses", "complaints", "paabud")  # catalogue order
    assert result.known_signals == 10
    assert result.known_needed == 10  # 75 % of 13, rounded up
    assert result.category is RiskCategory.GROEN  # exactly enough known
    # A plejefamilie is not asked for a tilbud's signals (magtanvendelser, sygefravær ...).
    family = suggest_category(nothing_to_note(PLEJEFAMILIE), shipped, PLEJEFAMILIE)
    assert family.applicable_signals == 8
    assert family.unknown_signals == ()
    assert family.category is RiskCategory.GROEN


def test_too_little_known_gives_no_colour_but_keeps_what_fired() -> None:
    shipped = default_catalogue()
    known = nothing_to_note(TILBUD) | {"complaints": 5.0}
    for key in ("force_uses", "staff_turnover_pct", "paabud", "leader_changed"):
        del known[key]
    result = suggest_category(known, shipped, TILBUD)
    assert result.known_signals == 9 < result.known_needed == 10
    assert result.category is None
    assert [r.criterion_id for r in result.reasons] == ["klager"]
    assert result.escalated is False


def test_a_unit_of_which_nothing_is_known_never_reads_groen() -> None:
    # Even under a rule that asks for no share of known signals.
    assert catalogue(criterion()).aggregation.min_known_percent == 0
    for kind in UnitKind:
        result = suggest_category({}, catalogue(criterion()), kind)
        assert result.category is None
        assert result.known_needed == 1
        assert len(result.unknown_signals) == result.applicable_signals


@pytest.mark.parametrize(
    ("applicable", "percent", "needed"),
    [(13, 75, 10), (8, 75, 6), (8, 50, 4), (13, 50, 7), (13, 0, 1), (0, 75, 1), (13, 100, 13)],
)
def test_known_needed_rounds_up_and_asks_for_at_least_one(
    applicable: int, percent: int, needed: int
) -> None:
    assert known_needed(applicable, percent) == needed


def test_the_rule_for_unknowns_is_stated_in_danish() -> None:
    rule = default_catalogue().aggregation
    assert rule.unknown_rule_text() == (
        "Kataloget foreslår kun en farve, når mindst 75 % af de risikosignaler, der gælder "
        "for enhedens type, er kendte."
    )
    with pytest.raises(ValidationError):
        AggregationRule(min_known_percent=101)


def test_the_suggestion_names_its_catalogue_and_says_when_it_is_illustrative() -> None:
    result = suggest_category(nothing_to_note(TILBUD), default_catalogue(), TILBUD)
    named = (result.catalogue_title, result.catalogue_version)
    assert named == ("Illustrativt risikokatalog", "2026.1")
    assert result.illustrative is True
    assert suggest_category({"complaints": 1}, catalogue(criterion()), TILBUD).illustrative is False


def test_a_catalogue_saved_before_the_unknown_rule_and_the_flag_still_reads() -> None:
    old = {
        "version": "2025.9",
        "title": "Gammelt katalog",
        "aggregation": {"escalate_after_gul": 3},
        "criteria": [criterion().model_dump(mode="json")],
    }
    read = CriteriaCatalogue.model_validate(old)
    assert read.illustrative is False
    assert read.aggregation.min_known_percent == 0


# --- thresholds within their signal's range, and explanations that name them -------------


@pytest.mark.parametrize(
    "signal", [s for s in signal_catalogue().signals if s.kind is not SignalKind.FLAG]
)
def test_a_threshold_outside_its_signal_s_range_is_refused_at_the_field(signal: Signal) -> None:
    assert signal.minimum is not None
    assert signal.maximum is not None
    operator = "ge"
    for inside in (signal.minimum, signal.maximum):
        assert criterion(signal=signal.key, operator=operator, threshold=inside).threshold == inside
    for outside in (signal.minimum - 1, signal.maximum + 0.5):
        with pytest.raises(ValidationError) as caught:
            criterion(signal=signal.key, operator=operator, threshold=outside)
        (error,) = caught.value.errors()
        assert error["loc"] == ("threshold",)
        message = threshold_problem(signal, outside)
        assert message is not None
        assert validation_messages(caught.value, Criterion) == (f"Tærskel: {message}",)
        assert message.startswith(
            f"{signal.label} kan kun være mellem {danish_number(signal.minimum)} og "
            f"{danish_number(signal.maximum)}"
        )
        assert f"(ikke {danish_number(outside)})" in message


def test_the_issue_s_minus_five_is_refused_in_danish() -> None:
    with pytest.raises(ValidationError) as caught:
        criterion(signal="whistleblower_reports", threshold=-5)
    assert validation_messages(caught.value, Criterion) == (
        "Tærskel: Whistleblowerhenvendelser kan kun være mellem 0 og 500, så tærsklen skal "
        "ligge der (ikke -5)",
    )


def test_every_packaged_threshold_lies_in_its_signal_s_range() -> None:
    for c in default_catalogue().criteria:
        if c.threshold is not None:
            assert threshold_problem(signal_catalogue().get(c.signal), c.threshold) is None, c.id


def test_a_criterion_read_as_saved_keeps_what_was_accepted_before() -> None:
    fields = {
        "id": "whistleblower",
        "signal": "whistleblower_reports",
        "operator": "ge",
        "threshold": -5,
        "points_to": "roed",
        "explanation": "Altid {rød}.",
    }
    kept = Criterion.model_validate(fields, context={AS_SAVED: True})
    assert (kept.threshold, kept.explanation) == (-5, "Altid {rød}.")
    with pytest.raises(ValidationError):
        Criterion.model_validate(fields)
    with pytest.raises(ValidationError):
        Criterion.model_validate(fields, context={AS_SAVED: False})


@pytest.mark.parametrize(
    ("threshold", "shown"), [(3, "3"), (2.5, "2,5"), (1200, "1.200"), (0, "0")]
)
def test_the_placeholder_is_filled_with_the_threshold_in_danish(
    threshold: float, shown: str
) -> None:
    c = criterion(
        signal="force_uses", threshold=threshold, explanation="{tærskel} eller flere ({tærskel})."
    )
    assert c.explanation == "{tærskel} eller flere ({tærskel})."  # the data keeps it
    assert explanation_text(c) == f"{shown} eller flere ({shown})."


def test_an_explanation_without_the_placeholder_reads_as_written() -> None:
    c = criterion(explanation="Tre eller flere klager det seneste år.")
    assert explanation_text(c) == c.explanation


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"explanation": "{taerskel} klager."},
            "{taerskel} er ikke en pladsholder; kun {tærskel} kan bruges (for tærsklen)",
        ),
        (
            {"explanation": "Mindst {antal} klager."},
            "{antal} er ikke en pladsholder; kun {tærskel} kan bruges (for tærsklen)",
        ),
        (
            {
                "signal": "leader_changed",
                "operator": "flag",
                "threshold": None,
                "explanation": "{tærskel} ledere.",
            },
            "et ja/nej-kriterium har ingen tærskel, så {tærskel} kan ikke bruges i forklaringen",
        ),
    ],
)
def test_a_placeholder_that_cannot_be_filled_is_refused_at_the_explanation(
    overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        criterion(**overrides)
    (error,) = caught.value.errors()
    assert error["loc"] == ("explanation",)
    assert validation_messages(caught.value, Criterion) == (f"Forklaring: {message}",)


def test_the_reasons_of_a_suggestion_read_with_the_threshold_filled_in() -> None:
    follows = criterion(threshold=4, explanation="{tærskel} eller flere klager det seneste år.")
    result = suggest_category({"complaints": 5}, catalogue(follows), TILBUD)
    (reason,) = result.reasons
    assert reason.explanation == "4 eller flere klager det seneste år."
    assert reason.explanation == explanation_text(follows)
