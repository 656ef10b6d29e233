"""Draft keys: each kind holds exactly its own parts, cleaned and checked in Danish."""

from __future__ import annotations

import pytest

from tilsynwidgets.domain.core.drafts import KEY_PARTS, DraftKey, DraftKind
from tilsynwidgets.domain.core.units import Socialtilsyn


def test_each_kind_names_what_its_draft_is_about() -> None:
    assert DraftKey.assessment("Anna", "T-001") == DraftKey(
        DraftKind.ASSESSMENT, "Anna", unit_id="T-001"
    )
    plan = DraftKey.plan("Anna", "T-001")
    assert (plan.kind, plan.unit_id, plan.session_code, plan.vignette_id) == (
        DraftKind.PLAN,
        "T-001",
        None,
        None,
    )
    answer = DraftKey.training_answer("p-123", "K7M2QX", "vignet-4")
    assert (answer.owner, answer.session_code, answer.vignette_id, answer.unit_id) == (
        "p-123",
        "K7M2QX",
        "vignet-4",
        None,
    )
    quality = DraftKey.quality("Anna", "T-001")
    assert (quality.kind, quality.owner, quality.unit_id, quality.session_code) == (
        DraftKind.QUALITY,
        "Anna",
        "T-001",
        None,
    )
    assert quality.kind.value == "kvalitetsvurdering"
    assert quality != DraftKey.assessment("Anna", "T-001")
    own = DraftKey.self_assessment("Leder A", "nord")
    assert own.socialtilsyn is Socialtilsyn.NORD
    assert own.unit_id is None


def test_every_kind_has_its_parts_listed() -> None:
    assert set(KEY_PARTS) == set(DraftKind)
    assert {part for parts in KEY_PARTS.values() for part in parts} == {
        "unit_id",
        "session_code",
        "vignette_id",
        "socialtilsyn",
    }


def test_keys_are_frozen_and_compare_by_value() -> None:
    key = DraftKey.assessment("Anna", "T-001")
    with pytest.raises(AttributeError):
        key.owner = "Bo"  # type: ignore[misc]
    assert key == DraftKey.assessment("  Anna ", "T-001")
    assert key != DraftKey.plan("Anna", "T-001")
    assert len({key, DraftKey.assessment("Anna", "T-001")}) == 1


def test_the_owner_is_cleaned_and_the_ids_kept_as_given() -> None:
    key = DraftKey.training_answer(" p\x00-1 ", " K7M2QX ", "v 1")
    assert (key.owner, key.session_code, key.vignette_id) == ("p-1", "K7M2QX", "v 1")


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: DraftKey.assessment("  ", "T-001"), "skal have en tilsynsførende"),
        (lambda: DraftKey.plan("x" * 121, "T-001"), "højst 120 tegn"),
        (lambda: DraftKey.training_answer("", "K7M2QX", "v1"), "skal have en deltager"),
        (lambda: DraftKey.self_assessment("", "nord"), "skal have en leder"),
        (
            lambda: DraftKey.quality(" ", "T-001"),
            "Kladden til en kvalitetsvurdering skal have en tilsynsførende",
        ),
        (lambda: DraftKey.quality("Anna", ""), r"enheds-id \(højst 64 tegn\)"),
        (
            lambda: DraftKey(DraftKind.QUALITY, "Anna", unit_id="T-1", session_code="K7M2QX"),
            "Kladden til en kvalitetsvurdering kan ikke have et forløb",
        ),
        (lambda: DraftKey.assessment("Anna", ""), r"enheds-id \(højst 64 tegn\)"),
        (lambda: DraftKey.plan("Anna", "T" * 65), r"enheds-id \(højst 64 tegn\)"),
        (lambda: DraftKey.training_answer("p", "", "v1"), "forløbets kode"),
        (lambda: DraftKey.training_answer("p", "K7M2QXAB9", "v1"), "højst 8 tegn"),
        (lambda: DraftKey.training_answer("p", "K7M2QX", ""), "vignets id"),
        (lambda: DraftKey.self_assessment("Leder", "vest"), "kendt socialtilsyn, ikke 'vest'"),
        (lambda: DraftKey(DraftKind.ASSESSMENT, "Anna"), "skal have en enhed"),
        (
            lambda: DraftKey(DraftKind.ASSESSMENT, "Anna", unit_id="T-1", vignette_id="v1"),
            "kan ikke have en vignet",
        ),
        (
            lambda: DraftKey(DraftKind.TRAINING_ANSWER, "p", session_code="K7M2QX"),
            "skal have en vignet",
        ),
        (
            lambda: DraftKey(
                DraftKind.SELF_ASSESSMENT, "L", unit_id="T-1", socialtilsyn=Socialtilsyn.SYD
            ),
            "kan ikke have en enhed",
        ),
    ],
)
def test_a_key_that_cannot_be_stored_is_refused_in_danish(build: object, message: str) -> None:
    assert callable(build)
    with pytest.raises(ValueError, match=message):
        build()
