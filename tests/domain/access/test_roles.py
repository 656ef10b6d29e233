from __future__ import annotations

from pathlib import Path

import pytest

from tilsynwidgets.app_index import app_index
from tilsynwidgets.domain.access.roles import Roles, roles
from tilsynwidgets.domain.core.datafiles import parse_model
from tilsynwidgets.domain.core.errors import DataFileError
from tilsynwidgets.domain.core.units import Socialtilsyn

NOTEBOOKS = Path(__file__).resolve().parents[3] / "notebooks"


def test_every_app_a_role_opens_is_a_notebook_and_every_listed_app_has_a_role() -> None:
    data = roles()
    opened = {app for role in data.roles for app in role.apps}
    assert opened <= {path.name for path in NOTEBOOKS.glob("*.ipynb")}
    assert {app.notebook for app in app_index().apps} <= opened


def test_group_patterns_name_the_five_socialtilsyn_by_code() -> None:
    per = [rule for rule in roles().groups if rule.per_socialtilsyn]
    assert {rule.role for rule in per} == {"tilsynsfoerende", "leder"}
    assert {s.value for s in Socialtilsyn} == {"hovedstaden", "oest", "syd", "midt", "nord"}


def test_a_course_participant_opens_only_the_participant_app_and_the_landing_page() -> None:
    role = roles().role("kursusdeltager")
    assert set(role.apps) == {"Forside.ipynb", "Deltager.ipynb"}
    assert role.permissions == ()
    assert role.landing == "Deltager.ipynb"


def test_a_role_cannot_land_in_an_app_it_does_not_open() -> None:
    text = """
version: "x"
roles:
  - {id: leder, label: Leder, apps: [Ledelse.ipynb], permissions: [], landing: Kriterier.ipynb}
groups:
  - {group: chef, role: leder}
"""
    with pytest.raises(DataFileError, match=r"lander i Kriterier\.ipynb, som ikke er blandt"):
        parse_model(Roles, text, source="roles.yaml")


def test_a_group_naming_an_unknown_role_is_refused_in_danish() -> None:
    text = """
version: "x"
roles:
  - {id: leder, label: Leder, apps: [Ledelse.ipynb], permissions: [se_enheder]}
groups:
  - {group: chef, role: direktoer}
"""
    with pytest.raises(DataFileError, match="roller, der ikke findes: direktoer"):
        parse_model(Roles, text, source="roles.yaml")


def test_an_unknown_permission_is_refused() -> None:
    text = """
version: "x"
roles:
  - {id: leder, label: Leder, apps: [Ledelse.ipynb], permissions: [alt]}
groups:
  - {group: leder, role: leder}
"""
    with pytest.raises(DataFileError, match=r"roles\.yaml"):
        parse_model(Roles, text, source="roles.yaml")


def test_only_the_methods_consultants_group_may_start_jupyterlab() -> None:
    assert roles().lab_groups() == ("metodekonsulent",)


def test_the_groups_are_each_role_group_and_each_socialtilsyn_s() -> None:
    names = roles().group_names()
    assert len(names) == 2 * 5 + 4
    assert names[:5] == tuple(f"tilsynsfoerende-{s.value}" for s in Socialtilsyn)
    assert roles().grants_of("leder-nord")[0][1] == Socialtilsyn.NORD
    assert roles().grants_of("leder-national")[0][1] is None
    assert roles().grants_of("leder") == ()
