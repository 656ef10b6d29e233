"""One export of data, as the log of exports keeps it: who, when, what, with which filters.

An export can reveal plejefamiliers real names, which only a role that may is allowed to do
(the roles in ``domain/access``). Every such export is logged, and so is every other export
through the same log, so a leader can see what left the system and under which filters. The
store keeps the log append-only (``store/export_log.py``); this module is pure.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from tilsynwidgets.domain.core.danish_numbers import danish_count
from tilsynwidgets.domain.core.fields import AwareDatetime, NonBlank
from tilsynwidgets.domain.core.local_time import format_stamp

__all__ = ["ExportRecord"]


class ExportRecord(BaseModel):
    """One export: when, by whom, which export, its filters, whether plejefamiliers real
    names were revealed, and how many unit rows it held."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    made_at: AwareDatetime = Field(title="Eksporteret")
    made_by: NonBlank = Field(max_length=120, title="Eksporteret af")
    what: NonBlank = Field(
        max_length=200, title="Eksport", description="Hvilken eksport, fx «Excel-projektmappe»."
    )
    filters: NonBlank = Field(
        max_length=500,
        title="Filtre",
        description="Filtrene som tekst, fx «Socialtilsyn Syd · alle typer · 2026».",
    )
    real_names: bool = Field(title="Plejefamiliernes rigtige navne")
    rows: int = Field(ge=0, title="Enheder", description="Antal enheder i eksporten.")

    def describe(self) -> str:
        """Danish, one line, e.g. "3. februar 2027 kl. 10.15 · Leder A · Excel-projektmappe ·
        Socialtilsyn Syd · alle typer · 2026 · 240 enheder · plejefamilier med rigtige navne"
        (Danish time)."""
        units = "1 enhed" if self.rows == 1 else f"{danish_count(self.rows)} enheder"
        names = "med rigtige navne" if self.real_names else "pseudonymiseret"
        return (
            f"{format_stamp(self.made_at)} · {self.made_by} · {self.what} · {self.filters} · "
            f"{units} · plejefamilier {names}"
        )
