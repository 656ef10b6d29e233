"""Settings: where the data lives, which database and rule set to use, who the local assessor is.

Precedence, highest first: ``TILSYNWIDGETS_*`` environment variables, the TOML config file,
the built-in defaults. The config file is ``$TILSYNWIDGETS_CONFIG`` when set, else the
nearest ``tilsynwidgets.toml`` in the working folder or one of its parents: so the CLI,
started in a project's root, and the Voilà kernels, started in its ``notebooks/``, read the
same file. Relative paths in the file count from the file's folder, so they mean the same
to both. With nothing set, everything runs on an SQLite file in the user's data folder. See
``docs/configuration.md``.

Use :func:`load_settings`: it turns every problem into a :class:`ConfigError` whose Danish
message names the file or environment variable and the key.
"""

from __future__ import annotations

import errno
import os
import re
import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from tilsynwidgets.domain.core.errors import DataFileError, Problem
from tilsynwidgets.domain.core.local_time import DANISH_TIME
from tilsynwidgets.domain.core.messages import danish_error
from tilsynwidgets.domain.intensity.rulesets import DEFAULT_RULESET_ID, available_rulesets

__all__ = [
    "CONFIG_ENV",
    "ENV_PREFIX",
    "LOCAL_CONFIG_NAME",
    "MAX_CONFIG_BYTES",
    "ConfigError",
    "Settings",
    "config_file",
    "default_data_dir",
    "load_settings",
]

ENV_PREFIX = "TILSYNWIDGETS_"
CONFIG_ENV = f"{ENV_PREFIX}CONFIG"
LOCAL_CONFIG_NAME = "tilsynwidgets.toml"
MAX_CONFIG_BYTES = 64 * 1024
"""A config file is a few lines; anything bigger (say, ``/dev/zero``) is not read on."""
DATABASE_FILE_NAME = "tilsynwidgets.sqlite"
DATABASE_BACKENDS = ("sqlite", "postgresql", "postgres")


class ConfigError(DataFileError):
    """The config file or a ``TILSYNWIDGETS_*`` environment variable is invalid.

    ``source`` is the config file when the problems are all in it, else a general name;
    each problem names the file or environment variable and the key.
    """


def default_data_dir() -> Path:
    """``$XDG_DATA_HOME/tilsynwidgets``, else ``~/.local/share/tilsynwidgets``.

    A relative ``XDG_DATA_HOME`` is ignored, as the XDG base directory spec requires.
    """
    xdg = os.environ.get("XDG_DATA_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "tilsynwidgets"


def _default_database_url(data: dict[str, Any]) -> str:
    data_dir = data.get("data_dir")
    folder = data_dir if isinstance(data_dir, Path) else default_data_dir()
    return f"sqlite:///{folder / DATABASE_FILE_NAME}"


def config_file() -> Path | None:
    """The config file in effect: ``$TILSYNWIDGETS_CONFIG``, else the nearest
    ``tilsynwidgets.toml`` in the working folder or one of its parents, if any.

    A file named by the environment variable must exist; a found one is used even when it
    cannot be read, so that the error names it rather than settings silently changing.
    """
    named = os.environ.get(CONFIG_ENV, "").strip()
    if named:
        return Path(named).expanduser()
    here = Path.cwd()
    for folder in (here, *here.parents):
        candidate = folder / LOCAL_CONFIG_NAME
        if candidate.exists():
            return candidate
    return None


def _read_config_file(path: Path) -> dict[str, Any]:
    """The top-level table of the TOML file; Danish :class:`ConfigError` when unreadable."""
    try:
        with path.open("rb") as handle:
            content = handle.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError as exc:
        raise _file_error(path, f"findes ikke (angivet i miljøvariablen {CONFIG_ENV})") from exc
    except IsADirectoryError as exc:
        raise _file_error(path, "er en mappe, ikke en fil") from exc
    except PermissionError as exc:
        raise _file_error(path, "kan ikke læses (ingen adgang)") from exc
    except OSError as exc:
        code = errno.errorcode.get(exc.errno or 0, "ukendt fejl")
        raise _file_error(path, f"kan ikke læses ({code})") from exc
    if len(content) > MAX_CONFIG_BYTES:
        reason = (
            f"er større end {MAX_CONFIG_BYTES // 1024} KiB og er derfor ikke en "
            "konfigurationsfil (den fylder normalt nogle få linjer)"
        )
        raise _file_error(path, reason)
    try:
        return tomllib.loads(content.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise _file_error(path, "er ikke gemt som UTF-8-tekst") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), [_toml_problem(exc)]) from exc


def _file_error(path: Path, reason: str) -> ConfigError:
    return ConfigError(str(path), [Problem("", reason)])


def _anchored(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Relative paths in the file, counted from the file's ``folder``.

    The CLI and the Voilà kernels start in different folders but find the same file; this
    keeps ``data_dir = "data"`` (or a relative SQLite file) the same folder for both.
    """
    anchored = dict(data)
    data_dir = anchored.get("data_dir")
    if isinstance(data_dir, str) and data_dir.strip():
        anchored["data_dir"] = str(folder / Path(data_dir.strip()).expanduser())
    database_url = anchored.get("database_url")
    if isinstance(database_url, str):
        anchored["database_url"] = _anchored_sqlite(database_url, folder)
    return anchored


def _anchored_sqlite(value: str, folder: Path) -> str:
    try:
        url = make_url(value.strip())
    except ArgumentError:
        return value  # the validator words the problem
    database = url.database or ""
    relative = database and database != ":memory:" and not database.startswith("file:")
    if url.get_backend_name() != "sqlite" or not relative:
        return value
    path = Path(database).expanduser()
    if path.is_absolute():
        return value
    return url.set(database=str(folder / path)).render_as_string(hide_password=False)


def _toml_problem(exc: tomllib.TOMLDecodeError) -> Problem:
    detail = str(exc)
    found = re.search(r"\(at line (\d+), column (\d+)\)", detail)
    if found is None:
        return Problem("", f"er ikke gyldig TOML ({detail})")
    detail = detail[: found.start()].strip()
    return Problem(f"linje {found[1]}, kolonne {found[2]}", f"er ikke gyldig TOML ({detail})")


class _ConfigFileSource(PydanticBaseSettingsSource):
    """The TOML config file as a settings source, read when the settings are built."""

    def __init__(self, settings_cls: type[BaseSettings]) -> None:
        super().__init__(settings_cls)
        self.path = config_file()
        self.data: dict[str, Any] = {}
        if self.path is not None:
            folder = self.path.expanduser().absolute().parent
            self.data = _anchored(_read_config_file(self.path), folder)

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return self.data.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        # Unknown keys are passed on so that ``extra="forbid"`` reports them by name.
        return dict(self.data)


class Settings(BaseSettings):
    """Validated settings; build them with :func:`load_settings`."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_ignore_empty=True,
        extra="forbid",
        frozen=True,
    )

    data_dir: Path = Field(
        default_factory=default_data_dir,
        validate_default=True,
        description="Folder for the local database and other files the toolkit writes.",
    )
    database_url: str = Field(
        default_factory=_default_database_url,
        description="SQLAlchemy URL: sqlite:///path or postgresql+psycopg://user@host/db.",
    )
    ruleset: str = Field(
        default=DEFAULT_RULESET_ID, description="Id of the legal rule set in force."
    )
    assessor: str | None = Field(
        default=None,
        max_length=120,
        description="Fallback assessor name for local single-user use.",
    )
    team: str | None = Field(
        default=None,
        max_length=80,
        description="The assessor's team, for the inspector's 'Mit team' filter.",
    )
    as_of: date | None = Field(
        default=None,
        description=(
            "The day the apps work as of (signals, queue, due visits); unset: today in Danish "
            "time. For demonstrations and tests on a store whose data end on a fixed date."
        ),
    )

    def working_day(self) -> date:
        """The day the apps work as of: ``as_of`` when set, else today in Danish time."""
        return self.as_of or datetime.now(DANISH_TIME).date()

    @field_validator("data_dir")
    @classmethod
    def _folder(cls, value: Path) -> Path:
        # Fixed now, so a later change of working directory cannot move the data.
        folder = value.expanduser().absolute()
        # The folder may not exist yet (the store creates it), but it cannot be a file,
        # nor lie inside one.
        for existing in (folder, *folder.parents):
            if existing.exists():
                if existing.is_dir():
                    return folder
                if existing == folder:
                    raise ValueError(f"'{folder}' er en fil, ikke en mappe")
                raise ValueError(f"'{folder}' kan ikke oprettes: '{existing}' er en fil")
        return folder

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        value = value.strip()
        try:
            url = make_url(value)
        except ArgumentError:
            raise ValueError(
                "er ikke en gyldig database-URL (fx sqlite:///sti/til/fil.sqlite "
                "eller postgresql+psycopg://bruger@vært:5432/database)"
            ) from None
        if url.get_backend_name() not in DATABASE_BACKENDS:
            raise ValueError(
                f"databasetypen '{url.get_backend_name()}' understøttes ikke "
                "(brug sqlite eller postgresql)"
            )
        return value

    @field_validator("ruleset")
    @classmethod
    def _known_ruleset(cls, value: str) -> str:
        value = value.strip()
        known = available_rulesets()
        if value not in known:
            raise ValueError(f"ukendt regelsæt '{value}' (kendte: {', '.join(sorted(known))})")
        return value

    @field_validator("assessor", "team")
    @classmethod
    def _named(cls, value: str | None) -> str | None:
        if value is None:
            return None
        return value.strip() or None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Explicit arguments, then environment, then the config file, then defaults."""
        return (init_settings, env_settings, _ConfigFileSource(settings_cls))


def load_settings() -> Settings:
    """The settings in effect; :class:`ConfigError` (Danish) when anything is invalid."""
    try:
        return Settings()
    except ValidationError as exc:
        raise _config_error(exc) from exc


def _config_error(exc: ValidationError) -> ConfigError:
    """Name the environment variable or config-file key behind each validation error."""
    path = config_file()
    env_names = {name.upper() for name, value in os.environ.items() if value.strip()}
    located: list[tuple[str, str, str]] = []  # (origin, key, message)
    for error in exc.errors():
        if error["type"] == "default_factory_not_called":
            continue  # a default that follows a setting in error (database_url, data_dir)
        key = str(error["loc"][0]) if error["loc"] else ""
        origin = "env" if f"{ENV_PREFIX}{key.upper()}" in env_names else "file"
        located.append((origin, key, danish_error(error)))
    only_file = path is not None and all(origin == "file" for origin, _, _ in located)
    problems: list[Problem] = []
    for origin, key, message in located:
        if origin == "env":
            where = f"miljøvariablen {ENV_PREFIX}{key.upper()}"
        elif only_file:
            where = f"nøglen '{key}'"
        elif path is not None:
            where = f"nøglen '{key}' i {path}"
        else:
            where = f"indstillingen '{key}'"
        problems.append(Problem(where, message))
    source = str(path) if only_file else "Konfigurationen af tilsynwidgets"
    return ConfigError(source, problems)
