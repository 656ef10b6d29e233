from __future__ import annotations

from datetime import date

import pytest

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.datafiles import parse_model, read_packaged_text
from tilsynwidgets.domain.core.errors import DataFileError
from tilsynwidgets.domain.intensity.plans import (
    IntensityPlan,
    Visits,
    intensity_templates,
    template_for,
)
from tilsynwidgets.domain.intensity.rulesets import (
    DEFAULT_RULESET_ID,
    LegalRuleSet,
    add_months,
    available_rulesets,
    check_plan,
    default_ruleset,
    is_overdue,
    ruleset,
    visit_due,
)

DEFAULT_TITLE = "Lov om socialtilsyn § 7, stk. 4 (mindst ét årligt tilsynsbesøg)"


def _with_visits(announced: int, unannounced: int) -> IntensityPlan:
    plan = template_for(RiskCategory.GROEN)
    visits = Visits(announced_per_year=announced, unannounced_per_year=unannounced)
    return plan.model_copy(update={"visits": visits})


def _rules(**changes: object) -> LegalRuleSet:
    return default_ruleset().model_copy(update={"title": "Test", **changes})


def test_both_rule_sets_ship_and_the_default_is_the_seeds() -> None:
    found = available_rulesets()
    assert set(found) == {"socialtilsyn-7-4", "mere-risikobaseret-2025"}
    default = ruleset(DEFAULT_RULESET_ID)
    assert default.title == DEFAULT_TITLE
    assert default.verified
    assert default.min_visits_per_year == 1
    assert default.max_months_between_visits == 12


def test_2025_rule_set_is_unverified_without_annual_minimum() -> None:
    rules = ruleset("mere-risikobaseret-2025")
    assert not rules.verified
    assert rules.min_visits_per_year is None
    assert rules.max_months_between_visits is None
    assert "uanmeldte" in rules.notes


def test_unknown_rule_set_is_a_danish_key_error() -> None:
    with pytest.raises(KeyError, match="ukendt regelsæt 'nope'"):
        ruleset("nope")


def test_every_template_satisfies_the_default_rule_set() -> None:
    for plan in intensity_templates().values():
        assert check_plan(plan, default_ruleset()) == []


def test_no_visits_breaks_the_default_rule_set() -> None:
    violations = check_plan(_with_visits(0, 0), default_ruleset())
    assert [v.rule for v in violations] == ["min_visits_per_year", "max_months_between_visits"]
    assert violations[0].message == (
        f"Planen har 0 tilsynsbesøg om året; regelsættet '{DEFAULT_TITLE}' kræver mindst 1."
    )
    assert violations[1].message == (
        f"Planen giver ingen tilsynsbesøg; regelsættet '{DEFAULT_TITLE}' tillader højst 12 måneder."
    )


def test_no_visits_is_allowed_under_the_2025_rule_set() -> None:
    assert check_plan(_with_visits(0, 0), ruleset("mere-risikobaseret-2025")) == []


def test_unannounced_minimum_and_interval() -> None:
    rules = _rules(min_unannounced_per_year=1, max_months_between_visits=6)
    violations = check_plan(_with_visits(1, 0), rules)
    assert [v.message for v in violations] == [
        "Planen har 0 uanmeldte tilsynsbesøg om året; regelsættet 'Test' kræver mindst 1.",
        "Planen giver op til 12 måneder mellem besøg; regelsættet 'Test' tillader højst 6 måneder.",
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
    text = text.replace("max_months_between_visits: 12", "max_months_between_visits: 0")
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
