"""Versions in the workshop: save never overwrites, invalid names and files are refused in
Danish and change nothing, diffs and YAML export."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.presentation._shown import table_captioned

from tilsynwidgets.domain.risk.criteria import AS_SAVED, CriteriaCatalogue, default_catalogue
from tilsynwidgets.domain.workshop.catalogue_yaml import catalogue_from_yaml
from tilsynwidgets.domain.workshop.versions import CatalogueVersion
from tilsynwidgets.store.catalogues import CatalogueStore
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.workshop.versions import VERSIONS_CAPTION, VersionsPanel

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)


@pytest.fixture
def catalogues(tmp_path: Path) -> Iterator[CatalogueStore]:
    with Store.open(f"sqlite:///{tmp_path / 'versions.sqlite'}") as store:
        store.upgrade()
        found = CatalogueStore(store)
        found.ensure_packaged(T0)
        yield found


@pytest.fixture
def opened() -> list[tuple[CriteriaCatalogue, CatalogueVersion | None]]:
    return []


@pytest.fixture
def panel(
    catalogues: CatalogueStore, opened: list[tuple[CriteriaCatalogue, CatalogueVersion | None]]
) -> VersionsPanel:
    edited = default_catalogue().model_copy(update={"criteria": default_catalogue().criteria[:3]})
    return VersionsPanel(
        catalogues,
        "Konsulent <K>",
        lambda: edited,
        lambda catalogue, version: opened.append((catalogue, version)),
        clock=lambda: T0,
    )


def _upload(panel: VersionsPanel, name: str, content: bytes) -> None:
    panel.upload.value = (
        {
            "name": name,
            "type": "",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": datetime(2026, 11, 20, tzinfo=UTC),
        },
    )


def test_save_lists_and_never_overwrites(panel: VersionsPanel, catalogues: CatalogueStore) -> None:
    panel.name.value, panel.comment.value = "2026.2-kort", "Kun tre kriterier."
    panel.save_button.click()
    assert panel.status.kind == "success", panel.status.value
    saved = catalogues.get("2026.2-kort")
    assert saved is not None
    assert len(saved.catalogue.criteria) == 3
    assert saved.based_on is None
    listing = table_captioned(panel.listing.value, VERSIONS_CAPTION)
    assert listing.header == ["Version", "Gemt", "Gemt af", "Bygger på", "Kriterier", "Kommentar"]
    assert listing.rows[0] == [
        "2026.2-kort",
        "20. november 2026 kl. 10.00",
        "Konsulent <K>",
        "–",
        "3",
        "Kun tre kriterier.",
    ]
    assert [row[0] for row in listing.rows] == ["2026.2-kort", "2026.1"]
    assert "Konsulent &lt;K&gt;" in panel.listing.value
    panel.name.value, panel.comment.value = "2026.2-kort", "Igen."
    panel.save_button.click()
    assert "findes allerede" in panel.status.value
    assert catalogues.get("2026.2-kort") == saved


def test_invalid_name_or_missing_comment_is_refused(
    panel: VersionsPanel, catalogues: CatalogueStore
) -> None:
    panel.name.value, panel.comment.value = "Ny version!", "x"
    panel.save_button.click()
    assert "navn" in panel.status.value
    panel.name.value, panel.comment.value = "2026.3", "   "
    panel.save_button.click()
    assert "Kommentar: skal udfyldes" in panel.status.value
    assert [v.name for v in catalogues.versions()] == ["2026.1"]


def test_diff_between_two_versions(panel: VersionsPanel) -> None:
    panel.name.value, panel.comment.value = "2026.2-kort", "Kun tre kriterier."
    panel.save_button.click()
    panel.diff_old.value, panel.diff_new.value = "2026.1", "2026.2-kort"
    panel.diff_button.click()
    assert "Fjernet:" in panel.diff.value


def test_a_malformed_import_names_the_line_and_changes_nothing(
    panel: VersionsPanel, opened: list[tuple[CriteriaCatalogue, CatalogueVersion | None]]
) -> None:
    text = panel.export()
    broken = text.replace("signal: whistleblower_reports", "signal: maaneskin", 1)
    _upload(panel, "rettet.yaml", broken.encode())
    panel.import_button.click()
    assert "intet er ændret" in panel.status.value
    assert "linje" in panel.status.value
    assert "maaneskin" in panel.status.value
    assert opened == []
    _upload(panel, "rettet.yaml", text.encode())
    panel.import_button.click()
    assert panel.status.kind == "success", panel.status.value
    assert "rettet.yaml er indlæst (3 kriterier)" in panel.status.value
    ((catalogue, version),) = opened
    assert version is None
    assert catalogue == catalogue_from_yaml(text)
    assert panel.link.value == ""  # the download offered held what was edited before


def test_an_import_names_fields_by_title_and_describes_patterns_in_words(
    panel: VersionsPanel, opened: list[tuple[CriteriaCatalogue, CatalogueVersion | None]]
) -> None:
    text = panel.export()
    first_id = text.split("- id: ", 1)[1].split("\n", 1)[0]
    broken = text.replace(f"- id: {first_id}", "- id: Æble-1", 1).replace(
        "threshold:", "threshhold:", 1
    )
    _upload(panel, "rettet.yaml", broken.encode())
    panel.import_button.click()
    shown = panel.status.value
    assert "Filen er ikke indlæst; intet er ændret. rettet.yaml er ugyldig" in shown
    assert (
        "Kriterium 1, Id: har et ugyldigt format: skal begynde med et lille bogstav og må kun "
        "indeholde små bogstaver (a–z, uden æ, ø og å), tal og _; højst 64 tegn"
    ) in shown
    assert "«threshhold»: er ikke et kendt felt" in shown
    for technical in ("criteria[", "^", "mønster", "[a-z", "felt criteria"):
        assert technical not in shown
    assert opened == []


def test_an_id_used_twice_in_an_import_names_the_criteria_by_number(
    panel: VersionsPanel,
) -> None:
    text = panel.export()
    ids = [line.split("- id: ", 1)[1] for line in text.splitlines() if "- id: " in line]
    _upload(panel, "dobbelt.yaml", text.replace(f"- id: {ids[1]}", f"- id: {ids[0]}", 1).encode())
    panel.import_button.click()
    assert f"Kriterium 2, Id: id'et '{ids[0]}' er allerede brugt af kriterium 1" in (
        panel.status.value.replace("&#x27;", "'")
    )
    assert "criteria[" not in panel.status.value


def test_broken_yaml_says_where_without_the_parser_s_english(panel: VersionsPanel) -> None:
    _upload(panel, "brudt.yaml", (panel.export() + "\nfoo: [").encode())
    panel.import_button.click()
    assert "er ikke gyldig YAML" in panel.status.value
    assert "expected" not in panel.status.value


def test_the_export_is_named_after_what_it_holds(
    panel: VersionsPanel, catalogues: CatalogueStore
) -> None:
    text = panel.export()  # not saved, from no version (as an imported file)
    assert 'download="kriterier-arbejdskopi-2026-11-20.yaml"' in panel.link.value
    assert "Hent kriterier-arbejdskopi-2026-11-20.yaml" in panel.link.value
    assert catalogue_from_yaml(text).version == "arbejdskopi-2026-11-20"
    assert "\nversion: arbejdskopi-2026-11-20\n" in text
    panel.based_on = catalogues.get("2026.1")  # opened 2026.1, and changed it
    text = panel.export()
    assert catalogue_from_yaml(text).version == "2026.1-arbejdskopi-2026-11-20"
    assert 'download="kriterier-2026.1-arbejdskopi-2026-11-20.yaml"' in panel.link.value
    panel.name.value, panel.comment.value = "2026.2-kort", "Kun tre kriterier."
    panel.save_button.click()  # saved: the file is the version
    assert panel.link.value == ""
    text = panel.export()
    assert catalogue_from_yaml(text).version == "2026.2-kort"
    assert 'download="kriterier-2026.2-kort.yaml"' in panel.link.value
    panel.edited()
    assert panel.link.value == ""


def test_a_catalogue_with_a_threshold_out_of_range_is_not_saved(
    catalogues: CatalogueStore,
) -> None:
    saved = default_catalogue().model_dump(mode="json")
    saved["criteria"][3]["threshold"] = -5  # accepted before ranges were checked
    old = CriteriaCatalogue.model_validate(saved, context={AS_SAVED: True})
    panel = VersionsPanel(catalogues, "K", lambda: old, lambda _c, _v: None, clock=lambda: T0)
    panel.name.value, panel.comment.value = "2026.2-minus", "Gemt før."
    panel.save_button.click()
    assert panel.status.kind == "error"
    assert "Versionen er ikke gemt: Katalog, Kriterium 4, Tærskel: Whistleblowerhenvendelser " in (
        panel.status.value
    )
    assert [v.name for v in catalogues.versions()] == ["2026.1"]
