"""The Zero to JupyterHub files (deploy/z2jh) cannot run here; this keeps them in step with
the deployment the hub tests run: the same service, port, configuration files, environment
and roles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from traitlets.config import Config

from tilsynwidgets.domain.access.identity import KEY_ENV
from tilsynwidgets.hub.accounts import hub_groups
from tilsynwidgets.hub.deployment import SERVICE_NAME, SERVICE_PREFIX, hub_roles, landing_for

ROOT = Path(__file__).resolve().parents[2]
Z2JH = ROOT / "deploy" / "z2jh"
SERVICE_PORT = 8867  # HubSetup's default service port, as in the trial


def _values() -> dict[str, Any]:
    return yaml.safe_load((Z2JH / "values.yaml").read_text(encoding="utf-8"))


def _service_container() -> dict[str, Any]:
    documents = list(yaml.safe_load_all((Z2JH / "tjeneste.yaml").read_text(encoding="utf-8")))
    deployment = next(d for d in documents if d["kind"] == "Deployment")
    return deployment["spec"]["template"]["spec"]["containers"][0]


def test_the_hub_builds_its_roles_and_groups_as_the_trial_does() -> None:
    c = Config()
    exec(_values()["hub"]["extraConfig"]["tilsynwidgets"], {"c": c})
    assert c.JupyterHub.load_roles == hub_roles()
    assert set(c.JupyterHub.load_groups) == set(hub_groups())
    assert c.GenericOAuthenticator.allowed_groups == set(hub_groups())
    assert c.JupyterHub.default_url is landing_for


def test_the_service_is_the_trial_s_service_on_its_port() -> None:
    service = _values()["hub"]["services"][SERVICE_NAME]
    assert service["url"] == f"http://{SERVICE_NAME}:{SERVICE_PORT}"
    assert service["oauth_redirect_uri"].endswith(f"{SERVICE_PREFIX}oauth_callback")
    container = _service_container()
    assert container["ports"] == [{"containerPort": SERVICE_PORT}]
    env = {item["name"]: item for item in container["env"]}
    assert env["JUPYTERHUB_SERVICE_PREFIX"]["value"] == SERVICE_PREFIX
    assert env["JUPYTERHUB_SERVICE_URL"]["value"].endswith(f":{SERVICE_PORT}")
    assert (
        f"access:services!service={SERVICE_NAME}" in env["JUPYTERHUB_OAUTH_ACCESS_SCOPES"]["value"]
    )
    assert env["JUPYTERHUB_CLIENT_ID"]["value"] == service["oauth_client_id"]
    for secret in (KEY_ENV, "JUPYTERHUB_API_TOKEN", "TILSYNWIDGETS_DATABASE_URL"):
        assert "secretKeyRef" in env[secret]["valueFrom"], secret


def test_the_service_starts_with_the_trial_s_configuration_files() -> None:
    command = _service_container()["command"]
    assert command[:3] == ["python", "-m", "voila"]
    assert "--template=tilsyn" in command
    paths = [a.split("=", 1)[1] for a in command if a.startswith("--Voila.config_file_paths=")]
    assert [p.split("/srv/tilsynwidgets/", 1)[1] for p in paths] == [
        "share/jupyter/voila/templates/tilsyn",
        "deploy/hub/tjeneste",
    ]
    for path in paths:
        assert (ROOT / path.split("/srv/tilsynwidgets/", 1)[1] / "voila.py").is_file()
    dockerfile = (Z2JH / "Dockerfile").read_text(encoding="utf-8")
    for copied in ("COPY notebooks", "COPY share", "COPY deploy/hub/tjeneste"):
        assert copied in dockerfile
