"""Catalogue versions: the version model, the difference between two catalogues in Danish,
and YAML export and import (round trip, and hostile or malformed files named by line)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tilsynwidgets.domain.core.datafiles import read_packaged_text
from tilsynwidgets.domain.core.errors import DataFileError, Problem
from tilsynwidgets.domain.core.fields import clean_text
from tilsynwidgets.domain.core.messages import danish_error
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue, default_catalogue
from tilsynwidgets.domain.workshop.versions import (
    MAX_YAML_BYTES,
    CatalogueVersion,
    FieldChange,
    catalogue_diff,
    catalogue_from_yaml,
    catalogue_to_yaml,
    new_version,
)

T0 = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)

# Line numbers matter below: criteria[3] starts on line 23, its signal is on line 24.
SMALL = """\
version: "t1"
title: Testkatalog
aggregation:
  escalate_after_gul: 3
criteria:
  - id: klager
    signal: complaints
    operator: ge
    threshold: 3
    points_to: gul
    explanation: Tre eller flere klager.
  - id: lederskifte
    signal: leader_changed
    operator: flag
    points_to: gul
    explanation: Ny leder det seneste år.
  - id: vold
    signal: violence_incidents
    operator: ge
    threshold: 1
    points_to: gul
    explanation: Mindst én episode med vold.
  - id: whistleblower
    signal: whistleblower_reports
    operator: ge
    threshold: 1
    points_to: gul
    explanation: Mindst én whistleblowerhenvendelse.
"""
assert SMALL.splitlines()[22] == "  - id: whistleblower"


def _catalogue(**changes: Any) -> CriteriaCatalogue:
    data = yaml.safe_load(SMALL)
    data.update(changes)
    return CriteriaCatalogue.model_validate(data)


def _edited(edit: dict[str, dict[str, Any]], **changes: Any) -> CriteriaCatalogue:
    """SMALL with some criteria's fields changed (by id)."""
    data = yaml.safe_load(SMALL)
    for item in data["criteria"]:
        item.update(edit.get(item["id"], {}))
    data.update(changes)
    return CriteriaCatalogue.model_validate(data)


def _messages(caught: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [danish_error(error) for error in caught.value.errors()]


def _problems(text: str | bytes) -> tuple[Problem, ...]:
    with pytest.raises(DataFileError) as caught:
        catalogue_from_yaml(text, source="mit-katalog.yaml")
    assert caught.value.source == "mit-katalog.yaml"
    assert str(caught.value).startswith("mit-katalog.yaml er ugyldig")
    return caught.value.problems


# -- the version ----------------------------------------------------------------------------


def _version(**changes: Any) -> CatalogueVersion:
    fields: dict[str, Any] = {
        "name": "t1",
        "catalogue": _catalogue(),
        "author": "  Metodekonsulent M ",
        "comment": "Tærsklen for whistleblowerhenvendelser er hævet efter afprøvning.",
        "saved_at": T0,
        "based_on": None,
    }
    fields.update(changes)
    return CatalogueVersion.model_validate(fields)


def test_a_valid_version_keeps_its_fields() -> None:
    version = _version(based_on="2026.1")
    assert version.name == version.catalogue.version == "t1"
    assert version.author == "Metodekonsulent M"
    assert version.based_on == "2026.1"
    assert CatalogueVersion.model_validate(version.model_dump(mode="json")) == version


@pytest.mark.parametrize("name", ["2026.2-whistleblower", "v2", "2026.1", "a", "a_b.c-d", "x" * 40])
def test_good_names(name: str) -> None:
    renamed = new_version(_catalogue(), name=name, author="M", comment="Ny version.", saved_at=T0)
    assert renamed.name == renamed.catalogue.version == name


@pytest.mark.parametrize(
    "name",
    ["", "   ", "Version 2", "2026.2 whistleblower", "æblegrød", ".skjult", "v2-", "x" * 41,
     "../../etc", "v2;drop"],
)  # fmt: skip
def test_bad_names_are_refused_in_danish(name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        new_version(_catalogue(), name=name, author="M", comment="Ny version.", saved_at=T0)
    messages = _messages(caught)
    assert any("versionens navn skal have 1-40 tegn" in m for m in messages), messages
    assert any("fx 2026.2-whistleblower" in m for m in messages)


def test_the_catalogue_must_carry_the_versions_name() -> None:
    with pytest.raises(ValidationError) as caught:
        _version(name="t2")
    assert _messages(caught) == [
        "kataloget har versionen 't1', men versionen hedder 't2'; de skal være ens"
    ]


def test_new_version_renames_the_catalogue_and_strips_the_name() -> None:
    version = new_version(
        _catalogue(),
        name=" 2026.2-whistleblower ",
        author="M",
        comment="Ny version.",
        saved_at=T0,
        based_on="t1",
    )
    assert version.catalogue.version == "2026.2-whistleblower"
    assert version.catalogue.criteria == _catalogue().criteria


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("author", "  ", "skal udfyldes"),
        ("author", "x" * 121, "må højst have 120 tegn"),
        ("comment", "\n\t ", "skal udfyldes"),
        ("comment", "x" * 2001, "må højst have 2000 tegn"),
        ("saved_at", datetime(2026, 3, 2, 10, 30), "tidspunktet skal have en tidszone"),
        ("based_on", "Ikke Et Navn", "versionens navn skal have 1-40 tegn"),
    ],
)
def test_invalid_fields_are_refused_in_danish(field: str, value: object, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _version(**{field: value})
    assert [error["loc"] for error in caught.value.errors()] == [(field,)]
    assert message in _messages(caught)[0]


def test_invisible_characters_anywhere_in_the_text_are_cleaned_away() -> None:
    # PostgreSQL cannot store a NUL; pasted soft breaks become line breaks (fields.clean_text).
    data = yaml.safe_load(SMALL)
    data["criteria"][2]["explanation"] = "Skjult\x00tegn\x0bher."
    version = _version(comment="Ny\x00 version\x0bfra\u2028PowerPoint.", catalogue=data)
    assert version.comment == "Ny version\nfra\nPowerPoint."
    assert version.catalogue.criteria[2].explanation == "Skjulttegn\nher."
    assert _version(comment="Teksten \\x00 og \\u0000 er bare tegn.").comment.startswith("Teksten")


def test_a_version_is_frozen() -> None:
    with pytest.raises(ValidationError):
        _version().name = "t2"  # type: ignore[misc]


# -- the difference -----------------------------------------------------------------------


def test_no_difference() -> None:
    diff = catalogue_diff(_catalogue(), _catalogue(version="t2"))
    assert diff.is_empty
    assert diff.describe() == ["Ingen forskelle"]
    assert (diff.old_version, diff.new_version) == ("t1", "t2")


def test_changed_criterion_fields() -> None:
    new = _edited(
        {
            "whistleblower": {"threshold": 2, "points_to": "roed"},
            "vold": {"operator": "gt", "threshold": 2.5},
            "klager": {"explanation": "Flere klager end normalt.", "signal": "force_uses"},
        }
    )
    diff = catalogue_diff(_catalogue(), new)
    assert [change.id for change in diff.changed] == ["klager", "vold", "whistleblower"]
    assert diff.changed[2].changes == (
        FieldChange("threshold", "Tærskel", 1.0, 2.0),
        FieldChange("points_to", "Peger på", "gul", "roed"),
    )
    assert diff.describe() == [
        'Ændret: klager – signal Klager → Magtanvendelser; forklaring "Tre eller flere '
        'klager." → "Flere klager end normalt."',
        "Ændret: vold – betingelse ≥ → >; tærskel 1 → 2,5",
        "Ændret: whistleblower – tærskel 1 → 2; peger på gul → rød",
    ]
    assert (diff.added, diff.removed, diff.aggregation, diff.catalogue) == ((), (), (), ())


def test_added_and_removed_criteria() -> None:
    data = yaml.safe_load(SMALL)
    removed = data["criteria"].pop(1)
    data["criteria"].append(
        {
            "id": "klager_mange",
            "signal": "complaints",
            "operator": "ge",
            "threshold": 6,
            "points_to": "roed",
            "explanation": "Seks eller flere klager.",
        }
    )
    diff = catalogue_diff(_catalogue(), CriteriaCatalogue.model_validate(data))
    assert [c.id for c in diff.added] == ["klager_mange"]
    assert [c.id for c in diff.removed] == [removed["id"]]
    assert not diff.changed
    assert not diff.reordered
    assert diff.describe() == [
        "Tilføjet: klager_mange – Klager ≥ 6, peger på rød",
        "Fjernet: lederskifte – Lederskifte er sat, peger på gul",
    ]


def test_aggregation_title_description_and_order() -> None:
    data = yaml.safe_load(SMALL)
    data["criteria"].reverse()
    data.update(
        title="Nyt katalog",
        description="Prøveversion.",
        aggregation={"escalate_after_gul": None},
    )
    diff = catalogue_diff(_catalogue(), CriteriaCatalogue.model_validate(data))
    assert diff.reordered
    assert diff.describe() == [
        'Ændret: titel "Testkatalog" → "Nyt katalog"',
        'Ændret: beskrivelse "" → "Prøveversion."',
        "Ændret sammenvejning: antal gule kriterier, der giver rød 3 → ingen",
        "Ændret: kriteriernes rækkefølge",
    ]
    back = catalogue_diff(CriteriaCatalogue.model_validate(data), _catalogue())
    assert back.aggregation == (
        FieldChange("escalate_after_gul", "Antal gule kriterier, der giver rød", None, 3),
    )


def test_diff_of_the_packaged_catalogue_with_itself_is_empty() -> None:
    assert catalogue_diff(default_catalogue(), default_catalogue()).is_empty


# -- YAML export and import -------------------------------------------------------------


def test_the_packaged_catalogue_round_trips() -> None:
    text = catalogue_to_yaml(default_catalogue())
    assert catalogue_from_yaml(text) == default_catalogue()


def test_the_export_has_the_packaged_files_layout() -> None:
    text = catalogue_to_yaml(default_catalogue())
    assert yaml.safe_load(text) == yaml.safe_load(read_packaged_text("criteria.yaml"))
    assert text.startswith("# ")
    assert "\ncriteria:\n  - id: skaerpet_tilsyn\n    signal: skaerpet_tilsyn\n" in text
    assert "    threshold: 3\n" in text  # 3, not 3.0
    assert "#   complaints: Klager (tal)\n" in text  # the signals one may use
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0] not in "# "]
    assert keys == ["version", "title", "description", "aggregation", "criteria"]


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
    threshold=st.floats(allow_nan=False, allow_infinity=False),
)
def test_round_trip_for_any_text(explanation: str, description: str, threshold: float) -> None:
    assume(len(clean_text(explanation, multiline=True)) >= 5)  # invisible characters go
    data = yaml.safe_load(SMALL)
    data["description"] = description
    data["criteria"][0].update(explanation=explanation, threshold=threshold)
    catalogue = CriteriaCatalogue.model_validate(data)
    assert catalogue_from_yaml(catalogue_to_yaml(catalogue)) == catalogue


def test_import_accepts_utf8_bytes() -> None:
    assert catalogue_from_yaml(SMALL.encode("utf-8")) == _catalogue()


def _replace(old: str, new: str) -> str:
    assert SMALL.count(old) == 1, old
    return SMALL.replace(old, new)


def test_unknown_signal_names_line_and_field() -> None:
    text = _replace("signal: whistleblower_reports", "signal: whistleblowers")
    assert _problems(text) == (
        Problem("linje 23, felt criteria[3]", "ukendt signal 'whistleblowers'"),
    )


def test_flag_with_threshold_names_line_and_field() -> None:
    text = _replace("    operator: flag\n", "    operator: flag\n    threshold: 1\n")
    assert _problems(text) == (Problem("linje 12, felt criteria[1]", "et flag har ingen tærskel"),)


def test_comparison_on_a_flag_and_green_are_refused() -> None:
    text = _replace(
        "    points_to: gul\n    explanation: Tre", "    points_to: groen\n    explanation: Tre"
    )
    assert _problems(text) == (
        Problem("linje 6, felt criteria[0]", "et kriterium skal pege på gul eller rød"),
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
    assert _problems(text) == (Problem("linje 29, felt threshold", "er ikke et kendt felt"),)


def test_a_wrong_value_names_line_and_field() -> None:
    text = _replace("threshold: 3\n", "threshold: tre\n")
    assert _problems(text) == (Problem("linje 9, felt criteria[0].threshold", "skal være et tal"),)


def test_duplicate_id_names_both_lines() -> None:
    text = _replace("  - id: vold\n", "  - id: klager\n")
    assert _problems(text) == (
        Problem(
            "linje 17, felt criteria[2].id",
            "id'et 'klager' er allerede brugt af criteria[0] (linje 6); hvert kriterium skal "
            "have sit eget id",
        ),
    )


def test_a_repeated_key_is_refused_not_silently_overwritten() -> None:
    text = _replace("    threshold: 3\n", "    threshold: 3\n    threshold: 30\n")
    assert _problems(text) == (
        Problem("linje 10, felt threshold", "feltet står flere gange i samme afsnit"),
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


def test_other_tags_are_refused_too() -> None:
    (problem,) = _problems(SMALL.replace("title: Testkatalog", "title: !!binary aGVq"))
    assert problem == Problem(
        "linje 2",
        "YAML-mærket '!!binary' er ikke tilladt; filen må kun indeholde tekst, tal, lister "
        "og opslag",
    )
    assert catalogue_from_yaml(SMALL.replace("Testkatalog", "!!str Testkatalog")) == _catalogue()


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
    ],
)
def test_empty_and_malformed_files(text: str | bytes, message: str) -> None:
    (problem,) = _problems(text)
    assert problem.message.startswith(message)
