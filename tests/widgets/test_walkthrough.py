"""One walk through every app, headless, reading every text a person sees.

Each walk builds an app the way ``tilsynwidgets.apps`` does, takes it through its main
states (choose a unit, switch tabs and splits, open a drill-down, close a training round and
reveal, edit in the workshop and run the sweep) and reads, after each step, what the page
shows: the text of every HTML and Label widget (tags stripped; tooltips, ``alt`` and
``aria-label`` kept), descriptions, button labels and tooltips, the options of every list,
placeholders, tab titles and the apps' one-line summaries. Every text is checked for what a
Danish screen must never show: ``NaN``, ``None``, ``True``/``False``, internal codes, English
words, a number written with a decimal point, a number of four or more digits without its
thousands separator, an ISO date or a clock time written with a colon.

To walk a new app or state, add a function to ``WALKS``; it returns the texts of each state
through :func:`seen`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import ipywidgets as widgets
import pytest

from tilsynwidgets import apps
from tilsynwidgets.assessor import Assessor
from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.intensity.rulesets import default_ruleset
from tilsynwidgets.domain.labels import labels
from tilsynwidgets.domain.risk.criteria import default_catalogue
from tilsynwidgets.domain.risk.current import current_categories
from tilsynwidgets.domain.support.measures import measure_catalogue
from tilsynwidgets.domain.training.sessions import CODE_ALPHABET, CODE_LENGTH, Answer
from tilsynwidgets.domain.training.vignettes import vignette, vignettes
from tilsynwidgets.sample.load import load_sample
from tilsynwidgets.store.store import Store
from tilsynwidgets.store.training import TrainingStore
from tilsynwidgets.widgets.inspector.app import TABS, InspectorApp
from tilsynwidgets.widgets.leadership.app import LeadershipApp
from tilsynwidgets.widgets.training.facilitator import FacilitatorApp
from tilsynwidgets.widgets.training.participant import ParticipantApp
from tilsynwidgets.widgets.workshop.app import WorkshopApp

AS_OF = date(2026, 11, 1)
NOW = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)
WHY = "Ny leder, flere henvendelser fra kommunen og høj personaleomsætning."

# --- what a person sees -------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """One text on a screen: which app, in which state, in which widget."""

    app: str
    state: str
    widget: str
    text: str


class _Visible(HTMLParser):
    """The text of an HTML fragment as it reads on screen, with its tooltips; no styles,
    no scripts, no link targets."""

    _HIDDEN = frozenset({"style", "script"})
    _SPOKEN = ("title", "alt", "aria-label", "placeholder")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        for name, value in attrs:
            if name in self._SPOKEN and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return parser.parts


def _name(widget: widgets.Widget, path: str) -> str:
    label = getattr(widget, "description", "") or ""
    return f"{path}/{type(widget).__name__}" + (f"«{label}»" if label else "")


def _own_texts(widget: widgets.Widget) -> Iterator[str]:
    """What ``widget`` itself shows (its children are walked separately). The values of
    inputs are left out: they are what the person typed or is about to change."""
    for attribute in ("description", "tooltip", "placeholder"):
        value = getattr(widget, attribute, None)
        if isinstance(value, str) and value:
            yield value
    if isinstance(widget, widgets.HTML | widgets.HTMLMath | widgets.Label):
        yield from visible_text(widget.value)
    if isinstance(widget, widgets.widget_selection._Selection | widgets.SelectMultiple):
        yield from (str(label) for label in widget._options_labels)
    tooltips = getattr(widget, "tooltips", None)
    if isinstance(tooltips, list | tuple):
        yield from (str(t) for t in tooltips)
    if isinstance(widget, widgets.Tab | widgets.Accordion):
        yield from (str(t) for t in widget.titles if t)
    if isinstance(widget, widgets.Output):
        for output in widget.outputs:
            data = output.get("data", {})
            if "text/html" in data:
                yield from visible_text(str(data["text/html"]))
            elif "text/plain" in data:
                yield str(data["text/plain"])
            if "text" in output:
                yield str(output["text"])


def widget_texts(root: widgets.Widget, path: str = "") -> Iterator[tuple[str, str]]:
    """(where, text) for every text in the widget tree under ``root``."""
    where = _name(root, path)
    for text in _own_texts(root):
        yield where, text
    for index, child in enumerate(getattr(root, "children", ()) or ()):
        yield from widget_texts(child, f"{where}[{index}]")


@dataclass
class Walk:
    """The texts seen in one app so far, state by state."""

    app: str
    texts: list[Text]

    def seen(self, state: str, *roots: widgets.Widget, lines: tuple[str, ...] = ()) -> None:
        """Read everything ``roots`` show now, and ``lines`` (e.g. a printed summary)."""
        for root in roots:
            self.texts += [Text(self.app, state, w, t) for w, t in widget_texts(root)]
        self.texts += [Text(self.app, state, "summary()", line) for line in lines]


# --- what must not be shown ---------------------------------------------------------------

RAW = ("NaN", "nan", "None", "True", "False", "NaT", "<NA>", "undefined", "null")

# Common English words of user interfaces and tables, as whole words in any case. Words that
# are also Danish are left out: "to" (two), "is" (ice), "time" (hour), "status", "data",
# "type", "team", "plan", "version", "filter", "test", "median", "interview", "sum", "min".
ENGLISH = frozenset(
    """
    the and of with from this that these please yes no not
    error errors warning failed failure success loading running executing kernel
    true false none value values field fields string should must invalid valid unknown
    share total units unit count counts select submit save cancel close open download
    upload click name title description date year month week day hours category
    categories criteria criterion threshold session participant round answer answers
    report sheet workbook chart summary overview split drill missing required capacity
    gap intensified announced unannounced quarter transitions same balanced agreement
    rating ratings pair modal found saved changes edit new show hide refresh alpha mean
    next visit visits due overdue assessment assessments quality suggestion suggested
    current force theme themes restart template mismatch reason
    """.split()  # noqa: SIM905 - a list of words reads best as words
)

DECIMAL_POINT = re.compile(r"(?<![\w.,])\d+\.\d+(?![\w.,]*\d)")
THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")
LONG_NUMBER = re.compile(r"(?<![\w.,\-−])\d{4,}(?![\w.,]*\d)")
ISO_DATE = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")
COLON_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
WORD = re.compile(r"[^\W\d_]+(?:[-_][^\W\d_]+)*")
# Parts of Denmark a team or socialtilsyn may be named after, besides the labels' words.
REGIONS = ("Sønderjylland", "Sydjylland", "Østjylland", "Sjælland", "Lolland-Falster", "Køge")
TOKEN = re.compile(r"[^\W_][\w-]*[^\W_]")
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
# A setting's name (``TILSYNWIDGETS_ASSESSOR``) is for the administrator's documentation.
SETTING = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")
# A pseudonym stands in for a plejefamilie's name and id in a report ("Plejefamilie 5420575BAB").
PSEUDONYM = re.compile(r"\b[0-9A-F]{10}\b")
# A training session's code (six characters of its alphabet, at least one digit), shown so
# participants can join: random letters in it ("EQ7V63") are no code of the package's.
SESSION_CODE = re.compile(rf"\b(?=[{CODE_ALPHABET}]*\d)[{CODE_ALPHABET}]{{{CODE_LENGTH}}}\b")
# A record is named by its number, an identifier like a case number, not a quantity: "nr. 17861".
RECORD_NUMBER = re.compile(r"\bnr\. \d+\b")
# A download's file name says what it holds in ASCII (``ledelsesoverblik-syd-2026-11-01.xlsx``).
FILE_NAME = re.compile(r"\b[\w.-]+\.(?:xlsx|html|yaml|csv|pdf)\b")
# A clock time in Danish writing: "kl. 09.00".
DANISH_TIME = re.compile(r"\bkl\. \d{1,2}\.\d{2}\b")


# Codes that are Danish words of their own, though not a word of their label.
DANISH_WORDS = frozenset(
    {
        "lederskifte",
        "whistleblower",
        "ny",
        "socialtilsynet",
        "klage",
        "sygdom",
        "flytning",
        "stofmisbrug",
    }
)


@cache
def _named() -> dict[str, str]:
    """Every code the package has a Danish label for, and the ids of measures, vignettes and
    criteria, each with its Danish text."""
    texts = labels()
    named: dict[str, str] = {c.value: s.label for c, s in texts.categories.items()}
    named |= {c.value: s.label for c, s in texts.socialtilsyn.items()}
    named |= {c.value: s.label for c, s in texts.unit_types.items()}
    for members in texts.enums.values():
        named |= members
    named |= {m.id: m.title for m in measure_catalogue().all_measures()}
    named |= {c.id: c.explanation for c in default_catalogue().criteria}
    named |= {v: vignette(v).title for v in vignettes().ids}
    named |= {"ingen": "Ingen vurdering", "seneste": "Seneste", "op": "Op", "ned": "Ned"}
    return named


@cache
def codes() -> frozenset[str]:
    """The codes of :func:`_named`, except those that are themselves a word of their own
    Danish label (``syd`` of "Socialtilsyn Syd", ``gul`` of "Gul", ``tilbud``): those are
    Danish words."""
    return frozenset(
        code
        for code, label in _named().items()
        if code.lower() not in {w.lower() for w in WORD.findall(label)} | DANISH_WORDS
    )


# A version is named by its year and number ("kriteriekatalog 2026.1", "2026.2-nul"), as it
# is written in the data files and as people name their own: a name, not a decimal.
VERSION = re.compile(r"(?<![\w.,])(?:19|20)\d{2}\.\d+(?:-[\w-]+)?(?![\w.,]*\d)")


@cache
def ascii_spellings() -> frozenset[str]:
    """Danish words with æ, ø or å written as ae, oe and aa ("Oest", "Roed", "Soenderjylland"),
    lower case: the words of every label and of :data:`REGIONS`."""
    ascii = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
    words = {w for text in [*_named().values(), *REGIONS] for w in WORD.findall(text)}
    return frozenset(w.translate(ascii).lower() for w in words if w.translate(ascii) != w)


def _without_allowed(text: str) -> str:
    for allowed in (FILE_NAME, DANISH_TIME, VERSION, PSEUDONYM, RECORD_NUMBER, SESSION_CODE):
        text = allowed.sub(" ", text)
    return text


def problems(text: str) -> list[str]:
    """What is wrong with ``text`` on a Danish screen (empty when nothing is)."""
    found: list[str] = []
    text = _without_allowed(text)
    words = WORD.findall(text)
    found += [f"rå værdi {w!r}" for w in RAW if re.search(rf"(?<![\w<]){re.escape(w)}(?!\w)", text)]
    tokens = dict.fromkeys([*words, *TOKEN.findall(text)])
    found += [f"kode {w!r}" for w in tokens if w.lower() in codes() and w not in RAW]
    found += [f"kode {m!r}" for m in SNAKE.findall(text) if m.lower() not in codes()]
    found += [f"indstillingens navn {m!r}" for m in SETTING.findall(text)]
    found += [f"ASCII-stavning {w!r}" for w in words if w.lower() in ascii_spellings()]
    found += [f"engelsk {w!r}" for w in words if w.lower() in ENGLISH]
    found += [
        f"decimalpunktum {m.group()!r}"
        for m in DECIMAL_POINT.finditer(text)
        if not THOUSANDS.fullmatch(m.group())
    ]
    found += [
        f"tal uden tusindtalspunktum {m.group()!r}"
        for m in LONG_NUMBER.finditer(text)
        if not (len(m.group()) == 4 and 1900 <= int(m.group()) <= 2100)
    ]
    found += [f"ISO-dato {m!r}" for m in ISO_DATE.findall(text)]
    found += [f"klokkeslæt med kolon {m!r}" for m in COLON_TIME.findall(text)]
    return found


# --- the walks ----------------------------------------------------------------------------


def walk_landing(store: Store) -> Walk:
    walk = Walk("Forside", [])
    walk.seen("forsiden", apps.landing(store), lines=(apps.data_status(store),))  # type: ignore[arg-type]
    return walk


def walk_portfolio(store: Store) -> Walk:
    walk = Walk("Porteføljeoverblik", [])
    app = apps.portfolio_overview(store, AS_OF)
    walk.seen("start", app, lines=(app.summary(),))
    for grouping in ("unit_type", "team", "socialtilsyn"):
        for phase in ("prae", "post", "seneste"):
            app.grouping.value, app.phase.value = grouping, phase
            walk.seen(f"{grouping}, {phase}", app)
    return walk


def walk_inspector(store: Store) -> Walk:
    walk = Walk("Tilsynsførende", [])
    app = InspectorApp(
        store,
        Assessor("Tilsynsførende T", "test"),
        default_catalogue(),
        default_ruleset(),
        store.units_frame(),
        current_categories(store.assessments_frame()),
        clock=lambda: NOW,
    )
    walk.seen("start", app, lines=(app.summary(),))
    app.picker.search.value = "T-0000"
    walk.seen("søgning", app)
    app.picker.search.value = ""
    unit_id = str(app.picker.results.options[0][1])
    app.picker.results.value = unit_id
    walk.seen("enhed valgt", app)
    form = app.assessment.form
    form.control("phase").value = Phase.POST.value
    walk.seen("post valgt", app)
    form.submit_button.click()  # nothing chosen or justified: refused with Danish errors
    walk.seen("vurdering afvist", app)
    quality = app.quality
    quality.save_button.click()  # nothing scored: refused, naming the theme
    walk.seen("kvalitetsvurdering afvist", app)
    sheet = quality.sheet
    assert sheet is not None
    assert quality.model is not None
    for indicator in quality.model.themes[0].indicator_ids:
        sheet.scores[indicator].value = 4
    quality.save_button.click()
    walk.seen("kvalitetsvurdering gemt", app)
    form.control("phase").value = Phase.POST.value
    form.control("justification").value = WHY
    form.control("chosen").value = "roed"
    form.control("deviation_justification").value = "Nye oplysninger fra kommunen."
    form.submit_button.click()
    walk.seen("vurdering gemt", app)
    for tab in range(len(app.tabs.children)):
        app.tabs.selected_index = tab
        walk.seen(f"fane {tab + 1}", app)
    app.plan.restart_button.click()
    walk.seen("plan fra skabelonen", app)
    app.plan.save()  # the template unchanged needs a reason: refused
    walk.seen("plan afvist", app)
    family = next(str(v) for _, v in app.picker.results.options if str(v).startswith("P-"))
    app.picker.results.value = family
    app.tabs.selected_index = TABS.index("Tilsynsintensitet")
    walk.seen("plejefamiliens plan", app)
    app.picker.results.value = unit_id
    boxes = next(iter(b for b in app.checklist.boxes.values() if b))
    for box in list(boxes.values())[:2]:
        box.value = not box.value
    app.checklist.save.click()
    walk.seen("tjekliste gemt", app)
    first = next(iter(boxes.values()))
    first.value = not first.value
    app.checklist.save.click()
    walk.seen("tjekliste gemt igen", app)
    return walk


def walk_leadership(store: Store) -> Walk:
    walk = Walk("Ledelsens overblik", [])
    app = LeadershipApp(store, apps.leadership_data(store, AS_OF), Assessor("Leder L", "test"))
    walk.seen("start", app, lines=(app.summary(),))
    app.split.value = "unit_type"
    walk.seen("opdelt efter type", app)
    app.socialtilsyn.value = "oest"
    walk.seen("filter Øst", app)
    app.socialtilsyn.value = ""
    for name, text in app.capacity.items():
        text.value = 2500.5 if name != "syd" else 0.0
    walk.seen("kapacitet", app)
    drill = app.drilldown
    for section in [label for label, _ in drill.section.options if label][:6]:
        drill.section.label = section
        figures = list(drill.figure_names)
        if figures:
            drill.figure.label = figures[0]
            if drill.units.options:
                drill.units.value = drill.units.options[0][1]
        walk.seen(f"drill-down {section}", app)
    panel = app.self_assessment
    panel.socialtilsyn.value = "syd"
    walk.seen("selvevaluering valgt", app)
    next(iter(panel.levels.values())).value = None
    panel.save.click()
    walk.seen("selvevaluering mangler", app)
    for level in panel.levels.values():
        level.value = "delvist"
    panel.save.click()
    walk.seen("selvevaluering gemt", app)
    app.exports.make_workbook()
    report = app.exports.make_report()
    walk.seen("eksport", app)
    walk.seen("rapporten", widgets.HTML(report))
    return walk


def walk_facilitator_and_participant(store: Store) -> Walk:
    walk = Walk("Træningsforløb", [])
    training = TrainingStore(store)
    facilitator = FacilitatorApp(training, "Facilitator F", clock=lambda: NOW, n_resamples=50)
    walk.seen("facilitator start", facilitator, lines=(facilitator.summary(),))
    ids = vignettes().ids[:3]
    facilitator.title.value, facilitator.pick.value = "Kalibrering", ids
    facilitator.create_button.click()
    assert facilitator.session is not None, facilitator.status.value
    code = facilitator.session.code
    facilitator.next_round.value = ids[:2]
    facilitator.open_button.click()
    walk.seen("facilitator runde åben", facilitator)

    participant = ParticipantApp(training, clock=lambda: NOW)
    walk.seen("deltager start", participant, lines=(participant.summary(),))
    participant.code.value, participant.name.value = code, "Anna " + "B" * 60
    participant.join_button.click()
    walk.seen("deltager navn for langt", participant)
    participant.name.value, participant.socialtilsyn.value = "Anna B", "syd"
    participant.join_button.click()
    walk.seen("deltager med", participant)
    form = participant.forms[ids[0]]
    form.submit_button.click()
    walk.seen("deltager svar afvist", participant)
    form.form.control("category").value = "roed"
    form.form.control("justification").value = WHY
    form.plan_toggle.value = True
    form.submit_button.click()
    walk.seen("deltager svar gemt", participant)
    for name, colour in (("Bo", "gul"), ("Cecilie", "groen")):
        who, _ = training.join(code, name, None, NOW)
        training.submit(
            Answer(
                session_code=code,
                round_no=1,
                participant_id=who.participant_id,
                vignette_id=ids[0],
                category=colour,
                justification=WHY,
                submitted_at=NOW,
            )
        )
    facilitator.poll.value += 1
    walk.seen("facilitator svar", facilitator)
    facilitator.close_button.click()
    facilitator.discussion.vignette.value = ids[0]
    walk.seen("facilitator runde lukket", facilitator)
    facilitator.reveal_button.click()
    walk.seen("facilitator afsløret", facilitator)
    facilitator.discussion.hide_names.value = False
    walk.seen("facilitator navne vist", facilitator)
    facilitator.make_export()
    walk.seen("facilitator eksport", facilitator)
    participant.refresh_button.click()
    walk.seen("deltager afsløret", participant)
    return walk


def walk_workshop(store: Store) -> Walk:
    walk = Walk("Kriterieværksted", [])
    app = WorkshopApp(store, "Konsulent K", clock=lambda: NOW)
    walk.seen("før indlæsning", app, lines=(app.summary(),))
    app.load()
    walk.seen("indlæst", app, lines=(app.effect_summary(),))
    assert app.editor is not None
    assert app.effect_panel is not None
    app.editor.list.value = next(
        n for n, c in enumerate(app.editor.criteria) if c.id == "whistleblower"
    )
    walk.seen("kriterium valgt", app)
    app.editor.threshold.value = "0"
    walk.seen("tærskel rettet", app, lines=(app.effect_summary(),))
    panel = app.effect_panel
    panel.split.value = "unit_type"
    if panel.changed_units.options:
        panel.changed_units.value = panel.changed_units.options[0][1]
    for _label, criterion in list(panel.sweep_choice.options)[:3]:
        panel.sweep_choice.value = criterion
        walk.seen(f"tærskelanalyse {criterion}", app)
    assert app.versions is not None
    app.versions.name.value = "2026.2-nul"
    app.versions.comment.value = "Alle whistleblowerhenvendelser tæller."
    app.versions.save_button.click()
    walk.seen("version gemt", app)
    app.in_force.choice.value = "2026.2-nul"
    app.in_force.reason.value = "Kort."
    app.in_force.put_button.click()  # too short a reason: refused at the field
    walk.seen("ibrugtagning afvist", app)
    app.in_force.reason.value = "Alle henvendelser tæller efter afprøvning på porteføljen."
    app.in_force.put_button.click()
    walk.seen("version taget i brug", app)
    return walk


WALKS: tuple[Callable[[Store], Walk], ...] = (
    walk_landing,
    walk_portfolio,
    walk_inspector,
    walk_leadership,
    walk_facilitator_and_participant,
    walk_workshop,
)


# --- the test -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """Over a thousand units, so counts need their thousands separator."""
    path = tmp_path_factory.mktemp("walk") / "walk.sqlite"
    with Store.open(f"sqlite:///{path}") as store:
        store.upgrade()
        load_sample(store, AS_OF, n_tilbud=300, n_plejefamilier=800)
        yield store


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TILSYNWIDGETS_DATA_DIR", str(tmp_path))  # the pseudonym key's folder


@pytest.mark.parametrize("walk", WALKS, ids=lambda w: w.__name__.removeprefix("walk_"))
def test_every_text_a_person_sees_is_danish(
    walk: Callable[[Store], Walk], portfolio: Store
) -> None:
    texts = walk(portfolio).texts
    assert texts, "the walk saw nothing"
    findings: dict[tuple[str, str], tuple[str, str, list[str]]] = {}
    for seen in texts:
        wrong = problems(seen.text)
        if wrong:
            findings.setdefault((seen.app, seen.text), (seen.state, seen.widget, wrong))
    report = "\n".join(
        f"{app} · {state} · {widget}: {text!r} → {', '.join(wrong)}"
        for (app, text), (state, widget, wrong) in findings.items()
    )
    assert not findings, f"{len(findings)} tekster er ikke færdigt dansk:\n{report}"


@pytest.mark.parametrize(
    "text",
    [
        "7.300 enheder: 2.000 tilbud og 5.300 plejefamilier.",
        "Andel uanmeldte 36,4 % · 23.829,1 timer · −2,5",
        "Data pr. 1. november 2026 kl. 09.00 · kriteriekatalog 2026.1 · version 2026.2-nul",
        "▲ Rød · ■ Gul · ● Grøn · Socialtilsyn Syd · Tilbud · Post (efter kvalitetsvurdering)",
        "T-00002 – Bostedet Egebakken · frø 2022 · Hent ledelsesoverblik-syd-2026-11-01.xlsx",
        "Whistleblowerhenvendelse · Lederskifte · gul",
        "Plejefamilien Mose, Aalborg · Aabenraa · i to boenheder · alle temaer",
        "Plejefamilie 5420575BAB · Plejefamilie 9901AAA0E1",
        "Retter nr. 17861 · Tog stilling til 2 oplysninger (nr. 5355 og nr. 7520)",
    ],
)
def test_danish_passes(text: str) -> None:
    assert problems(text) == []


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Timer: 23829.1", "decimalpunktum '23829.1'"),
        ("Andel 36.4 %", "decimalpunktum '36.4'"),
        ("7300 enheder", "tal uden tusindtalspunktum '7300'"),
        ("Socialtilsyn Oest", "kode 'Oest'"),
        ("Team Soenderjylland", "ASCII-stavning 'Soenderjylland'"),
        ("Socialtilsyn Oest", "ASCII-stavning 'Oest'"),
        ("Type: plejefamilie_almen", "kode 'plejefamilie_almen'"),
        ("roed_retningslinjer_sagsgang", "kode 'roed_retningslinjer_sagsgang'"),
        ("hovedstaden / roed", "kode 'roed'"),
        ("Kapacitet NaN", "rå værdi 'NaN'"),
        ("Mangler: True", "rå værdi 'True'"),
        ("units, announced, total, share", "engelsk 'total'"),
        ("Loading the app", "engelsk 'Loading'"),
        ("senest ændret 2026-11-02", "ISO-dato '2026-11-02'"),
        ("Gemt 10:00", "klokkeslæt med kolon '10:00'"),
        ("2026-07-01T10:00", "ISO-dato '2026-07-01'"),
        ("2026-07-01T10:00", "klokkeslæt med kolon '10:00'"),
        ("v01-glentebakken", "kode 'v01-glentebakken'"),
        ("angiv TILSYNWIDGETS_ASSESSOR", "indstillingens navn 'TILSYNWIDGETS_ASSESSOR'"),
    ],
)
def test_what_is_not_danish_is_found(text: str, finding: str) -> None:
    assert finding in problems(text)
