from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.datafiles import parse_model, read_packaged_text
from tilsynwidgets.domain.core.errors import DataFileError
from tilsynwidgets.domain.support.measures import (
    ChecklistChange,
    MeasureCatalogue,
    changes_to_save,
    checklist_state,
    general_measures,
    measure_catalogue,
    measures_for,
)

T0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


def _change(measure_id: str, in_place: bool, minutes: int, **extra: object) -> ChecklistChange:
    data: dict[str, object] = {
        "unit_id": "T-0001",
        "measure_id": measure_id,
        "in_place": in_place,
        "author": "Leder B",
        "changed_at": T0 + timedelta(minutes=minutes),
    }
    data.update(extra)
    return ChecklistChange.model_validate(data)


def test_catalogue_sizes_follow_the_seed() -> None:
    assert len(general_measures()) == 11
    assert len(measures_for(RiskCategory.ROED)) == 3
    assert len(measures_for(RiskCategory.GUL)) == 3
    assert len(measures_for(RiskCategory.GROEN)) == 2


def test_seed_text_is_quoted_faithfully() -> None:
    catalogue = measure_catalogue()
    texts = {m.id: m.text for m in general_measures()}
    assert texts["ledelsesmaessig_understoettelse"] == (
        "Ledelsesmæssig understøttelse, herunder f.eks. tæt sparring og deltagelse i "
        "tilsynsaktiviteter"
    )
    assert texts["metodiske_kompetencer"].endswith(
        "at der indhentes den information, der er behov for – hverken mere eller mindre"
    )
    roed = catalogue.colours[RiskCategory.ROED]
    assert roed.intro == (
        "Organiseringen understøtter undersøgelse af konkrete forhold og tæt opfølgning ift. "
        "tilbud og plejefamilier, hvor der er høj risikovurdering."
    )
    assert roed.lead == "F.eks. bør der ift. rød kategorisering som udgangspunkt:"
    assert [m.text for m in roed.measures][:2] == [
        "Udarbejdes retningslinjer for sagsgangen",
        "Være tæt ledelsesopbakning",
    ]
    assert "sammensætningen af kompetencer" in roed.measures[2].text
    gul = [m.text for m in measures_for(RiskCategory.GUL)]
    assert gul == [
        "Inddrages flere perspektiver på sagen",
        "Være adgang til og evt. krav om juridisk og økonomifaglig bistand",
        "Øget mulighed for og krav om faglig sparring",
    ]
    groen = catalogue.colours[RiskCategory.GROEN]
    assert groen.intro.startswith(
        "Den organisatoriske understøttelse sikrer, at de lovgivningsmæssige krav til "
        "tilsynsintensitet overholdes.\n"
    )
    assert "(modvirke automatik)" in groen.intro
    assert catalogue.general_intro.startswith("Ledelsen i Socialtilsynet bør skabe rammer")


def test_empty_history_misses_every_measure() -> None:
    state = checklist_state([], RiskCategory.GUL)
    assert state.unit_id is None
    assert state.missing == measures_for(RiskCategory.GUL)
    assert not state.complete


def test_latest_change_wins_whatever_the_order() -> None:
    changes = [
        _change("roed_ledelsesopbakning", False, 30, author="Leder C"),
        _change("roed_ledelsesopbakning", True, 10),
        _change("roed_retningslinjer_sagsgang", True, 5, note="Vedtaget på ledermøde"),
        _change("roed_retningslinjer_sagsgang", False, 1),
    ]
    state = checklist_state(changes, RiskCategory.ROED)
    items = {item.measure.id: item for item in state.items}
    assert state.unit_id == "T-0001"
    assert items["roed_retningslinjer_sagsgang"].in_place
    assert items["roed_retningslinjer_sagsgang"].note == "Vedtaget på ledermøde"
    assert items["roed_retningslinjer_sagsgang"].changed_at == T0 + timedelta(minutes=5)
    assert not items["roed_ledelsesopbakning"].in_place
    assert items["roed_ledelsesopbakning"].author == "Leder C"
    assert [m.id for m in state.missing] == [
        "roed_ledelsesopbakning",
        "roed_tvaerfaglig_medarbejdergruppe",
    ]


def test_latest_is_compared_across_time_zones() -> None:
    cet = timezone(timedelta(hours=1))
    earlier_in_cet = _change(
        "gul_faglig_sparring", False, 0, changed_at=datetime(2026, 1, 5, 10, 30, tzinfo=cet)
    )
    later_in_utc = _change(
        "gul_faglig_sparring", True, 0, changed_at=datetime(2026, 1, 5, 9, 45, tzinfo=UTC)
    )
    state = checklist_state([later_in_utc, earlier_in_cet], RiskCategory.GUL)
    assert state.items[2].in_place


def test_equal_times_later_in_the_history_wins() -> None:
    changes = [
        _change("groen_feedback_sparring", True, 0),
        _change("groen_feedback_sparring", False, 0),
    ]
    assert not checklist_state(changes, RiskCategory.GROEN).items[1].in_place


def test_measures_of_other_colours_are_ignored() -> None:
    changes = [_change("roed_ledelsesopbakning", True, 0)] + [
        _change(m.id, True, 1) for m in measures_for(RiskCategory.GROEN)
    ]
    state = checklist_state(changes, RiskCategory.GROEN)
    assert state.complete
    assert state.missing == ()
    assert [item.measure.id for item in state.items] == [
        m.id for m in measures_for(RiskCategory.GROEN)
    ]


def test_history_of_several_units_is_refused() -> None:
    changes = [
        _change("gul_faglig_sparring", True, 0),
        _change("gul_faglig_sparring", True, 1, unit_id="T-0002"),
    ]
    with pytest.raises(ValueError, match="flere enheder: T-0001, T-0002"):
        checklist_state(changes, RiskCategory.GUL)


def test_checklist_change_validation() -> None:
    with pytest.raises(ValidationError, match="tidszone"):
        _change("gul_faglig_sparring", True, 0, changed_at=datetime(2026, 1, 5, 10, 0))
    with pytest.raises(ValidationError):
        _change("gul_faglig_sparring", True, 0, note="x" * 2001)
    with pytest.raises(ValidationError, match="skal udfyldes"):
        _change("gul_faglig_sparring", True, 0, author=" ")
    assert _change("gul_faglig_sparring", True, 0, author=" Leder B ").author == "Leder B"


def test_duplicate_measure_id_names_line_and_field() -> None:
    text = read_packaged_text("measures.yaml").replace(
        "id: gul_faglig_sparring", "id: supervision_sparring"
    )
    with pytest.raises(DataFileError) as info:
        parse_model(MeasureCatalogue, text, source="x.yaml")
    colours = next(n for n, line in enumerate(text.splitlines(), 1) if line == "colours:")
    assert f"linje {colours}, «colours»: tiltaget findes flere gange: supervision_sparring" in str(
        info.value
    )


def test_bad_measure_id_names_line_and_field() -> None:
    text = read_packaged_text("measures.yaml").replace(
        "id: groen_feedback_sparring", "id: Grøn feedback"
    )
    with pytest.raises(DataFileError) as info:
        parse_model(MeasureCatalogue, text, source="x.yaml")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "Grøn feedback" in row)
    assert (
        f"linje {line}, «colours», «groen», «measures» nr. 2, «id»: har et ugyldigt format"
        in str(info.value)
    )


CHANGED_AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_only_changed_ticks_become_changes() -> None:
    state = checklist_state([], RiskCategory.GUL)
    first = measures_for(RiskCategory.GUL)[0].id
    ticked = {item.measure.id: False for item in state.items} | {first: True}
    changes = changes_to_save(state, ticked, unit_id="P-1", author="tk", note="n", now=CHANGED_AT)
    assert [(c.measure_id, c.in_place) for c in changes] == [(first, True)]
