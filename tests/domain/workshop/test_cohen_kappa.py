from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tilsynwidgets.domain.workshop.cohen_kappa import NO_CHOSEN, NO_VARIATION, cohen_agreement

# statsmodels' Cohen's kappa: the fixture statsmodels_kappas in conftest.py.
Kappas = Callable[[npt.ArrayLike], tuple[float, float]]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=9, max_size=9).filter(lambda c: sum(c) > 0))
def test_kappa_equals_statsmodels(statsmodels_kappas: Kappas, cells: list[int]) -> None:
    table = np.array(cells, dtype=np.int64).reshape(3, 3)
    result = cohen_agreement(table)
    plain, linear = statsmodels_kappas(table)
    if np.isnan(plain):
        assert np.isnan(result.kappa)
        assert np.isnan(result.weighted_kappa)
        assert result.reason == NO_VARIATION
    else:
        assert result.kappa == pytest.approx(plain, abs=1e-12)
        assert result.weighted_kappa == pytest.approx(linear, abs=1e-12)
        assert result.reason is None
    assert result.n_units == table.sum()
    # The order of the categories may run either way: only distances count.
    assert cohen_agreement(table[::-1, ::-1]) == result


@pytest.mark.parametrize("colour", [0, 1, 2])
def test_kappa_is_nan_when_everything_is_one_colour(
    statsmodels_kappas: Kappas, colour: int
) -> None:
    table = np.zeros((3, 3), dtype=np.int64)
    table[colour, colour] = 12
    result = cohen_agreement(table)
    assert np.isnan(result.kappa)
    assert np.isnan(result.weighted_kappa)
    assert result.reason == NO_VARIATION
    assert all(np.isnan(k) for k in statsmodels_kappas(table))


def test_kappa_is_zero_when_only_one_side_varies(statsmodels_kappas: Kappas) -> None:
    table = np.array([[0, 0, 0], [3, 4, 5], [0, 0, 0]])  # every suggestion gul
    result = cohen_agreement(table)
    assert result.kappa == pytest.approx(0.0)
    assert result.weighted_kappa == pytest.approx(0.0)
    assert (result.kappa, result.weighted_kappa) == pytest.approx(statsmodels_kappas(table))


def test_kappa_of_an_empty_table_and_bad_tables() -> None:
    result = cohen_agreement(np.zeros((3, 3)))
    assert np.isnan(result.kappa)
    assert result.reason == NO_CHOSEN
    with pytest.raises(ValueError, match="kvadratisk"):
        cohen_agreement(np.ones((2, 3)))
    with pytest.raises(ValueError, match="negative"):
        cohen_agreement(-np.ones((3, 3)))
