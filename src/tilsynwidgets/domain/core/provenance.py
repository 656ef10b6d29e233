"""Where the stored portfolio came from, and the date its data describe ("data pr.").

The store records it (``store/provenance.py``); apps and reports show it beside figures.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from tilsynwidgets.domain.core.fields import AwareDatetime, NonBlank
from tilsynwidgets.domain.core.local_time import format_stamp

__all__ = ["Provenance"]


class Provenance(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    source: NonBlank = Field(max_length=500, title="Kilde")
    data_as_of: date = Field(title="Data pr.")
    loaded_at: AwareDatetime = Field(title="Indlæst")

    def describe(self) -> str:
        """Danish, e.g. 'Data pr. 1. november 2026 · Kilde: … · indlæst 22. november 2026
        kl. 20.30' (Danish time)."""
        return (
            f"Data pr. {format_stamp(self.data_as_of)} · Kilde: {self.source} · "
            f"indlæst {format_stamp(self.loaded_at)}"
        )
