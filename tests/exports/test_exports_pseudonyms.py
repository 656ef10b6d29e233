from __future__ import annotations

import multiprocessing
import os
import stat
import subprocess
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pandas as pd
import pytest

from tilsynwidgets.exports import pseudonyms
from tilsynwidgets.exports.pseudonyms import (
    KEY_FILE,
    PseudonymCollisionError,
    load_or_create_key,
    pseudonym_code,
    pseudonymise,
    pseudonymise_history,
    unit_kinds,
)

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))


def _units() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": pd.Series(["T-00001", "P-00001", "P-00002", "T-00002"], dtype="str"),
            "name": pd.Series(
                [
                    "Bostedet Solsikken",
                    "Familien Hansen",
                    "Familien Østergaard",
                    "Kollegiet Lyngen",
                ],
                dtype="str",
            ),
            "unit_type": pd.Series(["bo", "almen", "specialiseret", "bo"], dtype="str"),
            "kind": pd.Series(["tilbud", "plejefamilie", "plejefamilie", "tilbud"], dtype="str"),
            "team": pd.Series(["Team 1", "Team 2", "Team 2", "Team 3"], dtype="str"),
            "capacity": [12, 2, 1, 30],
        }
    )


def _history() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": pd.Series(["P-00001", "T-00001", "P-00002", "P-00001"], dtype="str"),
            "chosen": ["roed", "gul", "groen", "gul"],
            "assessor": ["Anne", "Bo", "Anne", "Carl"],
        }
    )


def _all_cells(frame: pd.DataFrame) -> list[str]:
    cells = [str(c) for c in frame.columns]
    cells += [str(v) for v in frame.astype(object).to_numpy().ravel()]
    cells += [str(i) for i in frame.index]
    return cells


def test_deterministic_for_the_same_key() -> None:
    first = pseudonymise(_units(), key=KEY)
    second = pseudonymise(_units(), key=KEY)
    pd.testing.assert_frame_equal(first, second)
    assert first.loc[1, "name"] == f"Plejefamilie {first.loc[1, 'id']}"
    assert first.loc[1, "id"] == pseudonym_code("P-00001", KEY)
    assert first.loc[1, "id"] != first.loc[2, "id"]


def test_pseudonym_looks_like_a_hex_code() -> None:
    code = pseudonym_code("P-00001", KEY)
    assert len(code) == 10
    assert code == code.upper()
    int(code, 16)


def test_differs_across_keys() -> None:
    one = pseudonymise(_units(), key=KEY)
    other = pseudonymise(_units(), key=OTHER_KEY)
    assert set(one.loc[[1, 2], "id"]).isdisjoint(other.loc[[1, 2], "id"])
    assert set(one.loc[[1, 2], "name"]).isdisjoint(other.loc[[1, 2], "name"])


def test_tilbud_untouched_and_input_not_modified() -> None:
    units = _units()
    before = units.copy()
    result = pseudonymise(units, key=KEY)
    pd.testing.assert_frame_equal(units, before)
    pd.testing.assert_frame_equal(result.loc[[0, 3]], before.loc[[0, 3]])
    pd.testing.assert_series_equal(result.dtypes, before.dtypes)
    # Columns other than id and name are unchanged for plejefamilier too.
    others = [c for c in before.columns if c not in ("id", "name")]
    pd.testing.assert_frame_equal(result[others], before[others])


def test_reveal_keeps_names_and_ids() -> None:
    result = pseudonymise(_units(), key=KEY, reveal=True)
    pd.testing.assert_frame_equal(result, _units())
    history = pseudonymise_history(_history(), unit_kinds(_units()), key=KEY, reveal=True)
    pd.testing.assert_frame_equal(history, _history())


def test_no_plejefamilie_name_or_id_remains_anywhere() -> None:
    units = _units()
    secrets = ["P-00001", "P-00002", "Hansen", "Østergaard"]
    kinds = unit_kinds(units)
    outputs = [pseudonymise(units, key=KEY), pseudonymise_history(_history(), kinds, key=KEY)]
    for output in outputs:
        for cell in _all_cells(output):
            for secret in secrets:
                assert secret not in cell


def test_history_consistent_with_units() -> None:
    units = _units()
    kinds = unit_kinds(units)
    pseudo_units = pseudonymise(units, key=KEY)
    history = pseudonymise_history(_history(), kinds, key=KEY)
    assert history["unit_id"].tolist() == [
        pseudo_units.loc[1, "id"],
        "T-00001",
        pseudo_units.loc[2, "id"],
        pseudo_units.loc[1, "id"],
    ]
    assert set(history["unit_id"]) <= set(pseudo_units["id"])
    pd.testing.assert_frame_equal(
        history[["chosen", "assessor"]], _history()[["chosen", "assessor"]]
    )


def test_history_unknown_unit_is_pseudonymised() -> None:
    history = pd.DataFrame({"unit_id": ["P-09999"], "chosen": ["gul"]})
    result = pseudonymise_history(history, {}, key=KEY)
    assert result.loc[0, "unit_id"] == pseudonym_code("P-09999", KEY)


def test_history_without_unit_id_or_rows_is_a_copy() -> None:
    frame = pd.DataFrame({"x": [1]})
    assert pseudonymise_history(frame, {}, key=KEY).equals(frame)
    empty = _history().iloc[0:0]
    assert pseudonymise_history(empty, {}, key=KEY).empty


def test_only_tilbud_is_unchanged() -> None:
    units = _units().loc[[0, 3]]
    pd.testing.assert_frame_equal(pseudonymise(units, key=KEY), units)


def test_short_key_refused() -> None:
    with pytest.raises(ValueError, match="mindst"):
        pseudonymise(_units(), key=b"short")


def test_collision_refused_without_naming_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pseudonyms, "pseudonym_code", lambda unit_id, key: "AAAAAAAAAA")
    with pytest.raises(PseudonymCollisionError) as raised:
        pseudonymise(_units(), key=KEY)
    assert "P-0000" not in str(raised.value)


def test_key_file_created_once_with_mode_600(tmp_path: Path) -> None:
    folder = tmp_path / "install"
    key = load_or_create_key(folder)
    path = folder / KEY_FILE
    assert len(key) == 32
    assert path.read_bytes() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(folder) == key
    assert load_or_create_key(tmp_path / "elsewhere") != key


def test_damaged_key_file_refused(tmp_path: Path) -> None:
    (tmp_path / KEY_FILE).write_bytes(b"x")
    with pytest.raises(ValueError, match="mindst"):
        load_or_create_key(tmp_path)


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077, 0o277])
def test_key_file_is_the_owners_alone_whatever_the_umask(tmp_path: Path, umask: int) -> None:
    previous = os.umask(umask)
    try:
        key = load_or_create_key(tmp_path)
    finally:
        os.umask(previous)

    path = tmp_path / KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes() == key
    assert [p.name for p in tmp_path.iterdir()] == [KEY_FILE]  # no temporary file left


def _start_together(folder: Path, barrier: Barrier, keys: Queue[bytes | str]) -> None:
    barrier.wait()
    try:
        keys.put(load_or_create_key(folder))
    except Exception as exc:  # reported to the test, which names it
        keys.put(f"{type(exc).__name__}: {exc}")


def test_processes_starting_at_once_end_with_one_key(tmp_path: Path) -> None:
    """Eight processes released together ask for the key of a fresh folder, ten times over:
    every one gets the same complete key, the one in the file."""
    context = multiprocessing.get_context("fork")
    for attempt in range(10):
        folder = tmp_path / f"installation-{attempt}"
        barrier = context.Barrier(8)
        keys: Queue[bytes | str] = context.Queue()
        processes = [
            context.Process(target=_start_together, args=(folder, barrier, keys)) for _ in range(8)
        ]
        for process in processes:
            process.start()
        got = [keys.get(timeout=60) for _ in processes]
        for process in processes:
            process.join(timeout=60)

        assert got == [(folder / KEY_FILE).read_bytes()] * 8, attempt
        assert len(got[0]) == 32
        assert stat.S_IMODE((folder / KEY_FILE).stat().st_mode) == 0o600
        assert [p.name for p in folder.iterdir()] == [KEY_FILE]


def test_the_key_is_ignored_by_git() -> None:
    root = Path(__file__).resolve().parents[2]  # a clone of the project's repository
    checked = subprocess.run(
        ["git", "-C", str(root), "check-ignore", "--no-index", "data/pseudonym.key"],
        capture_output=True,
        text=True,
    )
    assert checked.stdout.strip() == "data/pseudonym.key", checked.stderr
