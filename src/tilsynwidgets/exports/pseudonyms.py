"""Pseudonyms for plejefamilier in exports.

Plejefamilier are personal data. An export replaces a family's ``name`` (and, unless the
user asks to reveal them, its ``id``) with a stable code derived by HMAC-SHA256 of the id
under a per-installation key: the same family gets the same pseudonym in every export from
the installation, but the id cannot be recovered from the code without the key. Tilbud are
organisations and are left as they are.

Everything here is pure except :func:`load_or_create_key`, which reads or creates the key file
(kept out of git by ``.gitignore``: whoever holds it can check a guessed id against a code).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from tilsynwidgets.domain.core.kinds import UnitKind

__all__ = [
    "CODE_LENGTH",
    "KEY_FILE",
    "KEY_LENGTH",
    "PSEUDONYM_PREFIX",
    "PseudonymCollisionError",
    "load_or_create_key",
    "pseudonym_code",
    "pseudonymise",
    "pseudonymise_history",
    "unit_kinds",
]

KEY_FILE = "pseudonym.key"
"""The name of the key file in the installation's folder."""
KEY_LENGTH = 32
"""Bytes of randomness in a created key."""
_MIN_KEY_LENGTH = 16
CODE_LENGTH = 10
"""Hex digits in a pseudonym code: 40 bits, so collisions stay negligible at 10x the national
portfolio (about 53,000 families); a collision is still detected and refused."""
PSEUDONYM_PREFIX = "Plejefamilie"

_PLEJEFAMILIE = UnitKind.PLEJEFAMILIE.value


class PseudonymCollisionError(ValueError):
    """Two different ids got the same pseudonym code (practically never happens)."""


def _check_key(key: bytes) -> None:
    if not isinstance(key, bytes | bytearray) or len(key) < _MIN_KEY_LENGTH:
        raise ValueError(f"Pseudonymnøglen skal være mindst {_MIN_KEY_LENGTH} bytes.")


def pseudonym_code(unit_id: str, key: bytes) -> str:
    """The pseudonym code of one id: the first hex digits of HMAC-SHA256(key, id), upper case."""
    _check_key(key)
    digest = hmac.new(bytes(key), str(unit_id).encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:CODE_LENGTH].upper()


def _codes(ids: pd.Series, key: bytes) -> pd.Series:
    """Codes for ``ids`` (one HMAC per distinct id), refusing collisions."""
    distinct = pd.unique(ids.astype(str))
    mapping = {unit_id: pseudonym_code(unit_id, key) for unit_id in distinct}
    if len(set(mapping.values())) != len(mapping):
        # Never name the ids in the message: they identify families.
        raise PseudonymCollisionError("To plejefamilier fik samme pseudonym; skift nøglen.")
    return ids.astype(str).map(mapping)


def unit_kinds(units: pd.DataFrame) -> dict[str, str]:
    """Unit id → kind ("tilbud" or "plejefamilie") from a units frame (real ids)."""
    return dict(zip(units["id"].astype(str), units["kind"].astype(str), strict=True))


def pseudonymise(units: pd.DataFrame, *, key: bytes, reveal: bool = False) -> pd.DataFrame:
    """A copy of a units frame with plejefamilier pseudonymised.

    For rows whose ``kind`` is "plejefamilie", ``name`` becomes "Plejefamilie <code>" and
    ``id`` becomes ``<code>``. Tilbud rows are unchanged. With ``reveal=True`` the user has
    asked for the real data, and the frame is returned unchanged (as a copy).
    """
    _check_key(key)
    result = units.copy()
    if reveal:
        return result
    mask = (result["kind"].astype(str) == _PLEJEFAMILIE).to_numpy()
    if not mask.any():
        return result
    codes = _codes(result.loc[mask, "id"], key)
    if "name" in result.columns:
        result.loc[mask, "name"] = f"{PSEUDONYM_PREFIX} " + codes
    result.loc[mask, "id"] = codes
    return result


def pseudonymise_history(
    frame: pd.DataFrame,
    kinds: Mapping[str, str],
    *,
    key: bytes,
    reveal: bool = False,
    column: str = "unit_id",
) -> pd.DataFrame:
    """A copy of a history frame with the ``unit_id`` of plejefamilier replaced by their code.

    ``kinds`` maps real unit ids to their kind (see :func:`unit_kinds`); the codes equal those
    :func:`pseudonymise` puts in the units frame's ``id``. An id missing from ``kinds`` is
    pseudonymised too: when in doubt, treat it as personal data.
    """
    _check_key(key)
    result = frame.copy()
    if reveal or column not in result.columns or result.empty:
        return result
    ids = result[column].astype(str)
    mask = (ids.map(lambda i: kinds.get(i, _PLEJEFAMILIE)) == _PLEJEFAMILIE).to_numpy()
    if mask.any():
        result.loc[mask, column] = _codes(ids[mask], key)
    return result


def load_or_create_key(folder: str | os.PathLike[str]) -> bytes:
    """The installation's key from ``folder/pseudonym.key``, created if it does not exist yet.

    A new key is 32 random bytes in a file readable and writable by its owner only (mode
    0o600, whatever the umask). It is written in full to a temporary file first and then
    linked into place, which fails if the key already exists: two processes that start at
    once (two servers, or a server and the CLI) therefore end with one key, and neither can
    read a half-written one.
    """
    path = Path(folder) / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        _create_key(path)
    key = path.read_bytes()
    _check_key(key)
    return key


def _create_key(path: Path) -> None:
    """Write a new key to ``path`` unless another process got there first."""
    fd, name = tempfile.mkstemp(prefix=f".{KEY_FILE}.", dir=path.parent)
    temporary = Path(name)
    try:
        os.fchmod(fd, 0o600)  # mkstemp's own mode, stated: the umask cannot widen or narrow it
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(KEY_LENGTH))
            handle.flush()
            os.fsync(handle.fileno())
        # Atomic, and never replaces a key that exists: if another process created the key
        # first, theirs is the key.
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
