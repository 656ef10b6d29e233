"""Problems and their HTML: Danish, and escaped."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tilsynwidgets.domain.intensity.plans import Visits
from tilsynwidgets.forms import FormInvalid, Problem
from tilsynwidgets.forms._errors import (
    error_html,
    heading_html,
    help_html,
    located_errors,
    title_html,
)

HOSTILE = "<img src=x onerror=alert(1)>"


def test_problem_reads_with_its_title() -> None:
    assert str(Problem("x", "skal udfyldes", "Navn")) == "Navn: skal udfyldes"
    assert str(Problem("", "afviger fra forslaget")) == "afviger fra forslaget"


def test_form_invalid_carries_the_problems_in_danish() -> None:
    problems = [Problem("a", "skal udfyldes", "Navn"), Problem("", "noget andet")]
    error = FormInvalid(problems)
    assert error.problems == tuple(problems)
    assert str(error) == "Formularen kan ikke gemmes: Navn: skal udfyldes; noget andet"
    assert isinstance(error, ValueError)


def test_located_errors_are_danish() -> None:
    with pytest.raises(ValidationError) as caught:
        Visits.model_validate({"announced_per_year": -1})
    assert located_errors(caught.value) == [
        (("announced_per_year",), "skal være mindst 0"),
        (("unannounced_per_year",), "skal udfyldes"),
    ]


@pytest.mark.parametrize("render", [title_html, heading_html, help_html])
def test_text_html_is_escaped(render: object) -> None:
    html = render(HOSTILE)  # type: ignore[operator]
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_error_html_is_one_escaped_alert_per_message() -> None:
    html = error_html([HOSTILE, "skal udfyldes"])
    assert "<img" not in html
    assert html.count('role="alert"') == 2
    assert error_html([]) == ""
