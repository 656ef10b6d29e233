"""Load the synthetic national portfolio into a store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from tilsynwidgets.domain.core.danish_numbers import danish_count
from tilsynwidgets.sample.portfolio import generate_sample
from tilsynwidgets.sample.self_assessments import generate_self_assessments
from tilsynwidgets.store.errors import StoreNotEmptyError
from tilsynwidgets.store.store import Store

__all__ = ["DEFAULT_SEED", "REFERENCE_DATE", "SampleCounts", "load_sample"]

DEFAULT_SEED = 2022

REFERENCE_DATE = date(2026, 11, 1)
"""The data date of the sample behind the notebooks' committed outputs (nbval checks them)."""

Report = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class SampleCounts:
    units: int
    assessments: int
    plans: int
    quality_assessments: int
    checklist_changes: int
    self_assessments: int
    information: int
    """All the information records stored, those the store derives from the quality
    assessments included."""


def load_sample(
    store: Store,
    as_of: date,
    *,
    seed: int = DEFAULT_SEED,
    n_tilbud: int | None = None,
    n_plejefamilier: int | None = None,
    report: Report | None = None,
) -> SampleCounts:
    """Generate the sample portfolio with its history and write it, with its provenance,
    in one transaction.

    Only into an empty store (whose schema is this release's): loading twice would append
    the same history twice. The check is made again inside the writing transaction, under
    a lock, so of two loads started together one loads and the other raises
    :class:`StoreNotEmptyError`; a load killed midway leaves the store as it was.
    """
    if not store.is_empty():
        raise StoreNotEmptyError(
            "Lageret har allerede enheder; eksempeldata indlæses kun i et tomt lager. "
            "Intet er gemt."
        )
    say = report or (lambda _message: None)
    say("Danner enheder, oplysninger og historik ...")
    sample = generate_sample(
        seed,
        as_of,
        n_tilbud=n_tilbud,
        n_plejefamilier=n_plejefamilier,
        progress=lambda done, total: say(f"  historik {done:>6} af {total}"),
    )
    history = sample.history
    self_assessments = generate_self_assessments(seed, as_of)
    say(
        f"Skriver {danish_count(len(sample.units))} enheder og "
        f"{danish_count(len(sample.information.records))} oplysninger til databasen ..."
    )
    # The store writes the quality assessments' information first, then the rest in the
    # order given: the ids the sample numbered its records (and assessments) with.
    store.load_portfolio(
        sample.units,
        assessments=history.assessments,
        plans=history.plans,
        quality_assessments=history.quality_assessments,
        checklist_changes=history.checklist_changes,
        self_assessments=self_assessments,
        information=sample.information.to_store(),
        provenance=(f"Syntetisk eksempelportefølje (frø {seed})", as_of),
        only_if_empty=True,
    )
    return SampleCounts(
        units=len(sample.units),
        assessments=len(history.assessments),
        plans=len(history.plans),
        quality_assessments=len(history.quality_assessments),
        checklist_changes=len(history.checklist_changes),
        self_assessments=len(self_assessments),
        information=len(sample.information.records),
    )
