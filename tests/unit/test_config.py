"""Settings: defaults, config file, environment, and Danish errors naming file and key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tilsynwidgets.config import CONFIG_ENV, ConfigError, Settings, load_settings
from tilsynwidgets.domain.errors import DataFileError
from tilsynwidgets.domain.rulesets import DEFAULT_RULESET_ID


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
