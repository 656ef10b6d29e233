"""The facilitator's view, fed by a real training store: user text is escaped everywhere,
hidden names leave every output, and the reference shows only once revealed."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from tests.presentation._shown import (
    CATEGORY,
    TILSYN,
    assert_no_raw_cells,
    assert_shows,
    number,
    table_captioned,
    tables_in,
)
from tests.presentation.test_training_tables import DIRECTION, STATISTIC, remark

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.training.agreement import NO_PAIRS
from tilsynwidgets.domain.training.discussion import SessionFigures, figures_for_state
from tilsynwidgets.domain.training.sessions import (
    Answer,
    EventKind,
    Participant,
    SessionEvent,
    SessionState,
    TrainingSession,
)
from tilsynwidgets.domain.training.vignettes import vignette, vignettes
from tilsynwidgets.presentation.html import category_badge
from tilsynwidgets.store import Store
from tilsynwidgets.store.training import TrainingStore
from tilsynwidgets.widgets.training.discussion import (
    DiscussionView,
    agreement_html,
    progress_html,
    vignette_discussion_html,
)

HOSTILE = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
CODE = "Q7M2PX"
T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)
FIRST = ("v01-glentebakken", "v04-stormsvalen")
SECOND = ("v08-hvidkloever",)
NAMES = ("Anna Andersen", HOSTILE, "Bo Berg")
WHY = "Stabil ledelse og ingen henvendelser i perioden."


class Course:
    """A session in an SQLite store: three participants, round 1 answered and closed."""

    def __init__(self, store: Store) -> None:
        self.training = TrainingStore(store)
        self.training.create_session(
            TrainingSession(
                code=CODE,
                title="Kalibrering",
                vignette_ids=FIRST + SECOND,
                vignette_version=vignettes().version,
                created_by="Facilitator F",
                created_at=T0,
            )
        )
        regions = (Socialtilsyn.SYD, None, Socialtilsyn.SYD)
        self.people: list[Participant] = [
            self.training.join(CODE, name, region, T0 + timedelta(minutes=n))[0]
            for n, (name, region) in enumerate(zip(NAMES, regions, strict=True))
        ]
        self.event(EventKind.ROUND_OPENED, 1, FIRST)
        colours = {FIRST[0]: ("groen", "gul", "groen"), FIRST[1]: ("roed", "groen", "gul")}
        for vignette_id, column in colours.items():
            for person, colour in zip(self.people, column, strict=True):
                self.answer(person, vignette_id, colour, 1)
        self.event(EventKind.ROUND_CLOSED, 1)

    def event(self, kind: EventKind, round_no: int, ids: tuple[str, ...] = ()) -> SessionState:
        return self.training.record_event(
            SessionEvent(
                session_code=CODE, kind=kind, round_no=round_no, vignette_ids=ids, by="F", at=T0
            )
        )

    def answer(self, person: Participant, vignette_id: str, colour: str, round_no: int) -> None:
        hostile = person.display_name == HOSTILE
        self.training.submit(
            Answer(
                session_code=CODE,
                round_no=round_no,
                participant_id=person.participant_id,
                vignette_id=vignette_id,
                category=RiskCategory(colour),
                justification=f"{HOSTILE} er min begrundelse." if hostile else WHY,
                submitted_at=T0 + timedelta(minutes=30),
            )
        )

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame, SessionState]:
        return (
            self.training.answers_frame(CODE),
            self.training.participants_frame(CODE),
            self.training.state(CODE),
        )

    def figures(self) -> SessionFigures:
        return figures_for_state(*self.frames(), n_resamples=100)


@pytest.fixture
def course(tmp_path: Path) -> Iterator[Course]:
    with Store.open(f"sqlite:///{tmp_path / 'training.sqlite'}") as store:
        store.upgrade()
        yield Course(store)


def every_output(figures: SessionFigures, hide: bool) -> list[str]:
    shown = (*figures.vignette_ids, *figures.open_vignette_ids)
    return [
        progress_html(figures, hide),
        agreement_html(figures, hide),
        *(vignette_discussion_html(figures, v, hide) for v in shown),
    ]


def open_second_round(course: Course) -> None:
    course.event(EventKind.REVEALED, 1)
    course.event(EventKind.ROUND_OPENED, 2, SECOND)
    course.answer(course.people[1], SECOND[0], "gul", 2)


def test_hostile_text_is_escaped_in_every_output(course: Course) -> None:
    open_second_round(course)
    figures = course.figures()
    for hide in (False, True):
        for html in every_output(figures, hide):
            assert "<img" not in html
    shown = every_output(figures, hide=False)
    assert ESCAPED in shown[0]  # the name in the progress grid
    discussion = vignette_discussion_html(figures, FIRST[0], hide_names=True)
    assert f"{ESCAPED} er min begrundelse." in discussion  # the justification, escaped
    assert f"<b>{ESCAPED}</b>" not in discussion  # but not the name


def test_hidden_names_leave_every_output(course: Course) -> None:
    open_second_round(course)
    figures = course.figures()
    for html in every_output(figures, hide=True):
        assert "Anna Andersen" not in html
        assert "Bo Berg" not in html
        assert f"<b>{ESCAPED}</b>" not in html
        assert f"<th>{ESCAPED}</th>" not in html
    assert "Deltager 3" in every_output(figures, hide=True)[0]
    named = "".join(every_output(figures, hide=False))
    assert "Anna Andersen" in named
    assert "Bo Berg" in named


def test_the_reference_shows_only_after_reveal(course: Course) -> None:
    reference = vignette(FIRST[1])
    badge = category_badge(reference.reference_category)
    before = course.figures()
    for hide in (False, True):
        html = vignette_discussion_html(before, FIRST[1], hide)
        assert "Referencesvar" not in html
        assert "tw-reference" not in html
        assert reference.rationale[:60] not in html
        assert "trin" not in html
        assert "Ikke vist" in agreement_html(before, hide)
    course.event(EventKind.REVEALED, 1)
    after = vignette_discussion_html(course.figures(), FIRST[1], hide_names=False)
    assert f"<b>Referencesvar:</b> {badge}" in after
    assert "1 af 3 (33,3 %) svarede som referencen" in after
    assert "Bo Berg: 1 trin mildere" in after
    assert "2 trin mildere" in after


def test_progress_counts_who_has_answered(course: Course) -> None:
    open_second_round(course)
    html = progress_html(course.figures(), hide_names=True)
    assert "1 af 3 har svaret" in html
    assert html.count("✓") == 2  # one answer, and the caption
    assert "Ingen runde er åben" in progress_html(
        figures_for_state(*course.frames()[:2], SessionState(()), n_resamples=10)
    )


def test_an_open_round_is_not_discussed_yet(course: Course) -> None:
    open_second_round(course)
    figures = course.figures()
    html = vignette_discussion_html(figures, SECOND[0], hide_names=False)
    assert "Runden er åben" in html
    assert WHY not in html


def test_undefined_agreement_shows_a_dash_and_the_reason(course: Course) -> None:
    answers, participants, state = course.frames()
    one = answers[answers["participant_id"] == course.people[0].participant_id]
    html = agreement_html(figures_for_state(one, participants, state, n_resamples=10))
    overall = table_captioned(html, "Samlet enighed")
    for row in overall.rows:
        assert row[1] == "–"
        assert row[-1] == NO_PAIRS[:1].upper() + NO_PAIRS[1:]
    assert "1 = fuld enighed, 0 = som tilfældigt" in html


def test_the_view_redraws_on_update_and_on_the_checkbox(course: Course) -> None:
    view = DiscussionView(n_resamples=50)
    assert view.hide_names.value  # a projector is the default
    view.update(*course.frames())
    assert view.vignette.value == FIRST[0]
    assert [v for _, v in view.vignette.options] == list(FIRST)

    def everything() -> str:
        return str(view.progress.value + view.discussion.value + view.agreement.value)

    assert "Anna Andersen" not in everything()
    assert "Deltager 1" in everything()
    view.hide_names.value = False
    assert "Anna Andersen" in everything()
    view.vignette.value = FIRST[1]
    assert "Opholdssted i krise" in view.discussion.value
    assert "Referencesvar" not in view.discussion.value
    open_second_round(course)
    view.update(*course.frames())
    assert view.vignette.value == FIRST[1]  # the choice is kept
    assert "Referencesvar" in view.discussion.value
    assert "1 af 3 har svaret" in view.progress.value
    assert "<img" not in everything()


# --- every figure on the screen, read back from the tables ------------------------------------

INTERVAL = re.compile(r"(−?\d+,\d\d)(?: \((−?\d+,\d\d) til (−?\d+,\d\d)\))?")
TWO_DECIMALS = 0.005 + 1e-9
ONE_DECIMAL = 0.05 + 1e-9
PERCENT = 0.0005 + 1e-9


def interval(text: str) -> tuple[float, float, float]:
    """ "0,62 (0,48 til 0,75)" → (0.62, 0.48, 0.75); "–" → NaN three times."""
    if text == "–":
        return (math.nan, math.nan, math.nan)
    match = INTERVAL.fullmatch(text)
    assert match, text
    low, high = (math.nan if g is None else float(number(g)) for g in match.groups()[1:])
    return (float(number(match.group(1))), low, high)


def assert_interval(text: str, estimate: float, low: float, high: float) -> None:
    """The estimate and, where both exist, the bounds, to the two decimals shown."""
    got = interval(text)
    if math.isnan(estimate):
        assert text == "–", (text, estimate)
        return
    assert abs(got[0] - estimate) <= TWO_DECIMALS, (text, estimate)
    if math.isfinite(low) and math.isfinite(high):
        assert abs(got[1] - low) <= TWO_DECIMALS, (text, low)
        assert abs(got[2] - high) <= TWO_DECIMALS, (text, high)
    else:
        assert math.isnan(got[1]), text
        assert math.isnan(got[2]), text


def colour(code: object) -> str:
    return CATEGORY[code] if isinstance(code, str) else "–"


def revealed_figures(course: Course) -> SessionFigures:
    """Both rounds closed and revealed: three vignettes, so that the bootstrap interval
    lies apart from the estimate and a bound shown in its place would fail."""
    open_second_round(course)
    for person, colour in zip(course.people, ("gul", "gul", "roed"), strict=True):
        course.answer(person, SECOND[0], colour, 2)
    course.event(EventKind.ROUND_CLOSED, 2)
    course.event(EventKind.REVEALED, 2)
    figures = course.figures()
    assert figures.revealed == frozenset(FIRST + SECOND)
    assert any(r.low < r.estimate < r.high for r in figures.overall.values())
    return figures


def progress_figures(course: Course) -> SessionFigures:
    """Round 2 open, answered by the first and second participant but not the third."""
    open_second_round(course)
    course.answer(course.people[0], SECOND[0], "roed", 2)
    return course.figures()


def test_overall_agreement_shows_each_statistics_figures(course: Course) -> None:
    figures = revealed_figures(course)
    shown = table_captioned(agreement_html(figures), "Samlet enighed")
    assert shown.header == ["Mål", "Estimat (95 %-interval)", "Vignetter", "Svar", "Bemærkning"]
    assert [row[0] for row in shown.rows] == list(STATISTIC.values())
    for row, (code, label) in zip(shown.rows, STATISTIC.items(), strict=True):
        result = figures.overall[code]  # type: ignore[index]
        assert row[0] == label
        assert_interval(row[1], result.estimate, result.low, result.high)
        assert [number(row[2]), number(row[3])] == [result.n_units, result.n_ratings]
        assert row[4] == (remark(result.reason) or "–")
    assert_no_raw_cells(shown)


def test_per_vignette_shows_each_vignettes_figures(course: Course) -> None:
    figures = revealed_figures(course)
    table = figures.vignettes
    expected = table.assign(
        modal=[
            CATEGORY[m] if isinstance(m, str) else ("Stemmelighed" if n else "–")
            for m, n in zip(table["modal"], table["n_ratings"], strict=True)
        ],
        reference=[
            colour(r) if shown else "Ikke vist"
            for r, shown in zip(table["reference"], table["revealed"], strict=True)
        ],
    )
    caption = "Pr. vignet (andel enige: andel af svarene med den hyppigste farve)"
    assert_shows(
        table_captioned(agreement_html(figures), caption),
        expected,
        rows=[("Vignet", figures.titles.__getitem__)],
        columns={
            "roed": "▲ Rød",
            "gul": "■ Gul",
            "groen": "● Grøn",
            "n_ratings": "Svar",
            "modal": "Flest valgte",
            "modal_share": "Andel enige",
            "reference": "Reference",
            "reference_share": "Som reference",
            "reference_steps": "Afstand (trin)",
        },
        html=True,
        tolerance={
            "modal_share": PERCENT,
            "reference_share": PERCENT,
            "reference_steps": ONE_DECIMAL,
        },
    )
    assert expected.loc[FIRST[1], "modal"] == "Stemmelighed"  # rød, grøn, gul: a tie


def test_per_socialtilsyn_shows_answers_and_why_a_lone_participant_has_no_agreement(
    course: Course,
) -> None:
    figures = revealed_figures(course)
    caption = "Pr. socialtilsyn (enighed blandt deltagerne fra samme tilsyn)"
    html = agreement_html(figures)
    shown = table_captioned(html, caption)
    assert shown.header == [
        "Socialtilsyn",
        "Deltagere",
        "Svar givet",
        "Vignetter i beregningen",
        *STATISTIC.values(),
        "Bemærkning",
    ]
    groups = figures.groups
    by_label = {row[0]: row for row in shown.rows}
    labels = [TILSYN.get(str(code), str(code)) for code in groups.index]
    assert [row[0] for row in shown.rows] == labels == ["Socialtilsyn Syd", "Ikke oplyst"]
    lone_reason = "kun én deltager har svaret: enighed kan ikke beregnes"
    for label, (_, group) in zip(labels, groups.iterrows(), strict=True):
        row = by_label[label]
        assert [number(cell) for cell in row[1:3]] == [
            group["n_participants"],
            group["n_answers"],
        ], label
        if group["reason"] == lone_reason:
            # Agreement needs two raters: the remark says so, not "0" in the cells.
            assert row[3:7] == ["–"] * 4, label
            assert row[-1] == "Kun én deltager"
            continue
        assert number(row[3]) == group["n_units"], label
        for position, code in enumerate(STATISTIC, start=4):
            low, high = group[f"{code}_low"], group[f"{code}_high"]
            assert_interval(row[position], group[code], low, high)
        assert row[-1] == (remark(group["reason"]) or "–")
    lone = by_label["Ikke oplyst"]
    assert lone[1:3] == ["1", "3"]  # one participant, and the three answers they gave
    assert groups.loc["Ikke oplyst", "reason"] == lone_reason
    note = (
        "Enighed kræver svar fra mindst to deltagere fra samme socialtilsyn på samme vignet. "
        "»Kun én deltager«: kun én af socialtilsynets deltagere har svaret, så enigheden kan "
        "ikke beregnes (–); svarene tæller med i den samlede enighed og pr. vignet."
    )
    assert html.index(note) > html.index(caption)
    assert_no_raw_cells(shown)


def test_per_socialtilsyn_has_no_note_when_every_group_has_two(course: Course) -> None:
    figures = revealed_figures(course)
    both = figures.groups.assign(reason=None)
    plain = SessionFigures(**{**_fields(figures), "groups": both})
    assert "Enighed kræver svar fra mindst to" not in agreement_html(plain)


def _fields(figures: SessionFigures) -> dict[str, object]:
    return {name: getattr(figures, name) for name in SessionFigures.__dataclass_fields__}


@pytest.mark.parametrize("hide", [True, False])
def test_per_participant_shows_each_participants_figures(course: Course, hide: bool) -> None:
    figures = revealed_figures(course)
    people = figures.participants
    names = figures.names(hide)
    expected = people.assign(
        socialtilsyn=[TILSYN.get(str(s), str(s)) for s in people["socialtilsyn"]],
        direction=[DIRECTION.get(d, "–") for d in people["direction"]],
    )
    columns = {
        "n_compared": "Sammenlignet",
        "exact_share": "Som reference",
        "mean_steps": "Gns. afstand (trin)",
        "n_stricter": "Strengere",
        "n_milder": "Mildere",
        "direction": "Retning",
    }
    if not hide:  # beside a pseudonym a lone socialtilsyn would name the person
        columns = {"socialtilsyn": "Socialtilsyn", **columns}
    caption = "Pr. deltager mod referencen (de vignetter, hvis referencesvar er vist)"
    assert_shows(
        table_captioned(agreement_html(figures, hide), caption),
        expected,
        rows=[("Deltager", lambda pid: names[str(pid)])],
        columns=columns,
        html=True,
        tolerance={"exact_share": PERCENT, "mean_steps": ONE_DECIMAL},
    )


@pytest.mark.parametrize("hide", [True, False])
def test_progress_shows_who_answered_which_vignette(course: Course, hide: bool) -> None:
    figures = progress_figures(course)
    html = progress_html(figures, hide)
    shown = table_captioned(html, "Svar afgivet i den åbne runde (✓ = har svaret)")
    grid = figures.submissions
    assert shown.header == ["Deltager", *(vignette(v).title for v in grid.columns)]
    names = figures.names(hide)
    *people, total = shown.rows
    assert [row[0] for row in people] == [names[str(p)] for p in grid.index]
    for row, (pid, answered) in zip(people, grid.iterrows(), strict=True):
        assert row[1:] == ["✓" if a else "–" for a in answered], pid
    assert total == ["Har svaret", *(f"{int(grid[v].sum())} af {len(grid)}" for v in grid.columns)]
    assert "<b>2 af 3 har svaret</b> på rundens vignet." in html
    assert grid[SECOND[0]].tolist() == [True, True, False]
    assert_no_raw_cells(shown, allowed={"–"})


def test_no_table_on_the_screen_shows_a_code_or_a_raw_value(course: Course) -> None:
    figures = progress_figures(course)
    for hide in (True, False):
        for html in every_output(figures, hide):
            for shown in tables_in(html):
                assert_no_raw_cells(shown)
                for cell in (*shown.header, *(c for row in shown.rows for c in row)):
                    assert not re.fullmatch(r"v\d\d-[a-z]+", cell), (shown.caption, cell)
                    assert not re.search(r"\d\.\d", cell), (shown.caption, cell)
