"""A criteria catalogue as YAML: export, import, and hostile files refused in Danish."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tilsynwidgets.domain.core.datafiles import read_packaged_text
from tilsynwidgets.domain.core.errors import DataFileError, Problem
from tilsynwidgets.domain.core.fields import clean_text
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue, default_catalogue
from tilsynwidgets.domain.workshop.catalogue_yaml import (
    MAX_YAML_BYTES,
    catalogue_from_yaml,
    catalogue_to_yaml,
)

# Line numbers matter below: criteria[3] starts on line 23, its signal is on line 24.
SMALL = Path(__file__).with_name("small_catalogue.yaml").read_text(encoding="utf-8")
assert SMALL.splitlines()[22] == "  - id: whistleblower"


def _problems(text: str | bytes) -> tuple[Problem, ...]:
    with pytest.raises(DataFileError) as caught:
        catalogue_from_yaml(text, source="mit-katalog.yaml")
    assert caught.value.source == "mit-katalog.yaml"
    assert str(caught.value).startswith("mit-katalog.yaml er ugyldig")
    for problem in caught.value.problems:  # fields by title: no path, regex or class name
        assert not re.search(r"criteria|[a-z]\.[a-z]|\[\d|felt |\^|Error", problem.where)
        assert not re.search(r"criteria\[|\^|Error", problem.message), problem
    return caught.value.problems


def test_the_packaged_catalogue_round_trips() -> None:
    text = catalogue_to_yaml(default_catalogue())
    assert catalogue_from_yaml(text) == default_catalogue()


def test_the_export_has_the_packaged_files_layout() -> None:
    text = catalogue_to_yaml(default_catalogue())
    assert yaml.safe_load(text) == yaml.safe_load(read_packaged_text("criteria.yaml"))
    assert text.startswith("# ")
    assert "\ncriteria:\n  - id: skaerpet_tilsyn\n    signal: skaerpet_tilsyn\n" in text
    assert "    threshold: 3\n" in text  # 3, not 3.0
    assert "#   complaints: Klager (tal fra 0 til 500)\n" in text  # the signals one may use
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0] not in "# "]
    assert keys == ["version", "title", "illustrative", "description", "aggregation", "criteria"]


TRICKY = [
    "Linje et.\nLinje to: med kolon # og havelåge.\n",
    "  indrykket, \"citeret\" og 'enkelt'",
    "yes",
    "null",
    "- ligner en liste",
    "NEL\x85og\u2028linjeskift\r\nher",
    "<script>alert('x')</script>",
    "æøå ÆØÅ é ü – “anførselstegn” … 😀",
    "lang " * 120,
    "tabulator\tog slut med mellemrum   ",
]


@pytest.mark.parametrize("text", TRICKY)
def test_any_text_round_trips(text: str) -> None:
    data = yaml.safe_load(SMALL)
    data["description"] = text
    data["title"] = text[:200]
    data["criteria"][0]["explanation"] = f"Om: {text}"[:500]
    data["criteria"][0]["threshold"] = 2.75
    catalogue = CriteriaCatalogue.model_validate(data)
    assert catalogue_from_yaml(catalogue_to_yaml(catalogue)) == catalogue


@settings(max_examples=150, deadline=None)
@given(
    explanation=st.text(min_size=5, max_size=500),
    description=st.text(max_size=400),
    threshold=st.floats(min_value=0, max_value=500),  # what Klager can be
)
def test_round_trip_for_any_text(explanation: str, description: str, threshold: float) -> None:
    assume(len(clean_text(explanation, multiline=True)) >= 5)  # invisible characters go
    assume("{" not in explanation)  # a placeholder other than {tærskel} is refused
    data = yaml.safe_load(SMALL)
    data["description"] = description
    data["criteria"][0].update(explanation=explanation, threshold=threshold)
    catalogue = CriteriaCatalogue.model_validate(data)
    assert catalogue_from_yaml(catalogue_to_yaml(catalogue)) == catalogue


def test_import_accepts_utf8_bytes(small_catalogue: Callable[..., CriteriaCatalogue]) -> None:
    assert catalogue_from_yaml(SMALL.encode("utf-8")) == small_catalogue()


def _replace(old: str, new: str) -> str:
    assert SMALL.count(old) == 1, old
    return SMALL.replace(old, new)


def test_unknown_signal_names_line_and_field() -> None:
    text = _replace("signal: whistleblower_reports", "signal: whistleblowers")
    assert _problems(text) == (Problem("linje 23, Kriterium 4", "ukendt signal 'whistleblowers'"),)


def test_flag_with_threshold_names_line_and_field() -> None:
    text = _replace("    operator: flag\n", "    operator: flag\n    threshold: 1\n")
    assert _problems(text) == (Problem("linje 12, Kriterium 2", "et flag har ingen tærskel"),)


def test_comparison_on_a_flag_and_green_are_refused() -> None:
    text = _replace(
        "    points_to: gul\n    explanation: Tre", "    points_to: groen\n    explanation: Tre"
    )
    assert _problems(text) == (
        Problem("linje 6, Kriterium 1", "et kriterium skal pege på gul eller rød"),
    )


def test_bad_indentation_names_line_and_column() -> None:
    text = _replace(
        "incidents\n    operator: ge\n    threshold: 1\n",
        "incidents\n    operator: ge\n   threshold: 1\n",
    )
    (problem,) = _problems(text)
    assert problem.where == "linje 20, kolonne 4"
    assert problem.message.startswith("er ikke gyldig YAML")


def test_a_key_indented_too_little_names_line_and_field() -> None:
    text = SMALL + "threshold: 2\n"
    assert _problems(text) == (Problem("linje 29, «threshold»", "er ikke et kendt felt"),)


def test_a_wrong_value_names_line_and_field() -> None:
    text = _replace("threshold: 3\n", "threshold: tre\n")
    assert _problems(text) == (Problem("linje 9, Kriterium 1, Tærskel", "skal være et tal"),)


def test_duplicate_id_names_both_lines() -> None:
    text = _replace("  - id: vold\n", "  - id: klager\n")
    assert _problems(text) == (
        Problem(
            "linje 17, Kriterium 3, Id",
            "id'et 'klager' er allerede brugt af kriterium 1 (linje 6); hvert kriterium skal "
            "have sit eget id",
        ),
    )


def test_a_missing_field_is_named_by_title() -> None:
    text = _replace("    explanation: Ny leder det seneste år.\n", "")
    assert _problems(text) == (Problem("linje 12, Kriterium 2, Forklaring", "skal udfyldes"),)


def test_an_unknown_key_in_a_criterion_is_quoted_as_written() -> None:
    text = _replace("    threshold: 3\n", "    threshhold: 3\n")
    assert Problem("linje 9, Kriterium 1, «threshhold»", "er ikke et kendt felt") in _problems(text)


def test_a_bad_id_is_described_in_words_not_as_a_pattern() -> None:
    text = _replace("  - id: vold\n", "  - id: Vold-2\n")
    assert _problems(text) == (
        Problem(
            "linje 17, Kriterium 3, Id",
            "har et ugyldigt format: skal begynde med et lille bogstav og må kun indeholde små "
            "bogstaver (a–z, uden æ, ø og å), tal og _; højst 64 tegn",
        ),
    )


def test_a_repeated_key_is_refused_not_silently_overwritten() -> None:
    text = _replace("    threshold: 3\n", "    threshold: 3\n    threshold: 30\n")
    assert _problems(text) == (
        Problem("linje 10, Kriterium 1, Tærskel", "feltet står flere gange i samme afsnit"),
    )


@pytest.mark.parametrize(
    "text",
    [
        "!!python/object/apply:os.system ['echo pwned']\n",
        SMALL.replace('version: "t1"', "version: !!python/object:os.getcwd {}"),
        SMALL.replace("title: Testkatalog", "title: !!python/name:os.system"),
        "!!python/object/new:subprocess.Popen [['touch', 'pwned']]\n",
    ],
)
def test_python_tags_are_refused(text: str) -> None:
    (problem,) = _problems(text)
    assert problem.where in {"linje 1", "linje 2"}
    assert "YAML-mærket '!!python/" in problem.message
    assert "er ikke tilladt" in problem.message


def test_other_tags_are_refused_too(small_catalogue: Callable[..., CriteriaCatalogue]) -> None:
    (problem,) = _problems(SMALL.replace("title: Testkatalog", "title: !!binary aGVq"))
    assert problem == Problem(
        "linje 2",
        "YAML-mærket '!!binary' er ikke tilladt; filen må kun indeholde tekst, tal, lister "
        "og opslag",
    )
    assert (
        catalogue_from_yaml(SMALL.replace("Testkatalog", "!!str Testkatalog")) == small_catalogue()
    )


def test_aliases_are_refused() -> None:
    # A "billion laughs" file: nine aliases of nine aliases ... would take forever to check.
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    (problem,) = _problems("\n".join(lines) + "\n")
    assert problem == Problem(
        "linje 2", "henvisninger (*navn) er ikke tilladt; skriv værdien helt ud"
    )


def test_deep_nesting_is_refused() -> None:
    (problem,) = _problems("criteria: " + "[" * 5000 + "]" * 5000 + "\n")
    assert problem.message == "er indlejret for dybt (mere end 10 niveauer)"


def test_too_large_files_are_refused_before_reading() -> None:
    text = SMALL + "#" * MAX_YAML_BYTES
    assert _problems(text) == (
        Problem(
            "",
            f"er for stor ({len(text.encode()):,} byte); en katalogfil må højst fylde "
            "1.000.000 byte (1 MB)".replace(",", "."),
        ),
    )
    assert _problems(text.encode())[0].message.startswith("er for stor")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "er tom"),
        ("# kun en kommentar\n", "er tom"),
        ("- en liste\n", "skal være en opslagstabel (nøgle: værdi)"),
        (b"title: \xe6\xf8\xe5\n", "er ikke gemt som UTF-8-tekst"),
        ("version: t1\n---\nversion: t2\n", "er ikke gyldig YAML"),
        ("criteria:\n  - id: [\n", "er ikke gyldig YAML (se efter indrykning, kolon og"),
    ],
)
def test_empty_and_malformed_files(text: str | bytes, message: str) -> None:
    (problem,) = _problems(text)
    assert problem.message.startswith(message)


def test_a_threshold_outside_its_signal_s_range_names_line_and_field() -> None:
    text = _replace("    threshold: 3\n", "    threshold: -5\n")
    assert _problems(text) == (
        Problem(
            "linje 9, Kriterium 1, Tærskel",
            "Klager kan kun være mellem 0 og 500, så tærsklen skal ligge der (ikke -5)",
        ),
    )


def test_a_placeholder_round_trips_as_written() -> None:
    text = _replace("explanation: Tre eller flere klager.", "explanation: '{tærskel} klager.'")
    catalogue = catalogue_from_yaml(text)
    assert catalogue.criteria[0].explanation == "{tærskel} klager."
    exported = catalogue_to_yaml(catalogue)
    assert catalogue_from_yaml(exported) == catalogue
    assert "{tærskel}" in exported.split("criteria:", 1)[1]
    assert "{tærskel}" in exported.split("criteria:", 1)[0]  # the header explains it


def test_an_unknown_placeholder_names_line_and_field() -> None:
    text = _replace("explanation: Tre eller flere klager.", "explanation: '{taerskel} klager.'")
    assert _problems(text) == (
        Problem(
            "linje 11, Kriterium 1, Forklaring",
            "{taerskel} er ikke en pladsholder; kun {tærskel} kan bruges (for tærsklen)",
        ),
    )
