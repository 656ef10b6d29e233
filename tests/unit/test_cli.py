from __future__ import annotations

import os
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert

from tilsynwidgets.cli import main
from tilsynwidgets.store import schema
from tilsynwidgets.store.migrate import head_revision
from tilsynwidgets.store.schema import assessments
from tilsynwidgets.store.store import Store

EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "eksempel_portefolje.csv"
PREVIOUS_RELEASE = Path(__file__).resolve().parents[1] / "upgrade" / "previous_store.sqlite"


def stored_units(data_dir: Path) -> int:
    with Store.open(f"sqlite:///{data_dir / 'tilsynwidgets.sqlite'}") as store:
        store.upgrade()
        return len(store.units_frame())


def test_load_sample_shows_progress_and_only_once_with_hvis_tom(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["indlaes-eksempel", "--tilbud", "20", "--plejefamilier", "30", "--dato", "2026-11-01"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Danner enheder" in out
    assert "historik     50 af 50" in out
    assert "Indlæst: 50 enheder" in out
    assert stored_units(data_dir) == 50
    assert oct(os.stat(data_dir / "tilsynwidgets.sqlite").st_mode & 0o777) == "0o600"

    assert main([*args, "--hvis-tom"]) == 0
    assert "intet indlæst" in capsys.readouterr().out
    assert stored_units(data_dir) == 50


def test_import_and_status(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["importer", str(EXAMPLE)]) == 0
    assert "Importeret: 10 enheder" in capsys.readouterr().out
    assert main(["status"]) == 0
    status = capsys.readouterr().out
    assert "Enheder: 10" in status
    assert "Kilde: Importeret fra eksempel_portefolje.csv" in status
    assert "Alle gemte rækker kan læses." in status
    assert main(["indlaes-eksempel", "--tilbud", "1", "--plejefamilier", "1"]) == 2
    assert "kun i et tomt lager" in capsys.readouterr().err


def test_a_bad_import_file_is_a_danish_error_and_writes_nothing(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "forkert.csv"
    lines = EXAMPLE.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(";")
    cells = lines[2].split(";")
    cells[header.index("kapacitet")] = "mange"
    bad.write_text("\n".join([lines[0], lines[1], ";".join(cells)]), encoding="utf-8")
    assert main(["importer", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fejl: forkert.csv er ugyldig")
    assert "række 3, kolonne kapacitet" in err
    assert stored_units(data_dir) == 0


def test_commands_are_required() -> None:
    with pytest.raises(SystemExit):
        main([])


def test_opgrader_creates_then_reports_the_store_current(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["opgrader"]) == 0
    assert (
        capsys.readouterr().out == f"Lageret er oprettet med skemaets version {head_revision()}.\n"
    )
    assert main(["opgrader"]) == 0
    assert "har allerede den nyeste version" in capsys.readouterr().out


def test_data_commands_refuse_an_old_store_and_name_opgrader(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PREVIOUS_RELEASE, data_dir / "tilsynwidgets.sqlite")
    assert main(["status"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fejl: Lageret er lavet af en tidligere udgave af tilsynwidgets")
    assert "kommandoen 'tilsynwidgets opgrader'" in err
    assert main(["indlaes-eksempel", "--hvis-tom"]) == 2
    capsys.readouterr()
    assert main(["opgrader"]) == 0
    assert capsys.readouterr().out == (
        f"Lageret er opgraderet fra version 0001 (udgaven før migreringer) til {head_revision()}.\n"
    )
    assert main(["status"]) == 0
    assert "Enheder: 40" in capsys.readouterr().out


def test_status_names_rows_that_cannot_be_read(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["importer", str(EXAMPLE)]) == 0
    with Store.open(f"sqlite:///{data_dir / 'tilsynwidgets.sqlite'}") as store:
        unit = store.units()[0].id
        with store.engine.begin() as conn:
            conn.execute(
                insert(assessments),
                {
                    "unit_id": unit,
                    "phase": "prae",
                    "chosen": "gul",
                    "deviation": False,
                    "assessor": "A",
                    "assessed_at": datetime(2026, 1, 1, tzinfo=UTC),
                    "recorded_at": datetime(2026, 1, 1, tzinfo=UTC),
                    "model": {"unit_id": unit},
                },
            )
    capsys.readouterr()
    assert main(["status"]) == 1
    out = capsys.readouterr().out
    assert "Rækker, der ikke kan læses (1):" in out
    assert "Tabellen assessments (risikovurderinger), række 1:" in out


def test_status_counts_drafts_the_upgrade_could_not_read(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["importer", str(EXAMPLE)]) == 0
    url = f"sqlite:///{data_dir / 'tilsynwidgets.sqlite'}"
    with Store.open(url) as store, store.engine.begin() as conn:
        conn.execute(
            insert(schema.unconverted_drafts),
            {
                "assessor": "A",
                "unit_id": "",
                "form": "ukendt:form",
                "payload": {},
                "updated_at": datetime(2026, 1, 1, tzinfo=UTC),
            },
        )
    capsys.readouterr()
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "Kladder fra før opgraderingen, som ikke kunne tolkes: 1 " in out


def test_the_example_information_file_imports_into_the_sample(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["indlaes-eksempel", "--tilbud", "5", "--plejefamilier", "5", "--dato", "2026-11-01"]
    assert main(args) == 0
    example = EXAMPLE.with_name("eksempel_oplysninger.csv")
    assert main(["importer-oplysninger", str(example)]) == 0
    assert "Importeret: 5 oplysninger fra eksempel_oplysninger.csv" in capsys.readouterr().out
    with Store.open(f"sqlite:///{data_dir / 'tilsynwidgets.sqlite'}") as store:
        whistleblower = [
            r for r in store.information("T-00001") if r.information.kind == "whistleblower"
        ]
        assert [r.information.received_on for r in whistleblower][-1] == date(2026, 11, 3)
        signals = store.unit("T-00001", as_of=date(2026, 11, 3)).signals
        before = store.unit("T-00001", as_of=date(2026, 11, 2)).signals
    assert signals["whistleblower_reports"] == before["whistleblower_reports"] + 1
