"""The JupyterHub deployment of the apps: one Voilà service behind the hub, roles from groups.

``deploy/hub/jupyterhub_config.py`` calls :func:`configure` with the environment;
``scripts/hub.sh`` and the tests (tests/hub) set that environment. Everything a reader needs
to see what the hub allows is here:

* The apps run in ONE Voilà server, the hub's managed service ``tilsyn``. Voilà lets a browser
  send widget messages to a kernel, never code, so no one runs code through it.
* Every group of the roles file may use that service (``access:services!service=tilsyn``);
  a user in no such group signs in but reaches nothing.
* Only the groups whose role the roles file lets start JupyterLab (:func:`lab_groups`) may
  start a personal JupyterLab server: the built-in
  ``user`` role is redefined without the ``servers`` scopes, which JupyterHub otherwise gives
  everyone.
* Sign-in for a trial: one shared password for the accounts of ``deploy/hub/brugere.yaml``.
  docs/hub.md tells how an organisation signs people in through its own identity provider.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tilsynwidgets.domain.access.identity import KEY_ENV, new_key
from tilsynwidgets.domain.access.person import person_from_groups
from tilsynwidgets.domain.access.roles import FRONT_PAGE, roles
from tilsynwidgets.hub.accounts import TrialAccounts, hub_groups, load_accounts

__all__ = [
    "HUB_ENV_PREFIX",
    "SERVICE_LANDING",
    "SERVICE_NAME",
    "SERVICE_PREFIX",
    "HubSetup",
    "configure",
    "hub_roles",
    "lab_groups",
    "landing_for",
]

SERVICE_NAME = "tilsyn"
SERVICE_PREFIX = f"/services/{SERVICE_NAME}/"
SERVICE_APPS = f"{SERVICE_PREFIX}voila/render/"
SERVICE_LANDING = f"{SERVICE_APPS}{FRONT_PAGE}"
"""Where a user lands after signing in, unless their role lands elsewhere or they may start
JupyterLab."""


def lab_groups() -> tuple[str, ...]:
    """The groups whose members may start a personal JupyterLab server: those whose role
    has ``jupyterlab: true`` in the roles file."""
    return roles().lab_groups()


HUB_ENV_PREFIX = "TILSYNWIDGETS_HUB_"
"""The hub's own settings; never passed on to the service or to a JupyterLab server."""

USER_SCOPES = ("read:users:name!user", "read:users:groups!user")
"""What every signed-in user may do at the hub itself: read their own name and groups."""

LAB_SCOPES = (
    "servers!user",
    "access:servers!user",
    "read:servers!user",
    "users:activity!user",  # the server reports its activity (for culling)
)

MIN_PASSWORD_LENGTH = 8  # SharedPasswordAuthenticator's own minimum


def _port(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise SystemExit(f"Hubbens opsætning: {name}={raw!r} skal være et portnummer (1-65535).")
    return int(raw)


@dataclass(frozen=True, slots=True)
class HubSetup:
    """Where things are and which ports they use; from the environment (:meth:`from_env`)."""

    deploy_dir: Path
    state_dir: Path
    ip: str
    port: int
    api_port: int
    proxy_api_port: int
    service_port: int
    password: str
    identity_key: str
    accounts: TrialAccounts
    passed_env: Mapping[str, str]
    """``TILSYNWIDGETS_*`` settings for the service (database, data folder, kernel limits)."""

    @property
    def root(self) -> Path:
        """The repository: ``notebooks/`` and ``share/jupyter`` live here."""
        return self.deploy_dir.parents[1]

    @classmethod
    def from_env(cls, deploy_dir: Path, env: Mapping[str, str] | None = None) -> HubSetup:
        env = os.environ if env is None else env
        password = env.get(f"{HUB_ENV_PREFIX}PASSWORD", "")
        state = Path(env.get(f"{HUB_ENV_PREFIX}STATE_DIR", "") or deploy_dir / "tilstand")
        users = Path(env.get(f"{HUB_ENV_PREFIX}USERS", "") or deploy_dir / "brugere.yaml")
        passed = {
            name: value
            for name, value in env.items()
            if name.startswith("TILSYNWIDGETS_")
            and not name.startswith(HUB_ENV_PREFIX)
            and name != KEY_ENV
        }
        return cls(
            deploy_dir=deploy_dir.resolve(),
            state_dir=state.resolve(),
            ip=env.get(f"{HUB_ENV_PREFIX}IP", "").strip() or "127.0.0.1",
            port=_port(env, f"{HUB_ENV_PREFIX}PORT", 8000),
            api_port=_port(env, f"{HUB_ENV_PREFIX}API_PORT", 8081),
            proxy_api_port=_port(env, f"{HUB_ENV_PREFIX}PROXY_API_PORT", 8001),
            service_port=_port(env, f"{HUB_ENV_PREFIX}SERVICE_PORT", 8867),
            password=password,
            identity_key=env.get(KEY_ENV, "").strip() or new_key(),
            accounts=load_accounts(users),
            passed_env=passed,
        )

    @property
    def proxy_command(self) -> Path:
        return self.deploy_dir / "node_modules" / ".bin" / "configurable-http-proxy"

    @property
    def jupyter_path(self) -> str:
        return str(self.root / "share" / "jupyter")

    def service_env(self) -> dict[str, str]:
        """The Voilà service's environment: the store's settings and the signing key.

        The hub passes a managed service only what it is given here (and PATH, LANG and
        the like), so nothing else of the hub's environment reaches the kernels.
        """
        return {**self.passed_env, KEY_ENV: self.identity_key, "JUPYTER_PATH": self.jupyter_path}

    def service(self) -> dict[str, Any]:
        template = self.root / "share" / "jupyter" / "voila" / "templates" / "tilsyn"
        return {
            "name": SERVICE_NAME,
            "display": True,
            "url": f"http://127.0.0.1:{self.service_port}",
            "command": [
                sys.executable,
                "-m",
                "voila",
                str(self.root / "notebooks"),
                "--template=tilsyn",
                f"--Voila.config_file_paths={template}",
                f"--Voila.config_file_paths={self.deploy_dir / 'tjeneste'}",
            ],
            "cwd": str(self.root),
            "environment": self.service_env(),
            "oauth_no_confirm": True,
        }


def hub_roles(lab: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """The hub's roles: who reaches the apps, and who may start JupyterLab."""
    return [
        {
            "name": "user",
            "description": "Alle, der er logget ind: kan læse deres eget navn og grupper.",
            "scopes": list(USER_SCOPES),
        },
        {
            "name": "tilsyn-apps",
            "description": "Må bruge apps'ene (tjenesten tilsyn).",
            "scopes": [f"access:services!service={SERVICE_NAME}"],
            "groups": list(hub_groups()),
        },
        {
            "name": "jupyterlab",
            "description": "Må starte og bruge sin egen JupyterLab-server.",
            "scopes": list(LAB_SCOPES),
            "groups": list(lab_groups() if lab is None else lab),
        },
    ]


def landing_for(handler: Any) -> str:
    """JupyterHub's default URL: the hub's home for JupyterLab users, else the app the
    person's roles land in (``data/roles.yaml``: the Forside, or for course participants
    the participant app, so a course does not start a front page's kernel per person)."""
    user = handler.current_user
    groups = {group.name for group in getattr(user, "groups", ())}
    if groups & set(lab_groups()):
        return "/hub/home"
    return f"{SERVICE_APPS}{person_from_groups(user.name, groups).landing}"


def configure(c: Any, setup: HubSetup, *, trial_login: bool = True) -> None:
    """Fill the JupyterHub config object ``c`` (``get_config()``) from ``setup``.

    ``trial_login``: the trial accounts sign in with the shared password. An organisation
    that signs people in through its own identity provider passes ``False`` and sets the
    authenticator itself (docs/hub.md); the groups are then created empty and filled by it.
    """
    if trial_login and len(setup.password) < MIN_PASSWORD_LENGTH:
        raise SystemExit(
            f"Hubbens opsætning: miljøvariablen {HUB_ENV_PREFIX}PASSWORD skal være en "
            f"adgangskode på mindst {MIN_PASSWORD_LENGTH} tegn (scripts/hub.sh vælger en)."
        )
    if not os.access(setup.proxy_command, os.X_OK):
        raise SystemExit(
            f"Hubbens proxy mangler ({setup.proxy_command}). Installér den med "
            f"'npm ci --prefix {setup.deploy_dir}' (scripts/hub.sh gør det)."
        )
    setup.state_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    state = setup.state_dir

    c.JupyterHub.bind_url = f"http://{setup.ip}:{setup.port}/"
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = setup.api_port
    c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
    c.JupyterHub.default_url = landing_for
    c.JupyterHub.template_paths = [str(setup.deploy_dir / "skabeloner")]  # Danish login

    c.ConfigurableHTTPProxy.command = [str(setup.proxy_command)]
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{setup.proxy_api_port}"
    c.ConfigurableHTTPProxy.auth_token = secrets.token_hex(32)
    c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")

    if trial_login:
        c.JupyterHub.authenticator_class = "shared-password"
        c.SharedPasswordAuthenticator.user_password = setup.password
        c.Authenticator.allowed_users = set(setup.accounts.groups_of())
        c.Authenticator.manage_groups = False  # the groups below are the truth
        members = setup.accounts.members()
    else:
        members = {group: [] for group in hub_groups()}
    c.JupyterHub.load_groups = {group: {"users": users} for group, users in members.items()}
    c.JupyterHub.load_roles = hub_roles()

    c.JupyterHub.services = [setup.service()]

    # A personal JupyterLab (only lab_groups() may start one). The simple spawner runs it as
    # the hub's own system user, so on a trial machine a JupyterLab user can do what the hub
    # can; docs/hub.md says how an organisation isolates these servers.
    c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
    c.SimpleLocalProcessSpawner.home_dir_template = str(state / "hjem" / "{username}")
    c.Spawner.cmd = [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
    c.Spawner.ip = "127.0.0.1"
    c.Spawner.default_url = "/lab"
    if os.geteuid() == 0:  # a container that runs everything as root
        c.Spawner.args = ["--ServerApp.allow_root=True"]
    c.Spawner.environment = {**setup.passed_env, "JUPYTER_PATH": setup.jupyter_path}
