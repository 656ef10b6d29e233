from __future__ import annotations

from datetime import date

from tilsynwidgets.store import Store
from tilsynwidgets.store.provenance import read_provenance, record_provenance


def test_provenance_is_recorded_and_replaced(store: Store) -> None:
    assert read_provenance(store) is None
    first = record_provenance(store, "Eksempeldata", date(2026, 11, 1))
    assert read_provenance(store) == first
    second = record_provenance(store, "Importeret fra portefølje.csv", date(2026, 11, 22))
    stored = read_provenance(store)
    assert stored == second
    assert stored is not None
    assert stored.describe().startswith(
        "Data pr. 22. november 2026 · Kilde: Importeret fra portefølje.csv · indlæst "
    )
