from __future__ import annotations

from sqlalchemy import text

from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.drafts import DraftKeeper


def test_save_load_discard_per_unit(sample_store: Store) -> None:
    reports: list[str] = []
    keeper = DraftKeeper(sample_store, "tk", "risikovurdering", reports.append)
    assert keeper.save({"a": 1}) is False  # no unit yet
    keeper.unit_id = "T-00001"
    assert keeper.save({"justification": "<b>x</b>"})
    assert keeper.load() == {"justification": "<b>x</b>"}
    keeper.paused = True
    assert keeper.save({"justification": "ignored while paused"}) is False
    keeper.paused = False
    keeper.discard()
    assert keeper.load() is None
    assert reports == []


def test_a_failure_to_save_is_reported(sample_store: Store) -> None:
    reports: list[str] = []
    keeper = DraftKeeper(sample_store, "tk", "risikovurdering", reports.append)
    keeper.unit_id = "T-00001"
    with sample_store.engine.begin() as conn:
        conn.execute(text("DROP TABLE drafts"))
    assert keeper.save({"a": 1}) is False
    assert keeper.load() is None
    assert len(reports) == 2
    assert reports[0].startswith("Kladden kunne ikke gemmes:")
    assert reports[1].startswith("Kladden kunne ikke hentes:")
