"""The sample's drawn records as a records frame, numbered as the store numbers them, and as
validated :class:`Information` models.

The records frame is what the sample computes with (signals as of any day); the models are
what it hands the store. Both hold the same records (a test holds them together).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.local_time import DANISH_TIME
from tilsynwidgets.domain.information.as_of import RECORD_COLUMNS
from tilsynwidgets.domain.information.kinds import Origin, ValueType, information_kinds
from tilsynwidgets.domain.information.records import (
    VALUE_FIELDS,
    Information,
    InformationRecord,
)
from tilsynwidgets.domain.quality.model import QualityAssessment
from tilsynwidgets.sample.calendar import mornings_of
from tilsynwidgets.sample.quality import SampleQuality
from tilsynwidgets.store.derived import quality_information

__all__ = ["numbered_table", "quality_part", "quality_record", "validated_records"]

_EPOCH = np.datetime64("1970-01-01", "D")
_DATE_FIELDS = tuple(
    key for key, spec in information_kinds().values.items() if spec.type is ValueType.DATE
)


def quality_part(quality: SampleQuality) -> pd.DataFrame:
    """The ``kvalitetsvurdering`` records the store derives from the quality assessments:
    on each assessment's Danish date, registered when it was made (:func:`quality_record`)."""
    moments = pd.Series(pd.to_datetime(list(quality.moments), utc=True))
    day = moments.dt.tz_convert(DANISH_TIME).dt.tz_localize(None).dt.normalize()
    numbers = ((day - pd.Timestamp("1970-01-01")).dt.days).to_numpy(np.int64)
    return pd.DataFrame(
        {
            "kind": "kvalitetsvurdering",
            "unit": quality.units,
            "concerns": numbers,
            "received": numbers,
            "origin": Origin.SOCIALTILSYNET.value,
            "description": None,
            "laveste_temascore": quality.lowest_theme_scores,
            "registered_at": moments.to_numpy(),
        }
    )


def quality_record(assessment: QualityAssessment, kind: UnitKind) -> Information:
    """The record the store derives from a quality assessment."""
    made = quality_information(assessment, kind)
    assert made is not None  # the sample scores every indicator of the model
    return made


def numbered_table(
    derived: pd.DataFrame, drawn: pd.DataFrame, unit_ids: np.ndarray
) -> pd.DataFrame:
    """The records frame: the derived records first, then the drawn ones in the order they
    were registered (09:00 Danish time on the day received; ties by unit, then as drawn),
    numbered from 1; a correction's ``replaces`` becomes its original's number."""
    registered = mornings_of(drawn["received"].to_numpy())
    order = np.lexsort(
        (
            np.arange(len(drawn)),
            drawn["unit"].to_numpy(),
            registered.dt.tz_localize(None).to_numpy().astype(np.int64),
        )
    )
    number = np.empty(len(drawn), np.int64)
    number[order] = len(derived) + 1 + np.arange(len(drawn))
    pointing = drawn["replaces"].notna().to_numpy()
    replaces = np.full(len(drawn), np.nan)
    replaces[pointing] = number[drawn["replaces"].to_numpy()[pointing].astype(np.int64)]
    drawn = drawn.assign(replaces=replaces, registered_at=registered.to_numpy()).iloc[order]
    table = pd.concat([derived, drawn], ignore_index=True)
    table["id"] = np.arange(1, len(table) + 1)
    table["unit_id"] = unit_ids[table["unit"].to_numpy()]
    table["concerns_on"] = _EPOCH + table["concerns"].to_numpy(np.int64)
    table["received_on"] = _EPOCH + table["received"].to_numpy(np.int64)
    table["received_day"] = table["received"].to_numpy(np.int64)
    table["withdrawn"] = False
    for name in VALUE_FIELDS:
        if name not in table:
            table[name] = np.nan
        elif name in _DATE_FIELDS:
            days = table[name].to_numpy(np.float64)
            table[name] = pd.Series(pd.to_datetime(days, unit="D")).where(~np.isnan(days))
    table["registered_at"] = pd.to_datetime(table["registered_at"], utc=True)
    extra = ["unit", "received_day", "origin", "description"]
    return table.loc[:, [*RECORD_COLUMNS, *extra]]


def validated_records(table: pd.DataFrame, inspectors: np.ndarray) -> list[InformationRecord]:
    """Validated records from rows of a records frame (with ``unit``, ``origin`` and
    ``description``): each carries only the values its kind has."""
    catalogue = information_kinds()
    fields = {kind.key: tuple(kind.values) for kind in catalogue.kinds}
    columns = {name: table[name].to_numpy() for name in VALUE_FIELDS}
    made = []
    for position, row in enumerate(
        zip(
            table["id"].to_numpy(),
            table["unit_id"].to_numpy(),
            table["kind"].to_numpy(),
            table["concerns_on"].dt.date,
            table["received_on"].dt.date,
            table["origin"].to_numpy(),
            table["description"].to_numpy(),
            table["unit"].to_numpy(),
            table["registered_at"].dt.to_pydatetime(),
            table["replaces"].to_numpy(),
            strict=True,
        )
    ):
        ident, unit_id, kind, concerns, received, origin, text, unit, at, replaces = row
        values = {}
        for name in fields[kind]:
            value = columns[name][position]
            if not pd.isna(value):
                values[name] = _value(name, value)
        information = Information(
            unit_id=unit_id,
            kind=kind,
            concerns_on=concerns,
            received_on=received,
            origin=Origin(origin),
            description=text,
            values=values,
            registered_by=str(inspectors[unit]),
            registered_at=at,
            replaces=None if np.isnan(replaces) else int(replaces),
        )
        made.append(InformationRecord(int(ident), information))
    return made


def _value(name: str, value: Any) -> object:
    """A value of the frame as the record carries it (a date, a flag, a count, a number)."""
    if name in _DATE_FIELDS:
        return pd.Timestamp(value).date()
    if name == "afviger":
        return bool(value)
    if name == "antal":
        return int(value)
    return float(value)
