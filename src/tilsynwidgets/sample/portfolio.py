"""The whole synthetic portfolio at once: units, their information and their history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from tilsynwidgets.domain.core.signals import SignalCatalogue
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue
from tilsynwidgets.sample.history import SampleHistoryRecords, generate_history
from tilsynwidgets.sample.information import SampleInformation, generate_information
from tilsynwidgets.sample.profile import SampleProfile, sample_profile
from tilsynwidgets.sample.units import draw_units_frame, frame_with_information, units_from_frame

__all__ = ["SamplePortfolio", "generate_sample"]

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SamplePortfolio:
    """A generated portfolio.

    ``frame`` has the unit columns, the signals as of the data date and ``latent`` (as
    :func:`~tilsynwidgets.sample.units.generate_units_frame`); ``units`` are its rows as
    models (without signals); ``information`` the records about them, numbered as the store
    will number them; ``history`` the assessments, plans, quality assessments and checklists.
    """

    as_of: date
    frame: pd.DataFrame
    units: list[Unit]
    information: SampleInformation
    history: SampleHistoryRecords


def generate_sample(
    seed: int,
    as_of: date,
    *,
    n_tilbud: int | None = None,
    n_plejefamilier: int | None = None,
    profile: SampleProfile | None = None,
    catalogue: CriteriaCatalogue | None = None,
    signals: SignalCatalogue | None = None,
    progress: Progress | None = None,
) -> SamplePortfolio:
    """Units, information and history drawn from ``seed``: the same seed gives the same
    portfolio. Nothing is dated after ``as_of``."""
    profile = profile or sample_profile()
    drawn = draw_units_frame(
        seed, as_of, n_tilbud=n_tilbud, n_plejefamilier=n_plejefamilier, profile=profile
    )
    information = generate_information(drawn, seed, as_of, profile=profile)
    frame = frame_with_information(drawn, information, signals)
    history = generate_history(
        drawn, information, seed, catalogue=catalogue, profile=profile, progress=progress
    )
    return SamplePortfolio(as_of, frame, units_from_frame(frame), information, history)
