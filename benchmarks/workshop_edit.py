"""Benchmark: one edit in the criteria workshop on 75,000 units (10× the national portfolio).

An edit changes one criterion's threshold ("klager" from 3 to 2); the workshop then
recomputes its figures: :func:`effect` against the saved catalogue (suggested colours,
distributions per socialtilsyn and unit type, agreement matrix and kappas, changed units,
fires / alone decides per criterion) and :func:`threshold_sweep` for the edited criterion.
It also times the edit as a user makes it: the threshold typed into the workshop's criteria
editor, the figures recomputed and every panel redrawn (distribution bars, kappa table,
changed units, criteria table, sweep chart), as ``WorkshopApp`` wires them. Prints the
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

from tilsynwidgets.domain.risk.criteria import (
    CriteriaCatalogue,
    Criterion,
    default_catalogue,
    suggest_category,
)
from tilsynwidgets.domain.workshop.effect import WorkshopData, effect
from tilsynwidgets.domain.workshop.sweep import threshold_sweep
from tilsynwidgets.sample.units import generate_units_frame, units_from_frame
from tilsynwidgets.widgets.workshop.criteria_editor import CriteriaEditor
from tilsynwidgets.widgets.workshop.effect import EffectPanel

AIM_MS = 200.0
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=75_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--sample", type=int, default=2_000)
    args = parser.parse_args()

    saved = default_catalogue()
    n_tilbud = round(args.units * 2000 / 7300)
    frame = generate_units_frame(
        2022, date(2026, 11, 1), n_tilbud=n_tilbud, n_plejefamilier=args.units - n_tilbud
    )
    rng = np.random.default_rng(7)
    # The supervisors' chosen colours: the generator's latent colour, a tenth never assessed.
    chosen = pd.Series(frame["latent"].astype(object).to_numpy(), index=frame["id"].to_numpy())
    chosen[rng.random(len(frame)) < 0.1] = None

    start = time.perf_counter()
    data = WorkshopData.prepare(frame, chosen)
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
    panel = EffectPanel(data, lambda unit_id: unit_id)
    editor = CriteriaEditor(saved, lambda catalogue: panel.show(effect(data, catalogue, saved)))
    editor.list.value = next(n for n, c in enumerate(editor.criteria) if c.id == EDITED_CRITERION)
    panel.show(effect(data, saved, saved))  # as the app draws the opened version first
    panel.sweep_choice.value = EDITED_CRITERION
    redraw_times = []
    for round_ in range(args.repeat):
        start = time.perf_counter()
        editor.threshold.value = EDITED_THRESHOLD if round_ % 2 == 0 else 3.0
        redraw_times.append(time.perf_counter() - start)
    redraw = statistics.median(redraw_times)

    sample = np.sort(rng.choice(len(frame), size=min(args.sample, len(frame)), replace=False))
    units = units_from_frame(frame.iloc[sample])
    start = time.perf_counter()
    one_by_one = [suggest_category(unit.signals, edited).category.value for unit in units]
    sampled = time.perf_counter() - start
    sequential = sampled * len(frame) / len(units)
    # Units one by one, the edit's figures need the edited and the saved catalogue, the
    # edited one without each criterion (alone decides), and one pass per swept threshold.
    passes = 2 + len(edited.criteria) + len(sweep)

    agree = sum(
        a == b for a, b in zip(one_by_one, result.suggested.iloc[sample].astype(str), strict=True)
    )
    assert result.changes is not None
    ms = 1000.0
    rows = [
        ("enheder", f"{len(frame):,}"),
        ("kriterier", f"{len(edited.criteria)}"),
        ("redigering", f"{EDITED_CRITERION}: ≥ 3 → ≥ {EDITED_THRESHOLD:g}"),
        ("ændrede forslag", f"{len(result.changes):,}"),
        ("tærskler i gennemløbet", f"{len(sweep)}"),
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
