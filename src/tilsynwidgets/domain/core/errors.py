"""Errors that carry a Danish message naming where the problem is."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DataFileError", "Problem"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a file or form: where it is and what is wrong, in Danish."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class DataFileError(ValueError):
    """A data file (catalogue, rule set, quality model, ...) or import file is invalid.

    The message names the file and every place that is wrong, so a user can mend it
    without reading a traceback. Nothing has been loaded or written when it is raised.
    """

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"{source} er ugyldig ({len(self.problems)} fejl):\n{lines}")
