"""What the form "Registrér ny oplysning" edits, as a pydantic model, and the record it makes.

The stored record (:class:`~tilsynwidgets.domain.information.records.Information`) keeps its
values in a nested model and its kind as a key of the kinds file; a person fills in one form
with the kind as a choice and exactly the values that kind has. :func:`entry_model` builds
that form's model from the kinds file, for one kind of unit: the kind offers the kinds
registrable for it, each value the kinds file knows becomes a field (numbers are typed the
Danish way, "12,5"; a flag is Ja/Nej; dates are dates), and each value is checked — required
or not, in range, dates in order — only when the chosen kind has it, with the domain's own
rule (:func:`~tilsynwidgets.domain.information.records.check_values`) at that field.
:func:`to_information` builds the record; the domain model's own rules (dates in order, a
description) are not repeated here: :func:`record_problems` places them at the fields.

Pure: no widgets, so the rules are tested without a form.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum, StrEnum
from typing import Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
)

from tilsynwidgets.domain.core.danish_numbers import read_typed_number, typed_number
from tilsynwidgets.domain.core.fields import MultiLineText
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.messages import danish_error
from tilsynwidgets.domain.information.kinds import (
    InformationKinds,
    Origin,
    ValueType,
    information_kinds,
)
from tilsynwidgets.domain.information.records import (
    VALUE_FIELDS,
    Information,
    InformationValues,
    check_values,
    kinds_context,
)
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.domain.risk.assessment import justified

__all__ = [
    "InformationEntry",
    "KindChoice",
    "Withdrawal",
    "YesNo",
    "entry_labeller",
    "entry_model",
    "entry_values",
    "form_values",
    "not_registrable",
    "record_problems",
    "registrable_values",
    "to_information",
    "withdrawal_of",
]

_NUMBERS = frozenset({ValueType.COUNT, ValueType.PERCENT, ValueType.SCORE, ValueType.NUMBER})


class YesNo(StrEnum):
    """A flag a person must answer (an unticked box cannot tell "nej" from "not answered")."""

    JA = "ja"
    NEJ = "nej"


class KindChoice(StrEnum):
    """The kinds offered in the form: :func:`entry_model` makes a member per kind of the file."""


class InformationEntry(BaseModel):
    """The fields every kind has; :func:`entry_model` gives the kind its choices (the kinds of
    the file) and adds the values after these, so the kind is known when a value is checked."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kinds_data: ClassVar[InformationKinds | None] = None

    kind: KindChoice = Field(title="Slags oplysning")
    concerns_on: date = Field(
        title="Vedrører dato",
        description="Den dag, oplysningen handler om (for en periode: dens sidste dag).",
    )
    received_on: date = Field(
        title="Modtaget", description="Den dag, socialtilsynet fik oplysningen."
    )
    origin: Origin = Field(title="Kilde")
    description: MultiLineText = Field(
        min_length=1,
        max_length=2000,
        title="Beskrivelse",
        description="Kort og sagligt. Skriv ikke navne på borgere, plejebørn eller indberettere.",
    )

    @classmethod
    def kinds(cls) -> InformationKinds:
        return cls.kinds_data or information_kinds()

    @field_validator(*VALUE_FIELDS, check_fields=False)
    @classmethod
    def _fits_kind(cls, value: Any, info: ValidationInfo) -> Any:
        """A value of the chosen kind: typed right, and what the domain accepts at this field
        (a value the kind does not have is ignored: its field is hidden)."""
        kinds = cls.kinds()
        key = info.field_name
        chosen = info.data.get("kind")
        if key is None or chosen is None or str(chosen) not in kinds:
            return value
        kind = kinds.get(str(chosen))
        if key not in kind.values:
            return value
        parsed = _read(key, value, kinds)
        one = kind.model_copy(update={"values": {key: kind.values[key]}})
        given = InformationValues(**({} if parsed is None else {key: parsed}))
        try:
            check_values(given, one, kinds, info.data.get("concerns_on"))
        except ValueError as exc:
            raise ValueError(_at_field(str(exc), kinds.values[key].label)) from None
        return value


def _at_field(message: str, label: str) -> str:
    """The domain names the value ("«Frist» skal udfyldes"); at its own field it need not."""
    prefix = f"«{label}» "
    return message[len(prefix) :] if message.startswith(prefix) else message


def _read(key: str, value: Any, kinds: InformationKinds) -> Any:
    """A form value as the record holds it: "12,5" → 12.5, Ja → True; a Danish
    ``ValueError`` for text that is no number (or no whole number where one is counted)."""
    if value is None or value == "":
        return None
    spec = kinds.values[key]
    if spec.type is ValueType.FLAG:
        return YesNo(value) is YesNo.JA
    if spec.type in _NUMBERS:
        number = read_typed_number(str(value))
        if number is None:
            raise ValueError("skriv et tal, fx 12,5")
        if spec.type is ValueType.COUNT:
            if not number.is_integer():
                raise ValueError("skriv et helt tal")
            return int(number)
        return number
    return value


def _value_field(key: str, kinds: InformationKinds) -> tuple[Any, Any] | None:
    """The form field of one value (None for a value a person never types: a signal key)."""
    spec = kinds.values[key]
    title, help_text = spec.label, spec.description
    if spec.type in _NUMBERS:
        return (
            str | None,
            Field(None, max_length=20, title=title, description=help_text, validate_default=True),
        )
    if spec.type is ValueType.FLAG:
        return (
            YesNo | None,
            Field(None, title=title, description=help_text, validate_default=True),
        )
    if spec.type is ValueType.DATE:
        return (date | None, Field(None, title=title, description=help_text, validate_default=True))
    return None


def entry_model(
    unit_kind: UnitKind, kinds: InformationKinds | None = None
) -> type[InformationEntry]:
    """The form's model for a unit of ``unit_kind``: the kind offers every kind of the file
    (the form narrows it to the registrable ones with ``choices``), then the fields every kind
    has, then the values of the kinds registrable for ``unit_kind``, in the file's order."""
    kinds = kinds or information_kinds()
    members = [(kind.key, kind.key) for kind in kinds.kinds]
    choice = KindChoice("InformationKindChoice", members)  # type: ignore[call-arg]
    offered = registrable_values(unit_kind, kinds)
    fields: dict[str, Any] = {
        "kind": (choice, Field(title="Slags oplysning")),
    }
    for key in offered:
        field = _value_field(key, kinds)
        if field is not None:
            fields[key] = field
    model = create_model(f"InformationEntry_{unit_kind.value}", __base__=InformationEntry, **fields)
    model.kinds_data = kinds
    return model


def registrable_values(unit_kind: UnitKind, kinds: InformationKinds) -> tuple[str, ...]:
    """The values the kinds registrable for ``unit_kind`` carry, in the order of the record."""
    used = {key for kind in kinds.registrable_for(unit_kind) for key in kind.values}
    return tuple(key for key in VALUE_FIELDS if key in used and key in kinds.values)


def entry_labeller(kinds: InformationKinds | None = None) -> Any:
    """Labels for the form's choices: a kind by its name, Ja/Nej, the rest by ``label_of``."""
    kinds = kinds or information_kinds()

    def label(member: Enum) -> str:
        if isinstance(member, YesNo):
            return "Ja" if member is YesNo.JA else "Nej"
        if isinstance(member, KindChoice):
            return kinds.get(str(member.value)).label
        return label_of(member)

    return label


def not_registrable(kind_key: str, unit_kind: UnitKind, kinds: InformationKinds) -> str | None:
    """Why ``kind_key`` cannot be registered by hand for a unit of ``unit_kind`` (Danish), or
    None when it can. Checked in the kernel, whatever the browser sent."""
    if kind_key not in kinds:
        return f"ukendt slags oplysning «{kind_key}»"
    kind = kinds.get(kind_key)
    if unit_kind not in kind.applies_to:
        return f"«{kind.label}» kan ikke registreres for en {label_of(unit_kind).lower()}"
    if not kind.registrable:
        note = f" {kind.note}" if kind.note else ""
        return f"«{kind.label}» registreres ikke her.{note}"
    return None


def entry_values(entry: InformationEntry) -> dict[str, Any]:
    """The values of the chosen kind, as the record holds them (empty ones left out)."""
    kinds = type(entry).kinds()
    kind = kinds.get(entry.kind.value)
    found: dict[str, Any] = {}
    for key in kind.values:
        value = _read(key, getattr(entry, key, None), kinds)
        if value is not None:
            found[key] = value
    return found


def to_information(
    entry: InformationEntry,
    *,
    unit_id: str,
    registered_by: str,
    registered_at: datetime,
    replaces: int | None = None,
) -> Information:
    """The record a filled-in form makes (a correction when it ``replaces`` one), validated
    by the domain model against the same kinds."""
    kinds = type(entry).kinds()
    return Information.model_validate(
        {
            "unit_id": unit_id,
            "kind": entry.kind.value,
            "concerns_on": entry.concerns_on,
            "received_on": entry.received_on,
            "origin": entry.origin,
            "description": entry.description,
            "values": entry_values(entry),
            "registered_by": registered_by,
            "registered_at": registered_at,
            "replaces": replaces,
        },
        context=kinds_context(kinds),
    )


def record_problems(
    entry: InformationEntry, *, unit_id: str, registered_by: str, registered_at: datetime
) -> list[tuple[str, str]]:
    """What the domain model refuses in the record ``entry`` makes, as (field, Danish message)
    at the form's fields (the time of registration is the received date's concern)."""
    try:
        to_information(
            entry, unit_id=unit_id, registered_by=registered_by, registered_at=registered_at
        )
    except ValidationError as exc:
        found = []
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else ""
            name = "received_on" if name == "registered_at" else name
            found.append((name if name in type(entry).model_fields else "", danish_error(error)))
        return found
    return []


def form_values(information: Information, kinds: InformationKinds | None = None) -> dict[str, Any]:
    """A record as the form's draft (JSON): to correct it, the form opens filled in with it."""
    kinds = kinds or information_kinds()
    draft: dict[str, Any] = {
        "kind": information.kind,
        "concerns_on": information.concerns_on.isoformat(),
        "received_on": information.received_on.isoformat(),
        "origin": information.origin.value,
        "description": information.description,
    }
    for key, value in information.values.given().items():
        spec = kinds.values.get(key)
        if spec is None:
            continue
        if spec.type is ValueType.FLAG:
            draft[key] = (YesNo.JA if value else YesNo.NEJ).value
        elif spec.type in _NUMBERS:
            draft[key] = typed_number(float(value))
        elif spec.type is ValueType.DATE:
            draft[key] = value.isoformat()
    return draft


class Withdrawal(BaseModel):
    """Why a record is withdrawn: a withdrawal always says why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reason: MultiLineText = Field(
        max_length=2000,
        title="Begrundelse for tilbagetrækning",
        description="Hvorfor gælder oplysningen ikke? Den gamle post bliver stående, overstreget.",
    )

    @field_validator("reason")
    @classmethod
    def _justified(cls, value: str) -> str:
        return justified(value).strip()


def withdrawal_of(
    replaced: Information,
    replaced_id: int,
    reason: Withdrawal,
    *,
    registered_by: str,
    registered_at: datetime,
    received_on: date,
    kinds: InformationKinds | None = None,
) -> Information:
    """The record that withdraws ``replaced`` (row ``replaced_id``): the same unit, kind,
    date and values, the reason as its description, received when the socialtilsyn learned
    that the information does not hold (``received_on``, never before the original)."""
    return Information.model_validate(
        {
            **replaced.model_dump(),
            "received_on": max(received_on, replaced.received_on),
            "origin": Origin.SOCIALTILSYNET,
            "description": reason.reason,
            "registered_by": registered_by,
            "registered_at": registered_at,
            "replaces": replaced_id,
            "withdrawn": True,
        },
        context=kinds_context(kinds or information_kinds()),
    )
