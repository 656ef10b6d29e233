"""Benchmark: the facilitator view of a training session (40 participants × 12 vignettes).

Times the whole view (Fleiss' kappa and Krippendorff's alpha nominal and ordinal, each with a
1000-resample bootstrap interval, overall and per socialtilsyn, plus the per-vignette and
per-participant tables; median of repeated runs) and, in the same run, a baseline computing
the same statistics with a Python loop over the resamples (the point-estimate functions on
each resample). Stops with an error if the two disagree. Aim: ≤ 300 ms for the view.

    python benchmarks/agreement.py [--participants 40] [--vignettes 12] [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.training.agreement import (
    COLUMNS,
    DEFAULT_CATEGORIES,
    STATISTICS,
    AgreementResult,
    category_counts,
    fleiss_kappa_from_counts,
    krippendorff_alpha_from_counts,
    percentile_interval,
    resample_weights,
)
from tilsynwidgets.domain.training.agreement_tables import (
    FacilitatorView,
    facilitator_view,
    participant_summary,
    vignette_summary,
)

AIM_MS = 300.0


def session(
    n_participants: int, n_vignettes: int, missing: float, seed: int = 2026
) -> tuple[pd.DataFrame, dict[str, str], pd.DataFrame]:
    """Synthetic answers around each vignette's reference colour, ~``missing`` left out."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, 3, size=n_vignettes)
    strictness = rng.normal(0, 0.4, size=n_participants)  # some participants colour harder
    noise = rng.normal(0, 0.6, size=(n_vignettes, n_participants))
    answers = np.clip(np.rint(truth[:, None] + strictness[None, :] + noise), 0, 2).astype(int)
    answered = rng.random((n_vignettes, n_participants)) >= missing
    vignettes = [f"V{v + 1:02d}" for v in range(n_vignettes)]
    people = [f"deltager-{p + 1:02d}" for p in range(n_participants)]
    v, p = np.nonzero(answered)
    ratings = pd.DataFrame(
        {
            COLUMNS[0]: np.asarray(vignettes)[v],
            COLUMNS[1]: np.asarray(people)[p],
            COLUMNS[2]: np.asarray(DEFAULT_CATEGORIES)[answers[v, p]],
        }
    )
    reference = {vignettes[i]: DEFAULT_CATEGORIES[t] for i, t in enumerate(truth)}
    regions = [s.value for s in Socialtilsyn]
    participants = pd.DataFrame(
        {"participant_id": people, "socialtilsyn": [regions[i % 5] for i in range(len(people))]}
    )
    return ratings, reference, participants


def looped(
    counts: np.ndarray, n_resamples: int, rng: np.random.Generator
) -> dict[str, AgreementResult]:
    """The baseline: resample vignettes, then call the point estimates once per resample."""
    table = counts[counts.sum(axis=1) >= 2]
    weights = resample_weights(len(table), n_resamples, rng)
    point: dict[str, Callable[[np.ndarray], float]] = {
        "fleiss_kappa": fleiss_kappa_from_counts,
        "alpha_nominal": lambda c: krippendorff_alpha_from_counts(c, "nominal"),
        "alpha_ordinal": lambda c: krippendorff_alpha_from_counts(c, "ordinal"),
    }
    values: dict[str, list[float]] = {name: [] for name in point}
    for row in weights:
        drawn = np.repeat(table, row, axis=0)
        for name, estimate in point.items():
            values[name].append(estimate(drawn))
    results = {}
    for name, estimate in point.items():
        low, high = percentile_interval(values[name])
        results[name] = AgreementResult(
            estimate(table), low, high, len(table), int(table.sum()), 0.95, n_resamples
        )
    return results


def naive_view(
    ratings: pd.DataFrame,
    reference: dict[str, str],
    participants: pd.DataFrame,
    n_resamples: int,
    seed: int,
) -> tuple[dict[str, AgreementResult], dict[str, dict[str, AgreementResult]]]:
    """The same view with the loop baseline (same generator, same draws in the same order)."""
    rng = np.random.default_rng(seed)
    overall = looped(category_counts(ratings).to_numpy(), n_resamples, rng)
    groups = {}
    for name, members in sorted(participants.groupby("socialtilsyn")["participant_id"]):
        own = ratings[ratings["participant_id"].isin(members)]
        groups[str(name)] = looped(category_counts(own).to_numpy(), n_resamples, rng)
    vignette_summary(ratings, reference)
    participant_summary(ratings, reference, participants)
    return overall, groups


def same(a: float, b: float) -> bool:
    return bool(np.isclose(a, b, rtol=1e-9, atol=1e-12, equal_nan=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=40)
    parser.add_argument("--vignettes", type=int, default=12)
    parser.add_argument("--missing", type=float, default=0.05)
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--baseline-repeat", type=int, default=3)
    args = parser.parse_args()

    ratings, reference, participants = session(args.participants, args.vignettes, args.missing)

    def view() -> FacilitatorView:
        return facilitator_view(
            ratings, reference, participants, by="socialtilsyn", n_resamples=args.resamples
        )

    view()  # warm-up: imports, caches
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = view()
        times.append(time.perf_counter() - start)
    vectorised = statistics.median(times)

    loop_times = []
    for _ in range(args.baseline_repeat):
        start = time.perf_counter()
        overall, groups = naive_view(ratings, reference, participants, args.resamples, seed=0)
        loop_times.append(time.perf_counter() - start)
    loop = statistics.median(loop_times)

    assert result.groups is not None
    mismatches = 0
    for name in STATISTICS:
        fast, slow = result.overall[name], overall[name]
        mismatches += not all(
            same(getattr(fast, field), getattr(slow, field))
            for field in ("estimate", "low", "high")
        )
        for group, figures in groups.items():
            mismatches += not all(
                same(float(result.groups.at[group, f"{name}{suffix}"]), value)
                for suffix, value in (
                    ("", figures[name].estimate),
                    ("_low", figures[name].low),
                    ("_high", figures[name].high),
                )
            )

    print(f"deltagere × vignetter:                {args.participants} × {args.vignettes}")
    print(f"svar:                                 {len(ratings):>8} ({args.missing:.0%} mangler)")
    print(f"bootstrap-gentagelser:                {args.resamples:>8} (samlet og pr. socialtilsyn)")
    for name in STATISTICS:
        r = result.overall[name]
        print(f"  {name:<14} {r.estimate:6.3f}  [{r.low:6.3f}; {r.high:6.3f}]")
    print(f"vektoriseret (median af {args.repeat}):          {vectorised * 1000:>8.1f} ms")
    print(f"løkke over gentagelser (median af {args.baseline_repeat}): {loop * 1000:>8.1f} ms")
    print(f"forhold:                              {loop / vectorised:>8.0f}x")
    verdict = "nået" if vectorised * 1000 <= AIM_MS else "IKKE nået"
    print(f"mål ≤ {AIM_MS:.0f} ms (vektoriseret):           {verdict:>8}")
    if mismatches:
        raise SystemExit(f"vektoriseret og løkke giver forskellige tal ({mismatches} afvigelser)")


if __name__ == "__main__":
    main()
