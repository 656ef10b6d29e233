"""Named versions of the criteria catalogue.

In the criteria workshop, methods consultants open a catalogue version, edit it and save it
as a new named version with an author and a comment; a saved version is never overwritten.
A saved version is read as it was saved (a threshold outside its signal's range, accepted
before ranges were checked, is kept), while saving a version checks every criterion as new.
This module is pure: the versions are stored by :mod:`tilsynwidgets.store.catalogues`; their
differences are in :mod:`~tilsynwidgets.domain.workshop.diff`, their files in
:mod:`~tilsynwidgets.domain.workshop.catalogue_yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from tilsynwidgets.domain.core.fields import AwareDatetime, NonBlank, NonBlankMultiLine
from tilsynwidgets.domain.risk.criteria import AS_SAVED, CriteriaCatalogue

__all__ = [
    "WORKING_COPY",
    "CatalogueVersion",
    "VersionName",
    "exported_version",
    "new_version",
    "unchanged",
    "version_name",
]

WORKING_COPY = "arbejdskopi"
"""Names a catalogue being edited, and (with the version it is based on and the day) one
exported before it is saved: ``2026.1-arbejdskopi-2026-11-20``."""

_NAME_LENGTH = 40

_NAME = re.compile(rf"^[a-z0-9](?:[a-z0-9._-]{{0,{_NAME_LENGTH - 2}}}[a-z0-9])?$")
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

    @field_validator("catalogue", mode="before")
    @classmethod
    def _as_saved(cls, value: object, info: ValidationInfo) -> object:
        """A version is read as it was saved, unless the validation context says otherwise
        (``{AS_SAVED: False}``: :func:`new_version`, which checks it as new)."""
        context = info.context if isinstance(info.context, Mapping) else {}
        if isinstance(value, Mapping) and AS_SAVED not in context:
            return CriteriaCatalogue.model_validate(value, context={**context, AS_SAVED: True})
        return value

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

    Every criterion is checked as a new one (a threshold within its signal's range), also in
    a catalogue opened from a version saved before that was checked. Raises pydantic's
    ``ValidationError`` with Danish messages when a field is invalid.
    """
    name = name.strip()
    renamed = catalogue.model_copy(update={"version": name})  # checked by the version itself
    return CatalogueVersion.model_validate(
        {
            "name": name,
            "catalogue": renamed.model_dump(mode="json"),
            "author": author,
            "comment": comment,
            "saved_at": saved_at,
            "based_on": based_on,
        },
        context={AS_SAVED: False},
    )


def unchanged(catalogue: CriteriaCatalogue, version: CatalogueVersion | None) -> bool:
    """Whether ``catalogue`` (named anything) is ``version``'s catalogue as it was saved."""
    if version is None:
        return False
    return catalogue.model_copy(update={"version": version.name}) == version.catalogue


def exported_version(
    catalogue: CriteriaCatalogue, based_on: CatalogueVersion | None, day: date
) -> str:
    """The version an exported catalogue file is named by (in it and in its file name).

    The version it was opened as when it is that version unchanged (``2026.1``); otherwise
    a working copy of it on ``day``, ``2026.1-arbejdskopi-2026-11-20`` (of an imported file:
    ``arbejdskopi-2026-11-20``), shortened to a valid version name, so the file says what it
    holds and a second export on another day does not take the first one's name.
    """
    if based_on is not None and unchanged(catalogue, based_on):
        return based_on.name
    suffix = f"{WORKING_COPY}-{day.isoformat()}"
    if based_on is None:
        return suffix
    base = based_on.name[: _NAME_LENGTH - len(suffix) - 1].rstrip("._-")
    return f"{base}-{suffix}" if base else suffix
