from __future__ import annotations

from tilsynwidgets.assessor import LOCAL_FALLBACK, UNKNOWN_PERSON, current_assessor, current_person
from tilsynwidgets.domain.access.identity import IDENTITY_ENV, KEY_ENV, new_key, sign_identity


def test_hub_user_wins() -> None:
    assessor = current_assessor({"JUPYTERHUB_USER": "anna"}, configured="bo")
    assert (assessor.name, assessor.source) == ("anna", "JupyterHub-bruger")
    assert not assessor.is_fallback


def test_configured_name_then_labelled_fallback() -> None:
    assert current_assessor({}, configured=" bo ").name == "bo"
    fallback = current_assessor({"JUPYTERHUB_USER": "  "}, configured=None)
    assert fallback.name == LOCAL_FALLBACK
    assert fallback.is_fallback
    # People read the source on screens and in printed reports: Danish, no setting names.
    assert fallback.source == "lokal brug uden login"
    assert current_assessor({}, configured="bo").source == "angivet i serverens opsætning"


def test_the_team_is_carried_whichever_way_the_name_came() -> None:
    for environ, configured in (({"JUPYTERHUB_USER": "anna"}, None), ({}, "bo"), ({}, None)):
        assert current_assessor(environ, configured=configured, team="Team 2").team == "Team 2"
    assert current_assessor({}, configured="bo").team is None


def test_the_signed_in_viewer_comes_before_the_server_owner() -> None:
    key = new_key()
    env = {
        "JUPYTERHUB_USER": "ejer",
        KEY_ENV: key,
        IDENTITY_ENV: sign_identity("anne", ["tilsynsfoerende-syd"], key),
    }
    assert current_assessor(env, configured="bo").name == "anne"
    assert current_assessor(env).source == "logget ind via JupyterHub"
    person = current_person(env)
    assert (person.name, person.role_text) == ("anne", "Tilsynsførende (Socialtilsyn Syd)")


def test_behind_the_hub_a_kernel_without_a_valid_identity_is_nobody() -> None:
    key = new_key()
    forged = sign_identity("anne", ["leder-national"], new_key())
    for env in ({KEY_ENV: key}, {KEY_ENV: key, IDENTITY_ENV: forged}):
        person = current_person(env, configured="bo")
        assert (person.name, person.grants) == (UNKNOWN_PERSON, ())
        assert current_assessor(env, configured="bo").name == UNKNOWN_PERSON


def test_without_the_hub_the_local_person_holds_every_role() -> None:
    person = current_person({}, configured="bo")
    assert (person.name, person.signed_in) == ("bo", False)
    assert person.may_open("Kriterier.ipynb")
    assert person.may_open("Ledelse.ipynb")
