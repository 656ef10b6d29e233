"""What the scripts that make the upgrade fixtures share, whichever release they run with:
a plain ``pg_dump`` of a database, which the fixtures restore with ``psql``."""

from __future__ import annotations

import subprocess

from sqlalchemy.engine import URL


def pg_dump(url: URL) -> str:
    """The database at ``url`` as SQL: inserts, without owners or privileges."""
    return subprocess.run(
        [
            "pg_dump",
            "--no-owner",
            "--no-privileges",
            "--inserts",
            "--host",
            url.host or "127.0.0.1",
            "--port",
            str(url.port or 5432),
            "--username",
            url.username or "postgres",
            str(url.database),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
