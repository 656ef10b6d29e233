"""The store as one signed-in person may use it, on both engines."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from tilsynwidgets.domain.access.person import Person, local_person, person_from_groups
from tilsynwidgets.domain.access.refusals import AccessRefusedError
from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.domain.risk.criteria import default_catalogue
from tilsynwidgets.domain.workshop.in_force import new_entry, packaged_reference
from tilsynwidgets.exports.pseudonyms import pseudonym_code
from tilsynwidgets.store import Store, UnknownUnitError
from tilsynwidgets.store.guarded import GuardedStore

KEY = b"k" * 32
REASON = "Den nye version rammer bedre i backtesten og er drøftet i metodegruppen."


@pytest.fixture
def units(store: Store, build: SimpleNamespace) -> Store:
    """A tilbud and a plejefamilie in Syd, the same in Nord, each with an assessment."""
    store.upsert_units(
        [
            build.unit("T-SYD", socialtilsyn="syd", signals={}),
            build.foster_family("P-SYD", socialtilsyn="syd", name="Familien Hansen", signals={}),
            build.unit("T-NORD", socialtilsyn="nord", signals={}),
            build.foster_family("P-NORD", socialtilsyn="nord", name="Familien Berg", signals={}),
        ]
    )
    store.append_assessments(
        build.assessment(uid, minutes=i) for i, uid in enumerate(["T-SYD", "P-SYD", "T-NORD"])
    )
    return store


def as_(store: Store, *groups: str) -> GuardedStore:
    return GuardedStore(store, person_from_groups("anne", groups), KEY)


def _rows(store: Store, table: str) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_an_inspector_of_syd_sees_syd_and_its_names(units: Store) -> None:
    guarded = as_(units, "tilsynsfoerende-syd")
    frame = guarded.units_frame()
    assert list(frame["id"]) == ["P-SYD", "T-SYD"]
    assert "Familien Hansen" in set(frame["name"])
    assert [u.id for u in guarded.units()] == ["P-SYD", "T-SYD"]
    assert guarded.unit("P-SYD").name == "Familien Hansen"
    assert sorted(guarded.assessments_frame()["unit_id"]) == ["P-SYD", "T-SYD"]
    assert sorted(guarded.latest_assessments()["unit_id"]) == ["P-SYD", "T-SYD"]
    assert sorted(guarded.current_choices().index) == ["P-SYD", "T-SYD"]
    assert {a.unit_id for a in guarded.assessments()} == {"P-SYD", "T-SYD"}
    assert set(guarded.unit_kinds()) == {"P-SYD", "T-SYD"}


@pytest.mark.parametrize("read", ["unit", "information", "assessments", "plans"])
def test_a_unit_of_another_socialtilsyn_is_not_there_for_them(units: Store, read: str) -> None:
    guarded = as_(units, "tilsynsfoerende-syd")
    with pytest.raises(UnknownUnitError, match="'T-NORD' findes ikke"):
        getattr(guarded, read)("T-NORD")


def test_a_national_leader_sees_every_unit_with_plejefamilier_pseudonymised(units: Store) -> None:
    frame = as_(units, "leder-national").units_frame().set_index("id")
    assert list(frame.index) == ["P-NORD", "P-SYD", "T-NORD", "T-SYD"]
    assert frame.loc["P-SYD", "name"] == f"Plejefamilie {pseudonym_code('P-SYD', KEY)}"
    assert frame.loc["P-NORD", "name"] == f"Plejefamilie {pseudonym_code('P-NORD', KEY)}"
    assert frame.loc["T-SYD", "name"] == "Testtilbud T-SYD"  # tilbud are organisations
    guarded = as_(units, "leder-national")
    assert guarded.unit("P-SYD").name == frame.loc["P-SYD", "name"]
    assert all("Familien" not in u.name for u in guarded.units())


def test_a_leader_of_syd_sees_the_names_of_syd_only(units: Store) -> None:
    guarded = as_(units, "leder-syd", "leder-national")
    frame = guarded.units_frame().set_index("id")
    assert frame.loc["P-SYD", "name"] == "Familien Hansen"
    assert str(frame.loc["P-NORD", "name"]).startswith("Plejefamilie ")


def test_a_course_participant_sees_no_unit(units: Store) -> None:
    guarded = as_(units, "kursusdeltager")
    assert guarded.units_frame().empty
    assert guarded.assessments_frame().empty
    assert guarded.units() == []


def test_local_use_sees_everything_unchanged(units: Store) -> None:
    guarded = GuardedStore(units, local_person("lokal-bruger"), KEY)
    assert guarded.units_frame().equals(units.units_frame())
    assert guarded.assessments_frame().equals(units.assessments_frame())


def test_an_inspector_documents_in_their_own_socialtilsyn(
    units: Store, build: SimpleNamespace
) -> None:
    guarded = as_(units, "tilsynsfoerende-syd")
    guarded.append_assessment(build.assessment("T-SYD", minutes=9))
    guarded.append_plan(build.plan("P-SYD"))
    assert guarded.append_information(build.information("T-SYD")) > 0
    assert _rows(units, "assessments") == 4
    assert _rows(units, "plans") == 1


def test_a_write_about_another_socialtilsyn_is_refused_and_nothing_is_saved(
    units: Store, build: SimpleNamespace
) -> None:
    guarded = as_(units, "tilsynsfoerende-syd")
    before = _rows(units, "assessments"), _rows(units, "information")
    with pytest.raises(UnknownUnitError, match="'T-NORD'"):
        guarded.append_assessment(build.assessment("T-NORD", minutes=9))
    with pytest.raises(UnknownUnitError):  # a batch with one foreign unit: none is written
        guarded.append_assessments(
            [build.assessment("T-SYD", minutes=9), build.assessment("T-NORD", minutes=10)]
        )
    with pytest.raises(UnknownUnitError):
        guarded.append_information(build.information("T-NORD"))
    with pytest.raises(UnknownUnitError):
        guarded.save_draft(DraftKey.assessment("anne", "T-NORD"), {"chosen": "roed"})
    assert (_rows(units, "assessments"), _rows(units, "information")) == before


def test_a_national_leader_may_see_but_not_document(units: Store, build: SimpleNamespace) -> None:
    guarded = as_(units, "leder-national")
    with pytest.raises(AccessRefusedError, match="Du kan ikke dokumentere om enheden T-SYD"):
        guarded.append_assessment(build.assessment("T-SYD", minutes=9))
    with pytest.raises(AccessRefusedError, match="Intet er gemt"):
        guarded.append_checklist_change(build.checklist_change("T-SYD"))
    assert _rows(units, "assessments") == 3


def test_a_self_assessment_is_a_leader_of_that_socialtilsyn_s(
    units: Store, build: SimpleNamespace
) -> None:
    as_(units, "leder-syd").append_self_assessment(build.self_assessment("syd"))
    with pytest.raises(AccessRefusedError, match="Socialtilsyn Nord"):
        as_(units, "leder-syd").append_self_assessment(build.self_assessment("nord"))
    with pytest.raises(AccessRefusedError):
        as_(units, "tilsynsfoerende-syd").append_self_assessment(build.self_assessment("syd"))
    assert [s.socialtilsyn.value for s in as_(units, "leder-syd").self_assessments()] == ["syd"]


@pytest.mark.parametrize(
    ("groups", "allowed"),
    [(("metodekonsulent",), True), (("leder-national",), False), (("tilsynsfoerende-syd",), False)],
)
def test_only_a_methods_consultant_puts_a_catalogue_in_force(
    units: Store, groups: tuple[str, ...], allowed: bool
) -> None:
    version = packaged_reference(default_catalogue().version)
    entry = new_entry(version, put_by="anne", reason=REASON, put_at=datetime.now(UTC))
    guarded = as_(units, *groups)
    if allowed:
        guarded.put_catalogue_in_force(entry)
        assert units.catalogue_in_force_entry() == entry
    else:
        with pytest.raises(AccessRefusedError, match="Kun en metodekonsulent"):
            guarded.put_catalogue_in_force(entry)
        assert units.catalogue_in_force_entry() is None


def test_loading_or_importing_units_is_never_done_through_an_app(
    units: Store, build: SimpleNamespace
) -> None:
    guarded = GuardedStore(units, local_person("lokal-bruger"), KEY)
    with pytest.raises(AccessRefusedError, match="kommandolinjen"):
        guarded.upsert_units([build.unit("T-NY")])
    assert "T-NY" not in set(units.units_frame()["id"])


def test_a_person_without_grants_is_refused_everything(
    units: Store, build: SimpleNamespace
) -> None:
    guarded = GuardedStore(units, Person("x", (), signed_in=True), KEY)
    assert guarded.units_frame().empty
    with pytest.raises(UnknownUnitError):
        guarded.append_assessment(build.assessment("T-SYD", minutes=9))
