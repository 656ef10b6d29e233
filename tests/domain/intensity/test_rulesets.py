from __future__ import annotations

from datetime import date

import pytest

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.datafiles import parse_model, read_packaged_text
from tilsynwidgets.domain.core.errors import DataFileError
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.intensity.plans import (
    IntensityPlan,
    Visits,
    template_for,
    template_set,
)
from tilsynwidgets.domain.intensity.rulesets import (
    DEFAULT_RULESET_ID,
    UNVERIFIED,
    LegalRuleSet,
    RuleBasis,
    RuleId,
    add_months,
    available_rulesets,
    check_plan,
    default_ruleset,
    is_overdue,
    rule_lines,
    ruleset,
    visit_due,
)
from tilsynwidgets.domain.quality.model import quality_model

DEFAULT_TITLE = "Lov om socialtilsyn § 7, stk. 4 (mindst ét årligt tilsynsbesøg)"
L200 = "mere-risikobaseret-2025"
ANNUAL = "«Lov om socialtilsyn § 7, stk. 4»"
INTERVAL = "«Lov om socialtilsyn § 7, stk. 4, fortolket som højst 12 måneder mellem besøg»"


def _with_visits(announced: int, unannounced: int) -> IntensityPlan:
    plan = template_for(RiskCategory.GROEN)
    visits = Visits(announced_per_year=announced, unannounced_per_year=unannounced)
    return plan.model_copy(update={"visits": visits})


def _rules(**changes: object) -> LegalRuleSet:
    rules = default_ruleset()
    bases = {
        **rules.rules,
        RuleId.MIN_UNANNOUNCED_PER_YEAR: RuleBasis(name="Testregel", source="test", verified=True),
    }
    return rules.model_copy(update={"title": "Test", "rules": bases, **changes})


def test_both_rule_sets_ship_and_the_default_is_the_seeds() -> None:
    found = available_rulesets()
    assert set(found) == {"socialtilsyn-7-4", L200}
    default = ruleset(DEFAULT_RULESET_ID)
    assert default.title == DEFAULT_TITLE
    assert default.min_visits_per_year == 1
    assert default.max_months_between_visits == 12


def test_the_seeds_rules_are_not_verified_against_the_law_text() -> None:
    # The annual minimum is the SBST text's (seed 000), not the law text's.
    default = default_ruleset()
    assert not default.verified
    assert not default.basis(RuleId.MIN_VISITS_PER_YEAR).verified
    assert "seed 000" in default.basis(RuleId.MIN_VISITS_PER_YEAR).source.lower()


def test_2025_rule_set_cites_l200_and_marks_the_repeal_as_an_inference() -> None:
    rules = ruleset(L200)
    assert not rules.verified
    assert rules.min_visits_per_year is None
    assert rules.max_months_between_visits is None
    assert rules.announced_needs_reason
    assert rules.max_notice_weeks == 4
    assert "uanmeldte" in rules.notes
    unannounced = rules.basis(RuleId.ANNOUNCED_NEEDS_REASON)
    assert unannounced.verified
    assert "§ 1, nr. 11" in unannounced.name
    assert "DOMAIN.md" in unannounced.source
    assert not rules.basis(RuleId.MIN_VISITS_PER_YEAR).verified  # the repeal "appears"


def test_rule_sets_name_their_templates_and_quality_models() -> None:
    default, l200 = default_ruleset(), ruleset(L200)
    assert default.quality_model == {
        UnitKind.TILBUD: "2026.1-illustrativ",
        UnitKind.PLEJEFAMILIE: "2026.1-illustrativ",
    }
    assert l200.quality_model == {
        UnitKind.TILBUD: "2025-l200-illustrativ",
        UnitKind.PLEJEFAMILIE: "2025-l200-illustrativ",
    }
    assert template_set(default).version == default.templates.version
    assert template_set(l200).version == l200.templates.version
    assert default.templates.file != l200.templates.file


def test_a_stated_rule_needs_its_basis() -> None:
    data = default_ruleset().model_dump(mode="json")
    del data["rules"]["max_months_between_visits"]
    with pytest.raises(ValueError, match="rules mangler kilde for: max_months_between_visits"):
        LegalRuleSet.model_validate(data)
    del data["quality_model"]["plejefamilie"]
    with pytest.raises(ValueError, match="quality_model mangler version for: plejefamilie"):
        LegalRuleSet.model_validate(data)


def test_rule_lines_mark_every_unverified_rule() -> None:
    assert rule_lines(default_ruleset()) == [
        f"Mindst 1 tilsynsbesøg om året – Lov om socialtilsyn § 7, stk. 4 ({UNVERIFIED})",
        "Højst 12 måneder mellem tilsynsbesøg – Lov om socialtilsyn § 7, stk. 4, fortolket "
        f"som højst 12 måneder mellem besøg ({UNVERIFIED})",
    ]
    lines = rule_lines(ruleset(L200))
    assert lines[0].endswith(f"({UNVERIFIED})")
    assert lines[1] == (
        "Tilsynsbesøg er uanmeldte, medmindre særlige forhold kræver et anmeldt besøg – "
        "L 200 § 1, nr. 11 (uanmeldte tilsynsbesøg som udgangspunkt)"
    )


def test_unknown_rule_set_is_a_danish_key_error() -> None:
    with pytest.raises(KeyError, match="ukendt regelsæt 'nope'"):
        ruleset("nope")


@pytest.mark.parametrize("rules_id", [DEFAULT_RULESET_ID, L200])
@pytest.mark.parametrize("kind", list(UnitKind))
def test_every_template_satisfies_its_own_rule_set(rules_id: str, kind: UnitKind) -> None:
    rules = ruleset(rules_id)
    for plan in template_set(rules).kinds[kind].templates.values():
        assert check_plan(plan, rules) == []


def test_no_visits_breaks_the_default_rule_set_in_full_sentences() -> None:
    violations = check_plan(_with_visits(0, 0), default_ruleset())
    assert [v.rule for v in violations] == ["min_visits_per_year", "max_months_between_visits"]
    assert [v.field for v in violations] == ["visits", "visits"]
    assert violations[0].message == (
        f"Planen har 0 tilsynsbesøg om året, men reglen {ANNUAL} kræver mindst 1 besøg om "
        f"året ({UNVERIFIED})."
    )
    assert violations[1].message == (
        f"Planen giver ingen tilsynsbesøg, men reglen {INTERVAL} tillader højst 12 måneder "
        f"mellem besøg ({UNVERIFIED})."
    )


def test_no_visits_is_allowed_under_the_2025_rule_set() -> None:
    assert check_plan(_with_visits(0, 0), ruleset(L200)) == []


def test_announced_visits_need_special_circumstances_under_the_2025_rule_set() -> None:
    rules = ruleset(L200)
    (violation,) = check_plan(_with_visits(1, 1), rules)
    assert violation.field == "visits.announced_reason"
    assert violation.message == (
        "Planen har 1 anmeldt tilsynsbesøg om året, men reglen «L 200 § 1, nr. 11 (uanmeldte "
        "tilsynsbesøg som udgangspunkt)» gør besøg uanmeldte, medmindre særlige forhold "
        "kræver et anmeldt besøg: skriv de særlige forhold her, eller gør besøgene uanmeldte."
    )
    plan = _with_visits(2, 0)
    reasoned = plan.model_copy(
        update={
            "visits": plan.visits.model_copy(
                update={"announced_reason": "Familien har et spædbarn; besøget aftales."}
            )
        }
    )
    assert check_plan(reasoned, rules) == []
    assert check_plan(plan, default_ruleset()) == []  # the seed's rule set asks no reason


def test_unannounced_minimum_and_interval() -> None:
    rules = _rules(min_unannounced_per_year=1, max_months_between_visits=6)
    violations = check_plan(_with_visits(1, 0), rules)
    assert [v.message for v in violations] == [
        "Planen har 0 uanmeldte tilsynsbesøg om året, men reglen «Testregel» kræver mindst 1 "
        "uanmeldt tilsynsbesøg om året.",
        f"Planen giver op til 12 måneder mellem besøg, men reglen {INTERVAL} tillader højst 6 "
        f"måneder mellem besøg ({UNVERIFIED}).",
    ]
    assert check_plan(_with_visits(1, 1), rules) == []


def test_months_between_visits_are_a_danish_number() -> None:
    rules = _rules(max_months_between_visits=2)
    (violation,) = check_plan(_with_visits(3, 2), rules)  # 5 visits: 12 / 5 = 2,4 months
    assert "op til 2,4 måneder mellem besøg" in violation.message


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 1, 15), 12, date(2025, 1, 15)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2024, 12, 31), 12, date(2025, 12, 31)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_visit_due() -> None:
    rules = default_ruleset()
    assert visit_due(date(2025, 3, 10), rules) == date(2026, 3, 10)
    assert visit_due(None, rules) is None
    assert visit_due(date(2025, 3, 10), ruleset("mere-risikobaseret-2025")) is None


def test_overdue_at_exactly_twelve_months() -> None:
    rules = default_ruleset()
    last = date(2025, 3, 10)
    assert not is_overdue(last, date(2026, 3, 9), rules)
    assert not is_overdue(last, date(2026, 3, 10), rules)
    assert is_overdue(last, date(2026, 3, 11), rules)


def test_overdue_at_month_end() -> None:
    rules = default_ruleset()
    assert not is_overdue(date(2024, 2, 29), date(2025, 2, 28), rules)
    assert is_overdue(date(2024, 2, 29), date(2025, 3, 1), rules)
    six = _rules(max_months_between_visits=6)
    assert not is_overdue(date(2023, 8, 31), date(2024, 2, 29), six)
    assert is_overdue(date(2023, 8, 31), date(2024, 3, 1), six)


def test_never_visited() -> None:
    assert is_overdue(None, date(2026, 1, 1), default_ruleset())
    assert not is_overdue(None, date(2026, 1, 1), ruleset("mere-risikobaseret-2025"))


def test_bad_rule_set_file_names_line_and_field() -> None:
    text = read_packaged_text("rulesets/socialtilsyn-7-4.yaml")
    text = text.replace("max_months_between_visits: 12\n", "max_months_between_visits: 0\n")
    text = text.replace("valid_from: 2014-01-01", "valid_from: snart")
    with pytest.raises(DataFileError) as info:
        parse_model(LegalRuleSet, text, source="x.yaml")
    lines = text.splitlines()
    interval = next(n for n, line in enumerate(lines, 1) if line.startswith("max_months"))
    valid = next(n for n, line in enumerate(lines, 1) if line.startswith("valid_from"))
    message = str(info.value)
    assert "x.yaml er ugyldig (2 fejl)" in message
    assert f"linje {valid}, «valid_from»: skal være en dato (ÅÅÅÅ-MM-DD)" in message
    assert f"linje {interval}, «max_months_between_visits»: skal være mindst 1" in message


def test_every_rule_set_names_quality_models_that_exist() -> None:
    for rules in available_rulesets().values():
        for kind in UnitKind:
            model = quality_model(kind, rules.quality_model[kind])
            assert model.kind is kind
            assert model.version == rules.quality_model[kind]
    later = available_rulesets()["mere-risikobaseret-2025"]
    themes = {
        t.title for t in quality_model(UnitKind.TILBUD, later.quality_model[UnitKind.TILBUD]).themes
    }
    assert "Uddannelse og beskæftigelse" not in themes
