"""Why the database refused: one Danish sentence per cause a user can act on.

The driver's own message is English and may quote the data; it is read here only to tell
the causes apart (PostgreSQL's SQLSTATE first, the message where no code is given) and is
never shown.
"""

from __future__ import annotations

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, IntegrityError

__all__ = ["explain"]

_UPGRADE = "det gøres med kommandoen 'tilsynwidgets opgrader'"

_BY_SQLSTATE = {
    "3D000": "Databasen '{database}' findes ikke på serveren; kontrollér navnet i database-URL'en.",
    "28000": "Serveren kender ikke brugeren '{user}', eller brugeren må ikke logge på.",
    "28P01": "Serveren afviste adgangskoden for brugeren '{user}'.",
    "42P01": f"Lagerets tabeller er ikke oprettet: {_UPGRADE}.",
    "42703": f"Lageret har ikke den forventede opbygning: {_UPGRADE}.",
    "42501": "Databasen afviste handlingen: brugeren har ikke ret til den.",
    "22021": "Databasen afviste en tekst med et tegn, den ikke kan gemme (fx et usynligt nultegn).",
    "22P05": "Databasen afviste en tekst med et tegn, den ikke kan gemme (fx et usynligt nultegn).",
    "23001": "Historikken kan kun udvides: gemte rækker kan ikke ændres eller slettes.",
    "40001": "En anden gemte det samme på samme tid; prøv igen.",
    "40P01": "En anden gemte det samme på samme tid; prøv igen.",
    "55P03": "Databasen er optaget af en anden lige nu; prøv igen om lidt.",
    "57014": "Databasen afbrød handlingen, fordi den tog for lang tid.",
}

_BY_MESSAGE = (
    ("does not exist", "database", _BY_SQLSTATE["3D000"]),
    ("does not exist", "role", _BY_SQLSTATE["28000"]),
    ("password authentication failed", "", _BY_SQLSTATE["28P01"]),
    ("cannot contain nul", "", _BY_SQLSTATE["22021"]),
    ("connection refused", "", "Databaseserveren på {host} svarer ikke; kører den?"),
    ("could not translate host name", "", "Databaseserveren '{host}' kan ikke findes."),
    ("timeout expired", "", "Databaseserveren på {host} svarer ikke; kører den?"),
    (
        "file is not a database",
        "",
        "Databasefilen {database} er beskadiget eller ikke en database.",
    ),
    ("database disk image is malformed", "", "Databasefilen {database} er beskadiget."),
    ("unable to open database file", "", "Databasefilen {database} kan ikke åbnes."),
    ("attempt to write a readonly database", "", "Databasefilen {database} er skrivebeskyttet."),
    ("database is locked", "", "Databasen er optaget af en anden lige nu; prøv igen om lidt."),
    ("no such table", "", f"Lagerets tabeller er ikke oprettet: {_UPGRADE}."),
    ("no such column", "", f"Lageret har ikke den forventede opbygning: {_UPGRADE}."),
    ("historikken kan kun udvides", "", _BY_SQLSTATE["23001"]),
)

_UNKNOWN = "Databasen afviste handlingen eller kan ikke nås."


def explain(exc: DBAPIError, url: URL) -> str:
    """The cause of ``exc`` in Danish, naming the database, host or user where that helps."""
    fields = {
        "database": url.database or "",
        "user": url.username or "",
        "host": f"{url.host or 'localhost'}:{url.port or 5432}",
    }
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate in _BY_SQLSTATE:
        return _BY_SQLSTATE[sqlstate].format(**fields)
    if sqlstate == "P0001" or (sqlstate or "").startswith("23"):
        return "Databasen afviste data."
    text = str(exc.orig).casefold()
    for needle, also, message in _BY_MESSAGE:
        if needle in text and also in text:
            return message.format(**fields)
    return "Databasen afviste data." if isinstance(exc, IntegrityError) else _UNKNOWN
