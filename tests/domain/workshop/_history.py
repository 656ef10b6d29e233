"""Assessment histories for the backtest's tests: a hand-made one built from dated
information records in memory (every figure worked out by hand in ``test_backtest.py``), and a
generated one of 150 units and 450 assessments for the screens' tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tilsynwidgets.domain.core.signals import SignalKind, signal_catalogue
from tilsynwidgets.domain.core.units import Socialtilsyn, UnitType
from tilsynwidgets.domain.information.as_of import InformationFrame, records_frame
from tilsynwidgets.domain.information.kinds import Origin
from tilsynwidgets.domain.information.records import (
    Information,
    InformationRecord,
    InformationValues,
)
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue, default_catalogue
from tilsynwidgets.domain.workshop.backtest import BacktestData, assessment_signals

__all__ = [
    "BLANK_ROWS",
    "HAND_ASSESSMENTS",
    "edited_catalogue",
    "generated_data",
    "hand_assessments",
    "hand_data",
    "hand_frame",
    "hand_records",
    "hand_units",
    "record",
    "synthetic_units",
]


def record(
    ident: int,
    unit_id: str,
    kind: str,
    concerns_on: date,
    received_on: date | None = None,
    *,
    replaces: int | None = None,
    **values: Any,
) -> InformationRecord:
    """A record of ``kind`` about ``unit_id``, registered the day it was received."""
    received = received_on or concerns_on
    return InformationRecord(
        ident,
        Information(
            unit_id=unit_id,
            kind=kind,
            concerns_on=concerns_on,
            received_on=received,
            origin=Origin.SOCIALTILSYNET,
            description=f"Oplysning {ident}",
            values=InformationValues(**values),
            registered_by="t1",
            registered_at=datetime(received.year, received.month, received.day, 12, tzinfo=UTC),
            replaces=replaces,
        ),
    )


def hand_units() -> pd.DataFrame:
    """Two tilbud (t1 in Syd, t2 in Nord) and a plejefamilie (p1 in Øst)."""
    return pd.DataFrame(
        {
            "id": ["t1", "t2", "p1"],
            "name": ["Tilbud 1", "Tilbud 2", "Plejefamilie 1"],
            "unit_type": ["voksne_botilbud", "boern_doegn", "plejefamilie_almen"],
            "kind": ["tilbud", "tilbud", "plejefamilie"],
            "socialtilsyn": ["syd", "nord", "oest"],
        }
    )


def hand_records() -> list[InformationRecord]:
    """t1: a visit (counts known as 0), a whistleblower report received nine days after the
    day it concerns, three complaints later corrected to one, a change of leader. t2: a
    visit, and violence that concerns 20 February but was received 1 April. p1: four
    complaints concerning 10 June, received 12 June; nothing else is known about it. Both
    tilbud have unremarkable yearly figures and a quality assessment from before."""
    return [
        record(1, "t1", "tilsynsbesoeg", date(2025, 1, 15)),
        record(2, "t1", "whistleblower", date(2025, 3, 1), date(2025, 3, 10), antal=1),
        record(3, "t1", "klage", date(2025, 5, 1), date(2025, 5, 2), antal=3),
        record(4, "t1", "lederskifte", date(2025, 5, 20)),
        record(5, "t2", "tilsynsbesoeg", date(2025, 2, 1)),
        record(6, "t2", "vold_overgreb", date(2025, 2, 20), date(2025, 4, 1), antal=1),
        record(7, "p1", "klage", date(2025, 6, 10), date(2025, 6, 12), antal=4),
        record(8, "t1", "klage", date(2025, 5, 1), date(2025, 6, 1), replaces=3, antal=1),
        *(
            made
            for first, unit_id in ((9, "t1"), (12, "t2"))
            for made in _figures_of(first, unit_id)
        ),
    ]


def _figures_of(first: int, unit_id: str) -> list[InformationRecord]:
    """A tilbud's yearly figures and quality assessment, all unremarkable: with them every
    signal of a tilbud is known (the packaged catalogue wants 75 %)."""
    year_end, received = date(2024, 12, 31), date(2025, 1, 10)
    return [
        record(
            first,
            unit_id,
            "personaleforhold",
            year_end,
            received,
            periode_start=date(2024, 1, 1),
            personaleomsaetning_pct=10.0,
            sygefravaer_pct=5.0,
        ),
        record(first + 1, unit_id, "oekonomi", year_end, received, afviger=False),
        record(first + 2, unit_id, "kvalitetsvurdering", date(2024, 11, 15), laveste_temascore=4.0),
    ]


def _utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


HAND_ASSESSMENTS: list[tuple[str, str, str, pd.Timestamp]] = [
    ("t1", "prae", "groen", _utc("2025-03-05 09:00")),  # the whistleblower report is not in yet
    ("t1", "post", "gul", _utc("2025-03-10 08:00")),  # received that day: it counts
    ("t2", "prae", "gul", _utc("2025-03-01 09:00")),  # the violence is not in yet: grøn
    ("p1", "prae", "groen", _utc("2025-06-01 09:00")),  # nothing known: no suggestion
    ("t1", "ny", "roed", _utc("2025-05-25 09:00")),  # three gul criteria escalate to rød
    ("t2", "post", "gul", _utc("2025-04-02 09:00")),
    ("p1", "post", "gul", _utc("2025-06-11 23:30")),  # 01.30 on 12 June in Danish time
    ("t1", "ny", "gul", _utc("2025-06-05 09:00")),  # complaints corrected to one: gul
]
"""(unit, phase, chosen colour, time of assessment), in the order stored."""


def hand_assessments() -> pd.DataFrame:
    unit_id, phase, chosen, assessed_at = zip(*HAND_ASSESSMENTS, strict=True)
    return pd.DataFrame(
        {
            "unit_id": list(unit_id),
            "phase": list(phase),
            "suggested": None,
            "chosen": list(chosen),
            "assessor": "t1",
            "assessed_at": pd.DatetimeIndex(list(assessed_at)),
            "deviation": False,
        }
    )


def hand_frame() -> InformationFrame:
    units = hand_units()
    return InformationFrame(
        records_frame(hand_records()), pd.Index(units["id"]), units["kind"].tolist()
    )


def edited_catalogue() -> CriteriaCatalogue:
    """The packaged catalogue with whistleblower reports counting from 0 (many rows move)."""
    catalogue = default_catalogue()
    criteria = tuple(
        c.model_copy(update={"threshold": 0.0}) if c.id == "whistleblower" else c
        for c in catalogue.criteria
    )
    return catalogue.model_copy(update={"criteria": criteria, "version": "arbejdskopi"})


BLANK_ROWS = 9
"""Generated assessments whose signals are all unknown: no suggestion."""

_LATENT = ("groen", "gul", "roed")
_COUNT_RATE = (0.03, 0.3, 1.5)  # per latent colour
_FLAG_CHANCE = (0.01, 0.08, 0.3)


def synthetic_units(seed: int, n_tilbud: int, n_plejefamilier: int) -> pd.DataFrame:
    """Units with a float64 column per signal and a latent colour, drawn here so that the
    workshop's tests do not depend on the sample generator: counts Poisson by latent
    colour, percentages and scores around a level by colour, flags by chance; a signal
    that does not apply to the unit's kind is NaN, and 4 % of the others are unknown."""
    rng = np.random.default_rng(seed)
    n = n_tilbud + n_plejefamilier
    kinds = np.array(["tilbud"] * n_tilbud + ["plejefamilie"] * n_plejefamilier, dtype=object)
    tilbud_types = [t.value for t in UnitType if t.kind.value == "tilbud"]
    family_types = [t.value for t in UnitType if t.kind.value == "plejefamilie"]
    types = np.where(
        kinds == "tilbud", rng.choice(tilbud_types, n), rng.choice(family_types, n)
    ).astype(object)
    latent = rng.choice(3, n, p=[0.7, 0.22, 0.08])
    frame = pd.DataFrame(
        {
            "id": [f"E{i:04d}" for i in range(n)],
            "name": [f"Enhed {i}" for i in range(n)],
            "unit_type": types,
            "kind": kinds,
            "socialtilsyn": rng.choice([s.value for s in Socialtilsyn], n).astype(object),
            "team": "Team 1",
            "latent": np.array(_LATENT, dtype=object)[latent],
        }
    )
    for signal in signal_catalogue().signals:
        if signal.kind is SignalKind.COUNT:
            values = rng.poisson(np.take(_COUNT_RATE, latent)).astype(np.float64)
        elif signal.kind is SignalKind.FLAG:
            values = (rng.random(n) < np.take(_FLAG_CHANCE, latent)).astype(np.float64)
        elif signal.kind is SignalKind.PERCENT:
            values = np.clip(rng.normal(6 + 9 * latent, 4), 0, 100).round(1)
        else:
            values = np.clip(rng.normal(4.3 - 0.8 * latent, 0.3), 1, 5).round(1)
        applies = np.isin(kinds, [k.value for k in signal.applies_to])
        values[~applies | (rng.random(n) < 0.04)] = np.nan
        frame[signal.key] = values
    return frame


@cache
def generated_data() -> BacktestData:
    """150 units, three assessments each (præ, post, then præ again, or nye oplysninger for
    every third unit), with signals that grow from one assessment to the next and colours
    chosen near the unit's latent colour; the first :data:`BLANK_ROWS` know nothing."""
    units = synthetic_units(7, n_tilbud=60, n_plejefamilier=90)
    rng = np.random.default_rng(3)
    keys = list(signal_catalogue().keys)
    rows: list[dict[str, Any]] = []
    signals: list[npt.NDArray[np.float64]] = []
    values = units[keys].to_numpy(dtype=np.float64)
    for position, unit in enumerate(units.itertuples(index=False)):
        for step, phase in enumerate(("prae", "post", "prae")):
            shift = int(rng.choice([-1, 0, 0, 0, 1]))
            rows.append(
                {
                    "unit_id": unit.id,
                    "phase": "ny" if step == 2 and position % 3 == 0 else phase,
                    "chosen": _LATENT[min(2, max(0, _LATENT.index(str(unit.latent)) + shift))],
                    "assessed_at": pd.Timestamp("2025-01-06 09:00", tz="UTC")
                    + timedelta(days=120 * step + position),
                }
            )
            signals.append((values[position] * (0.6 + 0.3 * step)).round())
    assessments = pd.DataFrame(rows)
    signals_at = pd.DataFrame(np.vstack(signals), columns=keys)
    signals_at.iloc[:BLANK_ROWS] = np.nan
    return BacktestData.prepare(assessments, signals_at, units)


def hand_data(only: str | None = None) -> BacktestData:
    """The hand-made history prepared; ``only`` keeps one unit's assessments."""
    assessments = hand_assessments()
    if only is not None:
        assessments = assessments[assessments["unit_id"] == only].reset_index(drop=True)
    return BacktestData.prepare(
        assessments, assessment_signals(hand_frame(), assessments), hand_units()
    )
