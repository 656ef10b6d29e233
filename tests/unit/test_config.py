"""Settings: defaults, config file, environment, and Danish errors naming file and key."""

from __future__ import annotations

import errno
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tilsynwidgets.config import (
    CONFIG_ENV,
    MAX_CONFIG_BYTES,
    ConfigError,
    Settings,
    config_file,
    load_settings,
)
from tilsynwidgets.domain.core.errors import DataFileError
from tilsynwidgets.domain.intensity.rulesets import DEFAULT_RULESET_ID


@pytest.fixture(autouse=True)
def clean_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No TILSYNWIDGETS_* variables, an empty working folder and a private XDG data home."""
    for name in list(os.environ):
        if name.upper().startswith("TILSYNWIDGETS_"):
            monkeypatch.delenv(name)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return work


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_need_nothing_set(tmp_path: Path) -> None:
    settings = load_settings()
    data_dir = tmp_path / "xdg" / "tilsynwidgets"
    assert settings.data_dir == data_dir
    assert settings.database_url == f"sqlite:///{data_dir / 'tilsynwidgets.sqlite'}"
    assert settings.ruleset == DEFAULT_RULESET_ID == "socialtilsyn-7-4"
    assert settings.assessor is None


def test_without_xdg_data_home_the_data_lives_under_local_share(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert load_settings().data_dir == tmp_path / "home" / ".local" / "share" / "tilsynwidgets"


def test_relative_xdg_data_home_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", "relative/path")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert load_settings().data_dir == tmp_path / "home" / ".local" / "share" / "tilsynwidgets"


def test_local_config_file_overrides_defaults(clean_environment: Path, tmp_path: Path) -> None:
    write(
        clean_environment / "tilsynwidgets.toml",
        f'data_dir = "{tmp_path / "mine"}"\n'
        'ruleset = "mere-risikobaseret-2025"\n'
        'assessor = "  Tilsynsførende A  "\n',
    )
    settings = load_settings()
    assert settings.data_dir == tmp_path / "mine"
    # The default database follows the configured data folder.
    assert settings.database_url == f"sqlite:///{tmp_path / 'mine' / 'tilsynwidgets.sqlite'}"
    assert settings.ruleset == "mere-risikobaseret-2025"
    assert settings.assessor == "Tilsynsførende A"


def test_environment_overrides_the_file(
    clean_environment: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        clean_environment / "tilsynwidgets.toml",
        'ruleset = "mere-risikobaseret-2025"\nassessor = "Fra filen"\n',
    )
    monkeypatch.setenv("TILSYNWIDGETS_RULESET", "socialtilsyn-7-4")
    monkeypatch.setenv("TILSYNWIDGETS_DATABASE_URL", "postgresql://postgres@127.0.0.1/test")
    settings = load_settings()
    assert settings.ruleset == "socialtilsyn-7-4"
    assert settings.database_url == "postgresql://postgres@127.0.0.1/test"
    assert settings.assessor == "Fra filen"


def test_empty_environment_variables_count_as_unset(
    clean_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(clean_environment / "tilsynwidgets.toml", 'ruleset = "mere-risikobaseret-2025"\n')
    monkeypatch.setenv("TILSYNWIDGETS_RULESET", "")
    assert load_settings().ruleset == "mere-risikobaseret-2025"


def test_config_env_names_the_file_and_wins_over_the_local_one(
    clean_environment: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(clean_environment / "tilsynwidgets.toml", 'assessor = "Lokal"\n')
    named = write(tmp_path / "elsewhere.toml", 'assessor = "Navngivet"\n')
    monkeypatch.setenv(CONFIG_ENV, str(named))
    assert load_settings().assessor == "Navngivet"


def test_malformed_config_file_names_the_file_and_line(clean_environment: Path) -> None:
    path = write(clean_environment / "tilsynwidgets.toml", 'ruleset = "a"\nassessor = \n')
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert str(path) in message
    assert "linje 2" in message
    assert "ikke gyldig TOML" in message
    assert isinstance(caught.value, DataFileError)


def test_bad_value_in_file_names_the_file_and_key(clean_environment: Path) -> None:
    path = write(
        clean_environment / "tilsynwidgets.toml",
        'ruleset = "findes-ikke"\ndatabase_url = "mysql://root@localhost/x"\n',
    )
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith(f"{path} er ugyldig (2 fejl)")
    assert "nøglen 'ruleset': ukendt regelsæt 'findes-ikke'" in message
    assert "nøglen 'database_url': databasetypen 'mysql' understøttes ikke" in message


def test_unknown_key_in_file_is_named(clean_environment: Path) -> None:
    write(clean_environment / "tilsynwidgets.toml", 'databse_url = "sqlite:///x"\n')
    with pytest.raises(ConfigError, match="nøglen 'databse_url': er ikke et kendt felt"):
        load_settings()


def test_bad_environment_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TILSYNWIDGETS_RULESET", "findes-ikke")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert "miljøvariablen TILSYNWIDGETS_RULESET: ukendt regelsæt" in str(caught.value)


def test_missing_named_config_file_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "mangler.toml"
    monkeypatch.setenv(CONFIG_ENV, str(missing))
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value).startswith(f"{missing} er ugyldig")
    assert "findes ikke (angivet i miljøvariablen TILSYNWIDGETS_CONFIG)" in str(caught.value)


def test_explicit_arguments_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TILSYNWIDGETS_ASSESSOR", "Fra miljøet")
    assert Settings(assessor="Eksplicit").assessor == "Eksplicit"


def test_data_dir_is_expanded_and_absolute(
    clean_environment: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TILSYNWIDGETS_DATA_DIR", "~/tw")
    assert load_settings().data_dir == tmp_path / "home" / "tw"
    monkeypatch.setenv("TILSYNWIDGETS_DATA_DIR", "relativ")
    assert load_settings().data_dir == clean_environment / "relativ"


# --- finding the file: the CLI (project root) and the Voilà kernels (notebooks/) agree ------


def test_config_file_in_a_parent_folder_is_found(
    clean_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(clean_environment / "tilsynwidgets.toml", 'assessor = "Fra roden"\n')
    notebooks = clean_environment / "notebooks" / "undermappe"
    notebooks.mkdir(parents=True)
    monkeypatch.chdir(notebooks)

    assert config_file() == path
    assert load_settings().assessor == "Fra roden"


def test_the_nearest_config_file_wins(
    clean_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(clean_environment / "tilsynwidgets.toml", 'assessor = "Yderst"\n')
    inner = clean_environment / "projekt"
    (inner / "notebooks").mkdir(parents=True)
    nearest = write(inner / "tilsynwidgets.toml", 'assessor = "Nærmest"\n')
    monkeypatch.chdir(inner / "notebooks")

    assert config_file() == nearest
    assert load_settings().assessor == "Nærmest"


def test_relative_paths_in_the_file_count_from_the_file_for_every_folder(
    clean_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        clean_environment / "tilsynwidgets.toml",
        'data_dir = "data"\ndatabase_url = "sqlite:///lager/tw.sqlite"\n',
    )
    (clean_environment / "notebooks").mkdir()
    from_root = load_settings()
    monkeypatch.chdir(clean_environment / "notebooks")
    from_notebooks = load_settings()

    assert from_root == from_notebooks
    assert from_root.data_dir == clean_environment / "data"
    assert from_root.database_url == f"sqlite:///{clean_environment / 'lager' / 'tw.sqlite'}"


def test_absolute_and_non_file_databases_in_the_file_are_kept(clean_environment: Path) -> None:
    write(clean_environment / "tilsynwidgets.toml", 'database_url = "sqlite://"\n')
    assert load_settings().database_url == "sqlite://"
    url = "postgresql+psycopg://tilsyn@db.example.dk:5432/tilsyn"
    write(clean_environment / "tilsynwidgets.toml", f'database_url = "{url}"\n')
    assert load_settings().database_url == url


# --- files that are not config files ------------------------------------------------------


def test_config_file_over_the_size_limit_is_refused(clean_environment: Path) -> None:
    line = "# " + "x" * 61 + "\n"  # 64 bytes
    at_limit = write(clean_environment / "tilsynwidgets.toml", line * (MAX_CONFIG_BYTES // 64))
    assert at_limit.stat().st_size == MAX_CONFIG_BYTES == 64 * 1024
    assert load_settings().assessor is None

    write(at_limit, line * (MAX_CONFIG_BYTES // 64) + "#")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value) == (
        f"{at_limit} er ugyldig (1 fejl):\n  - er større end 64 KiB og er derfor ikke en "
        "konfigurationsfil (den fylder normalt nogle få linjer)"
    )


def test_a_config_file_without_end_fails_at_once(tmp_path: Path) -> None:
    """``TILSYNWIDGETS_CONFIG=/dev/zero``: refused after 64 KiB, in a process that could not
    read on for long (2 GiB of address space), so a regression fails instead of hanging."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TILSYNWIDGETS_")}
    environment |= {CONFIG_ENV: "/dev/zero", "XDG_DATA_HOME": str(tmp_path)}
    code = "from tilsynwidgets.config import load_settings\nload_settings()"

    done = subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_at_most_2_gib,
    )

    assert done.returncode != 0
    assert done.stderr.rstrip().endswith(
        "tilsynwidgets.config.ConfigError: /dev/zero er ugyldig (1 fejl):\n"
        "  - er større end 64 KiB og er derfor ikke en konfigurationsfil "
        "(den fylder normalt nogle få linjer)"
    )


def _at_most_2_gib() -> None:
    limit = 2 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def test_config_path_that_is_a_folder_is_named(
    clean_environment: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path))
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value) == f"{tmp_path} er ugyldig (1 fejl):\n  - er en mappe, ikke en fil"

    monkeypatch.delenv(CONFIG_ENV)
    found = clean_environment / "tilsynwidgets.toml"
    found.mkdir()
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value) == f"{found} er ugyldig (1 fejl):\n  - er en mappe, ikke en fil"


def test_config_file_that_fails_to_read_names_the_error_in_danish(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reading a process's own memory from address 0 fails with EIO on Linux."""
    monkeypatch.setenv(CONFIG_ENV, "/proc/self/mem")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value) == "/proc/self/mem er ugyldig (1 fejl):\n  - kan ikke læses (EIO)"


def test_config_file_that_cannot_be_read_says_so_in_danish(
    clean_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file's mode denies reading (as root, who may read anything, the denial is made
    by hand where the file is opened)."""
    path = write(clean_environment / "tilsynwidgets.toml", 'assessor = "A"\n')
    path.chmod(0)
    if os.access(path, os.R_OK):
        opened = Path.open

        def denied(self: Path, *args: Any, **kwargs: Any) -> Any:
            if self == path:
                raise PermissionError(errno.EACCES, "Permission denied", str(self))
            return opened(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(ConfigError, match="kan ikke læses \\(ingen adgang\\)"):
        load_settings()


# --- a data folder that is a file ------------------------------------------------------------


def test_data_dir_that_is_a_file_names_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    afile = write(tmp_path / "data", "ikke en mappe")
    monkeypatch.setenv("TILSYNWIDGETS_DATA_DIR", str(afile))
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value) == (
        "Konfigurationen af tilsynwidgets er ugyldig (1 fejl):\n"
        f"  - miljøvariablen TILSYNWIDGETS_DATA_DIR: '{afile}' er en fil, ikke en mappe"
    )


def test_data_dir_inside_a_file_names_the_key(clean_environment: Path, tmp_path: Path) -> None:
    write(tmp_path / "fil", "ikke en mappe")
    path = write(clean_environment / "tilsynwidgets.toml", 'data_dir = "../fil/data"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings()
    afile = clean_environment / ".." / "fil"
    assert str(caught.value) == (
        f"{path} er ugyldig (1 fejl):\n  - nøglen 'data_dir': "
        f"'{afile / 'data'}' kan ikke oprettes: '{afile}' er en fil"
    )


def test_data_dir_that_does_not_exist_yet_is_fine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TILSYNWIDGETS_DATA_DIR", str(tmp_path / "ny" / "mappe"))
    assert load_settings().data_dir == tmp_path / "ny" / "mappe"


def test_the_team_comes_from_the_file_or_the_environment_and_blank_is_none(
    clean_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(clean_environment / "tilsynwidgets.toml", 'team = "Team Syd 1"\n')
    assert load_settings().team == "Team Syd 1"
    monkeypatch.setenv("TILSYNWIDGETS_TEAM", " Team Nord 2 ")
    assert load_settings().team == "Team Nord 2"
    write(clean_environment / "tilsynwidgets.toml", 'team = "  "\n')
    monkeypatch.delenv("TILSYNWIDGETS_TEAM")
    assert load_settings().team is None
