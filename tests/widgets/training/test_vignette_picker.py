"""The vignette picker: a checkbox per vignette named by its title, its unit type and phase
as labels, the reference colour only where asked for, the start of the narrative; nothing
chosen to begin with; «Vælg alle»/«Fravælg alle»; ids the picker does not offer refused."""

from __future__ import annotations

import re

import pytest

from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.domain.training.vignettes import vignette, vignettes
from tilsynwidgets.presentation.html import category_badge, escape
from tilsynwidgets.widgets.training.vignette_picker import (
    PREVIEW_CHARS,
    VignettePicker,
    narrative_preview,
    vignette_facts_html,
)

IDS = vignettes().ids


def _picker(show_reference: bool = True) -> VignettePicker:
    picker = VignettePicker("Vignetter", show_reference=show_reference)
    picker.options = IDS
    return picker


def _shown_text(picker: VignettePicker) -> str:
    rows = picker.list.children
    return " ".join(f"{row.children[0].description} {row.children[1].value}" for row in rows)


def test_every_vignette_is_a_checkbox_named_by_its_title_none_chosen() -> None:
    picker = _picker()
    assert picker.value == ()
    assert picker.titles() == tuple(vignette(v).title for v in IDS)
    assert len(picker.list.children) == len(IDS)
    assert all(not picker.boxes[v].value for v in IDS)
    assert "0 af 15 vignetter valgt" in picker.counter.value
    shown = _shown_text(picker)
    for vignette_id in IDS:  # people read titles, never the slugs
        assert vignette_id not in shown


def test_a_row_shows_unit_type_phase_reference_and_the_narratives_start() -> None:
    case = vignette("v14-roennebaerhaven")
    facts = vignette_facts_html(case, show_reference=True)
    assert escape(label_of(case.unit.unit_type)) in facts  # «Botilbud for voksne»
    assert escape(label_of(case.phase)) in facts  # «Post (efter kvalitetsvurdering)»
    assert category_badge(case.reference_category) in facts
    short = re.search(r'<span class="tw-pick-short">(.*?)</span>', facts)
    assert short is not None
    assert short.group(1) == escape(narrative_preview(case.narrative))
    assert short.group(1).endswith(" …")
    # The whole narrative once opened, paragraph by paragraph.
    first = case.narrative.split("\n\n")[0].strip()
    assert f"<p>{escape(first)}</p>" in facts
    hidden = vignette_facts_html(case, show_reference=False)
    assert "Referencesvar" not in hidden
    assert category_badge(case.reference_category) not in hidden


def test_the_preview_is_about_160_characters_cut_after_a_whole_word() -> None:
    narrative = vignette("v01-glentebakken").narrative
    preview = narrative_preview(narrative)
    assert preview.endswith(" …")
    body = preview.removesuffix(" …")
    assert PREVIEW_CHARS - 30 <= len(body) <= PREVIEW_CHARS
    assert " ".join(narrative.split()).startswith(body)
    assert " ".join(narrative.split())[len(body)] == " "  # no word cut in half
    assert narrative_preview("Kort.\n\nTo afsnit.") == "Kort. To afsnit."


def test_choose_all_and_none() -> None:
    picker = _picker()
    picker.choose_all.click()
    assert picker.value == IDS
    assert "15 af 15 vignetter valgt" in picker.counter.value
    picker.choose_none.click()
    assert not picker.value
    picker.boxes[IDS[3]].value = True
    picker.boxes[IDS[1]].value = True
    assert picker.value == (IDS[1], IDS[3])  # in the order offered
    assert "2 af 15 vignetter valgt" in picker.counter.value


def test_options_show_and_order_rows_and_drop_what_is_no_longer_offered() -> None:
    picker = _picker()
    picker.value = IDS[:3]
    picker.options = (IDS[2], IDS[1], IDS[5])
    assert picker.titles() == tuple(vignette(v).title for v in (IDS[2], IDS[1], IDS[5]))
    assert picker.value == (IDS[2], IDS[1])
    assert not picker.boxes[IDS[0]].value  # dropped, not kept hidden
    picker.choose_all.click()
    assert len(picker.value) == 3
    assert picker.options == picker.value
    assert "3 af 3 vignetter valgt" in picker.counter.value


def test_nothing_left_to_offer_says_so() -> None:
    picker = VignettePicker("Næste runde", show_reference=False, empty_text="Alt er brugt.")
    picker.options = ()
    assert picker.empty.value == "<p>Alt er brugt.</p>"
    assert picker.list.children == ()
    picker.options = IDS[:1]
    assert picker.empty.value == ""


def test_ids_not_offered_are_refused_in_danish() -> None:
    picker = _picker()
    picker.options = IDS[:2]
    with pytest.raises(ValueError, match=f"^Vignetten kan ikke vælges her: {IDS[5]}\\.$"):
        picker.value = (IDS[0], IDS[5])
    assert picker.value == ()
    with pytest.raises(ValueError, match=r"^Ukendt vignet: v99-findes-ikke\.$"):
        picker.options = ("v99-findes-ikke",)
    assert picker.options == IDS[:2]
