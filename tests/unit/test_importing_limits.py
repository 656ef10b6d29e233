"""The import's limits: hostile files are refused in Danish, naming the file, before they cost
much time or memory, and a file with many problems shows the first ones and their count.

The hostile .xlsx files are built here as an attacker would: a real workbook whose sheet XML
is streamed in, highly repetitive, so that a file of about 1 MB or less unpacks to far more.
"""

from __future__ import annotations

import csv
import io
import struct
import tracemalloc
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import openpyxl
import pytest

from tilsynwidgets.domain.core.errors import DataFileError, Problem
from tilsynwidgets.importing import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_PROBLEMS_SHOWN,
    MAX_ROW_ELEMENTS,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    MAX_XML_ELEMENTS,
    PortfolioFileError,
    _tables,
    column_names,
    read_portfolio,
    read_portfolio_bytes,
    read_portfolio_csv,
)
from tilsynwidgets.importing._rows import Problems

SHEET = "xl/worksheets/sheet1.xml"
OPEN = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
CLOSE = b"</sheetData></worksheet>"
JUNK_CELL = b'<c t="b"><v>1</v></c>'  # ja where text is expected, or under no header
REQUIRED = ["id", "navn", "type", "socialtilsyn", "team", "kapacitet"]


def header_row(names: Iterable[str] = REQUIRED) -> bytes:
    cells = "".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in names)
    return f"<row>{cells}</row>".encode()


def good_row(unit_id: str = "T-1") -> bytes:
    values = [unit_id, "Bostedet", "boern_doegn", "syd", "Team 1"]
    cells = "".join(f'<c t="inlineStr"><is><t>{value}</t></is></c>' for value in values)
    return f"<row>{cells}<c><v>12</v></c></row>".encode()


def repeated(row: bytes, count: int) -> Iterator[bytes]:
    """``count`` copies of ``row`` in chunks of about 1 MB: never all in memory at once."""
    per_chunk = max(1, 1_000_000 // len(row))
    whole, rest = divmod(count, per_chunk)
    for _ in range(whole):
        yield row * per_chunk
    yield row * rest


def workbook(
    path: Path, body: Iterable[bytes] = (), *, parts: dict[str, bytes] | None = None
) -> Path:
    """A workbook made by openpyxl whose sheet is the header row and ``body``, streamed into
    the archive; ``parts`` replace or add other members."""
    skeleton = io.BytesIO()
    openpyxl.Workbook().save(skeleton)
    parts = parts or {}
    with (
        zipfile.ZipFile(skeleton) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for member in source.infolist():
            if member.filename != SHEET and member.filename not in parts:
                target.writestr(member, source.read(member))
        for name, content in parts.items():
            target.writestr(name, content)
        with target.open(SHEET, "w", force_zip64=True) as sheet:
            sheet.write(OPEN + header_row())
            for chunk in body:
                sheet.write(chunk)
            sheet.write(CLOSE)
    return path


def unpacked_size(path: Path) -> int:
    with zipfile.ZipFile(path) as archive:
        return sum(member.file_size for member in archive.infolist())


def refusal(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(DataFileError) as error:
        read_portfolio(path)
    assert error.value.source == path.name
    return [(problem.where, problem.message) for problem in error.value.problems]


# --- .xlsx: what the archive holds, checked before openpyxl parses it ----------------------


def test_one_megabyte_that_unpacks_past_the_limit_is_refused_unread(tmp_path: Path) -> None:
    row = b"<row>" + JUNK_CELL * 1000 + b"</row>"
    bomb = workbook(tmp_path / "bombe.xlsx", repeated(row, MAX_UNPACKED_BYTES // len(row) + 1))
    assert bomb.stat().st_size < 1_000_000 < MAX_UNPACKED_BYTES < unpacked_size(bomb)

    assert refusal(bomb) == [("", "fylder over 150 MB udpakket; del den op i flere filer")]


def test_the_unpacked_limit_counts_what_the_archive_declares_and_zip_holds_it_to_that(
    tmp_path: Path,
) -> None:
    """A member that declares fewer bytes than it holds is cut at what it declares, and the
    cut fails its checksum: a damaged file, not a way around the limit."""
    row = b"<row>" + JUNK_CELL * 1000 + b"</row>"
    honest = workbook(tmp_path / "aerlig.xlsx", repeated(row, 10_000))
    content = bytearray(honest.read_bytes())
    struct.pack_into(
        "<I", content, _central_entry(content) + 24, 1_000
    )  # uncompressed size: 1,000 bytes
    liar = tmp_path / "loegner.xlsx"
    liar.write_bytes(bytes(content))
    assert unpacked_size(liar) < 1_000_000

    [(where, reason)] = refusal(liar)
    assert (where, reason.split(";")[0]) == ("", "kan ikke læses som en Excel-fil (.xlsx)")


def _central_entry(content: bytearray) -> int:
    """Where the central directory describes the sheet (its entry's fixed part starts there)."""
    name = SHEET.encode()
    position = content.rindex(b"PK\x01\x02", 0, content.rindex(name))
    assert content[position + 46 : position + 46 + len(name)] == name
    return position


def test_more_xml_elements_than_a_full_portfolio_needs_are_refused(tmp_path: Path) -> None:
    row = b"<row>" + b"<c/>" * 40 + b"</row>"  # 41 elements in 171 bytes
    flood = workbook(tmp_path / "elementer.xlsx", repeated(row, MAX_XML_ELEMENTS // 41 + 1))
    assert unpacked_size(flood) < MAX_UNPACKED_BYTES

    assert refusal(flood) == [
        (
            "",
            "indeholder over 10.000.000 XML-elementer, mere end 100.000 enheder fylder; "
            "del den op i flere filer",
        )
    ]


ROW_TOO_BIG = (
    "",
    "har en række eller en del med over 50.000 XML-elementer; filen er beskadiget eller "
    "ikke gemt af et almindeligt regneark",
)


def test_one_row_of_millions_of_cells_is_refused_before_it_is_built(tmp_path: Path) -> None:
    """openpyxl builds a whole row before handing it on: 30 million empty cells in one row
    would take gigabytes, so the row is refused while its bytes are counted."""
    one_row = workbook(
        tmp_path / "en_raekke.xlsx",
        [b"<row>", *repeated(b"<c/>", 30_000_000), b"</row>"],
    )
    assert one_row.stat().st_size < 1_000_000

    assert refusal(one_row) == [ROW_TOO_BIG]


@pytest.mark.parametrize(
    ("part", "content"),
    [
        ("xl/styles.xml", b'<styleSheet xmlns="x">' + b"<a/>" * 60_000 + b"</styleSheet>"),
        ("xl/sharedStrings.xml", b"<sst><si>" + b"<r/>" * 60_000 + b"</si></sst>"),
        ("xl/worksheets/sheet2.xml", b"<worksheet><sheetData>" + b"<x/>" * 60_000),
    ],
)
def test_a_flood_of_elements_in_any_part_is_refused(
    tmp_path: Path, part: str, content: bytes
) -> None:
    path = workbook(tmp_path / "del.xlsx", [good_row()], parts={part: content})

    assert refusal(path) == [ROW_TOO_BIG]


def test_a_row_at_the_element_limit_is_read_and_one_more_is_refused(tmp_path: Path) -> None:
    """A row of six cells has 18 elements (row; c, is, t for text; c, v for a number); the
    name written as rich text runs adds two a run instead of its t, an empty cell adds one."""
    runs = (MAX_ROW_ELEMENTS - 18) // 2
    name = b"<r><t>Bostedet</t></r>" + b"<r><t/></r>" * (runs - 1)
    at_limit = good_row().replace(b"<t>Bostedet</t>", name).replace(b"</row>", b"<c/></row>")
    one_more = at_limit.replace(b"</row>", b"<c/></row>")
    assert 18 - 1 + 2 * runs + 1 == MAX_ROW_ELEMENTS

    read = workbook(tmp_path / "rig.xlsx", [at_limit, good_row("T-2")])
    assert [(unit.id, unit.name) for unit in read_portfolio(read)] == [
        ("T-1", "Bostedet"),
        ("T-2", "Bostedet"),
    ]
    assert refusal(workbook(tmp_path / "for_rig.xlsx", [one_more])) == [ROW_TOO_BIG]


def test_counting_elements_does_not_depend_on_where_chunks_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    xml = b"<sheetData>" + (b'<row r="1"><c><v>1</v></c><c/></row>' * 50) + b"</sheetData>"
    for chunk in (1, 2, 3, 5, 7, 64, 1 << 20):
        monkeypatch.setattr(_tables, "_CHUNK", chunk)
        monkeypatch.setattr(_tables, "MAX_ROW_ELEMENTS", 5)  # a row has 4, the tail 0
        counter = _tables._MarkupCounter("x.xlsx")
        counter.count(io.BytesIO(xml))
        assert counter.total == 1 + 50 * 4, chunk

        monkeypatch.setattr(_tables, "MAX_ROW_ELEMENTS", 3)
        with pytest.raises(DataFileError):
            _tables._MarkupCounter("x.xlsx").count(io.BytesIO(xml))


def test_parts_that_cannot_be_xml_are_not_counted(tmp_path: Path) -> None:
    image = b"\x89PNG\r\n\x1a\n" + b"<" * (2 * MAX_ROW_ELEMENTS)
    path = workbook(tmp_path / "billede.xlsx", [good_row()], parts={"xl/media/logo.png": image})

    assert [unit.id for unit in read_portfolio(path)] == ["T-1"]


# --- .xlsx: rows, columns and cells, counted as the rows stream in ---------------------------


def test_a_cell_in_the_last_column_of_a_sheet_is_refused_at_its_row(tmp_path: Path) -> None:
    far = workbook(tmp_path / "bred.xlsx", [good_row(), b'<row><c r="XFD3"><v>1</v></c></row>'])

    assert refusal(far) == [("række 3", "har mere end 200 kolonner; der må højst være 200")]


def test_a_header_wider_than_the_limit_is_refused(tmp_path: Path) -> None:
    names = [f"kolonne_{i}" for i in range(MAX_COLUMNS + 1)]
    path = tmp_path / "overskrift.xlsx"
    book = openpyxl.Workbook()
    book.active.append(names)
    book.active.append(["T-1"])
    book.save(path)

    assert refusal(path) == [("række 1", "har mere end 200 kolonner; der må højst være 200")]


def test_a_row_as_wide_as_the_limit_is_read_and_its_value_reported(tmp_path: Path) -> None:
    last = openpyxl.utils.get_column_letter(MAX_COLUMNS)
    row = good_row().replace(b"</row>", f'<c r="{last}2"><v>1</v></c></row>'.encode())
    path = workbook(tmp_path / "bred_nok.xlsx", [row])

    assert refusal(path) == [
        (f"række 2, kolonne {last}", "har en værdi, men kolonnen har ingen overskrift")
    ]


def test_cells_past_the_limit_are_refused_naming_the_row(tmp_path: Path) -> None:
    """Few bytes and few elements, but openpyxl fills each row up to its one far cell."""
    last = openpyxl.utils.get_column_letter(MAX_COLUMNS).encode()
    row = b'<row><c r="' + last + b'1" t="b"><v>1</v></c></row>'
    filled = workbook(tmp_path / "udfyldt.xlsx", repeated(row, MAX_ROWS))
    assert filled.stat().st_size < 100_000
    rows_read = (MAX_CELLS - len(REQUIRED)) // MAX_COLUMNS + 1

    assert refusal(filled) == [
        (
            "",
            f"har over 3.000.000 celler (talt til og med række {rows_read + 1}, tomme celler "
            "med); del den op i flere filer, eller slet tomme kolonner",
        )
    ]


def test_the_cell_limit_leaves_room_for_a_full_portfolio() -> None:
    assert 1.4 * MAX_ROWS * len(column_names()) <= MAX_CELLS
    assert 5 * len(column_names()) <= MAX_COLUMNS


# --- CSV: the same limits ---------------------------------------------------------------------


def test_a_csv_that_never_ends_is_refused_at_the_size_limit(tmp_path: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("kræver /dev/zero")
    endless = tmp_path / "uendelig.csv"
    endless.symlink_to("/dev/zero")

    assert refusal(endless) == [("", "fylder over 150 MB; del den op i flere filer")]


class EndlessText(io.TextIOBase):
    """A text stream that never ends, as a pipe from a runaway program would be."""

    name = "strøm.csv"

    def read(self, size: int | None = -1) -> str:
        if size is None or size < 0:
            raise MemoryError("læste uden grænse")
        return ("id;navn\n" * (size // 8 + 1))[:size]


def test_a_text_stream_that_never_ends_is_refused_at_the_size_limit() -> None:
    with pytest.raises(DataFileError) as error:
        read_portfolio_csv(EndlessText())

    assert str(error.value) == (
        "strøm.csv er ugyldig (1 fejl):\n  - fylder over 150 MB; del den op i flere filer"
    )


def test_uploaded_bytes_over_the_size_limit_are_refused_unread() -> None:
    content = bytes(MAX_UNPACKED_BYTES + 1)
    for name in ("stor.csv", "stor.xlsx"):
        with pytest.raises(DataFileError) as error:
            read_portfolio_bytes(content, name)
        assert [str(problem) for problem in error.value.problems] == [
            "fylder over 150 MB; del den op i flere filer"
        ]


def test_one_enormous_line_is_refused_before_it_is_split(tmp_path: Path) -> None:
    """Refused for its delimiters while it is still part of the text: the memory it takes is
    the file's bytes and its text, not a copy of the line and a list of 20 million fields
    (which came to 210 MB, against 38 MB, before the line was counted unsplit)."""
    path = tmp_path / "lang.csv"
    path.write_bytes(";".join(REQUIRED).encode() + b"\n" + b";" * 20_000_000 + b"\n")

    tracemalloc.start()
    try:
        found = refusal(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert found == [("række 2", "har mere end 200 kolonner; der må højst være 200")]
    assert peak < 2.5 * path.stat().st_size


def test_a_record_spread_over_many_lines_is_counted_as_one(tmp_path: Path) -> None:
    path = tmp_path / "mange_linjer.csv"
    record = ";".join(['"a\nb"'] * (MAX_COLUMNS + 1))
    path.write_text(";".join(REQUIRED) + "\n" + record + "\n", encoding="utf-8")

    assert refusal(path) == [("række 2", "har mere end 200 kolonner; der må højst være 200")]


def test_a_csv_row_as_wide_as_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bred_nok.csv"
    row = ["T-1", "Bostedet", "boern_doegn", "syd", "Team 1", "12"]
    padded = [*row, *[""] * (MAX_COLUMNS - len(row) - 1), "x"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=";").writerows([REQUIRED, padded])

    last = openpyxl.utils.get_column_letter(MAX_COLUMNS)
    assert refusal(path) == [
        (f"række 2, kolonne {last}", "har en værdi, men kolonnen har ingen overskrift")
    ]


def test_csv_cells_past_the_limit_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_tables, "MAX_CELLS", 100)
    path = tmp_path / "celler.csv"
    path.write_text(";".join(REQUIRED) + "\n" + "\n".join([";" * 9] * 20) + "\n")

    # 6 header cells, then 10 a row: the 100th cell is passed in the 10th row (row 11).
    assert refusal(path) == [
        (
            "",
            "har over 100 celler (talt til og med række 11, tomme celler med); del den op i "
            "flere filer, eller slet tomme kolonner",
        )
    ]


def test_more_rows_than_the_limit_are_refused_in_csv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_tables, "MAX_ROWS", 5)
    path = tmp_path / "raekker.csv"
    path.write_text(";".join(REQUIRED) + "\n" + "x;x;x;x;x;x\n" * 1_000)

    assert refusal(path) == [("", "har mere end 5 rækker med enheder; del den op i flere filer")]


# --- many problems: the first ones and the count ----------------------------------------------


def bad_capacities(folder: Path, count: int, *, header: list[str] = REQUIRED) -> Path:
    path = folder / "fejl.csv"
    rows = [header] + [[f"T-{i}", "A", "boern_doegn", "syd", "T", "x"] for i in range(count)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    return path


def test_many_problems_show_the_first_ones_and_the_danish_total(tmp_path: Path) -> None:
    path = bad_capacities(tmp_path, 1_100)

    with pytest.raises(PortfolioFileError) as error:
        read_portfolio(path)

    lines = str(error.value).splitlines()
    assert lines[0] == "fejl.csv er ugyldig (1.100 fejl; de første 50 vises):"
    assert lines[1:] == [
        *(f"  - række {row}, kolonne kapacitet: skal være et helt tal" for row in range(2, 52)),
        "  … og 1.050 fejl mere",
    ]
    assert error.value.total == 1_100
    assert len(error.value.problems) == MAX_PROBLEMS_SHOWN == 50
    assert isinstance(error.value, DataFileError)


def test_header_problems_come_first_and_count_too(tmp_path: Path) -> None:
    path = bad_capacities(tmp_path, 60, header=[*REQUIRED[:5], "kapasitet"])

    with pytest.raises(PortfolioFileError) as error:
        read_portfolio(path)

    assert error.value.total == 2  # the header's two: rows cannot be read without 'kapacitet'
    assert [problem.where for problem in error.value.problems] == [
        "række 1, kolonne kapasitet",
        "række 1",
    ]


def test_up_to_the_shown_number_the_message_lists_them_all(tmp_path: Path) -> None:
    path = bad_capacities(tmp_path, MAX_PROBLEMS_SHOWN)

    with pytest.raises(PortfolioFileError) as error:
        read_portfolio(path)

    message = str(error.value)
    assert message.startswith("fejl.csv er ugyldig (50 fejl):\n")
    assert "mere" not in message
    assert error.value.total == len(error.value.problems) == 50


def test_problems_beyond_those_shown_are_counted_not_kept() -> None:
    found = Problems()
    found.add(Problem(f"række {n}", "fejl") for n in range(1_000_000))

    assert found.total == 1_000_000
    assert [problem.where for problem in found.first] == [f"række {n}" for n in range(50)]


def test_a_junk_file_inside_every_limit_is_counted_to_the_end(tmp_path: Path) -> None:
    """Every cell of every row wrong: the refusal still names the first and counts them all."""
    row = b"<row>" + JUNK_CELL * 10 + b"</row>"
    junk = workbook(tmp_path / "skrald.xlsx", repeated(row, 300))

    with pytest.raises(PortfolioFileError) as error:
        read_portfolio(junk)

    # Per row: text expected in id, navn and team, a code in type and socialtilsyn, a number
    # in kapacitet (6), and a value under each of the four columns without a header.
    assert error.value.total == 300 * 10
    assert str(error.value.problems[0]) == "række 2, kolonne id: skal være tekst, ikke ja/nej"
    assert str(error.value).endswith("\n  … og 2.950 fejl mere")


def test_limits_are_part_of_the_documentation() -> None:
    guide = (Path(__file__).resolve().parents[2] / "docs" / "import.md").read_text("utf-8")
    for figure in ("100.000 rækker", "200 kolonner", "3.000.000 celler", "150 MB", "50 fejl"):
        assert figure in guide, figure


@pytest.mark.parametrize("where", ["start", "middle"])
def test_a_sheet_damaged_inside_its_compressed_bytes_is_a_damaged_file(
    tmp_path: Path, where: str
) -> None:
    """A bad first byte is an invalid deflate block (zlib's error); a bad stretch in the middle
    still unpacks, to bytes whose checksum is wrong (zipfile's)."""
    good = workbook(tmp_path / "god.xlsx", [good_row(f"T-{i}") for i in range(2_000)])
    content = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as archive:
        sheet = archive.getinfo(SHEET)
    name_length, extra_length = struct.unpack_from("<HH", content, sheet.header_offset + 26)
    start = sheet.header_offset + 30 + name_length + extra_length
    if where == "start":
        content[start] = 0xFF
    else:
        middle = start + sheet.compress_size // 2
        content[middle : middle + 64] = bytes(64)
    damaged = tmp_path / "skadet.xlsx"
    damaged.write_bytes(bytes(content))

    [(place, reason)] = refusal(damaged)
    assert (place, reason.split(";")[0]) == ("", "kan ikke læses som en Excel-fil (.xlsx)")
