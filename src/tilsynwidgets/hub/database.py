"""The hub's shared store: a PostgreSQL database created when it is missing.

``python -m tilsynwidgets.hub.database <url>`` (scripts/hub.sh) creates the database named in
``url`` on its server, connecting to the server's ``postgres`` database as the same user.
"""

from __future__ import annotations

import sys

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

__all__ = ["ensure_database"]


def ensure_database(url: str) -> bool:
    """Create the PostgreSQL database of ``url`` unless it exists; True when created."""
    target = make_url(url)
    if target.get_backend_name() != "postgresql" or not target.database:
        raise ValueError(f"'{target.render_as_string()}' er ikke en PostgreSQL-database.")
    server = target.set(drivername="postgresql+psycopg", database="postgres")
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": target.database},
            ).first()
            if exists:
                return False
            name = target.database.replace('"', '""')
            conn.execute(text(f'CREATE DATABASE "{name}"'))
            return True
    finally:
        engine.dispose()


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("Brug: python -m tilsynwidgets.hub.database <database-URL>", file=sys.stderr)
        return 2
    url = make_url(argv[0])
    try:
        created = ensure_database(argv[0])
    except (ValueError, OperationalError) as exc:
        reason = exc.orig if isinstance(exc, OperationalError) else exc
        print(f"Databasen kan ikke oprettes: {reason}", file=sys.stderr)
        return 1
    print(f"Databasen {url.database} {'er oprettet' if created else 'findes'}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
