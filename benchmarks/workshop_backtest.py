"""Benchmark: one catalogue edit's honest backtest over a 10× national history.

The history is synthetic and built here with NumPy, as ``workshop_edit.py`` builds its
75,000 units: 75,000 units (2,000 : 5,300 tilbud to plejefamilier, as nationally), each with
a latent colour; about 1,000,000 dated information records over three years (events as
Poisson processes whose rates grow with the latent colour; the socialtilsyn's own visits,
which make event counts known; yearly staff figures, accounts and quality assessments; a few
påbud and skærpet tilsyn; corrections that replace earlier records); and about 280,000
assessments over the last two years (præ and post per supervision cycle, and nye oplysninger
after some records that require a decision), the colour chosen near the packaged
catalogue's suggestion on the day.

Timed, in one run:

* the one-off preparation: the records prepared (:class:`InformationFrame`), every
  assessment's signals as of its Danish date (:func:`assessment_signals`) and the rows
  prepared (:meth:`BacktestData.prepare`);
* one edit ("klager" ≥ 3 → ≥ 2, as in ``workshop_edit.py``): :func:`backtest` of the edited
  catalogue against the saved one, and the same with the redraw the screen shows
  (:class:`BacktestPanel`: the table per phase and the suggested × chosen table, HTML set
  on the widgets) — the median of ``--repeat`` runs (at least 20). The aim, redraw
  included, is 500 ms.

The baseline, measured in the same run, is the same backtest done without arrays: one
assessment at a time, its known signals as a dict and :func:`suggest_category` (pydantic
models, the inspector's path) for the edited and for the saved catalogue, the phase ×
suggestion × chosen counts tallied in Python and the kappas computed from them. It is timed
on a random sample of assessments and scaled to all of them. It leaves out drawing, so the
ratio against the edit *with* redraw understates the gain rather than flatters it. The
script also checks that the sample's one-at-a-time suggestions equal the vectorised ones.

    python benchmarks/workshop_backtest.py [--units 75000] [--repeat 30] [--sample 2000]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.signals import SignalKind, signal_catalogue
from tilsynwidgets.domain.core.units import Socialtilsyn, UnitType
from tilsynwidgets.domain.information.as_of import RECORD_COLUMNS, InformationFrame
from tilsynwidgets.domain.information.kinds import information_kinds
from tilsynwidgets.domain.information.records import VALUE_FIELDS
from tilsynwidgets.domain.risk.criteria import (
    CriteriaCatalogue,
    Criterion,
    default_catalogue,
    suggest_category,
)
from tilsynwidgets.domain.risk.evaluation import evaluate_portfolio
from tilsynwidgets.domain.workshop.backtest import (
    BacktestData,
    assessment_signals,
    backtest,
)
from tilsynwidgets.domain.workshop.cohen_kappa import cohen_agreement
from tilsynwidgets.widgets.workshop.backtest import BacktestPanel

AIM_MS = 500.0
EDITED_CRITERION = "klager"
EDITED_THRESHOLD = 2.0
DATA_DATE = np.datetime64("2026-11-01", "D")
HISTORY_DAYS = 2 * 365  # assessments over the last two years
RECORD_DAYS = 3 * 365  # records from a year before, so the first assessments know a past
LATENT_SHARES = (0.72, 0.22, 0.06)  # grøn, gul, rød: an assumption (DOMAIN.md, peers abroad)
RISK = np.array([1.0, 2.5, 5.0])  # how much more often events happen by latent colour

# Events per unit and year at latent grøn: (kind, applies to, rate, largest «antal»).
# Whistleblower reports: 1,344 nationally in 2017 over ~8,000 units (DOMAIN.md);
# magtanvendelser: 2,645 over 362 tilbud in Midt 2019, reported in batches here; the rest
# are assumptions sized so that the history has about 1,000,000 records.
EVENTS: tuple[tuple[str, str, float, int], ...] = (
    ("whistleblower", "both", 0.12, 1),
    ("underretning", "both", 0.4, 2),
    ("magtanvendelse", "tilbud", 1.0, 8),
    ("vold_overgreb", "both", 0.15, 2),
    ("klage", "both", 0.15, 2),
    ("bekymring_kommune", "both", 0.12, 1),
    ("lederskifte", "tilbud", 0.12, 0),
    ("flytning", "plejefamilie", 0.1, 0),
    ("sygdom", "plejefamilie", 0.1, 0),
    ("samlivsophoer", "plejefamilie", 0.03, 0),
    ("sammenbrud", "plejefamilie", 0.05, 0),
    ("medieomtale", "both", 0.03, 0),
    ("andet", "both", 0.1, 0),
)
VISITS_PER_YEAR = 1.2  # 13,006 visits in 2019 over ~7,500 units, not all in the window
CORRECTED_SHARE = 0.01


def edited_catalogue(saved: CriteriaCatalogue) -> CriteriaCatalogue:
    """The saved catalogue with one threshold changed, as the workshop would build it."""
    criteria = tuple(
        Criterion.model_validate({**c.model_dump(), "threshold": EDITED_THRESHOLD})
        if c.id == EDITED_CRITERION
        else c
        for c in saved.criteria
    )
    return saved.model_copy(update={"criteria": criteria, "version": "arbejdskopi"})


# --- the synthetic history ------------------------------------------------------------------


def make_units(rng: np.random.Generator, n_units: int) -> pd.DataFrame:
    n_tilbud = round(n_units * 2000 / 7300)
    kinds = np.array(["tilbud"] * n_tilbud + ["plejefamilie"] * (n_units - n_tilbud), dtype=object)
    tilbud_types = [t.value for t in UnitType if t.kind is UnitKind.TILBUD]
    family_types = [t.value for t in UnitType if t.kind is UnitKind.PLEJEFAMILIE]
    types = np.where(
        kinds == "tilbud", rng.choice(tilbud_types, n_units), rng.choice(family_types, n_units)
    )
    return pd.DataFrame(
        {
            "id": [f"E{n:06d}" for n in range(n_units)],
            "name": [f"Enhed {n}" for n in range(n_units)],
            "unit_type": types.astype(object),
            "kind": kinds,
            "socialtilsyn": rng.choice([s.value for s in Socialtilsyn], n_units).astype(object),
            "team": "Team 1",
            "latent": rng.choice(3, n_units, p=LATENT_SHARES),
        }
    )


class _Records:
    """Columns of records, appended kind by kind, then one frame."""

    def __init__(self) -> None:
        self.parts: list[dict[str, Any]] = []

    def add(
        self, unit: npt.NDArray[np.int64], kind: str, concerns: npt.NDArray[Any], **values: Any
    ) -> None:
        self.parts.append({"unit": unit, "kind": kind, "concerns": concerns, **values})

    def frame(self, rng: np.random.Generator, units: pd.DataFrame) -> pd.DataFrame:
        n = sum(len(p["unit"]) for p in self.parts)
        unit = np.concatenate([p["unit"] for p in self.parts])
        concerns = np.concatenate([p["concerns"] for p in self.parts]).astype("datetime64[D]")
        kind = np.concatenate(
            [np.full(len(p["unit"]), p["kind"], dtype=object) for p in self.parts]
        )
        delay = np.minimum(rng.geometric(0.25, n) - 1, 30).astype("timedelta64[D]")
        received = np.minimum(concerns + delay, DATA_DATE)
        columns: dict[str, Any] = {}
        for name in VALUE_FIELDS:
            if name == "signal":
                continue
            parts = []
            for p in self.parts:
                value = p.get(name)
                size = len(p["unit"])
                if value is None:
                    parts.append(
                        np.full(size, np.datetime64("NaT"), dtype="datetime64[D]")
                        if name in _DATES
                        else np.full(size, np.nan)
                    )
                else:
                    parts.append(np.asarray(value))
            columns[name] = np.concatenate(parts)
        # Corrections: a later record of the same kind that replaces an earlier one.
        order = np.lexsort((received, unit))
        unit, kind, concerns, received = unit[order], kind[order], concerns[order], received[order]
        columns = {name: values[order] for name, values in columns.items()}
        ids = np.arange(1, n + 1, dtype=np.int64)
        corrected = np.flatnonzero(
            (rng.random(n) < CORRECTED_SHARE) & (kind != "tilsynsbesoeg") & (received < DATA_DATE)
        )
        fix_received = np.minimum(received[corrected] + np.timedelta64(10, "D"), DATA_DATE)
        frame = pd.DataFrame(
            {
                "id": np.concatenate([ids, n + 1 + np.arange(len(corrected))]),
                "unit_id": units["id"].to_numpy()[np.concatenate([unit, unit[corrected]])],
                "kind": np.concatenate([kind, kind[corrected]]),
                "concerns_on": np.concatenate([concerns, concerns[corrected]]),
                "received_on": np.concatenate([received, fix_received]),
                "replaces": np.concatenate([np.full(n, np.nan), ids[corrected].astype(float)]),
                "withdrawn": False,
                **{
                    name: np.concatenate([values, values[corrected]])
                    for name, values in columns.items()
                },
            }
        )
        frame["registered_at"] = pd.to_datetime(frame["received_on"]).dt.tz_localize("UTC")
        frame["signal"] = None
        antal = frame["antal"].to_numpy(copy=True)
        fixed = frame.index[n:]
        antal[fixed] = np.where(np.isnan(antal[fixed]), np.nan, np.maximum(antal[fixed] - 1, 1))
        frame["antal"] = antal
        return frame[list(RECORD_COLUMNS)]


_DATES = {"periode_start", "slut", "frist", "efterkommet"}


def make_records(rng: np.random.Generator, units: pd.DataFrame) -> pd.DataFrame:
    n = len(units)
    latent = units["latent"].to_numpy()
    tilbud = (units["kind"] == "tilbud").to_numpy()
    start = DATA_DATE - np.timedelta64(RECORD_DAYS, "D")
    years = RECORD_DAYS / 365
    made = _Records()

    def days(count: int) -> npt.NDArray[np.datetime64]:
        return start + rng.integers(1, RECORD_DAYS + 1, count).astype("timedelta64[D]")

    for kind, applies, rate, largest in EVENTS:
        fits = np.ones(n, dtype=bool) if applies == "both" else tilbud == (applies == "tilbud")
        counts = rng.poisson(rate * years * RISK[latent]) * fits
        unit = np.repeat(np.arange(n), counts)
        antal = rng.integers(1, largest + 1, len(unit)).astype(float) if largest else None
        made.add(unit, kind, days(len(unit)), antal=antal)
    visits = rng.poisson(VISITS_PER_YEAR * years, n)
    unit = np.repeat(np.arange(n), visits)
    made.add(unit, "tilsynsbesoeg", days(len(unit)))
    for year in range(3):  # yearly staff figures and accounts for tilbud, at each year's end
        end = DATA_DATE - np.timedelta64(365 * year + 30, "D")
        unit = np.flatnonzero(tilbud)
        level = latent[unit]
        made.add(
            unit,
            "personaleforhold",
            np.full(len(unit), end),
            periode_start=np.full(len(unit), end - np.timedelta64(364, "D")),
            personaleomsaetning_pct=np.clip(rng.normal(12 + 10 * level, 7), 0, 100).round(1),
            sygefravaer_pct=np.clip(rng.normal(5 + 3 * level, 2), 0, 100).round(1),
        )
        made.add(
            unit,
            "oekonomi",
            np.full(len(unit), end),
            afviger=(rng.random(len(unit)) < 0.04 * RISK[level]).astype(float),
        )
    for _ in range(2):  # two quality assessments in three years
        made.add(
            np.arange(n),
            "kvalitetsvurdering",
            days(n),
            laveste_temascore=np.clip(rng.normal(4.1 - 0.6 * latent, 0.4), 1, 5).round(2),
        )
    risky = np.flatnonzero((latent == 2) & (rng.random(n) < 0.3))
    on = days(len(risky))
    made.add(
        risky,
        "paabud",
        on,
        frist=on + np.timedelta64(60, "D"),
        efterkommet=np.where(
            rng.random(len(risky)) < 0.6, on + np.timedelta64(45, "D"), np.datetime64("NaT")
        ),
    )
    sharp = np.flatnonzero((latent == 2) & (rng.random(n) < 0.1))
    on = days(len(sharp))
    made.add(sharp, "skaerpet_tilsyn", on, slut=on + np.timedelta64(180, "D"))
    return made.frame(rng, units)


def make_assessments(
    rng: np.random.Generator, units: pd.DataFrame, records: pd.DataFrame
) -> pd.DataFrame:
    """Præ and post per cycle (one or two cycles in the two years), and nye oplysninger a few
    days after some records that require a decision."""
    n = len(units)
    first = DATA_DATE - np.timedelta64(HISTORY_DAYS, "D")
    cycles = np.where(rng.random(n) < 0.8, 2, 1)
    unit = np.repeat(np.arange(n), cycles)
    cycle = np.concatenate([np.arange(c) for c in cycles])
    prae = first + (cycle * 365 + rng.integers(0, 290, len(unit))).astype("timedelta64[D]")
    post = prae + rng.integers(14, 75, len(unit)).astype("timedelta64[D]")
    deciding = records["kind"].isin(information_kinds().requiring_decision()).to_numpy()
    received = records["received_on"].to_numpy().astype("datetime64[D]")
    chosen_rows = np.flatnonzero(deciding & (received >= first) & (rng.random(len(records)) < 0.12))
    ny_unit = pd.Index(units["id"]).get_indexer(records["unit_id"].to_numpy()[chosen_rows])
    ny = np.minimum(
        received[chosen_rows] + rng.integers(1, 20, len(chosen_rows)).astype("timedelta64[D]"),
        DATA_DATE,
    )
    all_units = np.concatenate([unit, unit, ny_unit])
    days = np.concatenate([prae, post, ny])
    keep = days <= DATA_DATE
    hours = rng.integers(7, 14, len(days)).astype("timedelta64[h]")  # 8–15 Danish time
    stamps = pd.to_datetime((days.astype("datetime64[h]") + hours)[keep]).tz_localize("UTC")
    phases = np.concatenate(
        [np.full(len(unit), "prae"), np.full(len(unit), "post"), np.full(len(ny), "ny")]
    )
    return pd.DataFrame(
        {
            "unit_id": units["id"].to_numpy()[all_units[keep]],
            "phase": phases[keep].astype(object),
            "chosen": None,
            "assessed_at": stamps,
        }
    )


def choose_colours(
    rng: np.random.Generator, rows: pd.DataFrame, latent: npt.NDArray[np.int64]
) -> npt.NDArray[np.object_]:
    """The chosen colour: the packaged catalogue's suggestion on the day (the latent colour
    where there is none), moved one step in a fifth of the assessments."""
    suggested = evaluate_portfolio(rows, default_catalogue()).ranks.astype(np.int64)
    base = np.where(suggested < 0, latent, suggested)
    step = np.where(rng.random(len(base)) < 0.2, rng.choice([-1, 1], len(base)), 0)
    colours = np.array(["groen", "gul", "roed"], dtype=object)
    chosen: npt.NDArray[np.object_] = colours[np.clip(base + step, 0, 2)]
    return chosen


# --- the baseline: one assessment at a time ------------------------------------------------


def one_at_a_time(
    data: BacktestData, sample: npt.NDArray[np.int64], catalogues: tuple[CriteriaCatalogue, ...]
) -> tuple[float, list[list[int]]]:
    """Seconds to backtest the sampled rows through pydantic for each catalogue, and the
    suggested ranks per catalogue."""
    rows = data.rows.units
    keys = [k for k in signal_catalogue().keys if k in rows.columns]
    flags = {s.key for s in signal_catalogue().signals if s.kind is SignalKind.FLAG}
    values = rows[keys].to_numpy(dtype=np.float64)
    kinds = rows["kind"].to_numpy()
    phases = data.phases
    chosen = data.rows.chosen_ranks
    start = time.perf_counter()
    ranks: list[list[int]] = [[] for _ in catalogues]
    for catalogue, found in zip(catalogues, ranks, strict=True):
        tally: Counter[tuple[int, int, int]] = Counter()
        for position in sample:
            signals: dict[str, bool | float | None] = {
                key: (bool(v) if key in flags else float(v))
                for key, v in zip(keys, values[position], strict=True)
                if not np.isnan(v)
            }
            suggestion = suggest_category(signals, catalogue, UnitKind(kinds[position]))
            rank = -1 if suggestion.category is None else suggestion.category.rank
            found.append(rank)
            tally[(int(phases[position]), rank, int(chosen[position]))] += 1
        for phase in (0, 1, 2, None):
            table = [
                [
                    sum(
                        count
                        for (p, s, c), count in tally.items()
                        if (phase is None or p == phase) and s == row and c == column
                    )
                    for column in range(3)
                ]
                for row in range(3)
            ]
            cohen_agreement(table)
    return time.perf_counter() - start, ranks


def _median_ms(action: Callable[[], object], repeat: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=75_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    repeat = max(args.repeat, 20)
    rng = np.random.default_rng(args.seed)

    start = time.perf_counter()
    units = make_units(rng, args.units)
    records = make_records(rng, units)
    assessments = make_assessments(rng, units, records)
    generated = time.perf_counter() - start

    start = time.perf_counter()
    frame = InformationFrame(records, pd.Index(units["id"]), units["kind"].tolist())
    prepared_records = time.perf_counter() - start
    start = time.perf_counter()
    signals_at = assessment_signals(frame, assessments)
    signals_time = time.perf_counter() - start
    positions = pd.Index(units["id"]).get_indexer(assessments["unit_id"])
    rows = pd.concat(
        [units[["id", "kind"]].take(positions).reset_index(drop=True), signals_at], axis=1
    )
    assessments["chosen"] = choose_colours(rng, rows, units["latent"].to_numpy()[positions])
    start = time.perf_counter()
    data = BacktestData.prepare(assessments, signals_at, units)
    rows_time = time.perf_counter() - start

    saved = default_catalogue()
    edited = edited_catalogue(saved)
    result = backtest(data, edited, saved)  # warm-up: imports, caches
    domain_ms, _ = _median_ms(lambda: backtest(data, edited_catalogue(saved), saved), repeat)
    panel = BacktestPanel(data)
    panel.show(result)
    redraw_ms, redraw_times = _median_ms(
        lambda: panel.show(backtest(data, edited_catalogue(saved), saved)), repeat
    )

    sample = np.sort(
        rng.choice(data.n_assessments, min(args.sample, data.n_assessments), replace=False)
    )
    sampled, (one_edited, one_saved) = one_at_a_time(data, sample, (edited, saved))
    sequential_ms = sampled * 1000 * data.n_assessments / len(sample)
    same = int((np.asarray(one_edited) == result.ranks[sample]).sum())
    same_saved = int((np.asarray(one_saved) == backtest(data, saved).ranks[sample]).sum())

    overall = result.overall
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines = [
        ("enheder", f"{len(units):,}"),
        ("oplysninger (poster)", f"{len(records):,}"),
        (
            "vurderinger",
            f"{data.n_assessments:,}  "
            + ", ".join(
                f"{phase} {count:,}" for phase, count in assessments["phase"].value_counts().items()
            ),
        ),
        ("redigering", f"{EDITED_CRITERION}: ≥ 3 → ≥ {EDITED_THRESHOLD:g}"),
        ("uden forslag (for lidt kendt på dagen)", f"{int(overall['without_suggestion']):,}"),
        (
            "enighed i alt (arbejdskopi)",
            f"{overall['agreement']:.3f}  (ændring {overall['agreement_change']:+.4f})",
        ),
        (
            "kappa i alt (arbejdskopi)",
            f"{overall['kappa']:.3f}  (ændring {overall['kappa_change']:+.4f})",
        ),
        ("syntetisk historik dannet", f"{generated:.1f} s"),
        ("forberedelse: oplysningerne (InformationFrame)", f"{prepared_records * 1000:.0f} ms"),
        ("forberedelse: signaler på vurderingsdagene", f"{signals_time * 1000:.0f} ms"),
        ("forberedelse: rækkerne (BacktestData.prepare)", f"{rows_time * 1000:.0f} ms"),
        (
            "forberedelse i alt (én gang)",
            f"{(prepared_records + signals_time + rows_time) * 1000:.0f} ms",
        ),
        (f"backtest (median af {repeat})", f"{domain_ms:.1f} ms"),
        (
            f"backtest med visning (median af {repeat})",
            f"{redraw_ms:.1f} ms  (95. percentil {float(np.percentile(redraw_times, 95)):.1f} ms)",
        ),
        (
            "én vurdering ad gangen (suggest_category)",
            f"{sequential_ms:.0f} ms  (målt på {len(sample):,} vurderinger: "
            f"{sampled * 1000:.0f} ms, skaleret til {data.n_assessments:,})",
        ),
        ("forhold mod backtest med visning", f"{sequential_ms / redraw_ms:.0f}x"),
        ("mål for backtest med visning", f"{AIM_MS:.0f} ms"),
        ("samme forslag i stikprøven", f"{same:,} og {same_saved:,} af {len(sample):,}"),
        ("højeste hukommelsesforbrug (proces)", f"{peak:.0f} MiB"),
    ]
    for label, value in lines:
        print(f"{label + ':':<52}{value}")
    if same != len(sample) or same_saved != len(sample):
        raise SystemExit("vektoriseret og én-ad-gangen giver forskellige forslag")


if __name__ == "__main__":
    main()
