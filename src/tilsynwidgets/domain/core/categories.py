"""The risk categories rød / gul / grøn and the moments they are documented."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Phase", "RiskCategory"]

_RANK = {"groen": 0, "gul": 1, "roed": 2}


class RiskCategory(StrEnum):
    """Ordered: ``ROED > GUL > GROEN`` (high, moderate, low risk assessment)."""

    GROEN = "groen"
    GUL = "gul"
    ROED = "roed"

    @property
    def rank(self) -> int:
        """0 for grøn, 1 for gul, 2 for rød: the order the guidance implies."""
        return _RANK[self.value]

    @classmethod
    def from_rank(cls, rank: int) -> RiskCategory:
        return _BY_RANK[rank]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, RiskCategory):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, RiskCategory):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, RiskCategory):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, RiskCategory):
            return NotImplemented
        return self.rank >= other.rank

    def __hash__(self) -> int:
        return hash(self.value)


_BY_RANK = {category.rank: category for category in RiskCategory}


class Phase(StrEnum):
    """When the category is documented: planning (præ), after the quality assessment (post),
    or between them when new information calls for it (seed 000: "Nye oplysninger og/eller
    kvalitetsvurdering kan give anledning til ændring af risikokategori")."""

    PRAE = "prae"
    POST = "post"
    NY = "ny"
