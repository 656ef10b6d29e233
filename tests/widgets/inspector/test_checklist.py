from __future__ import annotations

from datetime import UTC, datetime

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.support.measures import checklist_state, measures_for
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.inspector.checklist import ChecklistPanel

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_tick_save_and_see_who_and_when(sample_store: Store) -> None:
    unit_id = sample_store.units()[0].id
    panel = ChecklistPanel(sample_store, "tk-test", clock=lambda: NOW)
    panel.show(unit_id, RiskCategory.ROED)
    assert "Rød" in panel.heading.value
    assert len(panel.body.children[0].children) == 1 + len(measures_for(RiskCategory.ROED))
    before = len(sample_store.checklist_changes(unit_id))
    boxes = panel.boxes[RiskCategory.ROED]
    target = next(mid for mid, box in boxes.items() if not box.value)
    boxes[target].value = True
    panel.note.value = "<b>fet</b>"
    panel.save.click()
    assert "Gemt: 1 ændring af tk-test." in panel.status.value
    stored = sample_store.checklist_changes(unit_id)
    assert len(stored) == before + 1
    assert (stored[-1].measure_id, stored[-1].in_place, stored[-1].author) == (
        target,
        True,
        "tk-test",
    )
    assert stored[-1].note == "<b>fet</b>"
    # 09.00 UTC is 10.00 in Denmark in November
    assert "senest ændret af tk-test 2. november 2026 kl. 10.00" in panel.details[target].value
    panel.save.click()
    assert "Ingen ændringer" in panel.status.value
    for box in list(boxes.values())[:2]:
        box.value = not box.value
    panel.save.click()
    assert "Gemt: 2 ændringer af tk-test." in panel.status.value


def test_a_failed_save_is_shown(sample_store: Store) -> None:
    panel = ChecklistPanel(sample_store, "tk", clock=lambda: NOW)
    panel.save.click()
    assert "Vælg en enhed først." in panel.status.value
    panel.show("T-00001", RiskCategory.GUL)
    panel.unit_id = "findes-ikke"
    next(iter(panel.boxes[RiskCategory.GUL].values())).value = True
    panel.state = checklist_state([], RiskCategory.GUL)
    panel.save.click()
    assert "Kunne ikke udføres" in panel.status.value
    assert "findes ikke" in panel.status.value
