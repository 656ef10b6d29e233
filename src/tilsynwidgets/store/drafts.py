"""Autosaved drafts: the unsaved state of a form, kept per :class:`DraftKey` while someone
types. Drafts are not history: a draft is replaced on every save and removed when its form
is saved (revision 0003 gave the table a column for each part of the key)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pydantic_core import to_jsonable_python
from sqlalchemy import delete, func, select

from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.domain.core.fields import clean_text
from tilsynwidgets.store import schema
from tilsynwidgets.store.errors import NOTHING_SAVED

if TYPE_CHECKING:
    from tilsynwidgets.store.store import Store

__all__ = ["discard_draft", "load_draft", "save_draft", "unconverted_count"]


def save_draft(store: Store, key: DraftKey, payload: dict[str, Any]) -> None:
    """Save (or replace) the draft with this key.

    The payload is stored as JSON: dates and enums come back from :func:`load_draft` as
    their JSON text form.
    """
    row = {
        **_draft_key(key),
        "payload": _visible(to_jsonable_python(payload)),
        "updated_at": datetime.now(UTC),
    }
    statement = schema.upsert(store.engine.dialect.name, schema.drafts, _DRAFT_KEY_COLUMNS)
    with store.transaction(f"Kladden kunne ikke gemmes. {NOTHING_SAVED}") as conn:
        conn.execute(statement, row)


def load_draft(store: Store, key: DraftKey) -> dict[str, Any] | None:
    """The saved draft, or ``None`` when there is none."""
    table = schema.drafts
    query = select(table.c.payload).where(
        *(table.c[name] == value for name, value in _draft_key(key).items())
    )
    with store.connection() as conn:
        payload = conn.execute(query).scalar_one_or_none()
    return dict(payload) if payload is not None else None


def discard_draft(store: Store, key: DraftKey) -> bool:
    """Remove the draft; True when there was one."""
    table = schema.drafts
    statement = delete(table).where(
        *(table.c[name] == value for name, value in _draft_key(key).items())
    )
    with store.transaction("Kladden kunne ikke kasseres.") as conn:
        return conn.execute(statement).rowcount > 0


def unconverted_count(store: Store) -> int:
    """How many drafts from before revision 0003 could not be read as any kind of draft
    (kept in ``unconverted_drafts``; see docs/store.md)."""
    with store.connection() as conn:
        return int(
            conn.execute(select(func.count()).select_from(schema.unconverted_drafts)).scalar_one()
        )


def _visible(value: Any) -> Any:
    """A draft's JSON with invisible control characters cleaned from every text, as the
    forms clean what is typed: the same draft is stored on SQLite and PostgreSQL (whose
    JSON cannot hold a NUL)."""
    if isinstance(value, str):
        return clean_text(value, multiline=True)
    if isinstance(value, dict):
        return {_visible(key): _visible(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_visible(item) for item in value]
    return value


_DRAFT_KEY_COLUMNS = ("owner", "kind", *schema.DRAFT_PARTS)


def _draft_key(key: DraftKey) -> dict[str, str]:
    """The draft's key as the table's columns (the key itself is checked when it is made;
    a part its kind does not have is ``''``)."""
    parts = {
        "unit_id": key.unit_id,
        "session_code": key.session_code,
        "vignette_id": key.vignette_id,
        "socialtilsyn": key.socialtilsyn.value if key.socialtilsyn is not None else None,
    }
    return {
        "owner": key.owner,
        "kind": key.kind.value,
        **{name: parts[name] or "" for name in schema.DRAFT_PARTS},
    }
