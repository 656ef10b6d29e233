"""The apps as each role opens them: refused in Danish, or with what the role may see."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest

from tilsynwidgets import apps
from tilsynwidgets.domain.access.identity import IDENTITY_ENV, KEY_ENV, new_key, sign_identity
from tilsynwidgets.domain.access.refusals import AccessRefusedError
from tilsynwidgets.domain.training.sessions import TrainingSession
from tilsynwidgets.domain.training.vignettes import vignettes
from tilsynwidgets.sample.load import load_sample
from tilsynwidgets.store.store import Store
from tilsynwidgets.store.training import TrainingStore

DAY = date(2026, 11, 1)


@pytest.fixture
def sample(data_dir: Path) -> Path:
    with Store.open() as store:
        store.upgrade()
        load_sample(store, DAY, n_tilbud=20, n_plejefamilier=30)
    return data_dir


SignIn = Callable[..., None]


@pytest.fixture
def sign_in(monkeypatch: pytest.MonkeyPatch) -> SignIn:
    """``sign_in(name, *groups)``: the kernel is handed that person's signed identity."""
    key = new_key()
    monkeypatch.setenv(KEY_ENV, key)

    def as_(name: str, *groups: str) -> None:
        monkeypatch.setenv(IDENTITY_ENV, sign_identity(name, groups, key))

    return as_


def test_a_course_participant_is_refused_the_inspector_app_in_danish(
    sample: Path, sign_in: SignIn
) -> None:
    sign_in("kursus-1", "kursusdeltager")
    with pytest.raises(AccessRefusedError) as refused:
        apps.inspector()
    assert str(refused.value) == (
        "Du er logget ind som kursus-1 (Kursusdeltager), og din rolle giver ikke adgang til "
        "«Risikokategorisering og tilsynsintensitet». Forsiden viser de apps, du har adgang til."
    )
    for opener in (apps.leadership, apps.criteria_workshop, apps.portfolio_overview):
        with pytest.raises(AccessRefusedError):
            opener()
    assert isinstance(apps.training_participant(), apps.ParticipantApp)


def test_a_participant_joins_under_the_account_signed_in(sample: Path, sign_in: SignIn) -> None:
    with Store.open() as store:
        TrainingStore(store).create_session(
            TrainingSession(
                code="K7M2QX",
                title="Kursusdag",
                vignette_ids=(vignettes().vignettes[0].id,),
                vignette_version=vignettes().version,
                created_by="underviser-1",
                created_at=datetime(2026, 11, 1, 9, tzinfo=UTC),
            )
        )
    joined = {}
    for account, name in (("kursus-3", "Anna B"), ("kursus-4", "Bo")):
        sign_in(account, "kursusdeltager")
        app = apps.training_participant()
        app.code.value, app.name.value = "K7M2QX", name
        app.join_button.click()
        assert app.me is not None, app.status.value
        joined[name] = app.me.account
    with Store.open() as store:
        stored = {p.display_name: p.account for p in TrainingStore(store).participants("K7M2QX")}
    assert stored == joined == {"Anna B": "kursus-3", "Bo": "kursus-4"}


def test_the_landing_page_lists_only_what_the_person_may_open(
    sample: Path, sign_in: SignIn
) -> None:
    sign_in("kursus-1", "kursusdeltager")
    page = apps.landing().value  # type: ignore[attr-defined]
    assert 'href="Deltager.ipynb"' in page
    assert page.count("<li") == 1
    assert "Logget ind som <b>kursus-1</b>" in page
    assert "Log ud" not in page  # no hub has said where it is
    assert apps.data_status() == "Din rolle giver ikke adgang til tilbud og plejefamilier."
    sign_in("mk", "metodekonsulent")
    page = apps.landing().value  # type: ignore[attr-defined]
    assert {"Kriterier.ipynb", "Facilitator.ipynb"} <= {
        part.split('"')[0] for part in page.split('href="')[1:]
    }
    assert 'href="Tilsynsfoerende.ipynb"' not in page


def test_behind_the_hub_the_landing_page_signs_out_at_the_hub(
    sample: Path, sign_in: SignIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUPYTERHUB_BASE_URL", "/tilsyn/")
    sign_in("kursus-1", "kursusdeltager")
    page = apps.landing().value  # type: ignore[attr-defined]
    assert '<a href="/tilsyn/hub/logout" style="color:#0b5cad">Log ud</a></p>' in page
    assert page.count("<li") == 1  # the link is beside the name, not among the apps
    monkeypatch.delenv(KEY_ENV)  # local use: nobody is signed in, nobody signs out
    monkeypatch.delenv(IDENTITY_ENV)
    assert "Log ud" not in apps.landing().value  # type: ignore[attr-defined]


def test_an_inspector_of_syd_works_on_syd_s_units_only(sample: Path, sign_in: SignIn) -> None:
    with Store.open() as store:
        everything = store.units_frame(DAY)
    syd = everything[everything["socialtilsyn"] == "syd"]
    assert 0 < len(syd) < len(everything)
    sign_in("anne", "tilsynsfoerende-syd")
    app = apps.inspector()
    assert app.assessor.name == "anne"
    assert set(app.picker.units["id"]) == set(syd["id"])
    tilbud = int((syd["kind"] == "tilbud").sum())
    assert apps.data_status() == (
        f"Lageret indeholder {len(syd)} enheder: {tilbud} tilbud og {len(syd) - tilbud} "
        "plejefamilier."
    )


def test_a_national_leader_sees_every_unit_and_no_plejefamilie_name(
    sample: Path, sign_in: SignIn
) -> None:
    with Store.open() as store:
        names = set(store.units_frame(DAY).query("kind == 'plejefamilie'")["name"])
    sign_in("bo", "leder-national")
    app = apps.leadership(as_of=DAY)
    shown = app.data.units
    assert len(shown) == 50
    families = shown[shown["kind"] == "plejefamilie"]
    assert not set(families["name"]) & names
    assert families["name"].str.startswith("Plejefamilie ").all()


def test_a_person_without_a_role_is_told_what_to_ask_for(sample: Path, sign_in: SignIn) -> None:
    sign_in("ny", "en-gruppe-vi-ikke-kender")
    page = apps.landing().value  # type: ignore[attr-defined]
    assert "<li" not in page
    assert "Din bruger har ingen rolle i apps&#x27;ene." in page
    with pytest.raises(AccessRefusedError, match="ingen rolle"):
        apps.training_participant()


def test_a_leader_of_syd_filters_and_self_assesses_syd_only(sample: Path, sign_in: SignIn) -> None:
    sign_in("cai", "leder-syd")
    app = apps.leadership(as_of=DAY)
    assert set(app.data.units["socialtilsyn"]) == {"syd"}
    assert app.socialtilsyn.options == (("Alle", ""), ("Socialtilsyn Syd", "syd"))
    assert list(app.capacity) == ["syd"]
    overview = app.self_assessment.overview.value
    assert "<th>Socialtilsyn Syd</th>" in overview
    assert "Socialtilsyn Nord" not in overview
    assert app.self_assessment.socialtilsyn.options == (
        ("— vælg socialtilsyn —", ""),
        ("Socialtilsyn Syd", "syd"),
    )
    sign_in("anne", "tilsynsfoerende-syd", "tilsynsfoerende-nord")
    inspector = apps.inspector()
    assert [o[1] for o in inspector.picker.socialtilsyn.options] == ["", "syd", "nord"]


def test_names_in_an_export_only_where_the_roles_allow_it(sample: Path, sign_in: SignIn) -> None:
    with Store.open() as store:
        units = store.units_frame(DAY)
    syd_families = set(units.query("kind == 'plejefamilie' and socialtilsyn == 'syd'")["name"])
    assert syd_families

    sign_in("bo", "leder-national")
    national = apps.leadership(as_of=DAY).exports
    assert national.reveal.layout.display == "none"
    national.reveal.value = True  # as a browser could send it past the hidden checkbox
    national.workbook.click()
    assert national.workbook_link.value == ""
    assert "Du kan ikke eksportere plejefamiliers navne for Socialtilsyn" in national.status.value

    sign_in("cai", "leder-syd", "leder-national")
    app = apps.leadership(as_of=DAY)
    assert app.exports.reveal.layout.display is None
    app.exports.reveal.value = True
    app.exports.report.click()
    assert app.exports.report_link.value == ""
    assert "Socialtilsyn Nord" in app.exports.status.value
    assert "Socialtilsyn Syd" not in app.exports.status.value.split("Vælg")[0]
    app.socialtilsyn.value = "syd"
    sheets = pd.read_excel(io.BytesIO(app.exports.make_workbook()), sheet_name=None)
    shown = {str(v) for sheet in sheets.values() for v in sheet.to_numpy().ravel()}
    assert syd_families <= shown
    app.exports.reveal.value = False
    sheets = pd.read_excel(io.BytesIO(app.exports.make_workbook()), sheet_name=None)
    shown = {str(v) for sheet in sheets.values() for v in sheet.to_numpy().ravel()}
    assert not syd_families & shown
    with Store.open() as store:
        log = store.export_log()
    assert [(e.made_by, e.what, e.real_names) for e in log] == [
        ("cai", "Excel-projektmappe", True),
        ("cai", "Excel-projektmappe", False),
    ]  # the refused exports made nothing and logged nothing
    syd_units = int((units["socialtilsyn"] == "syd").sum())
    assert [e.rows for e in log] == [syd_units, syd_units]
    assert log[0].filters.startswith("Socialtilsyn Syd · Alle typer · Alle teams · ")
