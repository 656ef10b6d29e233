from __future__ import annotations

import pytest

from tilsynwidgets.domain.access.person import local_person, person_from_groups
from tilsynwidgets.domain.access.roles import Permission
from tilsynwidgets.domain.core.units import Socialtilsyn

SYD, NORD = Socialtilsyn.SYD, Socialtilsyn.NORD


def test_an_inspector_of_syd_edits_and_sees_names_in_syd_only() -> None:
    person = person_from_groups("anne", ["tilsynsfoerende-syd"])
    assert person.may(Permission.REDIGERE_ENHEDER, SYD)
    assert not person.may(Permission.REDIGERE_ENHEDER, NORD)
    assert person.socialtilsyn_with(Permission.SE_ENHEDER) == {SYD}
    assert person.socialtilsyn_with(Permission.SE_PLEJEFAMILIENAVNE) == {SYD}
    assert not person.may(Permission.SE_ENHEDER)  # not nationally
    assert person.may_open("Tilsynsfoerende.ipynb")
    assert not person.may_open("Ledelse.ipynb")
    assert not person.may_open("Kriterier.ipynb")
    assert person.role_text == "Tilsynsførende (Socialtilsyn Syd)"


def test_a_national_leader_sees_every_unit_but_no_plejefamilie_names() -> None:
    person = person_from_groups("bo", ["leder-national"])
    assert person.may(Permission.SE_ENHEDER)
    assert person.socialtilsyn_with(Permission.SE_ENHEDER) == set(Socialtilsyn)
    assert person.socialtilsyn_with(Permission.SE_PLEJEFAMILIENAVNE) == set()
    assert not person.may(Permission.EKSPORTERE_NAVNE, SYD)
    assert not person.may(Permission.REDIGERE_ENHEDER, SYD)


def test_a_leader_of_syd_may_export_names_of_syd_only() -> None:
    person = person_from_groups("cai", ["leder-syd"])
    assert person.may(Permission.EKSPORTERE_NAVNE, SYD)
    assert not person.may(Permission.EKSPORTERE_NAVNE, NORD)
    assert person.may(Permission.SELVEVALUERE, SYD)
    assert not person.may(Permission.SELVEVALUERE, NORD)


def test_only_a_methods_consultant_puts_a_catalogue_in_force() -> None:
    assert person_from_groups("d", ["metodekonsulent"]).may(Permission.SAETTE_I_KRAFT)
    for group in ("leder-national", "tilsynsfoerende-syd", "underviser", "leder-syd"):
        assert not person_from_groups("d", [group]).may(Permission.SAETTE_I_KRAFT, SYD)


def test_a_course_participant_sees_no_units_and_opens_the_participant_app() -> None:
    person = person_from_groups("kursus-1", ["kursusdeltager"])
    assert person.socialtilsyn_with(Permission.SE_ENHEDER) == set()
    assert [n for n in ("Deltager.ipynb", "Tilsynsfoerende.ipynb") if person.may_open(n)] == [
        "Deltager.ipynb"
    ]


@pytest.mark.parametrize(
    ("groups", "landing"),
    [
        (["kursusdeltager"], "Deltager.ipynb"),
        (["tilsynsfoerende-syd"], "Forside.ipynb"),
        (["leder-national"], "Forside.ipynb"),
        # Roles that land in different apps: the Forside, which lists them all.
        (["kursusdeltager", "tilsynsfoerende-syd"], "Forside.ipynb"),
        ([], "Forside.ipynb"),
    ],
)
def test_a_person_lands_where_their_roles_agree(groups: list[str], landing: str) -> None:
    assert person_from_groups("g", groups).landing == landing


@pytest.mark.parametrize(
    "groups", [[], ["admin"], ["tilsynsfoerende-fyn"], ["tilsynsfoerende"], ["TILSYNSFOERENDE-SYD"]]
)
def test_unknown_groups_give_nothing(groups: list[str]) -> None:
    person = person_from_groups("e", groups)
    assert person.grants == ()
    assert not person.may_open("Forside.ipynb")
    assert person.role_text == "ingen rolle"


def test_roles_add_up_over_groups() -> None:
    person = person_from_groups("f", ["tilsynsfoerende-syd", "tilsynsfoerende-nord", "underviser"])
    assert person.socialtilsyn_with(Permission.REDIGERE_ENHEDER) == {SYD, NORD}
    assert person.may_open("Facilitator.ipynb")


def test_local_use_without_sign_in_holds_every_role_nationally() -> None:
    person = local_person("lokal-bruger")
    assert not person.signed_in
    assert all(person.may(p) for p in Permission)
    assert person.role_text == "alle roller (lokal brug uden login)"
