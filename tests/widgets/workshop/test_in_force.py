"""'Tag i brug' in the workshop: a saved version or the packaged catalogue is put in force
by the workshop's author with a reason, the panel says since when, by whom and why, the
history lists every version in force newest first, and a refusal is Danish, at its field,
with nothing saved."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tests.presentation._shown import assert_no_raw_cells, table_captioned

from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue, default_catalogue
from tilsynwidgets.domain.workshop.versions import new_version
from tilsynwidgets.store.catalogues import CatalogueStore
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.workshop.in_force import HISTORY_CAPTION, InForcePanel

T0 = datetime(2026, 11, 30, 13, 5, tzinfo=UTC)  # 14.05 in Copenhagen
AUTHOR = "Metodekonsulent <M>"
REASON = "Klagetærsklen er afprøvet på porteføljen & giver færre røde forslag."
SAVED = "2026.2-klager"
PACKAGED = f"pakket:{default_catalogue().version}"


@pytest.fixture
def catalogues(tmp_path: Path) -> Iterator[CatalogueStore]:
    with Store.open(f"sqlite:///{tmp_path / 'in_force.sqlite'}") as store:
        store.upgrade()
        found = CatalogueStore(store)
        found.ensure_packaged(T0 - timedelta(days=30))
        data = default_catalogue().model_dump(mode="json")
        for item in data["criteria"]:
            if item["id"] == "klager":
                item["threshold"] = 2
        found.save(
            new_version(
                CriteriaCatalogue.model_validate(data),
                name=SAVED,
                author="Metodekonsulent A",
                comment="Lavere tærskel for klager.",
                saved_at=T0 - timedelta(days=1),
            )
        )
        yield found


@pytest.fixture
def clock() -> list[datetime]:
    return [T0]


@pytest.fixture
def panel(catalogues: CatalogueStore, clock: list[datetime]) -> InForcePanel:
    return InForcePanel(catalogues, AUTHOR, lambda: clock[0])


def test_the_choices_are_the_saved_versions_and_the_packaged_catalogue(
    panel: InForcePanel,
) -> None:
    packaged = default_catalogue().version
    assert list(panel.choice.options) == [
        (SAVED, SAVED),
        (f"{packaged} (pakket katalog)", PACKAGED),
    ]
    assert panel.choice.value == SAVED
    assert "Ingen version er taget i brug endnu" in panel.current.value
    assert f"det pakkede katalog <b>{packaged}</b>" in panel.current.value
    assert panel.history.value == ""


def test_the_button_puts_the_version_in_force_and_shows_it(
    panel: InForcePanel, catalogues: CatalogueStore
) -> None:
    panel.choice.value = SAVED
    panel.reason.value = REASON
    panel.put_button.click()

    store = catalogues.store
    [entry] = store.catalogue_in_force_history()
    assert (entry.version, entry.put_by, entry.put_at, entry.reason) == (SAVED, AUTHOR, T0, REASON)
    stored = catalogues.get(SAVED)
    assert stored is not None
    assert store.catalogue_in_force() == stored.catalogue
    # what people read: since when, by whom, why (escaped), and the status
    assert format_stamp(T0) == "30. november 2026 kl. 14.05"
    assert (
        "I brug siden 30. november 2026 kl. 14.05, taget i brug af Metodekonsulent &lt;M&gt;: "
        "Klagetærsklen er afprøvet på porteføljen &amp; giver færre røde forslag."
    ) in panel.current.value
    assert f"Apps'ene foreslår med <b>{SAVED}</b>" in panel.current.value
    assert f"Versionen {SAVED} er taget i brug" in panel.status.value
    assert panel.reason.value == ""
    shown = table_captioned(panel.history.value, HISTORY_CAPTION)
    assert shown.header == ["Version", "Taget i brug", "Af", "Begrundelse"]
    assert shown.rows == [[SAVED, "30. november 2026 kl. 14.05", AUTHOR, REASON]]


def test_the_history_lists_every_version_in_force_newest_first(
    panel: InForcePanel, catalogues: CatalogueStore, clock: list[datetime]
) -> None:
    panel.put_in_force(SAVED, REASON)
    clock[0] = T0 + timedelta(days=2, hours=3)
    panel.put_in_force(PACKAGED, "Tilbage til det pakkede katalog efter kurset.")

    assert catalogues.store.catalogue_in_force() == default_catalogue()
    packaged = f"{default_catalogue().version} (pakket katalog)"
    assert f"Apps'ene foreslår med <b>{packaged}</b>" in panel.current.value
    assert "I brug siden 2. december 2026 kl. 17.05" in panel.current.value
    shown = table_captioned(panel.history.value, HISTORY_CAPTION)
    expected = [
        [entry.label(), format_stamp(entry.put_at), entry.put_by, entry.reason]
        for entry in catalogues.store.catalogue_in_force_history()
    ]
    assert shown.rows == expected
    assert [row[0] for row in shown.rows] == [packaged, SAVED]
    assert [row[1] for row in shown.rows] == [
        "2. december 2026 kl. 17.05",
        "30. november 2026 kl. 14.05",
    ]
    assert_no_raw_cells(shown)


@pytest.mark.parametrize("reason", ["", "   ", "For kort."])
def test_a_missing_or_short_reason_is_refused_at_the_field(
    panel: InForcePanel, catalogues: CatalogueStore, reason: str
) -> None:
    panel.reason.value = reason
    panel.put_button.click()
    assert "En faglig begrundelse på mindst 20 tegn er påkrævet" in panel.reason_error.value
    assert 'role="alert"' in panel.reason_error.value
    assert "Versionen er ikke taget i brug: ret begrundelsen." in panel.status.value
    assert catalogues.store.catalogue_in_force_history() == []
    # fixed, the message at the field goes away
    panel.reason.value = REASON
    panel.put_button.click()
    assert panel.reason_error.value == ""
    assert len(catalogues.store.catalogue_in_force_history()) == 1


@pytest.mark.parametrize("version", ["findes-ikke", "pakket:2019.1"])
def test_an_unknown_version_is_refused_by_the_kernel(
    panel: InForcePanel, catalogues: CatalogueStore, version: str
) -> None:
    """The browser can send any value: the kernel checks the version against the store."""
    assert panel.put_in_force(version, REASON) is None
    assert "af kriteriekataloget findes ikke i lageret" in panel.status.value
    assert "Intet er gemt" in panel.status.value
    assert catalogues.store.catalogue_in_force_history() == []


def test_an_invalid_name_is_refused_in_danish(
    panel: InForcePanel, catalogues: CatalogueStore
) -> None:
    assert panel.put_in_force("<script>", REASON) is None
    assert "Versionen er ikke taget i brug: Version: versionens navn" in panel.status.value
    assert "<script>" not in panel.status.value
    assert catalogues.store.catalogue_in_force_history() == []


def test_a_version_saved_later_can_be_chosen(
    panel: InForcePanel, catalogues: CatalogueStore
) -> None:
    catalogues.save(
        new_version(
            default_catalogue(),
            name="2026.3",
            author="Metodekonsulent B",
            comment="Ny version.",
            saved_at=T0,
        )
    )
    panel.refresh()
    assert [reference for _, reference in panel.choice.options][:2] == ["2026.3", SAVED]
