"""Where the stored portfolio came from, and the date its data describe ("data pr.").

The store records it (``store/provenance.py``); apps and reports show it beside figures.
"""

from __future__ import annotations

from datetime import UTC, date

from pydantic import BaseModel, ConfigDict, Field

from tilsynwidgets.domain.core.fields import AwareDatetime, NonBlank

__all__ = ["Provenance"]


class Provenance(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    source: NonBlank = Field(max_length=500, title="Kilde")
    data_as_of: date = Field(title="Data pr.")
    loaded_at: AwareDatetime = Field(title="Indlæst")

    def describe(self) -> str:
        """Danish, e.g. 'Data pr. 2026-11-01 · Kilde: … · indlæst 2026-11-22 19:30 (UTC)'."""
        loaded = self.loaded_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
        return (
            f"Data pr. {self.data_as_of.isoformat()} · Kilde: {self.source} · "
            f"indlæst {loaded} (UTC)"
        )
