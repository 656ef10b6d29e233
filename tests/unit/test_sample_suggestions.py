"""Suggestions as of a day for many (unit, day) pairs at once equal the one-unit definition."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import numpy as np

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.information.as_of import unit_signals_as_of
from tilsynwidgets.domain.information.records import InformationRecord
from tilsynwidgets.domain.risk.criteria import default_catalogue, suggest_category
from tilsynwidgets.sample.calendar import day_number, day_of
from tilsynwidgets.sample.information import generate_information
from tilsynwidgets.sample.suggestions import SuggestionsAsOf
from tilsynwidgets.sample.units import draw_units_frame

AS_OF = date(2026, 11, 1)


def test_the_same_as_unit_by_unit_for_random_pairs() -> None:
    units = draw_units_frame(23, AS_OF, n_tilbud=40, n_plejefamilier=60)
    information = generate_information(units, 23, AS_OF)
    rng = np.random.default_rng(5)
    start, end = day_number(information.calendar.start), day_number(AS_OF)
    positions = rng.integers(0, len(units), 400)
    days = rng.integers(start, end + 1, 400)
    found = SuggestionsAsOf(units, information, positions, days, default_catalogue())
    assert len(found) == len(set(zip(positions.tolist(), days.tolist(), strict=True)))
    records: dict[str, list[InformationRecord]] = defaultdict(list)
    for record in information.records:
        records[record.information.unit_id].append(record)
    shared = 0
    seen = {}
    for position, day in zip(positions, days, strict=True):
        unit_id, kind = units.iloc[int(position)][["id", "kind"]]
        signals = unit_signals_as_of(records[unit_id], day_of(int(day)), UnitKind(kind))
        expected = suggest_category(signals, default_catalogue(), UnitKind(kind))
        suggestion = found.suggestion(int(position), int(day))
        assert suggestion == expected
        assert found.rank(int(position), int(day)) == (
            expected.category.rank if expected.category is not None else -1
        )
        for key, value in signals.items():
            assert found.signals(int(position), int(day))[key] == float(value)
        shared += id(suggestion) in seen
        seen[id(suggestion)] = suggestion
    assert shared > 0  # equal suggestions are one object
