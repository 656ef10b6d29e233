"""Whether a criterion's explanation still says what its threshold is.

An explanation that names its threshold through the placeholder ``{tærskel}`` always does
(:func:`~tilsynwidgets.domain.risk.criteria.explanation_text`). One written out, such as
"Tre eller flere whistleblowerhenvendelser det seneste år.", stops doing so when the
threshold is edited to 4; inspectors read that sentence as the reason for a suggestion, so
the criteria workshop marks it (:func:`explanation_mismatch`) rather than let it mislead.
"""

from __future__ import annotations

import re

from tilsynwidgets.domain.core.danish_numbers import danish_number, read_typed_number
from tilsynwidgets.domain.risk.criteria import THRESHOLD_PLACEHOLDER, Criterion, Operator

__all__ = ["explanation_mismatch", "mentioned_numbers"]

_WORDS = {
    "én": 1,
    "ét": 1,
    "to": 2,
    "tre": 3,
    "fire": 4,
    "fem": 5,
    "seks": 6,
    "syv": 7,
    "otte": 8,
    "ni": 9,
    "ti": 10,
    "elleve": 11,
    "tolv": 12,
}
"""Number words as they name a count in an explanation; "en" and "et" are left out, since
they are far more often the article ("et påbud") than the number."""

_NUMBER = re.compile(r"(?<![\w.,])\d+(?:\.\d{3})*(?:,\d+)?(?![\w])|(?<!\w)[^\W\d_]+(?!\w)")


def mentioned_numbers(text: str) -> tuple[float, ...]:
    """The numbers ``text`` names, in order and each once: digits as a Dane writes them
    ("3", "2,5", "1.000") and the number words one to twelve ("Tre", "én")."""
    found: list[float] = []
    for match in _NUMBER.finditer(text):
        token = match.group()
        if token[0].isdigit():
            value = read_typed_number(token.replace(".", ""))
        else:
            word = _WORDS.get(token.lower())
            value = None if word is None else float(word)
        if value is not None and value not in found:
            found.append(value)
    return tuple(found)


def explanation_mismatch(criterion: Criterion) -> str | None:
    """A Danish note when ``criterion``'s explanation names numbers and none of them is its
    threshold ("Forklaringen nævner 3, men tærsklen er 4 …"), else ``None``: a flag has no
    threshold, an explanation with ``{tærskel}`` follows it, and one naming no number cannot
    be checked."""
    threshold = criterion.threshold
    text = criterion.explanation
    if criterion.operator is Operator.FLAG or threshold is None or THRESHOLD_PLACEHOLDER in text:
        return None
    numbers = mentioned_numbers(text)
    if not numbers or threshold in numbers:
        return None
    named = [danish_number(number) for number in numbers]
    listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} og {named[-1]}"
    return (
        f"Forklaringen nævner {listed}, men tærsklen er {danish_number(threshold)}. Ret "
        f"forklaringen, eller skriv {THRESHOLD_PLACEHOLDER}, hvor tærsklen skal stå, så følger "
        "den tærsklen."
    )
