"""environment.yml (conda-forge) must ask for what pyproject.toml asks for."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
# conda-forge names for PyPI packages whose names differ.
CONDA_NAMES = {"psycopg[binary]": "psycopg"}


def _split(requirement: str) -> tuple[str, str]:
    match = re.match(r"^([A-Za-z0-9_.\-\[\]]+)\s*(.*)$", requirement.strip())
    assert match, requirement
    name, spec = match.groups()
    return CONDA_NAMES.get(name.lower(), name.lower()), spec.replace(" ", "")


def test_environment_matches_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = dict(
        _split(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]
    )
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    listed = dict(
        _split(d)
        for d in environment["dependencies"]
        if isinstance(d, str) and not d.startswith(("python", "pip"))
    )
    assert listed == wanted
    python = next(d for d in environment["dependencies"] if str(d).startswith("python"))
    assert python == "python" + project["requires-python"].replace(" ", "")
    assert environment["channels"] == ["conda-forge"]
