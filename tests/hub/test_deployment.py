"""What the hub's configuration allows: who reaches the apps, who may start JupyterLab."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from traitlets.config import Config

from tilsynwidgets.domain.access.identity import KEY_ENV
from tilsynwidgets.hub.accounts import hub_groups
from tilsynwidgets.hub.deployment import (
    SERVICE_LANDING,
    SERVICE_PREFIX,
    HubSetup,
    configure,
    hub_roles,
    lab_groups,
)

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "hub"


def _scopes_of(role: str) -> list[str]:
    return next(r["scopes"] for r in hub_roles() if r["name"] == role)


def test_no_one_but_the_lab_groups_may_start_a_server() -> None:
    granting = [r for r in hub_roles() if any(s.startswith("servers") for s in r["scopes"])]
    assert [r["name"] for r in granting] == ["jupyterlab"]
    assert granting[0]["groups"] == list(lab_groups()) == ["metodekonsulent"]
    assert not any("servers" in scope or scope == "self" for scope in _scopes_of("user"))


def test_every_group_reaches_the_apps_and_only_them() -> None:
    apps = next(r for r in hub_roles() if r["name"] == "tilsyn-apps")
    assert apps["scopes"] == ["access:services!service=tilsyn"]
    assert apps["groups"] == list(hub_groups())


def _env(**extra: str) -> dict[str, str]:
    return {
        "TILSYNWIDGETS_HUB_PASSWORD": "proevekode-1",
        "TILSYNWIDGETS_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1/x",
        **extra,
    }


def test_the_service_gets_the_store_and_the_key_but_not_the_hubs_password() -> None:
    setup = HubSetup.from_env(DEPLOY, _env(**{KEY_ENV: "ab" * 32}))
    env = setup.service()["environment"]
    assert env["TILSYNWIDGETS_DATABASE_URL"].endswith("/x")
    assert env[KEY_ENV] == "ab" * 32
    assert not any(name.startswith("TILSYNWIDGETS_HUB_") for name in env)


def test_each_start_has_a_new_key_unless_one_is_given() -> None:
    first, second = (HubSetup.from_env(DEPLOY, _env()) for _ in range(2))
    assert first.identity_key != second.identity_key
    assert len(bytes.fromhex(first.identity_key)) == 32


@pytest.mark.parametrize("password", ["", "kort"])
def test_the_trial_does_not_start_without_a_password(
    password: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup = HubSetup.from_env(
        DEPLOY,
        _env(TILSYNWIDGETS_HUB_PASSWORD=password, TILSYNWIDGETS_HUB_STATE_DIR=str(tmp_path)),
    )
    monkeypatch.setattr("os.access", lambda *_: True)
    with pytest.raises(SystemExit, match="TILSYNWIDGETS_HUB_PASSWORD"):
        configure(Config(), setup)
    own_login = Config()
    configure(own_login, setup, trial_login=False)  # the organisation's own sign-in
    assert "authenticator_class" not in own_login.JupyterHub
    assert own_login.JupyterHub.load_groups["tilsynsfoerende-syd"] == {"users": []}


def _handler(*groups: str) -> SimpleNamespace:
    """A hub request by a user in ``groups`` (what the default URL looks at)."""
    user = SimpleNamespace(name="x", groups=[SimpleNamespace(name=group) for group in groups])
    return SimpleNamespace(current_user=user)


def test_the_config_signs_in_the_trial_accounts_and_lands_each_where_their_role_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup = HubSetup.from_env(DEPLOY, _env(TILSYNWIDGETS_HUB_STATE_DIR=str(tmp_path / "s")))
    monkeypatch.setattr("os.access", lambda *_: True)  # the proxy need not be installed here
    c = Config()
    configure(c, setup)
    assert "tf-syd-1" in c.Authenticator.allowed_users
    assert c.JupyterHub.load_groups["tilsynsfoerende-syd"]["users"] == ["tf-syd-1", "tf-syd-2"]
    assert c.JupyterHub.services[0]["oauth_no_confirm"] is True

    assert c.JupyterHub.default_url(_handler("tilsynsfoerende-syd")) == SERVICE_LANDING
    assert c.JupyterHub.default_url(_handler("metodekonsulent")) == "/hub/home"
    participant_app = f"{SERVICE_PREFIX}voila/render/Deltager.ipynb"
    assert c.JupyterHub.default_url(_handler("kursusdeltager")) == participant_app
    # Roles that land apart: the Forside, which lists both.
    both = _handler("kursusdeltager", "tilsynsfoerende-syd")
    assert c.JupyterHub.default_url(both) == SERVICE_LANDING
