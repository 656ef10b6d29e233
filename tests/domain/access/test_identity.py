from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import pytest

from tilsynwidgets.domain.access.identity import (
    IDENTITY_ENV,
    KEY_ENV,
    identity_from_environ,
    new_key,
    read_identity,
    sign_identity,
)

KEY = new_key()
WHEN = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def test_a_signed_identity_reads_back_with_its_name_groups_and_time() -> None:
    value = sign_identity("anne", ["tilsynsfoerende-syd", "kursusdeltager"], KEY, WHEN)
    identity = read_identity(value, KEY)
    assert identity is not None
    assert identity.name == "anne"
    assert identity.groups == ("kursusdeltager", "tilsynsfoerende-syd")
    assert identity.issued == WHEN


def test_another_key_reads_nothing() -> None:
    value = sign_identity("anne", ["leder-syd"], KEY)
    assert read_identity(value, new_key()) is None


def _reencoded(value: str, change: dict[str, object]) -> str:
    payload, _, mac = value.partition(".")
    body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    body.update(change)
    forged = base64.urlsafe_b64encode(json.dumps(body).encode()).rstrip(b"=").decode()
    return f"{forged}.{mac}"


@pytest.mark.parametrize(
    "change", [{"navn": "bo"}, {"grupper": ["leder-national"]}, {"udstedt": "2030-01-01"}]
)
def test_a_changed_payload_with_the_old_signature_reads_nothing(change: dict[str, object]) -> None:
    value = sign_identity("anne", ["tilsynsfoerende-syd"], KEY)
    assert read_identity(_reencoded(value, change), KEY) is None


@pytest.mark.parametrize(
    "value", ["", "anne", "anne.", ".abc", "a.b.c", "%%%.%%%", "eyJ9.eyJ9", "x" * 5000]
)
def test_malformed_values_read_nothing(value: str) -> None:
    assert read_identity(value, KEY) is None


def test_a_blank_name_or_odd_groups_read_nothing_even_when_signed() -> None:
    assert read_identity(sign_identity("  ", ["leder-syd"], KEY), KEY) is None


def test_the_kernel_reads_its_identity_from_the_environment() -> None:
    value = sign_identity("anne", ["leder-syd"], KEY)
    found = identity_from_environ({IDENTITY_ENV: value, KEY_ENV: KEY})
    assert found is not None
    assert found.name == "anne"
    assert identity_from_environ({IDENTITY_ENV: value}) is None  # no key: nothing signed
    assert identity_from_environ({IDENTITY_ENV: value, KEY_ENV: "ikke-hex"}) is None
    assert identity_from_environ({KEY_ENV: KEY}) is None
