from __future__ import annotations

from sqlalchemy import text

from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.domain.risk.assessment import RiskAssessment
from tilsynwidgets.forms import ModelForm
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common.drafts import DraftKeeper


def test_save_load_discard_per_unit(sample_store: Store) -> None:
    reports: list[str] = []
    keeper = DraftKeeper(sample_store, reports.append)
    assert keeper.save({"a": 1}) is False  # no unit yet
    keeper.key = DraftKey.assessment("tk", "T-00001")
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
    keeper = DraftKeeper(sample_store, reports.append, DraftKey.assessment("tk", "T-00001"))
    with sample_store.engine.begin() as conn:
        conn.execute(text("DROP TABLE drafts"))
    assert keeper.save({"a": 1}) is False
    assert keeper.load() is None
    assert len(reports) == 2
    assert reports[0].startswith("Kladden kunne ikke gemmes:")
    assert reports[1].startswith("Kladden kunne ikke hentes:")
    keeper.discard()
    assert reports[2].startswith("Kladden kunne ikke slettes:")


def test_a_pasted_nul_reaches_no_draft_on_either_engine(store: Store) -> None:
    # PostgreSQL cannot store a NUL in JSON: the form's field cleans it before the autosave.
    reports: list[str] = []
    keeper = DraftKeeper(store, reports.append, DraftKey.assessment("tk", "T-00001"))
    form = ModelForm(RiskAssessment, fields=["justification"])
    form.on_change(keeper.save)
    form.control("justification").value = "Indsat fra Word\x00 og PowerPoint\x0bher."
    assert reports == []
    assert keeper.load() == {"justification": "Indsat fra Word og PowerPoint\nher."}
    form.close()


def test_one_keeper_keeps_every_kind_of_draft_apart(sample_store: Store) -> None:
    reports: list[str] = []
    keys = [
        DraftKey.assessment("tk", "T-00001"),
        DraftKey.plan("tk", "T-00001"),
        DraftKey.training_answer("deltager-1", "K7M2QX", "T-00001"),
        DraftKey.self_assessment("tk", "nord"),
    ]
    keepers = [DraftKeeper(sample_store, reports.append, key) for key in keys]
    for number, keeper in enumerate(keepers):
        assert keeper.save({"n": number})
    assert [keeper.load() for keeper in keepers] == [{"n": n} for n in range(len(keys))]
    keepers[2].discard()
    assert [keeper.load() for keeper in keepers] == [{"n": 0}, {"n": 1}, None, {"n": 3}]
    assert reports == []


def test_restoring_pauses_autosave_and_resumes_after_a_failure(sample_store: Store) -> None:
    keeper = DraftKeeper(sample_store, [].append, DraftKey.plan("tk", "T-00001"))
    try:
        with keeper.restoring():
            assert keeper.save({"filled": "halfway"}) is False
            raise RuntimeError("the form could not be filled")
    except RuntimeError:
        pass
    assert keeper.paused is False
    assert keeper.load() is None
    assert keeper.save({"typed": True})
