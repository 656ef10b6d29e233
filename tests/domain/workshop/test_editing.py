"""What the criteria editor fills in: ids from signals, a first threshold."""

from __future__ import annotations

import re

import pytest

from tilsynwidgets.domain.core.signals import signal_catalogue
from tilsynwidgets.domain.risk.criteria import Criterion
from tilsynwidgets.domain.workshop.editing import criterion_id_for, derived_from, threshold_for

ID_PATTERN = next(m.pattern for m in Criterion.model_fields["id"].metadata if hasattr(m, "pattern"))


def test_a_new_id_is_the_signal_s_key_numbered_when_taken() -> None:
    assert criterion_id_for("complaints", {"klager"}) == "complaints"
    assert criterion_id_for("complaints", {"complaints"}) == "complaints_2"
    assert criterion_id_for("complaints", {"complaints", "complaints_2"}) == "complaints_3"
    long = "a" * 70  # cut to the 64 characters an id may have
    assert criterion_id_for(long, set()) == "a" * 64
    assert criterion_id_for(long, {"a" * 64}) == "a" * 62 + "_2"
    for signal in signal_catalogue().signals:  # each a valid id for a criterion
        made = criterion_id_for(signal.key, {signal.key})
        assert re.fullmatch(ID_PATTERN, made), made


@pytest.mark.parametrize(
    ("criterion_id", "derived"),
    [
        ("complaints", True),
        ("complaints_3", True),
        ("nyt_kriterium_1", True),
        ("klager", False),
        ("complaints_mange", False),
        ("complaintsx", False),
    ],
)
def test_an_id_is_derived_from_its_signal_until_given_one(criterion_id: str, derived: bool) -> None:
    assert derived_from(criterion_id, "complaints") is derived


def test_a_first_threshold_lies_in_the_signal_s_range() -> None:
    catalogue = signal_catalogue()
    assert threshold_for(catalogue.get("complaints")) == 1.0  # one or more
    assert threshold_for(catalogue.get("lowest_theme_score")) == 1.0  # 1–5
    assert threshold_for(catalogue.get("staff_turnover_pct")) == 1.0
    for signal in catalogue.signals:
        if signal.minimum is not None and signal.maximum is not None:
            assert signal.minimum <= threshold_for(signal) <= signal.maximum
