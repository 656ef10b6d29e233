from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.datafiles import parse_model
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.signals import (
    SignalCatalogue,
    SignalKind,
    SignalValue,
    signal_catalogue,
    signals_context,
)
from tilsynwidgets.domain.risk.criteria import (
    AggregationRule,
    CriteriaCatalogue,
    Criterion,
    Operator,
    default_catalogue,
    suggest_category,
)
from tilsynwidgets.domain.risk.evaluation import (
    evaluate_portfolio,
    signal_columns,
    signals_frame,
    unit_kinds,
)

SIGNALS = signal_catalogue().signals
NUMERIC = [s for s in SIGNALS if s.kind is not SignalKind.FLAG]
FLAGS = [s for s in SIGNALS if s.kind is SignalKind.FLAG]


@st.composite
def criteria(draw: st.DrawFn, index: int) -> Criterion:
    if draw(st.booleans()) and FLAGS:
        signal = draw(st.sampled_from(FLAGS))
        operator, threshold = Operator.FLAG, None
    else:
        signal = draw(st.sampled_from(NUMERIC))
        operator = draw(st.sampled_from([o for o in Operator if o is not Operator.FLAG]))
        assert signal.minimum is not None
        assert signal.maximum is not None
        # Integer thresholds make equality and boundary cases common.
        threshold = float(draw(st.integers(int(signal.minimum), int(signal.maximum))))
    return Criterion(
        id=f"k{index}",
        signal=signal.key,
        operator=operator,
        threshold=threshold,
        points_to=draw(st.sampled_from([RiskCategory.GUL, RiskCategory.ROED])),
        explanation=f"Kriterium nummer {index}.",
    )


@st.composite
def catalogues(draw: st.DrawFn) -> CriteriaCatalogue:
    count = draw(st.integers(0, 8))
    return CriteriaCatalogue(
        version="egenskab",
        title="Genereret",
        aggregation=AggregationRule(
            escalate_after_gul=draw(st.none() | st.integers(2, 4)),
            min_known_percent=draw(st.sampled_from([0, 25, 50, 75, 100]) | st.integers(0, 100)),
        ),
        criteria=tuple(draw(criteria(i)) for i in range(count)),
    )


@st.composite
def unit_signals(draw: st.DrawFn) -> dict[str, SignalValue]:
    values: dict[str, SignalValue] = {}
    for signal in SIGNALS:
        if not draw(st.booleans()):
            continue  # unknown signal
        if signal.kind is SignalKind.FLAG:
            values[signal.key] = draw(st.booleans())
        else:
            assert signal.minimum is not None
            assert signal.maximum is not None
            values[signal.key] = draw(
                st.integers(int(signal.minimum), min(int(signal.maximum), 40)).map(float)
                | st.floats(signal.minimum, signal.maximum)
            )
    return values


def with_kinds(
    values: list[dict[str, SignalValue | None]], kinds: list[UnitKind], **options: object
) -> pd.DataFrame:
    frame = signals_frame(values, **options)  # type: ignore[arg-type]
    frame["kind"] = [kind.value for kind in kinds]
    return frame


@settings(max_examples=200, deadline=None)
@given(
    catalogue=catalogues(),
    units=st.lists(st.tuples(unit_signals(), st.sampled_from(UnitKind)), min_size=1, max_size=25),
)
def test_vectorised_equals_one_by_one(
    catalogue: CriteriaCatalogue, units: list[tuple[dict[str, SignalValue], UnitKind]]
) -> None:
    frame = with_kinds([signals for signals, _ in units], [kind for _, kind in units])
    evaluation = evaluate_portfolio(frame, catalogue)
    categories = evaluation.categories
    for position, (signals, kind) in enumerate(units):
        expected = suggest_category(signals, catalogue, kind)
        if expected.category is None:
            assert pd.isna(categories.iloc[position])
            assert evaluation.ranks[position] == -1
        else:
            assert categories.iloc[position] == expected.category.value
        assert bool(evaluation.escalated[position]) is expected.escalated
        fired = [
            c.id
            for c, hit in zip(catalogue.criteria, evaluation.fired[position], strict=True)
            if hit
        ]
        assert sorted(fired) == sorted(r.criterion_id for r in expected.reasons)
        assert evaluation.suggestion(position, frame.iloc[position]) == expected
    assert evaluation.no_suggestion == sum(
        suggest_category(signals, catalogue, kind).category is None for signals, kind in units
    )


def test_signals_frame_layout() -> None:
    frame = signals_frame(
        [{"complaints": 2, "leader_changed": True}, {"leader_changed": False}],
        index=["a", "b"],
    )
    assert list(frame.columns) == list(signal_columns())
    assert (frame.dtypes == np.float64).all()
    assert frame.loc["a", "complaints"] == 2.0
    assert frame.loc["a", "leader_changed"] == 1.0
    assert frame.loc["b", "leader_changed"] == 0.0
    assert np.isnan(frame.loc["b", "complaints"])


def test_missing_signal_column_counts_as_unknown() -> None:
    frame = pd.DataFrame({"complaints": [5.0], "kind": ["tilbud"]}, index=["x"])
    evaluation = evaluate_portfolio(frame, default_catalogue())
    assert pd.isna(evaluation.categories.loc["x"])  # 12 of 13 signals unknown: no colour
    assert evaluation.no_suggestion == 1
    assert int(evaluation.unknown.sum()) == 12
    assert list(evaluation.fired_frame().columns) == [c.id for c in default_catalogue().criteria]
    assert evaluation.fired_frame().loc["x", "klager"]
    suggestion = evaluation.suggestion(0, frame.loc["x"])
    assert suggestion.category is None
    assert [r.criterion_id for r in suggestion.reasons] == ["klager"]
    assert "complaints" not in suggestion.unknown_signals
    assert len(suggestion.unknown_signals) == 12


def test_the_kind_comes_from_kind_or_unit_type_and_is_required() -> None:
    by_type = pd.DataFrame({"unit_type": ["plejefamilie_almen", "boern_doegn"]})
    assert list(unit_kinds(by_type)) == ["plejefamilie", "tilbud"]
    with pytest.raises(ValueError, match="mangler kolonnen 'kind'"):
        evaluate_portfolio(signals_frame([{}]), default_catalogue())


def test_categories_are_ordered() -> None:
    frame = with_kinds(
        [{"skaerpet_tilsyn": True}, {"complaints": 0}, {"complaints": 3}, {}],
        [UnitKind.TILBUD] * 4,
    )
    catalogue = default_catalogue().model_copy(
        update={"aggregation": AggregationRule(min_known_percent=0)}
    )
    categories = evaluate_portfolio(frame, catalogue).categories
    assert categories.cat.ordered
    assert list(categories.astype(object).fillna("intet")) == ["roed", "groen", "gul", "intet"]
    assert categories.max() == "roed"
    assert categories.min() == "groen"


def test_empty_catalogue_suggests_groen_for_all_it_knows_something_of() -> None:
    empty = CriteriaCatalogue(version="tom", title="Tom")
    frame = with_kinds([{"complaints": 99}] * 3, [UnitKind.PLEJEFAMILIE] * 3)
    evaluation = evaluate_portfolio(frame, empty)
    assert list(evaluation.categories) == ["groen"] * 3
    assert evaluation.fired.shape == (3, 0)


def test_a_portfolio_of_other_signals_is_evaluated(made_up_signals: SignalCatalogue) -> None:
    context = signals_context(made_up_signals)
    text = 'version: "x"\ntitle: Test\ncriteria:\n' + "".join(
        f"  - {{id: {key}, signal: {signal}, operator: {op}, {rest}explanation: {key} slog til}}\n"
        for key, signal, op, rest in [
            ("opkald", "night_calls", "ge", "threshold: 4, points_to: gul, "),
            ("tag", "roof_leak", "flag", "points_to: roed, "),
        ]
    )
    catalogue = parse_model(CriteriaCatalogue, text, source="k.yaml", context=context)
    keys = signal_columns(made_up_signals)
    assert keys == ("night_calls", "roof_leak")
    values: list[dict[str, SignalValue | None]] = [
        {"night_calls": 5, "roof_leak": True},
        {"night_calls": 1},
    ]
    frame = signals_frame(values, index=["a", "b"], signal_keys=keys)
    assert list(frame.columns) == list(keys)
    frame["kind"] = "plejefamilie"
    evaluation = evaluate_portfolio(frame, catalogue, made_up_signals)
    assert list(evaluation.categories) == ["roed", "groen"]
    suggestion = evaluation.suggestion(0, frame.loc["a"])
    kind = UnitKind.PLEJEFAMILIE
    assert suggestion == suggest_category(values[0], catalogue, kind, signal_specs=made_up_signals)
    assert evaluation.suggestion(1, frame.loc["b"]).unknown_signals == ("roof_leak",)
    assert [reason.observed for reason in suggestion.reasons] == [True, 5.0]
