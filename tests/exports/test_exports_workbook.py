from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from tilsynwidgets.exports.workbook import INFO_SHEET, sheet_names, workbook_bytes, write_workbook

HOSTILE = "=cmd|' /C calc'!A0"
CREATED = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)


def _units() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": pd.Series(["T-00001", "T-00002", "T-00003"], dtype="str"),
            "name": pd.Series([HOSTILE, "Bostedet Æblet", "+SUM(1,2)"], dtype="str"),
            "capacity": [12, 3, 40],
            "score": [4.5, None, 3.25],
            "last_visit": pd.to_datetime(["2024-05-01", None, "2023-12-24"]),
            "assessed_at": pd.to_datetime(
                ["2024-05-01 08:15", "2024-06-30 22:30", "2024-01-02 12:00"], utc=True
            ),
        }
    )


def _counts() -> pd.DataFrame:
    frame = pd.DataFrame(
        {"roed": [1, 0], "gul": [2, 5], "groen": [7, 3]},
        index=pd.Index(["Socialtilsyn Syd", "Socialtilsyn Nord"], name="socialtilsyn"),
    )
    return frame


def _book(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def _bytes(sheets: dict[str, pd.DataFrame], **kwargs: Any) -> bytes:
    options: dict[str, Any] = {
        "title": "Porteføljen",
        "data_as_of": datetime(2025, 3, 1, 6, 0, tzinfo=UTC),
        "source": "tilsynwidgets-database (SQLite)",
        "pseudonymised": True,
        "created_at": CREATED,
    }
    options.update(kwargs)
    return workbook_bytes(sheets, **options)


def _rows(sheet: Any) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_sheets_in_order_with_info_first() -> None:
    book = _book(_bytes({"Enheder": _units(), "Fordeling": _counts()}))
    assert book.sheetnames == [INFO_SHEET, "Enheder", "Fordeling"]
    assert book.active.title == INFO_SHEET


def test_info_sheet_in_danish() -> None:
    book = _book(_bytes({"Enheder": _units()}))
    info = {row[0]: row[1] for row in _rows(book[INFO_SHEET])}
    assert info["Titel"] == "Porteføljen"
    assert info["Data pr."] == datetime(2025, 3, 1, 7, 0)  # shown in Danish time
    assert info["Datakilde"] == "tilsynwidgets-database (SQLite)"
    assert info["Plejefamilier pseudonymiseret"].startswith("Ja")
    assert info["Udtrækket dannet"] == datetime(2025, 3, 4, 10, 30)
    assert info["Ark"] == "Enheder"
    assert book[INFO_SHEET]["A1"].font.b


def test_info_sheet_says_when_not_pseudonymised() -> None:
    book = _book(_bytes({"Enheder": _units()}, pseudonymised=False, data_as_of=date(2025, 1, 2)))
    info = {row[0]: row[1] for row in _rows(book[INFO_SHEET])}
    assert info["Plejefamilier pseudonymiseret"].startswith("Nej")
    assert "personoplysninger" in info["Plejefamilier pseudonymiseret"]
    assert info["Data pr."] == datetime(2025, 1, 2)
    assert book[INFO_SHEET]["B2"].is_date


def test_header_bold_and_rows_equal_frame() -> None:
    units = _units()
    sheet = _book(_bytes({"Enheder": units}))["Enheder"]
    rows = _rows(sheet)
    assert rows[0] == list(units.columns)
    assert all(cell.font.b for cell in sheet[1])
    assert len(rows) == len(units) + 1
    local = units["assessed_at"].dt.tz_convert("Europe/Copenhagen").dt.tz_localize(None)
    for written, (_, row) in zip(rows[1:], units.iterrows(), strict=True):
        expected = [
            row["id"],
            row["name"],
            row["capacity"],
            None if pd.isna(row["score"]) else row["score"],
            None if pd.isna(row["last_visit"]) else row["last_visit"].to_pydatetime(),
        ]
        assert written[:5] == expected
    assert [r[5] for r in rows[1:]] == [t.to_pydatetime() for t in local]


def test_dates_are_excel_dates() -> None:
    sheet = _book(_bytes({"Enheder": _units()}))["Enheder"]
    assert sheet["E2"].is_date
    assert sheet["E2"].number_format == "dd-mm-yyyy"
    assert sheet["E3"].value is None
    assert sheet["F2"].is_date
    assert "hh:mm" in sheet["F2"].number_format


def test_python_dates_in_object_columns() -> None:
    frame = pd.DataFrame({"dato": [date(2024, 2, 29), None]})
    sheet = _book(_bytes({"Datoer": frame}))["Datoer"]
    assert sheet["A2"].is_date
    assert sheet["A2"].value == datetime(2024, 2, 29)


def test_index_with_data_becomes_columns() -> None:
    rows = _rows(_book(_bytes({"Fordeling": _counts()}))["Fordeling"])
    assert rows == [
        ["socialtilsyn", "roed", "gul", "groen"],
        ["Socialtilsyn Syd", 1, 2, 7],
        ["Socialtilsyn Nord", 0, 5, 3],
    ]


def test_columns_sized_to_content() -> None:
    sheet = _book(_bytes({"Enheder": _units()}))["Enheder"]
    assert sheet.column_dimensions["B"].width >= len(HOSTILE)
    assert sheet.column_dimensions["C"].width < sheet.column_dimensions["B"].width
    long = pd.DataFrame({"tekst": ["x" * 500]})
    assert _book(_bytes({"Lang": long}))["Lang"].column_dimensions["A"].width <= 60


def test_formula_injection_written_as_text() -> None:
    hostile_title = '=HYPERLINK("http://evil","klik")'
    frame = pd.DataFrame({HOSTILE: [HOSTILE, "@SUM(A1)", "-2+3"]})
    book = _book(_bytes({"Enheder": frame}, title=hostile_title, source=HOSTILE))
    sheet = book["Enheder"]
    for cell in (sheet["A1"], sheet["A2"], sheet["A3"], sheet["A4"]):
        assert cell.data_type == "s"
        assert cell.quotePrefix
    assert sheet["A2"].value == HOSTILE
    info = book[INFO_SHEET]
    assert info["B1"].value == hostile_title
    assert info["B1"].data_type == "s"
    assert info["B3"].data_type == "s"
    for worksheet in book:
        for row in worksheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row)


def test_formula_injection_not_a_formula_in_the_file_xml() -> None:
    import zipfile

    data = _bytes({"Enheder": pd.DataFrame({"navn": [HOSTILE]})})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name)


def test_invisible_characters_from_old_rows_never_fail_the_export() -> None:
    # openpyxl refuses these characters outright; the export cleans them as a form would.
    frame = pd.DataFrame(
        {
            "navn\x00": pd.Series(["Anna\x0bHansen", "Bo\x00\x1b[0m", None], dtype="str"),
            "note": ["side\x0cto", "linje\u2028to", "😀 \u200fעברית\u200e"],
            "kode": pd.Categorical(["a\x07", "b", "a\x07"]),
            "antal": [1, 2, 3],
        }
    )
    book = _book(_bytes({"Navne\x0b": frame}, title="Forløb\x0bi PowerPoint"))
    assert book.sheetnames == [INFO_SHEET, "Navne"]
    assert _rows(book["Navne"]) == [
        ["navn", "note", "kode", "antal"],
        ["Anna\nHansen", "side\nto", "a", 1],
        ["Bo[0m", "linje\nto", "b", 2],
        [None, "😀 \u200fעברית\u200e", "a", 3],
    ]
    assert _rows(book[INFO_SHEET])[0] == ["Titel", "Forløb\ni PowerPoint"]


def test_sheet_names_sanitised_and_unique() -> None:
    names = sheet_names(
        [
            "Enheder: rød/gul [2024]*?",
            "En meget lang arknavn som er længere end enogtredive tegn",
            "En meget lang arknavn som er længere end enogtredive tegn",
            "om udtrækket",
            "'citeret'",
            "",
            "History",
        ]
    )
    assert names[0] == "Enheder rød gul 2024"
    assert all(len(n) <= 31 for n in names)
    assert len({n.casefold() for n in names} | {INFO_SHEET.casefold()}) == len(names) + 1
    assert names[2].endswith("(2)")
    assert names[4] == "citeret"
    assert names[5] == "Ark"
    assert names[6] != "History"
    book = _book(_bytes({n: pd.DataFrame({"a": [1]}) for n in ["Ark/1", "Ark?1", "Ark[1]"]}))
    assert book.sheetnames == [INFO_SHEET, "Ark 1", "Ark 1 (2)", "Ark 1 (3)"]


def test_write_to_path_and_empty_frame(tmp_path: Path) -> None:
    path = tmp_path / "udtræk.xlsx"
    write_workbook(
        {"Tom": pd.DataFrame({"id": pd.Series([], dtype="str")})},
        path,
        title="Tomt",
        data_as_of=date(2025, 1, 1),
        source="test",
        pseudonymised=True,
    )
    book = openpyxl.load_workbook(path)
    assert _rows(book["Tom"]) == [["id"]]
    created = {row[0]: row[1] for row in _rows(book[INFO_SHEET])}["Udtrækket dannet"]
    assert isinstance(created, datetime)


@pytest.mark.parametrize("pseudonymised", [True, False])
def test_bytes_is_an_xlsx(pseudonymised: bool) -> None:
    data = _bytes({"Enheder": _units()}, pseudonymised=pseudonymised)
    assert data[:2] == b"PK"
