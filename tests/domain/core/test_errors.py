from __future__ import annotations

from tilsynwidgets.domain.core.errors import DataFileError, Problem


def test_message_lists_every_problem() -> None:
    error = DataFileError(
        "portefølje.csv",
        [Problem("række 3, kolonne kapacitet", "skal være et helt tal"), Problem("", "er tom")],
    )
    assert str(error) == (
        "portefølje.csv er ugyldig (2 fejl):\n"
        "  - række 3, kolonne kapacitet: skal være et helt tal\n"
        "  - er tom"
    )
    assert isinstance(error, ValueError)
