"""Fixtures shared by the domain tests: agreement data, catalogues and the workshop sample."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest
from hypothesis import strategies as st
from statsmodels.stats.inter_rater import cohens_kappa

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.datafiles import parse_model
from tilsynwidgets.domain.core.signals import (
    SignalCatalogue,
    SignalKind,
    SignalValue,
    signal_catalogue,
)
from tilsynwidgets.domain.risk.criteria import (
    AggregationRule,
    CriteriaCatalogue,
    Criterion,
    Operator,
)
from tilsynwidgets.domain.risk.evaluation import signals_frame
from tilsynwidgets.domain.training.agreement import COLUMNS, DEFAULT_CATEGORIES
from tilsynwidgets.domain.workshop.effect import WorkshopData
from tilsynwidgets.sample.units import generate_units_frame

# --- a signal catalogue other than the packaged one ----------------------------------------

MADE_UP_SIGNALS = """\
version: test
signals:
  - key: night_calls
    label: Natteopkald
    description: Antal opkald om natten.
    kind: count
    applies_to: [tilbud, plejefamilie]
    minimum: 0
    maximum: 50
  - key: roof_leak
    label: Utæt tag
    description: Taget er utæt.
    kind: flag
    applies_to: [tilbud, plejefamilie]
"""


@pytest.fixture(scope="session")
def made_up_signals() -> SignalCatalogue:
    """A small signal catalogue with two signals the packaged one does not have:
    ``night_calls`` (a count, 0–50) and ``roof_leak`` (a flag), for both kinds of unit."""
    return parse_model(SignalCatalogue, MADE_UP_SIGNALS, source="signaler.yaml")


# --- ratings for the agreement tests (test_agreement.py, test_agreement_tables.py) ----------

FIVE = ("1", "2", "3", "4", "5")

# Fleiss (1971) as in Wikipedia's "Fleiss' kappa" worked example: 10 subjects, 14 raters each.
FLEISS_1971 = np.array(
    [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
)


def _long_frame(
    matrix: npt.ArrayLike, categories: Sequence[str] = DEFAULT_CATEGORIES
) -> pd.DataFrame:
    """Ratings from a vignettes × participants matrix of category indices (NaN: no answer)."""
    values = np.asarray(matrix, dtype=np.float64)
    rows = [
        (f"v{v:02d}", f"p{p:02d}", categories[int(values[v, p])])
        for v in range(values.shape[0])
        for p in range(values.shape[1])
        if not np.isnan(values[v, p])
    ]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _random_matrix(
    rng: np.random.Generator, n_vignettes: int, n_raters: int, n_categories: int, missing: float
) -> npt.NDArray[np.float64]:
    """Vignettes × raters with a per-vignette tendency (so agreement is not just chance)."""
    centre = rng.integers(0, n_categories, size=(n_vignettes, 1))
    noise = rng.integers(-1, 2, size=(n_vignettes, n_raters)) * (
        rng.random((n_vignettes, n_raters)) < 0.4
    )
    values = np.clip(centre + noise, 0, n_categories - 1).astype(np.float64)
    values[rng.random(values.shape) < missing] = np.nan
    return values


def _typical_session(seed: int = 11) -> pd.DataFrame:
    """A session's ratings: 12 vignettes × 40 participants, three colours, 5 % missing."""
    return _long_frame(_random_matrix(np.random.default_rng(seed), 12, 40, 3, 0.05))


@pytest.fixture
def long_frame() -> Callable[..., pd.DataFrame]:
    """``long_frame(matrix, categories=DEFAULT_CATEGORIES)``: see :func:`_long_frame`."""
    return _long_frame


@pytest.fixture
def random_matrix() -> Callable[..., npt.NDArray[np.float64]]:
    """``random_matrix(rng, n_vignettes, n_raters, n_categories, missing)``: see
    :func:`_random_matrix`."""
    return _random_matrix


@pytest.fixture
def typical_session() -> Callable[..., pd.DataFrame]:
    """``typical_session(seed=11)``: see :func:`_typical_session`."""
    return _typical_session


@pytest.fixture
def fleiss_1971() -> npt.NDArray[np.int64]:
    """The Fleiss (1971) worked example as a subjects × categories count table."""
    return FLEISS_1971.copy()


@pytest.fixture
def fleiss_1971_frame() -> pd.DataFrame:
    """The count table as answers (categories :data:`FIVE`): different raters per subject
    are allowed in Fleiss (1971)."""
    rows = [
        (f"s{s}", f"r{s}-{k}-{i}", FIVE[k])
        for s, row in enumerate(FLEISS_1971)
        for k, n in enumerate(row)
        for i in range(n)
    ]
    return pd.DataFrame(rows, columns=list(COLUMNS))


@pytest.fixture
def small_session() -> pd.DataFrame:
    """Four participants' answers to three vignettes (v3 answered by anna only)."""
    return pd.DataFrame(
        [
            ("v1", "anna", "roed"),
            ("v1", "bo", "roed"),
            ("v1", "carl", "gul"),
            ("v1", "dorte", "groen"),
            ("v2", "anna", "gul"),
            ("v2", "bo", "groen"),
            ("v2", "carl", "gul"),
            ("v2", "dorte", "groen"),
            ("v3", "anna", "groen"),
        ],
        columns=list(COLUMNS),
    )


# --- the criteria workshop (test_catalogue_effect.py, test_threshold_sweep.py) --------------
#
# A hand-made portfolio. r1: complaints ≥ 5 → rød; g1: complaints ≥ 2, g2: turnover ≥ 30,
# g3: leader changed → gul; three gul criteria escalate to rød.
#
#     unit  fires           suggested   chosen  alone decides
#     a     r1 g1           rød         rød     r1 (rød → gul)
#     b     g1 g2 g3        rød (esc.)  gul     g1, g2, g3 (rød → gul: de-escalation)
#     c     g1 g3           gul         gul     none (two gul: neither alone)
#     d     g2              gul         grøn    g2 (gul → grøn)
#     e     -               grøn        grøn    -       (known: incident_reports 0)
#     f     r1 g1 g2 g3     rød         rød     none (three gul escalate without r1)
#     g     -               grøn        (none)  -


def _criterion(
    id: str,
    signal: str,
    operator: Operator,
    threshold: float | None,
    points_to: RiskCategory,
) -> Criterion:
    return Criterion(
        id=id,
        signal=signal,
        operator=operator,
        threshold=threshold,
        points_to=points_to,
        explanation=f"Kriteriet {id}.",
    )


def _catalogue(
    *criteria: Criterion, escalate: int | None = 3, version: str = "test"
) -> CriteriaCatalogue:
    return CriteriaCatalogue(
        version=version,
        title="Testkatalog",
        aggregation=AggregationRule(escalate_after_gul=escalate),
        criteria=criteria,
    )


def _with_threshold(
    cat: CriteriaCatalogue, criterion_id: str, threshold: float
) -> CriteriaCatalogue:
    criteria = tuple(
        Criterion.model_validate({**c.model_dump(), "threshold": threshold})
        if c.id == criterion_id
        else c
        for c in cat.criteria
    )
    return cat.model_copy(update={"criteria": criteria})


HAND_CATALOGUE = _catalogue(
    _criterion("r1", "complaints", Operator.GE, 5, RiskCategory.ROED),
    _criterion("g1", "complaints", Operator.GE, 2, RiskCategory.GUL),
    _criterion("g2", "staff_turnover_pct", Operator.GE, 30, RiskCategory.GUL),
    _criterion("g3", "leader_changed", Operator.FLAG, None, RiskCategory.GUL),
    version="redigeret",
)
HAND_SIGNALS: list[dict[str, SignalValue | None]] = [
    {"complaints": 6, "staff_turnover_pct": 10},
    {"complaints": 3, "staff_turnover_pct": 35, "leader_changed": True},
    {"complaints": 2, "leader_changed": True},
    {"staff_turnover_pct": 40},
    {"incident_reports": 0},
    {"complaints": 7, "staff_turnover_pct": 50, "leader_changed": True},
    {"complaints": 0, "leader_changed": False},
]
HAND_IDS = list("abcdefg")
HAND_TILSYN = ["nord", "nord", "nord", "syd", "syd", "syd", "syd"]
HAND_TYPES = ["boern_doegn"] * 3 + ["voksne_botilbud"] * 2 + ["plejefamilie_almen"] * 2
HAND_CHOSEN = {
    "a": "roed",
    "b": "gul",
    "c": "gul",
    "d": "groen",
    "e": "groen",
    "f": "roed",
    "g": None,
}


def _hand_units() -> pd.DataFrame:
    signals = signals_frame(HAND_SIGNALS)
    units = pd.DataFrame(
        {
            "id": HAND_IDS,
            "name": [f"Enhed {i}" for i in HAND_IDS],
            "unit_type": HAND_TYPES,
            "socialtilsyn": HAND_TILSYN,
        }
    )
    return pd.concat([units, signals], axis=1)


def _hand_data() -> WorkshopData:
    return WorkshopData.prepare(_hand_units(), pd.Series(HAND_CHOSEN, dtype=object))


SIGNAL_SPECS = signal_catalogue().signals
NUMERIC = [s for s in SIGNAL_SPECS if s.kind is not SignalKind.FLAG]
FLAGS = [s for s in SIGNAL_SPECS if s.kind is SignalKind.FLAG]


@st.composite
def _criteria_strategy(draw: st.DrawFn, index: int) -> Criterion:
    if draw(st.booleans()) and FLAGS:
        signal = draw(st.sampled_from(FLAGS))
        operator, threshold = Operator.FLAG, None
    else:
        signal = draw(st.sampled_from(NUMERIC))
        operator = draw(st.sampled_from([o for o in Operator if o is not Operator.FLAG]))
        assert signal.minimum is not None
        assert signal.maximum is not None
        high = min(int(signal.maximum), 12 if signal.kind is SignalKind.COUNT else 60)
        threshold = float(draw(st.integers(int(signal.minimum), high)))
    points_to = draw(st.sampled_from([RiskCategory.GUL, RiskCategory.ROED]))
    return _criterion(f"k{index}", signal.key, operator, threshold, points_to)


@st.composite
def _catalogues(draw: st.DrawFn, min_size: int = 0) -> CriteriaCatalogue:
    count = draw(st.integers(min_size, 9))
    catalogue = _catalogue(
        *(draw(_criteria_strategy(i)) for i in range(count)),
        escalate=draw(st.none() | st.integers(2, 4)),
    )
    # From no share at all to every signal known: the sample leaves ~4 % of values unknown.
    rule = catalogue.aggregation.model_copy(
        update={"min_known_percent": draw(st.sampled_from([0, 75, 90, 95, 100]))}
    )
    return catalogue.model_copy(update={"aggregation": rule})


def _statsmodels_kappas(table: npt.ArrayLike) -> tuple[float, float]:
    with np.errstate(all="ignore"):
        plain = cohens_kappa(table, return_results=False)
        linear = cohens_kappa(table, wt="linear", return_results=False)
    return float(plain), float(linear)


@pytest.fixture(scope="session")
def make_catalogue() -> Callable[..., CriteriaCatalogue]:
    """``make_catalogue(*criteria, escalate=3, version="test")``: see :func:`_catalogue`."""
    return _catalogue


@pytest.fixture(scope="session")
def with_threshold() -> Callable[[CriteriaCatalogue, str, float], CriteriaCatalogue]:
    """``with_threshold(catalogue, criterion_id, threshold)``: a copy with that threshold."""
    return _with_threshold


@pytest.fixture(scope="session")
def hand_catalogue() -> CriteriaCatalogue:
    """The hand-made portfolio's catalogue r1, g1, g2, g3 (version "redigeret")."""
    return HAND_CATALOGUE


@pytest.fixture(scope="session")
def hand_units() -> Callable[[], pd.DataFrame]:
    """``hand_units()``: a fresh frame of the hand-made portfolio's seven units a to g."""
    return _hand_units


@pytest.fixture(scope="session")
def hand_data() -> Callable[[], WorkshopData]:
    """``hand_data()``: the hand-made portfolio prepared, with its chosen colours."""
    return _hand_data


@pytest.fixture(scope="session")
def workshop_sample() -> tuple[pd.DataFrame, WorkshopData]:
    """A generated portfolio of 200 units and it prepared; every 7th unit never assessed."""
    frame = generate_units_frame(11, date(2026, 11, 1), n_tilbud=90, n_plejefamilier=110)
    chosen = pd.Series(frame["latent"].astype(object).to_numpy(), index=frame["id"].to_numpy())
    chosen.iloc[::7] = None  # some units never assessed
    return frame, WorkshopData.prepare(frame, chosen)


@pytest.fixture(scope="session")
def random_catalogues() -> Callable[..., st.SearchStrategy[CriteriaCatalogue]]:
    """``random_catalogues(min_size=0)``: a strategy for catalogues of up to 9 random
    criteria (ids k0, k1, …) and a random escalation rule."""
    return _catalogues


@pytest.fixture(scope="session")
def statsmodels_kappas() -> Callable[[npt.ArrayLike], tuple[float, float]]:
    """``statsmodels_kappas(table)``: statsmodels' Cohen's kappa, unweighted and linear."""
    return _statsmodels_kappas
