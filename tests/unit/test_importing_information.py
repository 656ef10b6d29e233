"""Import of information about units from CSV and Excel files (importing._information), and
the command ``tilsynwidgets importer-oplysninger`` on both engines: every record or none,
with row, column and a Danish reason for each bad cell."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest

from tilsynwidgets.cli import main
from tilsynwidgets.domain.core.errors import DataFileError
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.information.kinds import Origin, information_kinds
from tilsynwidgets.domain.information.records import Information
from tilsynwidgets.importing import (
    MAX_PROBLEMS_SHOWN,
    InformationContext,
    PortfolioFileError,
    information_column_names,
    read_information,
    read_information_bytes,
)
from tilsynwidgets.store import Store

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
CONTEXT = InformationContext(
    units={"T-1": UnitKind.TILBUD, "P-1": UnitKind.PLEJEFAMILIE},
    records={7: "T-1", 8: "P-1"},
    registered_by="Tilsynsførende A",
    registered_at=NOW,
)
HEADER = ["enhed", "slags", "vedroerer", "modtaget", "kilde", "beskrivelse"]


def _csv(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows([header, *rows])
    return buffer.getvalue().encode("utf-8")


def _row(**cells: object) -> dict[str, object]:
    row: dict[str, object] = {
        "enhed": "T-1",
        "slags": "whistleblower",
        "vedroerer": "2026-11-02",
        "modtaget": "03-11-2026",
        "kilde": "anonym",
        "beskrivelse": "Henvendelse om manglende opsyn om natten.",
    }
    row.update(cells)
    return row


def _file(*rows: dict[str, object]) -> bytes:
    header = list(dict.fromkeys(key for row in rows for key in row))
    return _csv([[row.get(key, "") for key in header] for row in rows], header)


def _problems(content: bytes, name: str = "oplysninger.csv") -> list[str]:
    with pytest.raises(DataFileError) as caught:
        read_information_bytes(content, name, CONTEXT)
    return [str(problem) for problem in caught.value.problems]


def test_the_columns_are_documented_in_this_order() -> None:
    assert information_column_names() == (
        "enhed",
        "slags",
        "vedroerer",
        "modtaget",
        "kilde",
        "beskrivelse",
        "antal",
        "periode_start",
        "personaleomsaetning_pct",
        "sygefravaer_pct",
        "afviger",
        "slut",
        "frist",
        "efterkommet",
        "retter",
        "trukket_tilbage",
    )
    documented = (Path(__file__).resolve().parents[2] / "docs" / "import.md").read_text("utf-8")
    kinds = [kind.key for kind in information_kinds().kinds if kind.registrable]
    for name in [*information_column_names(), *kinds, *(origin.value for origin in Origin)]:
        assert f"| `{name}` |" in documented, name


def test_a_good_file_gives_every_record_in_file_order() -> None:
    content = _file(
        _row(antal="2"),
        _row(
            slags="Personaleomsætning og sygefravær",  # a kind by its Danish name
            kilde="enheden",
            vedroerer="31.10.2026",
            modtaget="2026-11-03",
            periode_start="1-11-2025",
            personaleomsaetning_pct="31,5 %",
            sygefravaer_pct="7.25",
        ),
        _row(enhed="P-1", slags="paabud", kilde="Socialtilsynet", frist="2026-12-01"),
        _row(slags="oekonomi", kilde="enheden", afviger="Ja"),
        _row(enhed="T-1", retter="7", antal="3"),
    )
    items = read_information_bytes(content, "oplysninger.csv", CONTEXT)
    assert [item.kind for item in items] == [
        "whistleblower",
        "personaleforhold",
        "paabud",
        "oekonomi",
        "whistleblower",
    ]
    first, staff, order, economy, correction = items
    assert first == Information(
        unit_id="T-1",
        kind="whistleblower",
        concerns_on=date(2026, 11, 2),
        received_on=date(2026, 11, 3),
        origin="anonym",
        description="Henvendelse om manglende opsyn om natten.",
        values={"antal": 2},
        registered_by="Tilsynsførende A",
        registered_at=NOW,
    )
    assert type(first.values.antal) is int
    assert staff.concerns_on == date(2026, 10, 31)
    assert staff.values.periode_start == date(2025, 11, 1)
    assert (staff.values.personaleomsaetning_pct, staff.values.sygefravaer_pct) == (31.5, 7.25)
    assert order.origin.value == "socialtilsynet"
    assert order.values.frist == date(2026, 12, 1)
    assert economy.values.afviger is True
    assert (correction.replaces, correction.values.antal) == (7, 3)


def test_an_excel_file_reads_like_a_csv_file(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([*HEADER, "antal"])
    sheet.append(
        [
            "T-1",
            "Whistleblowerhenvendelse",
            date(2026, 11, 2),
            date(2026, 11, 3),
            "Anonym",
            "Henvendelse.",
            2,
        ]
    )
    path = tmp_path / "oplysninger.xlsx"
    workbook.save(path)
    [item] = read_information(path, CONTEXT)
    assert (item.kind, item.concerns_on, item.values.antal) == (
        "whistleblower",
        date(2026, 11, 2),
        2,
    )
    assert item.origin.value == "anonym"


def test_bad_rows_are_named_by_row_column_and_reason() -> None:
    content = _file(
        _row(enhed="X-9"),
        _row(slags="overfoert_signal"),
        _row(vedroerer="31-02-2026"),
        _row(slags="lederskifte", kilde="enheden", antal="1"),
        _row(enhed="P-1", slags="magtanvendelse"),
        _row(slags="skaerpet_tilsyn", kilde="socialtilsynet", slut="2027-12-01"),
        _row(modtaget="2026-12-24"),
        _row(vedroerer="2026-11-05"),
        _row(retter="8"),
        _row(retter="99"),
        _row(slags="paabud", kilde="socialtilsynet"),
    )
    problems = _problems(content)
    assert problems == [
        "række 2, kolonne enhed: enheden 'X-9' findes ikke i lageret",
        "række 3, kolonne slags: 'overfoert_signal' er ikke en af: "
        + problems[1].split(": ", 2)[2],
        "række 4, kolonne vedroerer: '31-02-2026' er ikke en gyldig dato",
        "række 5, kolonne antal: «Antal» hører ikke til en lederskifte",
        "række 6, kolonne slags: «Magtanvendelse» kan ikke registreres for enheden 'P-1' "
        "(slagsen gælder kun for tilbud)",
        "række 7, kolonne slut: «Slutdato» ligger mere end 183 dage efter start (højst 6 måneder)",
        "række 8, kolonne modtaget: ligger efter i dag",
        "række 9, kolonne modtaget: datoen, oplysningen vedrører, kan ikke ligge efter "
        "modtagelsesdatoen",
        "række 10, kolonne retter: post 8 handler om en anden enhed end 'T-1'",
        "række 11, kolonne retter: post 99 findes ikke blandt oplysningerne",
        "række 12: «Frist» skal udfyldes (filen har ingen kolonne frist)",
    ]
    assert "Whistleblowerhenvendelse (whistleblower)" in problems[1]


def test_the_header_must_hold_the_required_columns_and_no_unknown_one() -> None:
    content = _csv(
        [["T-1", "klage", "2026-11-02", "2026-11-03", "borger", "Klage.", "1"]],
        ["enhed", "slags", "vedroerer", "modtaget", "kilde", "beskrivelse", "antl"],
    )
    assert _problems(content) == [
        "række 1, kolonne antl: er ikke en kendt kolonne; mente du 'antal'?",
    ]
    missing = _csv(
        [["T-1", "klage", "2026-11-02", "borger", "Klage."]],
        ["enhed", "slags", "vedroerer", "kilde", "beskrivelse"],
    )
    assert _problems(missing) == ["række 1: mangler den påkrævede kolonne 'modtaget'"]


def test_hostile_text_is_kept_as_text_cleaned_or_refused() -> None:
    markup = "<script>alert('x')</script> & «citat» 😀"
    content = _file(
        _row(beskrivelse=f"{markup}\x0b\u2028slut"),
        _row(enhed="T-\x01"),
        _row(beskrivelse="x" * 2001),
        _row(kilde='=HYPERLINK("http://x")'),
    )
    problems = _problems(content)
    assert problems[0] == (
        "række 3, kolonne enhed: indeholder et usynligt styretegn (U+0001); fjern det"
    )
    assert problems[1].startswith("række 4, kolonne beskrivelse: ")
    assert "2000" in problems[1] or "2.000" in problems[1]
    assert problems[2].startswith(
        "række 5, kolonne kilde: '=HYPERLINK(\"http://x\")' er ikke en af"
    )
    hostile = _file(_row(beskrivelse=f"{markup}\x07\u2028slut"))
    [item] = read_information_bytes(hostile, "a.csv", CONTEXT)
    assert item.description == f"{markup}\nslut"  # stored as text; escaped where shown


def test_the_first_problems_are_shown_and_all_are_counted() -> None:
    rows = [_row(enhed="X-9") for _ in range(MAX_PROBLEMS_SHOWN + 25)]
    with pytest.raises(PortfolioFileError) as caught:
        read_information_bytes(_file(*rows), "mange.csv", CONTEXT)
    assert len(caught.value.problems) == MAX_PROBLEMS_SHOWN
    assert caught.value.total == MAX_PROBLEMS_SHOWN + 25
    assert "(75 fejl; de første 50 vises)" in str(caught.value)
    assert "… og 25 fejl mere" in str(caught.value)


def test_a_record_is_corrected_by_one_row_only() -> None:
    problems = _problems(_file(_row(retter="7"), _row(retter="7")))
    assert problems == ["række 3, kolonne retter: post 7 rettes også i række 2"]


def test_only_csv_and_xlsx_files_are_read() -> None:
    assert _problems(b"x", "oplysninger.txt") == [
        "har filtypen '.txt'; der kan kun indlæses .csv- og .xlsx-filer"
    ]


# -- the command, on both engines ----------------------------------------------------------


@pytest.fixture
def configured(engine_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The command's store is ``engine_url``, with two units; the assessor is named."""
    monkeypatch.setenv("TILSYNWIDGETS_DATABASE_URL", engine_url)
    monkeypatch.setenv("TILSYNWIDGETS_ASSESSOR", "Tilsynsførende B")
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    common = {"socialtilsyn": "nord", "team": "Team 1", "capacity": 4}
    with Store.open(engine_url) as store:
        store.upgrade()
        store.upsert_units(
            [
                Unit(id="T-1", name="Bostedet", unit_type="voksne_botilbud", **common),
                Unit(id="P-1", name="Familien", unit_type="plejefamilie_almen", **common),
            ]
        )
    return engine_url


def test_the_command_imports_every_record(
    configured: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "oplysninger.csv"
    path.write_bytes(_file(_row(antal="2"), _row(enhed="P-1", slags="klage", kilde="kommune")))
    assert main(["importer-oplysninger", str(path)]) == 0
    assert capsys.readouterr().out == (
        "Importeret: 2 oplysninger fra oplysninger.csv, registreret af Tilsynsførende B "
        "(angivet i serverens opsætning).\n"
    )
    with Store.open(configured) as store:
        [record] = store.information("T-1")
        assert record.information.registered_by == "Tilsynsførende B"
        signals = store.unit("T-1", as_of=date(2026, 11, 3)).signals
        assert signals == {"whistleblower_reports": 2.0}
        assert store.unit("P-1", as_of=date(2026, 11, 3)).signals == {"complaints": 1.0}
        corrected = record.id
    again = tmp_path / "rettelse.csv"
    again.write_bytes(_file(_row(antal="1", retter=str(corrected))))
    assert main(["importer-oplysninger", str(again)]) == 0
    with Store.open(configured) as store:
        assert store.unit("T-1", as_of=date(2026, 11, 3)).signals == {"whistleblower_reports": 1.0}


def test_the_command_writes_nothing_when_a_row_is_bad(
    configured: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "forkert.csv"
    path.write_bytes(_file(_row(), _row(enhed="X-9")))
    assert main(["importer-oplysninger", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fejl: forkert.csv er ugyldig (1 fejl):")
    assert "række 3, kolonne enhed: enheden 'X-9' findes ikke i lageret" in err
    with Store.open(configured) as store:
        assert store.information_frame().empty
