"""Import of a portfolio of units from CSV and Excel files (tilsynwidgets.importing)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from tilsynwidgets.domain.core.errors import DataFileError
from tilsynwidgets.domain.core.signals import SignalCatalogue, signal_catalogue
from tilsynwidgets.domain.core.units import Socialtilsyn, Unit, UnitType
from tilsynwidgets.importing import (
    MAX_ROWS,
    column_names,
    read_portfolio,
    read_portfolio_bytes,
    read_portfolio_csv,
    read_portfolio_excel,
)

DATA = Path(__file__).resolve().parents[2] / "data"
REQUIRED = ["id", "navn", "type", "socialtilsyn", "team", "kapacitet"]
Cells = list[object]
Writer = Callable[[Path, list[Cells]], Path]


def write_csv(
    folder: Path,
    rows: list[Cells],
    *,
    delimiter: str = ";",
    bom: bool = False,
    name: str = "portefolje.csv",
) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path = folder / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8"))
    return path


def write_xlsx(
    folder: Path, rows: list[Cells], *, name: str = "portefolje.xlsx", title: str = "Ark1"
) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    path = folder / name
    workbook.save(path)
    return path


def problems(error: pytest.ExceptionInfo[DataFileError]) -> list[tuple[str, str]]:
    return [(problem.where, problem.message) for problem in error.value.problems]


def tilbud_row(unit_id: str = "T-1", **changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "id": unit_id,
        "navn": "Opholdsstedet Test",
        "type": "boern_doegn",
        "socialtilsyn": "syd",
        "team": "Team 1",
        "kapacitet": "12",
    }
    row.update(changes)
    return row


def table(*rows: dict[str, object]) -> list[Cells]:
    """A header (the union of the rows' keys, in first-seen order) and the rows under it."""
    header: list[str] = []
    for row in rows:
        header += [key for key in row if key not in header]
    return [header, *([row.get(key, "") for key in header] for row in rows)]


# --- files that import ------------------------------------------------------------------


@pytest.mark.parametrize(("delimiter", "bom"), [(";", True), (";", False), (",", True)])
def test_good_csv_gives_the_units(tmp_path: Path, delimiter: str, bom: bool) -> None:
    visits = ["seneste_anmeldte_besoeg", "seneste_uanmeldte_besoeg"]
    signals = ["staff_turnover_pct", "leader_changed", "complaints"]
    tilbud = ["T-1", "Opholdsstedet Lærkereden", "Døgntilbud for børn og unge", "Socialtilsyn Syd"]
    family = ["P-1", "Plejefamilie Prøvesen", "plejefamilie_almen", "midt", "Team Midt", "2"]
    rows = [
        [*REQUIRED, *visits, *signals],
        [*tilbud, "Team Fyn", "12", "2025-03-14", "14-10-2025", "22,5", "ja", "2"],
        [*family, "01.02.2025", "", "", "", ""],
    ]
    path = write_csv(tmp_path, rows, delimiter=delimiter, bom=bom)

    units = read_portfolio(path)

    assert read_portfolio_csv(path) == units
    assert units == [
        Unit(
            id="T-1",
            name="Opholdsstedet Lærkereden",
            unit_type=UnitType.BOERN_DOEGN,
            socialtilsyn=Socialtilsyn.SYD,
            team="Team Fyn",
            capacity=12,
            last_announced_visit=date(2025, 3, 14),
            last_unannounced_visit=date(2025, 10, 14),
            signals={"staff_turnover_pct": 22.5, "leader_changed": True, "complaints": 2.0},
        ),
        Unit(
            id="P-1",
            name="Plejefamilie Prøvesen",
            unit_type=UnitType.PLEJEFAMILIE_ALMEN,
            socialtilsyn=Socialtilsyn.MIDT,
            team="Team Midt",
            capacity=2,
            last_announced_visit=date(2025, 2, 1),
        ),
    ]


def test_csv_from_a_text_stream(tmp_path: Path) -> None:
    text = "\ufeffid;navn;type;socialtilsyn;team;kapacitet;lowest_theme_score\n"
    text += "T-1;Bostedet;voksne_botilbud;nord;Team 2;30;3,75\n"

    units = read_portfolio_csv(io.StringIO(text), name="upload.csv")

    assert [(u.id, u.unit_type, u.capacity, u.signals) for u in units] == [
        ("T-1", UnitType.VOKSNE_BOTILBUD, 30, {"lowest_theme_score": 3.75})
    ]


def test_uploaded_bytes_are_dispatched_on_the_file_name(tmp_path: Path) -> None:
    csv_path = write_csv(tmp_path, table(tilbud_row()))
    xlsx_path = write_xlsx(tmp_path, table(tilbud_row()))

    from_csv = read_portfolio_bytes(csv_path.read_bytes(), "C:\\Brugere\\mig\\a.CSV")
    from_xlsx = read_portfolio_bytes(xlsx_path.read_bytes(), "b.xlsx")

    assert from_csv == from_xlsx == read_portfolio(csv_path)
    with pytest.raises(DataFileError) as error:
        read_portfolio_bytes(b"", "C:\\Brugere\\mig\\tom.csv")
    assert error.value.source == "tom.csv"


def test_good_xlsx_with_typed_cells_gives_the_units(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([*REQUIRED, "seneste_anmeldte_besoeg", "sickness_absence_pct", "paabud"])
    sheet.append(["T-1", "Bostedet", "Botilbud for voksne", "Socialtilsyn Øst", "Team 1", 24])
    sheet["G2"] = datetime(2025, 5, 12)
    sheet["H2"] = 0.094  # shown as 9,4 % in Excel
    sheet["H2"].number_format = "0.0%"
    sheet["I2"] = True
    sheet.append([101, "Familien", "Specialiseret plejefamilie", "nord", "Team 2", 1.0])
    sheet["G3"] = date(2024, 12, 1)
    sheet["I3"] = 0
    sheet.append([])  # an empty row is skipped, not an error
    path = tmp_path / "portefolje.xlsx"
    workbook.save(path)

    units = read_portfolio(path)

    assert [
        (u.id, u.unit_type, u.socialtilsyn, u.capacity, u.last_announced_visit, u.signals)
        for u in units
    ] == [
        (
            "T-1",
            UnitType.VOKSNE_BOTILBUD,
            Socialtilsyn.OEST,
            24,
            date(2025, 5, 12),
            {"sickness_absence_pct": pytest.approx(9.4), "paabud": True},
        ),
        (
            "101",
            UnitType.PLEJEFAMILIE_SPECIALISERET,
            Socialtilsyn.NORD,
            1,
            date(2024, 12, 1),
            {"paabud": False},
        ),
    ]


def test_xlsx_reads_the_first_sheet_unless_another_is_named(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Forside"
    for row in table(tilbud_row("T-1")):
        workbook.active.append(row)
    other = workbook.create_sheet("Andet")
    for row in table(tilbud_row("T-2")):
        other.append(row)
    path = tmp_path / "to_ark.xlsx"
    workbook.save(path)

    assert [u.id for u in read_portfolio_excel(path)] == ["T-1"]
    assert [u.id for u in read_portfolio_excel(path, sheet="Andet")] == ["T-2"]
    with pytest.raises(DataFileError) as error:
        read_portfolio_excel(path, sheet="Mangler")
    assert problems(error) == [
        ("", "har intet ark med navnet 'Mangler' (arkene hedder 'Forside', 'Andet')")
    ]


@pytest.mark.parametrize(
    ("unit_type", "socialtilsyn", "expected_type", "expected_region"),
    [
        ("boern_doegn", "syd", UnitType.BOERN_DOEGN, Socialtilsyn.SYD),
        ("BOERN_DOEGN", " Syd ", UnitType.BOERN_DOEGN, Socialtilsyn.SYD),
        ("Døgntilbud for børn og unge", "Socialtilsyn Syd", UnitType.BOERN_DOEGN, Socialtilsyn.SYD),
        (
            "døgntilbud  for BØRN og unge",
            "socialtilsyn øst",
            UnitType.BOERN_DOEGN,
            Socialtilsyn.OEST,
        ),
        ("Forstærket plejefamilie", "oest", UnitType.PLEJEFAMILIE_FORSTAERKET, Socialtilsyn.OEST),
    ],
)
def test_type_and_socialtilsyn_accept_code_or_label(
    tmp_path: Path,
    unit_type: str,
    socialtilsyn: str,
    expected_type: UnitType,
    expected_region: Socialtilsyn,
) -> None:
    path = write_csv(tmp_path, table(tilbud_row(type=unit_type, socialtilsyn=socialtilsyn)))

    [unit] = read_portfolio(path)

    assert (unit.unit_type, unit.socialtilsyn) == (expected_type, expected_region)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2025-03-14", date(2025, 3, 14)),
        ("14-03-2025", date(2025, 3, 14)),
        ("14.03.2025", date(2025, 3, 14)),
        ("1.3.2025", date(2025, 3, 1)),
        ("2025-03-14 00:00:00", date(2025, 3, 14)),
        ("", None),
    ],
)
def test_dates(tmp_path: Path, written: str, expected: date | None) -> None:
    path = write_csv(tmp_path, table(tilbud_row(seneste_uanmeldte_besoeg=written)))

    [unit] = read_portfolio(path)

    assert unit.last_unannounced_visit == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("ja", True),
        ("JA", True),
        ("1", True),
        ("Sand", True),
        ("nej", False),
        ("0", False),
        ("FALSK", False),
    ],
)
def test_flags(tmp_path: Path, written: str, expected: bool) -> None:
    path = write_csv(tmp_path, table(tilbud_row(paabud=written)))

    [unit] = read_portfolio(path)

    assert unit.signals == {"paabud": expected}


def test_headers_match_regardless_of_case_space_and_danish_letters(tmp_path: Path) -> None:
    header = [" ID", "Navn ", "TYPE", "Socialtilsyn", "team", "Kapacitet", "Seneste anmeldte besøg"]
    path = write_csv(
        tmp_path, [header, ["T-1", "A", "stofmisbrug", "nord", "T", "5", "2025-01-02"]]
    )

    [unit] = read_portfolio(path)

    assert (unit.id, unit.last_announced_visit) == ("T-1", date(2025, 1, 2))


@pytest.mark.parametrize("write", [write_csv, write_xlsx])
def test_hostile_text_is_data_and_round_trips_unchanged(tmp_path: Path, write: Writer) -> None:
    hostile = "<img src=x onerror=alert(1)>"
    team = "'; DROP TABLE units; --"
    path = write(tmp_path, table(tilbud_row(navn=hostile, team=team)))

    [unit] = read_portfolio(path)

    assert (unit.name, unit.team) == (hostile, team)


def test_a_cell_may_span_lines_without_shifting_row_numbers(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        table(
            tilbud_row("T-1", navn="Første linje\nanden linje"), tilbud_row("T-2", kapacitet="x")
        ),
    )

    with pytest.raises(DataFileError) as error:
        read_portfolio(path)

    assert problems(error) == [("række 3, kolonne kapacitet", "skal være et helt tal")]


def test_example_files_import_cleanly_and_agree() -> None:
    from_csv = read_portfolio(DATA / "eksempel_portefolje.csv")
    from_xlsx = read_portfolio(DATA / "eksempel_portefolje.xlsx")

    assert len(from_csv) == 10
    assert {unit.kind.value for unit in from_csv} == {"tilbud", "plejefamilie"}
    assert from_xlsx == from_csv


def test_the_documentation_lists_every_column_and_its_example_imports() -> None:
    guide = (DATA.parent / "docs" / "import.md").read_text(encoding="utf-8")
    example = guide.split("## Eksempel", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]

    assert [name for name in column_names() if f"| `{name}` |" not in guide] == []
    assert [u.id for u in read_portfolio_csv(io.StringIO(example), name="import.md")] == [
        "T-0001",
        "P-0001",
    ]


def test_column_names_cover_fields_and_every_signal() -> None:
    names = column_names()

    assert names[:6] == tuple(REQUIRED)
    assert {"force_uses", "paabud", "lowest_theme_score"} <= set(names)


# --- files with problems -------------------------------------------------------------------


def test_every_bad_row_is_reported_with_row_column_and_reason(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        table(
            tilbud_row("T-1"),
            tilbud_row("T-2", kapacitet="12,5", seneste_anmeldte_besoeg="2025-02-30"),
            tilbud_row("T-3"),
            tilbud_row("T 4", navn="", kapacitet="0", complaints="1,5"),
            tilbud_row("T-5", type="børnehave", staff_turnover_pct="101", paabud="måske"),
        ),
        name="fejl.csv",
    )

    with pytest.raises(DataFileError) as error:
        read_portfolio(path)

    assert error.value.source == "fejl.csv"
    found = problems(error)
    assert [where for where, _ in found] == [
        "række 3, kolonne kapacitet",
        "række 3, kolonne seneste_anmeldte_besoeg",
        "række 5, kolonne id",
        "række 5, kolonne navn",
        "række 5, kolonne kapacitet",
        "række 5, kolonne complaints",
        "række 6, kolonne type",
        "række 6, kolonne staff_turnover_pct",
        "række 6, kolonne paabud",
    ]
    reasons = dict(found)
    assert reasons["række 3, kolonne kapacitet"] == "skal være et helt tal"
    assert reasons["række 3, kolonne seneste_anmeldte_besoeg"] == (
        "'2025-02-30' er ikke en gyldig dato"
    )
    assert reasons["række 5, kolonne id"] == "har et ugyldigt format. " + _id_description()
    assert reasons["række 5, kolonne navn"] == "skal udfyldes"
    assert reasons["række 5, kolonne kapacitet"] == "skal være mindst 1"
    assert reasons["række 5, kolonne complaints"] == "skal være et helt tal"
    assert reasons["række 6, kolonne type"].startswith(
        "'børnehave' er ikke en af: Døgntilbud for børn og unge (boern_doegn), "
    )
    assert reasons["række 6, kolonne staff_turnover_pct"] == (
        "signalet 'Personalegennemstrømning (%)' skal ligge mellem 0 og 100 (fik 101)"
    )
    assert reasons["række 6, kolonne paabud"] == "skal være ja eller nej (eller 1/0, sand/falsk)"
    assert str(error.value).startswith("fejl.csv er ugyldig (9 fejl):\n  - række 3, kolonne")


def test_the_column_is_named_as_the_user_wrote_it(tmp_path: Path) -> None:
    header = ["Id", "Navn", "Type", "Socialtilsyn", "Team", " Kapacitet "]
    path = write_csv(tmp_path, [header, ["T-1", "A", "stofmisbrug", "nord", "T", "mange"]])

    with pytest.raises(DataFileError) as error:
        read_portfolio(path)

    assert problems(error) == [("række 2, kolonne Kapacitet", "skal være et helt tal")]


def test_duplicate_ids_name_both_rows(tmp_path: Path) -> None:
    path = write_csv(tmp_path, table(tilbud_row("T-1"), tilbud_row("T-2"), tilbud_row("T-1")))

    with pytest.raises(DataFileError) as error:
        read_portfolio(path)

    assert problems(error) == [("række 4, kolonne id", "id 'T-1' findes også i række 2")]


def test_missing_required_column(tmp_path: Path) -> None:
    row = tilbud_row()
    del row["kapacitet"]
    path = write_csv(tmp_path, table(row))

    with pytest.raises(DataFileError) as error:
        read_portfolio(path)

    # Reported once for the file, not once for every row.
    assert problems(error) == [("række 1", "mangler den påkrævede kolonne 'kapacitet'")]


def test_unknown_and_repeated_columns(tmp_path: Path) -> None:
    rows = [
        [*REQUIRED, "kapasitet", "farve", "navn"],
        ["T-1", "A", "stofmisbrug", "nord", "T", "5", "6", "rød", "B"],
    ]
    path = write_csv(tmp_path, rows)

    with pytest.raises(DataFileError) as error:
        read_portfolio(path)

    assert problems(error) == [
        ("række 1, kolonne kapasitet", "er ikke en kendt kolonne; mente du 'kapacitet'?"),
        ("række 1, kolonne farve", "er ikke en kendt kolonne"),
        ("række 1, kolonne navn", "findes flere gange (kolonne B og I)"),
    ]


# force_uses applies to tilbud only.
NIGHT_CALLS = (
    signal_catalogue()
    .get("force_uses")
    .model_copy(update={"key": "night_calls", "label": "Natteopkald"})
)
NIGHT_CALLS_ONLY = SignalCatalogue(version="test", signals=(NIGHT_CALLS,))


def test_the_signal_columns_are_those_of_the_catalogue_given(tmp_path: Path) -> None:
    assert column_names(NIGHT_CALLS_ONLY) == (*REQUIRED, *column_names()[6:8], "night_calls")
    family = {**tilbud_row("P-1"), "type": "plejefamilie_almen"}
    path = write_csv(tmp_path, table(tilbud_row(night_calls="3")))
    rows = table(tilbud_row(complaints="1"), family | {"night_calls": "1"})
    bad = write_csv(tmp_path, rows, name="ukendt.csv")

    units = read_portfolio(path, signals=NIGHT_CALLS_ONLY)

    assert [unit.signals for unit in units] == [{"night_calls": 3.0}]
    with pytest.raises(DataFileError) as error:
        read_portfolio(path)
    assert problems(error) == [("række 1, kolonne night_calls", "er ikke en kendt kolonne")]
    with pytest.raises(DataFileError) as error:
        read_portfolio_csv(bad, signals=NIGHT_CALLS_ONLY)
    assert problems(error) == [
        ("række 1, kolonne complaints", "er ikke en kendt kolonne"),
        (
            "række 3, kolonne night_calls",
            "signalet 'Natteopkald' gælder ikke for en plejefamilie",
        ),
    ]


def test_a_value_under_a_column_without_header(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path, [[*REQUIRED, ""], ["T-1", "A", "stofmisbrug", "nord", "T", "5", "x"]]
    )

    with pytest.raises(DataFileError) as error:
        read_portfolio(path)

    assert problems(error) == [
        ("række 2, kolonne G", "har en værdi, men kolonnen har ingen overskrift")
    ]


def test_signals_that_do_not_apply_to_the_kind_are_reported_at_their_columns(
    tmp_path: Path,
) -> None:
    family = tilbud_row("P-1", type="Almen plejefamilie", kapacitet="2")
    path = write_csv(tmp_path, table({**family, "force_uses": "3", "leader_changed": "nej"}))

    with pytest.raises(DataFileError) as error:
        read_portfolio(path)

    assert problems(error) == [
        (
            "række 2, kolonne force_uses",
            "signalet 'Magtanvendelser' gælder ikke for en plejefamilie",
        ),
        (
            "række 2, kolonne leader_changed",
            "signalet 'Lederskifte' gælder ikke for en plejefamilie",
        ),
    ]


def test_invisible_characters_in_free_text_are_cleaned_as_in_a_form(tmp_path: Path) -> None:
    # Pasted from PowerPoint (soft break), Word (table cell end) or a terminal (escape).
    rows = table(
        tilbud_row(navn="Bost\x07edet\x0bved åen", team="Team\u2028Fyn"),
        tilbud_row("T-2", navn="\u200fאור 😀", team="a\x1b[31mb"),
    )

    units = read_portfolio(write_csv(tmp_path, rows))

    assert [(unit.name, unit.team) for unit in units] == [
        ("Bostedet ved åen", "Team Fyn"),
        ("\u200fאור 😀", "a[31mb"),
    ]


def test_tab_and_line_breaks_in_a_name_become_spaces(tmp_path: Path) -> None:
    path = write_csv(tmp_path, table(tilbud_row(navn="Bostedet\tved\nåen")))

    [unit] = read_portfolio(path)

    assert unit.name == "Bostedet ved åen"


def test_invisible_characters_in_ids_codes_numbers_and_dates_are_refused(tmp_path: Path) -> None:
    # Removing them would be a guess: "1\x012" is neither 1, 2 nor 12.
    rows = table(
        tilbud_row("T-\x011", kapacitet="1\x012"),
        tilbud_row("T-2", socialtilsyn="syd\x1b", complaints="3\x0b1"),
        tilbud_row("T-3", type="boern\x7f_doegn", seneste_anmeldte_besoeg="2025-03-1\x064"),
        tilbud_row("T-4", leader_changed="ja\x07"),
    )

    with pytest.raises(DataFileError) as error:
        read_portfolio(write_csv(tmp_path, rows))

    reason = "indeholder et usynligt styretegn (U+{}); fjern det".format
    assert problems(error) == [
        ("række 2, kolonne id", reason("0001")),
        ("række 2, kolonne kapacitet", reason("0001")),
        ("række 3, kolonne socialtilsyn", reason("001B")),
        ("række 3, kolonne complaints", reason("000B")),
        ("række 4, kolonne type", reason("007F")),
        ("række 4, kolonne seneste_anmeldte_besoeg", reason("0006")),
        ("række 5, kolonne leader_changed", reason("0007")),
    ]


@pytest.mark.parametrize(
    ("content", "name", "reason"),
    [
        (b"", "tom.csv", "er tom"),
        (b"\xef\xbb\xbf\r\n \r\n", "tom.csv", "er tom"),
        (
            b"id;navn;type;socialtilsyn;team;kapacitet\r\n",
            "kun.csv",
            "indeholder ingen enheder, kun overskriftsrækken",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "billede.csv",
            "er ikke en tekstfil og kan derfor ikke være en CSV-fil",
        ),
        (
            b"PK\x03\x04rest",
            "forkert.csv",
            "er en Excel-fil (.xlsx) eller et zip-arkiv, ikke en CSV-fil",
        ),
        (b"", "tom.xlsx", "er tom"),
        (
            b"id;navn\r\n1;2\r\n",
            "tekst.xlsx",
            "kan ikke læses som en Excel-fil (.xlsx); filen er beskadiget eller i et andet format",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
            "gammel.xls",
            "er i det gamle Excel-format (.xls); gem den som Excel-projektmappe (.xlsx)",
        ),
        (b"id", "noter.txt", "har filtypen '.txt'; der kan kun indlæses .csv- og .xlsx-filer"),
    ],
)
def test_files_that_are_not_usable_tables(content: bytes, name: str, reason: str) -> None:
    with pytest.raises(DataFileError) as error:
        read_portfolio_bytes(content, name)

    assert error.value.source == name
    assert problems(error) == [("", reason)]


def test_csv_not_saved_as_utf8_says_how_to_save_it(tmp_path: Path) -> None:
    path = tmp_path / "ansi.csv"
    path.write_bytes("id;navn\r\nT-1;Bøgely\r\n".encode("cp1252"))

    with pytest.raises(DataFileError) as error:
        read_portfolio(path)

    save_as = "gem den i Excel som 'CSV UTF-8 (kommasepareret)'"
    assert problems(error) == [("linje 2", f"er ikke gemt som UTF-8 (fx æ, ø og å); {save_as}")]


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_truncated_xlsx_is_a_data_file_error_not_a_traceback(tmp_path: Path, cut: float) -> None:
    good = write_xlsx(tmp_path, table(*(tilbud_row(f"T-{i}") for i in range(50))))
    broken = tmp_path / "afbrudt.xlsx"
    content = good.read_bytes()
    broken.write_bytes(content[: int(len(content) * cut)])

    with pytest.raises(DataFileError) as error:
        read_portfolio(broken)

    assert error.value.source == "afbrudt.xlsx"
    assert "beskadiget" in problems(error)[0][1]


def test_xlsx_with_a_damaged_sheet_is_a_data_file_error(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path, table(tilbud_row()))
    broken = tmp_path / "ødelagt.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # XML that stops in the middle
            target.writestr(member, data)

    with pytest.raises(DataFileError) as error:
        read_portfolio(broken)

    assert error.value.source == "ødelagt.xlsx"
    assert "beskadiget" in problems(error)[0][1]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as error:
        read_portfolio(tmp_path / "findes_ikke.csv")

    assert (error.value.source, problems(error)) == ("findes_ikke.csv", [("", "findes ikke")])


def test_files_over_the_row_limit_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert MAX_ROWS == 100_000
    monkeypatch.setattr("tilsynwidgets.importing._tables.MAX_ROWS", 3)
    at_limit = write_csv(tmp_path, table(*(tilbud_row(f"T-{i}") for i in range(3))), name="a.csv")
    over = write_csv(tmp_path, table(*(tilbud_row(f"T-{i}") for i in range(4))), name="b.csv")

    assert len(read_portfolio(at_limit)) == 3
    with pytest.raises(DataFileError) as error:
        read_portfolio(over)
    assert problems(error) == [("", "har mere end 3 rækker med enheder; del den op i flere filer")]


def test_reading_does_not_touch_the_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path, table(tilbud_row(kapacitet="x")))
    before = (path.read_bytes(), path.stat().st_mtime_ns)

    with pytest.raises(DataFileError):
        read_portfolio(path)

    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["portefolje.csv"]


# --- helpers ---------------------------------------------------------------------------------


def _id_description() -> str:
    description = Unit.model_fields["id"].description
    assert description
    return description
