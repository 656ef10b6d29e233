"""Named versions of the criteria catalogue.

In the criteria workshop, methods consultants open a catalogue version, edit it and save it
as a new named version with an author and a comment; a saved version is never overwritten.
This module is pure: the versions are stored by :mod:`tilsynwidgets.store.catalogues`; their
differences are in :mod:`~tilsynwidgets.domain.workshop.diff`, their files in
:mod:`~tilsynwidgets.domain.workshop.catalogue_yaml`.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from tilsynwidgets.domain.core.fields import AwareDatetime, NonBlank, NonBlankMultiLine
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue

__all__ = [
    "CatalogueVersion",
    "VersionName",
    "new_version",
    "version_name",
]

_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9._-]{0,38}[a-z0-9])?$")
_NAME_RULE = (
    "skal have 1-40 tegn: små bogstaver (a-z), tal, punktum, bindestreg og understregning, "
    "og begynde og slutte med et bogstav eller tal (fx 2026.2-whistleblower)"
)


def version_name(value: str) -> str:
    """``value`` stripped when it is a valid version name; a Danish ``ValueError`` otherwise."""
    value = value.strip()
    if not _NAME.fullmatch(value):
        raise ValueError(f"versionens navn {_NAME_RULE}")
    return value


VersionName = Annotated[str, AfterValidator(version_name)]
"""A version's name, e.g. ``2026.2-whistleblower``: at most 40 characters (it is stored with
every risk assessment as its catalogue version), lower-case letters, digits, ``.-_``."""


class CatalogueVersion(BaseModel):
    """One saved version of the criteria catalogue: who saved it, when, why, and from what.

    The catalogue's own ``version`` is the version's name, so every suggestion made from it
    names the version it came from.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: VersionName = Field(title="Versionens navn")
    catalogue: CriteriaCatalogue = Field(title="Katalog")
    author: NonBlank = Field(max_length=120, title="Gemt af")
    comment: NonBlankMultiLine = Field(max_length=2000, title="Kommentar")
    saved_at: AwareDatetime = Field(title="Gemt")
    based_on: VersionName | None = Field(default=None, title="Bygger på")

    @model_validator(mode="after")
    def _named_alike(self) -> CatalogueVersion:
        if self.catalogue.version != self.name:
            raise ValueError(
                f"kataloget har versionen '{self.catalogue.version}', men versionen hedder "
                f"'{self.name}'; de skal være ens"
            )
        return self


def new_version(
    catalogue: CriteriaCatalogue,
    *,
    name: str,
    author: str,
    comment: str,
    saved_at: datetime,
    based_on: str | None = None,
) -> CatalogueVersion:
    """``catalogue`` (as edited) saved under the new ``name``, which becomes its version.

    Raises pydantic's ``ValidationError`` with Danish messages when a field is invalid.
    """
    name = name.strip()
    renamed = catalogue.model_copy(update={"version": name})  # checked by the version itself
    return CatalogueVersion.model_validate(
        {
            "name": name,
            "catalogue": renamed,
            "author": author,
            "comment": comment,
            "saved_at": saved_at,
            "based_on": based_on,
        }
    )
