"""The criteria catalogue in force: which version the apps suggest with, since when, and why.

A methods consultant puts a version in force in the criteria workshop ("Tag i brug"): a
version saved there, or the catalogue packaged with tilsynwidgets. Each time is one entry
(who, when, why), and entries are only ever added: the newest is the one in force, the
rest are the history of versions in force. Until anyone has put a version in force, the
apps suggest with the packaged catalogue. The entries are stored by
:mod:`tilsynwidgets.store.in_force`; this module is pure.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from tilsynwidgets.domain.core.fields import AwareDatetime, MultiLineText, NonBlank
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.risk.assessment import justified
from tilsynwidgets.domain.workshop.versions import version_name

__all__ = [
    "PACKAGED_PREFIX",
    "CatalogueInForce",
    "CatalogueReference",
    "new_entry",
    "packaged_reference",
    "reference_label",
]

PACKAGED_PREFIX = "pakket:"
"""Names the catalogue packaged with tilsynwidgets (``pakket:2026.1``) rather than a version
saved in the workshop: the packaged file's version, even when a later release packages
another, so an upgrade never changes the catalogue in force."""


def _reference(value: str) -> str:
    value = value.strip()
    if value.startswith(PACKAGED_PREFIX):
        return PACKAGED_PREFIX + version_name(value.removeprefix(PACKAGED_PREFIX))
    return version_name(value)


CatalogueReference = Annotated[str, AfterValidator(_reference)]
"""A saved version's name, or ``pakket:`` and the packaged catalogue's version."""


def packaged_reference(version: str) -> str:
    """The reference to the catalogue packaged as ``version``."""
    return PACKAGED_PREFIX + version


def reference_label(reference: str) -> str:
    """A reference as people read it: "2026.2-whistleblower" or "2026.1 (pakket katalog)"."""
    name = reference.removeprefix(PACKAGED_PREFIX)
    return name if name == reference else f"{name} (pakket katalog)"


class CatalogueInForce(BaseModel):
    """One time a catalogue version was put in force: which, by whom, when and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: CatalogueReference = Field(max_length=48, title="Version")
    put_by: NonBlank = Field(max_length=120, title="Taget i brug af")
    put_at: AwareDatetime = Field(title="Taget i brug")
    reason: Annotated[MultiLineText, AfterValidator(justified)] = Field(
        max_length=2000,
        title="Begrundelse",
        description="Hvorfor skal apps'ene foreslå med denne version? Skal altid udfyldes.",
    )

    @property
    def packaged(self) -> bool:
        """True when the entry names the packaged catalogue, not a saved version."""
        return self.version.startswith(PACKAGED_PREFIX)

    @property
    def name(self) -> str:
        """The version's name (the catalogue's own ``version``), without ``pakket:``."""
        return self.version.removeprefix(PACKAGED_PREFIX)

    def label(self) -> str:
        """The version as people read it (see :func:`reference_label`)."""
        return reference_label(self.version)

    def describe(self) -> str:
        """One Danish line: "I brug siden 30. november 2026 kl. 14.05, taget i brug af …: …"."""
        return (
            f"I brug siden {format_stamp(self.put_at)}, taget i brug af {self.put_by}: "
            f"{self.reason.strip()}"
        )


def new_entry(version: str, *, put_by: str, reason: str, put_at: datetime) -> CatalogueInForce:
    """The entry that puts ``version`` in force (a saved name or a ``pakket:`` reference).

    Raises pydantic's ``ValidationError`` with Danish messages when a field is invalid;
    whether the version exists is the store's to check.
    """
    return CatalogueInForce.model_validate(
        {"version": version, "put_by": put_by, "put_at": put_at, "reason": reason}
    )
