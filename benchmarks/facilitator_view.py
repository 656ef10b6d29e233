"""Benchmark: one refresh of the facilitator's view of a training session.

40 participants × 12 vignettes in three closed rounds (the first two revealed), about 5 %
of the answers missing, and an open fourth round of three vignettes half answered; the
frames have the store's columns, with justifications of a few hundred characters. Times
``DiscussionView.update(answers, participants, state)``: the figures (overall and per
socialtilsyn agreement with 1000-resample bootstrap intervals, per vignette, per
participant, the submissions grid) and all HTML, as the facilitator app does every few
seconds; median of repeated runs. In the same run: the figures alone, and the baseline of
setting one widget value. Aim: ≤ 300 ms per refresh.

    python benchmarks/facilitator_view.py [--participants 40] [--repeat 30]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd

from _common import one_widget_value_median
from agreement import session
from tilsynwidgets.domain.training.discussion import figures_for_state
from tilsynwidgets.domain.training.sessions import Round, SessionState
from tilsynwidgets.domain.training.vignettes import vignettes
from tilsynwidgets.widgets.training.discussion import DiscussionView

AIM_MS = 300.0
MISSING = 0.05
"""Share of the closed rounds' answers left out (participants who skipped one)."""
ROUND_SIZE = 4
T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)


def frames(
    n_participants: int, n_vignettes: int, missing: float, seed: int = 2026
) -> tuple[pd.DataFrame, pd.DataFrame, SessionState]:
    """The store's frames and the session's state: ``n_vignettes`` in closed rounds of
    four (the first two revealed), the remaining packaged vignettes in an open round."""
    ids = vignettes().ids
    if n_vignettes >= len(ids):
        raise SystemExit(f"højst {len(ids) - 1} vignetter (én skal være tilbage til en åben runde)")
    ratings, _, people = session(n_participants, len(ids), missing, seed)
    rng = np.random.default_rng(seed)
    vignette_of = {f"V{n + 1:02d}": v for n, v in enumerate(ids)}
    participant_of = {p: f"{n + 1:032x}" for n, p in enumerate(people["participant_id"])}
    answers = ratings.assign(
        vignette_id=ratings["vignette_id"].map(vignette_of),
        participant_id=ratings["participant_id"].map(participant_of),
    )
    position = answers["vignette_id"].map({v: n for n, v in enumerate(ids)})
    open_ids = ids[n_vignettes:]
    in_open = position >= n_vignettes
    answers = answers[~in_open | (rng.random(len(answers)) < 0.5)]  # the open round: half in
    position = position[answers.index]
    answers = answers.assign(
        session_code="K7M2QX",
        round_no=(np.minimum(position, n_vignettes) // ROUND_SIZE + 1).astype("int64"),
        justification=[
            f"Begrundelse {n + 1}: " + "Ledelse, magtanvendelser og økonomi. " * 8
            for n in range(len(answers))
        ],
        has_plan=rng.random(len(answers)) < 0.3,
        submitted_at=pd.Timestamp(T0) + pd.to_timedelta(rng.integers(0, 3600, len(answers)), "s"),
    )
    regions = people["socialtilsyn"].astype(object)
    participants = pd.DataFrame(
        {
            "participant_id": list(participant_of.values()),
            "display_name": [f"Inspektør nr. {n + 1}" for n in range(len(people))],
            "socialtilsyn": regions.where(np.arange(len(people)) % 7 != 3, None),  # some unset
            "joined_at": [T0 + timedelta(seconds=n) for n in range(len(people))],
        }
    )
    participants["joined_at"] = pd.to_datetime(participants["joined_at"], utc=True)
    closed = [ids[n : n + ROUND_SIZE] for n in range(0, n_vignettes, ROUND_SIZE)]
    rounds = [Round(n + 1, tuple(r), False, n < 2) for n, r in enumerate(closed)]
    rounds.append(Round(len(rounds) + 1, tuple(open_ids), True, False))
    return answers.reset_index(drop=True), participants, SessionState(tuple(rounds))


def median_seconds(run: Callable[[], object], repeat: int) -> tuple[float, list[float]]:
    """Median seconds of ``repeat`` calls, and every call's time."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=40, help="deltagere (40)")
    parser.add_argument("--vignettes", type=int, default=12, help="vignetter i lukkede runder")
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap-gentagelser")
    parser.add_argument("--repeat", type=int, default=30, help="målinger (mindst 20)")
    args = parser.parse_args()
    if args.repeat < 20:
        raise SystemExit("--repeat skal være mindst 20")

    answers, participants, state = frames(args.participants, args.vignettes, MISSING)
    view = DiscussionView(n_resamples=args.resamples)
    view.update(answers, participants, state)  # warm-up: imports, caches, first draw
    html = view.progress.value + view.discussion.value + view.agreement.value
    assert "Inspektør" not in html, "navnene skal være skjult som standard"

    update, times = median_seconds(lambda: view.update(answers, participants, state), args.repeat)
    figures, _ = median_seconds(
        lambda: figures_for_state(answers, participants, state, n_resamples=args.resamples),
        args.repeat,
    )
    one = one_widget_value_median()

    discussed = view.figures
    assert discussed is not None
    alpha = discussed.overall["alpha_ordinal"]
    verdict = "nået" if update * 1000 <= AIM_MS else "IKKE nået"
    rows = [
        ("deltagere × vignetter (lukkede runder)", f"{args.participants} × {args.vignettes}"),
        ("svar i alt (inkl. åben runde)", f"{len(answers)}"),
        ("vignetter i den åbne runde", f"{len(discussed.open_vignette_ids)}"),
        ("alfa (ordinal), samlet", f"{alpha.estimate:.3f}"),
        (f"opdatering, alt (median af {args.repeat})", f"{update * 1000:.1f} ms"),
        ("opdatering (95. percentil)", f"{np.percentile(times, 95) * 1000:.1f} ms"),
        ("heraf tallene alene (median)", f"{figures * 1000:.1f} ms"),
        ("én widgetværdi sat (median)", f"{one * 1000:.3f} ms"),
        ("forhold", f"{update / one:.0f}x"),
        (f"mål ≤ {AIM_MS:.0f} ms pr. opdatering", verdict),
    ]
    for label, value in rows:
        print(f"{label + ':':<42}{value:>12}")


if __name__ == "__main__":
    main()
