"""The difference between two versions of the criteria catalogue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue, default_catalogue
from tilsynwidgets.domain.workshop.diff import FieldChange, catalogue_diff


def _edited(small_yaml: str, edit: dict[str, dict[str, Any]], **changes: Any) -> CriteriaCatalogue:
    """small_yaml with some criteria's fields changed (by id)."""
    data = yaml.safe_load(small_yaml)
    for item in data["criteria"]:
        item.update(edit.get(item["id"], {}))
    data.update(changes)
    return CriteriaCatalogue.model_validate(data)


def test_no_difference(small_catalogue: Callable[..., CriteriaCatalogue]) -> None:
    diff = catalogue_diff(small_catalogue(), small_catalogue(version="t2"))
    assert diff.is_empty
    assert diff.describe() == ["Ingen forskelle"]
    assert (diff.old_version, diff.new_version) == ("t1", "t2")


def test_changed_criterion_fields(
    small_catalogue: Callable[..., CriteriaCatalogue], small_yaml: str
) -> None:
    new = _edited(
        small_yaml,
        {
            "whistleblower": {"threshold": 2, "points_to": "roed"},
            "vold": {"operator": "gt", "threshold": 2.5},
            "klager": {"explanation": "Flere klager end normalt.", "signal": "force_uses"},
        },
    )
    diff = catalogue_diff(small_catalogue(), new)
    assert [change.id for change in diff.changed] == ["klager", "vold", "whistleblower"]
    assert diff.changed[2].changes == (
        FieldChange("threshold", "Tærskel", 1.0, 2.0),
        FieldChange("points_to", "Peger på", "gul", "roed"),
    )
    assert diff.describe() == [
        'Ændret: Klager ≥ 3 – signal Klager → Magtanvendelser; forklaring "Tre eller flere '
        'klager." → "Flere klager end normalt."',
        "Ændret: Vold og overgreb ≥ 1 – betingelse ≥ → >; tærskel 1 → 2,5",
        "Ændret: Whistleblowerhenvendelser ≥ 1 – tærskel 1 → 2; peger på gul → rød",
    ]
    assert (diff.added, diff.removed, diff.aggregation, diff.catalogue) == ((), (), (), ())


def test_added_and_removed_criteria(
    small_catalogue: Callable[..., CriteriaCatalogue], small_yaml: str
) -> None:
    data = yaml.safe_load(small_yaml)
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
    diff = catalogue_diff(small_catalogue(), CriteriaCatalogue.model_validate(data))
    assert [c.id for c in diff.added] == ["klager_mange"]
    assert [c.id for c in diff.removed] == [removed["id"]]
    assert not diff.changed
    assert not diff.reordered
    assert diff.describe() == [
        "Tilføjet: Klager ≥ 6, peger på rød",
        "Fjernet: Lederskifte er sat, peger på gul",
    ]


def test_aggregation_title_description_and_order(
    small_catalogue: Callable[..., CriteriaCatalogue], small_yaml: str
) -> None:
    data = yaml.safe_load(small_yaml)
    data["criteria"].reverse()
    data.update(
        title="Nyt katalog",
        description="Prøveversion.",
        aggregation={"escalate_after_gul": None},
    )
    diff = catalogue_diff(small_catalogue(), CriteriaCatalogue.model_validate(data))
    assert diff.reordered
    assert diff.describe() == [
        'Ændret: titel "Testkatalog" → "Nyt katalog"',
        'Ændret: beskrivelse "" → "Prøveversion."',
        "Ændret sammenvejning: antal gule kriterier, der giver rød 3 → ingen",
        "Ændret: kriteriernes rækkefølge",
    ]
    back = catalogue_diff(CriteriaCatalogue.model_validate(data), small_catalogue())
    assert back.aggregation == (
        FieldChange("escalate_after_gul", "Antal gule kriterier, der giver rød", None, 3),
    )


def test_diff_of_the_packaged_catalogue_with_itself_is_empty() -> None:
    assert catalogue_diff(default_catalogue(), default_catalogue()).is_empty


def test_the_rule_for_unknowns_and_the_illustrative_mark_are_differences() -> None:
    old = default_catalogue()
    rule = old.aggregation.model_copy(update={"min_known_percent": 50})
    new = old.model_copy(update={"aggregation": rule, "illustrative": False, "version": "x"})
    assert catalogue_diff(old, new).describe() == [
        "Ændret: illustrativt katalog ja → nej",
        "Ændret sammenvejning: mindst kendte risikosignaler (%) 75 → 50",
    ]
