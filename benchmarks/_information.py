"""Synthetic information records for the benchmarks: many units, many dated records.

Drawn with NumPy straight into a records frame (``RECORD_COLUMNS``), so a million records
take a second to make; :func:`as_records` turns a frame into the domain's records for the
one-unit definition (without validating each again: the values are valid by construction).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd

from tilsynwidgets.domain.information.as_of import RECORD_COLUMNS, TRANSFERRED
from tilsynwidgets.domain.information.kinds import Origin
from tilsynwidgets.domain.information.records import (
    VALUE_FIELDS,
    Information,
    InformationRecord,
    InformationValues,
)

# Kind, share of records, who it is for (t: tilbud, p: plejefamilie, b: both).
_MIX = (
    ("underretning", 0.22, "b"),
    ("magtanvendelse", 0.22, "t"),
    ("tilsynsbesoeg", 0.16, "b"),
    ("klage", 0.08, "b"),
    ("bekymring_kommune", 0.05, "b"),
    ("whistleblower", 0.04, "b"),
    ("vold_overgreb", 0.04, "b"),
    ("personaleforhold", 0.05, "t"),
    ("oekonomi", 0.03, "t"),
    ("kvalitetsvurdering", 0.06, "b"),
    ("paabud", 0.01, "b"),
    ("skaerpet_tilsyn", 0.005, "b"),
    ("lederskifte", 0.01, "t"),
    ("sammenbrud", 0.005, "p"),
    (TRANSFERRED, 0.02, "b"),
)


def synthetic_portfolio(
    n_units: int, n_records: int, as_of: date, seed: int = 2022
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(units, records): units with id and kind (27 % tilbud, as nationally), and records
    over the two years before ``as_of``, about 1 % of them corrections."""
    rng = np.random.default_rng(seed)
    ids = np.array([f"U-{n:06d}" for n in range(n_units)], dtype=object)
    tilbud = rng.random(n_units) < 2000 / 7300
    units = pd.DataFrame({"id": ids, "kind": np.where(tilbud, "tilbud", "plejefamilie")})
    names = np.array([kind for kind, _, _ in _MIX], dtype=object)
    shares = np.array([share for _, share, _ in _MIX])
    kind = names[rng.choice(len(names), n_records, p=shares / shares.sum())]
    unit = rng.integers(0, n_units, n_records)
    who = dict((k, w) for k, _, w in _MIX)
    for_whom = np.array([who[k] for k in kind])
    wrong = ((for_whom == "t") & ~tilbud[unit]) | ((for_whom == "p") & tilbud[unit])
    kind[wrong] = "klage"
    start = np.datetime64(as_of - timedelta(days=730))
    concerns = start + rng.integers(0, 730, n_records).astype("timedelta64[D]")
    received = concerns + rng.integers(0, 20, n_records).astype("timedelta64[D]")
    values = {name: np.full(n_records, np.nan, dtype=object) for name in VALUE_FIELDS}
    _fill(values, kind, concerns, rng)
    frame = pd.DataFrame(
        {
            "id": np.arange(1, n_records + 1),
            "unit_id": ids[unit],
            "kind": kind,
            "concerns_on": concerns,
            "received_on": received,
            "registered_at": pd.to_datetime(received).tz_localize(UTC) + pd.Timedelta(hours=9),
            "replaces": np.nan,
            "withdrawn": False,
            **{name: column for name, column in values.items()},
        }
    )
    frame = frame.sort_values(["received_on", "id"]).reset_index(drop=True)
    frame["id"] = np.arange(1, n_records + 1)
    _corrections(frame, rng)
    return units, frame.loc[:, list(RECORD_COLUMNS)]


def _fill(
    values: dict[str, np.ndarray], kind: np.ndarray, concerns: np.ndarray, rng: np.random.Generator
) -> None:
    n = len(kind)
    staff = kind == "personaleforhold"
    values["periode_start"][staff] = (concerns[staff] - np.timedelta64(365, "D")).astype(object)
    values["personaleomsaetning_pct"][staff] = rng.uniform(5, 50, staff.sum())
    values["sygefravaer_pct"][staff] = rng.uniform(2, 15, staff.sum())
    money = kind == "oekonomi"
    values["afviger"][money] = rng.random(money.sum()) < 0.1
    quality = kind == "kvalitetsvurdering"
    values["laveste_temascore"][quality] = rng.uniform(1.5, 5, quality.sum())
    orders = kind == "paabud"
    values["frist"][orders] = (concerns[orders] + np.timedelta64(60, "D")).astype(object)
    heightened = kind == "skaerpet_tilsyn"
    values["slut"][heightened] = (concerns[heightened] + np.timedelta64(180, "D")).astype(object)
    carried = kind == TRANSFERRED
    values["signal"][carried] = rng.choice(
        ["complaints", "paabud", "lowest_theme_score"], carried.sum()
    )
    values["vaerdi"][carried] = rng.integers(0, 2, carried.sum()).astype(float)
    counted = np.isin(kind, ["underretning", "magtanvendelse", "klage"]) & (rng.random(n) < 0.2)
    values["antal"][counted] = rng.integers(0, 5, counted.sum())


def _corrections(frame: pd.DataFrame, rng: np.random.Generator) -> None:
    """Make about 1 % of records corrections of an earlier record of the same unit and kind:
    the same unit, kind and values, received later."""
    candidates = frame.index[frame["kind"].isin(["klage", "underretning", "whistleblower"])]
    chosen = rng.choice(candidates, size=len(frame) // 100, replace=False)
    first = frame.groupby(["unit_id", "kind"])["id"].transform("first")
    correcting = frame.index.isin(chosen) & (first.to_numpy() != frame["id"].to_numpy())
    frame.loc[correcting, "replaces"] = first[correcting].astype(float)
    frame.loc[correcting, "concerns_on"] = frame.loc[correcting, "received_on"] - pd.Timedelta(
        days=1
    )
    withdraw = correcting & (rng.random(len(frame)) < 0.3)
    frame.loc[withdraw, "withdrawn"] = True


def as_records(frame: pd.DataFrame) -> dict[str, list[InformationRecord]]:
    """The records of each unit, as the one-unit definition takes them."""
    found: dict[str, list[InformationRecord]] = {}
    stamp = datetime(2000, 1, 1, tzinfo=UTC)
    for row in frame.itertuples(index=False):
        given = {name: _plain(getattr(row, name)) for name in VALUE_FIELDS}
        information = Information.model_construct(
            unit_id=row.unit_id,
            kind=row.kind,
            concerns_on=row.concerns_on.date(),
            received_on=row.received_on.date(),
            origin=Origin.SOCIALTILSYNET,
            description="",
            values=InformationValues.model_construct(**given),
            registered_by="",
            registered_at=stamp,
            replaces=None if np.isnan(row.replaces) else int(row.replaces),
            withdrawn=bool(row.withdrawn),
        )
        found.setdefault(row.unit_id, []).append(InformationRecord(int(row.id), information))
    return found


def _plain(value: object) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.datetime64 | pd.Timestamp):
        return pd.Timestamp(value).date()
    if isinstance(value, np.generic):
        return value.item()
    return value
