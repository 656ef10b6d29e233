"""Text pasted from anywhere is stored alike on SQLite and PostgreSQL.

PostgreSQL cannot store a NUL in text or JSON, where SQLite stores it; before the models
cleaned free text, the same typing saved on one engine and failed on the other with a
misleading message. Every model here is built from hostile text, saved and read back: it
must come back equal to the cleaned model on both engines, keeping emoji, right-to-left
text and direction marks exactly.
"""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from tilsynwidgets.domain.intensity.plans import template_for
from tilsynwidgets.domain.risk.criteria import default_catalogue
from tilsynwidgets.domain.training.sessions import Answer, EventKind, SessionEvent, TrainingSession
from tilsynwidgets.domain.training.vignettes import vignettes
from tilsynwidgets.domain.workshop.versions import new_version
from tilsynwidgets.store import Store
from tilsynwidgets.store.catalogues import CatalogueStore
from tilsynwidgets.store.training import TrainingStore

# NUL, PowerPoint's soft break (VT), a terminal escape, a Unicode line separator, a Word
# table-cell end (BEL), emoji and Hebrew between right-to-left and left-to-right marks.
VISIBLE = "😀 👩🏽‍⚕️ \u200fשלום עולם\u200e æøå"
HOSTILE = f"Første\x00 linje\x0banden\x1b[31m linje\u2028tredje\x07 {VISIBLE}"
AS_LINES = f"Første linje\nanden[31m linje\ntredje {VISIBLE}"
AS_ONE_LINE = f"Første linje anden[31m linje tredje {VISIBLE}"
T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)


def test_history_keeps_the_cleaned_text_on_both_engines(
    store: Store, build: SimpleNamespace
) -> None:
    unit = build.unit(name=f"Bostedet {HOSTILE}", team="Team\x0bSyd\x00")
    assessment = build.deviating_assessment()
    assessment = type(assessment).model_validate(
        {
            **assessment.model_dump(),
            "justification": HOSTILE,
            "deviation_justification": HOSTILE,
            "assessor": f"Anne\x00 {VISIBLE}",
        }
    )
    plan = build.plan(reason=HOSTILE)
    change = build.checklist_change(note=HOSTILE, author="Leder\x0bC")
    rated = build.self_assessment(comment=HOSTILE)
    rated = type(rated).model_validate(
        {
            **rated.model_dump(),
            "ratings": [{**r.model_dump(), "note": HOSTILE} for r in rated.ratings],
        }
    )
    assert unit.name == f"Bostedet {AS_ONE_LINE}"
    assert unit.team == "Team Syd"
    assert assessment.justification == assessment.deviation_justification == AS_LINES
    assert plan.reason == change.note == rated.comment == AS_LINES
    assert {r.note for r in rated.ratings} == {AS_LINES}

    store.upsert_units([unit])
    store.append_assessment(assessment)
    store.append_plan(plan)
    store.append_checklist_change(change)
    store.append_self_assessment(rated)

    assert store.units() == [unit]
    assert store.assessments() == [assessment]
    assert store.plans() == [plan]
    assert store.checklist_changes() == [change]
    assert store.self_assessments() == [rated]
    assert store.units_frame()["name"].tolist() == [unit.name]


def test_training_keeps_the_cleaned_text_on_both_engines(store: Store) -> None:
    training = TrainingStore(store)
    ids = vignettes().ids[:2]
    session = TrainingSession(
        code="K7M2QX",
        title=f"Kalibrering\x0b{VISIBLE}\x00",
        vignette_ids=ids,
        vignette_version=vignettes().version,
        created_by="Facilitator\x00 F",
        created_at=T0,
    )
    training.create_session(session)
    training.record_event(
        SessionEvent(
            session_code=session.code,
            kind=EventKind.ROUND_OPENED,
            round_no=1,
            vignette_ids=ids,
            by="F\x1b",
            at=T0,
        )
    )
    anna, rejoined = training.join(session.code, f"Anna\x0bHansen\x00 {VISIBLE}", None, T0)
    assert not rejoined
    again, rejoined = training.join(session.code, f"anna hansen {VISIBLE}", None, T0)
    assert rejoined  # the cleaned name is the name she rejoins with
    assert again == anna
    answer = Answer(
        session_code=session.code,
        round_no=1,
        participant_id=anna.participant_id,
        vignette_id=ids[0],
        category="gul",
        justification=HOSTILE,
        plan=template_for("gul"),
        submitted_at=T0,
    )
    training.submit(answer)

    assert session.title == f"Kalibrering {VISIBLE}"
    assert anna.display_name == f"Anna Hansen {VISIBLE}"
    assert answer.justification == AS_LINES
    assert training.session(session.code) == session
    assert training.participants(session.code) == [anna]
    assert training.answers(session.code) == [answer]
    assert training.participants_frame(session.code)["display_name"].tolist() == [anna.display_name]


def test_a_catalogue_version_keeps_the_cleaned_text_on_both_engines(store: Store) -> None:
    catalogue = default_catalogue()
    first = catalogue.criteria[0]
    edited = catalogue.model_copy(
        update={
            "criteria": (
                type(first).model_validate({**first.model_dump(), "explanation": HOSTILE}),
                *catalogue.criteria[1:],
            )
        }
    )
    version = new_version(
        edited,
        name="2026.2-indsat",
        author=f"Metodekonsulent\x00 {VISIBLE}",
        comment=HOSTILE,
        saved_at=T0,
    )
    assert version.comment == version.catalogue.criteria[0].explanation == AS_LINES

    catalogues = CatalogueStore(store)
    catalogues.save(version)

    assert catalogues.get(version.name) == version
