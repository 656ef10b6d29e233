"""The kinds of information a socialtilsyn receives about a unit, as a validated data file.

Each kind (``data/information_kinds.yaml``) has its Danish name, its legal reference where
there is one, the values a record of it carries (required or optional) and whether it
requires a decision on the unit's risk category. Where the record comes from is an
:class:`Origin`.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from tilsynwidgets.domain.core.datafiles import load_packaged
from tilsynwidgets.domain.core.fields import duplicated
from tilsynwidgets.domain.core.kinds import UnitKind

__all__ = [
    "InformationKind",
    "InformationKinds",
    "Need",
    "Origin",
    "QueueRules",
    "ValueSpec",
    "ValueType",
    "information_kinds",
]


class Origin(StrEnum):
    """Where a piece of information comes from."""

    KOMMUNE = "kommune"
    PAAROERENDE = "paaroerende"
    BORGER = "borger"
    MEDARBEJDER = "medarbejder"
    ENHEDEN = "enheden"
    ANONYM = "anonym"
    SOCIALTILSYNET = "socialtilsynet"
    MEDIER = "medier"
    ANDET = "andet"


class ValueType(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    SCORE = "score"
    NUMBER = "number"
    FLAG = "flag"
    DATE = "date"
    SIGNAL = "signal"


class Need(StrEnum):
    REQUIRED = "required"
    OPTIONAL = "optional"


class ValueSpec(BaseModel):
    """One value a record can carry (its key is the field of :class:`InformationValues`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str = Field(min_length=1)
    type: ValueType
    minimum: float | None = None
    maximum: float | None = None
    description: str = ""

    @model_validator(mode="after")
    def _range(self) -> ValueSpec:
        numeric = self.type in (
            ValueType.COUNT,
            ValueType.PERCENT,
            ValueType.SCORE,
            ValueType.NUMBER,
        )
        if numeric != (self.minimum is not None and self.maximum is not None):
            raise ValueError("et tal skal have minimum og maksimum, og kun et tal har dem")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError("minimum er større end maksimum")
        return self


class InformationKind(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=1, max_length=80)
    legal_reference: str = ""
    applies_to: tuple[UnitKind, ...] = Field(min_length=1)
    requires_decision: bool
    registrable: bool = Field(
        default=True, description="Falsk for slags, som andre dele af værktøjet registrerer."
    )
    values: dict[str, Need] = Field(default_factory=dict)
    max_days: int | None = Field(default=None, ge=1, description="Længste periode (start–slut).")
    note: str = ""

    def required(self) -> tuple[str, ...]:
        return tuple(key for key, need in self.values.items() if need is Need.REQUIRED)


class QueueRules(BaseModel):
    """When a wait for a decision is long, and when a skærpet tilsyn is ending soon."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    waiting_alert_days: int = Field(ge=1, le=365)
    heightened_ending_days: int = Field(ge=1, le=183)


class InformationKinds(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(min_length=1)
    queue: QueueRules
    values: dict[str, ValueSpec]
    kinds: tuple[InformationKind, ...] = Field(min_length=1)
    _by_key: dict[str, InformationKind] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: object, /) -> None:
        self._by_key.update((kind.key, kind) for kind in self.kinds)

    @model_validator(mode="after")
    def _consistent(self) -> InformationKinds:
        keys = [kind.key for kind in self.kinds]
        duplicates = duplicated(keys)
        if duplicates:
            raise ValueError(f"slagsen findes flere gange: {', '.join(duplicates)}")
        from tilsynwidgets.domain.information.records import VALUE_FIELDS

        unknown = sorted(set(self.values) - set(VALUE_FIELDS))
        if unknown:
            raise ValueError(f"ukendte værdier: {', '.join(unknown)}")
        for kind in self.kinds:
            missing = sorted(set(kind.values) - set(self.values))
            if missing:
                raise ValueError(
                    f"slagsen '{kind.key}' bruger ukendte værdier: {', '.join(missing)}"
                )
        return self

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(kind.key for kind in self.kinds)

    def get(self, key: str) -> InformationKind:
        return self._by_key[key]

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def registrable_for(self, unit_kind: UnitKind) -> tuple[InformationKind, ...]:
        """The kinds a person may register by hand for a unit of ``unit_kind``, in file order."""
        return tuple(k for k in self.kinds if k.registrable and unit_kind in k.applies_to)

    def requiring_decision(self) -> frozenset[str]:
        return frozenset(kind.key for kind in self.kinds if kind.requires_decision)


@cache
def information_kinds() -> InformationKinds:
    """The kinds shipped with the package (``data/information_kinds.yaml``)."""
    return load_packaged(InformationKinds, "information_kinds.yaml")
