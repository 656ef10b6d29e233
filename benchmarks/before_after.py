"""Run in-kernel benchmarks on an earlier commit and on the working tree, one after the
other in the same run, so a change's effect on speed is read from one machine state.

    .venv/bin/python benchmarks/before_after.py --rev e431231~1
    .venv/bin/python benchmarks/before_after.py --rev REV form_build unit_change

The earlier commit's ``src`` and ``benchmarks`` are taken with ``git archive`` into a
temporary folder and put first on ``PYTHONPATH``; both runs use this virtual environment.
Each benchmark prints its own figures and its ratio to the baseline it measures itself.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Benchmarks that run in the kernel alone (no Voilà server, no browser).
IN_KERNEL = (
    "form_build",
    "unit_change",
    "leadership_filter",
    "facilitator_view",
    "agreement",
    "workshop_edit",
    "catalogue_evaluation",
)


def _unpack(rev: str, into: Path) -> None:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "src", "benchmarks"],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")


def _run(tree: Path, name: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    done = subprocess.run(
        [sys.executable, str(tree / "benchmarks" / f"{name}.py")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    out = done.stdout.strip()
    return out if done.returncode == 0 else f"{out}\n(fejlede: {done.stderr.strip()[-500:]})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", required=True, help="the earlier commit")
    parser.add_argument("names", nargs="*", default=list(IN_KERNEL), help="benchmarks to run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tilsynwidgets-before-") as folder:
        before = Path(folder)
        _unpack(args.rev, before)
        for name in args.names:
            for label, tree in ((f"før ({args.rev})", before), ("nu", ROOT)):
                print(f"## {name} — {label}", flush=True)
                print(_run(tree, name), flush=True)
            print(flush=True)


if __name__ == "__main__":
    main()
