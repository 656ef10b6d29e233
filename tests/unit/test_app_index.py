from __future__ import annotations

import pytest

from tilsynwidgets.app_index import AppIndex, app_index
from tilsynwidgets.domain.core.datafiles import parse_model
from tilsynwidgets.domain.core.errors import DataFileError


def test_packaged_index_lists_apps_in_danish() -> None:
    index = app_index()
    assert index.title == "Risikobaseret socialtilsyn"
    assert [app.title for app in index.apps] == [
        "Risikokategorisering og tilsynsintensitet",
        "Ledelsens overblik",
        "Porteføljeoverblik",
        "Træningsforløb: deltager",
        "Træningsforløb: facilitator",
        "Kriterieværksted",
    ]


def test_a_notebook_name_must_be_a_plain_file_name() -> None:
    text = (
        'version: "1"\ntitle: T\nintro: I\napps:\n'
        "  - {notebook: ../hemmelig.ipynb, title: T, audience: A, description: D}\n"
    )
    with pytest.raises(DataFileError, match=r"linje 5, «apps» nr\. 1, «notebook»"):
        parse_model(AppIndex, text, source="apps.yaml")
