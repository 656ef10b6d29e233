"""Three more roles behind the real hub do their main job in Chromium, and what they store names
the person signed in: a teacher runs a training session a course participant answers in, a
leader of Syd exports the review with plejefamiliers real names (logged), and a methods
consultant saves a criteria version and puts it in force. A teacher is refused, in Danish, an
app their role does not give."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Locator, Page, expect
from tests.browser._training import answer, check_vignettes, create_session
from tests.browser._workshop import choose_in_force, put_in_force_said, save_as_version
from tests.hub._hub import TrialHub
from tests.hub._pages import hub_units, refused, signed_in

from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.risk.criteria import default_catalogue
from tilsynwidgets.domain.training.vignettes import vignette, vignettes
from tilsynwidgets.domain.workshop.in_force import new_entry, packaged_reference
from tilsynwidgets.store import Store
from tilsynwidgets.store.catalogues import CatalogueStore
from tilsynwidgets.store.training import TrainingStore

pytestmark = [pytest.mark.postgres, pytest.mark.browser]

TITLES = [vignette(v).title for v in vignettes().ids[:2]]
NAMES_BOX = re.compile(r"^Vis plejefamiliers navne")
VERSION = "2026.2-hub-metode"


def _syd_units(hub: TrialHub) -> list[Unit]:
    return [u for u in hub_units(hub) if u.socialtilsyn.value == "syd"]


def _review_export(page: Page) -> Locator:
    """The review's export panel (the drill-down has a names checkbox of its own): the box
    around the row with «Lav Excel-projektmappe»."""
    return page.get_by_role("button", name="Lav Excel-projektmappe", exact=True).locator(
        "xpath=../.."
    )


def test_a_teacher_runs_a_session_a_course_participant_answers_in(
    hub: TrialHub, hub_pages: Callable[..., Page]
) -> None:
    facilitator, course = hub_pages(), hub_pages()
    teacher = hub.user_in("underviser")
    signed_in(hub, facilitator, teacher)
    code = create_session(facilitator, hub.service_url("Facilitator.ipynb"), "Hubforløb", TITLES)
    expect(facilitator.get_by_text(f"Facilitator: {teacher}", exact=True)).to_be_visible()
    check_vignettes(facilitator, TITLES[:1])
    facilitator.get_by_role("button", name="Åbn runde 1").click()
    expect(facilitator.get_by_text("Runde 1 er åben.")).to_be_visible()

    participant = hub.user_in("kursusdeltager")
    hub.login(course, participant)
    expect(course).to_have_url(hub.service_url("Deltager.ipynb"))
    course.get_by_label("Kode", exact=True).fill(code)
    course.get_by_label("Navn", exact=True).fill("Hanne fra hubben")
    course.get_by_role("button", name="Deltag").click()
    answer(course, "▲ Rød")
    expect(facilitator.get_by_text(re.compile(r"^1 af 1 har svaret"))).to_be_visible()

    with Store.open(hub.database_url) as store:
        training = TrainingStore(store)
        session = training.session(code)
        joined = training.participants(code)
        answers = training.answers(code)
    assert session is not None
    assert session.created_by == teacher
    assert [(p.display_name, p.account) for p in joined] == [("Hanne fra hubben", participant)]
    assert [a.participant_id for a in answers] == [joined[0].participant_id]

    # The teacher's role gives the training apps, not the inspector's.
    refused(facilitator, hub, "Tilsynsfoerende.ipynb", "Risikokategorisering og tilsynsintensitet")


def test_a_leader_of_syd_exports_real_names_and_the_export_is_logged(
    hub: TrialHub, hub_pages: Callable[..., Page], tmp_path: Path
) -> None:
    page = hub_pages()
    leader = hub.user_in("leder-syd")
    hub.login(page, leader, next_url=hub.service_url("Ledelse.ipynb"))
    expect(page.get_by_text(re.compile(r"[\d.]+ enheder i udvalget"))).to_be_visible()
    syd = _syd_units(hub)
    families = {u.name for u in syd if u.kind.value == "plejefamilie"}
    assert families  # the sample has plejefamilier in Syd
    with Store.open(hub.database_url) as store:
        logged_before = len(store.export_log())

    export = _review_export(page)
    names = export.get_by_role("checkbox", name=NAMES_BOX)
    expect(names).to_be_visible()
    names.check()
    page.get_by_role("button", name="Lav Excel-projektmappe", exact=True).click()
    link = export.get_by_role("link", name="Hent Excel-projektmappen")
    expect(link).to_be_visible()
    expect(export.get_by_text("Excel-projektmappen er klar.")).to_be_visible()

    with Store.open(hub.database_url) as store:
        log = store.export_log()
    assert len(log) == logged_before + 1
    record = log[-1]
    assert (record.made_by, record.what, record.real_names) == (leader, "Excel-projektmappe", True)
    assert record.rows == len(syd)  # a leader of Syd sees Syd's units, and only them

    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "overblik.xlsx"
    download.value.save_as(saved)
    header, *rows = openpyxl.load_workbook(saved)["Enheder"].iter_rows(values_only=True)
    column = {str(name): index for index, name in enumerate(header)}
    assert len(rows) == len(syd)
    assert families <= {str(row[column["Navn"]]) for row in rows}  # the real names


def test_a_methods_consultant_puts_a_new_version_in_force(
    hub: TrialHub, hub_pages: Callable[..., Page]
) -> None:
    page = hub_pages()
    consultant = hub.user_in("metodekonsulent")
    hub.login(page, consultant, next_url=hub.service_url("Kriterier.ipynb"))
    save_as_version(page, VERSION, "Intet ændret; eget navn i hubben.")
    expect(page.get_by_text(f"Gemt som version '{VERSION}' af {consultant}.")).to_be_visible()
    reason = "Afprøvning i hubben: samme kriterier som det pakkede katalog, under eget navn."
    put, in_force = choose_in_force(page, VERSION, reason)
    try:
        put.click()
        expect(in_force.get_by_role("status")).to_have_text(put_in_force_said(VERSION))
        row = in_force.locator("tr", has_text=VERSION).filter(has_text=consultant)
        expect(row).to_contain_text(reason)
        with Store.open(hub.database_url) as store:
            entry = store.catalogue_in_force_entry()
            saved = CatalogueStore(store).get(VERSION)
        assert entry is not None
        assert (entry.version, entry.put_by, entry.reason) == (VERSION, consultant, reason)
        assert saved is not None
        assert saved.author == consultant
    finally:  # the other hub tests suggest with the packaged catalogue
        with Store.open(hub.database_url) as store:
            store.put_catalogue_in_force(
                new_entry(
                    packaged_reference(default_catalogue().version),
                    put_by=consultant,
                    reason="Det pakkede katalog tages i brug igen efter afprøvningen.",
                    put_at=datetime.now(UTC),
                )
            )
