"""The two kinds of supervised unit."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["UnitKind"]


class UnitKind(StrEnum):
    TILBUD = "tilbud"
    PLEJEFAMILIE = "plejefamilie"
