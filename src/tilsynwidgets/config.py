"""Settings: where the data lives, which database and rule set to use, who the local assessor is.

Precedence, highest first: ``TILSYNWIDGETS_*`` environment variables, the TOML config file,
the built-in defaults. The config file is ``$TILSYNWIDGETS_CONFIG`` when set, else
``./tilsynwidgets.toml`` when it exists. With nothing set, everything runs on an SQLite file
in the user's data folder. See ``docs/configuration.md``.

Use :func:`load_settings`: it turns every problem into a :class:`ConfigError` whose Danish
message names the file or environment variable and the key.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from tilsynwidgets.domain.errors import DataFileError, Problem
from tilsynwidgets.domain.messages import danish_error
from tilsynwidgets.domain.rulesets import DEFAULT_RULESET_ID, available_rulesets

__all__ = [
    "CONFIG_ENV",
    "ENV_PREFIX",
    "LOCAL_CONFIG_NAME",
    "ConfigError",
    "Settings",
    "config_file",
    "default_data_dir",
    "load_settings",
]

ENV_PREFIX = "TILSYNWIDGETS_"
CONFIG_ENV = f"{ENV_PREFIX}CONFIG"
LOCAL_CONFIG_NAME = "tilsynwidgets.toml"
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
    """The config file in effect: ``$TILSYNWIDGETS_CONFIG``, else ``./tilsynwidgets.toml`` if any.

    A file named by the environment variable must exist; the local file is optional.
    """
    named = os.environ.get(CONFIG_ENV, "").strip()
    if named:
        return Path(named).expanduser()
    local = Path.cwd() / LOCAL_CONFIG_NAME
    return local if local.is_file() else None


def _read_config_file(path: Path) -> dict[str, Any]:
    """The top-level table of the TOML file; Danish :class:`ConfigError` when unreadable."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise ConfigError(
            str(path), [Problem("", f"findes ikke (angivet i miljøvariablen {CONFIG_ENV})")]
        ) from exc
    except OSError as exc:
        raise ConfigError(str(path), [Problem("", f"kan ikke læses ({exc.strerror})")]) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), [Problem("", "er ikke gemt som UTF-8-tekst")]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), [_toml_problem(exc)]) from exc


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
        self.data = _read_config_file(self.path) if self.path is not None else {}

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

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        # Fixed now, so a later change of working directory cannot move the data.
        return value.expanduser().absolute()

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

    @field_validator("assessor")
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
