from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.intensity.rulesets import default_ruleset
from tilsynwidgets.domain.portfolio.figures import colour_distribution, transition_matrix
from tilsynwidgets.domain.portfolio.leadership import (
    Filters,
    apply_filters,
    colour_distribution_by_quarter,
    count_quarter_codes,
    quarter_codes,
    quarter_label,
    quarters_from,
    restrict_history,
    support_gaps,
    template_share,
    units_missing_measure,
    units_overdue,
    units_with_colour,
    units_with_quarter_colour,
    units_with_template,
    units_with_transition,
)
from tilsynwidgets.domain.risk.current import current_categories
from tilsynwidgets.sample.load import load_sample
from tilsynwidgets.store.store import Store


def when(day: int, month: int = 1, hour: int = 0, minute: int = 0) -> pd.Timestamp:
    return pd.Timestamp(datetime(2026, month, day, hour, minute), tz="UTC")


UNITS = pd.DataFrame(
    {
        "id": ["a", "b", "c", "d", "e"],
        "unit_type": [
            "voksne_botilbud",
            "plejefamilie_almen",
            "boern_doegn",
            "plejefamilie_almen",
            "voksne_botilbud",
        ],
        "socialtilsyn": ["syd", "syd", "nord", "nord", "nord"],
        "team": ["syd-1", "syd-1", "nord-1", "nord-2", "nord-1"],
        "last_announced_visit": [
            date(2025, 10, 31),
            None,
            date(2024, 2, 29),
            None,
            date(2026, 1, 10),
        ],
        "last_unannounced_visit": [None, None, date(2025, 2, 28), date(2026, 6, 1), None],
    }
)

# a: præ gul → post rød; b: præ grøn → post grøn, later præ gul; c: præ rød → post gul;
# d: præ gul late on 31 March (UTC); e: præ grøn → post gul in July.
ASSESSMENTS = pd.DataFrame(
    [
        ("a", "prae", "gul", when(1)),
        ("a", "post", "roed", when(1, 3)),
        ("b", "prae", "groen", when(2)),
        ("b", "post", "groen", when(2, 3)),
        ("b", "prae", "gul", when(2, 9)),
        ("c", "prae", "roed", when(3)),
        ("c", "post", "gul", when(3, 4)),
        ("d", "prae", "gul", when(31, 3, 23, 30)),
        ("e", "prae", "groen", when(15, 4)),
        ("e", "post", "gul", when(1, 7)),
    ],
    columns=["unit_id", "phase", "chosen", "assessed_at"],
)

COLUMNS = ["roed", "gul", "groen", "ingen"]


def test_filters_select_units() -> None:
    assert apply_filters(UNITS, Filters())["id"].tolist() == ["a", "b", "c", "d", "e"]
    assert apply_filters(UNITS, Filters(socialtilsyn={"nord"}))["id"].tolist() == ["c", "d", "e"]
    assert apply_filters(UNITS, Filters(unit_type={"plejefamilie_almen"}))["id"].tolist() == [
        "b",
        "d",
    ]
    both = Filters(socialtilsyn={"nord"}, team={"nord-1"})
    assert apply_filters(UNITS, both)["id"].tolist() == ["c", "e"]
    # The period restricts history, not units.
    assert len(apply_filters(UNITS, Filters(period=(date(2030, 1, 1), date(2030, 2, 1))))) == 5


def test_restrict_history_to_units_and_period() -> None:
    nord = apply_filters(UNITS, Filters(socialtilsyn={"nord"}))
    assert len(restrict_history(ASSESSMENTS, nord)) == 5  # c: 2, d: 1, e: 2
    inside = restrict_history(ASSESSMENTS, nord, (date(2026, 3, 31), date(2026, 6, 30)))
    # c post 3 Apr, d præ 31 Mar 23:30 (still 31 March), e præ 15 Apr; c præ and e post outside.
    assert sorted(zip(inside["unit_id"], inside["phase"], strict=True)) == [
        ("c", "post"),
        ("d", "prae"),
        ("e", "prae"),
    ]


def test_quarter_labels() -> None:
    assert [quarter_label(q) for q in quarters_from(date(2026, 11, 22))] == [
        "2026K4",
        "2027K1",
        "2027K2",
        "2027K3",
    ]


def test_colour_distribution_by_quarter_by_hand() -> None:
    table = colour_distribution_by_quarter(
        UNITS, ASSESSMENTS, (date(2026, 1, 1), date(2026, 9, 30))
    )
    assert list(table.columns) == COLUMNS
    # 2026K1 (to 31 Mar): a rød (post 1 Mar), b grøn (post 2 Mar), c rød (præ), d gul
    # (31 Mar 23:30 counts), e not assessed → rød 2, gul 1, grøn 1, ingen 1.
    assert table.loc["2026K1"].tolist() == [2, 1, 1, 1]
    # 2026K2: a rød, b grøn, c gul (post 3 Apr), d gul, e grøn (præ 15 Apr) → 1, 2, 2, 0.
    assert table.loc["2026K2"].tolist() == [1, 2, 2, 0]
    # 2026K3: a rød, b gul (præ 2 Sep), c gul, d gul, e gul (post 1 Jul) → 1, 4, 0, 0.
    assert table.loc["2026K3"].tolist() == [1, 4, 0, 0]


def test_quarters_whose_end_is_outside_the_period_are_left_out() -> None:
    table = colour_distribution_by_quarter(
        UNITS, ASSESSMENTS, (date(2026, 1, 15), date(2026, 8, 31))
    )
    assert table.index.tolist() == ["2026K1", "2026K2"]  # 30 Sep is after 31 Aug
    empty = colour_distribution_by_quarter(
        UNITS, ASSESSMENTS, (date(2026, 1, 1), date(2026, 3, 30))
    )
    assert empty.empty
    assert list(empty.columns) == COLUMNS


def test_colour_distribution_by_quarter_post_per_socialtilsyn() -> None:
    table = colour_distribution_by_quarter(
        UNITS, ASSESSMENTS, (date(2026, 4, 1), date(2026, 6, 30)), Phase.POST, by=("socialtilsyn",)
    )
    # 2026K2, post only: syd a rød, b grøn; nord c gul, d and e no post yet → ingen 2.
    assert table.loc[("2026K2", "syd")].tolist() == [1, 0, 1, 0]
    assert table.loc[("2026K2", "nord")].tolist() == [0, 1, 0, 2]


# Current colours (latest of either phase): a rød; b, c, d, e gul.
CHANGES = pd.DataFrame(
    [
        ("a", "roed_retningslinjer_sagsgang", True, when(5)),
        ("a", "roed_ledelsesopbakning", True, when(5)),
        ("a", "roed_ledelsesopbakning", False, when(5, 2)),  # unticked later: missing
        ("a", "gul_flere_perspektiver", True, when(5)),  # another colour's measure: ignored
        ("b", "gul_flere_perspektiver", True, when(10)),
        ("c", "gul_flere_perspektiver", True, when(10)),
        ("c", "gul_faglig_sparring", False, when(10)),
        ("c", "gul_faglig_sparring", True, when(10, 2)),  # ticked later: in place
        ("d", "gul_juridisk_oekonomisk_bistand", True, when(11)),
        ("d", "gul_juridisk_oekonomisk_bistand", False, when(11)),  # same time, later row wins
        ("z", "gul_flere_perspektiver", True, when(11)),  # not in the portfolio
    ],
    columns=["unit_id", "measure_id", "in_place", "changed_at"],
)


def test_support_gaps_by_hand() -> None:
    table = support_gaps(UNITS, ASSESSMENTS, CHANGES)
    counts = table[["units", "in_place", "missing"]]
    expected = {
        # syd, rød: only a.
        ("syd", "roed", "roed_retningslinjer_sagsgang"): [1, 1, 0],
        ("syd", "roed", "roed_ledelsesopbakning"): [1, 0, 1],
        ("syd", "roed", "roed_tvaerfaglig_medarbejdergruppe"): [1, 0, 1],
        # syd, gul: only b, which has flere perspektiver.
        ("syd", "gul", "gul_flere_perspektiver"): [1, 1, 0],
        ("syd", "gul", "gul_juridisk_oekonomisk_bistand"): [1, 0, 1],
        ("syd", "gul", "gul_faglig_sparring"): [1, 0, 1],
        # nord, gul: c, d, e → 3 units; c has perspektiver and sparring, d's bistand unticked.
        ("nord", "gul", "gul_flere_perspektiver"): [3, 1, 2],
        ("nord", "gul", "gul_juridisk_oekonomisk_bistand"): [3, 0, 3],
        ("nord", "gul", "gul_faglig_sparring"): [3, 1, 2],
    }
    assert {k: counts.loc[k].tolist() for k in counts.index} == expected
    assert table.loc[("syd", "roed", "roed_ledelsesopbakning"), "title"]


def test_support_gaps_order() -> None:
    # Socialtilsyn sorted, rød before gul, measures in the seed's order.
    index = list(support_gaps(UNITS, ASSESSMENTS, CHANGES).index)
    assert [k[0] for k in index] == ["nord"] * 3 + ["syd"] * 6
    assert [k[1] for k in index[3:]] == ["roed"] * 3 + ["gul"] * 3


def test_support_gaps_of_units_without_any_assessment_are_empty() -> None:
    # A period in which none of the units was assessed: no colour, so no measure expected.
    nothing = ASSESSMENTS.iloc[0:0]
    assert support_gaps(UNITS, nothing, CHANGES).empty
    assert support_gaps(UNITS, nothing, CHANGES.iloc[0:0]).empty


def test_units_missing_measure_by_hand() -> None:
    missing = units_missing_measure
    assert missing(UNITS, ASSESSMENTS, CHANGES, "gul_flere_perspektiver") == ["d", "e"]
    assert missing(UNITS, ASSESSMENTS, CHANGES, "gul_flere_perspektiver", "syd") == []
    # b (syd) never ticked it; nord: c never, d unticked, e never.
    assert missing(UNITS, ASSESSMENTS, CHANGES, "gul_juridisk_oekonomisk_bistand") == [
        "b",
        "c",
        "d",
        "e",
    ]
    assert missing(UNITS, ASSESSMENTS, CHANGES, "roed_ledelsesopbakning") == ["a"]
    # With præ colours only, a is gul (its præ) and c is rød (its præ, no rød changes).
    prae = Phase.PRAE
    assert missing(UNITS, ASSESSMENTS, CHANGES, "roed_ledelsesopbakning", phase=prae) == ["c"]


def test_drill_down_matches_the_missing_counts() -> None:
    table = support_gaps(UNITS, ASSESSMENTS, CHANGES)
    for (tilsyn, _, measure), row in table.iterrows():
        found = units_missing_measure(UNITS, ASSESSMENTS, CHANGES, measure, tilsyn)
        assert len(found) == row["missing"]


PLANS = pd.DataFrame(
    [
        ("a", "gul", True, when(5)),
        ("a", "roed", False, when(5, 3)),
        ("b", "groen", True, when(6)),
        ("c", "roed", True, when(7)),
        ("d", "gul", False, when(8)),
    ],
    columns=["unit_id", "category", "template_unchanged", "decided_at"],
)


def test_template_share_per_team_by_hand() -> None:
    table = template_share(UNITS, PLANS)
    # syd-1: a (latest plan changed) and b (unchanged) → 1 of 2 = 0.5.
    # nord-1: c unchanged, e has no plan → 1 of 1; nord-2: d changed → 0 of 1.
    assert table.loc["syd-1"].tolist() == [2, 1, 0.5]
    assert table.loc["nord-1"].tolist() == [1, 1, 1.0]
    assert table.loc["nord-2"].tolist() == [1, 0, 0.0]
    assert units_with_template(UNITS, PLANS, "syd-1") == ["b"]
    assert units_with_template(UNITS, PLANS, "syd-1", unchanged=False) == ["a"]
    assert units_with_template(UNITS, PLANS, "nord-1", unchanged=False) == []


def test_units_with_colour() -> None:
    current = current_categories(ASSESSMENTS)
    assert units_with_colour(UNITS, current, "gul") == ["b", "c", "d", "e"]
    assert units_with_colour(UNITS, current, "gul", "nord") == ["c", "d", "e"]
    post = current_categories(ASSESSMENTS, Phase.POST)
    assert units_with_colour(UNITS, post, "ingen") == ["d"]
    by_type = units_with_colour(UNITS, current, "gul", "plejefamilie_almen", by="unit_type")
    assert by_type == ["b", "d"]


def test_units_with_quarter_colour_by_hand() -> None:
    codes = quarter_codes(UNITS, ASSESSMENTS, (date(2026, 1, 1), date(2026, 6, 30)))
    assert list(codes.columns) == ["2026K1", "2026K2"]
    # End of March: a rød (post 1 Mar), b grøn, c rød, d gul (31 Mar 23:30), e not assessed.
    assert units_with_quarter_colour(UNITS, codes, "2026K1", "roed") == ["a", "c"]
    assert units_with_quarter_colour(UNITS, codes, "2026K1", "ingen") == ["e"]
    # End of June: c's post gul (3 Apr), e's præ grøn (15 Apr); e's post on 1 July is after.
    assert units_with_quarter_colour(UNITS, codes, "2026K2", "gul") == ["c", "d"]
    assert units_with_quarter_colour(UNITS, codes, "2026K2", "groen") == ["b", "e"]
    nord = apply_filters(UNITS, Filters(socialtilsyn={"nord"}))
    assert units_with_quarter_colour(nord, codes, "2026K1", "roed") == ["c"]
    counts = count_quarter_codes(codes)
    assert counts.loc["2026K1"].tolist() == [2, 1, 1, 1]
    rows = (UNITS["socialtilsyn"] == "nord").to_numpy()
    assert count_quarter_codes(codes, rows).loc["2026K2"].tolist() == [0, 2, 1, 0]


@pytest.mark.parametrize(
    ("prae", "post", "expected"),
    [
        ("gul", "roed", ["a"]),
        ("groen", "groen", ["b"]),
        ("roed", "gul", ["c"]),
        ("groen", "gul", ["e"]),
    ],
)
def test_units_with_transition(prae: str, post: str, expected: list[str]) -> None:
    assert units_with_transition(UNITS, ASSESSMENTS, prae, post) == expected


def test_transition_drill_down_matches_the_matrix() -> None:
    matrix = transition_matrix(ASSESSMENTS)
    for prae in matrix.index:
        for post in matrix.columns:
            found = units_with_transition(UNITS, ASSESSMENTS, prae, post)
            assert len(found) == matrix.loc[prae, post]


def test_units_overdue_by_hand() -> None:
    # Default rule set: at most 12 months. a: 31 Oct 2025 → due 31 Oct 2026, on time;
    # b never visited; c last 28 Feb 2025 → due 28 Feb 2026; d (Jun 2026), e (Jan 2026) on time.
    assert units_overdue(UNITS, default_ruleset(), date(2026, 10, 31)) == ["b", "c"]


def test_on_the_store_frames(tmp_path: Path) -> None:
    """The functions accept the store's own frames (dtypes) and agree with each other."""
    with Store.open(f"sqlite:///{tmp_path / 'x.sqlite'}") as store:
        store.upgrade()
        load_sample(store, date(2026, 11, 1), n_tilbud=10, n_plejefamilier=15)
        units, assessments = store.units_frame(), store.assessments_frame()
        changes = store.checklist_changes_frame()
    by_quarter = colour_distribution_by_quarter(
        units, assessments, (date(2025, 1, 1), date(2026, 9, 30))
    )
    assert (by_quarter.sum(axis=1) == len(units)).all()
    current = current_categories(assessments).astype(object)
    flagged = units["id"].map(current).isin(["roed", "gul"]).sum()
    gaps = support_gaps(units, assessments, changes)
    assert gaps["units"].sum() == 3 * flagged  # three measures each for rød and gul
    for (tilsyn, _, measure), row in gaps.iterrows():
        found = units_missing_measure(units, assessments, changes, measure, tilsyn)
        assert len(found) == row["missing"]


def _by_quarter_by_definition(
    units: pd.DataFrame,
    assessments: pd.DataFrame,
    period: tuple[date, date],
    phase: Phase | None,
    by: tuple[str, ...],
) -> pd.DataFrame:
    """The straightforward definition: per quarter end in the period, the current colours of
    the assessments made before the end of that day (UTC)."""
    first, last = period
    tables = {}
    for quarter in pd.period_range(first, last, freq="Q"):
        end_day = quarter.end_time.date()
        if not first <= end_day <= last:
            continue
        cutoff = pd.Timestamp(end_day, tz="UTC") + pd.Timedelta(days=1)
        known = assessments[assessments["assessed_at"] < cutoff]
        table = colour_distribution(units, current_categories(known, phase), by=by)
        if not by:
            table.index = pd.Index([quarter_label(quarter)], name="kvartal")
        tables[quarter_label(quarter)] = table
    return pd.concat(tables.values()) if not by else pd.concat(tables, names=["kvartal"])


def test_by_quarter_equals_the_definition_on_the_sample(tmp_path: Path) -> None:
    """The vectorised quarters give the same table as recomputing each quarter from scratch,
    for every phase, grouping and several periods (ties and same-day cutoffs included)."""
    with Store.open(f"sqlite:///{tmp_path / 'x.sqlite'}") as store:
        store.upgrade()
        load_sample(store, date(2026, 11, 1), n_tilbud=60, n_plejefamilier=90)
        units, assessments = store.units_frame(), store.assessments_frame()
    # Ties on time: duplicate some rows with another colour, so the later row must win.
    twins = assessments.iloc[::7].copy()
    twins["chosen"] = twins["chosen"].map({"roed": "groen", "gul": "roed", "groen": "gul"})
    shuffled = pd.concat([assessments, twins]).sample(frac=1.0, random_state=3)
    periods = [
        (date(2024, 1, 1), date(2026, 11, 1)),
        (date(2025, 3, 31), date(2026, 6, 30)),
        (date(2026, 1, 1), date(2026, 2, 1)),  # no quarter end inside
    ]
    for frame in (assessments, shuffled):
        for period in periods:
            for phase in (None, Phase.PRAE, Phase.POST):
                for by in ((), ("socialtilsyn",), ("team", "unit_type")):
                    fast = colour_distribution_by_quarter(units, frame, period, phase, by)
                    if fast.empty:
                        assert period == periods[-1]
                        continue
                    expected = _by_quarter_by_definition(units, frame, period, phase, by)
                    pd.testing.assert_frame_equal(fast, expected)


def test_by_quarter_accepts_times_finer_than_the_quarter_cutoffs() -> None:
    # Assessments saved by the app carry microseconds; quarter cutoffs are whole days.
    units = pd.DataFrame({"id": ["a"], "socialtilsyn": ["syd"]})
    assessments = pd.DataFrame(
        {
            "unit_id": ["a"],
            "phase": ["prae"],
            "chosen": ["gul"],
            "assessed_at": pd.to_datetime(["2026-02-03 10:11:12.345678"], utc=True),
        }
    )
    table = colour_distribution_by_quarter(
        units, assessments, (date(2026, 1, 1), date(2026, 6, 30))
    )
    assert table.loc["2026K1", "gul"] == 1
    assert table.loc["2026K2", "gul"] == 1
