"""The facilitator's Excel export with names pasted from PowerPoint, on SQLite and PostgreSQL:
a vertical tab (PowerPoint's soft line break) never fails the export for the whole session,
whether the name was typed today or stored before text was cleaned."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime

import openpyxl
from sqlalchemy import insert

from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.training.sessions import Answer, normalise_name
from tilsynwidgets.domain.training.vignettes import vignettes
from tilsynwidgets.store import schema
from tilsynwidgets.store.store import Store
from tilsynwidgets.store.training import TrainingStore
from tilsynwidgets.widgets.training.facilitator import FacilitatorApp

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)
IDS = vignettes().ids[:2]
WHY = "Begrundet i sagens oplysninger om ledelse og henvendelser."


def _running(training: TrainingStore) -> FacilitatorApp:
    """A session with its first round open, created through the facilitator's page."""
    app = FacilitatorApp(training, "Facilitator F", clock=lambda: T0, n_resamples=50)
    app.title.value = "Kalibrering\x0bfra PowerPoint"
    app.pick.value = IDS
    app.create_button.click()
    assert app.session is not None, app.status.value
    app.next_round.value = IDS
    app.open_button.click()
    return app


def _answer(training: TrainingStore, code: str, participant_id: str, colour: str) -> None:
    training.submit(
        Answer(
            session_code=code,
            round_no=1,
            participant_id=participant_id,
            vignette_id=IDS[0],
            category=colour,
            justification=f"{WHY}\x0bAndet afsnit.",
            submitted_at=T0,
        )
    )


def _old_participant(store: Store, code: str, name: str) -> str:
    """A participant stored as an older release did, before names were cleaned."""
    participant_id = uuid.uuid4().hex
    model = {
        "session_code": code,
        "participant_id": participant_id,
        "display_name": name,
        "socialtilsyn": None,
        "joined_at": T0.isoformat(),
    }
    row = {
        "participant_id": participant_id,
        "session_code": code,
        "name_key": normalise_name(name),
        "socialtilsyn": None,
        "joined_at": T0,
        "model": model,
    }
    with store.engine.begin() as conn:
        conn.execute(insert(schema.training_participants), row)
    return participant_id


def _export(app: FacilitatorApp, hide: bool = False) -> openpyxl.Workbook:
    if app.close_button.disabled is False:
        app.close_button.click()  # the answers of a closed round are discussed and exported
    app.discussion.hide_names.value = hide
    data = app.make_export()
    assert data, app.status.value
    return openpyxl.load_workbook(io.BytesIO(data))


def _names(book: openpyxl.Workbook) -> list[str]:
    sheet = book["Pr. deltager"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("Deltager")
    return [str(row[column]) for row in sheet.iter_rows(min_row=2, values_only=True)]


def _every_cell(book: openpyxl.Workbook) -> list[str]:
    return [
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ] + book.sheetnames


def test_a_name_pasted_from_powerpoint_exports_cleaned(store: Store) -> None:
    training = TrainingStore(store)
    app = _running(training)
    assert app.session is not None
    code = app.session.code
    anna, _ = training.join(code, "Anna\x0bHansen", None, T0)
    bo, _ = training.join(code, "Bo\x00 Berg", None, T0)
    _answer(training, code, anna.participant_id, "gul")
    _answer(training, code, bo.participant_id, "roed")

    book = _export(app)

    assert sorted(_names(book)) == ["Anna Hansen", "Bo Berg"]
    info = {row[0]: row[1] for row in book["Om udtrækket"].iter_rows(values_only=True)}
    assert str(info["Titel"]).startswith("Træningsforløb: Kalibrering fra PowerPoint (")
    answers = list(book["Svar"].iter_rows(values_only=True))
    assert f"{WHY}\nAndet afsnit." in answers[1]


def test_a_name_stored_before_the_rule_exports_cleaned(store: Store) -> None:
    training = TrainingStore(store)
    app = _running(training)
    assert app.session is not None
    code = app.session.code
    anna = _old_participant(store, code, "Anna\x0bHansen\x1b")
    _answer(training, code, anna, "gul")

    book = _export(app)

    assert _names(book) == ["Anna Hansen"]
    assert "Resultaterne er klar" in app.status.value


def test_the_export_hides_names_by_default_in_every_sheet(store: Store) -> None:
    """The checkbox starts ticked (a projector): the workbook then names nobody, in no sheet
    and no cell; unticked, the names are where people are listed."""
    training = TrainingStore(store)
    app = _running(training)
    assert app.session is not None
    code = app.session.code
    people = {"Anna Hansen": "gul", "Bo Berg": "roed", "Cai Carlsen": "gul"}
    for name, colour in people.items():
        who, _ = training.join(code, name, Socialtilsyn.SYD, T0)
        _answer(training, code, who.participant_id, colour)
    app.close_button.click()
    assert app.discussion.hide_names.value  # the default

    data = app.make_export()
    hidden = openpyxl.load_workbook(io.BytesIO(data))
    cells = _every_cell(hidden)
    for name in people:
        for part in name.split():
            assert not any(part in cell for cell in cells), part
    assert sorted(_names(hidden)) == ["Deltager 1", "Deltager 2", "Deltager 3"]
    info = {row[0]: row[1] for row in hidden["Om udtrækket"].iter_rows(values_only=True)}
    assert str(info["Deltagernes navne"]).startswith("Skjult")

    shown = _export(app, hide=False)
    assert sorted(_names(shown)) == sorted(people)
    answers = list(shown["Svar"].iter_rows(values_only=True))
    assert answers[0][0] == "Deltager"
    assert {row[0] for row in answers[1:]} == set(people)
