"""Benchmark: one edit in the criteria workshop on 75,000 units (10× the national portfolio).

The units and their signals as of the working day come from the synthetic history of
``workshop_backtest.py`` (about 1,000,000 dated records, :meth:`InformationFrame.as_of`), as
the workshop shows them.

An edit changes one criterion's threshold ("klager" from 3 to 2); the workshop then
recomputes its figures of the units as they stand: :func:`effect` against the saved
catalogue (suggested colours, distributions per socialtilsyn and unit type, changed units,
fires / alone decides per criterion) and :func:`threshold_sweep` for the edited criterion.
It also times the edit as a user makes it: the threshold typed into the workshop's criteria
editor, the figures recomputed and every panel redrawn (distribution bars, changed units,
criteria table, sweep chart), as ``WorkshopApp`` wires them. The backtest against the
chosen colours, each as of its own day, is timed by ``workshop_backtest.py``. Prints the
medians of repeated runs and, in the same run, the baseline of suggesting a colour unit by
unit through :func:`suggest_category`: timed on a random sample of units and scaled to the
whole portfolio. The aim for the edit, HTML redraw included, is 200 ms.

    python benchmarks/workshop_edit.py [--units 75000] [--repeat 30] [--sample 2000]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

import numpy as np
import pandas as pd

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.danish_numbers import typed_number
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.signals import SignalKind, SignalValue, signal_catalogue
from tilsynwidgets.domain.information.as_of import InformationFrame
from tilsynwidgets.domain.risk.criteria import (
    CriteriaCatalogue,
    Criterion,
    default_catalogue,
    suggest_category,
)
from tilsynwidgets.domain.workshop.effect import WorkshopData, effect
from tilsynwidgets.domain.workshop.sweep import threshold_sweep
from tilsynwidgets.widgets.workshop.criteria_editor import CriteriaEditor
from tilsynwidgets.widgets.workshop.effect import EffectPanel
from workshop_backtest import make_records, make_units

AIM_MS = 200.0
AS_OF = date(2026, 11, 1)
EDITED_CRITERION = "klager"
EDITED_THRESHOLD = 2.0


def edited_catalogue(saved: CriteriaCatalogue) -> CriteriaCatalogue:
    """The saved catalogue with one threshold changed, as the workshop would build it."""
    criteria = tuple(
        Criterion.model_validate({**c.model_dump(), "threshold": EDITED_THRESHOLD})
        if c.id == EDITED_CRITERION
        else c
        for c in saved.criteria
    )
    return saved.model_copy(update={"criteria": criteria, "version": "workshop"})


def _known_signals(rows: pd.DataFrame) -> list[tuple[dict[str, SignalValue | None], UnitKind]]:
    """Each row's known signals as the one-unit path takes them (flags as booleans)."""
    flags = {s.key for s in signal_catalogue().signals if s.kind is SignalKind.FLAG}
    keys = list(signal_catalogue().keys)
    found: list[tuple[dict[str, SignalValue | None], UnitKind]] = []
    for values, kind in zip(rows[keys].to_numpy(dtype=np.float64), rows["kind"], strict=True):
        known: dict[str, SignalValue | None] = {
            key: bool(v) if key in flags else float(v)
            for key, v in zip(keys, values, strict=True)
            if not np.isnan(v)
        }
        found.append((known, UnitKind(kind)))
    return found


def _rank(category: RiskCategory | None) -> int:
    """A suggestion's rank as :func:`effect` holds it: -1 for none (too little known)."""
    return -1 if category is None else category.rank


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=75_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--sample", type=int, default=2_000)
    args = parser.parse_args()

    saved = default_catalogue()
    rng = np.random.default_rng(7)
    frame = make_units(rng, args.units)
    records = make_records(rng, frame)
    start = time.perf_counter()
    today = InformationFrame(records, pd.Index(frame["id"]), frame["kind"].tolist()).as_of(AS_OF)
    signals = time.perf_counter() - start
    frame = frame.assign(**{key: today[key].to_numpy() for key in today.columns})

    start = time.perf_counter()
    data = WorkshopData.prepare(frame)
    prepare = time.perf_counter() - start

    edited = edited_catalogue(saved)
    result = effect(data, edited, saved)  # warm-up: imports, caches
    sweep = threshold_sweep(data, edited, EDITED_CRITERION)
    effect_times, sweep_times, total_times = [], [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = effect(data, edited_catalogue(saved), saved)
        middle = time.perf_counter()
        sweep = threshold_sweep(data, result.catalogue, EDITED_CRITERION)
        end = time.perf_counter()
        effect_times.append(middle - start)
        sweep_times.append(end - middle)
        total_times.append(end - start)
    edit = statistics.median(total_times)

    # The same edit through the widgets: editor → effect → every panel redrawn.
    panel = EffectPanel(data, lambda unit_id: unit_id, AS_OF)
    editor = CriteriaEditor(saved, lambda catalogue: panel.show(effect(data, catalogue, saved)))
    editor.list.value = next(n for n, c in enumerate(editor.criteria) if c.id == EDITED_CRITERION)
    panel.show(effect(data, saved, saved))  # as the app draws the opened version first
    panel.sweep_choice.value = EDITED_CRITERION
    redraw_times = []
    for round_ in range(args.repeat):
        start = time.perf_counter()
        editor.threshold.value = typed_number(EDITED_THRESHOLD if round_ % 2 == 0 else 3.0)
        redraw_times.append(time.perf_counter() - start)
    redraw = statistics.median(redraw_times)

    sample = np.sort(rng.choice(len(frame), size=min(args.sample, len(frame)), replace=False))
    units = _known_signals(frame.iloc[sample])
    start = time.perf_counter()
    one_by_one = [_rank(suggest_category(known, edited, kind).category) for known, kind in units]
    sampled = time.perf_counter() - start
    sequential = sampled * len(frame) / len(units)
    # Units one by one, the edit's figures need the edited and the saved catalogue, the
    # edited one without each criterion (alone decides), and one pass per swept threshold.
    passes = 2 + len(edited.criteria) + len(sweep)

    agree = int((np.asarray(one_by_one) == result.ranks[sample]).sum())
    assert result.changes is not None
    ms = 1000.0
    rows = [
        ("enheder", f"{len(frame):,}"),
        ("kriterier", f"{len(edited.criteria)}"),
        ("redigering", f"{EDITED_CRITERION}: ≥ 3 → ≥ {EDITED_THRESHOLD:g}"),
        ("ændrede forslag", f"{len(result.changes):,}"),
        ("tærskler i gennemløbet", f"{len(sweep)}"),
        ("oplysninger (poster)", f"{len(records):,}"),
        ("signaler pr. arbejdsdagen (én gang)", f"{signals * ms:.0f} ms"),
        ("forberedelse (én gang)", f"{prepare * ms:.1f} ms"),
        (f"effect (median af {args.repeat})", f"{statistics.median(effect_times) * ms:.1f} ms"),
        (
            f"threshold_sweep (median af {args.repeat})",
            f"{statistics.median(sweep_times) * ms:.1f} ms",
        ),
        (f"én redigering i alt (median af {args.repeat})", f"{edit * ms:.1f} ms"),
        (
            f"redigering i editoren, alt tegnet om (median af {args.repeat})",
            f"{redraw * ms:.1f} ms  (95. percentil "
            f"{float(np.percentile(redraw_times, 95)) * ms:.1f} ms)",
        ),
        (
            "én ad gangen (suggest_category)",
            f"{sequential * ms:.1f} ms  (målt på {len(units):,} enheder: "
            f"{sampled * ms:.1f} ms, skaleret til {len(frame):,})",
        ),
        ("forhold (ét gennemløb)", f"{sequential / edit:.0f}x"),
        ("forhold, redigering med visning", f"{sequential / redraw:.0f}x"),
        (
            f"forhold ({passes} gennemløb)",
            f"{passes * sequential / edit:.0f}x  "
            "(begge kataloger, ét uden hvert kriterium, ét pr. tærskel)",
        ),
        ("mål for redigering inkl. visning", f"{AIM_MS:.0f} ms"),
        ("samme forslag i stikprøven", f"{agree:,} af {len(units):,}"),
    ]
    for label, value in rows:
        print(f"{label + ':':<58}{value}")
    if agree != len(units):
        raise SystemExit("vektoriseret og én-ad-gangen giver forskellige forslag")


if __name__ == "__main__":
    main()
