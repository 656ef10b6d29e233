from __future__ import annotations

import re
from datetime import UTC, date, datetime

from tests.domain.portfolio.test_standing import RULES, T0, assessment, plan, unit

from tilsynwidgets.domain.intensity.rulesets import ruleset
from tilsynwidgets.domain.portfolio.standing import unit_standing
from tilsynwidgets.widgets.unit.standing import first_line, standing_html

HOSTILE = "<img src=x onerror=alert(1)>"


def text(html: str) -> str:
    visible = re.sub(r"<[^>]+>", "", re.sub(r"<br>", " ", html))
    return re.sub(r"\s+", " ", visible).strip()


def row(html: str, label: str) -> str:
    found = re.search(rf"<th[^>]*>{label}</th><td>(.*?)</td></tr>", html)
    assert found, label
    return text(found.group(1))


def test_the_card_says_category_plan_and_visit_in_danish() -> None:
    standing = unit_standing(
        unit(date(2026, 1, 10)),
        [assessment("roed", T0)],
        [plan("roed", T0)],
        RULES,
        date(2026, 6, 1),
    )
    html = standing_html(standing)
    assert row(html, "Kategori i kraft") == (
        "▲ Rød · Præ (tilrettelæggelse) · 1. marts 2026 kl. 10.00 · af Tilsynsførende A "
        "«En faglig begrundelse på mere end tyve tegn.»"
    )
    assert row(html, "Plan i kraft") == (
        "for ▲ Rød · 1 anmeldt og 2 uanmeldte besøg om året · 100 timer om året · "
        "1. marts 2026 kl. 10.00 af B"
    )
    assert "⚠" not in html
    assert row(html, "Næste tilsynsbesøg").startswith(
        "Senest 10. januar 2027 (seneste besøg 10. januar 2026;"
    )


def test_a_plan_for_another_colour_is_marked() -> None:
    html = standing_html(
        unit_standing(unit(), [assessment("roed", T0)], [plan("gul", T0)], RULES, date(2026, 6, 1))
    )
    assert "⚠ Planen er lavet til ■ Gul, men kategorien i kraft er ▲ Rød" in row(
        html, "Plan i kraft"
    )


def test_no_category_no_plan_and_an_overdue_visit() -> None:
    html = standing_html(unit_standing(unit(None), [], [], RULES, date(2026, 6, 1)))
    assert row(html, "Kategori i kraft") == "Enheden er ikke risikovurderet endnu."
    assert row(html, "Plan i kraft") == "Ingen plan."
    assert row(html, "Næste tilsynsbesøg").startswith("Overskredet: enheden er aldrig besøgt")
    late = standing_html(unit_standing(unit(date(2025, 1, 2)), [], [], RULES, date(2026, 6, 1)))
    assert row(late, "Næste tilsynsbesøg").startswith(
        "Overskredet: skulle have været senest 2. januar 2026"
    )
    assert "Ingen plan endnu" in standing_html(
        unit_standing(unit(), [assessment("gul", T0)], [], RULES, date(2026, 6, 1))
    )


def test_a_rule_set_without_a_maximum_interval_says_so() -> None:
    rules = ruleset("mere-risikobaseret-2025")
    html = standing_html(unit_standing(unit(), [], [], rules, date(2026, 6, 1)))
    assert "sætter ingen frist for næste besøg" in row(html, "Næste tilsynsbesøg")


def test_user_text_is_escaped_and_the_justification_cut_to_its_first_line() -> None:
    long = HOSTILE + " " + "ord " * 60 + "\nanden linje"
    made = assessment("gul", datetime(2026, 3, 1, tzinfo=UTC)).model_copy(
        update={"justification": long, "assessor": HOSTILE}
    )
    html = standing_html(unit_standing(unit(), [made], [], RULES, date(2026, 6, 1)))
    assert "<img" not in html
    assert "&lt;img src=x" in html
    assert "anden linje" not in html
    assert first_line(long).endswith(" …")
    assert len(first_line(long)) <= 162
    assert first_line("Kort.\nMere") == "Kort."
