from __future__ import annotations

from tilsynwidgets.assessor import LOCAL_FALLBACK, current_assessor


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
