"""Whether an explanation still names its criterion's threshold."""

from __future__ import annotations

import pytest

from tilsynwidgets.domain.risk.criteria import Criterion, default_catalogue
from tilsynwidgets.domain.workshop.explanations import explanation_mismatch, mentioned_numbers


def _criterion(threshold: float | None, explanation: str, operator: str = "ge") -> Criterion:
    flag = operator == "flag"
    return Criterion.model_validate(
        {
            "id": "k",
            "signal": "leader_changed" if flag else "whistleblower_reports",
            "operator": operator,
            "threshold": threshold,
            "points_to": "roed",
            "explanation": explanation,
        }
    )


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Tre eller flere whistleblowerhenvendelser det seneste år.", (3.0,)),
        ("Mindst én episode; ét tema; et påbud; en leder.", (1.0,)),  # not the articles
        ("Mange magtanvendelser (25 eller flere) det seneste år.", (25.0,)),
        ("Høj personalegennemstrømning (30 % eller mere).", (30.0,)),
        ("Mellem 2,5 og 1.000 timer, ti gange, 2,5 igen.", (2.5, 1000.0, 10.0)),
        ("Version 2026.1 og x3 og ni.", (2026.0, 9.0)),
        ("Tilbuddet har skiftet leder.", ()),
    ],
)
def test_the_numbers_an_explanation_names(text: str, numbers: tuple[float, ...]) -> None:
    assert mentioned_numbers(text) == numbers


def test_the_issue_s_sentence_is_marked_when_the_threshold_moves() -> None:
    text = "Tre eller flere whistleblowerhenvendelser det seneste år."
    assert explanation_mismatch(_criterion(3, text)) is None
    assert explanation_mismatch(_criterion(4, text)) == (
        "Forklaringen nævner 3, men tærsklen er 4. Ret forklaringen, eller skriv {tærskel}, "
        "hvor tærsklen skal stå, så følger den tærsklen."
    )


def test_several_numbers_are_listed_and_one_matching_is_enough() -> None:
    text = "Mindst ét tema vurderet til 2 eller derunder."
    assert explanation_mismatch(_criterion(2, text)) is None
    note = explanation_mismatch(_criterion(2.5, text))
    assert note is not None
    assert note.startswith("Forklaringen nævner 1 og 2, men tærsklen er 2,5.")
    three = explanation_mismatch(_criterion(4, "1, 2 eller 3 henvendelser."))
    assert three is not None
    assert three.startswith("Forklaringen nævner 1, 2 og 3, men")


@pytest.mark.parametrize(
    "criterion",
    [
        _criterion(4, "{tærskel} eller flere henvendelser; tidligere 3."),  # follows it
        _criterion(4, "Gentagne henvendelser det seneste år."),  # names no number
        _criterion(None, "To ledere på et år.", operator="flag"),  # no threshold
    ],
)
def test_what_cannot_mismatch_is_not_marked(criterion: Criterion) -> None:
    assert explanation_mismatch(criterion) is None


def test_the_packaged_catalogue_has_no_mismatch() -> None:
    assert [c.id for c in default_catalogue().criteria if explanation_mismatch(c)] == []
