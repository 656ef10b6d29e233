"""The hub's groups from the roles file, and the trial accounts in deploy/hub/brugere.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from tilsynwidgets.domain.core.errors import DataFileError
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.hub.accounts import hub_groups, load_accounts

TRIAL = Path(__file__).resolve().parents[2] / "deploy" / "hub" / "brugere.yaml"


def test_every_group_of_the_roles_file_is_a_hub_group_per_socialtilsyn() -> None:
    groups = hub_groups()
    for socialtilsyn in Socialtilsyn:
        assert f"tilsynsfoerende-{socialtilsyn.value}" in groups
        assert f"leder-{socialtilsyn.value}" in groups
    assert {"leder-national", "metodekonsulent", "underviser", "kursusdeltager"} <= set(groups)
    assert not any("{" in group for group in groups)


def test_the_trial_has_a_user_in_each_kind_of_group_and_40_course_participants() -> None:
    accounts = load_accounts(TRIAL)
    members = accounts.members()
    assert set(members) == set(hub_groups())
    for group in ("tilsynsfoerende-syd", "leder-syd", "leder-national", "metodekonsulent"):
        assert members[group], group
    participants = members["kursusdeltager"]
    assert len(participants) == 40
    assert len(set(participants)) == 40
    assert accounts.groups_of()["kursus-1"] == ("kursusdeltager",)


def _written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "brugere.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_group_the_roles_file_does_not_know_is_refused_in_danish(tmp_path: Path) -> None:
    path = _written(
        tmp_path,
        'version: "1"\naccounts:\n  - name: tf-syd-1\n    groups: [tilsynsfoerende-fyn]\n',
    )
    with pytest.raises(DataFileError, match="Grupper, som rollefilen ikke kender: "):
        load_accounts(path)


def test_a_user_twice_is_refused(tmp_path: Path) -> None:
    path = _written(
        tmp_path,
        'version: "1"\naccounts:\n  - name: kursus-1\n    groups: [underviser]\n'
        "numbered:\n  - prefix: kursus-\n    count: 2\n    groups: [kursusdeltager]\n",
    )
    with pytest.raises(DataFileError, match="kursus-1"):
        load_accounts(path)
