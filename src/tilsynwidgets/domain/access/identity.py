"""The signed-in person as it travels from the web server to an app's kernel.

The web server (behind JupyterHub, :mod:`tilsynwidgets.hub.identity`) knows who views a
page: JupyterHub's OAuth told it. It hands that to the page's kernel as one request header
whose value it wrote itself, signed with a key only the server and its kernels hold
(:data:`KEY_ENV`). The kernel believes the header only when the signature holds, so a header
a browser forges is worthless even if it got through: :func:`read_identity` answers
``None`` for it.

The value is ``<base64url JSON>.<base64url HMAC-SHA256>``; the JSON holds the name, the
groups and when it was issued.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

__all__ = [
    "IDENTITY_ENV",
    "IDENTITY_HEADER",
    "KEY_ENV",
    "SignedIdentity",
    "identity_from_environ",
    "new_key",
    "read_identity",
    "sign_identity",
]

IDENTITY_HEADER = "X-Tilsyn-Identitet"
"""The request header the server sets (and strips from what a browser sends)."""

IDENTITY_ENV = "HTTP_X_TILSYN_IDENTITET"
"""Where Voilà hands that header to the kernel (``VoilaConfiguration.http_header_envs``)."""

KEY_ENV = "TILSYNWIDGETS_IDENTITY_KEY"
"""The environment variable holding the signing key (hex), shared by server and kernels."""


@dataclass(frozen=True, slots=True)
class SignedIdentity:
    """Who the server says views the page, with the JupyterHub groups they belong to."""

    name: str
    groups: tuple[str, ...]
    issued: datetime


def new_key() -> str:
    """A fresh signing key (hex) for one server's lifetime."""
    return secrets.token_hex(32)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(payload: str, key: str) -> str:
    return _b64(hmac.new(bytes.fromhex(key), payload.encode("ascii"), hashlib.sha256).digest())


def sign_identity(
    name: str, groups: Sequence[str], key: str, issued: datetime | None = None
) -> str:
    """The header value naming ``name`` with ``groups``, signed with ``key``."""
    when = (issued or datetime.now(UTC)).astimezone(UTC)
    body = {"navn": name, "grupper": sorted(set(groups)), "udstedt": when.isoformat()}
    payload = _b64(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return f"{payload}.{_mac(payload, key)}"


def read_identity(value: str, key: str) -> SignedIdentity | None:
    """The identity in ``value`` when its signature holds under ``key``; ``None`` for
    anything else (forged, altered, malformed)."""
    payload, dot, mac = value.strip().partition(".")
    if not dot or not payload or not key:
        return None
    try:
        if not hmac.compare_digest(_mac(payload, key), mac):
            return None
        body = json.loads(_unb64(payload).decode("utf-8"))
        name = body["navn"]
        groups = body["grupper"]
        issued = datetime.fromisoformat(body["udstedt"])
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(name, str) or not name.strip():
        return None
    if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
        return None
    return SignedIdentity(name.strip(), tuple(groups), issued)


def identity_from_environ(environ: Mapping[str, str] | None = None) -> SignedIdentity | None:
    """The signed identity a kernel was started with, when there is one that holds."""
    env = os.environ if environ is None else environ
    value, key = env.get(IDENTITY_ENV, ""), env.get(KEY_ENV, "")
    if not value or not key:
        return None
    try:
        return read_identity(value, key)
    except ValueError:  # a key that is not hex
        return None
