"""Loading a portfolio, as two servers starting at once and as a load killed midway would, on
SQLite and PostgreSQL: one load, never a doubled history, never data without its provenance."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tilsynwidgets.store import Store
from tilsynwidgets.store.provenance import read_provenance

LOAD = ["indlaes-eksempel", "--tilbud", "120", "--plejefamilier", "180", "--dato", "2026-11-01"]


def _cli(url: str, data: Path, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TILSYNWIDGETS_")}
    env.update(TILSYNWIDGETS_DATABASE_URL=url, TILSYNWIDGETS_DATA_DIR=str(data))
    return subprocess.Popen(
        [sys.executable, "-m", "tilsynwidgets.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _stored(url: str) -> tuple[int, int, str | None]:
    """Units, assessments and the recorded source."""
    with Store.open(url) as store:
        store.check_schema()
        provenance = read_provenance(store)
        return (
            len(store.units_frame()),
            len(store.assessments_frame()),
            None if provenance is None else provenance.source,
        )


def test_two_loads_started_together_load_once(engine_url: str, tmp_path: Path) -> None:
    loads = [_cli(engine_url, tmp_path, *LOAD, "--hvis-tom") for _ in range(2)]
    results = [load.communicate(timeout=300) for load in loads]
    assert [load.returncode for load in loads] == [0, 0], [err for _, err in results]
    outs = sorted(out for out, _ in results)
    loaded = [out for out in outs if "Indlæst: 300 enheder" in out]
    refused = [out for out in outs if "intet indlæst" in out]
    assert (len(loaded), len(refused)) == (1, 1), outs

    units, assessments, source = _stored(engine_url)
    alone = tmp_path / "alene"
    _cli(f"sqlite:///{alone / 'x.sqlite'}", alone, *LOAD).communicate(timeout=300)
    assert (units, assessments) == _stored(f"sqlite:///{alone / 'x.sqlite'}")[:2]
    assert units == 300
    assert source == "Syntetisk eksempelportefølje (frø 2022)"


def test_a_load_killed_while_writing_leaves_a_store_the_next_run_uses(
    engine_url: str, tmp_path: Path
) -> None:
    outcomes = []
    for delay in (0.0, 0.05, 0.2):
        load = _cli(engine_url, tmp_path, *LOAD, "--hvis-tom")
        assert load.stdout is not None
        for line in load.stdout:
            if line.startswith("Skriver til databasen"):
                break
        time.sleep(delay)
        load.send_signal(signal.SIGKILL)
        load.wait(timeout=60)
        units, assessments, source = _stored(engine_url)
        # All or nothing: never units without their history or without their provenance.
        assert (units == 0) == (assessments == 0) == (source is None), (units, source)
        outcomes.append(units)
        if units:
            break
    again = _cli(engine_url, tmp_path, *LOAD, "--hvis-tom")
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert _stored(engine_url)[0] == 300
    assert outcomes[0] == 0 or "intet indlæst" in out
