"""The sample's records frame and its validated records hold the same records, numbered as
the store numbers them: the quality assessments' records first, then the rest as registered."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from tilsynwidgets.domain.core.local_time import in_danish_time
from tilsynwidgets.domain.information.kinds import Origin
from tilsynwidgets.sample.calendar import day_number
from tilsynwidgets.sample.quality import SampleQuality
from tilsynwidgets.sample.records import numbered_table, quality_part, validated_records

AS_OF = date(2026, 11, 1)


def drawn() -> pd.DataFrame:
    """Three hand-made records of two units: an order, a whistleblower report, the order met."""
    day = day_number(date(2026, 3, 2))
    return pd.DataFrame(
        {
            "kind": ["paabud", "whistleblower", "paabud"],
            "unit": [1, 0, 1],
            "concerns": [day, day - 3, day],
            "received": [day, day, day + 40],
            "origin": ["socialtilsynet", "anonym", "socialtilsynet"],
            "description": ["Påbud.", "Henvendelse.", "Påbuddet er efterkommet."],
            "antal": [np.nan, 1.0, np.nan],
            "frist": [day + 30, np.nan, day + 30],
            "efterkommet": [np.nan, np.nan, day + 35],
            "replaces": [np.nan, np.nan, 0.0],
        }
    )


def test_numbered_as_registered_and_a_correction_points_at_its_order() -> None:
    table = numbered_table(no_quality(), drawn(), np.array(["T-1", "T-2"]))
    assert table["id"].tolist() == [1, 2, 3]
    # Same morning: the unit first in the list first, then as drawn.
    assert table["kind"].tolist() == ["whistleblower", "paabud", "paabud"]
    assert table["unit_id"].tolist() == ["T-1", "T-2", "T-2"]
    assert table["replaces"].fillna(0).tolist() == [0, 0, 2]
    local = [in_danish_time(t.to_pydatetime()) for t in table["registered_at"]]
    assert [(t.hour, t.minute) for t in local] == [(9, 0)] * 3
    assert table.loc[2, "efterkommet"] == pd.Timestamp(2026, 4, 6)


def test_the_validated_records_carry_only_their_kinds_values() -> None:
    table = numbered_table(no_quality(), drawn(), np.array(["T-1", "T-2"]))
    records = validated_records(table, np.array(["tk-midt-11", "tk-midt-12"]))
    assert [r.id for r in records] == [1, 2, 3]
    report, order, met = (r.information for r in records)
    assert report.values.given() == {"antal": 1}
    assert report.origin is Origin.ANONYM
    assert report.registered_by == "tk-midt-11"
    assert order.values.given() == {"frist": date(2026, 4, 1)}
    assert met.values.given() == {"frist": date(2026, 4, 1), "efterkommet": date(2026, 4, 6)}
    assert met.replaces == 2
    assert met.received_on == date(2026, 4, 11)


def no_quality() -> pd.DataFrame:
    """The derived part of a sample without quality assessments."""
    empty = SampleQuality(
        cycle_rows=np.zeros(0, np.int64),
        units=np.zeros(0, np.int64),
        unit_ids=np.zeros(0, object),
        kinds=(),
        scores=(),
        moments=(),
        assessors=np.zeros(0, object),
    )
    return quality_part(empty)
