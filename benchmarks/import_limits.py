"""Benchmark: refusing hostile import files against reading a valid one of 75,000 units.

Builds, in a temporary folder, a valid .xlsx and .csv of 75,000 units (every column, as the
sample portfolio has them) and files made to overload the import: the ~1 MB .xlsx that
unpacks to 480 MB (issue 10), the costliest .xlsx that stays inside every limit, and others
aimed at one limit each. Each file is read in a fresh process, so its time and peak memory
(resident set: Linux's VmHWM, reset after the imports) are its own; the peak includes the
interpreter and the imports, which the last line shows alone. Prints each file's figures,
their ratio to reading the valid file of its kind in the same run, and the Danish refusal.

    python benchmarks/import_limits.py [--units 75000]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import chain
from pathlib import Path

import openpyxl

from tilsynwidgets.importing import MAX_CELLS, MAX_COLUMNS, MAX_ROWS, column_names
from tilsynwidgets.sample.units import generate_units_frame, units_from_frame

SHEET = "xl/worksheets/sheet1.xml"
_OPEN = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
_CLOSE = b"</sheetData></worksheet>"


@dataclass(frozen=True)
class Case:
    name: str
    path: Path
    baseline: str  # the valid file this one is compared with


def _valid_rows(units: int) -> Iterator[list[object]]:
    n_tilbud = round(units * 2000 / 7300)
    frame = generate_units_frame(
        2022, date(2026, 11, 1), n_tilbud=n_tilbud, n_plejefamilier=units - n_tilbud
    )
    signals = column_names()[8:]
    for unit in units_from_frame(frame, snapshot=True):
        yield [
            unit.id,
            unit.name,
            unit.unit_type.value,
            unit.socialtilsyn.value,
            unit.team,
            unit.capacity,
            unit.last_announced_visit,
            unit.last_unannounced_visit,
            *(unit.signals.get(key) for key in signals),
        ]


def write_valid(folder: Path, units: int) -> tuple[Path, Path]:
    """The same valid portfolio as .xlsx (written by openpyxl) and as .csv."""
    rows = list(_valid_rows(units))
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Enheder")
    sheet.append(list(column_names()))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(column_names())
    for row in rows:
        sheet.append(row)
        writer.writerow(["" if value is None else value for value in row])
    xlsx, text = folder / "gyldig.xlsx", folder / "gyldig.csv"
    workbook.save(xlsx)
    text.write_text(buffer.getvalue(), encoding="utf-8")
    return xlsx, text


def _header_row() -> bytes:
    cells = "".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in column_names())
    return f"<row>{cells}</row>".encode()


def write_sheet(path: Path, body: Callable[[], Iterator[bytes]]) -> None:
    """A workbook whose only sheet is the header row and then ``body``'s XML, streamed."""
    skeleton = io.BytesIO()
    openpyxl.Workbook().save(skeleton)
    with (
        zipfile.ZipFile(skeleton) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for member in source.infolist():
            if member.filename != SHEET:
                target.writestr(member, source.read(member))
        with target.open(SHEET, "w", force_zip64=True) as sheet:
            sheet.write(_OPEN + _header_row())
            for chunk in body():
                sheet.write(chunk)
            sheet.write(_CLOSE)


def repeated(row: bytes, count: int) -> Callable[[], Iterator[bytes]]:
    """``count`` copies of ``row``, in chunks of about 1 MB."""

    def chunks() -> Iterator[bytes]:
        per_chunk = max(1, 1_000_000 // len(row))
        whole, rest = divmod(count, per_chunk)
        block = row * per_chunk
        for _ in range(whole):
            yield block
        yield row * rest

    return chunks


def one_row_of(cell: bytes, count: int) -> Callable[[], Iterator[bytes]]:
    """One row of ``count`` copies of ``cell``."""
    return lambda: chain([b"<row>"], repeated(cell, count)(), [b"</row>"])


def danish_count(count: int) -> str:
    return f"{count:,}".replace(",", ".")


def write_csv_lines(path: Path, line: bytes, count: int) -> None:
    with path.open("wb") as handle:
        handle.write(";".join(column_names()).encode() + b"\n")
        for chunk in repeated(line, count)():
            handle.write(chunk)


def build_cases(folder: Path, units: int) -> list[Case]:
    valid_xlsx, valid_csv = write_valid(folder, units)
    junk_cell = b'<c t="b"><v>1</v></c>'  # ja/nej where text is expected, or no header
    cases = [
        Case(f"gyldig .xlsx, {danish_count(units)} enheder", valid_xlsx, ""),
        Case(f"gyldig .csv, {danish_count(units)} enheder", valid_csv, ""),
    ]

    bomb = folder / "bombe_480mb.xlsx"
    write_sheet(bomb, repeated(b"<row>" + junk_cell * 1000 + b"</row>", 22_850))
    cases.append(Case("~1 MB .xlsx, 480 MB udpakket (som i sag 10)", bomb, valid_xlsx.name))

    inside = folder / "dyrest_inden_for_graenserne.xlsx"
    width = MAX_CELLS // MAX_ROWS - 1
    write_sheet(inside, repeated(b"<row>" + junk_cell * width + b"</row>", MAX_ROWS))
    cases.append(
        Case(
            f"{danish_count(MAX_ROWS)} rækker á {width} fejlceller (inden for grænserne)",
            inside,
            valid_xlsx.name,
        )
    )

    filled = folder / "udfyldte_celler.xlsx"
    far = f'<c r="{openpyxl.utils.get_column_letter(MAX_COLUMNS)}1" t="b"><v>1</v></c>'.encode()
    write_sheet(filled, repeated(b"<row>" + far + b"</row>", MAX_ROWS))
    cases.append(Case(f"celle i kolonne {MAX_COLUMNS} i hver række", filled, valid_xlsx.name))

    one_row = folder / "en_raekke.xlsx"
    write_sheet(one_row, one_row_of(b"<c/>", 30_000_000))
    cases.append(Case("én række med 30 mio. tomme celler", one_row, valid_xlsx.name))

    wide = folder / "bred.xlsx"
    write_sheet(wide, repeated(b'<row><c r="XFD2" t="b"><v>1</v></c></row>', 1))
    cases.append(Case("en celle i kolonne XFD (16.384)", wide, valid_xlsx.name))

    bad_rows = folder / "fejlraekker.csv"
    write_csv_lines(bad_rows, b"x;" * 20 + b"x\n", 2_000_000)
    cases.append(Case("2 mio. fejlrækker i .csv", bad_rows, valid_csv.name))

    long_line = folder / "lang_linje.csv"
    write_csv_lines(long_line, b";" * 140_000_000 + b"\n", 1)
    cases.append(Case("én linje med 140 mio. semikoloner i .csv", long_line, valid_csv.name))
    return cases


@dataclass(frozen=True)
class Result:
    seconds: float
    peak_mib: float
    imports_mib: float
    outcome: str


_CHILD = """
import json, re, sys, time
from pathlib import Path
import openpyxl
from tilsynwidgets.domain.core.errors import DataFileError
from tilsynwidgets.importing import read_portfolio

def kib(field):
    status = Path("/proc/self/status").read_text()
    return int(re.search(field + r":\\s+(\\d+)", status).group(1))

Path("/proc/self/clear_refs").write_text("5")  # the peak from here on: the reading's own
before = kib("VmRSS")
start = time.perf_counter()
try:
    outcome = f"{len(read_portfolio(Path(sys.argv[1]))):,} enheder".replace(",", ".")
except DataFileError as exc:
    lines = [line.strip() for line in str(exc).splitlines()]
    outcome = " ".join(lines[:2]) + (f" | {lines[-1]}" if len(lines) > 2 else "")
seconds = time.perf_counter() - start
found = {"seconds": seconds, "peak_kib": kib("VmHWM"), "imports_kib": before, "outcome": outcome}
print(json.dumps(found))
"""


def measure_in_child(path: Path) -> Result:
    """Read ``path`` in a fresh process: its time, peak memory and outcome."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, check=True
    )
    found = json.loads(done.stdout.splitlines()[-1])
    return Result(
        seconds=float(found["seconds"]),
        peak_mib=found["peak_kib"] / 1024,
        imports_mib=found["imports_kib"] / 1024,
        outcome=str(found["outcome"]),
    )


def _unpacked(path: Path) -> int:
    if path.suffix != ".xlsx":
        return path.stat().st_size
    with zipfile.ZipFile(path) as archive:
        return sum(member.file_size for member in archive.infolist())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=75_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="tilsynwidgets-bench-") as name:
        folder = Path(name)
        started = time.perf_counter()
        cases = build_cases(folder, args.units)
        print(f"filerne bygget på {time.perf_counter() - started:.0f} s\n")
        results: dict[str, Result] = {}
        for case in cases:
            result = results[case.path.name] = measure_in_child(case.path)
            ratio = ""
            if case.baseline:
                base = results[case.baseline]
                ratio = (
                    f"  ({result.seconds / base.seconds:.2f}x tiden og "
                    f"{result.peak_mib / base.peak_mib:.2f}x hukommelsen for {case.baseline})"
                )
            size, unpacked = case.path.stat().st_size, _unpacked(case.path)
            print(case.name)
            print(
                f"  {size / 1e6:.2f} MB fil, {unpacked / 1e6:.1f} MB udpakket: "
                f"{result.seconds:.2f} s, højst {result.peak_mib:.0f} MiB{ratio}"
            )
            print(f"  {result.outcome}\n")
        imports = max(result.imports_mib for result in results.values())
        print(f"importerne alene: højst {imports:.0f} MiB")


if __name__ == "__main__":
    main()
